import { DEFAULT_API_URL, DEFAULT_SSM_PREFIX, FyersTokenError } from "@fyers-token/core";

/**
 * Deadlines inside the Lambda's 10 s: one SSM read, one FYERS exchange and up to three SSM
 * writes (two in practice: the client id does not change) must fit, so each call gets a share
 * instead of the 10 s a script may wait: 2 + 3.5 + 2 + 2 s.
 */
export const SSM_TIMEOUT_MS = 2000;
/**
 * Attempts per SSM call. The SDK's throttling backoff (up to 1 s, then up to 2 s) made a third
 * attempt overrun the 2 s deadline about half the time, so a throttled SSM was reported as one
 * that "did not answer": two attempts fit the deadline and the page says what SSM said.
 */
export const SSM_MAX_ATTEMPTS = 2;
export const FYERS_TIMEOUT_MS = 3500;
/**
 * FYERS calls one instance makes in a minute, at most: FYERS allows 200 a minute per user and
 * blocks the user for the day after the third breach, so a script feeding junk codes to a
 * valid state must never come near that.
 */
export const FYERS_CALLS_PER_MINUTE = 10;
/** How often, at most, a warm instance reads the app secret again because a key or a state did not match it. */
export const SECRET_REREAD_MS = 60_000;

/** The callback's settings, all from the environment; nothing secret lives there. */
export interface Settings {
  prefix: string;
  apiUrl: string;
  /** Set for a custom domain; else `https://{requestContext.domainName}/callback`. */
  redirectUri: string | undefined;
  kmsKeyId: string | undefined;
  /** The owner's FYERS user id (`FYERS_FY_ID`, from the CDK context `fyId`): only its logins are stored. */
  fyId: string | undefined;
}

/** A FYERS user id as FYERS shows it (and puts in the token's `fy_id`): letters then digits, e.g. XA12345. */
export const FYERS_USER_ID = /^[A-Z]{1,5}[0-9]{2,10}$/;

/** core's rule for a prefix: segments of letters, digits, _ . -; no wildcard ever reaches the role's ARNs. */
export const SSM_PREFIX = /^(\/[A-Za-z0-9_.-]+)+$/;

function bad(variable: string, message: string, hint: string): FyersTokenError {
  return new FyersTokenError("invalid_config", `${variable}: ${message}`, { variable, hint });
}

function isLoopback(url: URL): boolean {
  return url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
}

function httpUrl(variable: string, value: string, example: string): string {
  if (!URL.canParse(value)) throw bad(variable, "is not a URL", `set it to e.g. ${example}`);
  const url = new URL(value);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url))) {
    throw bad(variable, "must be an https:// URL", `set it to e.g. ${example}`);
  }
  return value;
}

export function readSettings(env: Record<string, string | undefined>): Settings {
  const prefix = (env.FYERS_SSM_PREFIX?.trim() || DEFAULT_SSM_PREFIX).replace(/\/+$/, "");
  if (!SSM_PREFIX.test(prefix)) {
    throw bad(
      "FYERS_SSM_PREFIX",
      "must be an SSM path like /stock-pipeline/fyers",
      "set the CDK context value prefix",
    );
  }
  const apiUrl = httpUrl("FYERS_API_URL", env.FYERS_API_URL?.trim() || DEFAULT_API_URL, DEFAULT_API_URL);
  const redirect = env.FYERS_REDIRECT_URI?.trim();
  return {
    prefix,
    apiUrl,
    redirectUri: redirect
      ? httpUrl("FYERS_REDIRECT_URI", redirect, "https://login.example.com/callback")
      : undefined,
    kmsKeyId: env.FYERS_SSM_KMS_KEY_ID?.trim() || undefined,
    fyId: userId(env.FYERS_FY_ID),
  };
}

function userId(value: string | undefined): string | undefined {
  const id = value?.trim().toUpperCase();
  if (!id) return undefined;
  if (!FYERS_USER_ID.test(id)) {
    throw bad(
      "FYERS_FY_ID",
      "is not a FYERS user id like XA12345 (letters, then digits)",
      "set the CDK context value fyId to the user id you log in to FYERS with (shown in the FYERS app's profile), or leave it out",
    );
  }
  return id;
}
