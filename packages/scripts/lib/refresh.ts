import { type Config, refresh, requireAppSecret, requirePin, type TokenStore } from "@fyers-token/core";
import type { Io } from "./io.js";
import { describeStore, fileStore, fyersClient } from "./ports.js";
import { refreshReport, sayRefreshed } from "./results.js";

/**
 * Refresh token + PIN → new access token in `store`, told to people and rendered for stdout.
 * When SSM refuses the new token, the token file keeps it (SECURITY.md's promise) and the error
 * says so; `--json` then carries the issued tokens too.
 */
export async function refreshStore(config: Config, io: Io, store: TokenStore, reveal: boolean) {
  const appSecret = requireAppSecret(config, "refresh the access token");
  const pin = requirePin(config);
  const result = await refresh(
    { client: fyersClient(config), store },
    { clientId: config.clientId, appSecret, pin },
    undefined,
    { fallbackStore: store.kind === "ssm" ? fileStore(config) : undefined },
  );
  io.protect(result.accessToken);
  sayRefreshed(result, describeStore(store), io);
  return refreshReport(result, describeStore(store), reveal);
}
