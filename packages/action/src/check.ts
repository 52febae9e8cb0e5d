import { type Clock, type FyersClient, loginDue, type TokenStore, verify } from "@fyers-token/core";
import type { VerifyInputs } from "./inputs.js";
import type { Report } from "./report.js";

/** Mode verify: the stored tokens' expiry and a profile call; read only, whatever `dry-run` says. */
export async function check(
  ports: { client: FyersClient; store: TokenStore; clock: Clock },
  inputs: VerifyInputs,
): Promise<Report> {
  const result = await verify(ports, { warnBeforeSeconds: inputs.warnBeforeSeconds });
  return {
    mode: "verify",
    result: result.valid ? "valid" : "invalid",
    dryRun: inputs.dryRun,
    reason: result.profile.ok ? "FYERS accepted the stored access token" : result.profile.message,
    accessToken: result.accessToken,
    access: result.access_token,
    refresh: result.refresh_token,
    loginDue: loginDue(result.access_token, result.refresh_token, inputs.warnBeforeSeconds, ports.clock()),
    profileProblem: undefined,
    warnings: [],
    store: result.store,
    fyersRequests: result.requests,
    nowMs: ports.clock(),
    // verify only reads and reports: it announces nothing, so it needs no notice.
    notice: undefined,
  };
}
