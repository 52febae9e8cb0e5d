// Prints vitest's JSON report as its closing counts, last and alone: `N passed, N failed, N skipped`
// (failed files included; see test-counts.mjs). .ci/run calls it after `npm test` with its status.
//   node tools/test-summary.mjs [report.json] [--status N]
import { readFileSync } from "node:fs";
import { countRun, countsLine } from "./test-counts.mjs";

const args = process.argv.slice(2);
if (args.includes("--help")) {
  console.log("usage: node tools/test-summary.mjs [.vitest-report.json] [--status <npm test's exit status>]");
  process.exit(0);
}
const statusAt = args.indexOf("--status");
const status = statusAt >= 0 ? Number(args.splice(statusAt, 2)[1]) : 0;
if (!Number.isInteger(status)) {
  console.error("test-summary: --status takes an exit status (an integer)");
  process.exit(2);
}
const file = args[0] ?? ".vitest-report.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch {
  console.error(`test-summary: no vitest report at ${file} (did the tests run?)`);
  console.log("0 passed, 1 failed, 0 skipped");
  process.exit(1);
}
const counts = countRun(report, status);
for (const note of counts.notes) console.log(note);
console.log(countsLine(counts));
process.exit(counts.failed > 0 ? 1 : 0);
