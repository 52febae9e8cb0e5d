import { buildLoginUrl, formatDuration, formatIst, isoUtc } from "@fyers-token/core";
import { check } from "./check.js";
import { reportFailure } from "./failure.js";
import type { Inputs } from "./inputs.js";
import { maskInputs, maskingClient, maskingStore } from "./masking.js";
import { notify } from "./notices.js";
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
  try {
    const mask = (value: string) => io.setSecret(value);
    maskInputs(inputs, mask);
    warnUnlisted(io, inputs);
    // Tokens are masked the moment they are read or issued, before anything can print them.
    const ports = {
      client: maskingClient(deps.client, mask),
      store: maskingStore(deps.store, mask),
      clock: deps.clock,
    };
    const report = inputs.mode === "verify" ? await check(ports, inputs) : await renew(ports, inputs);
    const noticeProblem = deps.noticeProblem?.();
    if (noticeProblem !== undefined) io.warning(noticeProblem);
    const { url: loginUrl } = buildLoginUrl(inputs);
    io.info(logLine(report));
    setOutputs(io, report, loginUrl);

    const { issueUrl, offDay } = await notify(report, inputs, {
      store: ports.store,
      issues,
      io,
      noticeKept: noticeProblem === undefined,
      context: {
        clientId: inputs.clientId,
        ssmPrefix: inputs.ssmPrefix,
        loginUrl,
        loginLink: inputs.loginLink,
        run: deps.context,
      },
    });
    warn(io, report);
    await io.writeSummary(
      renderSummary(report, {
        loginUrl,
        loginLink: inputs.loginLink,
        issueUrl,
        offDay,
        warnBeforeSeconds: inputs.warnBeforeSeconds,
      }),
    );
    // On a weekend or holiday a required login is a warning only (notify said so), not a failed step.
    if (offDay === undefined) failIfPersonNeeded(io, report, inputs.loginLink ?? issueUrl ?? loginUrl);
    return report;
  } catch (error) {
    await reportFailure(io, error);
    return undefined;
  }
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
