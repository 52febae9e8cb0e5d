// `npm run bench`: every package's bench, one after another, each printing its own verdict.
// Core's benches load its published build (../dist/index.js), so they run from a built staging
// copy of core (tools/core-dist.mjs bench): the checkout's dist/ stays the dev entry throughout.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const CORE_BENCH = "packages/core/";
const benches = [
  "packages/core/bench/plan.bench.mjs",
  "packages/core/bench/token-reader.bench.mjs",
  "packages/scripts/bench/verify.bench.mjs",
  "packages/action/bench/skip.bench.mjs",
  "packages/callback/bench/callback.bench.mjs",
];

const staging = spawnSync(process.execPath, ["tools/core-dist.mjs", "bench"], {
  cwd: root,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const stagedCore = staging.status === 0 ? staging.stdout.trim() : undefined;
let failed = stagedCore === undefined;
try {
  for (const bench of benches.filter((b) => existsSync(`${root}/${b}`))) {
    const file = bench.startsWith(CORE_BENCH)
      ? stagedCore && join(stagedCore, bench.slice(CORE_BENCH.length))
      : bench;
    if (!file) continue;
    // tsx as a loader lets a bench start the TypeScript testkit fakes.
    const run = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, stdio: "inherit" });
    failed ||= run.status !== 0;
  }
} finally {
  if (stagedCore) rmSync(stagedCore, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
