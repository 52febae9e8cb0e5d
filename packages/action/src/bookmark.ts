import { withoutLoginKey } from "@fyers-token/core";

/**
 * The login link as others may read it: without its key (whoever has the key can log in through
 * the callback), so the owner taps the link they bookmarked, or the one Telegram sent.
 */
export function bookmarkedLink(loginLink: string): string {
  return `open your bookmarked login link (\`${withoutLoginKey(loginLink)}?k=…\`, the one \`npm run login-link\` prints; Telegram and the webhook get it whole)`;
}
