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

/** Expiry in epoch milliseconds, or undefined when unknown. */
export function expiresAtMs(token: string): number | undefined {
  const exp = decodeClaims(token)?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
}
