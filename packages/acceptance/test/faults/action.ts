// Runs the bundled action (testkit's runAction, Node 24, INPUT_* env) against the fakes, then
// applies the leak guard to stdout, stderr, the job summary, the outputs and the GitHub issues.
import {
  type ActionRun,
  type ActionRunOptions,
  type Fakes,
  maskProblems,
  PARAM,
  runAction,
} from "@fyers-token/testkit/harness";
import { expect } from "vitest";
import { type LeakGuard, parameterSecrets, requestSecrets } from "./guard.js";

export const GITHUB_TOKEN = "ghs_testtoken0123456789";

export interface TimedActionRun extends ActionRun {
  endedAt: number;
  /** The failed step's message (`::error::`, unescaped), or undefined when the step succeeded. */
  error: string | undefined;
  /** `::warning::` messages, unescaped. */
  warnings: string[];
}

/** The credentials every run is given: masked before anything else is printed. */
export function credentials(fakes: Fakes): Record<string, string> {
  return {
    "app secret": fakes.fyers.appSecret,
    PIN: fakes.fyers.pin,
    appIdHash: fakes.fyers.appIdHash,
    "github token": GITHUB_TOKEN,
  };
}

/** What @actions/core escaped in a workflow command's message. */
function decodeCommandData(data: string): string {
  return data.replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%25/g, "%");
}

function commands(lines: string[], name: string): string[] {
  return lines
    .filter((line) => line.startsWith(`::${name}::`))
    .map((line) => decodeCommandData(line.slice(name.length + 4)));
}

/**
 * One run of the action. `secrets` are values the test knows of beyond those the fakes saw
 * (seeded tokens, auth codes). The `access-token` output is the token by design (the runner masks
 * it); every other output is scanned.
 */
export async function actionChecked(
  fakes: Fakes,
  guard: LeakGuard,
  options: ActionRunOptions = {},
  secrets: string[] = [],
): Promise<TimedActionRun> {
  const run = await runAction(fakes, options);
  const endedAt = Date.now();
  const all = new Set([
    ...Object.values(credentials(fakes)),
    ...secrets,
    ...requestSecrets(fakes.fyers.requests),
    ...parameterSecrets(fakes.ssm.parameters),
  ]);
  const outputs = Object.entries(run.outputs)
    .filter(([name]) => name !== "access-token")
    .map(([name, value]) => `${name}=${value}`)
    .join("\n");
  const issues = fakes.github.issues
    .flatMap((issue) => [issue.title, issue.body, ...issue.comments.map((c) => c.body)])
    .join("\n");
  const hits = guard.scan(
    [
      // Mask commands are consumed by the runner, never shown.
      { where: "stdout", text: run.lines.filter((line) => !line.startsWith("::add-mask::")).join("\n") },
      { where: "stderr", text: run.stderr },
      { where: "job summary", text: run.summary },
      { where: "outputs", text: outputs },
      { where: "GitHub issues", text: issues },
    ],
    all,
  );
  expect(hits, "the action showed a secret").toEqual([]);
  expect(maskProblems(run, credentials(fakes)), "credentials masked first").toEqual([]);
  const errors = commands(run.lines, "error");
  return { ...run, endedAt, error: errors.join("\n") || undefined, warnings: commands(run.lines, "warning") };
}

/** Stores tokens in the SSM fake as an earlier run would have. */
export function seedSsm(fakes: Fakes, tokens: { accessToken?: string; refreshToken?: string }): void {
  fakes.ssm.put(PARAM.clientId, fakes.fyers.clientId);
  if (tokens.accessToken) fakes.ssm.put(PARAM.accessToken, tokens.accessToken);
  if (tokens.refreshToken) fakes.ssm.put(PARAM.refreshToken, tokens.refreshToken);
}

/**
 * Name → value and version of every token parameter: equal snapshots mean no token was written.
 * The action's login notice (`{prefix}/login_notice`, not a token) may change on any run.
 */
export function ssmSnapshot(
  parameters: Map<string, { value: string; version: number }>,
): Record<string, string> {
  return Object.fromEntries(
    [...parameters]
      .filter(([name]) => !name.endsWith("/login_notice"))
      .map(([name, p]) => [name, `${p.version}:${p.value}`]),
  );
}

export const openLoginIssues = (fakes: Fakes) =>
  fakes.github.issues.filter((issue) => issue.state === "open" && issue.labels.includes("fyers-login"));
