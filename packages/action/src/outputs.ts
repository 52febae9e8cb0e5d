import { trusted } from "@fyers-token/core";
import type { ActionsIO } from "./ports.js";
import type { Report } from "./report.js";

/**
 * The outputs of interface.md; every one is set, empty when unknown, so `if:` tests are simple.
 * All are the action's own values (a result name, timestamps, the URL it built): `trusted`, so a
 * short secret never corrupts them (the PIN 2026 in 2026-12-08T00:30:00Z); long ones still go.
 */
export function setOutputs(io: ActionsIO, report: Report, loginUrl: string): void {
  io.setOutput("result", trusted(report.result));
  io.setOutput("access-token", report.accessToken ?? "");
  io.setOutput("access-token-expires-at", trusted(report.access.expires_at ?? ""));
  io.setOutput("refresh-token-expires-at", trusted(report.refresh.expires_at ?? ""));
  io.setOutput("login-url", trusted(loginUrl));
}
