import type { FyersClient } from "../fyers/client.js";
import type { TokenStore } from "../store/port.js";
import type { Clock } from "../time.js";
import type { TokenInfo } from "../tokens/status.js";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {} };

/** The ports every lifecycle step runs over; entry points build them from config. */
export interface Ports {
  client: FyersClient;
  store: TokenStore;
  clock?: Clock;
  logger?: Logger;
}

/** The credentials a step needs; each step asks only for what it uses. */
export interface AppCredentials {
  clientId: string;
  appSecret: string;
}

/** Offline facts about both stored tokens, as every result reports them. */
export interface TokensInfo {
  access_token: TokenInfo;
  refresh_token: TokenInfo;
}

export type ProfileReport =
  | { ok: true; checked: true; name: string | undefined }
  | { ok: false; checked: boolean; message: string };
