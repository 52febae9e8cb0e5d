// Prints the acceptance suites' one-line verdict at the end of every test run, e.g.
// `faults: 24 survived, bad inputs: 28 refused, leaks: 0`. Cases are named `fault: …` and
// `bad input: …`; each records the secrets its runs showed in `task.meta.leaks`.
import { writeFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

const VERDICT_FILE = ".vitest-verdict.txt";

export default class AcceptanceReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { faults: 0, faultsFailed: 0, refused: 0, refusedFailed: 0, runs: 0, leaks: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const passed = test.result().state === "passed";
        const meta = test.meta() as { leaks?: number; runsScanned?: number };
        counts.leaks += meta.leaks ?? 0;
        counts.runs += meta.runsScanned ?? 0;
        if (test.name.startsWith("fault:")) passed ? counts.faults++ : counts.faultsFailed++;
        if (test.name.startsWith("bad input:")) passed ? counts.refused++ : counts.refusedFailed++;
      }
    }
    if (counts.faults + counts.faultsFailed + counts.refused + counts.refusedFailed === 0) return;
    const failed = (n: number) => (n > 0 ? ` (${n} failed)` : "");
    const verdict =
      `faults: ${counts.faults} survived${failed(counts.faultsFailed)}, ` +
      `bad inputs: ${counts.refused} refused${failed(counts.refusedFailed)}, ` +
      `leaks: ${counts.leaks} (in ${counts.runs} runs scanned)`;
    console.log(`\n${verdict}`);
    // Beside .vitest-report.json: tools/test-unit.mjs repeats it as the run's last line.
    writeFileSync(VERDICT_FILE, `${verdict}\n`);
  }
}
