// Runs turbo with telemetry off on every platform (an env prefix in package.json breaks on Windows).
import { spawnSync } from "node:child_process";

const bin = process.platform === "win32" ? "turbo.cmd" : "turbo";
const run = spawnSync(bin, process.argv.slice(2), {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
});
process.exit(run.status ?? 1);
