// The suite's global setup: the scripts bundled once for the whole run (testkit's bundles.ts), in
// a folder of this run's own, removed at the end. FYERS_TEST_SCRIPTS=tsx starts them under tsx.
// The folder is under node_modules/.cache so that what a bundle resolves at run time (tsx's
// loader, for the demo's own children) is found as from the source.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLES_ENV } from "../packages/testkit/src/harness/bundle-manifest.js";
import { buildScriptBundles } from "../packages/testkit/src/harness/bundles.js";

const PREFIX = "fyers-script-bundles-";
const DAY_MS = 86_400_000;

export default async function setup(): Promise<() => void> {
  const how = process.env.FYERS_TEST_SCRIPTS;
  if (how !== undefined && how !== "tsx" && how !== "bundle") {
    throw new Error(
      `FYERS_TEST_SCRIPTS is ${JSON.stringify(how)}: use tsx (each start under tsx's loader) or bundle (the default), or unset it`,
    );
  }
  if (how === "tsx") return () => {};
  const cache = fileURLToPath(new URL("../node_modules/.cache", import.meta.url));
  mkdirSync(cache, { recursive: true });
  // A run that was killed leaves its folder: those of a day ago go now.
  for (const name of readdirSync(cache)) {
    const old = join(cache, name);
    if (name.startsWith(PREFIX) && statSync(old).mtimeMs < Date.now() - DAY_MS)
      rmSync(old, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(cache, PREFIX));
  await buildScriptBundles(dir);
  process.env[BUNDLES_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
