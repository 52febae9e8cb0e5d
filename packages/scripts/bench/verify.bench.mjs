// Bench: `verify.ts --json` on the file store, FYERS answered by the local fake, against tsx
// running an empty file. Median of N runs each, interleaved; passes under 1.5x.
// Run: node --import tsx packages/scripts/bench/verify.bench.mjs   (BENCH_RUNS=15 by default)
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const LIMIT = 1.5;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 2;

// The FYERS fake is TypeScript: without tsx as a loader, run this file again with it.
if (!process.execArgv.some((arg) => arg.includes("tsx"))) {
  const self = fileURLToPath(import.meta.url);
  const again = spawnSync(process.execPath, ["--import", "tsx", self], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const { startFyersFake } = await import("@fyers-token/testkit");
const tsxCli = fileURLToPath(import.meta.resolve("tsx/cli"));
const verifyScript = fileURLToPath(new URL("../verify.ts", import.meta.url));

/** Wall time of one child run in ms; the child must succeed. Async: the fake answers meanwhile. */
function timeRun(args, options) {
  const started = performance.now();
  const child = spawn(process.execPath, [tsxCli, ...args], { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`));
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const fyers = await startFyersFake();
const dir = await mkdtemp(join(tmpdir(), "fyers-bench-"));
try {
  const { accessToken, refreshToken } = fyers.issueTokens();
  const tokens = { client_id: fyers.clientId, access_token: accessToken, refresh_token: refreshToken };
  await writeFile(join(dir, "fyers_tokens.json"), JSON.stringify(tokens), { mode: 0o600 });
  const emptyFile = join(dir, "empty.ts");
  await writeFile(emptyFile, "");
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    FYERS_CLIENT_ID: fyers.clientId,
    FYERS_API_URL: fyers.baseUrl,
  };
  const options = { cwd: dir, env };

  const empty = [];
  const verify = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const e = await timeRun([emptyFile], options);
    const v = await timeRun([verifyScript, "--json"], options);
    if (JSON.parse(v.stdout).valid !== true) throw new Error(`verify.ts did not report valid: ${v.stdout}`);
    if (i >= WARMUP) {
      empty.push(e.ms);
      verify.push(v.ms);
    }
  }

  const ratio = median(verify) / median(empty);
  const under = ratio < LIMIT;
  console.log(`scripts bench: verify.ts --json (file store, FYERS on 127.0.0.1), ${RUNS} runs each, median`);
  console.log(`  tsx empty file   ${median(empty).toFixed(0)} ms`);
  console.log(`  verify.ts --json ${median(verify).toFixed(0)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)}x: ${under ? "under" : "NOT under"} ${LIMIT}x`);
  process.exitCode = under ? 0 : 1;
} finally {
  await fyers.close();
  await rm(dir, { recursive: true, force: true });
}
