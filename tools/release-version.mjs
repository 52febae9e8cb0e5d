// Package versions follow the release tag. The release workflow runs `check`; a maintainer runs
// `set` (then commits) before tagging:
//   node tools/release-version.mjs check v1.2.3   exit 0 when every released package is 1.2.3
//   node tools/release-version.mjs set v1.2.3     sets them (package.json and package-lock.json)
//   node tools/release-version.mjs major v1.2.3   prints v1, the tag the release moves
// A tag that is not vX.Y.Z is refused (exit 2).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The packages a release ships; testkit and acceptance are test-only and stay 0.0.0. */
export const RELEASED = ["packages/core", "packages/action", "packages/scripts", "packages/callback"];
const TAG = /^v(\d+)\.(\d+)\.(\d+)$/;

function fail(code, message) {
  console.error(`release-version: ${message}`);
  process.exit(code);
}

const [command, tag = ""] = process.argv.slice(2);
const match = TAG.exec(tag);
if (!["check", "set", "major"].includes(command ?? "")) {
  fail(2, "usage: node tools/release-version.mjs <check|set|major> vX.Y.Z");
}
if (!match)
  fail(2, `${JSON.stringify(tag)} is not a release tag vX.Y.Z (e.g. v1.2.3; no pre-release suffix)`);
const version = tag.slice(1);

if (command === "major") {
  console.log(`v${match[1]}`);
} else if (command === "set") {
  // What `npm version` writes, without the install it runs in a workspace.
  const json = (file) => JSON.parse(readFileSync(join(root, file), "utf8"));
  const save = (file, value) => writeFileSync(join(root, file), `${JSON.stringify(value, null, 2)}\n`);
  const lock = json("package-lock.json");
  for (const dir of RELEASED) {
    const manifest = json(join(dir, "package.json"));
    manifest.version = version;
    save(join(dir, "package.json"), manifest);
    if (lock.packages?.[dir]) lock.packages[dir].version = version;
  }
  save("package-lock.json", lock);
  console.log(`${RELEASED.join(", ")}: ${version}`);
} else {
  const wrong = RELEASED.map((dir) => [
    dir,
    JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).version,
  ])
    .filter(([, v]) => v !== version)
    .map(([dir, v]) => `${dir} is ${v}`);
  if (wrong.length > 0) {
    fail(
      1,
      `the tag ${tag} does not match ${wrong.join(", ")}; run node tools/release-version.mjs set ${tag}, commit, and tag that commit`,
    );
  }
  console.log(`every released package is ${version}`);
}
