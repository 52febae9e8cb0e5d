import { FyersTokenError } from "../errors.js";
import type { TokenStore } from "../store/port.js";
import { type Clock, formatIst, systemClock } from "../time.js";
import { tokenInfo } from "../tokens/status.js";

export interface UsableToken {
  accessToken: string;
  clientId: string | undefined;
  /** ISO 8601 UTC, or null when the token's expiry is unknown. */
  expiresAt: string | null;
}

/**
 * For consumers such as an ingestion Lambda: a usable access token from this store, or a clear
 * `login_required` error. Offline: reads the store once and looks at the JWT's `exp`.
 */
export async function readAccessToken(
  store: TokenStore,
  options: { clock?: Clock; minRemainingSeconds?: number } = {},
): Promise<UsableToken> {
  const stored = await store.read();
  const info = tokenInfo(
    stored.accessToken,
    (options.clock ?? systemClock)(),
    options.minRemainingSeconds ?? 60,
  );
  if (!stored.accessToken || info.status === "expired" || info.status === "expiring") {
    const why = !stored.accessToken
      ? `no FYERS access token is stored in ${store.kind}:${store.location}`
      : `the FYERS access token in ${store.kind}:${store.location} ${info.status === "expired" ? "expired" : "expires"} at ${formatIst(Date.parse(info.expires_at ?? ""))}`;
    throw new FyersTokenError("login_required", why, {
      hint: "run the fyers-token workflow, or log in locally: npx tsx packages/scripts/login.ts",
    });
  }
  return { accessToken: stored.accessToken, clientId: stored.clientId, expiresAt: info.expires_at };
}
