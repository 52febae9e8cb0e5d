import { isFyersTokenError } from "../errors.js";
import { systemClock } from "../time.js";
import { isAlive, type LoginDue, loginDue } from "../tokens/login-due.js";
import { type ExchangeResult, exchange } from "./exchange.js";
import { DEFAULT_WARN_BEFORE_SECONDS, type Plan, type PlanInput, plan } from "./plan.js";
import { type RefreshOptions, type RefreshResult, refresh } from "./refresh.js";
import type { AppCredentials, Ports, TokensInfo } from "./types.js";

export type AutoOutcome = "exchanged" | "refreshed" | "skipped" | "login-required";

export interface AutoInput extends PlanInput, AppCredentials {
  pin?: string | undefined;
  /** How to name the missing PIN for people (default `FYERS_PIN`). */
  pinSource?: string;
  /** Decide and report, with no token-issuing FYERS call and no store write. */
  dryRun?: boolean;
}

export interface AutoResult extends TokensInfo {
  /** In a dry run, what would have happened. */
  result: AutoOutcome;
  plan: Plan;
  dry_run: boolean;
  /** A token known to work after this run (skip included; the stored one while alive), if any. */
  accessToken: string | undefined;
  /** Why this outcome, in a sentence for people. */
  reason: string;
  /** The run went fine but a person must log in soon; undefined when not (or when due now). */
  login_due: LoginDue | undefined;
  /** Set when a refresh or exchange ran. */
  detail?: ExchangeResult | RefreshResult;
  /** The run went fine, but something needs a look (a refresh whose profile check could not run). */
  warnings: string[];
  requests: number;
}

const OUTCOME = {
  exchange: "exchanged",
  refresh: "refreshed",
  skip: "skipped",
  "login-required": "login-required",
} as const;

/**
 * plan(), then do it: what a scheduled run does. A refused refresh or auth code, or a refresh
 * that cannot run for want of a PIN, is the `login-required` outcome, not a crash; other errors
 * (credentials, network, storage) throw.
 */
export async function auto(
  ports: Ports,
  input: AutoInput,
  options: RefreshOptions = {},
): Promise<AutoResult> {
  const clock = ports.clock ?? systemClock;
  const warnBefore = input.warnBeforeSeconds ?? DEFAULT_WARN_BEFORE_SECONDS;
  const decided = await plan(ports, input);
  const stored = isAlive(decided.access_token) ? decided.stored.accessToken : undefined;
  const report = (
    result: AutoOutcome,
    reason: string,
    issued?: ExchangeResult | RefreshResult,
  ): AutoResult => {
    const access = issued?.access_token ?? decided.access_token;
    const refreshInfo = issued?.refresh_token ?? decided.refresh_token;
    const accessToken = issued
      ? issuedToken(issued)
      : result === "skipped"
        ? decided.stored.accessToken
        : stored;
    return {
      result,
      reason,
      plan: decided,
      dry_run: input.dryRun === true,
      accessToken,
      access_token: access,
      refresh_token: refreshInfo,
      login_due: result === "login-required" ? undefined : loginDue(access, refreshInfo, warnBefore, clock()),
      ...(issued ? { detail: issued } : {}),
      warnings: issued?.action === "refreshed" ? issued.warnings : [],
      requests: ports.client.requestCount,
    };
  };

  if (decided.action === "refresh" && !input.pin) {
    return report(
      "login-required",
      `${decided.reason}, and without ${input.pinSource ?? "FYERS_PIN"} it cannot be refreshed`,
    );
  }
  if (input.dryRun || decided.action === "skip" || decided.action === "login-required") {
    return report(OUTCOME[decided.action], decided.reason);
  }
  try {
    const issued =
      decided.action === "exchange"
        ? await exchange({ ...ports, stores: [ports.store] }, { ...input, authCode: input.authCode ?? "" }, [
            decided.stored,
          ])
        : await refresh(ports, { ...input, pin: input.pin ?? "" }, decided.stored, options);
    return report(issued.action, decided.reason, issued);
  } catch (error) {
    // Since April 2026 FYERS may refuse any refresh: a person must log in, which is an outcome.
    if (isFyersTokenError(error, "login_required")) return report("login-required", error.message);
    throw error;
  }
}

function issuedToken(issued: ExchangeResult | RefreshResult): string {
  return issued.action === "exchanged" ? issued.tokens.accessToken : issued.accessToken;
}
