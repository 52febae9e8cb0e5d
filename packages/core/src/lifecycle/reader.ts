import { FyersTokenError, isFyersTokenError } from "../errors.js";
import type { StoredTokens, TokenStore } from "../store/port.js";
import { type Clock, formatIst, systemClock } from "../time.js";
import { decodeClaims } from "../tokens/jwt.js";
import { type TokenInfo, tokenInfo } from "../tokens/status.js";

export interface UsableToken {
  accessToken: string;
  clientId: string;
  /** ISO 8601 UTC, or null when the token's expiry is unknown. */
  expiresAt: string | null;
}

/** The read-only IAM policy for consumers, named when AWS refuses the reader. */
export const READER_POLICY_FILE = "docs/iam/fyers-token-reader-policy.json";

/** A consumer runs outside this repository, so the hint names what to do, not a path in it. */
const LOGIN_HINT =
  "a person must log in to FYERS: open the login link in the fyers-token workflow's issue (or run that workflow), " +
  "or run fyers-token's login command where it is installed; the next read picks up the new token (a createTokenReader within 10 s)";

/**
 * For consumers such as an ingestion Lambda: a usable access token from this store, or a clear
 * `login_required` error. Offline: reads the store once and looks at the JWT's `exp`.
 */
export async function readAccessToken(
  store: TokenStore,
  options: { clock?: Clock; minRemainingSeconds?: number } = {},
): Promise<UsableToken> {
  const stored = await readForConsumer(store);
  const nowMs = (options.clock ?? systemClock)();
  return usableToken(store, stored, tokenInfo(stored.accessToken, nowMs, options.minRemainingSeconds ?? 60));
}

/** A store that can read just what a consumer uses (the SSM store: client_id and access_token). */
type AccessReading = TokenStore & { readAccess(): Promise<StoredTokens> };
const readsAccess = (store: TokenStore): store is AccessReading =>
  typeof (store as Partial<AccessReading>).readAccess === "function";

/**
 * One store read of what a consumer uses, so the reader policy need not grant the refresh token;
 * a refusal by AWS names the reader's own least-privilege policy.
 */
export async function readForConsumer(store: TokenStore): Promise<StoredTokens> {
  try {
    return await (readsAccess(store) ? store.readAccess() : store.read());
  } catch (error) {
    throw readerError(error, store);
  }
}

/** The token when `info` says it may be used, else `login_required` saying why. */
export function usableToken(store: TokenStore, stored: StoredTokens, info: TokenInfo): UsableToken {
  if (!stored.accessToken || info.status === "expired" || info.status === "expiring") {
    const why = !stored.accessToken
      ? `no FYERS access token is stored in ${store.kind}:${store.location}`
      : `the FYERS access token in ${store.kind}:${store.location} ${info.status === "expired" ? "expired" : "expires"} at ${formatIst(Date.parse(info.expires_at ?? ""))}`;
    throw new FyersTokenError("login_required", why, { hint: LOGIN_HINT });
  }
  // FYERS wants "client_id:token"; without the id every call would be a 401 and a re-read.
  if (!stored.clientId) {
    const where =
      store.kind === "ssm"
        ? `ssm:${store.location}/client_id`
        : `${store.kind}:${store.location} (client_id)`;
    throw new FyersTokenError(
      "store_corrupt",
      `no FYERS client id is stored in ${where} beside the access token`,
      {
        hint: "the next login or refresh by fyers-token stores it with the tokens; or store the app id with its -100 suffix there yourself",
      },
    );
  }
  checkAppId(store, stored.accessToken, stored.clientId);
  return { accessToken: stored.accessToken, clientId: stored.clientId, expiresAt: info.expires_at };
}

/**
 * The app id FYERS put in the token (`app_id`, e.g. `ABCDE12345`) must be the stored client id
 * without its `-100` type suffix (or the whole id): else every call is a 401 for a token from
 * another app. A token without the claim is not checked (FYERS does not promise it).
 */
function checkAppId(store: TokenStore, accessToken: string, clientId: string): void {
  const appId = tokenAppId(accessToken);
  if (appId === undefined || appId === clientId || appId === clientId.replace(/-\d+$/, "")) return;
  const where = (name: string) =>
    store.kind === "ssm" ? `ssm:${store.location}/${name}` : `${store.kind}:${store.location} (${name})`;
  throw new FyersTokenError(
    "store_corrupt",
    `the FYERS access token in ${where("access_token")} is for app ${appId}, not the client id ${clientId} stored in ${where("client_id")}`,
    {
      hint: "the tokens and the client id come from different FYERS apps: log in again with the app whose id is stored (or store that app's id with its -100 suffix as client_id)",
    },
  );
}

/** The token's `app_id` (or `appId`) claim when it is a plain app id; anything else is not checked. */
function tokenAppId(accessToken: string): string | undefined {
  const claims = decodeClaims(accessToken) as Record<string, unknown> | undefined;
  const value = claims?.app_id ?? claims?.appId;
  return typeof value === "string" && /^[A-Za-z0-9]+(?:-\d+)?$/.test(value) ? value : undefined;
}

/** The store's error, with a hint for a reader (GetParameters and kms:Decrypt only) when AWS refused. */
function readerError(error: unknown, store: TokenStore): unknown {
  if (store.kind !== "ssm" || !isFyersTokenError(error, "store_failed")) return error;
  const name = (error.cause as { name?: string } | undefined)?.name ?? "";
  const denied = name === "AccessDeniedException";
  const kms = name.startsWith("KMS") || name === "InvalidKeyId";
  if (!denied && !kms) return error;
  const needs = denied
    ? `ssm:GetParameters on ${store.location}/client_id and access_token`
    : "kms:Decrypt (via SSM) on the key that encrypts these parameters";
  return new FyersTokenError(error.code, error.message, {
    cause: error.cause,
    hint: `a reader needs only ${needs}: attach ${READER_POLICY_FILE} from the fyers-token repository to the role or user in use (set its account, region, prefix and key)`,
  });
}
