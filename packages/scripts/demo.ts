// npm run demo: the whole day through the real scripts against local fakes. No FYERS account needed.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DURATION_RANGES, FyersTokenError, parseDuration } from "@fyers-token/core";
import { type ChildRun, REPO, startChild, startFyersFake, startSsmFake } from "@fyers-token/testkit";
import { type OneTapOptions, runOneTap } from "./lib/one-tap.js";

const USAGE = `demo.ts: the whole day through the real scripts, against local fakes of FYERS and AWS SSM

usage: npm run demo [-- --keep]   (or npx tsx packages/scripts/demo.ts [--keep])
       npm run demo -- --one-tap [--open|--no-open] [--timeout DURATION]

flags:
  --keep      leave the fakes running at the end, to try the printed commands yourself (Ctrl-C stops)
  --one-tap   the daily one-tap login instead: the real callback bundle on 127.0.0.1 over the fakes,
              the owner's login link, the fake FYERS login page, "Logged in", then verify.ts (SSM)
  --open      with --one-tap: open the link in your browser
  --no-open   with --one-tap: print the link and wait for the login (the default)
  --timeout   with --one-tap: give up after this long without a login (exit 3), e.g. 2m;
              default: wait until Ctrl-C (exit 130)
  -h, --help  show this help; runs nothing

Every command it runs is printed as you can type it: from the repository root, after loading the
settings file whose path it prints (the sandbox's FYERS_* and AWS_* variables, nothing of yours).
`;

const options = readOptions();
if (options.oneTap) {
  process.stdout.on("error", () => process.exit(0));
  const code = await runOneTap(options.oneTap, say).catch((error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  });
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  process.exit(code);
}
const fyers = await startFyersFake({ pin: "0917" });
const ssm = await startSsmFake();
const dir = await mkdtemp(join(tmpdir(), "fyers-demo-"));
const redirectUri = `http://127.0.0.1:${await freePort()}/fyers/callback`;
const settings = sandboxSettings();
const settingsFile = join(dir, "sandbox.env");
await writeFile(settingsFile, settingsText(settings), { mode: 0o600 });
const env = { ...inheritedEnv(), ...settings };
let step = 0;
let surprises = 0;
const STEPS = 7;

// `npm run demo | head`: stop quietly when the reader goes away.
process.stdout.on("error", () => process.exit(0));
banner();
try {
  await loginStep();
  await manualStep();
  await show("Check the stored tokens and call FYERS' profile", "verify.ts", []);
  await show("What the consumers read from SSM (tokens masked)", "get-parameters.ts", []);
  await show("Refresh the access token with the refresh token and PIN", "refresh.ts", []);
  fyers.fail({ failure: "refuse_refresh" });
  await show("FYERS refuses the refresh (since April 2026 a daily 2FA login is the rule)", "refresh.ts", [], {
    expect: 3,
  });
  say("");
  say("SANDBOX: exit 3 means a login is required: run login.ts, as in step 1. That is the whole day.");
  if (options.keep) await keepRunning();
} finally {
  await Promise.all([fyers.close(), ssm.close()]);
  await rm(dir, { recursive: true, force: true });
}
if (surprises > 0) {
  say(`SANDBOX: ${surprises} step(s) did not exit as expected; please report this`);
  process.exitCode = 1;
}

/** login.ts catches the redirect itself; the sandbox plays the browser by opening the URL. */
async function loginStep(): Promise<void> {
  await show("The daily login in one step (the sandbox plays the browser)", "login.ts", [], {
    whenUrl: async (url) => {
      const page = await (await fetch(url)).text();
      say(`  browser │ logged in at the fake FYERS; the page says: "${/<h1>(.*)<\/h1>/.exec(page)?.[1]}"`);
    },
  });
}

/** The guide's manual path: the URL, a login, the pasted redirect URL, both stores. */
async function manualStep(): Promise<void> {
  const url = await show("Or by hand: print the login URL …", "auth-url.ts", []);
  const landed = await fetch(url.stdout.trim(), { redirect: "manual" });
  const redirect = landed.headers.get("location") ?? "";
  say(`  browser │ logged in; landed on ${redirect.replace(/auth_code=[^&]+/, "auth_code=…")}`);
  await show(
    "… then paste the redirect URL into exchange.ts (file, then SSM)",
    "exchange.ts",
    ["--auth-code", "-", "--store", "ssm"],
    {
      stdin: redirect,
    },
  );
}

async function show(
  title: string,
  name: string,
  args: string[],
  extra: { stdin?: string; whenUrl?: (url: string) => Promise<void>; expect?: number } = {},
): Promise<ChildRun> {
  const { expect = 0, whenUrl, stdin } = extra;
  step += 1;
  say("");
  say(`── SANDBOX ${step}/${STEPS}: ${title}`);
  say(
    `$ npx tsx packages/scripts/${name}${args.length ? ` ${args.join(" ")}` : ""}${stdin ? "   (stdin: the redirect URL)" : ""}`,
  );
  const running = startChild(name, args, { cwd: REPO, env, ...(stdin === undefined ? {} : { stdin }) });
  const browsing = whenUrl ? running.firstLine.then(whenUrl) : undefined;
  const run = await running.done;
  await browsing;
  for (const line of run.stdout.trimEnd().split("\n").filter(Boolean)) say(`  stdout  │ ${line}`);
  for (const line of run.stderr.trimEnd().split("\n").filter(Boolean)) say(`  stderr  │ ${line}`);
  say(`  exit ${run.code}`);
  if (run.code !== expect) surprises += 1;
  return run;
}

function banner(): void {
  say("════════════════════════════════════════════════════════════════════════════");
  say(" SANDBOX: fyers-token demo. FYERS and AWS SSM are local fakes on 127.0.0.1;");
  say(" no FYERS account, no AWS account, nothing leaves this machine.");
  say(` tokens go to ${settings.FYERS_TOKEN_FILE} and the fake SSM (deleted at the end)`);
  say(" Each command below runs from the repository root with these settings, and nothing else of yours:");
  for (const [name, value] of Object.entries(settings)) say(`   ${name}=${value}`);
  say(` To type them yourself: set -a; . ${settingsFile}; set +a   (and run the demo with --keep)`);
  say("════════════════════════════════════════════════════════════════════════════");
}

/** --help, --keep, --one-tap and its flags; anything else is a usage error (exit 2), before any fake starts. */
function readOptions(): { keep: boolean; oneTap: OneTapOptions | undefined } {
  try {
    const { values } = parseArgs({
      options: {
        keep: { type: "boolean" },
        "one-tap": { type: "boolean" },
        open: { type: "boolean" },
        "no-open": { type: "boolean" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const oneTapOnly = ["open", "no-open", "timeout"].filter((name) => name in values);
    if (!values["one-tap"] && oneTapOnly.length > 0) {
      throw new Error(`--${oneTapOnly[0]} goes with --one-tap: npm run demo -- --one-tap --${oneTapOnly[0]}`);
    }
    if (values["one-tap"] && values.keep) throw new Error("--keep is for the scripts demo, not --one-tap");
    if (values.open && values["no-open"]) throw new Error("--open and --no-open contradict: give one");
    const oneTap = values["one-tap"]
      ? {
          open: values.open === true,
          timeoutSeconds:
            values.timeout === undefined
              ? undefined
              : parseDuration(values.timeout, "--timeout", DURATION_RANGES.timeout),
        }
      : undefined;
    return { keep: values.keep === true, oneTap };
  } catch (error) {
    const hint = error instanceof FyersTokenError && error.hint ? `\nhint: ${error.hint}` : "";
    process.stderr.write(`error: ${(error as Error).message.split("\n")[0]}${hint}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** Until Ctrl-C (or SIGTERM): the fakes stay up for the commands the banner shows. */
async function keepRunning(): Promise<void> {
  say("");
  say(`SANDBOX: the fakes keep running. In another terminal: set -a; . ${settingsFile}; set +a`);
  say("SANDBOX: then, from the repository root, any command above. Ctrl-C here stops the sandbox.");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

/** The sandbox's settings: the fakes' FYERS app and AWS endpoint, every variable the demo sets. */
function sandboxSettings(): Record<string, string> {
  return {
    FYERS_CLIENT_ID: fyers.clientId,
    FYERS_APP_SECRET: fyers.appSecret,
    FYERS_PIN: fyers.pin,
    FYERS_API_URL: fyers.baseUrl,
    FYERS_REDIRECT_URI: redirectUri,
    FYERS_STORE: "file",
    FYERS_TOKEN_FILE: join(dir, "fyers_tokens.json"),
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_REGION: "ap-south-1",
    AWS_ACCESS_KEY_ID: "sandbox",
    AWS_SECRET_ACCESS_KEY: "sandbox",
    AWS_CONFIG_FILE: join(dir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** `NAME='value'` lines a POSIX shell can load (`set -a; . FILE; set +a`). */
function settingsText(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}='${value.replace(/'/g, "'\\''")}'\n`)
    .join("");
}

/** The user's environment without their own FYERS and AWS settings: the sandbox's replace them. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(FYERS|AWS)_/.test(key)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 8080;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
