import type { FyersClient } from "../fyers/client.js";
import { formatIst, systemClock } from "../time.js";
import { tokenInfo } from "../tokens/status.js";
import type { Ports, ProfileReport, TokensInfo } from "./types.js";

export interface VerifyResult extends TokensInfo {
  /** The stored access token works: FYERS' profile call accepted it. */
  valid: boolean;
  /** The stored access token, when FYERS accepted it (for callers that hand it on). */
  accessToken: string | undefined;
  profile: ProfileReport;
  /** Where the tokens were read from. */
  store: string;
  requests: number;
}

/** Calls profile with the token; a rejected token is a report, not an exception. */
export async function checkProfile(client: FyersClient, accessToken: string): Promise<ProfileReport> {
  const answer = await client.getProfile(accessToken);
  if (answer.ok) return { ok: true, checked: true, name: answer.name };
  return {
    ok: false,
    checked: true,
    message: `FYERS rejected the access token (${answer.fyersCode ?? answer.httpStatus}: ${answer.message || "no message"})`,
  };
}

/**
 * Expiry of each stored token (offline, from the JWTs) and a profile call for the access
 * token; no call when the token is missing or already expired by its `exp`.
 */
export async function verify(
  ports: Ports,
  options: { warnBeforeSeconds?: number } = {},
): Promise<VerifyResult> {
  const now = (ports.clock ?? systemClock)();
  const stored = await ports.store.read();
  const access = tokenInfo(stored.accessToken, now);
  const refreshInfo = tokenInfo(stored.refreshToken, now, options.warnBeforeSeconds ?? 0);
  let profile: ProfileReport;
  if (!stored.accessToken) {
    profile = { ok: false, checked: false, message: "no access token is stored" };
  } else if (access.status === "expired" && access.expires_at) {
    profile = {
      ok: false,
      checked: false,
      message: `the access token expired at ${formatIst(Date.parse(access.expires_at))}`,
    };
  } else {
    profile = await checkProfile(ports.client, stored.accessToken);
  }
  return {
    valid: profile.ok,
    accessToken: profile.ok ? stored.accessToken : undefined,
    access_token: access,
    refresh_token: refreshInfo,
    profile,
    store: `${ports.store.kind}:${ports.store.location}`,
    requests: ports.client.requestCount,
  };
}
