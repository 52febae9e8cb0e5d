// System tools some tests drive for real (Chromium, the AWS CLI v2, boto3 under python3), which a
// fresh machine with only Node and git lacks. `npm ci` does not install them; `.ci/run` does.
//
//   describe("the one-tap login in Chromium", needTool("chromium"), () => { … });
//
// Present: the cases run. Absent: they skip, and tools/acceptance-reporter.ts prints ONE line per
// tool naming it and how to get it. Absent under CI=true: the file fails (CI runs every case).
import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";

export type ToolName = "chromium" | "aws" | "boto3";

export interface ToolProbe {
  tool: ToolName;
  /** The binary the tests call. */
  path: string;
  available: boolean;
  /** How to get it, for the skip line. */
  hint: string;
}

/** Debian's python3 (boto3 from python3-boto3 or pip). */
export const PYTHON3 = "/usr/bin/python3";
/** Debian's AWS CLI v2. Another `aws` (v1) may come first on PATH, so tests call it by path. */
export const AWS_CLI = "/usr/bin/aws";

/** Chromium: CHROMIUM_PATH (e.g. a runner's google-chrome), else Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || "/usr/bin/chromium";
}

function executable(path: string): boolean {
  try {
    // A folder is "executable" to root: only a file is a tool.
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const probes: Record<ToolName, () => ToolProbe> = {
  chromium: () => {
    const path = chromiumPath();
    return {
      tool: "chromium",
      path,
      available: executable(path),
      hint: "apt-get install chromium, or brew install --cask chromium, or set CHROMIUM_PATH=/path/to/chrome",
    };
  },
  aws: () => ({
    tool: "aws",
    path: AWS_CLI,
    available: executable(AWS_CLI),
    hint: "apt-get install awscli (the AWS CLI v2, called as /usr/bin/aws)",
  }),
  boto3: () => ({
    tool: "boto3",
    path: PYTHON3,
    // Imported for real: boto3 from pip lives outside dist-packages.
    available:
      executable(PYTHON3) && spawnSync(PYTHON3, ["-c", "import boto3"], { stdio: "ignore" }).status === 0,
    hint: `apt-get install python3-boto3, or pip install boto3 for ${PYTHON3}`,
  }),
};

const probed = new Map<ToolName, ToolProbe>();

/** Whether `tool` is here (probed once per test file). */
export function probeTool(tool: ToolName): ToolProbe {
  let probe = probed.get(tool);
  if (!probe) {
    probe = probes[tool]();
    probed.set(tool, probe);
  }
  return probe;
}

/** What a skipped case records for the reporter's skip line. */
export interface SkippedFor {
  tool: ToolName;
  hint: string;
}

/**
 * Options for `describe`/`it`: run when `tool` is here, else skip and record why. Under CI=true a
 * missing tool throws here, so the file fails and is counted, never a quiet skip.
 */
export function needTool(tool: ToolName): { skip: boolean; meta: { skippedFor?: SkippedFor } } {
  const probe = probeTool(tool);
  if (probe.available) return { skip: false, meta: {} };
  if (process.env.CI === "true") {
    throw new Error(
      `${tool} is required when CI=true (CI runs every case) but ${probe.path} is missing or not executable: ${probe.hint}`,
    );
  }
  return { skip: true, meta: { skippedFor: { tool, hint: probe.hint } } };
}

declare module "vitest" {
  interface TaskMeta {
    /** Set on a case skipped because a system tool is missing (see needTool). */
    skippedFor?: SkippedFor;
  }
}
