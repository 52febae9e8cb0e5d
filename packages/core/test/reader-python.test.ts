// examples/python/fyers_token.py run as a user runs it: Debian's /usr/bin/python3 and its boto3
// against the SSM fake over HTTP; every run's output scanned for the stored token.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeAccessToken, type SsmFake, startSsmFake } from "@fyers-token/testkit";
import { findSecrets, needTool, REPO } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from "vitest";
import { READER_POLICY_FILE } from "../src/lifecycle/reader.js";
import { parameterNames } from "../src/store/ssm.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(REPO, "examples/python/fyers_token.py");
const PREFIX = "/stock-pipeline/fyers";
const names = parameterNames(PREFIX);
const CLIENT_ID = "ABCDE12345-100";
let ssm: SsmFake;
let home: string;

beforeAll(async () => {
  ssm = await startSsmFake();
  home = await mkdtemp(join(tmpdir(), "fyers-python-"));
});
afterAll(async () => {
  await ssm.close();
  await rm(home, { recursive: true, force: true });
});
beforeEach(() => {
  ssm.parameters.clear();
  ssm.requests.length = 0;
  ssm.clearFailures();
});

/** Only AWS_REGION (not AWS_DEFAULT_REGION): the script must honour the README's name. */
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: "/usr/bin:/bin",
  HOME: home,
  AWS_REGION: "ap-south-1",
  AWS_ENDPOINT_URL_SSM: ssm.endpoint,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_CONFIG_FILE: join(home, "none"),
  AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
  AWS_EC2_METADATA_DISABLED: "true",
  PYTHONDONTWRITEBYTECODE: "1", // no __pycache__ in examples/
  ...extra,
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function python(args: string[], environment: NodeJS.ProcessEnv, cwd = home): Promise<Run> {
  return new Promise((resolve) => {
    execFile(PYTHON, args, { env: environment, cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs the script and records the leak scan in the task's meta, as the acceptance suites do. */
async function script(task: TestContext["task"], secrets: string[], environment = env()): Promise<Run> {
  const run = await python([SCRIPT], environment);
  const leaks = findSecrets(run.stdout + run.stderr, secrets);
  const meta = task.meta as { leaks?: number; runsScanned?: number };
  meta.runsScanned = (meta.runsScanned ?? 0) + 1;
  meta.leaks = (meta.leaks ?? 0) + leaks.length;
  expect(leaks, "the script's output shows the token").toEqual([]);
  return run;
}

function seed(accessToken: string, prefix = PREFIX) {
  const at = parameterNames(prefix);
  ssm.put(at.clientId, CLIENT_ID);
  ssm.put(at.accessToken, accessToken);
  ssm.put(at.refreshToken, makeAccessToken({ expSeconds: 10 * 86400 }));
}

describe("examples/python/fyers_token.py (Debian's python3 and boto3)", needTool("boto3"), () => {
  it("prints the Authorization header's shape with the token masked, from ONE GetParameters", async ({
    task,
  }) => {
    const token = makeAccessToken({ expSeconds: 6 * 3600 });
    seed(token);
    const run = await script(task, [token]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Authorization: ${CLIENT_ID}:${token.slice(0, 8)}…  (${token.length} characters, masked)`,
    );
    expect(run.stdout).toMatch(/expires: \d{4}-\d\d-\d\d \d\d:\d\d IST/);
    expect(ssm.requests.map((r) => r.op)).toEqual(["GetParameters"]);
    expect(ssm.requests[0]?.body).toEqual({
      Names: [names.clientId, names.accessToken],
      WithDecryption: true,
    });
  });

  it("asks only for parameters the reader policy allows", async ({ task }) => {
    seed(makeAccessToken({ expSeconds: 3600 }));
    await script(task, []);
    const policy = JSON.parse(readFileSync(join(REPO, READER_POLICY_FILE), "utf8")) as {
      Statement: Array<{ Action: string | string[]; Resource: string | string[] }>;
    };
    const allowed = policy.Statement.filter((s) => [s.Action].flat().includes("ssm:GetParameters")).flatMap(
      (s) => [s.Resource].flat(),
    );
    const asked = (ssm.requests[0]?.body.Names ?? []) as string[];
    expect(asked.length).toBe(2);
    for (const name of asked) expect(allowed).toContain(`arn:aws:ssm:*:*:parameter${name}`);
  });

  it("as a module: access_token() returns (client_id, token); LoginRequired when none is stored", async () => {
    const token = makeAccessToken({ expSeconds: 3600 });
    seed(token, "/desk/fyers");
    const code = [
      "from fyers_token import access_token, LoginRequired",
      'client_id, token = access_token(prefix="/desk/fyers")',
      `print(client_id, token == ${JSON.stringify(token)})`,
      "try:",
      "    access_token()",
      "except LoginRequired as error:",
      '    print("LoginRequired:", error)',
    ].join("\n");
    const run = await python(["-c", code], env({ PYTHONPATH: join(REPO, "examples/python") }));
    expect(run.stderr).toBe("");
    expect(run.stdout.trim().split("\n")).toEqual([
      `${CLIENT_ID} True`,
      "LoginRequired: no FYERS access token is stored in ssm:/stock-pipeline/fyers",
    ]);
  });

  it("FYERS_SSM_PREFIX picks another prefix for the script", async ({ task }) => {
    seed(makeAccessToken({ expSeconds: 3600 }), "/desk/fyers");
    const run = await script(task, [], env({ FYERS_SSM_PREFIX: "/desk/fyers" }));
    expect(run.code).toBe(0);
    expect(ssm.requests[0]?.body.Names).toEqual(["/desk/fyers/client_id", "/desk/fyers/access_token"]);
  });

  it("exit 3 when a login is needed: an expired token, or one with under a minute left", async ({ task }) => {
    const expired = makeAccessToken({ expSeconds: -60 });
    seed(expired);
    const run = await script(task, [expired]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^login required: the FYERS access token in ssm:\/stock-pipeline\/fyers expired at \d{4}-\d\d-\d\d \d\d:\d\d IST\n/,
    );
    expect(run.stderr).toContain("hint: open the login link in the fyers-token workflow's issue");
    const dying = makeAccessToken({ expSeconds: 30 });
    seed(dying);
    const soon = await script(task, [dying]);
    expect(soon.code).toBe(3);
    expect(soon.stderr).toMatch(/access token in ssm:\/stock-pipeline\/fyers expires at/);
  });

  it("exit 3 when nothing is stored", async ({ task }) => {
    const run = await script(task, []);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      "login required: no FYERS access token is stored in ssm:/stock-pipeline/fyers",
    );
  });

  it("a token whose exp is unreadable (milliseconds) is usable, expiry unknown", async ({ task }) => {
    const header = Buffer.from('{"alg":"HS256"}').toString("base64url");
    const body = Buffer.from(JSON.stringify({ exp: Date.now() + 3600_000 })).toString("base64url");
    const token = `${header}.${body}.signature-part-x`;
    seed(token);
    const run = await script(task, [token]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("expires: unknown (not a JWT with an exp)");
  });

  it("fault: AWS denies GetParameters: exit 1 naming the reader policy", async ({ task }) => {
    const token = makeAccessToken({ expSeconds: 3600 });
    seed(token);
    ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const run = await script(task, [token]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "AWS denied ssm:GetParameters on /stock-pipeline/fyers/client_id and access_token",
    );
    expect(run.stderr).toContain(READER_POLICY_FILE);
    expect(run.stderr).not.toContain("Traceback");
  });

  it("fault: KMS refuses to decrypt: exit 1 naming kms:Decrypt and the policy", async ({ task }) => {
    seed(makeAccessToken({ expSeconds: 3600 }));
    ssm.fail({ failure: "kms", op: "GetParameters" });
    const run = await script(task, []);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/AWS KMS refused to decrypt .*kms:Decrypt/);
  });

  it("fault: SSM answers 500 then recovers: the retry succeeds", async ({ task }) => {
    seed(makeAccessToken({ expSeconds: 3600 }));
    ssm.fail({ failure: "internal", op: "GetParameters", times: 1 });
    const run = await script(task, []);
    expect(run.code).toBe(0);
    expect(ssm.requests.map((r) => r.op)).toEqual(["GetParameters", "GetParameters"]);
  });

  it("fault: SSM unreachable: exit 1, a clear error within the deadline, no traceback", async ({ task }) => {
    const run = await script(task, [], env({ AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:9" }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: AWS SSM could not be reached \(\w+\)/);
    expect(run.stderr).not.toContain("Traceback");
  });

  it("bad input: a FYERS_SSM_PREFIX without its leading slash is refused (exit 2) before any call, not 'login required'", async ({
    task,
  }) => {
    const run = await script(task, [], env({ FYERS_SSM_PREFIX: "stock-pipeline/fyers" }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error: FYERS_SSM_PREFIX: "stock-pipeline/fyers" is not an SSM path prefix; use one like /stock-pipeline/fyers',
    );
    expect(ssm.requests).toHaveLength(0);
  });

  it("bad input: a FYERS_SSM_PREFIX with a trailing slash reads the same parameters as without", async ({
    task,
  }) => {
    const token = makeAccessToken({ expSeconds: 3600 });
    seed(token);
    const run = await script(task, [token], env({ FYERS_SSM_PREFIX: "/stock-pipeline/fyers/" }));
    expect(run.code, run.stderr).toBe(0);
    expect(ssm.requests[0]?.body.Names).toEqual([`${PREFIX}/client_id`, `${PREFIX}/access_token`]);
  });

  it("bad input: no region at all is refused (exit 2) naming AWS_REGION", async ({ task }) => {
    const run = await script(task, [], { ...env(), AWS_REGION: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: AWS_REGION: no AWS region set");
  });
});
