import { describe, expect, it } from "vitest";
import { FyersTokenError } from "../src/errors.js";
import { parseAuthCode } from "../src/fyers/auth-code.js";
import { appIdHash } from "../src/fyers/hash.js";
import { buildLoginUrl, newState } from "../src/fyers/login-url.js";

describe("appIdHash", () => {
  it("is the hex SHA-256 of client_id:app_secret (as `echo -n … | sha256sum`)", () => {
    expect(appIdHash("ABCDE12345-100", "TESTSECRET99")).toBe(
      "aa930342b890879a5d19dcabc70cf352cfce914e00e2cf1819766e253f832c82",
    );
  });
});

describe("buildLoginUrl", () => {
  it("builds the generate-authcode URL with an encoded redirect", () => {
    const { url, state } = buildLoginUrl({
      apiUrl: "https://api-t1.fyers.in/api/v3/",
      clientId: "ABCDE12345-100",
      redirectUri: "https://example.com/cb?x=1&y=2",
    });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe("https://api-t1.fyers.in/api/v3/generate-authcode");
    expect(parsed.searchParams.get("client_id")).toBe("ABCDE12345-100");
    expect(parsed.searchParams.get("redirect_uri")).toBe("https://example.com/cb?x=1&y=2");
    expect(url).toContain("redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1%26y%3D2");
    expect(parsed.searchParams.get("response_type")).toBe("code");
    expect(parsed.searchParams.get("state")).toBe(state);
  });

  it("uses a fresh state of at least 128 random bits each time", () => {
    const states = new Set(Array.from({ length: 200 }, () => newState()));
    expect(states.size).toBe(200);
    for (const state of states) expect(Buffer.from(state, "base64url").length).toBeGreaterThanOrEqual(16);
  });

  it("keeps a given state", () => {
    const { url } = buildLoginUrl({
      apiUrl: "https://x.test/api/v3",
      clientId: "A1B2C3-100",
      redirectUri: "https://r.test",
      state: "s1",
    });
    expect(new URL(url).searchParams.get("state")).toBe("s1");
  });
});

describe("parseAuthCode", () => {
  const code = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhdXRoX2NvZGUifQ.sig";

  it.each([
    ["a bare code", code],
    ["a code in whitespace", `  ${code}\n`],
    ["a code in double quotes", `"${code}"`],
    ["a code in single quotes and spaces", ` '${code}' `],
  ])("accepts %s", (_, input) => {
    expect(parseAuthCode(input)).toEqual({ code });
  });

  it("accepts the whole redirect URL and returns its state", () => {
    const url = `https://trade.fyers.in/api-login/redirect-to-app?s=ok&code=200&auth_code=${code}&state=abc`;
    expect(parseAuthCode(url)).toEqual({ code, state: "abc" });
    expect(parseAuthCode(`"${url}"`)).toEqual({ code, state: "abc" });
  });

  it("accepts a pasted query string", () => {
    expect(parseAuthCode(`s=ok&auth_code=${code}`)).toEqual({ code });
  });

  it("refuses a URL without auth_code, clearly", () => {
    expect(() => parseAuthCode("https://trade.fyers.in/api-login/redirect-to-app?s=ok&state=x")).toThrowError(
      /no auth_code/,
    );
    expect.assertions(4);
    try {
      parseAuthCode("https://r.test/cb?s=error&code=-413&message=Invalid%20pin");
    } catch (error) {
      expect(error).toBeInstanceOf(FyersTokenError);
      expect((error as FyersTokenError).code).toBe("login_required");
      expect((error as FyersTokenError).message).toContain("failed login (Invalid pin)");
    }
  });

  it("refuses an empty code", () => {
    expect(() => parseAuthCode(' "" ')).toThrowError(/^auth-code: is empty$/);
    expect(() => parseAuthCode("", "--auth-code")).toThrowError(/^--auth-code: is empty$/);
  });
});
