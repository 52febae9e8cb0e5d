import {
  type Clock,
  exchange,
  type FyersClient,
  isFyersTokenError,
  type Plan,
  plan,
  refresh,
  type TokenStore,
} from "@fyers-token/core";
import { INPUT, type RenewInputs } from "./inputs.js";
import { isAlive, loginDue, type Report, type Result } from "./report.js";

interface RenewPorts {
  client: FyersClient;
  store: TokenStore;
  clock: Clock;
}

const OUTCOME = { exchange: "exchanged", refresh: "refreshed", skip: "skipped" } as const;

/**
 * Modes auto, refresh and exchange: decide from one store read (core's plan), then exchange or
 * refresh. A refused refresh or auth code is the `login-required` outcome, not a crash.
 */
export async function renew(ports: RenewPorts, inputs: RenewInputs): Promise<Report> {
  const decided = await plan(ports, {
    // mode: refresh ignores a stray auth code and refreshes whatever the access token's state.
    authCode: inputs.mode === "refresh" ? undefined : inputs.authCode?.raw,
    force: inputs.mode === "refresh" || inputs.force,
    minRemainingSeconds: inputs.minRemainingSeconds,
    warnBeforeSeconds: inputs.warnBeforeSeconds,
  });
  const fromStore = (result: Result, reason: string): Report => ({
    mode: inputs.mode,
    result,
    dryRun: inputs.dryRun,
    reason,
    accessToken:
      result === "skipped" || isAlive(decided.access_token) ? decided.stored.accessToken : undefined,
    access: decided.access_token,
    refresh: decided.refresh_token,
    loginDue:
      result === "login-required"
        ? undefined
        : loginDue(decided.access_token, decided.refresh_token, inputs.warnBeforeSeconds, ports.clock()),
    profileProblem: undefined,
    store: `${ports.store.kind}:${ports.store.location}`,
    fyersRequests: ports.client.requestCount,
    nowMs: ports.clock(),
  });

  if (decided.action === "skip" || decided.action === "login-required") {
    return fromStore(decided.action === "skip" ? "skipped" : "login-required", decided.reason);
  }
  if (decided.action === "refresh" && inputs.pin === undefined) {
    return fromStore(
      "login-required",
      `${decided.reason}, and without the ${INPUT.pin} input the action cannot refresh it`,
    );
  }
  if (inputs.dryRun) return fromStore(OUTCOME[decided.action], decided.reason);

  try {
    return await act(ports, inputs, decided, fromStore(OUTCOME[decided.action], decided.reason));
  } catch (error) {
    // FYERS refused the refresh token or the auth code: a person must log in (since April 2026
    // FYERS may refuse every refresh). Other errors (credentials, network, AWS) fail the step.
    // Core's hint names the local login script; the issue and the failure say how to log in here.
    if (isFyersTokenError(error, "login_required")) {
      return { ...fromStore("login-required", error.message), fyersRequests: ports.client.requestCount };
    }
    throw error;
  }
}

async function act(ports: RenewPorts, inputs: RenewInputs, decided: Plan, base: Report): Promise<Report> {
  const credentials = { clientId: inputs.clientId, appSecret: inputs.appSecret };
  if (decided.action === "exchange") {
    const done = await exchange(
      { ...ports, stores: [ports.store] },
      { ...credentials, authCode: inputs.authCode?.raw ?? "" },
    );
    return issued(base, ports, inputs, done.tokens.accessToken, done.access_token, done.refresh_token);
  }
  const done = await refresh(ports, { ...credentials, pin: inputs.pin ?? "" });
  const report = issued(base, ports, inputs, done.accessToken, done.access_token, done.refresh_token);
  return done.profile.ok ? report : { ...report, profileProblem: done.profile.message };
}

function issued(
  base: Report,
  ports: RenewPorts,
  inputs: RenewInputs,
  accessToken: string,
  access: Report["access"],
  refreshInfo: Report["refresh"],
): Report {
  return {
    ...base,
    accessToken,
    access,
    refresh: refreshInfo,
    loginDue: loginDue(access, refreshInfo, inputs.warnBeforeSeconds, ports.clock()),
    fyersRequests: ports.client.requestCount,
    nowMs: ports.clock(),
  };
}
