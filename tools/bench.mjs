// `npm run bench`: every package's bench, one after another, each printing its own verdict.
// Core's benches load its published build, so dist/ is built first and the monorepo's dev entry
// (re-exports of src, tools/core-dist.mjs) put back afterwards.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const benches = [
  "packages/core/bench/plan.bench.mjs",
  "packages/core/bench/token-reader.bench.mjs",
  "packages/scripts/bench/verify.bench.mjs",
  "packages/action/bench/skip.bench.mjs",
  "packages/callback/bench/callback.bench.mjs",
];

const coreDist = (command) =>
  spawnSync(process.execPath, ["tools/core-dist.mjs", command], { cwd: root, stdio: "inherit" }).status === 0;

let failed = !coreDist("build");
try {
  for (const bench of benches.filter((b) => existsSync(`${root}/${b}`))) {
    // tsx as a loader lets a bench start the TypeScript testkit fakes.
    const run = spawnSync(process.execPath, ["--import", "tsx", bench], { cwd: root, stdio: "inherit" });
    failed ||= run.status !== 0;
  }
} finally {
  failed = !coreDist("dev") || failed;
}
process.exit(failed ? 1 : 0);
