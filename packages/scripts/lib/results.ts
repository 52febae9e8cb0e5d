import type { ExchangeResult, RefreshResult } from "@fyers-token/core";
import type { Io } from "./io.js";
import { describeToken, profileJson, profileLine, TOKEN_HEADER, table, tokenRow } from "./render.js";

/** The result of an exchange: --json object and stdout table (tokens masked unless `reveal`). */
export function exchangeReport(result: ExchangeResult, reveal: boolean) {
  return {
    json: {
      result: "exchanged",
      access_token: result.access_token,
      refresh_token: result.refresh_token,
      saved_to: result.saved_to,
      tokens: { access_token: result.tokens.accessToken, refresh_token: result.tokens.refreshToken },
    },
    text: table([
      TOKEN_HEADER,
      tokenRow("access_token", result.tokens.accessToken, result.access_token, reveal),
      tokenRow("refresh_token", result.tokens.refreshToken, result.refresh_token, reveal),
    ]),
  };
}

export function sayExchanged(result: ExchangeResult, io: Io): void {
  io.line("ok", `Tokens generated; saved to ${result.saved_to.join(" and ")}`);
  io.say(`access token ${describeToken(result.access_token)}`);
  io.say(`refresh token ${describeToken(result.refresh_token)}`);
}

/**
 * The result of a refresh; exit 1 when FYERS rejects the new token on the profile check. A check
 * that could not run (FYERS down right after the refresh) leaves a stored token: exit 0, a warning.
 */
export function refreshReport(result: RefreshResult, store: string, reveal: boolean) {
  return {
    exitCode: result.profile.ok || !result.profile.checked ? (0 as const) : (1 as const),
    json: {
      result: "refreshed",
      store,
      access_token: result.access_token,
      refresh_token: result.refresh_token,
      refresh_token_rotated: result.refresh_token_rotated,
      profile: profileJson(result.profile),
      warnings: result.warnings,
      tokens: { access_token: result.accessToken },
    },
    text: [
      ...table([TOKEN_HEADER, tokenRow("access_token", result.accessToken, result.access_token, reveal)]),
      profileLine(result.profile),
    ],
  };
}

export function sayRefreshed(result: RefreshResult, store: string, io: Io): void {
  io.line("ok", `New access token saved to ${store}: ${describeToken(result.access_token)}`);
  if (result.refresh_token_rotated) io.say("FYERS also sent a new refresh token; it is saved too");
  if (result.profile.ok)
    io.line("ok", `Token validation successful (${result.profile.name ?? "profile ok"})`);
  else if (result.profile.checked)
    io.warn(`the new access token failed the profile check: ${result.profile.message}`);
  for (const warning of result.warnings) io.warn(warning);
}
