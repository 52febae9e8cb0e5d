import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_NAMES, loadConfig, requireAppSecret, requirePin } from "../src/config.js";
import { FyersTokenError } from "../src/errors.js";

const base = { FYERS_CLIENT_ID: "ABCDE12345-100" };

function configErrorOf(run: () => unknown): FyersTokenError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FyersTokenError);
    expect((error as FyersTokenError).code).toBe("invalid_config");
    return error as FyersTokenError;
  }
  throw new Error("expected a configuration error");
}

describe("loadConfig", () => {
  it("applies the defaults of interface.md", () => {
    const config = loadConfig(base, { cwd: "/tmp/work" });
    expect(config).toEqual({
      clientId: "ABCDE12345-100",
      appSecret: undefined,
      redirectUri: "https://trade.fyers.in/api-login/redirect-to-app",
      pin: undefined,
      apiUrl: "https://api-t1.fyers.in/api/v3",
      store: "file",
      tokenFile: resolve("/tmp/work/fyers_tokens.json"),
      ssmPrefix: "/stock-pipeline/fyers",
      kmsKeyId: undefined,
    });
  });

  it("reads every FYERS_* variable, and overrides win", () => {
    const config = loadConfig(
      {
        ...base,
        FYERS_APP_SECRET: "S3CRET",
        FYERS_PIN: "1234",
        FYERS_API_URL: "http://127.0.0.1:9/api/v3/",
        FYERS_STORE: "ssm",
        FYERS_TOKEN_FILE: "t.json",
        FYERS_SSM_PREFIX: "/a/b/",
        FYERS_SSM_KMS_KEY_ID: "alias/fyers",
        FYERS_REDIRECT_URI: "http://127.0.0.1:8080/cb",
      },
      { overrides: { store: "file", clientId: "ZYXWV98765-102" }, cwd: "/tmp/w" },
    );
    expect(config).toMatchObject({
      clientId: "ZYXWV98765-102",
      appSecret: "S3CRET",
      pin: "1234",
      apiUrl: "http://127.0.0.1:9/api/v3",
      store: "file",
      tokenFile: resolve("/tmp/w/t.json"),
      ssmPrefix: "/a/b",
      kmsKeyId: "alias/fyers",
      redirectUri: "http://127.0.0.1:8080/cb",
    });
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ ...base, FYERS_APP_SECRET: "  ", FYERS_STORE: "" }).appSecret).toBeUndefined();
  });

  it("names the missing client id and shows its form", () => {
    const error = configErrorOf(() => loadConfig({}));
    expect(error.variable).toBe("FYERS_CLIENT_ID");
    expect(error.message).toBe("FYERS_CLIENT_ID: is required");
    expect(error.hint).toContain("ABCDE12345-100");
  });

  it("explains a client id without its suffix", () => {
    const error = configErrorOf(() => loadConfig({ FYERS_CLIENT_ID: "ABCDE12345" }));
    expect(error.hint).toContain("ABCDE12345-100");
  });

  it.each([
    [{ FYERS_CLIENT_ID: "abc" }, "FYERS_CLIENT_ID"],
    [{ ...base, FYERS_STORE: "s3" }, "FYERS_STORE"],
    [{ ...base, FYERS_SSM_PREFIX: "stock-pipeline/fyers" }, "FYERS_SSM_PREFIX"],
    [{ ...base, FYERS_SSM_PREFIX: "/a b" }, "FYERS_SSM_PREFIX"],
    [{ ...base, FYERS_API_URL: "api-t1.fyers.in" }, "FYERS_API_URL"],
    [{ ...base, FYERS_API_URL: "ftp://x" }, "FYERS_API_URL"],
    [{ ...base, FYERS_REDIRECT_URI: "not a url" }, "FYERS_REDIRECT_URI"],
    [{ ...base, FYERS_APP_SECRET: "has space" }, "FYERS_APP_SECRET"],
  ])("refuses %j naming %s", (env, variable) => {
    const error = configErrorOf(() => loadConfig(env));
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.hint).toBeTruthy();
  });

  it("refuses a PIN that is not 4 digits without showing it", () => {
    for (const pin of ["12a4", "123", "12345678", "pin!"]) {
      const error = configErrorOf(() => loadConfig({ ...base, FYERS_PIN: pin }));
      expect(error.variable).toBe("FYERS_PIN");
      expect(`${error.message} ${error.hint}`).not.toContain(pin);
    }
  });

  it("names action inputs instead of variables when asked", () => {
    const error = configErrorOf(() => loadConfig({}, { names: { clientId: "client-id" } }));
    expect(error.message).toBe("client-id: is required");
  });

  it.each([
    ["abcde12345-100", "use capital letters: ABCDE12345-100"],
    ["Abcde12345-102", "use capital letters: ABCDE12345-102"],
    ["abcde12345", "use capital letters and add the app-type suffix: ABCDE12345-100 for a user app"],
  ])("a lowercase client id %s: the hint says capital letters", (value, hint) => {
    const error = configErrorOf(() => loadConfig({ FYERS_CLIENT_ID: value }));
    expect(error.message).toBe(`FYERS_CLIENT_ID: "${value}" is not a FYERS app id`);
    expect(error.hint).toContain(hint);
  });

  it.each([
    ["clientId", "abcde12345-100"],
    ["appSecret", "has space"],
    ["redirectUri", "not a url"],
    ["pin", "12a4"],
    ["apiUrl", "ftp://x"],
    ["store", "s3"],
    ["ssmPrefix", "no-slash"],
  ] as const)("every config error names the flag it came from: %s", (field, value) => {
    const flag = `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const error = configErrorOf(() =>
      loadConfig(
        { ...base, [ENV_NAMES[field]]: "overridden" },
        { overrides: { [field]: value }, names: { [field]: flag } },
      ),
    );
    expect(error.variable).toBe(flag);
    expect(error.message.startsWith(`${flag}: `)).toBe(true);
    expect(error.message).not.toContain(ENV_NAMES[field]);
    expect(`${error.message} ${error.hint}`).not.toContain("FYERS_");
  });

  it("says which operation needs the app secret or PIN", () => {
    const config = loadConfig(base);
    expect(configErrorOf(() => requireAppSecret(config, "exchange an auth code")).message).toBe(
      "FYERS_APP_SECRET: is required to exchange an auth code",
    );
    expect(configErrorOf(() => requirePin(config)).message).toContain("FYERS_PIN: is required to refresh");
    expect(requireAppSecret(loadConfig({ ...base, FYERS_APP_SECRET: "x" }), "refresh")).toBe("x");
    expect(requirePin(loadConfig({ ...base, FYERS_PIN: "0007" }))).toBe("0007");
  });
});

describe("openStore", () => {
  it("opens the store the config names, or the one asked for", async () => {
    const { openStore } = await import("../src/store/open.js");
    const config = loadConfig({ ...base, FYERS_TOKEN_FILE: "/tmp/x/t.json", FYERS_SSM_PREFIX: "/a/b" });
    expect(openStore(config)).toMatchObject({ kind: "file", location: resolve("/tmp/x/t.json") });
    expect(openStore(config, "ssm")).toMatchObject({ kind: "ssm", location: "/a/b" });
  });
});

describe("fyersTimeoutMs (FYERS_TIMEOUT)", () => {
  it("reads a duration, and is undefined when unset", async () => {
    const { fyersTimeoutMs } = await import("../src/config.js");
    expect(fyersTimeoutMs({ FYERS_TIMEOUT: "30s" })).toBe(30_000);
    expect(fyersTimeoutMs({ FYERS_TIMEOUT: "1m30s" })).toBe(90_000);
    expect(fyersTimeoutMs({})).toBeUndefined();
    expect(fyersTimeoutMs({ FYERS_TIMEOUT: " " })).toBeUndefined();
  });

  it("refuses zero and non-durations, naming the variable", async () => {
    const { fyersTimeoutMs } = await import("../src/config.js");
    expect(configErrorOf(() => fyersTimeoutMs({ FYERS_TIMEOUT: "0s" })).message).toBe(
      'FYERS_TIMEOUT: "0s" is out of range: use at least 1s and at most 10m',
    );
    expect(configErrorOf(() => fyersTimeoutMs({ FYERS_TIMEOUT: "2 s" })).variable).toBe("FYERS_TIMEOUT");
  });

  it("refuses a timeout too long for a timer with its range, not a RangeError", async () => {
    const { fyersTimeoutMs } = await import("../src/config.js");
    for (const value of ["99999999d", "11m", `${"9".repeat(400)}s`]) {
      const error = configErrorOf(() => fyersTimeoutMs({ FYERS_TIMEOUT: value }));
      expect(error.variable).toBe("FYERS_TIMEOUT");
      expect(error.message).toContain("is out of range: use at least 1s and at most 10m");
    }
    expect(fyersTimeoutMs({ FYERS_TIMEOUT: "10m" })).toBe(600_000);
  });
});
