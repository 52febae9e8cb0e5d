// `npm run demo -- --one-tap`: the daily one-tap login with no account. The FYERS and SSM fakes,
// the REAL callback bundle behind a local function-URL stand-in, the owner's login link; after
// the login, the real verify.ts reads the stored token from the (fake) SSM.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loginLinkFor } from "@fyers-token/core";
import {
  type FyersFake,
  REPO,
  type RunningChild,
  type SsmFake,
  startChild,
  startFyersFake,
  startSsmFake,
  startTsx,
} from "@fyers-token/testkit";
import { openBrowser } from "./browser.js";
import { createIo } from "./io.js";

export interface OneTapOptions {
  /** Open the link in the default browser (else print it and wait). */
  open: boolean;
  /** Give up after this long without a login (exit 3); absent: wait until Ctrl-C. */
  timeoutSeconds: number | undefined;
}

const PREFIX = "/stock-pipeline/fyers";
const CALLBACK_DIR = join(REPO, "packages/callback");
const BUILD = join(CALLBACK_DIR, "build.mjs");
const BUNDLE = join(CALLBACK_DIR, "dist/index.mjs");
const RUNNER = join(REPO, "packages/scripts/lib/one-tap-lambda.ts");

/** Why the wait ended without a login. */
type Stop = { stop: "interrupted" | "timeout" } | { stop: "crashed"; output: string };

export async function runOneTap(options: OneTapOptions, say: (line: string) => void): Promise<number> {
  const stopped = stopSignals();
  const dir = await mkdtemp(join(tmpdir(), "fyers-one-tap-"));
  const fyers = await startFyersFake({ loginPage: true });
  const ssm = await startSsmFake();
  let lambda: RunningChild | undefined;
  try {
    ssm.put(`${PREFIX}/client_id`, fyers.clientId);
    ssm.put(`${PREFIX}/app_secret`, fyers.appSecret);
    banner(say, fyers, ssm, dir);

    say("── ONE TAP 1/3: build the callback bundle, as for a deploy");
    say("$ node packages/callback/build.mjs");
    const built = await Promise.race([buildBundle(), stopped.promise]);
    if (typeof built !== "string") return ended(built, say);
    for (const line of lines(built)) say(`  build    │ ${line}`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    lambda = startTsx(RUNNER, [BUNDLE, String(port)], {
      cwd: dir,
      env: lambdaEnv(dir, fyers, ssm, base),
    });
    const loggedIn = watchLogins(lambda, ssm, say);
    const listening = await Promise.race([lambda.firstLine, stopped.promise]);
    if (typeof listening !== "string") return ended(listening, say);
    if (!listening.startsWith("listening ")) {
      return ended({ stop: "crashed", output: (await lambda.done).stderr }, say);
    }

    const link = loginLinkFor(base, fyers.appSecret);
    say("");
    say("── ONE TAP 2/3: the owner's login link (what login-link.ts prints for a deployed callback)");
    say(`  link     │ ${link}`);
    if (options.open) {
      openBrowser(link, createIo(process, process.env, { reveal: false }));
      say("  browser  │ opened; log in on the fake FYERS page (any PIN)");
    } else {
      say("  browser  │ open the link, press Log in on the fake FYERS page (any PIN); Ctrl-C stops");
    }
    const timer =
      options.timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => stopped.end({ stop: "timeout" }), options.timeoutSeconds * 1000);
    const outcome = await Promise.race([loggedIn, stopped.promise, crashed(lambda)]);
    clearTimeout(timer);
    if (outcome !== true) return ended(outcome, say);
    say("  callback │ Logged in: the tokens are in the fake SSM");

    say("");
    say("── ONE TAP 3/3: check the stored token, as a consumer would (SSM)");
    say("$ FYERS_STORE=ssm npx tsx packages/scripts/verify.ts");
    const verifying = startChild("verify.ts", [], { cwd: REPO, env: verifyEnv(dir, fyers, ssm) });
    const verified = await Promise.race([verifying.done, stopped.promise]);
    if (!("code" in verified)) {
      verifying.child.kill();
      return ended(verified, say);
    }
    for (const line of lines(verified.stdout)) say(`  stdout   │ ${line}`);
    for (const line of lines(verified.stderr)) say(`  stderr   │ ${line}`);
    say(`  exit ${verified.code}`);
    say("");
    say(
      verified.code === 0
        ? "ONE TAP: done. Deployed, the same link is the daily login: tap, log in, the token is stored."
        : "ONE TAP: verify.ts did not pass; please report this with the output above",
    );
    return verified.code === 0 ? 0 : 1;
  } finally {
    stopped.dispose();
    if (lambda) await stopChild(lambda);
    await Promise.all([fyers.close(), ssm.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

function banner(say: (line: string) => void, fyers: FyersFake, ssm: SsmFake, dir: string): void {
  say("════════════════════════════════════════════════════════════════════════════");
  say(" ONE TAP (SANDBOX): the login callback as deployed, on this machine. FYERS and AWS SSM");
  say(" are local fakes on 127.0.0.1; no FYERS account, no AWS account, nothing leaves it.");
  say(
    ` FYERS app ${fyers.clientId}; SSM ${ssm.endpoint} holds ${PREFIX}/client_id and /app_secret, no token`,
  );
  say(` sandbox ${dir} (removed at the end)`);
  say("════════════════════════════════════════════════════════════════════════════");
}

/** How a wait that ended without a login is told, and its exit code. */
function ended(stop: Stop, say: (line: string) => void): number {
  say("");
  switch (stop.stop) {
    case "interrupted":
      say("ONE TAP: stopped (Ctrl-C); the fakes are closed and the sandbox removed");
      return 130;
    case "timeout":
      say("ONE TAP: no login before --timeout; the fakes are closed and the sandbox removed");
      return 3;
    case "crashed":
      for (const line of lines(stop.output)) say(`  callback │ ${line}`);
      say("ONE TAP: the callback stopped unexpectedly (above); please report this");
      return 1;
  }
}

/** Ctrl-C (SIGINT) and SIGTERM end the wait; `end` does too (the timeout). */
function stopSignals(): { promise: Promise<Stop>; end(stop: Stop): void; dispose(): void } {
  let end: (stop: Stop) => void = () => {};
  const promise = new Promise<Stop>((resolve) => {
    end = resolve;
  });
  const onSignal = () => end({ stop: "interrupted" });
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    promise,
    end: (stop) => end(stop),
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** The package's own build script; its stdout, or a rejection with what it printed. */
function buildBundle(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILD], { cwd: CALLBACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`the callback build failed (exit ${code}):\n${output}`)),
    );
  });
}

/**
 * The function's environment, as the CDK app sets it (no secret: the app secret is in SSM),
 * plus what points it at the fakes. FYERS_REDIRECT_URI as for a custom domain: the stand-in is
 * http://127.0.0.1, not the https function URL the redirect would otherwise be built from.
 */
function lambdaEnv(dir: string, fyers: FyersFake, ssm: SsmFake, base: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    ...awsEnv(dir, ssm),
    AWS_LAMBDA_FUNCTION_NAME: "fyers-token-callback",
    FYERS_SSM_PREFIX: PREFIX,
    FYERS_API_URL: fyers.baseUrl,
    FYERS_REDIRECT_URI: `${base}/callback`,
  };
}

/** verify.ts as a person runs it with these settings: the user's environment without FYERS_/AWS_. */
function verifyEnv(dir: string, fyers: FyersFake, ssm: SsmFake): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([key]) => !/^(FYERS|AWS)_/.test(key));
  return {
    ...Object.fromEntries(inherited),
    ...awsEnv(dir, ssm),
    FYERS_STORE: "ssm",
    FYERS_SSM_PREFIX: PREFIX,
    FYERS_CLIENT_ID: fyers.clientId,
    FYERS_API_URL: fyers.baseUrl,
  };
}

/** The fake SSM, fake credentials, a region; none of the user's AWS files. */
function awsEnv(dir: string, ssm: SsmFake): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_REGION: "ap-south-1",
    AWS_ACCESS_KEY_ID: "sandbox",
    AWS_SECRET_ACCESS_KEY: "sandbox",
    AWS_CONFIG_FILE: join(dir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/**
 * Shows the function's one log line per request, and resolves once a request has left an
 * access token in SSM (the callback logs after it answers, so the write is done by then).
 */
function watchLogins(lambda: RunningChild, ssm: SsmFake, say: (line: string) => void): Promise<true> {
  return new Promise((resolve) => {
    let pending = "";
    lambda.child.stdout.on("data", (chunk: string) => {
      pending += chunk;
      const complete = pending.split("\n");
      pending = complete.pop() ?? "";
      for (const line of complete) {
        const entry = logEntry(line);
        if (entry === undefined) continue;
        say(`  callback │ ${entry.method} ${entry.route} → ${entry.status} ${entry.outcome}`);
        if (ssm.parameters.has(`${PREFIX}/access_token`)) resolve(true);
      }
    });
  });
}

function logEntry(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The function's process ending on its own is a crash: its output says why. */
async function crashed(lambda: RunningChild): Promise<Stop> {
  const run = await lambda.done;
  return { stop: "crashed", output: `${run.stderr}` };
}

async function stopChild(running: RunningChild): Promise<void> {
  const { child } = running;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    await running.done.catch(() => undefined);
  }
}

function lines(text: string): string[] {
  return text.trimEnd().split("\n").filter(Boolean);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 8080;
}
