import type { LoginNotice } from "../store/port.js";
import { isoUtc } from "../time.js";
import type { NoticeEvent, NotifyChannel } from "./channels.js";

/** What this run found: a login is required, due soon, the renewal failed, or the token is fine. */
export interface NoticeState {
  state: "login-required" | "login-due" | "renewal-failed" | "ok";
  /** For renewal-failed: why (a RenewalCause); a different cause is a new state. */
  cause?: string;
  /** This run issued tokens (exchange or refresh). A skip with a fresh token counts as ok too. */
  renewed: boolean;
  nowMs: number;
  /** When the login must happen by (stored with the notice). */
  deadlineMs?: number;
}

export interface NoticeDecision {
  /** What to announce now; absent: announce nothing (the state was announced already). */
  announce?: NoticeEvent;
  /** The notice to store: null clears it; unchanged from `previous` when nothing is announced. */
  next: LoginNotice | null;
  /** The stored notice opened the GitHub issue, and the login has happened: close it. */
  closeIssue: boolean;
}

/**
 * One message per state. A state already announced (the stored notice has the same event and
 * its deadline has not passed) is not announced again, so the 06:05 and 07:35 runs of one
 * morning send one message. A different event announces again; so does the same event once
 * its deadline has passed (a new day's login is a new one). The first good run after a notice
 * announces "renewed", clears the notice and closes the issue it opened. A failed renewal is
 * one state per cause: a wrong PIN, then FYERS down, are two messages.
 */
export function decideNotice(
  previous: LoginNotice | undefined,
  now: NoticeState,
  channels: NotifyChannel[],
): NoticeDecision {
  if (now.state === "ok") {
    if (previous === undefined) return { next: null, closeIssue: false };
    return { announce: "renewed", next: null, closeIssue: previous.channels.includes("issue") };
  }
  if (
    previous !== undefined &&
    previous.event === now.state &&
    previous.cause === now.cause &&
    !passed(previous.deadline, now.nowMs)
  ) {
    return { next: previous, closeIssue: false };
  }
  const next: LoginNotice = { event: now.state, since: isoUtc(now.nowMs), channels: [...channels] };
  if (now.cause !== undefined) next.cause = now.cause;
  if (now.deadlineMs !== undefined) next.deadline = isoUtc(now.deadlineMs);
  return { announce: now.state, next, closeIssue: false };
}

function passed(deadline: string | undefined, nowMs: number): boolean {
  if (deadline === undefined) return false;
  const ms = Date.parse(deadline);
  return Number.isFinite(ms) && nowMs >= ms;
}
