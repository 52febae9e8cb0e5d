// Bench: createTokenReader on a hot path. 10,000 get() calls (1,000 of them concurrent) against
// the SSM fake over HTTP must make exactly ONE GetParameters; printed beside what one uncached
// read (readAccessToken) costs, measured in the same run. Run via `npm run bench`, which runs it
// from a built staging copy of core (../dist/index.js is the published build there); needs tsx as a
// loader for the testkit fake.
import { fileURLToPath, pathToFileURL } from "node:url";
import { makeAccessToken, startSsmFake } from "@fyers-token/testkit";

const CALLS = 10_000;
const core = await import(pathToFileURL(fileURLToPath(new URL("../dist/index.js", import.meta.url))).href);
const ssm = await startSsmFake();
const prefix = "/stock-pipeline/fyers";
ssm.put(`${prefix}/client_id`, "ABCDE12345-100");
ssm.put(`${prefix}/access_token`, makeAccessToken({ expSeconds: 6 * 3600 }));
const store = () =>
  core.createSsmStore({
    prefix,
    clientConfig: {
      endpoint: ssm.endpoint,
      region: "ap-south-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    },
  });

try {
  // One uncached read, after a warm-up so the SDK's first load is not counted.
  await core.readAccessToken(store());
  let start = performance.now();
  await core.readAccessToken(store());
  const oneRead = performance.now() - start;

  ssm.requests.length = 0;
  const reader = core.createTokenReader(store());
  start = performance.now();
  await Promise.all(Array.from({ length: 1000 }, () => reader.get()));
  for (let i = 1000; i < CALLS; i++) await reader.get();
  const total = performance.now() - start;
  const reads = ssm.requests.filter((r) => r.op === "GetParameters").length;
  const verdict = reads === 1 ? "PASS" : "FAIL";
  console.log(
    `core: createTokenReader: ${CALLS.toLocaleString("en")} get() calls -> ${reads} SSM read(s) in ${total.toFixed(1)} ms ` +
      `(one uncached read ${oneRead.toFixed(1)} ms, so ${((oneRead * CALLS) / total).toFixed(0)}x less time than reading each call); ` +
      `target exactly 1 read: ${verdict}`,
  );
  process.exitCode = reads === 1 ? 0 : 1;
} finally {
  await ssm.close();
}
