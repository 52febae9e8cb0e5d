import { auto, type Clock, type FyersClient, type TokenStore } from "@fyers-token/core";
import { INPUT, type RenewInputs } from "./inputs.js";
import type { Report } from "./report.js";

interface RenewPorts {
  client: FyersClient;
  store: TokenStore;
  clock: Clock;
}

/**
 * Modes auto, refresh and exchange: core's `auto` decides from one store read and acts; a
 * refused refresh or auth code comes back as the `login-required` outcome, not a crash.
 */
export async function renew(ports: RenewPorts, inputs: RenewInputs): Promise<Report> {
  const done = await auto(ports, {
    clientId: inputs.clientId,
    appSecret: inputs.appSecret,
    pin: inputs.pin,
    pinSource: `the ${INPUT.pin} input`,
    // mode: refresh ignores a stray auth code and refreshes whatever the access token's state.
    authCode: inputs.mode === "refresh" ? undefined : inputs.authCode?.raw,
    force: inputs.mode === "refresh" || inputs.force,
    minRemainingSeconds: inputs.minRemainingSeconds,
    warnBeforeSeconds: inputs.warnBeforeSeconds,
    dryRun: inputs.dryRun,
  });
  const profile = done.detail?.action === "refreshed" ? done.detail.profile : undefined;
  return {
    mode: inputs.mode,
    result: done.result,
    dryRun: inputs.dryRun,
    reason: done.reason,
    accessToken: done.accessToken,
    access: done.access_token,
    refresh: done.refresh_token,
    loginDue: done.login_due,
    // Only a profile FYERS answered and refused is a problem; one it could not answer is a warning.
    profileProblem: profile && !profile.ok && profile.checked ? profile.message : undefined,
    warnings: done.warnings,
    store: `${ports.store.kind}:${ports.store.location}`,
    fyersRequests: done.requests,
    nowMs: ports.clock(),
    notice: done.plan.stored.notice,
  };
}
