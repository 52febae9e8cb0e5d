import { FyersTokenError } from "../errors.js";
import { parseAuthCode } from "../fyers/auth-code.js";
import type { FyersClient, IssuedTokens } from "../fyers/client.js";
import { appIdHash } from "../fyers/hash.js";
import type { TokenStore } from "../store/port.js";
import { type Clock, systemClock } from "../time.js";
import { tokenInfo } from "../tokens/status.js";
import type { AppCredentials, TokensInfo } from "./types.js";

export interface ExchangeInput extends AppCredentials {
  /** A bare code, a quoted one, or the whole redirect URL. */
  authCode: string;
  /** When set, a redirect URL with another `state` is refused before any FYERS call. */
  expectedState?: string;
}

export interface ExchangeResult extends TokensInfo {
  action: "exchanged";
  tokens: IssuedTokens;
  /** Store locations written, in order. */
  saved_to: string[];
  requests: number;
}

/**
 * Auth code → tokens → every store, in order. The first store is the safety net: single-use
 * tokens are never lost when a later one (SSM) is unreachable.
 */
export async function exchange(
  ports: { client: FyersClient; stores: TokenStore[]; clock?: Clock },
  input: ExchangeInput,
): Promise<ExchangeResult> {
  const { code, state } = parseAuthCode(input.authCode);
  if (input.expectedState !== undefined && state !== undefined && state !== input.expectedState) {
    throw new FyersTokenError(
      "state_mismatch",
      "the redirect's state does not match the login URL's; nothing was saved",
      {
        hint: "open the login URL printed by this run, not an older one, and log in again",
      },
    );
  }
  // The first store is the safety net: find out that it is broken or unreadable before the
  // single-use code is spent, not after FYERS has issued tokens that could then go nowhere.
  await ports.stores[0]?.read();
  const tokens = await ports.client.exchangeAuthCode(appIdHash(input.clientId, input.appSecret), code);
  const savedTo = await saveAll(ports.stores, { clientId: input.clientId, ...tokens });
  const now = (ports.clock ?? systemClock)();
  return {
    action: "exchanged",
    tokens,
    saved_to: savedTo,
    access_token: tokenInfo(tokens.accessToken, now),
    refresh_token: tokenInfo(tokens.refreshToken, now),
    requests: ports.client.requestCount,
  };
}

/**
 * Writes newly issued tokens to each store in turn. A failure says where the tokens are safe, or,
 * when the first store fails, that they were saved nowhere and the auth code is spent.
 */
export async function saveAll(
  stores: TokenStore[],
  update: Parameters<TokenStore["write"]>[0],
): Promise<string[]> {
  const savedTo: string[] = [];
  for (const store of stores) {
    try {
      await store.write(update);
    } catch (error) {
      if (!(error instanceof FyersTokenError)) throw error;
      if (savedTo.length === 0) {
        throw new FyersTokenError(
          error.code,
          `${error.message}; the new tokens were not saved anywhere, and the auth code is used up`,
          {
            cause: error,
            hint: `${error.hint ?? ""}${error.hint ? "; then " : ""}log in again and use the new auth code`,
          },
        );
      }
      throw new FyersTokenError(
        error.code,
        `${error.message}; the new tokens are saved in ${savedTo.join(" and ")}`,
        {
          cause: error,
          hint: `${error.hint ?? ""}${error.hint ? "; then " : ""}copy them with npx tsx packages/scripts/put-parameters.ts`,
        },
      );
    }
    savedTo.push(`${store.kind}:${store.location}`);
  }
  return savedTo;
}
