import { FyersTokenError, isFyersTokenError } from "../errors.js";
import type { RefreshedTokens } from "../fyers/client.js";
import { appIdHash } from "../fyers/hash.js";
import { loginCommand, REFRESH_HINT } from "../fyers/hints.js";
import type { StoredTokens, TokenStore, TokenUpdate } from "../store/port.js";
import { formatIst, systemClock } from "../time.js";
import { tokenInfo } from "../tokens/status.js";
import type { AppCredentials, Ports, ProfileReport, TokensInfo } from "./types.js";
import { checkProfile } from "./verify.js";

export interface RefreshInput extends AppCredentials {
  pin: string;
}

export interface RefreshOptions {
  /** Where the new tokens go when the store refuses them (scripts pass the token file). */
  fallbackStore?: TokenStore | undefined;
}

export interface RefreshResult extends TokensInfo {
  action: "refreshed";
  accessToken: string;
  /** True when FYERS also sent a new refresh token. */
  refresh_token_rotated: boolean;
  profile: ProfileReport;
  /** Things people should know about a refresh that worked (a profile check that could not run). */
  warnings: string[];
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
  options: RefreshOptions = {},
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
  await storeRefreshed(ports.store, { clientId: input.clientId, ...fresh }, stored, options.fallbackStore);
  ports.logger?.info(`saved the new access token to ${ports.store.kind}:${ports.store.location}`);
  const warnings: string[] = [];
  const profile = await profileAfterRefresh(ports, fresh.accessToken, warnings);
  const now = clock();
  return {
    action: "refreshed",
    accessToken: fresh.accessToken,
    refresh_token_rotated: fresh.refreshToken !== undefined,
    access_token: tokenInfo(fresh.accessToken, now),
    refresh_token: tokenInfo(fresh.refreshToken ?? stored.refreshToken, now),
    profile,
    warnings,
    requests: ports.client.requestCount,
  };
}

/** The token is stored by now, so a profile check FYERS could not answer is a warning, not a failure. */
async function profileAfterRefresh(ports: Ports, accessToken: string, warnings: string[]) {
  try {
    return await checkProfile(ports.client, accessToken);
  } catch (error) {
    if (!isFyersTokenError(error, "unavailable") && !isFyersTokenError(error, "rate_limited")) throw error;
    const message = `the new access token is stored, but the profile check could not run: ${error.message}`;
    warnings.push(message);
    ports.logger?.warn(message);
    return { ok: false, checked: false, message } satisfies ProfileReport;
  }
}

const describe = (store: TokenStore) => `${store.kind}:${store.location}`;

/**
 * Writes the refreshed tokens. When the store refuses them, the fallback keeps them; either way
 * the error says where they are (`savedTo`) and carries them (`issued`) for `--json` recovery.
 */
async function storeRefreshed(
  store: TokenStore,
  update: TokenUpdate & RefreshedTokens,
  current: StoredTokens,
  fallback: TokenStore | undefined,
): Promise<void> {
  try {
    await store.write(update, current);
    return;
  } catch (error) {
    if (!(error instanceof FyersTokenError)) throw error;
    const issued = {
      accessToken: update.accessToken,
      ...(update.refreshToken ? { refreshToken: update.refreshToken } : {}),
    };
    const plural = update.refreshToken !== undefined;
    const what = plural ? "the new tokens" : "the new access token";
    const partly = error.savedTo ?? [];
    const notStored = partly.length
      ? `${what} ${plural ? "are" : "is"} only partly stored (${partly.join(", ")})`
      : `${what} ${plural ? "were" : "was"} not stored`;
    if (fallback === undefined) {
      throw new FyersTokenError("store_failed", `${error.message}; ${notStored}`, {
        cause: error,
        hint: `${error.hint ?? "fix the store"}; then run the refresh again`,
        savedTo: partly,
        issued,
      });
    }
    // The fallback gets the whole pair in use, so copying it back (put-parameters.ts) never puts
    // an older refresh token of its own beside the new access token.
    const refreshToken = update.refreshToken ?? current.refreshToken;
    try {
      await fallback.write({ ...update, ...(refreshToken === undefined ? {} : { refreshToken }) });
    } catch (fallbackError) {
      const why = fallbackError instanceof Error ? fallbackError.message : String(fallbackError);
      throw new FyersTokenError(
        "store_failed",
        `${error.message}; the fallback ${describe(fallback)} failed too (${why}); ${notStored}`,
        { cause: error, hint: error.hint, savedTo: partly, issued },
      );
    }
    throw new FyersTokenError(
      "store_failed",
      `${error.message}; ${what} ${plural ? "are" : "is"} saved in ${describe(fallback)} instead`,
      {
        cause: error,
        hint: `${error.hint ?? "fix the store"}; then copy them from ${fallback.location} with npx tsx packages/scripts/put-parameters.ts`,
        savedTo: [...partly, describe(fallback)],
        issued,
      },
    );
  }
}
