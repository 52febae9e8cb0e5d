// `npm run bench`: every package's bench, one after another, each printing its own verdict.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const benches = [
  "packages/core/bench/plan.bench.mjs",
  "packages/scripts/bench/verify.bench.mjs",
  "packages/action/bench/skip.bench.mjs",
];

let failed = false;
for (const bench of benches.filter((b) => existsSync(`${root}/${b}`))) {
  // tsx as a loader lets a bench start the TypeScript testkit fakes.
  const run = spawnSync(process.execPath, ["--import", "tsx", bench], { cwd: root, stdio: "inherit" });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
