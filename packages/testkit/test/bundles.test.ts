// The suite's script bundles (src/harness/bundles.ts) behave as the scripts under tsx: the same
// output and exit for the same input, paths derived from import.meta included.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANIFEST } from "../src/harness/bundle-manifest.js";
import { buildScriptBundles, bundledEntries } from "../src/harness/bundles.js";
import { REPO, startNode, TSX_LOADER } from "../src/harness/child.js";

const cache = join(REPO, "node_modules/.cache");
let dir = "";
let manifest: Record<string, string> = {};
beforeAll(async () => {
  mkdirSync(cache, { recursive: true });
  dir = mkdtempSync(join(cache, "fyers-bundles-test-"));
  await buildScriptBundles(dir);
  manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Record<string, string>;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => startNode(args, { cwd, env }).done;

/** The same start both ways: the bundle, and the source under tsx's loader. */
async function bothWays(source: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const bundle = manifest[source];
  expect(bundle, `a bundle for ${source}`).toBeDefined();
  const [bundled, tsx] = await Promise.all([
    run([bundle as string, ...args], cwd, env),
    run(["--import", TSX_LOADER, source, ...args], cwd, env),
  ]);
  return { bundled, tsx };
}

const scripts = join(REPO, "packages/scripts");
const bareEnv = { PATH: process.env.PATH ?? "", HOME: tmpdir() };

describe("the scripts' bundles", () => {
  it("there is one for every script the suite starts, and none for a config file", () => {
    expect(Object.keys(manifest).sort()).toEqual(bundledEntries().sort());
    expect(Object.keys(manifest)).toContain(join(scripts, "verify.ts"));
    expect(Object.keys(manifest).some((file) => file.endsWith(".config.ts"))).toBe(false);
  });

  it.for(["verify.ts", "login-link.ts", "put-parameters.ts", "doctor.ts"])(
    "%s --help prints the same usage and exit as under tsx",
    async (name) => {
      const { bundled, tsx } = await bothWays(join(scripts, name), ["--help"], REPO, bareEnv);
      expect(tsx.code).toBe(0);
      expect(tsx.stdout).toMatch(/usage: /);
      expect(bundled).toEqual(tsx);
    },
  );

  it("outside the repository, the printed command names the repository (import.meta.dirname is the source's)", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "fyers-bundles-cwd-"));
    try {
      const env = { ...bareEnv, FYERS_CLIENT_ID: "ABCDE12345-100" };
      const { bundled, tsx } = await bothWays(join(scripts, "verify.ts"), [], elsewhere, env);
      expect(tsx.stderr).toContain(`npx --prefix ${REPO} tsx ${REPO}/packages/scripts/login.ts`);
      expect(bundled).toEqual(tsx);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("tools/iam-policy.ts prints the same policy as under tsx", async () => {
    const { bundled, tsx } = await bothWays(
      join(REPO, "tools/iam-policy.ts"),
      ["reader", "--kms-key", "aws-managed"],
      REPO,
      bareEnv,
    );
    expect(tsx.code).toBe(0);
    expect(JSON.parse(tsx.stdout)).toHaveProperty("Statement");
    expect(bundled).toEqual(tsx);
  });
});
