import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** How long a login may take between /login and the redirect back. */
export const STATE_TTL_SECONDS = 15 * 60;
/** A little clock skew backwards is tolerated; a state from further in the future is not ours. */
const FUTURE_SKEW_SECONDS = 60;
const VERSION = "v2";
/** Binding and login tags: 16 bytes of an HMAC, 22 base64url characters each. */
const TAG_BYTES = 16;
const TAG = /^[A-Za-z0-9_-]{22}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;
/** What the binding tag covers when SSM holds no refresh token yet (the first login). */
const NO_REFRESH_TOKEN = "no refresh token stored";

/**
 * The key that signs states: HKDF-SHA256 of the app secret under a fixed label, so the secret
 * itself never signs anything a browser carries.
 */
export function stateKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "fyers-token callback", "login state v1", 32));
}

/** A fresh login id for the `__Host-` cookie /login sets: 16 random bytes. */
export function newLoginId(): string {
  return randomBytes(16).toString("base64url");
}

function tag(key: Buffer, label: string, value: string): string {
  return createHmac("sha256", key)
    .update(`${label}|${value}`)
    .digest()
    .subarray(0, TAG_BYTES)
    .toString("base64url");
}

function mac(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(`state|${body}`).digest("base64url");
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** What a state is made of, read without any key: its shape only, nothing verified yet. */
export interface StateParts {
  /** Epoch seconds. */
  issuedAt: number;
  /** HMAC tag of the refresh token stored when the login started (replay protection). */
  binding: string;
  /** HMAC tag of the login id in the starting browser's cookie. */
  login: string;
  body: string;
  mac: string;
}

/**
 * `v2.<issued at>.<binding tag>.<login tag>.<mac>`: URL-safe, opaque to FYERS, returned
 * unchanged. The MAC covers the rest under the state key alone, so a forgery is refused before
 * any token is read; the binding is compared after the read, so a state works once: every
 * login stores a new refresh token.
 */
export function signState(
  key: Buffer,
  at: { refreshToken: string | undefined; loginId: string },
  nowMs: number,
): string {
  const issuedAt = String(Math.floor(nowMs / 1000));
  const body = [
    VERSION,
    issuedAt,
    tag(key, "binding", at.refreshToken ?? NO_REFRESH_TOKEN),
    tag(key, "login", at.loginId),
  ].join(".");
  return `${body}.${mac(key, body)}`;
}

/** The parts of a well-formed state, or undefined: no key needed, nothing trusted yet. */
export function parseState(state: string): StateParts | undefined {
  const parts = state.split(".");
  const [version, issuedAt = "", binding = "", login = "", signature = ""] = parts;
  if (parts.length !== 5 || version !== VERSION || !/^\d{1,12}$/.test(issuedAt)) return undefined;
  if (!TAG.test(binding) || !TAG.test(login) || !MAC.test(signature)) return undefined;
  return {
    issuedAt: Number(issuedAt),
    binding,
    login,
    body: parts.slice(0, 4).join("."),
    mac: signature,
  };
}

/** Whether the state's claimed issue time is within the 15 minutes (checked before its MAC: free). */
export function isFresh(parts: StateParts, nowMs: number): boolean {
  const age = nowMs / 1000 - parts.issuedAt;
  return age <= STATE_TTL_SECONDS && age >= -FUTURE_SKEW_SECONDS;
}

/** Whether this callback signed the state under `key` (its issue time, binding and login tag included). */
export function signedBy(key: Buffer, parts: StateParts): boolean {
  return same(parts.mac, mac(key, parts.body));
}

/** Whether SSM still holds the refresh token the login started with: no login since. */
export function bindingHolds(key: Buffer, parts: StateParts, refreshToken: string | undefined): boolean {
  return same(parts.binding, tag(key, "binding", refreshToken ?? NO_REFRESH_TOKEN));
}

/** Whether the browser's cookie holds the login id this state was started with. */
export function startedBy(key: Buffer, parts: StateParts, loginId: string | undefined): boolean {
  return loginId !== undefined && same(parts.login, tag(key, "login", loginId));
}
