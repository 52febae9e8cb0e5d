import { formatIst, isoUtc, nextRollover } from "@fyers-token/core";
import type { ActionsIO, IssueApi, OpenIssue, RunContext } from "./ports.js";
import { runUrl, workflowUrl } from "./ports.js";
import { RESULT_TEXT, type Report } from "./report.js";

export const LOGIN_LABEL = "fyers-login";
const LABEL = {
  name: LOGIN_LABEL,
  color: "d93f0b",
  description: "A FYERS login is needed (opened and closed by the fyers-token action)",
};

/** What the login issue must become after this run. */
export type IssueAction = "open" | "close" | "none";

/**
 * Open (or update) when a person must act: a login is required, or will be soon (the refresh
 * token dies within warn-before, or is gone while the access token still works). Close only after a successful exchange or refresh; a skip never looks, so the
 * daily skip costs no GitHub call.
 */
export function issueAction(report: Report): IssueAction {
  if (report.dryRun || report.mode === "verify") return "none";
  if (report.result === "login-required" || report.loginDue !== undefined) return "open";
  return report.result === "exchanged" || report.result === "refreshed" ? "close" : "none";
}

export interface IssueContext {
  clientId: string;
  ssmPrefix: string;
  loginUrl: string;
  run: RunContext;
}

/** Hidden in the body: one issue per SSM prefix, so a matrix of accounts never shares one. */
function marker(ssmPrefix: string): string {
  return `<!-- fyers-token: ${ssmPrefix} -->`;
}

/**
 * Brings the login issue in line with the report. Never throws: a token without `issues: write`
 * or a GitHub hiccup is a warning, since the step's real job (the token) is already done.
 * Returns the issue's URL when one is open after the run.
 */
export async function syncLoginIssue(
  report: Report,
  context: IssueContext,
  openApi: () => Promise<IssueApi>,
  io: ActionsIO,
): Promise<string | undefined> {
  const action = issueAction(report);
  if (action === "none") return undefined;
  let step = "open the GitHub API";
  try {
    const api = await openApi();
    step = `list open ${LOGIN_LABEL} issues`;
    const mine = (await api.listOpen(LOGIN_LABEL)).filter((i) => i.body.includes(marker(context.ssmPrefix)));
    if (action === "close") {
      step = "close the login issue";
      for (const issue of mine) await closeIssue(api, issue, report, io);
      return undefined;
    }
    const title = issueTitle(report, context);
    const body = issueBody(report, context);
    const existing = mine[0];
    if (existing !== undefined) {
      step = `update issue #${existing.number}`;
      await api.update(existing.number, { title, body });
      io.info(`Updated the login issue #${existing.number}.`);
      return issueUrl(context.run, existing.number);
    }
    step = "create the login issue";
    await api.ensureLabel(LABEL);
    const number = await api.create({ title, body, labels: [LOGIN_LABEL] });
    io.info(`Opened the login issue #${number}.`);
    return issueUrl(context.run, number);
  } catch (error) {
    io.warning(`Could not ${step}: ${describeGitHubError(error)}`);
    return undefined;
  }
}

async function closeIssue(api: IssueApi, issue: OpenIssue, report: Report, io: ActionsIO): Promise<void> {
  const what =
    report.result === "exchanged" ? "The auth code was exchanged" : "The access token was refreshed";
  const until = report.access.expires_at
    ? ` The new access token is valid until ${formatIst(Date.parse(report.access.expires_at))} (${report.access.expires_at}).`
    : "";
  await api.comment(issue.number, `${what}.${until} Closing.`);
  await api.close(issue.number);
  io.info(`Closed the login issue #${issue.number}.`);
}

function issueUrl(run: RunContext, number: number): string | undefined {
  return run.repository === undefined ? undefined : `${run.serverUrl}/${run.repository}/issues/${number}`;
}

export function issueTitle(report: Report, context: IssueContext): string {
  return report.loginDue === undefined
    ? `FYERS login required for ${context.clientId}`
    : `FYERS login due soon for ${context.clientId}`;
}

/** The body a person acts on from a phone: why, by when, and the two links to tap. */
export function issueBody(report: Report, context: IssueContext): string {
  const due = report.loginDue;
  // A login now gives tokens valid until the next rollover: that is the deadline to beat.
  const deadline = due?.byMs ?? nextRollover(report.nowMs);
  const workflow = workflowUrl(context.run);
  const run = runUrl(context.run);
  const where = `for app \`${context.clientId}\` (tokens in SSM under \`${context.ssmPrefix}\`)`;
  const lines = [
    marker(context.ssmPrefix),
    due === undefined
      ? `**A FYERS login is required** ${where}.`
      : `**A FYERS login is due soon** ${where}: ${due.reason}.`,
    "",
    `**What happened:** ${RESULT_TEXT[report.result]}: ${report.reason}.`,
    "",
    due === undefined
      ? `**Deadline:** ${formatIst(deadline)} (${isoUtc(deadline)}), the next FYERS token rollover. Until you log in, programs reading the token have none that works.`
      : `**Deadline:** ${formatIst(deadline)} (${isoUtc(deadline)}). After that no stored token works until you log in.`,
    "",
    "**To log in:**",
    `1. Open the [FYERS login](${context.loginUrl}) and log in (2FA).`,
    "2. Copy the whole address your browser lands on (it contains `auth_code=`).",
    workflow
      ? `3. Open [Run workflow](${workflow}), paste it into **auth_code** and run it at once: the code is single use and expires within minutes.`
      : "3. Run the fyers-token workflow with it as the **auth_code** input, at once: the code is single use and expires within minutes.",
    "",
    "This issue closes by itself after the next successful exchange or refresh.",
    "",
    `<sub>Updated ${formatIst(report.nowMs)}${run ? ` by [this run](${run})` : ""}.</sub>`,
  ];
  return lines.join("\n");
}

/** Octokit's RequestError carries `status`; 403/404 on writes means the token lacks `issues: write`. */
function describeGitHubError(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 403 || status === 404) {
    return `GitHub answered ${status} (${message}); give the job \`permissions: issues: write\`, or set notify: none`;
  }
  return message;
}
