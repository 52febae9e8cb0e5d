import { describe, expect, it } from "vitest";
import { FyersTokenError } from "../src/errors.js";
import { parseAuthCode } from "../src/fyers/auth-code.js";
import { classifyFailure } from "../src/fyers/classify.js";
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
    expect(() => parseAuthCode("\u200b\u201c\u201d", "--auth-code")).toThrowError(/^--auth-code: is empty$/);
  });

  const [head, body, sig] = code.split(".") as [string, string, string];
  const url = (c: string) =>
    `https://trade.fyers.in/api-login/redirect-to-app?s=ok&code=200&auth_code=${c}&state=abc`;
  it.each([
    ["typographic double quotes", `\u201c${code}\u201d`],
    ["typographic single quotes", `\u2018${code}\u2019`],
    ["guillemets", `\u00ab${code}\u00bb`],
    ["a zero-width space inside", `${head}\u200b.${body}.${sig}`],
    ["a byte order mark and a word joiner", `\ufeff${head}.${body}\u2060.${sig}`],
    [
      "a soft hyphen where a mail client broke it",
      `${head}.${body.slice(0, 5)}\u00ad${body.slice(5)}.${sig}`,
    ],
    ["a code wrapped over two lines", `${head}.${body.slice(0, 10)}\n${body.slice(10)}.${sig}`],
    ["a code wrapped with CRLF and indentation", `${head}.${body}\r\n    .${sig}`],
  ])("repairs %s", (_, input) => {
    expect(parseAuthCode(input, "--auth-code")).toEqual({ code });
  });

  it.each([
    ["&amp; for &", url(code).replaceAll("&", "&amp;")],
    ["a URL wrapped over lines", `${url(code).slice(0, 60)}\n${url(code).slice(60)}`],
    [
      "a URL in smart quotes with a zero-width space",
      `\u201c${url(code).replace("auth_code", "auth\u200b_code")}\u201d`,
    ],
    ["its parameters in the fragment", url(code).replace("?", "#")],
    ["its parameters in a fragment route", url(code).replace("?", "#/?")],
    ["the auth code moved past a #", url(code).replace("&auth_code", "#auth_code")],
  ])("repairs a redirect URL with %s", (_, input) => {
    expect(parseAuthCode(input, "--auth-code")).toEqual({ code, state: "abc" });
  });

  function refusal(input: string, name = "--auth-code"): FyersTokenError {
    try {
      parseAuthCode(input, name);
    } catch (error) {
      expect(error).toBeInstanceOf(FyersTokenError);
      expect((error as FyersTokenError).code).toBe("invalid_config");
      expect((error as FyersTokenError).variable).toBe(name);
      return error as FyersTokenError;
    }
    throw new Error("expected a refusal");
  }

  it("refuses a space inside the code, naming the input and never showing the code", () => {
    const error = refusal(`${head}.${body} ${sig}`);
    expect(error.message).toBe("--auth-code: contains a space inside");
    expect(error.hint).toContain("copy the code again");
    expect(refusal(url(`${head}.${body}%20.${sig}`), "auth-code").message).toBe(
      "auth-code: contains a space inside",
    );
    expect(`${error.message} ${error.hint}`).not.toContain(body);
  });

  it.each([
    ["<", `${code}<br>`, '"<"'],
    ["%", `${head}.%${body}.${sig}`, '"%"'],
    ["a no-break space", `${head}.${body}\u00a0.${sig}`, "a space inside"],
    ["a non-Latin letter", `${head}.${body}\u0430.${sig}`, "U+0430"],
  ])("refuses %s, naming the character", (_, input, shown) => {
    expect(refusal(input).message).toContain(shown);
  });

  it.each([
    ["its first line only", `${head}.${body.slice(0, 10)}`, 2],
    ["the header only", head, 1],
    ["a trailing dot", `${head}.${body}.`, 2],
  ])("refuses a JWT cut short (%s), before FYERS calls it a login to redo", (_, input, parts) => {
    const error = refusal(input);
    expect(error.message).toBe(
      `--auth-code: is cut short: it has ${parts} of the 3 dot-separated parts of a FYERS auth code`,
    );
    expect(error.hint).toContain("in one piece");
  });

  it("leaves codes that are not JWT-shaped to FYERS", () => {
    expect(parseAuthCode("CODE123")).toEqual({ code: "CODE123" });
  });

  it("refuses a multi-megabyte paste, with its length and without echoing it", () => {
    const huge = "A".repeat(5 * 1024 * 1024);
    const error = refusal(huge);
    expect(error.message).toBe(
      `--auth-code: is ${huge.length} characters long, far more than an auth code or redirect URL`,
    );
    expect(error.message.length).toBeLessThan(200);
  });
});

describe("classifyFailure: FYERS' rate-limit codes on a status other than 429", () => {
  it.each([
    [400, -429],
    [200, -353],
  ])("HTTP %i with code %i is rate_limited in the words of a 429", (status, code) => {
    const answer = { status, contentType: "application/json", text: "", retryAfterMs: undefined };
    const error = classifyFailure("validate-refresh-token", answer, { s: "error", code, message: "limit" });
    expect(error.code).toBe("rate_limited");
    expect(error.message).toBe(
      `FYERS rate-limited this app; try again in a minute (validate-refresh-token answered code ${code})`,
    );
    expect(error.fyersCode).toBe(code);
  });
});
