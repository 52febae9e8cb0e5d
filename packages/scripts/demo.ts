// npm run demo: the whole day through the real scripts against local fakes. No FYERS account needed.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChildRun, startChild, startFyersFake, startSsmFake } from "@fyers-token/testkit";

const fyers = await startFyersFake({ pin: "0917" });
const ssm = await startSsmFake();
const dir = await mkdtemp(join(tmpdir(), "fyers-demo-"));
const redirectUri = `http://127.0.0.1:${await freePort()}/fyers/callback`;
const env = sandboxEnv();
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
  const running = startChild(name, args, { cwd: dir, env, ...(stdin === undefined ? {} : { stdin }) });
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
  say(` tokens go to ${join(dir, "fyers_tokens.json")} and the fake SSM (deleted at the end)`);
  say("════════════════════════════════════════════════════════════════════════════");
}

/** The scripts' environment: only the sandbox's FYERS and AWS settings, none of the user's. */
function sandboxEnv(): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([key]) => !/^(FYERS|AWS)_/.test(key));
  return {
    ...Object.fromEntries(inherited),
    FYERS_CLIENT_ID: fyers.clientId,
    FYERS_APP_SECRET: fyers.appSecret,
    FYERS_PIN: fyers.pin,
    FYERS_API_URL: fyers.baseUrl,
    FYERS_REDIRECT_URI: redirectUri,
    FYERS_STORE: "file",
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_REGION: "ap-south-1",
    AWS_ACCESS_KEY_ID: "sandbox",
    AWS_SECRET_ACCESS_KEY: "sandbox",
    AWS_CONFIG_FILE: join(dir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
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
