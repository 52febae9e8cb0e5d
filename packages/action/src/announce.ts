// Carrying out a notice decision: the login issue, Telegram and the webhook, then the notice
// stored again. Loaded by notices.ts only when there is something to do, so the daily skip (a
// valid token, nothing announced) never parses it, nor the GitHub and delivery code it pulls in.
import {
  deliver,
  FyersTokenError,
  type LoginNotice,
  type NoticeContent,
  type NoticeDecision,
  type NoticeEvent,
  type NotifyChannel,
  type StoredTokens,
} from "@fyers-token/core";
import type { Inputs } from "./inputs.js";
import { type IssueSync, syncLoginIssue } from "./login-issue.js";
import { deadlineOf, type LoginState, loginState, type NoticeOutcome, type NoticePorts } from "./notices.js";
import { workflowUrl } from "./ports.js";
import type { Report } from "./report.js";

// notices.ts reads the issue's notice through this chunk, which holds the issue code already.
export { readIssueNotice } from "./login-issue.js";

/** The decision carried out: the issue, then Telegram and the webhook, then the notice stored. */
export async function announce(
  state: LoginState,
  decision: NoticeDecision,
  previous: LoginNotice | undefined,
  report: Report,
  inputs: Inputs,
  ports: NoticePorts,
): Promise<NoticeOutcome> {
  const issue = await issueStep(state, decision, report, inputs, ports);
  const reached: NotifyChannel[] = issue.ok && state !== "ok" ? ["issue"] : [];
  reached.push(...(await messageStep(state, decision, previous, report, inputs, ports)));

  const next =
    decision.closeIssue && !issue.ok && previous !== undefined
      ? // The issue is still open: remember only that, so a later run closes it and sends no second "done".
        { ...previous, channels: ["issue"] }
      : nextNotice(decision.next, decision.announce !== undefined, reached);
  // Announced and nowhere reached: keep the old notice, so the next run tries again.
  const lost = decision.announce !== undefined && decision.announce !== "renewed" && reached.length === 0;
  // Nothing to store to when the store could not be read: the issue holds the notice.
  if (!lost && report.noticeUnread !== true) await storeNotice(ports, next, previous);
  return { issueUrl: issue.url };
}

/** The issue is kept up to date while a login is needed, and closed once the notice that opened it is done. */
async function issueStep(
  state: LoginState,
  decision: NoticeDecision,
  report: Report,
  inputs: Inputs,
  ports: NoticePorts,
): Promise<IssueSync> {
  if (state !== "ok" && inputs.notify.includes("issue")) {
    // Scrubbed before the issue escapes FYERS' words, which would hide a secret from the scrubber.
    const scrubbed = { ...report, reason: ports.io.scrub(report.reason) };
    // Announced before and the issue reached: one gone since was closed by hand, not to be reopened.
    const create = decision.announce !== undefined || !(report.notice?.channels.includes("issue") ?? false);
    return syncLoginIssue("open", scrubbed, ports.context, ports.issues, ports.io, create, decision.next);
  }
  if (decision.closeIssue) return syncLoginIssue("close", report, ports.context, ports.issues, ports.io);
  return { ok: false };
}

/** Telegram and the webhook hear each announcement once; a channel that missed one gets it on a later run. */
async function messageStep(
  state: LoginState,
  decision: NoticeDecision,
  previous: LoginNotice | undefined,
  report: Report,
  inputs: Inputs,
  ports: NoticePorts,
): Promise<NotifyChannel[]> {
  if (decision.announce !== undefined) {
    const wanted = decision.announce === "renewed" ? (previous?.channels ?? []) : inputs.notify;
    return message(decision.announce, wanted, report, inputs, ports);
  }
  if (state === "ok" || previous === undefined) return [];
  // Announced before, but a channel missed it (it failed, or was added since): it gets it now.
  const missed = inputs.notify.filter((channel) => !previous.channels.includes(channel));
  return message(previous.event, missed, report, inputs, ports);
}

/** Where the notice now stands: a new announcement lists where it arrived; a kept one gains any new place. */
function nextNotice(
  decided: LoginNotice | null,
  announced: boolean,
  reached: NotifyChannel[],
): LoginNotice | null {
  if (decided === null) return null;
  const channels = announced ? reached : [...new Set([...decided.channels, ...reached])];
  return { ...decided, channels };
}

/** Sends the message to the Telegram and webhook channels wanted and configured; returns where it arrived. */
async function message(
  event: NoticeEvent,
  wanted: string[],
  report: Report,
  inputs: Inputs,
  ports: NoticePorts,
): Promise<NotifyChannel[]> {
  const targets = (["telegram", "webhook"] as const).filter(
    (channel) => wanted.includes(channel) && inputs.channels[channel] !== undefined,
  );
  if (targets.length === 0) return [];
  const deliveries = await deliver(inputs.channels, targets, noticeContent(event, report, ports));
  const reached: NotifyChannel[] = [];
  for (const delivery of deliveries) {
    if (delivery.ok) reached.push(delivery.channel);
    else ports.io.warning(delivery.warning ?? `${delivery.channel} notice not sent`);
  }
  if (reached.length > 0) ports.io.info(`Sent the ${event} notice to ${reached.join(" and ")}.`);
  return reached;
}

/** The facts every channel renders; FYERS' words in the reason are scrubbed like all the run says. */
function noticeContent(event: NoticeEvent, report: Report, ports: NoticePorts): NoticeContent {
  const { context, io } = ports;
  const content: NoticeContent = {
    event,
    clientId: context.clientId,
    reason: io.scrub(sentence(report.loginDue?.reason ?? report.reason)),
    loginUrl: context.loginUrl,
  };
  const deadlineMs = deadlineOf(report, loginState(report));
  if (deadlineMs !== undefined) content.deadlineMs = deadlineMs;
  if (report.access.expires_at !== null) content.validUntilMs = Date.parse(report.access.expires_at);
  if (context.loginLink !== undefined) content.loginLink = context.loginLink;
  const failure = report.failure;
  if (event === "renewal-failed" && failure !== undefined) {
    content.reason = io.scrub(sentence(`${failure.words}: ${report.reason}`));
    content.cause = failure.cause;
    content.fix = io.scrub(sentence(failure.fix));
    content.loginHelps = failure.loginHelps;
  }
  const runPage = workflowUrl(context.run);
  if (runPage !== undefined) content.runUrl = runPage;
  return content;
}

function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return capital.endsWith(".") ? capital : `${capital}.`;
}

/** A notice that cannot be stored costs at most a repeated message, never the token run. */
async function storeNotice(
  ports: NoticePorts,
  next: LoginNotice | null,
  previous: LoginNotice | undefined,
): Promise<void> {
  const current: StoredTokens = previous === undefined ? {} : { notice: previous };
  try {
    await ports.store.writeNotice(next, current);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const hint = error instanceof FyersTokenError && error.hint ? ` Hint: ${error.hint}.` : "";
    ports.io.warning(`Could not store the login notice (${why}); the next run may announce it again.${hint}`);
  }
}
