import { STYLE_HASH } from "./pages.js";

/**
 * On every answer: nothing cached, no referrer (the URL carries a code), no script, nothing
 * outside, and HTTPS only for a year (the function URL is HTTPS only anyway; a custom domain too).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "content-security-policy": `default-src 'none'; style-src ${STYLE_HASH}; img-src 'none'; script-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`,
  "x-frame-options": "DENY",
  "strict-transport-security": "max-age=31536000",
};

/** A function-URL response (payload 2.0): always structured, always HTML or a redirect. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
  /** Set-Cookie values: payload 2.0 carries them here, not in `headers`. */
  cookies?: string[];
}

export function htmlAnswer(statusCode: number, html: string, extra: Record<string, string> = {}): Answer {
  return {
    statusCode,
    headers: { "content-type": "text/html; charset=utf-8", ...extra, ...SECURITY_HEADERS },
    body: html,
    isBase64Encoded: false,
  };
}

export function redirectAnswer(location: string, cookies: string[] = []): Answer {
  return {
    statusCode: 302,
    headers: { location, ...SECURITY_HEADERS },
    body: "",
    isBase64Encoded: false,
    ...(cookies.length > 0 ? { cookies } : {}),
  };
}
