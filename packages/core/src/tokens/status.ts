import { isoUtc } from "../time.js";
import { expiresAtMs } from "./jwt.js";

export type TokenStatus = "valid" | "expiring" | "expired" | "missing" | "unknown";

/** What is known offline about one stored token. Times are ISO 8601 UTC, or null when unknown. */
export interface TokenInfo {
  status: TokenStatus;
  expires_at: string | null;
  seconds_left: number | null;
}

/**
 * Classifies a token by its JWT `exp`: `expiring` when less than `windowSeconds` is left,
 * `unknown` when it is not a JWT with an `exp` (only a profile call can tell then).
 */
export function tokenInfo(token: string | undefined, nowMs: number, windowSeconds = 0): TokenInfo {
  if (!token) return { status: "missing", expires_at: null, seconds_left: null };
  const expMs = expiresAtMs(token);
  if (expMs === undefined) return { status: "unknown", expires_at: null, seconds_left: null };
  const secondsLeft = Math.floor((expMs - nowMs) / 1000);
  const status = secondsLeft <= 0 ? "expired" : secondsLeft < windowSeconds ? "expiring" : "valid";
  return { status, expires_at: isoUtc(expMs), seconds_left: secondsLeft };
}

/** True when the token is known to be alive for at least `minSeconds` more. */
export function hasAtLeast(info: TokenInfo, minSeconds: number): boolean {
  return info.seconds_left !== null && info.seconds_left >= minSeconds && info.seconds_left > 0;
}

/** True when the token may still work: alive by its `exp`, or of unknown expiry. */
export function mayBeUsable(info: TokenInfo): boolean {
  return info.status === "valid" || info.status === "expiring" || info.status === "unknown";
}
