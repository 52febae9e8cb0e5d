import { configError } from "../errors.js";

/** Where a login notice can go: the GitHub issue (the action only), Telegram, a webhook. */
export type NotifyChannel = "issue" | "telegram" | "webhook";
/**
 * What a notice says: a login is needed now, one is due soon, the run could not renew the token
 * (a wrong PIN, FYERS or AWS down: `renewal-failed`, with a cause), or the token is good again.
 */
export type NoticeEvent = "login-required" | "login-due" | "renewal-failed" | "renewed";

const CHANNELS: readonly NotifyChannel[] = ["issue", "telegram", "webhook"];

/** `issue,telegram` → ["issue", "telegram"]; `none` → []. Order kept, duplicates dropped. */
export function parseNotify(text: string, name: string): NotifyChannel[] {
  const words = text
    .split(/[\s,]+/)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== "");
  const expected = `expected a comma list of ${CHANNELS.join(", ")}, or none`;
  if (words.length === 0) throw configError(name, `is empty; ${expected}`, `e.g. ${name}=issue,telegram`);
  if (words.includes("none")) {
    if (words.length > 1) throw configError(name, `"none" cannot be combined with other channels`);
    return [];
  }
  const channels: NotifyChannel[] = [];
  for (const word of words) {
    const channel = CHANNELS.find((known) => known === word);
    if (channel === undefined) throw configError(name, `unknown channel "${word.slice(0, 20)}"; ${expected}`);
    if (!channels.includes(channel)) channels.push(channel);
  }
  return channels;
}
