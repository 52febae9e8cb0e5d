// What to tell a person for each failure, drawn from the guide's troubleshooting section.
export const HASH_HINT =
  'check FYERS_CLIENT_ID (with its suffix, e.g. ABCDE12345-100) and FYERS_APP_SECRET; the hash FYERS expects is sha256 of "CLIENT_ID:APP_SECRET": echo -n "$FYERS_CLIENT_ID:$FYERS_APP_SECRET" | sha256sum';
export const AUTH_CODE_HINT =
  "auth codes are single use and expire within minutes: log in again (npx tsx packages/scripts/login.ts) and use the new code at once, copied without extra characters";
export const REFRESH_HINT =
  "since April 2026 FYERS requires a 2FA login every trading day and may refuse refresh tokens: log in again (npx tsx packages/scripts/login.ts)";
export const RATE_HINT =
  "FYERS allows 10 requests/s and 200/min; going over the per-minute limit more than 3 times a day blocks the user for the day: wait a minute, then run once";

/** The command that logs in and saves to this store: SSM needs `--store ssm` unless FYERS_STORE says so. */
export function loginCommand(kind: "file" | "ssm" = "file"): string {
  return `npx tsx packages/scripts/login.ts${kind === "ssm" ? " --store ssm" : ""}`;
}
