import {
  type Config,
  type ExchangeResult,
  exchange,
  parseAuthCode,
  requireAppSecret,
  type TokenStore,
} from "@fyers-token/core";
import type { Io } from "./io.js";
import { fyersClient } from "./ports.js";

/** What an exchange needs besides the code: the config, where to save, and the output to protect. */
export interface ExchangeTarget {
  config: Config;
  io: Io;
  stores: TokenStore[];
}

/**
 * Auth code (or pasted redirect URL) → tokens → each store in order, with every value that
 * passes through protected from the output. Shared by exchange.ts, login.ts and the guide's CLI.
 */
export async function exchangeCode(
  { config, io, stores }: ExchangeTarget,
  authCode: string,
  expectedState?: string,
  source = "--auth-code",
): Promise<ExchangeResult> {
  const appSecret = requireAppSecret(config, "exchange the auth code");
  io.protect(authCode, bareCode(authCode));
  parseAuthCode(authCode, source); // refuses bad input, naming where it came from, before any call
  const result = await exchange(
    { client: fyersClient(config), stores },
    {
      clientId: config.clientId,
      appSecret,
      authCode,
      ...(expectedState === undefined ? {} : { expectedState }),
    },
  );
  io.protect(result.tokens.accessToken, result.tokens.refreshToken);
  return result;
}

/** The bare code inside what was pasted, when it parses (core reports it properly otherwise). */
function bareCode(input: string): string | undefined {
  try {
    return parseAuthCode(input).code;
  } catch {
    return undefined;
  }
}
