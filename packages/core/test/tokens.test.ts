import { describe, expect, it } from "vitest";
import { decodeClaims, expiresAtMs } from "../src/tokens/jwt.js";
import { hasAtLeast, mayBeUsable, tokenInfo } from "../src/tokens/status.js";
import { jwt, NEXT_ROLLOVER, NOW, tokenExpiringAt } from "./jwt.js";

describe("JWT decoding (never verifying)", () => {
  it("reads the claims of a FYERS-style token", () => {
    const token = tokenExpiringAt(NEXT_ROLLOVER);
    expect(decodeClaims(token)).toMatchObject({ sub: "access_token", iss: "api.fyers.in" });
    expect(expiresAtMs(token)).toBe(NEXT_ROLLOVER);
  });

  it("treats a token that is not a JWT, or has no exp, as of unknown expiry", () => {
    expect(decodeClaims("not-a-jwt")).toBeUndefined();
    expect(expiresAtMs("a.b.c")).toBeUndefined();
    expect(expiresAtMs(jwt({ sub: "access_token" }))).toBeUndefined();
    expect(expiresAtMs(jwt({ exp: "tomorrow" }))).toBeUndefined();
  });
});

describe("tokenInfo", () => {
  it("valid: time left beyond the window", () => {
    expect(tokenInfo(tokenExpiringAt(NEXT_ROLLOVER), NOW, 7200)).toEqual({
      status: "valid",
      expires_at: "2026-11-27T00:30:00Z",
      seconds_left: (NEXT_ROLLOVER - NOW) / 1000,
    });
  });

  it("expiring: less than the window left", () => {
    const info = tokenInfo(tokenExpiringAt(NOW + 3600_000), NOW, 7200);
    expect(info.status).toBe("expiring");
    expect(info.seconds_left).toBe(3600);
  });

  it("expired: exp in the past, with negative time left", () => {
    const info = tokenInfo(tokenExpiringAt(NOW - 60_000), NOW);
    expect(info).toMatchObject({ status: "expired", seconds_left: -60 });
    expect(hasAtLeast(info, 0)).toBe(false);
    expect(mayBeUsable(info)).toBe(false);
  });

  it("missing and unknown have no expiry", () => {
    expect(tokenInfo(undefined, NOW)).toEqual({ status: "missing", expires_at: null, seconds_left: null });
    expect(tokenInfo("", NOW).status).toBe("missing");
    const unknown = tokenInfo("opaque-token-value", NOW);
    expect(unknown).toEqual({ status: "unknown", expires_at: null, seconds_left: null });
    expect(mayBeUsable(unknown)).toBe(true);
    expect(hasAtLeast(unknown, 0)).toBe(false);
  });
});
