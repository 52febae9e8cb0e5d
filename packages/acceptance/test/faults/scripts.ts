import { stat } from "node:fs/promises";
import { type Run, type Running, runScript, type Sandbox, startScript } from "@fyers-token/testkit/harness";
import { expect } from "vitest";
import { type LeakGuard, parameterSecrets, requestSecrets } from "./guard.js";

export interface ScriptRunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  /** Run as this user and group id (root only): to meet permissions root would ignore. */
  uid?: number;
  /** Run without the capabilities that let root ignore a file's mode (testkit's withoutCapabilities). */
  withoutCapabilities?: boolean;
  /** --json or --reveal: token values may appear on stdout, which is then not scanned. */
  revealsOnStdout?: boolean;
  /** The token file's mode expected after the run (default 0600). */
  fileMode?: number;
}

export interface TimedRun extends Run {
  /** Date.now() when the process had exited. */
  endedAt: number;
}

/** Every secret the sandbox knows: credentials, codes, seeded and issued tokens, what FYERS and SSM saw. */
export async function sandboxSecrets(box: Sandbox): Promise<Set<string>> {
  const secrets = new Set(box.secrets);
  for (const value of requestSecrets(box.fyers.requests)) secrets.add(value);
  for (const value of parameterSecrets(box.ssm.parameters)) secrets.add(value);
  const file = await box.readFile().catch(() => undefined); // a case may break it on purpose
  for (const value of [file?.access_token, file?.refresh_token]) if (value) secrets.add(value);
  return secrets;
}

function envOf(box: Sandbox, extra: ScriptRunOptions["env"] = {}): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries({ ...box.env, ...extra }).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

/** A script started, not yet done (login.ts waiting for its redirect); `checked` as runChecked. */
export interface StartedRun {
  child: Running["child"];
  /** The first line on stdout (login.ts: the login URL). */
  firstLine: Promise<string>;
  checked: Promise<TimedRun>;
}

export function startChecked(
  box: Sandbox,
  guard: LeakGuard,
  name: string,
  args: string[] = [],
  options: ScriptRunOptions = {},
): StartedRun {
  const running = startScript(name, args, {
    cwd: box.dir,
    env: envOf(box, options.env),
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
  const checked = running.done.then((run) => checkRun(box, guard, name, args, options, run));
  return { child: running.child, firstLine: running.firstLine, checked };
}

/**
 * Runs a script against the sandbox's fakes and token file; the run counts for the leak guard,
 * which scans stderr (and stdout unless values were asked for) for every secret value.
 */
export async function runChecked(
  box: Sandbox,
  guard: LeakGuard,
  name: string,
  args: string[] = [],
  options: ScriptRunOptions = {},
): Promise<TimedRun> {
  const env = envOf(box, options.env);
  const run = await runScript(name, args, {
    cwd: box.dir,
    env,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.withoutCapabilities ? { withoutCapabilities: true } : {}),
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
  return checkRun(box, guard, name, args, options, run);
}

/** The leak guard and the token file's mode over one finished run. */
async function checkRun(
  box: Sandbox,
  guard: LeakGuard,
  name: string,
  args: string[],
  options: ScriptRunOptions,
  run: Run,
): Promise<TimedRun> {
  const endedAt = Date.now();
  const label = [name, ...args].join(" ");
  const texts = [{ where: `stderr of ${label}`, text: run.stderr }];
  if (!options.revealsOnStdout) texts.push({ where: `stdout of ${label}`, text: run.stdout });
  const hits = guard.scan(texts, await sandboxSecrets(box));
  expect(hits, `${label} showed a secret`).toEqual([]);
  if (await stat(box.tokenFile).catch(() => undefined)) {
    const mode = (await stat(box.tokenFile)).mode & 0o777;
    expect(mode, `mode of the token file after ${label}`).toBe(options.fileMode ?? 0o600);
  }
  return { ...run, endedAt };
}
