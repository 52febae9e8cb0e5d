import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plan } from "../src/lifecycle/plan.js";
import { createFileStore } from "../src/store/file.js";
import { decodeClaims, expiresAtMs } from "../src/tokens/jwt.js";
import { loginDue } from "../src/tokens/login-due.js";
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

  it.each([
    ["beyond the Date range", 1e13],
    ["far beyond it", 1e300],
    ["in milliseconds", NEXT_ROLLOVER],
    ["past the year 9999", 253_402_300_800],
    ["before 1970", -1],
  ])("treats an exp %s (%d) as of unknown expiry", (_, exp) => {
    const token = jwt({ sub: "access_token", exp });
    expect(expiresAtMs(token)).toBeUndefined();
    expect(tokenInfo(token, NOW, 7200)).toEqual({ status: "unknown", expires_at: null, seconds_left: null });
  });

  it("keeps the last exp an ISO date can show", () => {
    expect(tokenInfo(jwt({ exp: 253_402_300_799 }), NOW).expires_at).toBe("9999-12-31T23:59:59Z");
  });
});

describe("an exp outside the Date range, where a run decides", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fyers-exp-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("plan refreshes instead of throwing, and says the expiry is unknown", async () => {
    const store = createFileStore({ path: join(dir, "plan.json") });
    await store.write({
      clientId: "ABCDE12345-100",
      accessToken: jwt({ sub: "access_token", exp: 1e13 }),
      refreshToken: jwt({ sub: "refresh_token", exp: 1e300 }),
    });
    const decided = await plan({ store, clock: () => NOW });
    expect(decided.action).toBe("refresh");
    expect(decided.reason).toBe("the access token's expiry is unknown");
    expect(decided.refresh_token.status).toBe("unknown");
  });

  it("loginDue does not warn about a refresh token of unknown expiry", () => {
    const access = tokenInfo(tokenExpiringAt(NEXT_ROLLOVER), NOW);
    const refresh = tokenInfo(jwt({ sub: "refresh_token", exp: NEXT_ROLLOVER }), NOW);
    expect(loginDue(access, refresh, 3 * 86400, NOW)).toBeUndefined();
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
