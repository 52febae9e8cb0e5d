// The closing lines as a run prints them: real vitest runs over small fixture files (a passing
// file, a failed case, a file that crashes at import, one whose beforeAll throws, a case that skips
// for a missing tool) with this repository's reporters, then tools/test-summary.mjs on the report.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const NEED_TOOL = join(REPO, "packages/testkit/src/harness/tools.ts");
const work = mkdtempSync(join(tmpdir(), "fyers-test-summary-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FIXTURES: Record<string, string> = {
  "pass.test.ts": `import { it } from "vitest";
it("fault: a dead SSM", () => {});
it("bad input: a bad prefix", () => {});`,
  "fail.test.ts": `import { expect, it } from "vitest";
it("bad input: an empty PIN", () => { expect(1).toBe(2); });`,
  "crash.test.ts": `import { it } from "vitest";
throw new Error("crashed at import");
it("never collected", () => {});`,
  "hook.test.ts": `import { beforeAll, it } from "vitest";
beforeAll(() => { throw new Error("crashed in beforeAll"); });
it("fault: kept from running by its hook", () => {});`,
  "tool.test.ts": `import { describe, it } from "vitest";
import { needTool } from ${JSON.stringify(NEED_TOOL)};
describe("in a browser", needTool("chromium"), () => {
  it("fault: a page that needs Chromium", () => {});
});`,
};

interface Run {
  code: number;
  stdout: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, timeout: 60_000 }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

/** A project of the given fixture files, run by vitest as `npm test` runs it, then summarised. */
async function project(name: string, files: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = join(work, name);
  mkdirSync(dir);
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  for (const file of files) writeFileSync(join(dir, file), FIXTURES[file] ?? "");
  writeFileSync(
    join(dir, "vitest.config.mjs"),
    `export default { test: { include: ["*.test.ts"], reporters: ["default", ["json", { outputFile: "report.json" }], ${JSON.stringify(join(REPO, "tools/acceptance-reporter.ts"))}] } };`,
  );
  // Only what a user's shell would have: no VITEST_* of the run that runs this test.
  const base = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CHROMIUM_PATH: join(work, "no-chromium"),
    ...env,
  };
  const vitest = await run(
    process.execPath,
    [join(REPO, "node_modules/vitest/vitest.mjs"), "run"],
    dir,
    base,
  );
  const summary = await run(
    process.execPath,
    [join(REPO, "tools/test-summary.mjs"), "report.json", "--status", String(vitest.code)],
    dir,
    base,
  );
  return { vitest, summary, lastLine: summary.stdout.trimEnd().split("\n").at(-1) };
}

describe("tools/test-summary.mjs and the acceptance reporter", () => {
  it("count a failed case, a crashed file and a crashed hook as failed, and a missing tool's case as skipped", async () => {
    const { vitest, summary, lastLine } = await project("mixed", Object.keys(FIXTURES));
    expect(vitest.code).toBe(1);
    // pass ×2; failed: the case + crash.test.ts + hook.test.ts; skipped: the Chromium case and
    // the case hook.test.ts's beforeAll kept from running (vitest reports it skipped).
    expect(lastLine).toBe("2 passed, 3 failed, 2 skipped");
    expect(summary.code).toBe(1);
    expect(summary.stdout).toMatch(/^failed file: crash\.test\.ts: .*crashed at import/m);
    expect(summary.stdout).toMatch(/^failed file: hook\.test\.ts: .*crashed in beforeAll/m);
    // The acceptance line: the hook's fault case did not survive; the Chromium one is skipped, named.
    expect(vitest.stdout).toContain(
      "faults: 1 survived (1 failed, 1 skipped: chromium), bad inputs: 1 refused (1 failed), leaks: 0 (in 0 runs scanned)",
    );
    const skipLines = vitest.stdout.split("\n").filter((l) => l.startsWith("skipped "));
    expect(skipLines).toEqual([
      "skipped 1 case: chromium is not installed (apt-get install chromium, or brew install --cask chromium, or set CHROMIUM_PATH=/path/to/chrome)",
    ]);
  });

  it("a passing run: every count, exit 0; a non-zero vitest status with no failed case is still a failure", async () => {
    const { vitest, summary, lastLine } = await project("passing", ["pass.test.ts"]);
    expect(vitest.code).toBe(0);
    expect([lastLine, summary.code]).toEqual(["2 passed, 0 failed, 0 skipped", 0]);
    expect(vitest.stdout).toContain("faults: 1 survived, bad inputs: 1 refused, leaks: 0");

    const coverageBelowFloor = await run(
      process.execPath,
      [join(REPO, "tools/test-summary.mjs"), "report.json", "--status", "1"],
      join(work, "passing"),
      { PATH: process.env.PATH },
    );
    expect(coverageBelowFloor.code).toBe(1);
    expect(coverageBelowFloor.stdout.trimEnd().split("\n").at(-1)).toBe("2 passed, 1 failed, 0 skipped");
  });

  it("under CI=true a missing tool fails its file instead of skipping", async () => {
    const { vitest, summary, lastLine } = await project("ci", ["tool.test.ts"], { CI: "true" });
    expect(vitest.code).toBe(1);
    expect(lastLine).toBe("0 passed, 1 failed, 0 skipped");
    expect(summary.stdout).toContain("chromium is required when CI=true");
    expect(summary.stdout).toContain("set CHROMIUM_PATH=");
  });
});
