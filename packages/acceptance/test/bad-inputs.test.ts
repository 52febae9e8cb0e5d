// Bad input is refused before any network call: exit 2 from a script, a failed step from the
// action, with a message that names the input and the form it expects. The same table, as prose,
// is in docs/bad-inputs.md.
import { makeAccessToken } from "@fyers-token/testkit";
import {
  createSandbox,
  findSecrets,
  PARAM,
  REPO,
  runAction,
  runScript,
  type Sandbox,
  startFakes,
} from "@fyers-token/testkit/harness";
import { describe, expect, it, type TaskMeta } from "vitest";

interface ScriptCase {
  case: string;
  script: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  /** The variable, flag or input the message must name. */
  names: string;
  /** What the message or hint must say about the expected form. */
  form: RegExp;
}

interface ActionCase {
  case: string;
  inputs: Record<string, string>;
  names: string;
  form: RegExp;
}

const LOOPBACK = "http://127.0.0.1:8765/fyers";
const NO_AUTH_CODE_URL = "https://trade.fyers.in/api-login/redirect-to-app?s=ok&state=x";

const SCRIPT_CASES: ScriptCase[] = [
  {
    case: "client id without its suffix",
    script: "verify.ts",
    env: { FYERS_CLIENT_ID: "ABCDE12345" },
    names: "FYERS_CLIENT_ID",
    form: /ABCDE12345-100/,
  },
  {
    case: "client id of the wrong shape (flag)",
    script: "verify.ts",
    args: ["--client-id", "abc"],
    names: "--client-id",
    form: /looks like ABCDE12345-100/,
  },
  {
    case: "client id missing",
    script: "auth-url.ts",
    env: { FYERS_CLIENT_ID: undefined },
    names: "FYERS_CLIENT_ID",
    form: /e\.g\. ABCDE12345-100/,
  },
  {
    case: "PIN with a letter",
    script: "refresh.ts",
    env: { FYERS_PIN: "12a4" },
    names: "FYERS_PIN",
    form: /4 digits/,
  },
  {
    case: "PIN too long",
    script: "refresh.ts",
    env: { FYERS_PIN: "123456" },
    names: "FYERS_PIN",
    form: /4 digits/,
  },
  {
    case: "app secret with white space",
    script: "exchange.ts",
    args: ["--auth-code", "-"],
    env: { FYERS_APP_SECRET: "abc def" },
    names: "FYERS_APP_SECRET",
    form: /copy the app secret again/,
  },
  {
    case: "auth code empty",
    script: "exchange.ts",
    args: ["--auth-code", '""'],
    names: "--auth-code",
    form: /auth_code from the redirect URL/,
  },
  {
    case: "auth code: a URL without auth_code",
    script: "exchange.ts",
    args: ["--auth-code", NO_AUTH_CODE_URL],
    names: "--auth-code",
    form: /contains auth_code=/,
  },
  {
    case: "warn-before written as words",
    script: "verify.ts",
    args: ["--warn-before", "2 hours"],
    names: "--warn-before",
    form: /1h30m/,
  },
  {
    case: "negative login timeout",
    script: "login.ts",
    args: ["--timeout=-1h"],
    env: { FYERS_REDIRECT_URI: LOOPBACK },
    names: "--timeout",
    form: /1h30m/,
  },
  {
    case: "16 login.ts --redirect-uri of plain http elsewhere: named as the flag, not FYERS_REDIRECT_URI",
    script: "login.ts",
    args: ["--redirect-uri", "http://example.com/fyers"],
    names: "error: --redirect-uri: http://example.com/fyers is plain http",
    form: /127\.0\.0\.1/,
  },
  {
    case: "11 --stor ssm: an unknown flag close to a known one",
    script: "verify.ts",
    args: ["--stor", "ssm"],
    names: "unknown option --stor; did you mean --store?",
    form: /usage: npx tsx packages\/scripts\/verify\.ts/,
  },
  {
    case: "unknown store",
    script: "verify.ts",
    env: { FYERS_STORE: "s3" },
    names: "FYERS_STORE",
    form: /"file" or "ssm"/,
  },
  {
    case: "SSM prefix without a leading slash",
    script: "get-parameters.ts",
    env: { FYERS_SSM_PREFIX: "stock-pipeline/fyers" },
    names: "FYERS_SSM_PREFIX",
    form: /starts with \//,
  },
  {
    case: "API URL without a scheme",
    script: "verify.ts",
    env: { FYERS_API_URL: "api-t1.fyers.in/api/v3" },
    names: "FYERS_API_URL",
    form: /https:\/\/api-t1\.fyers\.in\/api\/v3/,
  },
  {
    case: "non-loopback http:// redirect for login.ts",
    script: "login.ts",
    env: { FYERS_REDIRECT_URI: "http://example.com/fyers" },
    names: "FYERS_REDIRECT_URI",
    form: /https|127\.0\.0\.1/,
  },
  {
    case: "a zero FYERS timeout",
    script: "verify.ts",
    env: { FYERS_TIMEOUT: "0s" },
    names: "FYERS_TIMEOUT",
    form: /at least 1s/,
  },
  {
    case: "an unknown flag",
    script: "verify.ts",
    args: ["--bogus"],
    names: "--bogus",
    form: /usage: npx tsx packages\/scripts\/verify\.ts/,
  },
  {
    case: "a step the guide does not have",
    script: "manual-token-generator.ts",
    args: ["--step", "4"],
    names: "--step",
    form: /1, 2 or 3|1\|2\|3/,
  },
];

const ACTION_CASES: ActionCase[] = [
  {
    case: "min-remaining written as words",
    inputs: { "min-remaining": "2 hours" },
    names: "min-remaining",
    form: /1h30m/,
  },
  {
    case: "negative min-remaining",
    inputs: { "min-remaining": "-1h" },
    names: "min-remaining",
    form: /1h30m/,
  },
  { case: "warn-before without a unit", inputs: { "warn-before": "3" }, names: "warn-before", form: /1h30m/ },
  {
    case: "an unknown mode",
    inputs: { mode: "sometimes" },
    names: "mode",
    form: /auto.*refresh.*exchange.*verify/,
  },
  {
    case: "SSM prefix without a leading slash",
    inputs: { "ssm-prefix": "stock-pipeline/fyers" },
    names: "ssm-prefix",
    form: /starts with \//,
  },
  {
    case: "client id without its suffix",
    inputs: { "client-id": "ABCDE12345" },
    names: "client-id",
    form: /ABCDE12345-100/,
  },
  { case: "PIN that is not digits", inputs: { pin: "12a4" }, names: "pin", form: /4 digits/ },
  {
    case: "dry-run that is not a boolean",
    inputs: { "dry-run": "yes" },
    names: "dry-run",
    form: /true.*false/,
  },
  { case: "an unknown notify", inputs: { notify: "email" }, names: "notify", form: /issue.*none/ },
  {
    case: "mode exchange without an auth code",
    inputs: { mode: "exchange" },
    names: "auth-code",
    form: /redirect URL|auth code/,
  },
  {
    case: "auth code: a URL without auth_code",
    inputs: { "auth-code": NO_AUTH_CODE_URL },
    names: "auth-code",
    form: /contains auth_code=/,
  },
  {
    case: "API URL that is not http(s)",
    inputs: { "api-url": "ftp://api-t1.fyers.in" },
    names: "api-url",
    form: /https:\/\//,
  },
];

describe.concurrent("bad inputs through the scripts: exit 2 before any network call", () => {
  it.for(SCRIPT_CASES)("bad input: $case ($script)", async (c, { task }) => {
    const box = await createSandbox();
    try {
      // FYERS_API_URL points at the fake unless the case replaces it, so any call would show.
      const run = await box.run(c.script, c.args ?? [], { env: c.env ?? {}, stdin: "" });
      task.meta.runsScanned = 1;
      task.meta.leaks = findSecrets(`${run.stdout}\n${run.stderr}`, box.secrets).length;
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(c.names);
      expect(run.stderr).toMatch(c.form);
      expect(box.fyers.requests, "no FYERS call").toEqual([]);
      expect(box.ssm.requests, "no SSM call").toEqual([]);
    } finally {
      await box.close();
    }
  });
});

describe.concurrent("bad inputs through the action: a failed step before any network call", () => {
  it.for(ACTION_CASES)("bad input: $case (action)", async (c, { task }) => {
    const fakes = await startFakes();
    try {
      const run = await runAction(fakes, { inputs: c.inputs });
      const secrets = [fakes.fyers.appSecret, fakes.fyers.pin, fakes.fyers.appIdHash];
      const shown = run.lines.filter((line) => !line.startsWith("::add-mask::")).join("\n");
      task.meta.runsScanned = 1;
      task.meta.leaks = findSecrets(`${shown}\n${run.stderr}\n${run.summary}`, secrets).length;
      const error = run.lines.find((line) => line.startsWith("::error::")) ?? "";
      expect(run.code).toBe(1);
      expect(error.startsWith(`::error::${c.names}: `), error).toBe(true);
      expect(decodeURIComponent(error.replace(/%0A/g, "\n"))).toMatch(c.form);
      expect(fakes.fyers.requests, "no FYERS call").toEqual([]);
      expect(fakes.ssm.requests, "no SSM call").toEqual([]);
      expect(fakes.github.requests, "no GitHub call").toEqual([]);
    } finally {
      await fakes.close();
    }
  });
});

/** A run refused before any request: exit 2, naming `names`, no FYERS or SSM call, no secret shown. */
async function expectRefused(
  box: Sandbox,
  run: { code: number | null; stdout: string; stderr: string },
  names: string,
  meta: TaskMeta,
): Promise<void> {
  meta.runsScanned = 1;
  meta.leaks = findSecrets(`${run.stdout}\n${run.stderr}`, box.secrets).length;
  expect(meta.leaks, "no secret shown").toBe(0);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain(`error: ${names}`);
  expect(box.fyers.requests, "no FYERS call").toEqual([]);
  expect(box.ssm.requests, "no SSM call").toEqual([]);
}

/** A working pair in the sandbox's SSM fake, as an earlier put-parameters.ts left it. */
function seedLivePair(box: Sandbox) {
  const live = box.fyers.issueTokens();
  box.secrets.add(live.accessToken).add(live.refreshToken);
  box.ssm.put(PARAM.clientId, box.fyers.clientId);
  box.ssm.put(PARAM.accessToken, live.accessToken);
  box.ssm.put(PARAM.refreshToken, live.refreshToken);
  box.ssm.requests.length = 0;
  return live;
}

const ssmValues = (box: Sandbox) => [...box.ssm.parameters.values()].map((p) => `${p.name}=${p.value}`);

describe.concurrent("bad inputs through put-parameters.ts: nothing is written, what SSM holds stays", () => {
  it("bad input: 3 put-parameters.ts with an expired token keeps the live pair", async ({ task }) => {
    const box = await createSandbox();
    try {
      seedLivePair(box);
      const before = ssmValues(box);
      await box.seedFile({
        client_id: box.fyers.clientId,
        access_token: makeAccessToken({ expSeconds: -3600 }),
        refresh_token: box.fyers.issueTokens().refreshToken,
      });
      const run = await box.run("put-parameters.ts", [], { stdin: "" });
      await expectRefused(box, run, `access_token in ${box.tokenFile}`, task.meta);
      expect(run.stderr).toMatch(/the access token expired at .* IST; nothing was written/);
      expect(run.stderr).toContain("--force");
      expect(ssmValues(box), "the live pair stays").toEqual(before);
    } finally {
      await box.close();
    }
  });

  it("bad input: 3 put-parameters.ts --access-token '' --refresh-token x writes neither", async ({
    task,
  }) => {
    const box = await createSandbox();
    try {
      seedLivePair(box);
      const before = ssmValues(box);
      const run = await box.run("put-parameters.ts", ["--access-token", "", "--refresh-token", "x"], {
        stdin: "",
      });
      await expectRefused(box, run, "--access-token: the access token is empty", task.meta);
      expect(ssmValues(box)).toEqual(before);
    } finally {
      await box.close();
    }
  });

  it("bad input: 3 put-parameters.ts with a refresh token that is not a JWT writes neither", async ({
    task,
  }) => {
    const box = await createSandbox();
    try {
      seedLivePair(box);
      const before = ssmValues(box);
      const access = box.fyers.issueTokens().accessToken;
      box.secrets.add(access);
      const run = await box.run("put-parameters.ts", ["--access-token", "-", "--refresh-token", "x"], {
        stdin: `${access}\n`,
      });
      await expectRefused(box, run, "--refresh-token: is not a FYERS refresh token", task.meta);
      expect(ssmValues(box), "not even the valid access token").toEqual(before);
    } finally {
      await box.close();
    }
  });

  it("bad input: 9 put-parameters.ts --app-secret with the secret on argv", async ({ task }) => {
    const box = await createSandbox();
    try {
      const run = await box.run("put-parameters.ts", ["--app-secret", box.fyers.appSecret], { stdin: "" });
      await expectRefused(box, run, "--app-secret: takes only -", task.meta);
      expect(box.ssm.parameters.size).toBe(0);
    } finally {
      await box.close();
    }
  });

  it("bad input: 9 put-parameters.ts --app-secret - with a line that is not a secret", async ({ task }) => {
    const box = await createSandbox();
    try {
      const run = await box.run("put-parameters.ts", ["--app-secret", "-"], {
        stdin: "my secret is here\n",
      });
      await expectRefused(box, run, "--app-secret: what stdin gave is not an app secret", task.meta);
      expect(box.ssm.parameters.size).toBe(0);
    } finally {
      await box.close();
    }
  });
});

describe("bad inputs through demo.ts", () => {
  it("bad input: 11 demo.ts with an unknown flag: usage, exit 2, no fake started", async ({ task }) => {
    const run = await runScript("demo.ts", ["--bogus"], { cwd: REPO, env: { PATH: process.env.PATH ?? "" } });
    task.meta.runsScanned = 1;
    task.meta.leaks = findSecrets(`${run.stdout}\n${run.stderr}`, []).length;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: Unknown option '--bogus'");
    expect(run.stderr).toContain("usage: npm run demo");
    expect(run.stdout, "nothing ran").toBe("");
  });
});

it("the table has at least 20 cases", () => {
  expect(SCRIPT_CASES.length + ACTION_CASES.length).toBeGreaterThanOrEqual(20);
});
