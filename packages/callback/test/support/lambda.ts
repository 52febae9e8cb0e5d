// Runs the BUILT callback (dist/index.mjs) the way Lambda does: a fresh Node 24 process that
// imports it once (a cold start) and then serves invocations, with the real AWS SDK talking to
// testkit's SSM fake and core's client talking to the FYERS fake.
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loginKey } from "@fyers-token/core";
import { type FyersFake, type SsmFake, startFyersFake, startSsmFake } from "@fyers-token/testkit";
import { nodeBinary, REPO } from "@fyers-token/testkit/harness";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { type EventRequest, functionUrlEvent } from "./function-url.mjs";

export const CALLBACK_DIR = join(REPO, "packages/callback");
export const BUNDLE = join(CALLBACK_DIR, "dist/index.mjs");
const RUNNER = join(CALLBACK_DIR, "test/support/local-lambda.mjs");
export const PREFIX = "/stock-pipeline/fyers";
export const PARAMS = {
  clientId: `${PREFIX}/client_id`,
  appSecret: `${PREFIX}/app_secret`,
  accessToken: `${PREFIX}/access_token`,
  refreshToken: `${PREFIX}/refresh_token`,
};
export const DOMAIN = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-south-1.on.aws";

/** The query of the owner's login link for an app secret: `k=KEY`. */
export function ownerQuery(appSecret: string): string {
  return new URLSearchParams({ k: loginKey(appSecret) }).toString();
}

let built = false;
/** Builds dist/index.mjs with the package's own build script, once per test process. */
export function buildBundle(): void {
  if (built) return;
  execFileSync(process.execPath, [join(CALLBACK_DIR, "build.mjs")], { cwd: CALLBACK_DIR, stdio: "pipe" });
  built = true;
}

export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

export interface LocalLambda {
  /** The adapter's base URL for a browser, e.g. http://127.0.0.1:PORT */
  url: string;
  /** Sends one function-URL event, as the Lambda service does. */
  invoke(event: LambdaFunctionURLEvent): Promise<Answer>;
  /** `invoke(functionUrlEvent(request))` on the fake function URL's domain. */
  get(path: string, query?: string, request?: EventRequest): Promise<Answer>;
  /** Everything the function printed (CloudWatch's view). */
  logs(): string;
  /** The one JSON log line of each request so far. */
  lines(): Array<Record<string, unknown>>;
  /** The environment the function runs with (to prove nothing secret is in it). */
  env: Record<string, string>;
  /** Moves the function's clock (Date) by `ms` from real time, for budgets and ages: no real waiting. */
  setClockOffset(ms: number): void;
  close(): Promise<void>;
}

/**
 * A preload for the function's process: Date reads its offset from a file on every call, so a
 * test moves a warm instance's clock (timers are not moved). Only the test harness writes it;
 * the bundle knows nothing of it.
 */
const CLOCK_PRELOAD = `import { readFileSync } from "node:fs";
const file = process.env.CALLBACK_TEST_CLOCK_FILE;
const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
const offset = () => { try { return Number(readFileSync(file, "utf8")) || 0; } catch { return 0; } };
class ShiftedDate extends RealDate {
  constructor(...args) { super(...(args.length === 0 ? [realNow() + offset()] : args)); }
  static now() { return realNow() + offset(); }
}
globalThis.Date = ShiftedDate;
`;

export async function startLocalLambda(env: Record<string, string>): Promise<LocalLambda> {
  const home = mkdtempSync(join(tmpdir(), "fyers-callback-"));
  const clockFile = join(home, "clock-offset-ms");
  writeFileSync(join(home, "clock.mjs"), CLOCK_PRELOAD);
  writeFileSync(clockFile, "0");
  const fullEnv: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AWS_REGION: "ap-south-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(home, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-aws-credentials"),
    AWS_LAMBDA_FUNCTION_NAME: "fyers-token-callback",
    FYERS_SSM_PREFIX: PREFIX,
    NODE_OPTIONS: `--import=${join(home, "clock.mjs")}`,
    CALLBACK_TEST_CLOCK_FILE: clockFile,
    ...env,
  };
  const child: ChildProcessWithoutNullStreams = spawn(nodeBinary(), [RUNNER, BUNDLE], {
    env: fullEnv,
    cwd: home,
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      const ready = /local-lambda listening (\d+)/.exec(output);
      if (ready?.[1]) resolve(Number(ready[1]));
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`local-lambda exited (${code}): ${output}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  // Whole lines only: the last piece is "" or a line still being written.
  const lines = () =>
    output
      .split("\n")
      .slice(0, -1)
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const invoke = async (event: LambdaFunctionURLEvent): Promise<Answer> => {
    const before = lines().length;
    const response = await fetch(`${url}/2015-03-31/functions/function/invocations`, {
      method: "POST",
      body: JSON.stringify(event),
    });
    const answer = (await response.json()) as Answer;
    // The answer can overtake the request's log line on the child's stdout pipe: wait for the
    // line (bounded), so a test reads the log of every request it made.
    const until = Date.now() + 2000;
    while (lines().length <= before && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    return answer;
  };
  return {
    url,
    invoke,
    get: (path, query = "", request = {}) =>
      invoke(functionUrlEvent({ domainName: DOMAIN, ...request, path, query })),
    logs: () => output.replace(/^local-lambda listening \d+\n/, ""),
    lines,
    env: fullEnv,
    setClockOffset: (ms) => writeFileSync(clockFile, String(ms)),
    close: async () => {
      child.removeAllListeners("exit");
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await gone;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface CallbackWorld {
  fyers: FyersFake;
  ssm: SsmFake;
  lambda: LocalLambda;
  /** Every secret value the world knows of, for the leak guard. */
  secrets(): string[];
  close(): Promise<void>;
}

/** The fakes, SSM seeded with the app's client id and secret (and optionally tokens), and the function. */
export async function startWorld(
  options: {
    tokens?: { accessToken: string; refreshToken: string };
    env?: (fyers: FyersFake) => Record<string, string>;
  } = {},
): Promise<CallbackWorld> {
  const [fyers, ssm] = await Promise.all([startFyersFake(), startSsmFake()]);
  ssm.put(PARAMS.clientId, fyers.clientId);
  ssm.put(PARAMS.appSecret, fyers.appSecret);
  if (options.tokens) {
    ssm.put(PARAMS.accessToken, options.tokens.accessToken);
    ssm.put(PARAMS.refreshToken, options.tokens.refreshToken);
  }
  const lambda = await startLocalLambda({
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    FYERS_API_URL: fyers.baseUrl,
    ...options.env?.(fyers),
  });
  const world: CallbackWorld = {
    fyers,
    ssm,
    lambda,
    secrets: () => {
      const values = new Set<string>([fyers.appSecret, fyers.appIdHash, loginKey(fyers.appSecret)]);
      for (const p of ssm.parameters.values()) {
        if (p.name.endsWith("/client_id")) continue;
        values.add(p.value);
        if (p.name.endsWith("/app_secret")) values.add(loginKey(p.value));
      }
      for (const r of fyers.requests) {
        const body = (r.body ?? {}) as Record<string, unknown>;
        for (const key of ["code", "appIdHash", "refresh_token"])
          if (typeof body[key] === "string") values.add(body[key] as string);
      }
      return [...values];
    },
    // world.lambda, not the first one: a test may restart the function with other settings.
    close: async () => {
      await world.lambda.close();
      await Promise.all([fyers.close(), ssm.close()]);
    },
  };
  return world;
}
