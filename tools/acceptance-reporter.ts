// Prints, at the end of every test run, one line per missing system tool whose cases skipped
// (see needTool in packages/testkit/src/harness/tools.ts), then the acceptance suites' verdict:
//   skipped 14 cases: boto3 is not installed (apt-get install python3-boto3, or pip install boto3 …)
//   faults: 120 survived (14 skipped: boto3), bad inputs: 108 refused, leaks: 0 (in 230 runs scanned)
// Cases are named `fault: …` and `bad input: …`; each records the secrets its runs showed in
// `task.meta.leaks`. A skipped case is never counted as failed, nor a failed one as skipped.
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Reporter, TestCase, TestModule } from "vitest/node";

const VERDICT_FILE = ".vitest-verdict.txt";

interface CaseMeta {
  leaks?: number;
  runsScanned?: number;
  skippedFor?: { tool: string; hint: string };
}

type Outcome = "passed" | "failed" | "skipped";

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  /** Why cases skipped: a tool's name, or "other" (skipIf on the platform, root, …). */
  skippedFor: Set<string>;
}

const tally = (): Tally => ({ passed: 0, failed: 0, skipped: 0, skippedFor: new Set() });

/**
 * A case its own file's crash (import, beforeAll) kept from running is failed, not skipped: it was
 * meant to run. Only a case declared skipped, or one that skipped itself, counts as skipped.
 */
function outcome(test: TestCase, module: TestModule): Outcome {
  const state = test.result().state;
  if (state === "passed") return "passed";
  if (state === "failed") return "failed";
  const declaredSkipped = test.options.mode === "skip" || test.options.mode === "todo";
  if (state === "skipped" && (declaredSkipped || module.state() !== "failed")) return "skipped";
  return "failed";
}

function count(into: Tally, result: Outcome, meta: CaseMeta): void {
  into[result]++;
  if (result === "skipped") into.skippedFor.add(meta.skippedFor?.tool ?? "other");
}

/** `120 survived (1 failed, 14 skipped: boto3)` */
function describeTally(t: Tally, word: string): string {
  const notes: string[] = [];
  if (t.failed > 0) notes.push(`${t.failed} failed`);
  if (t.skipped > 0) notes.push(`${t.skipped} skipped: ${[...t.skippedFor].sort().join(", ")}`);
  return `${t.passed} ${word}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
}

export default class AcceptanceReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const faults = tally();
    const badInputs = tally();
    const missing = new Map<string, { hint: string; cases: number }>();
    let runs = 0;
    let leaks = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta() as CaseMeta;
        const result = outcome(test, module);
        leaks += meta.leaks ?? 0;
        runs += meta.runsScanned ?? 0;
        if (test.name.startsWith("fault:")) count(faults, result, meta);
        if (test.name.startsWith("bad input:")) count(badInputs, result, meta);
        if (result === "skipped" && meta.skippedFor) {
          const tool = missing.get(meta.skippedFor.tool) ?? { hint: meta.skippedFor.hint, cases: 0 };
          tool.cases++;
          missing.set(meta.skippedFor.tool, tool);
        }
      }
    }
    for (const [tool, { hint, cases }] of missing) {
      console.log(`skipped ${cases} case${cases === 1 ? "" : "s"}: ${tool} is not installed (${hint})`);
    }
    const acceptance = [faults, badInputs].reduce((n, t) => n + t.passed + t.failed + t.skipped, 0);
    if (acceptance === 0) return;
    const verdict =
      `faults: ${describeTally(faults, "survived")}, ` +
      `bad inputs: ${describeTally(badInputs, "refused")}, ` +
      `leaks: ${leaks} (in ${runs} runs scanned)`;
    console.log(`\n${verdict}`);
    // Beside .vitest-report.json: tools/test-unit.mjs repeats it just before the closing counts.
    writeFileSync(VERDICT_FILE, `${verdict}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // A vitest reporter, not a command: say where it is used.
  console.log("tools/acceptance-reporter.ts is a vitest reporter (see vitest.config.ts), run by `npm test`.");
}
