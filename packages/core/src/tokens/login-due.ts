import { formatIst, nextRollover } from "../time.js";
import type { TokenInfo } from "./status.js";

/** A login will be due although the access token works now. */
export interface LoginDue {
  /** Epoch ms: after this no stored token works without a login. */
  byMs: number;
  /** Why, in a sentence for people. */
  reason: string;
}

/** True when the token is alive by its `exp` (so it still works, however briefly). */
export function isAlive(info: TokenInfo): boolean {
  return info.seconds_left !== null && info.seconds_left > 0;
}

/**
 * A login is due soon although the access token works: the refresh token dies within
 * `warnBeforeSeconds`, or is already dead or missing (then the access token's expiry is the
 * deadline). Undefined when no login is due, or when one is due now (nothing works).
 */
export function loginDue(
  access: TokenInfo,
  refresh: TokenInfo,
  warnBeforeSeconds: number,
  nowMs: number,
): LoginDue | undefined {
  if (refresh.status === "expired" || refresh.status === "missing") {
    if (!isAlive(access)) return undefined;
    const byMs = access.expires_at === null ? nextRollover(nowMs) : Date.parse(access.expires_at);
    const reason =
      refresh.status === "missing"
        ? "no refresh token is stored"
        : `the refresh token expired at ${formatIst(Date.parse(refresh.expires_at ?? ""))}`;
    return { byMs, reason: `${reason}, so the access token cannot be refreshed when it expires` };
  }
  const left = refresh.seconds_left;
  if (refresh.expires_at === null || left === null || left <= 0 || left >= warnBeforeSeconds)
    return undefined;
  const byMs = Date.parse(refresh.expires_at);
  return { byMs, reason: `the refresh token expires at ${formatIst(byMs)}` };
}
