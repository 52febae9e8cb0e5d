// doctor.ts against the fakes, run as a person runs it: SSM (the real SDK), the REAL callback
// bundle behind the function-URL stand-in, Telegram; a good set-up and each broken one.
import { tmpdir } from "node:os";
import {
  type FyersFake,
  makeAccessToken,
  makeRefreshToken,
  type SsmFake,
  startFyersFake,
  startSsmFake,
  startTelegramFake,
  type TelegramFake,
} from "@fyers-token/testkit";
import { expectNoSecrets, freePort, REPO, runScript } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildBundle,
  type LocalLambda,
  PARAMS,
  startLocalLambda,
} from "../../callback/test/support/lambda.js";

interface Checks {
  checks: Array<{ name: string; ok: boolean; detail: string; fix: string | null }>;
}

let fyers: FyersFake;
let telegram: TelegramFake;
let callback: LocalLambda;
let callbackUrl: string;
let tokens: { accessToken: string; refreshToken: string };

beforeAll(async () => {
  buildBundle();
  [fyers, telegram] = await Promise.all([startFyersFake(), startTelegramFake()]);
  tokens = fyers.issueTokens();
}, 60_000);
afterAll(async () => {
  await Promise.all([callback?.close(), fyers?.close(), telegram?.close()]);
});

/** An SSM as a finished set-up holds it: client id, app secret, both tokens, all SecureString. */
async function goodSsm(): Promise<SsmFake> {
  const ssm = await startSsmFake();
  ssm.put(PARAMS.clientId, fyers.clientId);
  ssm.put(PARAMS.appSecret, fyers.appSecret);
  ssm.put(PARAMS.accessToken, tokens.accessToken);
  ssm.put(PARAMS.refreshToken, tokens.refreshToken);
  return ssm;
}

/** The callback over `ssm`, on a port known before it starts (its redirect is http://127.0.0.1:PORT/callback). */
async function startCallback(
  ssm: SsmFake,
  redirectUri?: string,
): Promise<{ lambda: LocalLambda; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const lambda = await startLocalLambda({
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    FYERS_API_URL: fyers.baseUrl,
    FYERS_REDIRECT_URI: redirectUri ?? `${url}/callback`,
    LOCAL_LAMBDA_PORT: String(port),
  });
  return { lambda, url };
}

function doctorEnv(ssm: SsmFake, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = tmpdir();
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AWS_REGION: "ap-south-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: `${home}/no-aws-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${home}/no-aws-credentials`,
    ...extra,
  };
}

async function doctor(ssm: SsmFake, args: string[], extra: Record<string, string> = {}) {
  const run = await runScript("doctor.ts", args, { cwd: REPO, env: doctorEnv(ssm, extra) });
  const secrets = [
    fyers.appSecret,
    fyers.appIdHash,
    telegram.botToken,
    tokens.accessToken,
    tokens.refreshToken,
  ];
  expectNoSecrets(run.stdout + run.stderr, secrets, "doctor.ts");
  return run;
}

async function doctorJson(ssm: SsmFake, args: string[], extra: Record<string, string> = {}) {
  const run = await doctor(ssm, [...args, "--json"], extra);
  return { ...run, json: JSON.parse(run.stdout) as Checks };
}

const failing = (json: Checks) => json.checks.filter((c) => !c.ok);

/** No write to SSM, no message, no token issued: the doctor only reads. */
function expectReadOnly(ssm: SsmFake, fyersBefore: number): void {
  expect(ssm.requests.map((r) => r.op).filter((op) => !/^Get|^Describe/.test(op))).toEqual([]);
  expect(telegram.messages).toEqual([]);
  const issuing = fyers.requests.slice(fyersBefore).filter((r) => /validate-|generate-authcode/.test(r.path));
  expect(issuing).toEqual([]);
}

describe("doctor.ts: a good set-up", () => {
  it("every check ✓ (region, identity, each parameter, both tokens, app_secret, callback, Telegram), exit 0, nothing written", async () => {
    const ssm = await goodSsm();
    ({ lambda: callback, url: callbackUrl } = await startCallback(ssm));
    const fyersBefore = fyers.requests.length;
    const telegramEnv = {
      FYERS_TELEGRAM_BOT_TOKEN: telegram.botToken,
      FYERS_TELEGRAM_CHAT_ID: telegram.chatId,
      TELEGRAM_API_URL: telegram.url,
    };
    const run = await doctor(ssm, ["--callback-url", `${callbackUrl}/`], telegramEnv);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(
      lines.every((line) => line.startsWith("✓ ")),
      run.stdout,
    ).toBe(true);
    expect(lines.map((line) => line.slice(2, line.indexOf(":")))).toEqual([
      "AWS region",
      "AWS identity",
      PARAMS.clientId,
      PARAMS.accessToken,
      PARAMS.refreshToken,
      PARAMS.appSecret,
      "access token",
      "refresh token",
      "callback /login",
      "Telegram bot",
      "Telegram chat",
    ]);
    expect(run.stdout).toContain("✓ AWS region: ap-south-1 (from AWS_REGION)");
    expect(run.stdout).toContain(
      "✓ AWS identity: credentials from AWS_ACCESS_KEY_ID accepted by SSM; account 123456789012",
    );
    expect(run.stdout).toContain(
      `✓ callback /login: 302 to FYERS with client_id ${fyers.clientId} and redirect_uri ${callbackUrl}/callback`,
    );
    expect(run.stdout).toContain("✓ Telegram bot: getMe: @fyers_token_bot");
    expect(run.stderr).toContain("all 11 checks hold");
    // The login key never shows: the doctor names the URL without it.
    expect(run.stdout).not.toMatch(/k=[\w-]{43}/);
    // One read is the doctor's, one the callback's (its /login): nothing else.
    expect(ssm.requests.map((r) => r.op)).toEqual(["GetParameters", "GetParameters"]);
    expect(telegram.requests.map((r) => r.path.split("/").pop())).toEqual(["getMe", "getChat"]);
    expectReadOnly(ssm, fyersBefore);
    await ssm.close();
  });

  it("--json: {checks:[{name, ok, detail, fix}]}, fix null when ok", async () => {
    const ssm = await goodSsm();
    const { json, code } = await doctorJson(ssm, []);
    expect(code).toBe(0);
    expect(json.checks.length).toBe(7);
    for (const check of json.checks) {
      expect(Object.keys(check)).toEqual(["name", "ok", "detail", "fix"]);
      expect(check).toMatchObject({ ok: true, fix: null });
    }
    await ssm.close();
  });
});

describe.concurrent("doctor.ts: each broken set-up is one ✗ with its fix, exit 1", () => {
  it("a missing parameter (refresh_token)", async () => {
    const ssm = await goodSsm();
    ssm.parameters.delete(PARAMS.refreshToken);
    const { json, code, stdout } = await doctorJson(ssm, []);
    expect(code).toBe(1);
    expect(failing(json)).toEqual([
      expect.objectContaining({
        name: PARAMS.refreshToken,
        detail: "missing",
        fix: expect.stringContaining("log in"),
      }),
    ]);
    expect(JSON.parse(stdout)).toEqual(json);
    await ssm.close();
  });

  it("a String, not a SecureString (client_id)", async () => {
    const ssm = await goodSsm();
    ssm.put(PARAMS.clientId, fyers.clientId, "String");
    const run = await doctor(ssm, []);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `^✗ ${PARAMS.clientId}: a String parameter, not SecureString.* → fix: store it again as a SecureString`,
        "m",
      ),
    );
    await ssm.close();
  });

  it("expired tokens: both ✗, the fix is a login", async () => {
    const ssm = await goodSsm();
    const longAgo = Date.now() - 20 * 86_400_000;
    ssm.put(PARAMS.accessToken, makeAccessToken({ nowMs: longAgo }));
    ssm.put(PARAMS.refreshToken, makeRefreshToken({ nowMs: longAgo }));
    const { json, code } = await doctorJson(ssm, []);
    expect(code).toBe(1);
    expect(failing(json).map((c) => c.name)).toEqual(["access token", "refresh token"]);
    for (const check of failing(json)) {
      expect(check.detail).toMatch(/^expired at \d{4}-\d\d-\d\d 06:00 IST$/);
      expect(check.fix).toContain("login-link.ts");
    }
    await ssm.close();
  });

  it("no app_secret with --callback-url: that parameter ✗, the callback not checked", async () => {
    const ssm = await goodSsm();
    ssm.parameters.delete(PARAMS.appSecret);
    const { json, code } = await doctorJson(ssm, [
      "--callback-url",
      "https://abc.lambda-url.ap-south-1.on.aws",
    ]);
    expect(code).toBe(1);
    expect(failing(json).map((c) => [c.name, c.detail])).toEqual([
      [PARAMS.appSecret, "missing"],
      ["callback /login", expect.stringContaining("not checked")],
    ]);
    expect(failing(json)[0]?.fix).toContain("put-parameters.ts --app-secret -");
    await ssm.close();
  });

  it("a callback that sends another redirect_uri than its URL's /callback", async () => {
    const ssm = await goodSsm();
    const { lambda, url } = await startCallback(ssm, "https://login.example.com/callback");
    try {
      const { json, code } = await doctorJson(ssm, ["--callback-url", url]);
      expect(code).toBe(1);
      expect(failing(json)).toEqual([
        expect.objectContaining({
          name: "callback /login",
          detail: `the callback sends redirect_uri https://login.example.com/callback, not ${url}/callback`,
          fix: expect.stringContaining(`register ${url}/callback`),
        }),
      ]);
    } finally {
      await lambda.close();
    }
    await ssm.close();
  });

  it("FYERS_REDIRECT_URI set to another URL than the callback's", async () => {
    const ssm = await goodSsm();
    const { lambda, url } = await startCallback(ssm);
    try {
      const { json, code } = await doctorJson(ssm, ["--callback-url", url], {
        FYERS_REDIRECT_URI: "https://trade.fyers.in/api-login/redirect-to-app",
      });
      expect(code).toBe(1);
      expect(failing(json)).toEqual([
        expect.objectContaining({
          name: "callback /login",
          detail: `FYERS_REDIRECT_URI is https://trade.fyers.in/api-login/redirect-to-app, the callback's is ${url}/callback`,
          fix: `set FYERS_REDIRECT_URI=${url}/callback (the redirect URL registered at FYERS), or unset it`,
        }),
      ]);
    } finally {
      await lambda.close();
    }
    await ssm.close();
  });

  it("a callback that reads another app secret (another prefix or region): the key is refused, 404 named", async () => {
    const [ssm, theirs] = await Promise.all([goodSsm(), goodSsm()]);
    theirs.put(PARAMS.appSecret, "ANOTHERSECRET77");
    const { lambda, url } = await startCallback(theirs);
    try {
      const { json, code } = await doctorJson(ssm, ["--callback-url", url]);
      expect(code).toBe(1);
      expect(failing(json)).toEqual([
        expect.objectContaining({
          name: "callback /login",
          detail: `${url}/login?k=… answered 404, not a 302 to FYERS`,
          fix: expect.stringContaining("the key does not match"),
        }),
      ]);
    } finally {
      await lambda.close();
    }
    await Promise.all([ssm.close(), theirs.close()]);
  });

  it("Telegram: a wrong bot token, and a chat the bot cannot reach", async () => {
    const ssm = await goodSsm();
    const base = { TELEGRAM_API_URL: telegram.url, FYERS_TELEGRAM_CHAT_ID: telegram.chatId };
    const badToken = await doctorJson(ssm, [], {
      ...base,
      FYERS_TELEGRAM_BOT_TOKEN: "7000000001:AAHwrongwrongwrongwrong",
    });
    expect(badToken.code).toBe(1);
    expect(failing(badToken.json)).toEqual([
      expect.objectContaining({
        name: "Telegram bot",
        detail: "getMe: Unauthorized",
        fix: expect.stringContaining("@BotFather"),
      }),
    ]);
    const badChat = await doctorJson(ssm, [], {
      ...base,
      FYERS_TELEGRAM_BOT_TOKEN: telegram.botToken,
      FYERS_TELEGRAM_CHAT_ID: "999",
    });
    expect(badChat.code).toBe(1);
    expect(failing(badChat.json)).toEqual([
      expect.objectContaining({
        name: "Telegram chat",
        detail: "getChat 999: Bad Request: chat not found",
        fix: expect.stringContaining("send /start to the bot"),
      }),
    ]);
    expect(telegram.messages).toEqual([]);
    await ssm.close();
  });

  it("SSM unreachable: the identity ✗ names the endpoint; nothing else is claimed", async () => {
    const ssm = await goodSsm();
    await ssm.close();
    const { json, code } = await doctorJson(ssm, []);
    expect(code).toBe(1);
    expect(json.checks.map((c) => [c.name, c.ok])).toEqual([
      ["AWS region", true],
      ["AWS identity", false],
    ]);
    expect(json.checks[1]?.detail).toBe(`SSM did not answer at ${ssm.endpoint} (ECONNREFUSED)`);
    expect(json.checks[1]?.fix).toContain("AWS_ENDPOINT_URL_SSM");
  });

  it("no AWS credentials anywhere: the identity ✗ says how to configure them, SSM never asked", async () => {
    const ssm = await goodSsm();
    const env = doctorEnv(ssm);
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const run = await runScript("doctor.ts", ["--json"], { cwd: REPO, env });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as Checks;
    expect(failing(json)).toEqual([
      {
        name: "AWS identity",
        ok: false,
        detail: "no AWS credentials found (the default profile or an instance role)",
        fix: "configure credentials: aws configure, or export AWS_PROFILE=NAME (aws sso login for SSO)",
      },
    ]);
    expect(ssm.requests).toEqual([]);
    await ssm.close();
  });

  it("no region anywhere: refused with how to set it", async () => {
    const ssm = await goodSsm();
    const env = doctorEnv(ssm);
    delete env.AWS_REGION;
    const run = await runScript("doctor.ts", ["--json"], { cwd: REPO, env });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as Checks;
    expect(json.checks[0]).toMatchObject({ name: "AWS region", ok: false });
    expect(json.checks[0]?.fix).toContain("export AWS_REGION=");
    expect(ssm.requests).toEqual([]);
    await ssm.close();
  });
});

describe.concurrent("doctor.ts: bad usage exits 2", () => {
  it.for([
    [["--callback-url", "not a url"], 'error: --callback-url: "not a url" is not a URL'],
    [
      ["--callback-url", "http://abc.lambda-url.ap-south-1.on.aws/"],
      "error: --callback-url: must be an https:// URL",
    ],
    [["--bogus"], "error: Unknown option '--bogus'"],
  ])("%j", async ([args, message]) => {
    const ssm = await startSsmFake();
    const run = await runScript("doctor.ts", args as string[], { cwd: REPO, env: doctorEnv(ssm) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
    expect(ssm.requests, "nothing checked").toEqual([]);
    await ssm.close();
  });

  it("--help: usage with an example, exit 0", async () => {
    const ssm = await startSsmFake();
    const run = await runScript("doctor.ts", ["--help"], { cwd: REPO, env: doctorEnv(ssm) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("usage: npx tsx packages/scripts/doctor.ts");
    expect(run.stdout).toContain("--callback-url URL");
    await ssm.close();
  });
});
