import { createHash } from "node:crypto";

/**
 * FYERS' `appIdHash`: lowercase hex SHA-256 of `client_id:app_secret` (full client id, suffix
 * included). It is a credential: treat it like the app secret itself.
 */
export function appIdHash(clientId: string, appSecret: string): string {
  return createHash("sha256").update(`${clientId}:${appSecret}`, "utf8").digest("hex");
}
