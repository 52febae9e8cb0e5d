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

/** The callback's settings, all from the environment; nothing secret lives there. */
export interface Settings {
  prefix: string;
  apiUrl: string;
  /** Set for a custom domain; else `https://{requestContext.domainName}/callback`. */
  redirectUri: string | undefined;
  kmsKeyId: string | undefined;
}

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
  };
}
