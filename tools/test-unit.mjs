// `npm run test:unit`: vitest with coverage (threshold kept), then ONE closing line, so a run
// ends on the verdict and not on a coverage table (the full table goes to coverage/coverage.txt):
//   612 passed, 0 failed, 3 skipped; faults: 60 survived, bad inputs: 45 refused, leaks: 0 (in 230 runs scanned)
// Extra arguments go to vitest (e.g. `npm run test:unit -- --project core`).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const report = join(root, ".vitest-report.json");
const verdictFile = join(root, ".vitest-verdict.txt");
// Neither file may survive from an earlier run.
rmSync(verdictFile, { force: true });
rmSync(report, { force: true });

const vitest = join(root, "node_modules/vitest/vitest.mjs");
const run = spawnSync(process.execPath, [vitest, "run", "--coverage", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});

let counts = "no vitest report (did the tests run?)";
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  counts = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${(r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)} skipped`;
}
const verdict = existsSync(verdictFile) ? readFileSync(verdictFile, "utf8").trim() : "";
console.log(`\n${counts}${verdict ? `; ${verdict}` : ""}`);
process.exit(run.status ?? 1);
