import { STYLE_HASH } from "./pages.js";

/** On every answer: nothing cached, no referrer (the URL carries a code), no script, nothing outside. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "content-security-policy": `default-src 'none'; style-src ${STYLE_HASH}; img-src 'none'; script-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`,
  "x-frame-options": "DENY",
};

/** A function-URL response (payload 2.0): always structured, always HTML or a redirect. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export function htmlAnswer(statusCode: number, html: string, extra: Record<string, string> = {}): Answer {
  return {
    statusCode,
    headers: { "content-type": "text/html; charset=utf-8", ...extra, ...SECURITY_HEADERS },
    body: html,
    isBase64Encoded: false,
  };
}

export function redirectAnswer(location: string): Answer {
  return { statusCode: 302, headers: { location, ...SECURITY_HEADERS }, body: "", isBase64Encoded: false };
}
