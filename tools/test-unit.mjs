// `npm run test:unit`: vitest with coverage (threshold kept), then the verdict, so a run ends on
// it and not on a coverage table (the full table goes to coverage/coverage.txt):
//   failed file: packages/x/test/y.test.ts: Error: …           (one per file that crashed)
//   faults: 60 survived, bad inputs: 45 refused, leaks: 0 (in 230 runs scanned)
//   612 passed, 0 failed, 3 skipped                            (last and alone: CI reads it)
// Extra arguments go to vitest (e.g. `npm run test:unit -- --project core`).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { countRun, countsLine } from "./test-counts.mjs";

if (process.argv.includes("--help")) {
  console.log("usage: node tools/test-unit.mjs [vitest arguments]  (npm run test:unit -- …)");
  process.exit(0);
}

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
const status = run.status ?? 1;

const lines = [""];
if (existsSync(report)) {
  const counts = countRun(JSON.parse(readFileSync(report, "utf8")), status);
  lines.push(...counts.notes);
  if (existsSync(verdictFile)) lines.push(readFileSync(verdictFile, "utf8").trim());
  lines.push(countsLine(counts));
} else {
  lines.push("no vitest report (did the tests run?)", "0 passed, 1 failed, 0 skipped");
}
console.log(lines.join("\n"));
process.exit(status === 0 && existsSync(report) ? 0 : status || 1);
