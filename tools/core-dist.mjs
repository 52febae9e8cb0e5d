// @fyers-token/core's dist/, three ways (`node tools/core-dist.mjs <dev|build|pack> [dir]`):
//   dev         dist/index.js and dist/index.d.ts re-export ../src: what the monorepo resolves
//               (written by the root postinstall, so every tool reads core's source, no build step)
//   build       the published build in place: one ESM bundle (esbuild) plus .d.ts files (tsc)
//   pack [DIR]  builds a copy of the package in a staging folder and `npm pack`s it into DIR
//               (default .cache/packs; a folder of the checkout that git does not ignore, such as
//               `.`, also means .cache/packs), printing the tarball's path; dist/ is never touched
//   bench       a built staging copy with core's benches in it, for `npm run bench`; prints it
// Why a dev dist and not a `source` export condition: tsx (which runs the scripts) ignores custom
// conditions, and ncc cannot be given one, so the file the `default` condition names must exist.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const core = join(root, "packages/core");
const require = createRequire(join(core, "package.json"));
const DEV_MARK = "// dev entry (tools/core-dist.mjs): the monorepo reads core's TypeScript source";

/** Writes a finished dist/ next to the old one, then swaps, so readers never see half a dist. */
function replaceDist(pkg, fill) {
  const next = mkdtempSync(join(pkg, ".dist-"));
  chmodSync(next, 0o755); // mkdtemp makes it 0700; tests also run scripts as another user
  try {
    fill(next);
    const old = `${next}.old`;
    if (existsSync(join(pkg, "dist"))) renameSync(join(pkg, "dist"), old);
    renameSync(next, join(pkg, "dist"));
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

function writeDev(pkg = core) {
  replaceDist(pkg, (dir) => {
    writeFileSync(join(dir, "index.js"), `${DEV_MARK}\nexport * from "../src/index.ts";\n`);
    writeFileSync(join(dir, "index.d.ts"), `${DEV_MARK}\nexport * from "../src/index.js";\n`);
  });
}

function writeBuild(pkg = core) {
  const esbuild = require("esbuild");
  const tsc = require.resolve("typescript/bin/tsc");
  replaceDist(pkg, (dir) => {
    esbuild.buildSync({
      entryPoints: [join(pkg, "src/index.ts")],
      bundle: true,
      splitting: true, // the lazily loaded parts (SSM, valibot schemas) stay in their own chunks
      platform: "node",
      format: "esm",
      target: "node22",
      packages: "external",
      outdir: dir,
      logLevel: "warning",
    });
    execFileSync(process.execPath, [tsc, "-p", join(pkg, "tsconfig.build.json"), "--outDir", dir], {
      stdio: "inherit",
    });
  });
}

/** A copy of the package (package.json, README, src, build config) in a staging folder inside the repo. */
function stage(extra = []) {
  const base = join(root, ".cache/core-pack");
  mkdirSync(base, { recursive: true });
  const pkg = mkdtempSync(join(base, "core-"));
  cpSync(join(core, "src"), join(pkg, "src"), { recursive: true });
  cpSync(join(core, "package.json"), join(pkg, "package.json"));
  cpSync(join(core, "README.md"), join(pkg, "README.md"));
  const config = JSON.parse(readFileSync(join(core, "tsconfig.build.json"), "utf8"));
  config.extends = join(root, "tsconfig.base.json");
  writeFileSync(join(pkg, "tsconfig.build.json"), JSON.stringify(config));
  for (const dir of extra) cpSync(join(core, dir), join(pkg, dir), { recursive: true });
  return pkg;
}

/** A built copy with core's benches beside it (they load ../dist/index.js); prints its folder. */
function stageForBench() {
  const pkg = stage(["bench"]);
  writeBuild(pkg);
  console.log(pkg);
}

/** Ignored by git (or outside the checkout), so a pack never leaves an untracked tarball behind. */
function packDestination(requested) {
  const fallback = join(root, ".cache/packs");
  if (!requested) return fallback;
  const dir = resolve(requested);
  if (dir !== root && !dir.startsWith(`${root}/`)) return dir;
  try {
    execFileSync("git", ["check-ignore", "-q", join(dir, "fyers-token-core.tgz")], {
      cwd: root,
      stdio: "ignore",
    });
    return dir;
  } catch {
    console.error(`core-dist: ${requested} is not ignored by git; packing into ${fallback} instead`);
    return fallback;
  }
}

function pack(requested) {
  const destination = packDestination(requested);
  mkdirSync(destination, { recursive: true });
  const pkg = stage();
  try {
    writeBuild(pkg);
    // npm is npm.cmd on Windows, which only a shell runs.
    const out = execFileSync(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", `"${resolve(destination)}"`],
      { cwd: pkg, encoding: "utf8", shell: true },
    );
    const [{ filename }] = JSON.parse(out);
    console.log(join(resolve(destination), filename));
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
}

const [command, arg] = process.argv.slice(2);
if (command === "dev") writeDev();
else if (command === "build") writeBuild();
else if (command === "pack") pack(arg);
else if (command === "bench") stageForBench();
else if (command === "--help" || command === "help") {
  console.log(
    "usage: node tools/core-dist.mjs <dev|build|pack [DIR]|bench>  (pack prints the tarball's path)",
  );
} else {
  console.error("usage: node tools/core-dist.mjs <dev|build|pack [DIR]|bench>");
  process.exit(2);
}
