// The scripts as one esbuild build per test run, so the suite's hundreds of script starts cost a
// plain `node file.mjs` (0.15 s here) rather than tsx's loader (0.38 s: it starts esbuild's
// service at every start). tsx compiles with the same esbuild; what the bundle changes is where the
// modules load from, and `import.meta` is put back to each source file's own values, so the
// scripts see the same paths. Cases that check a typed command still run it as typed.
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { MANIFEST } from "./bundle-manifest.js";
import { REPO } from "./repo.js";

/** Every TypeScript file the suite starts as a process, but for files written by the tests. */
export function bundledEntries(): string[] {
  const scripts = join(REPO, "packages/scripts");
  return [
    ...readdirSync(scripts)
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".config.ts"))
      .map((name) => join(scripts, name)),
    join(scripts, "lib/one-tap-lambda.ts"),
    join(REPO, "packages/acceptance/test/faults/writer.ts"),
    join(REPO, "tools/iam-policy.ts"),
  ];
}

/** `import.meta.url`, `.dirname` and `.filename` as the source file's own, not the bundle's. */
const sourceImportMeta: Plugin = {
  name: "source-import-meta",
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${"/"}node_modules${"/"}`)) return undefined;
      const source = readFileSync(args.path, "utf8");
      const values: Record<string, string> = {
        url: pathToFileURL(args.path).href,
        dirname: dirname(args.path),
        filename: args.path,
      };
      const contents = source.replace(
        /\bimport\.meta\.(url|dirname|filename)\b(?!\s*\()/g,
        (_, key: string) => JSON.stringify(values[key]),
      );
      return { contents, loader: "ts" };
    });
  },
};

/** Builds every entry into `outDir` (split, so lazy imports stay lazy) and writes its manifest. */
export async function buildScriptBundles(outDir: string): Promise<void> {
  const entries = bundledEntries();
  await build({
    entryPoints: entries,
    outdir: outDir,
    outbase: REPO,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    mainFields: ["module", "main"],
    // CommonJS dependencies inside an ES module still call require().
    banner: {
      js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);',
    },
    plugins: [sourceImportMeta],
    logLevel: "silent",
  });
  const manifest: Record<string, string> = {};
  for (const entry of entries) {
    manifest[entry] = join(outDir, relative(REPO, entry)).replace(/\.ts$/, ".mjs");
  }
  writeFileSync(join(outDir, MANIFEST), JSON.stringify(manifest));
  openToAll(outDir);
}

/** Cases that drop root's rights (uid 65534) still read the bundles. */
function openToAll(path: string): void {
  if (statSync(path).isDirectory()) {
    chmodSync(path, 0o755);
    for (const name of readdirSync(path)) openToAll(join(path, name));
  } else {
    chmodSync(path, 0o644);
  }
}
