import { hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * The owner's login link: `{functionUrl}/login?k=KEY`. The key is derived from the app secret
 * (HKDF-SHA256, 256 bits, its own label, so it never equals the state key), so nothing new is
 * stored, the callback checks it with what it already reads, and it changes when the secret does.
 */
const KEY_BYTES = 32;
/** A key is base64url of 32 bytes: exactly 43 characters of [A-Za-z0-9_-]. */
export const LOGIN_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function loginKey(appSecret: string): string {
  return Buffer.from(
    hkdfSync("sha256", appSecret, "fyers-token callback", "login link v1", KEY_BYTES),
  ).toString("base64url");
}

/** Constant-time comparison of a key from a URL against the owner's; any other shape is false. */
export function isLoginKey(given: string | null | undefined, appSecret: string): boolean {
  if (typeof given !== "string" || !LOGIN_KEY_PATTERN.test(given)) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(loginKey(appSecret)));
}

/** The owner's link for a function URL (or a custom domain), e.g. `https://x.lambda-url.ap-south-1.on.aws/`. */
export function loginLinkFor(baseUrl: string, appSecret: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "").replace(/\/login$/, "")}/login`;
  url.search = new URLSearchParams({ k: loginKey(appSecret) }).toString();
  url.hash = "";
  return url.toString();
}

/** A login link without its key (`…/login`): what may be shown where others can read it. */
export function withoutLoginKey(link: string): string {
  if (!URL.canParse(link)) return link;
  const url = new URL(link);
  url.searchParams.delete("k");
  url.hash = "";
  return url.toString();
}

/** The key a link carries, if any (to hand to a scrubber or `setSecret`). */
export function loginKeyOf(link: string): string | undefined {
  if (!URL.canParse(link)) return undefined;
  return new URL(link).searchParams.get("k") ?? undefined;
}
