import type { StoredTokens, TokenStore } from "../store/port.js";
import { type Clock, formatIst, systemClock } from "../time.js";
import { hasAtLeast, mayBeUsable, tokenInfo } from "../tokens/status.js";
import type { TokensInfo } from "./types.js";

export type PlannedAction = "exchange" | "skip" | "refresh" | "login-required";

export interface PlanInput {
  /** An auth code (or redirect URL) was given: exchange it. */
  authCode?: string | undefined;
  /** Skip when the stored access token has at least this long left (default 2 h). */
  minRemainingSeconds?: number;
  /** Refresh even when the access token has time left. */
  force?: boolean;
  /** Flag the refresh token as expiring when less than this is left (default 3 d). */
  warnBeforeSeconds?: number;
}

export interface Plan extends TokensInfo {
  action: PlannedAction;
  /** Why, in a sentence for people. */
  reason: string;
  /** The refresh token dies within `warnBeforeSeconds`: a login will be due soon. */
  refresh_expiring: boolean;
  stored: StoredTokens;
}

export const DEFAULT_MIN_REMAINING_SECONDS = 2 * 3600;
export const DEFAULT_WARN_BEFORE_SECONDS = 3 * 86400;

/**
 * The `auto` decision of interface.md, from one store read and no FYERS call: exchange a given
 * auth code; skip while the access token has `minRemaining` left; else refresh while the refresh
 * token may still work; else a person must log in.
 */
export async function plan(
  ports: { store: TokenStore; clock?: Clock },
  input: PlanInput = {},
): Promise<Plan> {
  const stored = await ports.store.read();
  const now = (ports.clock ?? systemClock)();
  const minRemaining = input.minRemainingSeconds ?? DEFAULT_MIN_REMAINING_SECONDS;
  const access = tokenInfo(stored.accessToken, now, minRemaining);
  const refresh = tokenInfo(stored.refreshToken, now, input.warnBeforeSeconds ?? DEFAULT_WARN_BEFORE_SECONDS);
  const base = {
    access_token: access,
    refresh_token: refresh,
    refresh_expiring: refresh.status === "expiring",
    stored,
  };
  const decide = (action: PlannedAction, reason: string): Plan => ({ action, reason, ...base });

  if (input.authCode) return decide("exchange", "an auth code was given");
  if (!input.force && hasAtLeast(access, minRemaining)) {
    return decide(
      "skip",
      `the access token is valid until ${formatIst(Date.parse(access.expires_at ?? ""))}`,
    );
  }
  if (mayBeUsable(refresh)) {
    return decide("refresh", input.force ? "a refresh was forced" : describeAccess(access.status));
  }
  return decide("login-required", describeRefresh(refresh.status, refresh.expires_at));
}

function describeAccess(status: string): string {
  if (status === "missing") return "no access token is stored";
  if (status === "unknown") return "the access token's expiry is unknown";
  return status === "expired" ? "the access token has expired" : "the access token expires soon";
}

function describeRefresh(status: string, expiresAt: string | null): string {
  if (status === "missing") return "no refresh token is stored";
  return `the refresh token expired${expiresAt ? ` at ${formatIst(Date.parse(expiresAt))}` : ""}`;
}
