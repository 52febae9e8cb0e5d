import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** How long a login may take between /login and the redirect back. */
export const STATE_TTL_SECONDS = 15 * 60;
const VERSION = "v1";
const NONCE_BYTES = 16;

/**
 * The key that signs states: HKDF-SHA256 of the app secret under a fixed label, so the secret
 * itself never signs anything a browser carries.
 */
export function stateKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "fyers-token callback", "login state v1", 32));
}

/**
 * What a state is bound to besides time: a digest of the stored refresh token. Every login
 * stores a new refresh token, so a state (and its callback URL) cannot be replayed after a
 * successful login, without any storage of used states.
 */
export function sessionBinding(refreshToken: string | undefined): string {
  return createHash("sha256")
    .update(refreshToken ?? "no refresh token stored")
    .digest("base64url");
}

function mac(key: Buffer, body: string, binding: string): string {
  return createHmac("sha256", key).update(`${body}|${binding}`).digest("base64url");
}

/** `v1.<nonce>.<issued at, epoch seconds>.<mac>`: URL-safe, opaque to FYERS, returned unchanged. */
export function signState(key: Buffer, binding: string, nowMs: number): string {
  const body = `${VERSION}.${randomBytes(NONCE_BYTES).toString("base64url")}.${Math.floor(nowMs / 1000)}`;
  return `${body}.${mac(key, body, binding)}`;
}

export type StateCheck = { ok: true } | { ok: false; why: "malformed" | "forged" | "expired" };

export function verifyState(key: Buffer, binding: string, state: string, nowMs: number): StateCheck {
  const parts = state.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION || !/^\d{1,12}$/.test(parts[2] ?? "")) {
    return { ok: false, why: "malformed" };
  }
  const body = parts.slice(0, 3).join(".");
  const expected = Buffer.from(mac(key, body, binding));
  const given = Buffer.from(parts[3] ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, why: "forged" };
  const age = nowMs / 1000 - Number(parts[2]);
  // A little clock skew backwards is tolerated; a state from the future beyond that is not ours.
  if (age > STATE_TTL_SECONDS || age < -60) return { ok: false, why: "expired" };
  return { ok: true };
}
