import { FyersTokenError } from "../errors.js";
import { appIdHash } from "../fyers/hash.js";
import { loginCommand, REFRESH_HINT } from "../fyers/hints.js";
import type { StoredTokens } from "../store/port.js";
import { formatIst, systemClock } from "../time.js";
import { tokenInfo } from "../tokens/status.js";
import type { AppCredentials, Ports, ProfileReport, TokensInfo } from "./types.js";
import { checkProfile } from "./verify.js";

export interface RefreshInput extends AppCredentials {
  pin: string;
}

export interface RefreshResult extends TokensInfo {
  action: "refreshed";
  accessToken: string;
  /** True when FYERS also sent a new refresh token. */
  refresh_token_rotated: boolean;
  profile: ProfileReport;
  requests: number;
}

/**
 * Stored refresh token + PIN → new access token → store → profile check. Nothing is written
 * unless FYERS issued a token; a refusal is `login_required`, since April 2026 an expected state.
 */
export async function refresh(
  ports: Ports,
  input: RefreshInput,
  /** What the caller has just read from the store (auto's plan), to spare a second read. */
  alreadyRead?: StoredTokens,
): Promise<RefreshResult> {
  const clock = ports.clock ?? systemClock;
  const stored = alreadyRead ?? (await ports.store.read());
  const refreshInfo = tokenInfo(stored.refreshToken, clock());
  if (!stored.refreshToken) {
    throw new FyersTokenError("login_required", `no refresh token is stored in ${ports.store.location}`, {
      hint: `log in: ${loginCommand(ports.store.kind)}`,
    });
  }
  if (refreshInfo.status === "expired" && refreshInfo.expires_at) {
    throw new FyersTokenError(
      "login_required",
      `the stored refresh token expired at ${formatIst(Date.parse(refreshInfo.expires_at))}`,
      { hint: REFRESH_HINT },
    );
  }
  const hash = appIdHash(input.clientId, input.appSecret);
  const fresh = await ports.client.refreshAccessToken(hash, stored.refreshToken, input.pin);
  await ports.store.write({ clientId: input.clientId, ...fresh });
  ports.logger?.info(`saved the new access token to ${ports.store.kind}:${ports.store.location}`);
  const profile = await checkProfile(ports.client, fresh.accessToken);
  const now = clock();
  return {
    action: "refreshed",
    accessToken: fresh.accessToken,
    refresh_token_rotated: fresh.refreshToken !== undefined,
    access_token: tokenInfo(fresh.accessToken, now),
    refresh_token: tokenInfo(fresh.refreshToken ?? stored.refreshToken, now),
    profile,
    requests: ports.client.requestCount,
  };
}
