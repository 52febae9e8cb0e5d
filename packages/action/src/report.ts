import { formatIst, nextRollover, type TokenInfo } from "@fyers-token/core";
import type { Mode } from "./inputs.js";

/** The `result` output values of interface.md. */
export type Result = "refreshed" | "exchanged" | "skipped" | "valid" | "invalid" | "login-required";

/** What a run found and did: everything outputs, summary and the login issue are rendered from. */
export interface Report {
  mode: Mode;
  result: Result;
  /** A dry run: `result` says what would have happened, nothing was issued or written. */
  dryRun: boolean;
  /** Why, in a sentence for people. */
  reason: string;
  /** A token known to work now (skip included), for the `access-token` output. */
  accessToken: string | undefined;
  access: TokenInfo;
  refresh: TokenInfo;
  /** This run went fine, but a person must log in soon; undefined when not. */
  loginDue: LoginDue | undefined;
  /** Set when FYERS did not accept a freshly issued token in the profile check. */
  profileProblem: string | undefined;
  /** e.g. "ssm:/stock-pipeline/fyers" */
  store: string;
  fyersRequests: number;
  nowMs: number;
}

export interface LoginDue {
  /** Epoch ms: after this no stored token works without a login. */
  byMs: number;
  /** Why, in a sentence for people. */
  reason: string;
}

/**
 * A login is due soon although the access token works: the refresh token dies within
 * warn-before, or is already dead or missing (then the access token's expiry is the deadline).
 */
export function loginDue(
  access: TokenInfo,
  refresh: TokenInfo,
  warnBeforeSeconds: number,
  nowMs: number,
): LoginDue | undefined {
  if (refresh.status === "expired" || refresh.status === "missing") {
    if (!isAlive(access)) return undefined; // then the run itself reports login-required
    const byMs = access.expires_at === null ? nextRollover(nowMs) : Date.parse(access.expires_at);
    const reason =
      refresh.status === "missing"
        ? "no refresh token is stored"
        : `the refresh token expired at ${formatIst(Date.parse(refresh.expires_at ?? ""))}`;
    return { byMs, reason: `${reason}, so the access token cannot be refreshed when it expires` };
  }
  if (refresh.expires_at === null || !expiresWithin(refresh, warnBeforeSeconds)) return undefined;
  const byMs = Date.parse(refresh.expires_at);
  return { byMs, reason: `the refresh token expires at ${formatIst(byMs)}` };
}

/** True when the token is alive and has less than `seconds` left. */
export function expiresWithin(info: TokenInfo, seconds: number): boolean {
  return info.seconds_left !== null && info.seconds_left > 0 && info.seconds_left < seconds;
}

/** True when the token is alive by its `exp` (so it still works, however briefly). */
export function isAlive(info: TokenInfo): boolean {
  return info.seconds_left !== null && info.seconds_left > 0;
}

/** What a result means, for headlines and the issue. */
export const RESULT_TEXT: Record<Result, string> = {
  refreshed: "refreshed the access token",
  exchanged: "exchanged the auth code for new tokens",
  skipped: "skipped: the access token is still good",
  valid: "the stored access token is valid",
  invalid: "the stored access token is not valid",
  "login-required": "a login is required",
};
