import { createHmac } from "node:crypto";

/** A real HS256 JWT for unit tests that do not need the FYERS fake. */
export function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
  return `${body}.${createHmac("sha256", "unit-test-key").update(body).digest("base64url")}`;
}

export const NOW = Date.parse("2026-11-26T10:00:00Z");
/** 06:00 IST on 2026-11-27. */
export const NEXT_ROLLOVER = Date.parse("2026-11-27T00:30:00Z");

export function tokenExpiringAt(ms: number, sub = "access_token"): string {
  return jwt({ sub, iss: "api.fyers.in", iat: Math.floor(NOW / 1000), exp: Math.floor(ms / 1000) });
}
