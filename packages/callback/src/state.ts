import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** How long a login may take between /login and the redirect back. */
export const STATE_TTL_SECONDS = 15 * 60;
const VERSION = "v1";
/** The nonce: 8 random bytes, then 8 bytes of a tag that needs no binding (see `signedHere`). */
const RANDOM_BYTES = 8;
const TAG_BYTES = 8;

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

function issuedTag(key: Buffer, random: Buffer, issuedAt: string): Buffer {
  return createHmac("sha256", key)
    .update(`issued|${random.toString("base64url")}|${issuedAt}`)
    .digest()
    .subarray(0, TAG_BYTES);
}

/** `v1.<nonce>.<issued at, epoch seconds>.<mac>`: URL-safe, opaque to FYERS, returned unchanged. */
export function signState(key: Buffer, binding: string, nowMs: number): string {
  const issuedAt = String(Math.floor(nowMs / 1000));
  const random = randomBytes(RANDOM_BYTES);
  const nonce = Buffer.concat([random, issuedTag(key, random, issuedAt)]).toString("base64url");
  const body = `${VERSION}.${nonce}.${issuedAt}`;
  return `${body}.${mac(key, body, binding)}`;
}

/**
 * Whether this callback signed `state`, whatever the binding was: a state a later login made
 * stale (the done page reloaded) rather than a forgery. Its issue time, epoch seconds, or undefined.
 */
export function signedHere(key: Buffer, state: string): number | undefined {
  const parts = state.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION || !/^\d{1,12}$/.test(parts[2] ?? "")) return undefined;
  const nonce = Buffer.from(parts[1] ?? "", "base64url");
  if (nonce.length !== RANDOM_BYTES + TAG_BYTES) return undefined;
  const expected = issuedTag(key, nonce.subarray(0, RANDOM_BYTES), parts[2] ?? "");
  return timingSafeEqual(nonce.subarray(RANDOM_BYTES), expected) ? Number(parts[2]) : undefined;
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
