// The release: tools/release-version.mjs run as the workflow runs it, and release.yml's shape
// (actionlint and the SHA pins are checked over every workflow in workflows.test.ts).
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expr, REPO } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const TOOL = "tools/release-version.mjs";
const RELEASED = ["packages/core", "packages/action", "packages/scripts", "packages/callback"];
const version = (root: string, dir: string): string =>
  JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).version;

async function tool(args: string[], cwd = REPO) {
  return promisify(execFile)(process.execPath, [join(cwd, TOOL), ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

let copy: string;
beforeAll(async () => {
  // A copy of just the manifests and the lock file, for `set`.
  copy = await mkdtemp(join(tmpdir(), "fyers-release-"));
  mkdirSync(join(copy, "tools"));
  cpSync(join(REPO, TOOL), join(copy, TOOL));
  for (const file of ["package.json", "package-lock.json", ...RELEASED.map((d) => `${d}/package.json`)]) {
    cpSync(join(REPO, file), join(copy, file));
  }
});
afterAll(() => rm(copy, { recursive: true, force: true }));

describe("tools/release-version.mjs (package versions follow the tag)", () => {
  it("check passes when every released package has the tag's version", async () => {
    const current = version(REPO, "packages/core");
    for (const dir of RELEASED) expect(version(REPO, dir), dir).toBe(current);
    const run = await tool(["check", `v${current}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`every released package is ${current}\n`);
  });

  it("check fails naming each package that does not match, and what to run", async () => {
    const run = await tool(["check", "v99.0.0"]);
    expect(run.code).toBe(1);
    for (const dir of RELEASED) expect(run.stderr).toContain(`${dir} is ${version(REPO, dir)}`);
    expect(run.stderr).toContain(
      "run node tools/release-version.mjs set v99.0.0, commit, and tag that commit",
    );
  });

  it("set writes the version into every released package.json and the lock file; check then passes", async () => {
    const set = await tool(["set", "v2.3.4"], copy);
    expect(set.code, set.stderr).toBe(0);
    for (const dir of RELEASED) expect(version(copy, dir)).toBe("2.3.4");
    const lock = JSON.parse(readFileSync(join(copy, "package-lock.json"), "utf8"));
    for (const dir of RELEASED) expect(lock.packages[dir].version).toBe("2.3.4");
    expect(lock.packages["packages/testkit"].version).toBe("0.0.0");
    expect((await tool(["check", "v2.3.4"], copy)).code).toBe(0);
  });

  it("major names the tag a release moves", async () => {
    expect((await tool(["major", "v12.3.4"])).stdout).toBe("v12\n");
  });

  it("bad input: a tag that is not vX.Y.Z, or no command, is refused with exit 2", async () => {
    for (const tag of ["1.2.3", "v1.2", "v1.2.3-rc.1", "", "v1.2.3\n"]) {
      const run = await tool(["check", tag]);
      expect(run.code, JSON.stringify(tag)).toBe(2);
      expect(run.stderr).toContain("is not a release tag vX.Y.Z");
    }
    expect((await tool(["publish", "v1.2.3"])).code).toBe(2);
  });
});

describe(".github/workflows/release.yml", () => {
  const text = readFileSync(join(REPO, ".github/workflows/release.yml"), "utf8");
  const steps = text.slice(text.indexOf("steps:"));
  const at = (needle: string) => {
    const index = steps.indexOf(needle);
    expect(index, needle).toBeGreaterThanOrEqual(0);
    return index;
  };

  it("runs on a published release, checks versions and the bundle, then moves vX", () => {
    expect(text).toMatch(/^on:\n {2}release:\n {4}types: \[published\]\n/m);
    expect(at('node tools/release-version.mjs check "$TAG"')).toBeLessThan(at("run: npm ci"));
    expect(at("run: npm run build -w packages/action")).toBeLessThan(
      at("git diff --ignore-space-at-eol --exit-code packages/action/dist"),
    );
    expect(at("git status --porcelain --untracked-files=all packages/action/dist")).toBeLessThan(
      at('major="$(node tools/release-version.mjs major "$TAG")"'),
    );
    expect(steps).toContain(`if: ${expr("github.event.release.prerelease == false")}`);
    expect(steps).toContain('-f ref="refs/tags/$major" -f sha="$sha"');
  });

  it("least privilege: contents: write only on the job, no persisted credentials, the tag only via env", () => {
    expect(text).toMatch(/^permissions:\n {2}contents: read\n/m);
    expect(text.match(/contents: write/g)).toHaveLength(1);
    expect(text).toContain("persist-credentials: false");
    // An expression inside a run: script would let a crafted tag name run code.
    for (const block of steps.split(/\n\s+- /)) {
      const run = /run: \|?([\s\S]*)/.exec(block)?.[1] ?? "";
      expect(run, block).not.toContain(expr("").slice(0, 3));
    }
  });
});
