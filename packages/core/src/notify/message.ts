import { formatIst, isoUtc } from "../time.js";
import type { NoticeEvent } from "./channels.js";

/** What a notice tells the person; every channel renders the same facts. */
export interface NoticeContent {
  event: NoticeEvent;
  clientId: string;
  /** Why, in one sentence: "The refresh token expired.", "FYERS refused the refresh token." */
  reason: string;
  /** When the login must happen by (login-required, login-due). */
  deadlineMs?: number;
  /** Until when the renewed access token works (renewed). */
  validUntilMs?: number;
  /** The callback's one-tap `/login` link; the message leads with it when set. */
  loginLink?: string;
  /** The FYERS login URL, offered when there is no login link. */
  loginUrl?: string;
  /** Where to paste the redirect URL: the workflow's "Run workflow" page. */
  runUrl?: string;
  /** For renewal-failed: the cause's code (the webhook's `cause`) and what to do about it. */
  cause?: string;
  fix?: string;
  /** For renewal-failed: a login gets a working token despite the cause (offer the links). */
  loginHelps?: boolean;
}

const TITLES: Record<NoticeEvent, string> = {
  "login-required": "FYERS login required",
  "login-due": "FYERS login due soon",
  "renewal-failed": "FYERS token renewal failed",
  renewed: "FYERS token renewed",
};

interface Link {
  label: string;
  url: string;
}

/** The links a person taps, in the order they tap them. */
function links(content: NoticeContent): Link[] {
  if (content.event === "renewed") return [];
  if (content.event === "renewal-failed" && content.loginHelps !== true) return [];
  if (content.loginLink !== undefined) return [{ label: "Log in now", url: content.loginLink }];
  const out: Link[] = [];
  if (content.loginUrl !== undefined) out.push({ label: "Open the FYERS login", url: content.loginUrl });
  if (content.runUrl !== undefined) {
    out.push({ label: "Run the workflow with the redirect URL", url: content.runUrl });
  }
  return out;
}

/** Enough of the reason to act on; FYERS' words are unbounded and Telegram takes 4096 characters. */
export const MAX_REASON = 500;

function brief(text: string): string {
  if (text.length <= MAX_REASON) return text;
  // Never split an emoji's surrogate pair: Telegram refuses text that is not valid UTF-8.
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(MAX_REASON - 2)) ? MAX_REASON - 2 : MAX_REASON - 1;
  return `${text.slice(0, cut)}…`;
}

/** The lines of the message without links: the same for every channel. */
function lines(content: NoticeContent): string[] {
  if (content.event === "renewed") {
    const until =
      content.validUntilMs === undefined ? "" : `, valid until ${formatIst(content.validUntilMs)}`;
    return [`Done${until}.`];
  }
  const out = [brief(content.reason)];
  if (content.fix !== undefined) out.push(`Fix: ${brief(content.fix)}`);
  if (content.deadlineMs !== undefined) out.push(`Log in before ${formatIst(content.deadlineMs)}.`);
  return out;
}

/** Telegram's HTML mode needs only these four escaped (core.telegram.org/bots/api#html-style). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The Telegram `sendMessage` text, for `parse_mode: "HTML"`. */
export function telegramText(content: NoticeContent): string {
  const title = `<b>${escapeHtml(TITLES[content.event])}</b> for ${escapeHtml(content.clientId)}`;
  const body = lines(content).map(escapeHtml);
  const taps = links(content).map(
    (link) => `<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`,
  );
  return [title, ...body, ...taps].join("\n");
}

/** Plain text with bare URLs: readable anywhere, and Slack links the URLs by itself. */
export function noticeText(content: NoticeContent): string {
  const title = `${TITLES[content.event]} for ${content.clientId}`;
  const taps = links(content).map((link) => `${link.label}: ${link.url}`);
  return [title, ...lines(content), ...taps].join("\n");
}

/**
 * Slack reads `&`, `<` and `>` in `text` as markup (`<!channel>` pings everyone) and asks for
 * exactly these three to be escaped (api.slack.com/reference/surfaces/formatting#escaping).
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The webhook's JSON body: `text` (escaped as Slack asks) makes it a Slack incoming webhook as
 * is; the other fields are raw, for anything else that routes it.
 */
export interface WebhookPayload {
  text: string;
  event: NoticeEvent;
  client_id: string;
  /** ISO 8601 UTC, or null (renewed). */
  deadline: string | null;
  /** The link to tap to log in (the login link, else the FYERS login URL), or null. */
  login_link: string | null;
  /** ISO 8601 UTC: until when the renewed token works (renewed), else null. */
  valid_until: string | null;
  /** For renewal-failed: why (e.g. "pin_rejected", "fyers_unavailable", "ssm_denied"), else null. */
  cause: string | null;
}

export function webhookPayload(content: NoticeContent): WebhookPayload {
  const renewed = content.event === "renewed";
  return {
    text: escapeSlack(noticeText(content)),
    event: content.event,
    client_id: content.clientId,
    deadline: !renewed && content.deadlineMs !== undefined ? isoUtc(content.deadlineMs) : null,
    login_link: links(content).length === 0 ? null : (content.loginLink ?? content.loginUrl ?? null),
    valid_until: renewed && content.validUntilMs !== undefined ? isoUtc(content.validUntilMs) : null,
    cause: content.event === "renewal-failed" ? (content.cause ?? null) : null,
  };
}
