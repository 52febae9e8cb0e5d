import {
  decideNotice,
  hasAtLeast,
  type LoginNotice,
  type NoticeDecision,
  type NoticeLock,
  nextRollover,
  type StoredTokens,
  type TokenInfo,
  type TokenStore,
  tokenInfo,
  tradingDay,
} from "@fyers-token/core";
import type { Inputs } from "./inputs.js";
import type { IssueContext } from "./login-issue.js";
import type { IssueApi } from "./ports.js";
import type { Report } from "./report.js";
import type { ScrubbingIO } from "./scrubbing.js";

/** What a run found, for the notice decision. */
export type LoginState = "login-required" | "login-due" | "renewal-failed" | "ok";

export function loginState(report: Report): LoginState {
  if (report.failure !== undefined) return "renewal-failed";
  if (report.result === "login-required") return "login-required";
  return report.loginDue === undefined ? "ok" : "login-due";
}

/** What the notices did, for the summary and the step's end. */
export interface NoticeOutcome {
  /** The login issue, when one is open after the run. */
  issueUrl?: string | undefined;
  /** Set on a weekend or holiday (IST) when a login notice was held back: why. */
  offDay?: string | undefined;
  /** A usable access token reached the store while this run decided (a login won the race). */
  freshToken?: string | undefined;
}

export interface NoticePorts {
  store: TokenStore & Partial<NoticeLock>;
  /** Now, for the lock's expiry and the re-read token's time left. */
  clock: () => number;
  /** This run's name in the announce lock. */
  holder: string;
  /** The access token the run read first: a re-read finding it again is no fresh token. */
  accessTokenRead?: () => string | undefined;
  issues: () => Promise<IssueApi>;
  io: ScrubbingIO;
  context: IssueContext;
  /** False when AWS denied the stored notice: every run decides afresh, as before notices were kept. */
  noticeKept?: boolean;
}

/**
 * One decision per run from the stored notice (core's decideNotice), then the issue, Telegram
 * and the webhook as chosen, then the notice stored again. A channel that fails is a warning;
 * the notice remembers only where it arrived, so the skip path asks GitHub only when an issue
 * is open. A dry run and mode verify touch no channel and write no notice.
 */
export async function notify(report: Report, inputs: Inputs, ports: NoticePorts): Promise<NoticeOutcome> {
  if (report.dryRun || report.mode === "verify") return {};
  const state = loginState(report);
  const { io } = ports;
  if (state !== "ok") {
    const day = tradingDay(report.nowMs, inputs.holidays);
    if (!day.trading) {
      io.warning(
        `${OFF_DAY_WHAT[state]}, but ${day.why}: nobody is notified today; the next trading day's run notifies as usual.`,
      );
      return { offDay: day.why };
    }
  }
  let previous = await lastAnnounced(report, inputs, ports);
  let decision = decide(report, inputs, ports, state, previous);
  if (decision.announce === undefined && !decision.closeIssue) {
    // The daily skip: all is well and nothing was ever announced, so there is nothing to do.
    if (state === "ok" && previous === undefined && decision.next === null) return {};
    return announce(state, decision, previous, report, inputs, ports);
  }

  // About to ask a person to act: under the lock, read the store again, since another run (or the
  // callback) may have announced, or stored a fresh token, since this run read it. Not for a
  // "done" (a second one costs nothing), nor without a readable store or notice (a policy from
  // before notices grants no lock either).
  const guarded = state !== "ok" && report.noticeUnread !== true && ports.noticeKept !== false;
  const holder = guarded ? await takeLock(ports) : undefined;
  try {
    if (guarded) {
      const fresh = await reread(ports);
      if (fresh !== undefined) {
        const arrived =
          state === "login-required" || state === "renewal-failed" ? usable(fresh, ports) : undefined;
        if (arrived !== undefined) return { freshToken: arrived };
        previous = fresh.notice;
        decision = decide(report, inputs, ports, state, previous);
      }
    }
    return await announce(state, decision, previous, report, inputs, ports);
  } finally {
    if (holder !== undefined) await releaseLock(ports, holder);
  }
}

/** The decision carried out (announce.ts, loaded only now). */
async function announce(
  ...args: Parameters<typeof import("./announce.js").announce>
): Promise<NoticeOutcome> {
  const { announce: carryOut } = await import("./announce.js");
  return carryOut(...args);
}

const OFF_DAY_WHAT: Record<Exclude<LoginState, "ok">, string> = {
  "login-required": "A FYERS login is required",
  "login-due": "A FYERS login is due soon",
  "renewal-failed": "The FYERS token could not be renewed",
};

/**
 * What was last announced: the stored notice, or when the store could not be read at all (SSM
 * denied or down), the notice the open login issue carries, so each failed run does not repeat it.
 */
async function lastAnnounced(
  report: Report,
  inputs: Inputs,
  ports: NoticePorts,
): Promise<LoginNotice | undefined> {
  if (report.noticeUnread !== true) return report.notice;
  if (!inputs.notify.includes("issue")) return undefined;
  // Through announce.ts's chunk, which holds the issue code already (one copy in dist, not two).
  const { readIssueNotice } = await import("./announce.js");
  return readIssueNotice(ports.context, ports.issues, ports.io);
}

function decide(
  report: Report,
  inputs: Inputs,
  ports: NoticePorts,
  state: LoginState,
  previous: LoginNotice | undefined,
): NoticeDecision {
  const deadlineMs = deadlineOf(report, state);
  const renewed = report.result === "exchanged" || report.result === "refreshed";
  const cause = report.failure?.cause;
  const decided = decideNotice(
    previous,
    {
      state,
      renewed,
      nowMs: report.nowMs,
      ...(cause === undefined ? {} : { cause }),
      ...(deadlineMs === undefined ? {} : { deadlineMs }),
    },
    inputs.notify,
  );
  // Without a stored notice nothing says an issue is open: close after a renewal, as before notices were kept.
  return ports.noticeKept === false && renewed && inputs.notify.includes("issue")
    ? { ...decided, closeIssue: true }
    : decided;
}

/** How long a run may hold the announce lock; a dead holder's lock is taken over after it. */
const LOCK_TTL_MS = 30_000;
const LOCK_POLL_MS = 250;

/**
 * Takes the announce lock, waiting while another run holds it (it announces in about a second).
 * A role without the lock's permission, or a holder that never lets go, costs only the guarantee
 * of one message: a warning says so and the run announces without it.
 */
async function takeLock(ports: NoticePorts): Promise<string | undefined> {
  const { store, io, holder } = ports;
  if (store.lockNotice === undefined) return undefined;
  try {
    // Counted, not timed: a test's frozen clock must not make this wait forever.
    for (let attempt = 0; attempt * LOCK_POLL_MS < LOCK_TTL_MS; attempt++) {
      if ((await store.lockNotice(holder, LOCK_TTL_MS, ports.clock())) === "taken") return holder;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    io.warning(
      `Another run has held the announce lock ${lockName(ports)} for ${LOCK_TTL_MS / 1000} s: announcing without it, so a message may come twice.`,
    );
  } catch (error) {
    io.warning(
      `Could not take the announce lock ${lockName(ports)} (${messageOf(error)}): two runs at once may both announce. ` +
        `Fix: allow ssm:PutParameter, ssm:GetParameters and ssm:DeleteParameter on ${lockName(ports)} (the ActionAnnouncesOnceUnderALock statement of docs/iam/fyers-token-policy.json).`,
    );
  }
  return undefined;
}

async function releaseLock(ports: NoticePorts, holder: string): Promise<void> {
  try {
    await ports.store.unlockNotice?.(holder);
  } catch (error) {
    ports.io.warning(
      `Could not release the announce lock ${lockName(ports)} (${messageOf(error)}); it expires by itself within ${LOCK_TTL_MS / 1000} s.`,
    );
  }
}

const lockName = (ports: NoticePorts) => `${ports.context.ssmPrefix}/login_notice_lock`;

/** The store read again; undefined (the first read's view kept) when it fails. */
async function reread(ports: NoticePorts): Promise<StoredTokens | undefined> {
  try {
    return await ports.store.read();
  } catch (error) {
    ports.io.debug(`Could not read the store again before announcing: ${messageOf(error)}`);
    return undefined;
  }
}

/** A new stored access token with at least a minute left: the login won the race. */
function usable(tokens: StoredTokens, ports: NoticePorts): string | undefined {
  if (tokens.accessToken === undefined || tokens.accessToken === ports.accessTokenRead?.()) return undefined;
  return works(tokenInfo(tokens.accessToken, ports.clock())) ? tokens.accessToken : undefined;
}

/** A stored access token programs can use: valid, with at least a minute left. */
export function works(access: TokenInfo): boolean {
  return hasAtLeast(access, 60) && access.status === "valid";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** By when a person must log in: the next token rollover, or when the refresh token dies. */
export function deadlineOf(report: Report, state: LoginState): number | undefined {
  if (state === "login-required" || state === "renewal-failed") return nextRollover(report.nowMs);
  return state === "login-due" ? report.loginDue?.byMs : undefined;
}
