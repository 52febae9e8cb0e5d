import { formatDuration, formatIst, maskToken, type ProfileReport, type TokenInfo } from "@fyers-token/core";

/** Columns padded to their widest cell; the last column is left ragged. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** `2026-11-27 06:00 IST`, or a dash when unknown. */
export function istOf(info: TokenInfo): string {
  return info.expires_at ? formatIst(Date.parse(info.expires_at)) : "-";
}

export function leftOf(info: TokenInfo): string {
  if (info.seconds_left === null) return "-";
  return info.seconds_left > 0
    ? formatDuration(info.seconds_left)
    : `expired ${formatDuration(-info.seconds_left)} ago`;
}

/** "valid until 2026-11-27 06:00 IST (13h 20m left)", for a message. */
export function describeToken(info: TokenInfo): string {
  switch (info.status) {
    case "missing":
      return "not stored";
    case "unknown":
      return "expiry unknown (not a JWT with exp)";
    case "expired":
      return `expired at ${istOf(info)}`;
    default:
      return `${info.status} until ${istOf(info)} (${leftOf(info)} left)`;
  }
}

const EXPIRY_HEADER = ["status", "expires (IST)", "expires (UTC)", "left"];
export const TOKEN_HEADER = ["token", "value", ...EXPIRY_HEADER];
export const EXPIRY_ONLY_HEADER = ["token", ...EXPIRY_HEADER];

/** Status, expiry in IST and UTC, time left. */
export function expiryCells(info: TokenInfo): string[] {
  return [info.status, istOf(info), info.expires_at ?? "-", leftOf(info)];
}

/** One table row for a stored or issued token; the value is masked unless `reveal`. */
export function tokenRow(
  label: string,
  value: string | undefined,
  info: TokenInfo,
  reveal = false,
): string[] {
  const shown = value === undefined ? "-" : reveal ? value : maskToken(value);
  return [label, shown, ...expiryCells(info)];
}

/** The profile line: the account name only, never email, PAN or mobile. */
export function profileLine(profile: ProfileReport): string {
  if (profile.ok) return `profile: ok (${profile.name ?? "no name"})`;
  return `profile: ${profile.checked ? "rejected" : "not checked"}: ${profile.message}`;
}

/** The profile as --json shows it: ok, the name, and why when not ok. */
export function profileJson(profile: ProfileReport): object {
  return profile.ok
    ? { ok: true, checked: true, name: profile.name ?? null }
    : { ok: false, checked: profile.checked, name: null, message: profile.message };
}
