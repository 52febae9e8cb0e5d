import { type FyersFake, startFyersFake } from "@fyers-token/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFyersClient, type FyersClient } from "../src/fyers/client.js";
import { appIdHash } from "../src/fyers/hash.js";
import { forgetRateLimits } from "../src/fyers/http.js";
import { failure } from "./failure.js";

let fyers: FyersFake;
let client: FyersClient;
let hash: string;

beforeAll(async () => {
  fyers = await startFyersFake();
  hash = appIdHash(fyers.clientId, fyers.appSecret);
});
afterAll(() => fyers.close());
beforeEach(() => {
  forgetRateLimits();
  fyers.clearFailures();
  fyers.requests.length = 0;
  client = createFyersClient({
    apiUrl: fyers.baseUrl,
    clientId: fyers.clientId,
    baseDelayMs: 5,
    timeoutMs: 3000,
  });
});

describe("exchangeAuthCode", () => {
  it("exchanges a fresh code for both tokens, sending the documented body", async () => {
    const code = fyers.issueAuthCode();
    const tokens = await client.exchangeAuthCode(hash, code);
    expect(tokens.accessToken.split(".")).toHaveLength(3);
    expect(tokens.refreshToken.split(".")).toHaveLength(3);
    const [request] = fyers.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/api/v3/validate-authcode");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({ grant_type: "authorization_code", appIdHash: hash, code });
    expect(client.requestCount).toBe(1);
  });

  it("a used code: login_required with FYERS' code and the auth-code hint", async () => {
    const code = fyers.issueAuthCode();
    await client.exchangeAuthCode(hash, code);
    const error = await failure(client.exchangeAuthCode(hash, code));
    expect(error.code).toBe("login_required");
    expect(error.fyersCode).toBe(-437);
    expect(error.httpStatus).toBe(400);
    expect(error.hint).toMatch(/single use/);
    expect(client.requestCount).toBe(2); // an answered 4xx is never retried
  });

  it("an expired code: login_required", async () => {
    const error = await failure(client.exchangeAuthCode(hash, fyers.issueAuthCode({ expSeconds: -60 })));
    expect(error.code).toBe("login_required");
    expect(error.message).toContain("auth code expired");
  });

  it("a wrong app secret: bad_credentials, with how to check the hash", async () => {
    const error = await failure(
      client.exchangeAuthCode(appIdHash(fyers.clientId, "WRONG"), fyers.issueAuthCode()),
    );
    expect(error.code).toBe("bad_credentials");
    expect(error.fyersCode).toBe(-371);
    expect(error.hint).toContain("sha256");
  });

  it("5xx HTML once, then OK: succeeds on the retry", async () => {
    fyers.fail({ failure: "server_error_html", times: 1 });
    const tokens = await client.exchangeAuthCode(hash, fyers.issueAuthCode());
    expect(tokens.accessToken).toBeTruthy();
    expect(client.requestCount).toBe(2);
  });

  it("5xx HTML every time: unavailable after 3 attempts", async () => {
    fyers.fail({ failure: "server_error_html" });
    const error = await failure(client.exchangeAuthCode(hash, fyers.issueAuthCode()));
    expect(error.code).toBe("unavailable");
    expect(error.httpStatus).toBe(502);
    expect(fyers.requests).toHaveLength(3);
  });

  it("429 with Retry-After: 0: rate_limited after one request, none within the 30s pause", async () => {
    fyers.fail({ failure: "rate_limit", retryAfterSeconds: 0 });
    const error = await failure(client.exchangeAuthCode(hash, fyers.issueAuthCode()));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/^FYERS rate-limited this app; try again in a minute \(validate-authcode /);
    expect(error.hint).toContain("200/min");
    expect(fyers.requests).toHaveLength(1);
    fyers.clearFailures();
    expect((await failure(client.getProfile("x.y.z"))).code).toBe("rate_limited");
    expect(fyers.requests).toHaveLength(1);
  });

  it("200 with an HTML body: unexpected_response that says what came", async () => {
    fyers.fail({ failure: "ok_html" });
    const error = await failure(client.exchangeAuthCode(hash, fyers.issueAuthCode()));
    expect(error.code).toBe("unexpected_response");
    expect(error.message).toContain("text/html");
    expect(fyers.requests).toHaveLength(1);
  });

  it("200 JSON of the wrong shape: unexpected_response naming the field", async () => {
    fyers.fail({ failure: "wrong_shape" });
    const error = await failure(client.exchangeAuthCode(hash, fyers.issueAuthCode()));
    expect(error.code).toBe("unexpected_response");
    expect(error.message).toContain("access_token");
  });

  it("a slow answer: unavailable at the deadline", async () => {
    fyers.fail({ failure: "slow", delayMs: 5000 });
    const slowClient = createFyersClient({ apiUrl: fyers.baseUrl, clientId: fyers.clientId, timeoutMs: 300 });
    const started = Date.now();
    const error = await failure(slowClient.exchangeAuthCode(hash, fyers.issueAuthCode()));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("did not answer within 300ms");
    expect(Date.now() - started).toBeLessThan(1300);
  });
});

describe("refreshAccessToken", () => {
  it("returns a new access token and keeps no refresh token unless sent", async () => {
    const { refreshToken } = fyers.issueTokens();
    const fresh = await client.refreshAccessToken(hash, refreshToken, fyers.pin);
    expect(fresh.accessToken).toBeTruthy();
    expect(fresh.refreshToken).toBeUndefined();
    expect(fyers.requests[0]?.body).toEqual({
      grant_type: "refresh_token",
      appIdHash: hash,
      refresh_token: refreshToken,
      pin: fyers.pin,
    });
  });

  it("a refused refresh: login_required with the April 2026 hint", async () => {
    fyers.fail({ failure: "refuse_refresh" });
    const error = await failure(client.refreshAccessToken(hash, fyers.issueTokens().refreshToken, fyers.pin));
    expect(error.code).toBe("login_required");
    expect(error.fyersCode).toBe(-501);
    expect(error.hint).toContain("2FA");
  });

  it("a wrong PIN: bad_credentials naming FYERS_PIN", async () => {
    const error = await failure(client.refreshAccessToken(hash, fyers.issueTokens().refreshToken, "9999"));
    expect(error.code).toBe("bad_credentials");
    expect(error.hint).toContain("FYERS_PIN");
  });
});

describe("getProfile and logout", () => {
  it("reads the name with FYERS' Authorization scheme", async () => {
    const { accessToken } = fyers.issueTokens();
    expect(await client.getProfile(accessToken)).toEqual({ ok: true, name: "TEST USER", fyId: "FX0011" });
    expect(fyers.requests[0]?.headers.authorization).toBe(`${fyers.clientId}:${accessToken}`);
  });

  it("a rejected token is a report, not an exception", async () => {
    fyers.fail({ failure: "profile_401" });
    expect(await client.getProfile(fyers.issueTokens().accessToken)).toEqual({
      ok: false,
      httpStatus: 401,
      fyersCode: -16,
      message: "Could not authenticate the user",
    });
  });

  it("a 429 on profile still throws rate_limited", async () => {
    fyers.fail({ failure: "rate_limit", retryAfterSeconds: 0 });
    expect((await failure(client.getProfile("x.y.z"))).code).toBe("rate_limited");
  });

  it("logout invalidates the token", async () => {
    const { accessToken } = fyers.issueTokens();
    await client.logout(accessToken);
    expect((await client.getProfile(accessToken)).ok).toBe(false);
    const error = await failure(client.logout(accessToken));
    expect(error.code).toBe("login_required");
  });
});
