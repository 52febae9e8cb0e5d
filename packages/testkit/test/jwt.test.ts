import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_JWT_SECRET,
  IST_OFFSET_SECONDS,
  makeAccessToken,
  makeAuthCode,
  makeRefreshToken,
  nextRollover,
  signJwt,
} from "../src/index.js";

const key = new TextEncoder().encode(DEFAULT_JWT_SECRET);
// 2026-11-26 15:00 UTC = 20:30 IST
const NOW = Date.UTC(2026, 10, 26, 15, 0, 0);
const NEXT_0030_UTC = Date.UTC(2026, 10, 27, 0, 30, 0) / 1000;

describe("nextRollover", () => {
  it("is the next 00:30 UTC (06:00 IST), strictly after now", () => {
    expect(IST_OFFSET_SECONDS).toBe(5.5 * 3600);
    expect(nextRollover(NOW)).toBe(NEXT_0030_UTC);
    expect(nextRollover(Date.UTC(2026, 10, 27, 0, 29, 59, 999))).toBe(NEXT_0030_UTC);
    expect(nextRollover(Date.UTC(2026, 10, 27, 0, 30, 0))).toBe(NEXT_0030_UTC + 86400);
    expect(nextRollover(Date.UTC(2026, 10, 27, 0, 0, 0))).toBe(NEXT_0030_UTC);
    // the rollover is 06:00 on the IST wall clock
    expect(new Date((nextRollover(NOW) + IST_OFFSET_SECONDS) * 1000).toISOString()).toBe(
      "2026-11-27T06:00:00.000Z",
    );
  });
});

describe("signJwt", () => {
  it("makes a real HS256 JWT", async () => {
    const token = signJwt({ sub: "x", n: 1 }, "s3cret");
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const { payload } = await jwtVerify(token, new TextEncoder().encode("s3cret"));
    expect(payload).toEqual({ sub: "x", n: 1 });
    await expect(jwtVerify(token, new TextEncoder().encode("other"))).rejects.toThrow();
  });
});

describe("FYERS-shaped tokens", () => {
  it("access token expires at the next 06:00 IST, with FYERS' claims", async () => {
    const token = makeAccessToken({ nowMs: NOW });
    const { payload } = await jwtVerify(token, key, { currentDate: new Date(NOW) });
    expect(payload).toMatchObject({
      iss: "api.fyers.in",
      sub: "access_token",
      iat: NOW / 1000,
      nbf: NOW / 1000,
      exp: NEXT_0030_UTC,
      fy_id: "FX0011",
      appType: 100,
      display_name: "TEST USER",
    });
    expect(typeof payload.hsm_key).toBe("string");
    expect(typeof payload.at_hash).toBe("string");
    expect(decodeJwt(makeAccessToken({ nowMs: NOW, fyId: "XY1234" })).fy_id).toBe("XY1234");
  });

  it("refresh token expires at 06:00 IST fifteen days after issue", () => {
    const payload = decodeJwt(makeRefreshToken({ nowMs: NOW }));
    expect(payload.sub).toBe("refresh_token");
    expect(payload.exp).toBe(NEXT_0030_UTC + 14 * 86400);
    expect(new Date((payload.exp ?? 0) * 1000).toISOString()).toBe("2026-12-11T00:30:00.000Z");
  });

  it("auth codes are unique, carry the app id without suffix and live five minutes", () => {
    const a = makeAuthCode({ nowMs: NOW, appId: "ZZZZZ99999-102" });
    const b = makeAuthCode({ nowMs: NOW, appId: "ZZZZZ99999-102" });
    expect(a).not.toBe(b);
    const payload = decodeJwt(a);
    expect(payload).toMatchObject({
      iss: "api.login.fyers.in",
      sub: "auth_code",
      app_id: "ZZZZZ99999",
      exp: NOW / 1000 + 300,
    });
  });

  it("expSeconds is an absolute exp; small values count from now", () => {
    expect(decodeJwt(makeAccessToken({ nowMs: NOW, expSeconds: 2_000_000_000 })).exp).toBe(2_000_000_000);
    expect(decodeJwt(makeRefreshToken({ nowMs: NOW, expSeconds: -60 })).exp).toBe(NOW / 1000 - 60);
    expect(decodeJwt(makeAuthCode({ nowMs: NOW, expSeconds: 3600 })).exp).toBe(NOW / 1000 + 3600);
  });
});
