// One isolated world per test: a FYERS fake, an SSM fake, a temp working directory, an explicit
// environment, and a check on every run that no secret leaks to stderr (or stdout unless asked).
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it as base, expect } from "vitest";
import {
  type FyersFake,
  type FyersFakeOptions,
  type SsmFake,
  startFyersFake,
  startSsmFake,
} from "../index.js";
import {
  type ChildRun as Run,
  type RunningChild as Running,
  type ChildOptions as RunOptions,
  runChild as runScript,
  startChild as startScript,
} from "./child.js";
import { PREFIX } from "./constants.js";
import { expectNoSecrets } from "./leaks.js";

export { type Run, type Running, type RunOptions, runScript, startScript };

export const PIN = "0917";

export interface TokenFile {
  client_id?: string;
  access_token?: string;
  refresh_token?: string;
  updated_at?: string;
}

export interface SandboxRunOptions {
  /** --json or --reveal: token values may appear on stdout (never on stderr). */
  revealsOnStdout?: boolean;
  stdin?: RunOptions["stdin"];
  env?: Record<string, string | undefined>;
}

export interface Sandbox {
  fyers: FyersFake;
  ssm: SsmFake;
  dir: string;
  tokenFile: string;
  env: Record<string, string>;
  /** Values the scripts must never show; grows with every token and code the fakes see. */
  secrets: Set<string>;
  run(name: string, args?: string[], options?: SandboxRunOptions): Promise<Run>;
  start(name: string, args?: string[], options?: SandboxRunOptions): Running & { checked: Promise<Run> };
  issueAuthCode(expSeconds?: number): string;
  /** Seeds the token file (mode 0600): tokens, or raw text. */
  seedFile(tokens: TokenFile | string): Promise<void>;
  /** Seeds the token file with a pair the fake issued (so profile and refresh accept them). */
  seedIssued(): Promise<{ accessToken: string; refreshToken: string }>;
  readFile(): Promise<TokenFile | undefined>;
  rawFile(): Promise<string | undefined>;
  ssmValue(key: "access_token" | "refresh_token" | "client_id"): string | undefined;
  close(): Promise<void>;
}

/** A port nobody listens on right now, for a loopback redirect URI. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export async function createSandbox(options: FyersFakeOptions = {}): Promise<Sandbox> {
  const fyers = await startFyersFake({ pin: PIN, ...options });
  const ssm = await startSsmFake();
  const dir = await mkdtemp(join(tmpdir(), "fyers-scripts-"));
  const tokenFile = join(dir, "fyers_tokens.json");
  const secrets = new Set([fyers.appSecret, fyers.pin, fyers.appIdHash]);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    FYERS_CLIENT_ID: fyers.clientId,
    FYERS_APP_SECRET: fyers.appSecret,
    FYERS_PIN: fyers.pin,
    FYERS_API_URL: fyers.baseUrl,
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_REGION: "ap-south-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_CONFIG_FILE: join(dir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };

  const rawFile = async () => readFile(tokenFile, "utf8").catch(() => undefined);
  const readTokens = async (): Promise<TokenFile | undefined> => {
    const text = await rawFile();
    return text === undefined ? undefined : (JSON.parse(text) as TokenFile);
  };

  /** Everything secret the fakes have seen or hold, plus the token file. */
  const collectSecrets = async () => {
    for (const request of fyers.requests) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      for (const key of ["code", "refresh_token", "appIdHash", "pin"]) {
        if (typeof body[key] === "string") secrets.add(body[key] as string);
      }
      const auth = request.headers.authorization;
      if (typeof auth === "string" && auth.includes(":")) secrets.add(auth.slice(auth.indexOf(":") + 1));
    }
    for (const parameter of ssm.parameters.values()) {
      if (!parameter.name.endsWith("/client_id")) secrets.add(parameter.value);
    }
    const file = await readTokens().catch(() => undefined); // a test may break it on purpose
    for (const value of [file?.access_token, file?.refresh_token]) if (value) secrets.add(value);
  };

  const check = async (run: Run, name: string, args: string[], o: SandboxRunOptions) => {
    await collectSecrets();
    const label = `${name} ${args.join(" ")}`;
    expectNoSecrets(run.stderr, secrets, `stderr of ${label}`);
    if (!o.revealsOnStdout) expectNoSecrets(run.stdout, secrets, `stdout of ${label}`);
    if (process.platform !== "win32" && (await rawFile()) !== undefined) {
      expect((await stat(tokenFile)).mode & 0o777, `mode of the token file after ${label}`).toBe(0o600);
    }
    return run;
  };

  const runOptions = (o: SandboxRunOptions): RunOptions => {
    const merged = Object.entries({ ...env, ...o.env }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    );
    return {
      cwd: dir,
      env: Object.fromEntries(merged),
      ...(o.stdin === undefined ? {} : { stdin: o.stdin }),
    };
  };

  const seedFile = async (tokens: TokenFile | string): Promise<void> => {
    if (typeof tokens === "string") return writeFile(tokenFile, tokens, { mode: 0o600 });
    for (const value of [tokens.access_token, tokens.refresh_token]) if (value) secrets.add(value);
    await writeFile(tokenFile, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  };

  return {
    fyers,
    ssm,
    dir,
    tokenFile,
    env,
    secrets,
    run: async (name, args = [], o = {}) => check(await runScript(name, args, runOptions(o)), name, args, o),
    start: (name, args = [], o = {}) => {
      const running = startScript(name, args, runOptions(o));
      return { ...running, checked: running.done.then((run) => check(run, name, args, o)) };
    },
    issueAuthCode: (expSeconds) => {
      const code = fyers.issueAuthCode(expSeconds === undefined ? {} : { expSeconds });
      secrets.add(code);
      return code;
    },
    seedFile,
    seedIssued: async () => {
      const issued = fyers.issueTokens();
      await seedFile({
        client_id: fyers.clientId,
        access_token: issued.accessToken,
        refresh_token: issued.refreshToken,
      });
      return issued;
    },
    readFile: readTokens,
    rawFile,
    ssmValue: (key) => ssm.parameters.get(`${PREFIX}/${key}`)?.value,
    close: async () => {
      await Promise.all([fyers.close(), ssm.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The redirect URL a browser lands on after logging in, as people paste it. */
export function redirectUrl(code: string, state = "sample_state"): string {
  return `https://trade.fyers.in/api-login/redirect-to-app?s=ok&code=200&auth_code=${code}&state=${state}`;
}

/** `it` with a fresh sandbox per test, closed when the test ends (safe under describe.concurrent). */
export const it = base.extend<{ box: Sandbox }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
  box: async ({}, use) => {
    const box = await createSandbox();
    await use(box);
    await box.close();
  },
});
