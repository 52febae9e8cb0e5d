import { configError, decodeClaims, formatIst, tokenInfo } from "@fyers-token/core";
import type { Io } from "./io.js";

/** A token about to be stored, and where it came from (a flag, or the token file), for messages. */
export interface TokenValue {
  label: "access token" | "refresh token";
  value: string;
  /** `--access-token`, or `access_token in /path/fyers_tokens.json`. */
  source: string;
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Every value is checked before the first write, so a store is never left half-replaced:
 * present, JWT-shaped, and not expired (an expired one only with `force`, with a warning).
 */
export function checkTokenValues(values: TokenValue[], nowMs: number, force: boolean, io: Io): void {
  for (const { label, value, source } of values) {
    if (value.trim() === "") {
      throw configError(source, `the ${label} is empty`, "give the whole token, or leave the flag out");
    }
    if (!JWT.test(value) || decodeClaims(value) === undefined) {
      throw configError(
        source,
        `is not a FYERS ${label} (a JWT: three dot-separated parts, starting eyJ)`,
        "copy the whole token again, or log in (npx tsx packages/scripts/login.ts)",
      );
    }
  }
  for (const { label, value, source } of values) {
    const info = tokenInfo(value, nowMs);
    if (info.status !== "expired" || info.expires_at === null) continue;
    const when = formatIst(Date.parse(info.expires_at));
    if (force) {
      io.warn(`${source}: the ${label} expired at ${when}; writing it anyway (--force)`);
      continue;
    }
    throw configError(
      source,
      `the ${label} expired at ${when}; nothing was written, so what SSM holds stays in place`,
      "refresh or log in first (refresh.ts, login.ts), or pass --force to write it anyway",
    );
  }
}
