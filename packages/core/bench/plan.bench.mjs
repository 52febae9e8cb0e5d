// Bench: importing core and running `plan` over the file store, in one fresh process, against a
// baseline measured in the same run (a fresh process that only reads and parses the same file).
// Target (issue 2): under 50 ms. Run via `npm run bench` (which builds core's dist first).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const RUNS = 15;
const coreEntry = pathToFileURL(fileURLToPath(new URL("../dist/index.js", import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), "fyers-bench-"));
const file = join(dir, "fyers_tokens.json");
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
const exp = Math.floor(Date.now() / 1000) + 6 * 3600;
const token = (sub) => `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub, exp })}.sig`;
writeFileSync(
  file,
  JSON.stringify({
    client_id: "ABCDE12345-100",
    access_token: token("access_token"),
    refresh_token: token("refresh_token"),
  }),
);

// Each probe prints the milliseconds between its first line and its result.
const probes = {
  baseline: `const t=performance.now();const fs=await import("node:fs/promises");JSON.parse(await fs.readFile(${JSON.stringify(file)},"utf8"));console.log(performance.now()-t)`,
  core: `const t=performance.now();const core=await import(${JSON.stringify(coreEntry)});const p=await core.plan({store:core.createFileStore({path:${JSON.stringify(file)}})});if(p.action!=="skip")throw new Error(p.action);console.log(performance.now()-t)`,
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const measure = (code) =>
  median(
    Array.from({ length: RUNS }, () =>
      Number(execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" })),
    ),
  );

try {
  const baseline = measure(probes.baseline);
  const core = measure(probes.core);
  const verdict = core < 50 ? "PASS" : "FAIL";
  console.log(
    `core: import + plan over the file store: median ${core.toFixed(1)} ms over ${RUNS} fresh processes ` +
      `(baseline read+parse ${baseline.toFixed(1)} ms, ratio ${(core / baseline).toFixed(1)}x); target < 50 ms: ${verdict}`,
  );
  process.exitCode = core < 50 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
