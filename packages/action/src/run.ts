import { randomBytes } from "node:crypto";
import {
  buildLoginUrl,
  FyersTokenError,
  formatDuration,
  formatIst,
  isoUtc,
  type NoticeLock,
  renewalFailure,
  type StoredTokens,
  type TokenStore,
  tokenInfo,
  withoutLoginKey,
} from "@fyers-token/core";
import { bookmarkedLink } from "./bookmark.js";
import { check } from "./check.js";
import { reportFailure } from "./failure.js";
import type { Inputs } from "./inputs.js";
import { maskInputs, maskingClient, maskingStore } from "./masking.js";
import { type NoticePorts, notify, works } from "./notices.js";
import { setOutputs } from "./outputs.js";
import type { ActionsIO, Deps } from "./ports.js";
import { renew } from "./renew.js";
import { RESULT_TEXT, type Report } from "./report.js";
import { scrubbingIO, scrubbingIssues } from "./scrubbing.js";
import { renderSummary } from "./summary.js";

/**
 * One run of the action over injected ports: mask, decide and act (core), then tell the runner
 * (outputs, the login notice on its channels, summary) and fail the step when a person must act. Every error ends in
 * a failed step with its hint; the report is returned for in-process tests.
 */
export async function run(inputs: Inputs, deps: Deps): Promise<Report | undefined> {
  // Every secret masked below is also scrubbed out of all the run publishes (8.6).
  const io = scrubbingIO(deps.io);
  const issues = async () => scrubbingIssues(await deps.issues(), io.scrub);
  const mask = (value: string) => io.setSecret(value);
  // Tokens are masked the moment they are read or issued, before anything can print them.
  const store = recordingStore(maskingStore(deps.store, mask));
  const { url: loginUrl } = buildLoginUrl(inputs);
  const noticePorts = (): NoticePorts => ({
    store,
    clock: deps.clock,
    holder: `${deps.context.runId ?? "local"}-${process.pid}-${randomBytes(4).toString("hex")}`,
    accessTokenRead: () => store.firstRead?.accessToken,
    issues,
    io,
    noticeKept: deps.noticeProblem?.() === undefined,
    context: {
      clientId: inputs.clientId,
      ssmPrefix: inputs.ssmPrefix,
      loginUrl,
      loginLink: inputs.loginLink,
      run: deps.context,
    },
  });
  try {
    maskInputs(inputs, mask);
    warnUnlisted(io, inputs);
    if (inputs.loginLinkProblem !== undefined) io.warning(inputs.loginLinkProblem);
    const ports = { client: maskingClient(deps.client, mask), store, clock: deps.clock };
    const report = inputs.mode === "verify" ? await check(ports, inputs) : await renew(ports, inputs);
    const noticeProblem = deps.noticeProblem?.();
    if (noticeProblem !== undefined) io.warning(noticeProblem);
    io.info(logLine(report));
    setOutputs(io, report, loginUrl);

    const { issueUrl, offDay, freshToken } = await notify(report, inputs, noticePorts());
    if (freshToken !== undefined) {
      // The login (the callback, or another run) won the race: its token works, nobody must act.
      io.setOutput("access-token", freshToken);
      io.info(
        `A fresh access token arrived in ${report.store} while this run decided (a login or another run stored it): nothing to announce, nothing to do.`,
      );
    }
    warn(io, report);
    const publicLink = inputs.loginLink === undefined ? undefined : withoutLoginKey(inputs.loginLink);
    await io.writeSummary(
      renderSummary(report, {
        loginUrl,
        loginLink: publicLink,
        issueUrl,
        offDay,
        freshToken: freshToken !== undefined,
        warnBeforeSeconds: inputs.warnBeforeSeconds,
      }),
    );
    // On a weekend or holiday a required login is a warning only (notify said so), not a failed step.
    const where = inputs.loginLink === undefined ? (issueUrl ?? loginUrl) : bookmarkedLink(inputs.loginLink);
    if (offDay === undefined && freshToken === undefined) failIfPersonNeeded(io, report, where);
    return report;
  } catch (error) {
    await announceFailure(error, inputs, store, deps, noticePorts);
    await reportFailure(io, error);
    return undefined;
  }
}

type RecordingStore = TokenStore &
  Partial<NoticeLock> & {
    /** What the run's first read returned; undefined before it, or when it failed. */
    readonly firstRead: StoredTokens | undefined;
    /** The run's first read failed: the store (SSM) could not be read at all. */
    readonly readFailed: boolean;
  };

/** The store, remembering what the run read first: a failed run announces from it. */
function recordingStore(store: TokenStore & Partial<NoticeLock>): RecordingStore {
  let firstRead: StoredTokens | undefined;
  let reads = 0;
  let readFailed = false;
  return {
    ...store,
    async read() {
      const first = reads++ === 0;
      try {
        const tokens = await store.read();
        if (first) firstRead = tokens;
        return tokens;
      } catch (error) {
        if (first) readFailed = true;
        throw error;
      }
    },
    get firstRead() {
      return firstRead;
    },
    get readFailed() {
      return readFailed;
    },
  };
}

/**
 * A run that failed and leaves no usable token in the store is announced like a required login
 * (renewal-failed, with its cause and fix), once per cause. A dry run, mode verify, or a stored
 * token that still works announce nothing: the failed step says enough.
 */
async function announceFailure(
  error: unknown,
  inputs: Inputs,
  store: RecordingStore,
  deps: Deps,
  noticePorts: () => NoticePorts,
): Promise<void> {
  if (inputs.mode === "verify" || inputs.dryRun) return;
  const nowMs = deps.clock();
  const stored = store.firstRead;
  const access = tokenInfo(stored?.accessToken, nowMs);
  if (!store.readFailed && works(access)) return;
  const failure = renewalFailure(error, fromStore(error));
  const report: Report = {
    mode: inputs.mode,
    result: "login-required",
    dryRun: false,
    reason: error instanceof Error ? error.message : String(error),
    accessToken: undefined,
    access,
    refresh: tokenInfo(stored?.refreshToken, nowMs),
    loginDue: undefined,
    profileProblem: undefined,
    warnings: [],
    store: `${store.kind}:${store.location}`,
    fyersRequests: deps.client.requestCount,
    nowMs,
    notice: stored?.notice,
    failure,
    noticeUnread: store.readFailed,
  };
  const ports = noticePorts();
  try {
    await notify(report, inputs, ports);
  } catch (notifyError) {
    // Announcing must never hide the failure itself.
    ports.io.warning(
      `Could not announce the failure: ${notifyError instanceof Error ? notifyError.message : String(notifyError)}`,
    );
  }
}

/** SSM (or the token file) failed, not FYERS: its typed errors say store_failed or name AWS SSM. */
function fromStore(error: unknown): boolean {
  if (!(error instanceof FyersTokenError)) return false;
  return error.code === "store_failed" || /^AWS SSM /.test(error.message);
}

const CHANNEL_INPUT = { telegram: "telegram-bot-token", webhook: "webhook-url" } as const;

/** A channel's secret is given but notify leaves it out: say so, or nobody hears of the missing alerts. */
function warnUnlisted(io: ActionsIO, inputs: Inputs): void {
  for (const channel of inputs.unlisted ?? []) {
    if (channel === "issue") continue;
    io.warning(
      `${CHANNEL_INPUT[channel]} is set, but notify (${inputs.notify.join(",")}) does not list ${channel}: no ${channel} notice is sent. ` +
        `Add it, e.g. notify: ${[...inputs.notify, channel].join(",")} (the shipped workflow reads the FYERS_NOTIFY variable).`,
    );
  }
}

function logLine(report: Report): string {
  const prefix = report.dryRun ? "Dry run: would be " : "";
  return `${prefix}${report.result} (mode ${report.mode}): ${report.reason}. FYERS requests: ${report.fyersRequests}.`;
}

function warn(io: ActionsIO, report: Report): void {
  const due = report.loginDue;
  if (due !== undefined) {
    const left = formatDuration((due.byMs - report.nowMs) / 1000);
    io.warning(
      `A FYERS login is due by ${formatIst(due.byMs)} (${isoUtc(due.byMs)}), in ${left}: ${due.reason}.`,
    );
  }
  const done = RESULT_TEXT[report.result];
  for (const warning of report.warnings)
    io.warning(`${done.charAt(0).toUpperCase()}${done.slice(1)}; ${warning}.`);
  if (report.profileProblem !== undefined) {
    io.warning(`The new access token was saved, but the profile check failed: ${report.profileProblem}.`);
  }
  if (report.dryRun && report.result === "login-required") {
    io.warning(`Dry run: a FYERS login would be required: ${report.reason}.`);
  }
}

/** login-required and invalid fail the step (a person must act); a dry run only reports. */
function failIfPersonNeeded(io: ActionsIO, report: Report, where: string): void {
  if (report.dryRun) return;
  if (report.result === "login-required") {
    io.setFailed(`A FYERS login is required: ${report.reason}.\nLog in: ${where}`);
  } else if (report.result === "invalid") {
    io.setFailed(
      `The stored FYERS access token is not valid: ${report.reason}.\nHint: run the action with mode: refresh, or log in and run it with the auth code.`,
    );
  }
}
