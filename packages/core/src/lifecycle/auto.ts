import { isFyersTokenError } from "../errors.js";
import { type ExchangeResult, exchange } from "./exchange.js";
import { type Plan, type PlanInput, plan } from "./plan.js";
import { type RefreshResult, refresh } from "./refresh.js";
import type { AppCredentials, Ports, TokensInfo } from "./types.js";

export type AutoOutcome = "exchanged" | "refreshed" | "skipped" | "login-required";

export interface AutoInput extends PlanInput, AppCredentials {
  pin?: string | undefined;
  /** Decide and report, with no token-issuing FYERS call and no store write. */
  dryRun?: boolean;
}

export interface AutoResult extends TokensInfo {
  result: AutoOutcome;
  plan: Plan;
  dry_run: boolean;
  /** A token known to be usable after this run (skip included), for the caller to hand on. */
  accessToken: string | undefined;
  /** Why a login is required, when it is. */
  reason: string;
  /** Set when a refresh or exchange ran. */
  detail?: ExchangeResult | RefreshResult;
  requests: number;
}

const OUTCOME = {
  exchange: "exchanged",
  refresh: "refreshed",
  skip: "skipped",
  "login-required": "login-required",
} as const;

/** plan(), then do it: what the scheduled action runs. A refused refresh is an outcome, not a crash. */
export async function auto(ports: Ports, input: AutoInput): Promise<AutoResult> {
  const decided = await plan(ports, input);
  const base = {
    plan: decided,
    dry_run: input.dryRun === true,
    access_token: decided.access_token,
    refresh_token: decided.refresh_token,
  };
  const skipped = decided.action === "skip" ? decided.stored.accessToken : undefined;
  const report = (result: AutoOutcome, reason: string): AutoResult => ({
    result,
    reason,
    accessToken: skipped,
    requests: ports.client.requestCount,
    ...base,
  });

  if (input.dryRun || decided.action === "skip" || decided.action === "login-required") {
    return report(OUTCOME[decided.action], decided.reason);
  }
  try {
    const detail =
      decided.action === "exchange"
        ? await exchange({ ...ports, stores: [ports.store] }, { ...input, authCode: input.authCode ?? "" })
        : await refresh(ports, { ...input, pin: input.pin ?? "" });
    const accessToken = detail.action === "exchanged" ? detail.tokens.accessToken : detail.accessToken;
    return {
      ...report(detail.action, decided.reason),
      accessToken,
      detail,
      access_token: detail.access_token,
      refresh_token: detail.refresh_token,
    };
  } catch (error) {
    if (decided.action === "refresh" && isFyersTokenError(error, "login_required")) {
      return report("login-required", error.message);
    }
    throw error;
  }
}
