import { type Config, refresh, requireAppSecret, requirePin, type TokenStore } from "@fyers-token/core";
import type { Io } from "./io.js";
import { describeStore, fyersClient } from "./ports.js";
import { refreshReport, sayRefreshed } from "./results.js";

/** Refresh token + PIN → new access token in `store`, told to people and rendered for stdout. */
export async function refreshStore(config: Config, io: Io, store: TokenStore, reveal: boolean) {
  const appSecret = requireAppSecret(config, "refresh the access token");
  const pin = requirePin(config);
  const result = await refresh(
    { client: fyersClient(config), store },
    { clientId: config.clientId, appSecret, pin },
  );
  io.protect(result.accessToken);
  sayRefreshed(result, describeStore(store), io);
  return refreshReport(result, describeStore(store), reveal);
}
