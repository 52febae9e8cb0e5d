// `npm run build`: the Lambda bundle dist/index.mjs (ESM, Node 24), AWS SDK included.
// Bundled rather than taken from the runtime: the SDK version is the one the tests ran, and one
// file loads faster than the runtime's node_modules (bench/cold-start.bench.mjs measures both).
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { build } from "esbuild";

const external = process.argv.includes("--sdk-external") ? ["@aws-sdk/*", "@smithy/*"] : [];

export const options = {
  entryPoints: [new URL("./src/index.ts", import.meta.url).pathname],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  outfile: new URL("./dist/index.mjs", import.meta.url).pathname,
  // CommonJS dependencies inside an ESM bundle still need `require` for node: built-ins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  external,
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
};

if (import.meta.url === `file://${process.argv[1]}`) {
  // Written to a temporary file and renamed, so test projects building at once never read half a file.
  const result = await build({ ...options, write: false });
  const [file] = result.outputFiles;
  await mkdir(dirname(options.outfile), { recursive: true });
  const temporary = `${options.outfile}.${process.pid}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, options.outfile);
  const bytes = file.contents.byteLength;
  console.log(
    `dist/index.mjs: ${(bytes / 1024).toFixed(0)} KiB${external.length ? " (AWS SDK external)" : ""}`,
  );
}
