import { appIdHash, FyersTokenError } from "@fyers-token/core";
import { actionDefaults, expr } from "@fyers-token/testkit/harness";
import { describe, expect, it } from "vitest";
import { INPUT, parseInputs, type RawInputs, readRawInputs } from "../src/inputs.js";
import { maskInputs, maskRawInputs } from "../src/masking.js";

const CLIENT_ID = "ABCDE12345-100";

/** Raw inputs as the runner passes them: action.yml defaults plus what a workflow sets. */
function raw(given: Record<string, string> = {}): RawInputs {
  const values: Record<string, string> = {
    ...actionDefaults(),
    "client-id": CLIENT_ID,
    "app-secret": "TESTSECRET99",
    pin: "1234",
    ...given,
  };
  return readRawInputs((name) => values[name] ?? "");
}

function parseError(given: Record<string, string>): FyersTokenError {
  try {
    parseInputs(raw(given));
  } catch (error) {
    if (error instanceof FyersTokenError) return error;
    throw error;
  }
  throw new Error("expected a usage error");
}

describe("parseInputs", () => {
  it("applies the action.yml defaults", () => {
    expect(parseInputs(raw())).toEqual({
      mode: "auto",
      clientId: CLIENT_ID,
      appSecret: "TESTSECRET99",
      pin: "1234",
      authCode: undefined,
      redirectUri: "https://trade.fyers.in/api-login/redirect-to-app",
      apiUrl: "https://api-t1.fyers.in/api/v3",
      ssmPrefix: "/stock-pipeline/fyers",
      kmsKeyId: undefined,
      minRemainingSeconds: 7200,
      warnBeforeSeconds: 3 * 86400,
      force: false,
      notify: ["issue"],
      channels: {},
      holidays: new Set(),
      githubToken: expr("github.token"),
      dryRun: false,
      loginLink: undefined,
    });
  });

  it("uses the interface defaults when an input is missing altogether (not run by the runner)", () => {
    const inputs = parseInputs(
      readRawInputs((name) => ({ "client-id": CLIENT_ID, "app-secret": "s3cret" })[name] ?? ""),
    );
    expect(inputs).toMatchObject({
      mode: "auto",
      minRemainingSeconds: 7200,
      notify: ["issue"],
      dryRun: false,
    });
  });

  it("reads durations, booleans, the prefix and the KMS key", () => {
    const inputs = parseInputs(
      raw({
        "min-remaining": "1h30m",
        "warn-before": "36h",
        force: "TRUE",
        "dry-run": "True",
        "ssm-prefix": "/acct/two/",
        "kms-key-id": "alias/fyers",
        notify: "none",
      }),
    );
    expect(inputs).toMatchObject({
      minRemainingSeconds: 5400,
      warnBeforeSeconds: 129600,
      force: true,
      dryRun: true,
      ssmPrefix: "/acct/two",
      kmsKeyId: "alias/fyers",
      notify: [],
    });
  });

  it("accepts the auth code as a bare code, quoted, or as the whole redirect URL", () => {
    const url =
      "https://trade.fyers.in/api-login/redirect-to-app?s=ok&code=200&auth_code=eyJcode.x.y&state=st";
    expect(parseInputs(raw({ "auth-code": url }))).toMatchObject({
      authCode: { raw: url, code: "eyJcode.x.y", state: "st" },
    });
    expect(parseInputs(raw({ "auth-code": ' "eyJcode.x.y" ' }))).toMatchObject({
      authCode: { code: "eyJcode.x.y" },
    });
  });

  it.each([
    [{ mode: "sometimes" }, INPUT.mode, '"sometimes" is not a mode'],
    [{ force: "yes" }, INPUT.force, '"yes" is not a boolean'],
    [{ "dry-run": "1" }, INPUT.dryRun, '"1" is not a boolean'],
    [{ notify: "email" }, INPUT.notify, 'unknown channel "email"'],
    [{ notify: "issue,none" }, INPUT.notify, '"none" cannot be combined'],
    [{ notify: "telegram" }, INPUT.telegramBotToken, "is not set, and notify lists telegram"],
    [
      { notify: "telegram", "telegram-bot-token": "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ" },
      INPUT.telegramChatId,
      "is not set, and notify lists telegram",
    ],
    [{ notify: "issue,webhook" }, INPUT.webhookUrl, "is not set, and notify lists webhook"],
    [
      { notify: "webhook", "webhook-url": "http://hooks.example/x" },
      INPUT.webhookUrl,
      "must be an https:// URL",
    ],
    [{ holidays: "2026-02-30" }, INPUT.holidays, '"2026-02-30" is not a date'],
    [{ "login-link": "http://x.example/login" }, INPUT.loginLink, "must be an https URL"],
    [{ "login-link": "x.example/login" }, INPUT.loginLink, "is not a URL"],
    [{ "min-remaining": "2 hours" }, INPUT.minRemaining, '"2 hours" is not a duration'],
    [{ "warn-before": "3" }, INPUT.warnBefore, '"3" is not a duration'],
    [{ "min-remaining": "1d" }, INPUT.minRemaining, "at most 23h"],
    [{ "warn-before": "-1h" }, INPUT.warnBefore, "at least 0s"],
    [{ "client-id": "" }, INPUT.clientId, "is required"],
    [{ "client-id": "ABCDE12345" }, INPUT.clientId, "is not a FYERS app id"],
    [{ "app-secret": "" }, INPUT.appSecret, "is required to exchange or refresh tokens"],
    [{ pin: "12a4" }, INPUT.pin, "must be the 4 digits"],
    [{ mode: "refresh", pin: "" }, INPUT.pin, "is required to refresh"],
    [{ mode: "exchange" }, INPUT.authCode, "is required with mode: exchange"],
    [{ "auth-code": "https://x.example/cb?s=ok&state=x" }, INPUT.authCode, "no auth_code"],
    [{ "ssm-prefix": "stock" }, INPUT.ssmPrefix, "is not an SSM path prefix"],
    [{ "api-url": "ftp://x" }, INPUT.apiUrl, "is not an http(s) URL"],
    [{ "redirect-uri": "not a url" }, INPUT.redirectUri, "is not a URL"],
  ])("rejects %j naming the input", (given, input, message) => {
    const error = parseError(given);
    expect(error.code).toBe("invalid_config");
    expect(error.message).toContain(message);
    expect(error.message.startsWith(`${input}: `)).toBe(true);
    expect(error.hint).toBeTruthy();
  });

  it("a pasted redirect of a failed login: log in again (login_required)", () => {
    const error = (() => {
      try {
        parseInputs(raw({ "auth-code": "https://x.example/cb?s=error&code=-1" }));
      } catch (e) {
        return e as FyersTokenError;
      }
    })();
    expect(error?.code).toBe("login_required");
    expect(error?.message).toContain("failed login");
  });

  it("needs no app secret or PIN for verify", () => {
    expect(parseInputs(raw({ mode: "verify", "app-secret": "", pin: "" }))).toMatchObject({
      mode: "verify",
      appSecret: undefined,
      pin: undefined,
    });
  });

  it("never shows the PIN or the secret in a usage error", () => {
    expect(parseError({ pin: "98x7" }).message).not.toContain("98x7");
    expect(parseError({ "app-secret": "has space" }).message).not.toContain("has space");
  });
});

describe("masking", () => {
  it("masks the raw secrets and the appIdHash before validation", () => {
    const masked: string[] = [];
    maskRawInputs(
      raw({ "auth-code": "https://x/cb?auth_code=CODE123&state=s", "github-token": "ghs_x" }),
      (v) => masked.push(v),
    );
    expect(masked).toEqual([
      "TESTSECRET99",
      "1234",
      "https://x/cb?auth_code=CODE123&state=s",
      "ghs_x",
      appIdHash(CLIENT_ID, "TESTSECRET99"),
    ]);
  });

  it("masks the notify secrets before validation: the bot token and its secret half, the chat id, the webhook URL", () => {
    const masked: string[] = [];
    const bot = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";
    const hook = "https://hooks.slack.com/services/T0/B0/secret";
    maskRawInputs(
      raw({ "telegram-bot-token": bot, "telegram-chat-id": "-1001234567890", "webhook-url": hook }),
      (v) => masked.push(v),
    );
    for (const value of [bot, "AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ", "-1001234567890", hook]) {
      expect(masked).toContain(value);
    }
  });

  it("masks the code inside a redirect URL once parsed, and masks nothing empty", () => {
    const masked: string[] = [];
    maskInputs(parseInputs(raw({ "auth-code": "https://x/cb?auth_code=CODE123&state=s", pin: "" })), (v) =>
      masked.push(v),
    );
    expect(masked).toContain("CODE123");
    expect(masked).not.toContain("");
    expect(masked.some((v) => /^[0-9a-f]{64}$/.test(v))).toBe(true);
  });
});
