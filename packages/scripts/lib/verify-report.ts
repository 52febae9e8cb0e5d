import {
  loginCommand,
  type StoredTokens,
  type TokenStore,
  type TokensInfo,
  tokenInfo,
  type VerifyResult,
} from "@fyers-token/core";
import { EXPIRY_ONLY_HEADER, expiryCells, profileJson, profileLine, table } from "./render.js";

export type NextAction = "none" | "refresh" | "login";

/** What verify.ts concludes, with interface.md's exit codes: 0 valid, 1 refresh may help, 3 log in. */
export function verdict(
  valid: boolean,
  refreshMayWork: boolean,
  login = loginCommand("file"),
): { ok: boolean; action: NextAction; exitCode: 0 | 1 | 3; message: string } {
  if (valid) return { ok: true, action: "none", exitCode: 0, message: "the access token is valid" };
  if (refreshMayWork) {
    return {
      ok: false,
      action: "refresh",
      exitCode: 1,
      message: "the access token is not valid; the refresh token may still work: run refresh.ts",
    };
  }
  return {
    ok: false,
    action: "login",
    exitCode: 3,
    message: `no usable token is left: log in (${login})`,
  };
}

/** interface.md: at least valid, access_token, refresh_token and profile {ok, name}. */
export function verifyJson(result: VerifyResult, next: NextAction): object {
  return {
    valid: result.valid,
    store: result.store,
    access_token: result.access_token,
    refresh_token: result.refresh_token,
    profile: profileJson(result.profile),
    next_action: next,
  };
}

/** Each stored token's expiry (its value is not needed here), then the profile check. */
export function verifyTable(result: VerifyResult): string[] {
  return [...expiryTable(result.store, result), profileLine(result.profile)];
}

/** What is known offline: where the tokens are and when each expires, by its JWT. */
export function expiryTable(store: string, tokens: TokensInfo): string[] {
  return [
    `store: ${store}`,
    ...table([
      EXPIRY_ONLY_HEADER,
      ["access_token", ...expiryCells(tokens.access_token)],
      ["refresh_token", ...expiryCells(tokens.refresh_token)],
    ]),
  ];
}

/** The offline table for what a store read, when FYERS could not be asked (then the error follows). */
export function offlineTable(
  store: TokenStore,
  stored: StoredTokens,
  nowMs: number,
  warnBeforeSeconds: number,
) {
  return expiryTable(`${store.kind}:${store.location}`, {
    access_token: tokenInfo(stored.accessToken, nowMs),
    refresh_token: tokenInfo(stored.refreshToken, nowMs, warnBeforeSeconds),
  });
}

/** The store, remembering what it last read: verify.ts shows it even when FYERS then fails. */
export function rememberingReads(store: TokenStore): { store: TokenStore; last(): StoredTokens | undefined } {
  let last: StoredTokens | undefined;
  // A wrapper over the store itself (not a spread copy): its kind, location and methods may live
  // on a prototype, as they do when --notify wraps the store first.
  const reading: TokenStore = Object.create(store, {
    read: {
      value: async () => {
        last = await store.read();
        return last;
      },
    },
  });
  return { store: reading, last: () => last };
}
