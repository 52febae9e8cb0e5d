import { formatDuration, formatIst, isoUtc, type TokenInfo, trusted } from "@fyers-token/core";
import { RESULT_TEXT, type Report } from "./report.js";

const IST_OFFSET_MS = 5.5 * 3600 * 1000;

/** Extra facts the summary links to; none of them secret. */
export interface SummaryLinks {
  loginUrl: string;
  /** The login link WITHOUT its key (`…/login`), when set: the owner taps their bookmarked one. */
  loginLink?: string | undefined;
  /** A fresh token reached the store while the run decided: no login is needed after all. */
  freshToken?: boolean;
  issueUrl?: string | undefined;
  /** Why nobody was notified today (a weekend or holiday), when that was so. */
  offDay?: string | undefined;
  warnBeforeSeconds: number;
}

const WOULD: Partial<Record<Report["result"], string>> = {
  refreshed: "would refresh the access token",
  exchanged: "would exchange the auth code",
  skipped: "would skip: the access token is still good",
  "login-required": "a login would be required",
};

/** The job summary: what happened, both tokens' expiry in IST and UTC, and a validity chart. */
export function renderSummary(report: Report, links: SummaryLinks): string {
  // The issue's number may be the PIN's four digits: the URL is ours, never scrubbed of it.
  // (Timestamps need no mark: the scrubber never takes a short secret out of one.)
  const issueUrl = links.issueUrl === undefined ? undefined : trusted(links.issueUrl);
  const headline = report.dryRun
    ? `dry run, ${WOULD[report.result] ?? RESULT_TEXT[report.result]}`
    : RESULT_TEXT[report.result];
  const lines = [
    `### FYERS token: ${headline}`,
    "",
    `${capitalize(report.reason)}.`,
    "",
    "| token | status | expires (IST) | expires (UTC) | time left |",
    "| --- | --- | --- | --- | --- |",
    tokenRow("access token", report.access),
    tokenRow("refresh token", report.refresh),
    "",
  ];
  if (report.result === "login-required" && links.freshToken === true) {
    lines.push(
      "**No login needed after all:** a fresh access token reached the store while this run decided.",
      "",
    );
  } else if (report.result === "login-required") {
    lines.push(
      links.loginLink === undefined
        ? `**Log in:** [open the FYERS login](${links.loginUrl}), then run the workflow with the redirect URL as \`auth_code\`.`
        : `**Log in:** open your bookmarked login link (\`${links.loginLink}?k=…\`, from Telegram or \`npm run login-link\`) and log in; the tokens go straight to SSM. Or [open the FYERS login](${links.loginUrl}) and run the workflow with the redirect URL as \`auth_code\`.`,
    );
    if (issueUrl) lines.push(`Steps are in the [login issue](${issueUrl}).`);
    if (links.offDay) lines.push(`Nobody was notified: ${links.offDay}.`);
    lines.push("");
  } else if (report.loginDue !== undefined) {
    const due = report.loginDue;
    lines.push(
      `**A login is due by ${formatIst(due.byMs)}** (${isoUtc(due.byMs)}): ${due.reason}.` +
        (issueUrl ? ` See the [login issue](${issueUrl}).` : ""),
      "",
    );
  }
  const chart = validityChart(report, links.warnBeforeSeconds);
  if (chart !== undefined) lines.push(chart, "");
  lines.push(
    `<sub>mode \`${report.mode}\`${report.dryRun ? " (dry run: nothing issued or written)" : ""} · store \`${report.store}\` · FYERS requests: ${report.fyersRequests}</sub>`,
    "",
  );
  return lines.join("\n");
}

function tokenRow(name: string, info: TokenInfo): string {
  if (info.expires_at === null) return `| ${name} | ${info.status} | – | – | – |`;
  const ms = Date.parse(info.expires_at);
  const left = info.seconds_left ?? 0;
  const timeLeft = left > 0 ? formatDuration(left) : `expired ${formatDuration(-left)} ago`;
  return `| ${name} | ${info.status} | ${formatIst(ms)} | ${info.expires_at} | ${timeLeft} |`;
}

/** Mermaid wants local times without a zone: give it IST, and say so in the title. */
function mermaidTime(ms: number): string {
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** A gantt of each live token from now to its expiry, the warn-before window marked critical. */
export function validityChart(report: Report, warnBeforeSeconds: number): string | undefined {
  const now = report.nowMs;
  const bars: string[] = [];
  const bar = (section: string, rows: string[]) => bars.push(`    section ${section}`, ...rows);
  const expiry = (info: TokenInfo) => (info.expires_at === null ? undefined : Date.parse(info.expires_at));

  const access = expiry(report.access);
  if (access !== undefined && access > now) {
    bar("Access token", [
      `    valid, ${formatDuration((access - now) / 1000)} left :active, a1, ${mermaidTime(now)}, ${mermaidTime(access)}`,
    ]);
  }
  const refresh = expiry(report.refresh);
  if (refresh !== undefined && refresh > now) {
    const warnFrom = Math.max(now, refresh - warnBeforeSeconds * 1000);
    const rows: string[] = [];
    if (warnFrom > now) rows.push(`    refresh works :r1, ${mermaidTime(now)}, ${mermaidTime(warnFrom)}`);
    rows.push(`    login due :crit, r2, ${mermaidTime(warnFrom)}, ${mermaidTime(refresh)}`);
    bar("Refresh token", rows);
  }
  if (bars.length === 0) return undefined;
  return [
    "```mermaid",
    "gantt",
    "    title Token validity from now (times in IST)",
    "    dateFormat YYYY-MM-DD HH:mm",
    "    axisFormat %d %b %H:%M",
    ...bars,
    "```",
  ].join("\n");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
