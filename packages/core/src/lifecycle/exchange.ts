import { FyersTokenError } from "../errors.js";
import { parseAuthCode } from "../fyers/auth-code.js";
import type { FyersClient, IssuedTokens } from "../fyers/client.js";
import { appIdHash } from "../fyers/hash.js";
import type { StoredTokens, TokenStore, TokenUpdate } from "../store/port.js";
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
 * Auth code → tokens → every store, in order. Every store is checked before the code is spent,
 * and every store is written even when one fails, so single-use tokens are kept wherever they can be.
 */
export async function exchange(
  ports: { client: FyersClient; stores: TokenStore[]; clock?: Clock },
  input: ExchangeInput,
  /** What the caller has just read from each store, by position (auto's plan), to spare a read. */
  alreadyRead: (StoredTokens | undefined)[] = [],
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
  // Find out that a store is broken, unreadable or unwritable before the single-use code is
  // spent, not after FYERS has issued tokens that could then go nowhere. What is read here is
  // what each write compares with, so SSM is not read twice.
  const current: StoredTokens[] = [];
  for (const [index, store] of ports.stores.entries()) {
    current.push(alreadyRead[index] ?? (await store.read()));
    await store.checkWritable();
  }
  const tokens = await ports.client.exchangeAuthCode(appIdHash(input.clientId, input.appSecret), code);
  const savedTo = await saveAll(ports.stores, { clientId: input.clientId, ...tokens }, current);
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
 * Writes newly issued tokens to every store, even after one fails, then says exactly which
 * stores (or, after a partial SSM write, which parameters) hold them. Throws only when some
 * store failed; the error carries `savedTo` and the tokens (`issued`) for `--json` recovery.
 */
export async function saveAll(
  stores: TokenStore[],
  update: TokenUpdate & { accessToken: string },
  current: (StoredTokens | undefined)[] = [],
): Promise<string[]> {
  const savedTo: string[] = [];
  const failures: { store: TokenStore; error: FyersTokenError }[] = [];
  for (const [index, store] of stores.entries()) {
    try {
      await store.write(update, current[index]);
      savedTo.push(`${store.kind}:${store.location}`);
    } catch (error) {
      if (!(error instanceof FyersTokenError)) throw error;
      failures.push({ store, error });
      savedTo.push(...(error.savedTo ?? []));
    }
  }
  const first = failures[0]?.error;
  if (first === undefined) return savedTo;
  const ssmFailed = failures.some((f) => f.store.kind === "ssm");
  const where =
    savedTo.length === 0
      ? "the new tokens were not saved anywhere, and the auth code is used up"
      : `the new tokens are saved in ${savedTo.join(" and ")}`;
  const fix =
    savedTo.length === 0
      ? "log in again and use the new auth code"
      : ssmFailed
        ? "copy them to SSM with npx tsx packages/scripts/put-parameters.ts"
        : "the next login writes the token file again (it keeps its older tokens until then)";
  throw new FyersTokenError(first.code, `${failures.map((f) => f.error.message).join("; ")}; ${where}`, {
    cause: first,
    hint: `${first.hint ?? ""}${first.hint ? "; then " : ""}${fix}`,
    savedTo,
    issued: {
      accessToken: update.accessToken,
      ...(update.refreshToken ? { refreshToken: update.refreshToken } : {}),
    },
  });
}
