// Which bundle (see bundles.ts) runs a script in this test run. Kept apart from the builder so
// the demo, which starts scripts too, never loads esbuild.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where a run's bundles are: set by the suite's global setup; unset, scripts start under tsx. */
export const BUNDLES_ENV = "FYERS_TEST_SCRIPT_BUNDLES";
export const MANIFEST = "manifest.json";

let manifest: Record<string, string> | undefined;

/** The bundle built for this source file in this run, or undefined (then tsx runs the file). */
export function bundleFor(file: string): string | undefined {
  if (manifest === undefined) {
    const dir = process.env[BUNDLES_ENV];
    if (!dir || !existsSync(join(dir, MANIFEST))) return undefined;
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Record<string, string>;
  }
  return manifest[file];
}
