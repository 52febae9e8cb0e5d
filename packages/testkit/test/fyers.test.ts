import { createHash } from "node:crypto";
import { decodeJwt, jwtVerify } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_JWT_SECRET, type FyersFake, startFyersFake } from "../src/index.js";

const fakes: FyersFake[] = [];
async function start(opts: Parameters<typeof startFyersFake>[0] = {}): Promise<FyersFake> {
  const fake = await startFyersFake(opts);
  fakes.push(fake);
  return fake;
}
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function call(
  fake: FyersFake,
  path: string,
  init: { body?: unknown; token?: string; method?: string } = {},
): Promise<{ status: number; json: Record<string, unknown>; res: Response }> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.token !== undefined) headers.authorization = `${fake.clientId}:${init.token}`;
  const res = await fetch(`${fake.baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: res.status, json, res };
}

const exchange = (fake: FyersFake, code: string, appIdHash = fake.appIdHash) =>
  call(fake, "/validate-authcode", {
    body: { grant_type: "authorization_code", appIdHash, code },
  });
const refresh = (fake: FyersFake, refreshToken: string, extra: Record<string, unknown> = {}) =>
  call(fake, "/validate-refresh-token", {
    body: {
      grant_type: "refresh_token",
      appIdHash: fake.appIdHash,
      refresh_token: refreshToken,
      pin: fake.pin,
      ...extra,
    },
  });

describe("FYERS fake: happy paths", () => {
  it("has the documented defaults and hash", async () => {
    const fake = await start();
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    expect([fake.clientId, fake.appSecret, fake.pin]).toEqual(["ABCDE12345-100", "TESTSECRET99", "1234"]);
    expect(fake.appIdHash).toBe(createHash("sha256").update("ABCDE12345-100:TESTSECRET99").digest("hex"));
  });

  it("login redirect → exchange → profile → refresh → logout", async () => {
    const fake = await start();
    const login = new URL(`${fake.baseUrl}/generate-authcode`);
    login.search = new URLSearchParams({
      client_id: fake.clientId,
      redirect_uri: "http://127.0.0.1:9/callback",
      response_type: "code",
      state: "st4te",
    }).toString();
    const redirect = await fetch(login, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get("location") ?? "");
    expect(`${back.origin}${back.pathname}`).toBe("http://127.0.0.1:9/callback");
    expect(back.searchParams.get("s")).toBe("ok");
    expect(back.searchParams.get("code")).toBe("200");
    expect(back.searchParams.get("state")).toBe("st4te");
    const code = back.searchParams.get("auth_code") ?? "";
    expect(decodeJwt(code)).toMatchObject({ sub: "auth_code", app_id: "ABCDE12345" });

    const ex = await exchange(fake, code);
    expect(ex.status).toBe(200);
    expect(ex.json).toMatchObject({ s: "ok", code: 200, message: "" });
    const accessToken = String(ex.json.access_token);
    const refreshToken = String(ex.json.refresh_token);
    await jwtVerify(accessToken, new TextEncoder().encode(DEFAULT_JWT_SECRET));

    const profile = await call(fake, "/profile", { token: accessToken });
    expect(profile.status).toBe(200);
    expect(profile.json).toMatchObject({ s: "ok", data: { name: "TEST USER", fy_id: "FX0011", totp: true } });

    const r = await refresh(fake, refreshToken);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ s: "ok", code: 200, message: "" });
    expect(r.json.refresh_token).toBeUndefined();
    const newAccess = String(r.json.access_token);
    expect(newAccess).not.toBe(accessToken);
    expect((await call(fake, "/profile", { token: newAccess })).status).toBe(200);

    const out = await call(fake, "/logout", { token: newAccess, method: "POST" });
    expect(out.json).toEqual({ s: "ok", code: 200, message: "you are successfully logged out" });
    expect((await call(fake, "/profile", { token: newAccess })).status).toBe(401);
    expect((await call(fake, "/profile", { token: accessToken })).status).toBe(200);
  });

  it("records requests with lower-cased headers and parsed bodies", async () => {
    const fake = await start();
    await exchange(fake, "x");
    const req = fake.requests[0];
    expect(req).toMatchObject({
      method: "POST",
      path: "/api/v3/validate-authcode",
      body: { grant_type: "authorization_code", code: "x", appIdHash: fake.appIdHash },
    });
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(typeof req?.at).toBe("number");
  });

  it("issues tokens that expire at 00:30 UTC by the fake's clock", async () => {
    let now = Date.UTC(2026, 10, 26, 15, 0, 0); // 20:30 IST
    const fake = await start({ now: () => now });
    const ex = await exchange(fake, fake.issueAuthCode());
    expect(decodeJwt(String(ex.json.access_token)).exp).toBe(Date.UTC(2026, 10, 27, 0, 30) / 1000);
    expect(decodeJwt(String(ex.json.refresh_token)).exp).toBe(Date.UTC(2026, 11, 11, 0, 30) / 1000);
    const accessToken = String(ex.json.access_token);
    now = Date.UTC(2026, 10, 27, 0, 30, 0); // rollover: the access token is dead
    expect((await call(fake, "/profile", { token: accessToken })).status).toBe(401);
    const r = await refresh(fake, String(ex.json.refresh_token));
    expect(decodeJwt(String(r.json.access_token)).exp).toBe(Date.UTC(2026, 10, 28, 0, 30) / 1000);
  });

  it("issueTokens registers a pair the fake accepts; revokeAccessToken kills it", async () => {
    const fake = await start();
    const { accessToken, refreshToken } = fake.issueTokens();
    expect((await call(fake, "/profile", { token: accessToken })).status).toBe(200);
    expect((await refresh(fake, refreshToken)).status).toBe(200);
    fake.revokeAccessToken(accessToken);
    expect((await call(fake, "/profile", { token: accessToken })).json).toEqual({
      s: "error",
      code: -16,
      message: "Could not authenticate the user",
    });
  });

  it("honours custom credentials and jwtSecret", async () => {
    const fake = await start({ clientId: "QWERT67890-102", appSecret: "S", pin: "9999", jwtSecret: "k" });
    const ex = await exchange(fake, fake.issueAuthCode());
    await jwtVerify(String(ex.json.access_token), new TextEncoder().encode("k"));
    expect((await refresh(fake, String(ex.json.refresh_token))).status).toBe(200);
  });
});

describe("FYERS fake: protocol errors", () => {
  it("validate-authcode checks grant type, code, hash, then the code itself", async () => {
    const fake = await start();
    const raw = await fetch(`${fake.baseUrl}/validate-authcode`, { method: "POST", body: "nope" });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ s: "error", code: -441, message: "invalid grant type" });
    expect((await call(fake, "/validate-authcode", { body: { grant_type: "x", code: "c" } })).json.code).toBe(
      -441,
    );
    const missing = await call(fake, "/validate-authcode", {
      body: { grant_type: "authorization_code", appIdHash: fake.appIdHash },
    });
    expect(missing.json).toEqual({ s: "error", code: -441, message: "auth code is required" });
    const code = fake.issueAuthCode();
    const badHash = await exchange(fake, code, "0".repeat(64));
    expect(badHash.status).toBe(400);
    expect(badHash.json).toEqual({
      s: "error",
      code: -371,
      message: "Please provide sha256 hash of appId and app secret",
    });
    expect((await exchange(fake, "eyJunknown")).json).toEqual({
      s: "error",
      code: -437,
      message: "invalid auth code",
    });
  });

  it("auth codes are single use", async () => {
    const fake = await start();
    const code = fake.issueAuthCode();
    expect((await exchange(fake, code)).status).toBe(200);
    const again = await exchange(fake, code);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ s: "error", code: -437 });
  });

  it("expired auth codes are refused", async () => {
    let now = Date.now();
    const fake = await start({ now: () => now });
    const code = fake.issueAuthCode();
    now += 301_000;
    expect((await exchange(fake, code)).json).toEqual({
      s: "error",
      code: -437,
      message: "auth code expired",
    });
    expect((await exchange(fake, fake.issueAuthCode({ expSeconds: -1 }))).json.message).toBe(
      "auth code expired",
    );
  });

  it("validate-refresh-token checks grant type, hash, token, pin", async () => {
    const fake = await start();
    const { refreshToken } = fake.issueTokens();
    expect((await refresh(fake, refreshToken, { grant_type: "x" })).json).toEqual({
      s: "error",
      code: -442,
      message: "Please provide valid grant_type",
    });
    expect((await refresh(fake, refreshToken, { appIdHash: "bad" })).json.code).toBe(-371);
    expect((await refresh(fake, "unknown")).json).toEqual({
      s: "error",
      code: -501,
      message: "Please provide valid refresh token",
    });
    const wrongPin = await refresh(fake, refreshToken, { pin: "0000" });
    expect(wrongPin.status).toBe(400);
    expect(wrongPin.json).toEqual({ s: "error", code: -413, message: "Invalid pin" });
  });

  it("refresh tokens expire fifteen days later", async () => {
    let now = Date.UTC(2026, 10, 26, 15, 0, 0);
    const fake = await start({ now: () => now });
    const { refreshToken } = fake.issueTokens();
    now = Date.UTC(2026, 11, 11, 0, 29, 59);
    expect((await refresh(fake, refreshToken)).status).toBe(200);
    now = Date.UTC(2026, 11, 11, 0, 30, 0);
    expect((await refresh(fake, refreshToken)).json.code).toBe(-501);
  });

  it("profile wants `<clientId>:<token>` without Bearer", async () => {
    const fake = await start();
    const { accessToken } = fake.issueTokens();
    const get = (authorization: string) =>
      fetch(`${fake.baseUrl}/profile`, { headers: { authorization } }).then((r) => r.status);
    expect(await get(`${fake.clientId}:${accessToken}`)).toBe(200);
    expect(await get(`Bearer ${accessToken}`)).toBe(401);
    expect(await get(`OTHER-100:${accessToken}`)).toBe(401);
    expect((await fetch(`${fake.baseUrl}/profile`)).status).toBe(401);
  });

  it("generate-authcode refuses an unknown client or response type; unknown routes are 404", async () => {
    const fake = await start();
    const q = (params: Record<string, string>) =>
      fetch(`${fake.baseUrl}/generate-authcode?${new URLSearchParams(params)}`, { redirect: "manual" });
    const base = { redirect_uri: "https://example.com/cb", state: "s" };
    expect((await q({ ...base, client_id: "NOPE-100", response_type: "code" })).status).toBe(400);
    expect((await q({ ...base, client_id: fake.clientId, response_type: "token" })).status).toBe(400);
    const missing = await call(fake, "/nope");
    expect(missing.status).toBe(404);
    expect(missing.json.s).toBe("error");
  });
});

describe("FYERS fake: failure switches", () => {
  it("wrong_hash answers -371 on both token endpoints regardless of the hash", async () => {
    const fake = await start();
    fake.fail({ failure: "wrong_hash" });
    const { accessToken, refreshToken } = fake.issueTokens();
    expect((await exchange(fake, fake.issueAuthCode())).json.code).toBe(-371);
    expect((await refresh(fake, refreshToken)).json.code).toBe(-371);
    expect((await call(fake, "/profile", { token: accessToken })).status).toBe(200);
    fake.clearFailures();
    expect((await refresh(fake, refreshToken)).status).toBe(200);
  });

  it("refuse_refresh answers -501 even for a fresh refresh token", async () => {
    const fake = await start();
    fake.fail({ failure: "refuse_refresh" });
    const { refreshToken } = fake.issueTokens();
    const r = await refresh(fake, refreshToken);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ s: "error", code: -501, message: "Please provide valid refresh token" });
    expect((await exchange(fake, fake.issueAuthCode())).status).toBe(200);
  });

  it("profile_401 answers 401 -16 for a good token", async () => {
    const fake = await start();
    fake.fail({ failure: "profile_401", times: 1 });
    const { accessToken } = fake.issueTokens();
    const first = await call(fake, "/profile", { token: accessToken });
    expect(first.status).toBe(401);
    expect(first.json.code).toBe(-16);
    expect((await call(fake, "/profile", { token: accessToken })).status).toBe(200);
  });

  it("rate_limit answers 429 with Retry-After, `times` times", async () => {
    const fake = await start();
    fake.fail({ failure: "rate_limit", times: 2, retryAfterSeconds: 7 });
    const { accessToken } = fake.issueTokens();
    const first = await call(fake, "/profile", { token: accessToken });
    expect(first.status).toBe(429);
    expect(first.res.headers.get("retry-after")).toBe("7");
    expect(first.json).toEqual({ s: "error", code: -429, message: "request limit reached" });
    expect((await call(fake, "/logout", { token: "x", method: "POST" })).status).toBe(429);
    expect((await call(fake, "/profile", { token: accessToken })).status).toBe(200);
    fake.fail({ failure: "rate_limit" });
    expect((await call(fake, "/profile", { token: accessToken })).res.headers.get("retry-after")).toBe("1");
  });

  it("server_error_html and ok_html answer HTML", async () => {
    const fake = await start();
    fake.fail({ failure: "server_error_html", times: 1, endpoint: "validate-authcode" });
    fake.fail({ failure: "ok_html", times: 1 });
    const html502 = await exchange(fake, fake.issueAuthCode());
    expect(html502.status).toBe(502);
    expect(html502.res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html502.json.text).toBe("<html><body><h1>502 Bad Gateway</h1></body></html>");
    const html200 = await call(fake, "/profile", { token: "x" });
    expect(html200.status).toBe(200);
    expect(html200.res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(String(html200.json.text)).toMatch(/^<html>/);
  });

  it("wrong_shape answers 200 with data null and no tokens", async () => {
    const fake = await start();
    fake.fail({ failure: "wrong_shape", endpoint: "validate-refresh-token" });
    const { refreshToken } = fake.issueTokens();
    expect((await refresh(fake, refreshToken)).json).toEqual({ s: "ok", code: 200, data: null });
    expect((await exchange(fake, fake.issueAuthCode())).json.access_token).toBeDefined();
  });

  it("endpoint-scoped rules leave other endpoints alone", async () => {
    const fake = await start();
    fake.fail({ failure: "rate_limit", endpoint: "logout" });
    const { accessToken } = fake.issueTokens();
    expect((await call(fake, "/profile", { token: accessToken })).status).toBe(200);
    expect((await call(fake, "/logout", { token: accessToken, method: "POST" })).status).toBe(429);
  });

  it("slow delays the normal answer", async () => {
    const fake = await start();
    fake.fail({ failure: "slow", delayMs: 150, times: 1 });
    const { accessToken } = fake.issueTokens();
    const started = Date.now();
    expect((await call(fake, "/profile", { token: accessToken })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("slow does not block close()", async () => {
    const fake = await startFyersFake();
    fake.fail({ failure: "slow" }); // 15 s by default
    const pending = fetch(`${fake.baseUrl}/profile`).then(
      () => "answered",
      () => "aborted",
    );
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await fake.close();
    expect(await pending).toBe("aborted");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
