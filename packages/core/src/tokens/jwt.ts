import { jwtDecode } from "jwt-decode";

/** The claims we read from FYERS tokens. We decode and never verify: only FYERS holds the key. */
export interface TokenClaims {
  sub?: string;
  iss?: string;
  exp?: number;
  iat?: number;
  fy_id?: string;
}

/** The payload of a JWT, or undefined when the value is not a JWT (then its expiry is unknown). */
export function decodeClaims(token: string): TokenClaims | undefined {
  try {
    const claims = jwtDecode<TokenClaims>(token);
    return typeof claims === "object" && claims !== null ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** The last second an ISO 8601 date can show with four year digits: 9999-12-31T23:59:59Z. */
const LAST_EXP_SECONDS = 253_402_300_799;

/**
 * Expiry in epoch milliseconds, or undefined when unknown: no `exp`, or one that is not epoch
 * seconds between 1970 and 9999 (an `exp` in milliseconds, or beyond the Date range, like 1e13
 * or 1e300), so no caller ever builds an invalid Date from it.
 */
export function expiresAtMs(token: string): number | undefined {
  const exp = decodeClaims(token)?.exp;
  if (typeof exp !== "number" || !(exp >= 0 && exp <= LAST_EXP_SECONDS)) return undefined;
  return exp * 1000;
}
