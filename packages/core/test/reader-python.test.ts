// examples/python/fyers_token.py run as a user runs it: Debian's /usr/bin/python3 and its boto3
// against the SSM fake over HTTP; every run's output scanned for the stored token.
import { execFile, execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
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
function python(args: string[], environment: NodeJS.ProcessEnv, cwd = home, program = PYTHON): Promise<Run> {
  return new Promise((resolve) => {
    execFile(program, args, { env: environment, cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs the script and records the leak scan in the task's meta, as the acceptance suites do. */
async function script(
  task: TestContext["task"],
  secrets: string[],
  environment = env(),
  command: { program?: string; args?: string[] } = {},
): Promise<Run> {
  const run = await python(command.args ?? [SCRIPT], environment, home, command.program);
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
  it("bad input: a token whose JWT payload is nested thousands deep: no traceback, expiry unknown", async ({
    task,
  }) => {
    const header = Buffer.from('{"alg":"HS256"}').toString("base64url");
    const token = `${header}.${Buffer.from("[".repeat(2500)).toString("base64url")}.signature-part-x`;
    seed(token);
    const run = await script(task, [token]);
    expect(run.stderr).not.toContain("Traceback");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("expires: unknown (not a JWT with an exp)");
  });

  it("bad input: an AWS_ENDPOINT_URL_SSM that is not an http(s) URL is refused (exit 2) naming it, before any call", async ({
    task,
  }) => {
    for (const endpoint of [
      "not a url",
      "http://",
      "ftp://ssm.example",
      "http://127.0.0.1:port",
      "http://[::1",
    ]) {
      const run = await script(task, [], env({ AWS_ENDPOINT_URL_SSM: endpoint }));
      expect(run.stderr, endpoint).not.toContain("Traceback");
      expect(run.code, endpoint).toBe(2);
      expect(run.stderr).toBe(
        `error: AWS_ENDPOINT_URL_SSM: "${endpoint}" is not an http(s) URL; unset it to use AWS, or set one like https://ssm.ap-south-1.amazonaws.com\n`,
      );
    }
    expect(ssm.requests).toHaveLength(0);
  });

  it("bad input: an AWS_REGION that is not a region is refused (exit 2) naming it", async ({ task }) => {
    const run = await script(task, [], env({ AWS_REGION: "bad region!" }));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: AWS_REGION: "bad region!" is not an AWS region; e.g. AWS_REGION=ap-south-1\n',
    );
  });

  it("ASCII-only stdout (PYTHONIOENCODING=ascii, LANG=C): the masked header prints, exit 0", async ({
    task,
  }) => {
    const token = makeAccessToken({ expSeconds: 3600 });
    seed(token);
    for (const extra of [{ PYTHONIOENCODING: "ascii" }, { LANG: "C", LC_ALL: "C" }]) {
      const run = await script(task, [token], env(extra));
      expect(run.stderr, JSON.stringify(extra)).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(
          `^Authorization: ${CLIENT_ID}:${token.slice(0, 8)}(…|\\.\\.\\.)  \\(${token.length} characters, masked\\)\n`,
        ),
      );
    }
  });

  it("bad input: boto3 not importable (python3 -S): exit 2 saying how to install it, no traceback", async ({
    task,
  }) => {
    const run = await script(task, [], env(), { args: ["-S", SCRIPT] });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: boto3 is not installed for this Python (${PYTHON}): install it with \`apt-get install python3-boto3\` (Debian, Ubuntu) or \`pip install boto3\`\n`,
    );
    expect(ssm.requests).toHaveLength(0);
  });

  it("the file is executable (0755, in git too) and runs as ./fyers_token.py", async ({ task }) => {
    expect(statSync(SCRIPT).mode & 0o777).toBe(0o755);
    const index = execFileSync("git", ["ls-files", "-s", "examples/python/fyers_token.py"], { cwd: REPO });
    expect(index.toString()).toMatch(/^100755 /);
    seed(makeAccessToken({ expSeconds: 3600 }));
    const run = await script(task, [], env(), { program: SCRIPT, args: [] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Authorization: ${CLIENT_ID}:`);
  });

  it("fault: a token whose app_id is not the stored client id's: exit 1 naming both", async ({ task }) => {
    const token = makeAccessToken({ expSeconds: 3600, appId: "ZYXWV98765-100" });
    seed(token);
    const run = await script(task, [token]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `error: the FYERS access token in ssm:${PREFIX}/access_token is for app ZYXWV98765, not the client id ${CLIENT_ID} stored in ssm:${PREFIX}/client_id: log in again with the app whose id is stored\n`,
    );
  });
});
