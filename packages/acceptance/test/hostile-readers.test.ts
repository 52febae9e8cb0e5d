// Issue 16, the readers' half: a consumer program using core's readers, started as its owner
// starts it (tsx, the real AWS SDK, the SSM fake over HTTP), and the Python reader run by
// Debian's python3 and boto3. Readers never write: every case checks the stored tokens stay as
// FYERS issued them, and every run's output is scanned for them.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { makeAccessToken, makeRefreshToken, runTsx, type SsmFake, startSsmFake } from "@fyers-token/testkit";
import { needTool, REPO } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, beforeEach, describe, expect } from "vitest";
import { test } from "./faults/fixture.js";
import type { LeakGuard } from "./faults/guard.js";

const PREFIX = "/stock-pipeline/fyers";
const NAMES = {
  clientId: `${PREFIX}/client_id`,
  accessToken: `${PREFIX}/access_token`,
  refreshToken: `${PREFIX}/refresh_token`,
};
const CLIENT_ID = "ABCDE12345-100";
const PYTHON = "/usr/bin/python3";
const PYTHON_READER = join(REPO, "examples/python/fyers_token.py");

/**
 * A consumer as its owner would write one: `once` reads the token a single time; `hammer` calls a
 * cached reader 10 times a second for SECONDS simulated seconds on its own clock and prints how
 * many calls were served and the distinct errors (never a token).
 */
const CONSUMER = `
import { createSsmStore, createTokenReader, readAccessToken } from ${JSON.stringify(
  pathToFileURL(join(REPO, "packages/core/dist/index.js")).href,
)};
const store = createSsmStore({ prefix: process.env.FYERS_SSM_PREFIX });
const said = (e) => ({ code: e.code, message: e.message, hint: e.hint });
try {
  if (process.argv[2] === "once") {
    const token = await readAccessToken(store);
    console.log("usable for " + token.clientId + " until " + token.expiresAt);
  } else {
    let now = Date.now();
    const margin = process.env.MARGIN === undefined ? {} : { marginSeconds: JSON.parse(process.env.MARGIN) };
    const reader = createTokenReader(store, { clock: () => now, ...margin });
    const errors = new Set();
    let served = 0;
    for (let i = 0; i < Number(process.env.SECONDS) * 10; i++) {
      await reader.get().then(() => served++, (e) => errors.add(e));
      now += 100;
    }
    console.log(JSON.stringify({ served, errors: [...errors].map(said) }));
  }
} catch (e) {
  console.error(e.code + ": " + e.message + (e.hint ? "\\nhint: " + e.hint : ""));
  process.exitCode = 1;
}
`;

let ssm: SsmFake;
let dir: string;
let consumer: string;

beforeAll(async () => {
  ssm = await startSsmFake();
  dir = await mkdtemp(join(tmpdir(), "fyers-readers-"));
  consumer = join(dir, "consumer.mjs");
  await writeFile(consumer, CONSUMER);
});
afterAll(async () => {
  await ssm.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  ssm.parameters.clear();
  ssm.requests.length = 0;
  ssm.clearFailures();
});

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: "/usr/bin:/bin",
  HOME: dir,
  AWS_REGION: "ap-south-1",
  AWS_ENDPOINT_URL_SSM: ssm.endpoint,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_CONFIG_FILE: join(dir, "none"),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
  AWS_EC2_METADATA_DISABLED: "true",
  FYERS_SSM_PREFIX: PREFIX,
  PYTHONDONTWRITEBYTECODE: "1",
  ...extra,
});

/** Tokens as a login stored them; the values every run is scanned for. */
function seed(accessToken = makeAccessToken({ expSeconds: 6 * 3600 })) {
  const refreshToken = makeRefreshToken();
  ssm.put(NAMES.clientId, CLIENT_ID);
  ssm.put(NAMES.accessToken, accessToken);
  ssm.put(NAMES.refreshToken, refreshToken);
  return { accessToken, refreshToken, secrets: [accessToken, refreshToken] };
}

/** What SSM holds, to show a reader's failure left the issued tokens as they were. */
const snapshot = () => [...ssm.parameters.values()].map((p) => [p.name, p.value, p.version]);
const getParameters = () => ssm.requests.filter((r) => r.op === "GetParameters");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function scanned(guard: LeakGuard, where: string, run: Run, secrets: string[]): Run {
  const hits = guard.scan(
    [
      { where: `stdout of ${where}`, text: run.stdout },
      { where: `stderr of ${where}`, text: run.stderr },
    ],
    secrets,
  );
  expect(hits, `${where} printed a token`).toEqual([]);
  return run;
}

async function runConsumer(
  guard: LeakGuard,
  args: string[],
  extra: Record<string, string>,
  secrets: string[],
) {
  const run = await runTsx(consumer, args, { cwd: dir, env: env(extra) });
  return scanned(guard, `consumer ${args.join(" ")}`, run, secrets);
}

interface Hammered {
  served: number;
  errors: Array<{ code: string; message: string; hint?: string }>;
}
const hammered = (run: Run): Hammered => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Hammered;
};

describe("a consumer program using core's readers (issue 16)", () => {
  test("fault: 10 get()/s for 3 simulated minutes while the token runs out and none is renewed: at most one SSM read per 10 s, the tokens stay", async ({
    guard,
  }) => {
    const { secrets } = seed(makeAccessToken({ expSeconds: 90 }));
    const before = snapshot();
    const result = hammered(await runConsumer(guard, ["hammer"], { SECONDS: "180" }, secrets));
    expect(result.served).toBeGreaterThan(0);
    expect(getParameters().length).toBeLessThanOrEqual(180 / 10 + 1);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(error.code).toBe("login_required");
      expect(error.message).toMatch(
        /^the FYERS access token in ssm:\/stock-pipeline\/fyers (expired|expires) at .* IST$/,
      );
      expect(error.hint).toMatch(/log in/);
    }
    expect(ssm.requests.every((r) => r.op === "GetParameters")).toBe(true);
    expect(snapshot()).toEqual(before);
  });

  test("fault: nothing stored (a holiday), a minute of 10 get()/s: six reads, one clear error each", async ({
    guard,
  }) => {
    const result = hammered(await runConsumer(guard, ["hammer"], { SECONDS: "60" }, []));
    expect(result.served).toBe(0);
    expect(getParameters()).toHaveLength(6);
    expect(new Set(result.errors.map((e) => e.message))).toEqual(
      new Set([`no FYERS access token is stored in ssm:${PREFIX}`]),
    );
  });

  test("fault: AWS denies the reader: one read per 10 s, each error naming the reader policy and the two parameters; the tokens stay", async ({
    guard,
  }) => {
    const { secrets } = seed();
    const before = snapshot();
    ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const result = hammered(await runConsumer(guard, ["hammer"], { SECONDS: "30" }, secrets));
    expect(getParameters()).toHaveLength(3);
    expect(result.errors).toHaveLength(3);
    for (const error of result.errors) {
      expect(error.code).toBe("store_failed");
      expect(error.hint).toContain(`ssm:GetParameters on ${PREFIX}/client_id and access_token`);
      expect(error.hint).toContain("docs/iam/fyers-token-reader-policy.json");
    }
    expect(snapshot()).toEqual(before);
  });

  test("fault: a reader policy without refresh_token: the consumer gets its token, asking only client_id and access_token", async ({
    guard,
  }) => {
    const { secrets } = seed();
    ssm.fail({ failure: "access_denied", op: "GetParameters", name: NAMES.refreshToken });
    const run = await runConsumer(guard, ["once"], {}, secrets);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usable for ${CLIENT_ID} until \\d{4}-`));
    expect(getParameters().map((r) => r.body.Names)).toEqual([[NAMES.clientId, NAMES.accessToken]]);
  });

  test("bad input: tokens of another FYERS app beside the stored client id: an error naming both, the tokens stay", async ({
    guard,
  }) => {
    const { secrets } = seed(makeAccessToken({ expSeconds: 6 * 3600, appId: "ZYXWV98765-100" }));
    const before = snapshot();
    const run = await runConsumer(guard, ["once"], {}, secrets);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `store_corrupt: the FYERS access token in ssm:${PREFIX}/access_token is for app ZYXWV98765, not the client id ${CLIENT_ID} stored in ssm:${PREFIX}/client_id`,
    );
    expect(run.stderr).toContain("hint: the tokens and the client id come from different FYERS apps");
    expect(snapshot()).toEqual(before);
  });

  test("bad input: a marginSeconds that is not seconds ('5m', -1) is refused naming the option, before any read", async ({
    guard,
  }) => {
    const { secrets } = seed();
    for (const margin of ['"5m"', "-1"]) {
      const run = await runConsumer(guard, ["hammer"], { SECONDS: "1", MARGIN: margin }, secrets);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^invalid_config: marginSeconds: (5m|-1) is not between 0 and 86400\n/);
    }
    expect(ssm.requests).toHaveLength(0);
  });
});

function python(args: string[], environment: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(PYTHON, args, { env: environment, cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("the Python reader, examples/python/fyers_token.py (issue 16)", needTool("boto3"), () => {
  test("bad input: hostile token payloads (nested thousands deep, not an object, not base64, a huge exp) never give a traceback", async ({
    guard,
  }) => {
    const header = Buffer.from('{"alg":"HS256"}').toString("base64url");
    const part = (text: string) => Buffer.from(text).toString("base64url");
    const payloads = [
      part("[".repeat(2500)),
      part('{"a":'.repeat(900)),
      part('["exp", 1]'),
      "!!not*base64!!",
      part(`{"exp": 1${"0".repeat(5000)}}`),
      part('{"exp": 1e400}'),
    ];
    for (const payload of payloads) {
      const token = `${header}.${payload}.signature-part-x`;
      const { secrets } = seed(token);
      const run = scanned(guard, "fyers_token.py", await python([PYTHON_READER], env()), secrets);
      expect(run.stderr, payload.slice(0, 20)).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("expires: unknown (not a JWT with an exp)");
    }
  });

  test("bad input: configuration errors are exit 2 with one clean line: endpoint, region, boto3 missing", async ({
    guard,
  }) => {
    const { secrets } = seed();
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [
        [PYTHON_READER],
        { AWS_ENDPOINT_URL_SSM: "not a url" },
        /^error: AWS_ENDPOINT_URL_SSM: "not a url" is not an http\(s\) URL/,
      ],
      [[PYTHON_READER], { AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:port" }, /^error: AWS_ENDPOINT_URL_SSM: /],
      [
        [PYTHON_READER],
        { AWS_REGION: "bad region!" },
        /^error: AWS_REGION: "bad region!" is not an AWS region/,
      ],
      [
        ["-S", PYTHON_READER],
        {},
        /^error: boto3 is not installed .*apt-get install python3-boto3.*pip install boto3/,
      ],
    ];
    for (const [args, extra, message] of cases) {
      const run = scanned(guard, "fyers_token.py", await python(args, env(extra)), secrets);
      expect(run.code, JSON.stringify(extra)).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stdout).toBe("");
    }
    expect(ssm.requests).toHaveLength(0);
  });

  test("fault: ASCII-only stdout, a policy without refresh_token, tokens of another app: clean answers, the tokens stay", async ({
    guard,
  }) => {
    const { secrets } = seed();
    const before = snapshot();
    ssm.fail({ failure: "access_denied", op: "GetParameters", name: NAMES.refreshToken });
    const ascii = scanned(
      guard,
      "fyers_token.py",
      await python([PYTHON_READER], env({ PYTHONIOENCODING: "ascii" })),
      secrets,
    );
    expect(ascii.stderr).toBe("");
    expect(ascii.code).toBe(0);
    expect(ascii.stdout).toMatch(new RegExp(`^Authorization: ${CLIENT_ID}:.{8}\\.\\.\\.  \\(`));
    const other = makeAccessToken({ expSeconds: 3600, appId: "ZYXWV98765-100" });
    ssm.put(NAMES.accessToken, other);
    const mismatch = scanned(guard, "fyers_token.py", await python([PYTHON_READER], env()), [
      ...secrets,
      other,
    ]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(
      /^error: the FYERS access token .* is for app ZYXWV98765, not the client id ABCDE12345-100/,
    );
    expect(getParameters().map((r) => r.body.Names)).toEqual([
      [NAMES.clientId, NAMES.accessToken],
      [NAMES.clientId, NAMES.accessToken],
    ]);
    expect(snapshot().filter(([name]) => name !== NAMES.accessToken)).toEqual(
      before.filter(([name]) => name !== NAMES.accessToken),
    );
  });
});
