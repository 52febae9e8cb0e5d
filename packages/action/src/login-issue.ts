import { formatIst, isoUtc, type LoginNotice, nextRollover, parseNotice, trusted } from "@fyers-token/core";
import { bookmarkedLink } from "./bookmark.js";
import { GitHubTimeoutError } from "./github.js";
import type { ActionsIO, IssueApi, OpenIssue, RunContext } from "./ports.js";
import { runUrl, workflowUrl } from "./ports.js";
import { RESULT_TEXT, type Report } from "./report.js";

export const LOGIN_LABEL = "fyers-login";
const LABEL = {
  name: LOGIN_LABEL,
  color: "d93f0b",
  description: "A FYERS login is needed (opened and closed by the fyers-token action)",
};

/** What the login issue must become: open (or updated) while a login is needed, closed after it. */
export type IssueAction = "open" | "close";

/** How the issue call went: `ok` false means GitHub was not reached or refused (a warning was given). */
export interface IssueSync {
  ok: boolean;
  /** The issue's URL when one is open after the run. */
  url?: string | undefined;
}

export interface IssueContext {
  clientId: string;
  ssmPrefix: string;
  loginUrl: string;
  /** The owner's login link (`…/login?k=KEY`), when the action was given one: never shown here whole. */
  loginLink: string | undefined;
  run: RunContext;
}

/** Hidden in the body: one issue per SSM prefix, so a matrix of accounts never shares one. */
function marker(ssmPrefix: string): string {
  return `<!-- fyers-token: ${ssmPrefix} -->`;
}

/** Also hidden: what was announced, for a run that cannot read the notice from SSM. */
const NOTICE_MARK = "<!-- fyers-token-notice: ";

function noticeMarker(notice: LoginNotice): string {
  // No secret in it (event, cause, times, channels); trusted, so a PIN never cuts a date out of it.
  return `${NOTICE_MARK}${trusted(JSON.stringify(notice))} -->`;
}

/**
 * The notice the open login issue carries, when SSM cannot be read: undefined when there is no
 * such issue or GitHub cannot be reached (then the run announces, as without a notice).
 */
export async function readIssueNotice(
  context: IssueContext,
  openApi: () => Promise<IssueApi>,
  io: ActionsIO,
): Promise<LoginNotice | undefined> {
  try {
    const api = await openApi();
    const mine = (await api.listOpen(LOGIN_LABEL)).find((i) => i.body.includes(marker(context.ssmPrefix)));
    const start = mine?.body.indexOf(NOTICE_MARK) ?? -1;
    if (mine === undefined || start < 0) return undefined;
    const json = mine.body.slice(start + NOTICE_MARK.length, mine.body.indexOf(" -->", start));
    return parseNotice(JSON.parse(json));
  } catch (error) {
    io.debug(
      `Could not read the login issue's notice: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/**
 * Opens, updates or closes this prefix's login issue. Never throws: a token without `issues:
 * write` or a GitHub hiccup is a warning, since the step's real job (the token) is already done.
 */
export async function syncLoginIssue(
  action: IssueAction,
  report: Report,
  context: IssueContext,
  openApi: () => Promise<IssueApi>,
  io: ActionsIO,
  /** false: this state's issue was opened before, so one that is gone was closed by hand; keep it so. */
  create = true,
  /** What this run announces (or keeps announced), carried in the body for a run without SSM. */
  notice?: LoginNotice | null,
): Promise<IssueSync> {
  let step = "open the GitHub API";
  try {
    const api = await openApi();
    step = `list open ${LOGIN_LABEL} issues`;
    const mine = (await api.listOpen(LOGIN_LABEL)).filter((i) => i.body.includes(marker(context.ssmPrefix)));
    if (action === "close") {
      step = "close the login issue";
      for (const issue of mine) await closeIssue(api, issue, report, io);
      return { ok: true };
    }
    const title = issueTitle(report, context);
    const body = issueBody(report, context, notice ?? undefined);
    const existing = mine[0];
    if (existing !== undefined) {
      step = `update issue #${existing.number}`;
      await api.update(existing.number, { title, body });
      io.info(`Updated the login issue #${existing.number}.`);
      return { ok: true, url: issueUrl(context.run, existing.number) };
    }
    if (!create) {
      io.info("The login issue was closed by hand: no new one until a new login is announced.");
      return { ok: true };
    }
    step = "create the login issue";
    await api.ensureLabel(LABEL);
    const number = await api.create({ title, body, labels: [LOGIN_LABEL] });
    io.info(`Opened the login issue #${number}.`);
    return { ok: true, url: issueUrl(context.run, number) };
  } catch (error) {
    io.warning(`Could not ${step}: ${describeGitHubError(error)}`);
    return { ok: false };
  }
}

async function closeIssue(api: IssueApi, issue: OpenIssue, report: Report, io: ActionsIO): Promise<void> {
  const expiry = report.access.expires_at;
  const validity = expiry === null ? undefined : `valid until ${formatIst(Date.parse(expiry))} (${expiry})`;
  const [what, whose] =
    report.result === "exchanged"
      ? ["The auth code was exchanged.", "The new access token"]
      : report.result === "refreshed"
        ? ["The access token was refreshed.", "The new access token"]
        : // A skip after a login elsewhere (the login callback, login.ts): the token it stored works.
          ["The login went through.", "The stored access token"];
  const until = validity === undefined ? "" : ` ${whose} is ${validity}.`;
  await api.comment(issue.number, `${what}${until} Closing.`);
  await api.close(issue.number);
  io.info(`Closed the login issue #${issue.number}.`);
}

function issueUrl(run: RunContext, number: number): string | undefined {
  return run.repository === undefined ? undefined : `${run.serverUrl}/${run.repository}/issues/${number}`;
}

export function issueTitle(report: Report, context: IssueContext): string {
  if (report.failure !== undefined) return `FYERS token renewal failed for ${context.clientId}`;
  return report.loginDue === undefined
    ? `FYERS login required for ${context.clientId}`
    : `FYERS login due soon for ${context.clientId}`;
}

/** The body a person acts on from a phone: why, by when, and the two links to tap. */
export function issueBody(report: Report, context: IssueContext, notice?: LoginNotice): string {
  const due = report.loginDue;
  const failure = report.failure;
  // A login now gives tokens valid until the next rollover: that is the deadline to beat.
  const deadline = due?.byMs ?? nextRollover(report.nowMs);
  const workflow = workflowUrl(context.run);
  const run = runUrl(context.run);
  const where = `for app \`${context.clientId}\` (tokens in SSM under \`${context.ssmPrefix}\`)`;
  const headline =
    failure !== undefined
      ? [
          `**The FYERS token could not be renewed** ${where}: ${failure.words}.`,
          "",
          `**What happened:** ${inert(report.reason)}.`,
          "",
          `**Fix:** ${inert(failure.fix)}.`,
        ]
      : [
          due === undefined
            ? `**A FYERS login is required** ${where}.`
            : `**A FYERS login is due soon** ${where}: ${due.reason}.`,
          "",
          `**What happened:** ${RESULT_TEXT[report.result]}: ${inert(report.reason)}.`,
        ];
  const lines = [
    marker(context.ssmPrefix),
    ...(notice === undefined ? [] : [noticeMarker(notice)]),
    ...headline,
    "",
    due === undefined
      ? `**Deadline:** ${formatIst(deadline)} (${isoUtc(deadline)}), the next FYERS token rollover. Until ${failure === undefined ? "you log in" : "this is fixed"}, programs reading the token have none that works.`
      : `**Deadline:** ${formatIst(deadline)} (${isoUtc(deadline)}). After that no stored token works until you log in.`,
    "",
    ...(failure === undefined || failure.loginHelps ? [...loginSteps(context, workflow), ""] : []),
    failure === undefined
      ? "This issue closes by itself at the next run that finds a fresh token (after a login, an exchange or a refresh)."
      : "This issue closes by itself at the next run that renews the token or finds a fresh one.",
    "",
    `<sub>Updated ${formatIst(report.nowMs)}${run ? ` by [this run](${run})` : ""}.</sub>`,
  ];
  return lines.join("\n");
}

/** FYERS' words cap at this many characters in the issue (GitHub refuses a body over 65536). */
const MAX_REASON = 2000;

/**
 * FYERS' words as plain text in the issue: no HTML (nor a second account's marker comment), no
 * @mention that would ping someone, and bounded in length.
 */
export function inert(text: string): string {
  // The cut never splits an emoji's surrogate pair (GitHub would get text that is not UTF-8).
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(MAX_REASON - 2)) ? MAX_REASON - 2 : MAX_REASON - 1;
  const short = text.length > MAX_REASON ? `${text.slice(0, cut)}…` : text;
  return short.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "@&#8203;");
}

/** One tap through the login callback when there is one; the paste-the-redirect route otherwise, or as its fallback. */
function loginSteps(context: IssueContext, workflow: string | undefined): string[] {
  const manual = [
    `1. Open the [FYERS login](${context.loginUrl}) and log in (2FA).`,
    "2. Copy the whole address your browser lands on (it contains `auth_code=`).",
    workflow
      ? `3. Open [Run workflow](${workflow}), paste it into **auth_code** and run it at once: the code is single use and expires within minutes.`
      : "3. Run the fyers-token workflow with it as the **auth_code** input, at once: the code is single use and expires within minutes.",
  ];
  if (context.loginLink === undefined) return ["**To log in:**", ...manual];
  return [
    `**To log in:** ${bookmarkedLink(context.loginLink)} and log in to FYERS (2FA). That is all: the tokens go straight to SSM.`,
    "",
    "If the link does not work, the manual way:",
    ...manual,
  ];
}

/**
 * Octokit's RequestError carries `status`; 403/404 on writes means the token lacks `issues:
 * write`. A timeout already names GitHub; a request error says whether GitHub answered.
 */
export function describeGitHubError(error: unknown): string {
  if (error instanceof GitHubTimeoutError) return error.message;
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 403 || status === 404) {
    return `GitHub answered ${status} (${message}); give the job \`permissions: issues: write\`, or set notify: none`;
  }
  if (typeof status !== "number") return message;
  // Octokit reports a request that got no answer at all (refused, reset) as a 500 without a response.
  const answered = (error as { response?: unknown }).response !== undefined;
  return answered ? `GitHub answered ${status} (${message})` : `could not reach GitHub (${message})`;
}
