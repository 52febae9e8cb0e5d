import type { ActionsIO } from "./ports.js";
import type { Report } from "./report.js";

/** The outputs of interface.md; every one is set, empty when unknown, so `if:` tests are simple. */
export function setOutputs(io: ActionsIO, report: Report, loginUrl: string): void {
  io.setOutput("result", report.result);
  io.setOutput("access-token", report.accessToken ?? "");
  io.setOutput("access-token-expires-at", report.access.expires_at ?? "");
  io.setOutput("refresh-token-expires-at", report.refresh.expires_at ?? "");
  io.setOutput("login-url", loginUrl);
}
