// Runs a script of packages/scripts as a child process in a sandbox (testkit's harness), then
// applies the leak guard to what it printed and checks the token file's mode.
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { SCRIPTS_DIR, TSX_CLI } from "@fyers-token/testkit";
import { type Run, runScript, type Sandbox } from "@fyers-token/testkit/harness";
import { expect } from "vitest";
import { type LeakGuard, parameterSecrets, requestSecrets } from "./guard.js";

export interface ScriptRunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  /** Run as this user and group id (root only): to meet permissions root would ignore. */
  uid?: number;
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

/** `npx tsx packages/scripts/<name>` as another user (spawn's uid/gid); stdin closed after `stdin`. */
function runAs(uid: number, name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, stdin = "") {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, join(SCRIPTS_DIR, name), ...args], {
      cwd,
      env,
      uid,
      gid: uid,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.end(stdin);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
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
  const run =
    options.uid === undefined
      ? await runScript(name, args, {
          cwd: box.dir,
          env,
          ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
        })
      : await runAs(options.uid, name, args, box.dir, env, options.stdin);
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
