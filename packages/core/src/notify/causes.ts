import { FyersTokenError } from "../errors.js";
import { RATE_HINT } from "../fyers/hints.js";

/** Why a run could not renew the token, as stored in the notice and sent as the webhook's `cause`. */
export type RenewalCause =
  | "pin_rejected"
  | "app_secret_rejected"
  | "fyers_unavailable"
  | "fyers_rate_limited"
  | "ssm_denied"
  | "ssm_unreachable"
  | "kms_refused"
  | "failed";

export interface RenewalFailure {
  cause: RenewalCause;
  /** The cause in words, for a title line: "FYERS rejected the PIN". */
  words: string;
  /** What the owner does about it, in one sentence. */
  fix: string;
  /** A login through the login link gets a working token despite this cause. */
  loginHelps: boolean;
}

const FIXES: Record<RenewalCause, Omit<RenewalFailure, "cause">> = {
  pin_rejected: {
    words: "FYERS rejected the PIN",
    fix: "update the FYERS_PIN secret (the 4-digit PIN you log in to FYERS with); until then, log in with the login link",
    loginHelps: true,
  },
  app_secret_rejected: {
    words: "FYERS rejected the client id or app secret",
    fix: "update the FYERS_APP_SECRET secret from myapi.fyers.in (a rotated secret must be stored again) and check FYERS_CLIENT_ID, e.g. ABCDE12345-100",
    loginHelps: false,
  },
  fyers_unavailable: {
    words: "FYERS could not be reached or failed (5xx) after retries",
    fix: "nothing to change if FYERS is down: the next scheduled run tries again, or log in with the login link once FYERS is back",
    loginHelps: true,
  },
  fyers_rate_limited: {
    words: "FYERS rate-limited this app",
    fix: RATE_HINT,
    loginHelps: false,
  },
  ssm_denied: {
    words: "AWS denied the SSM access the run needs",
    fix: "grant the role the fyers-token policy (docs/iam/fyers-token-policy.json) and check the AWS credentials step",
    loginHelps: false,
  },
  ssm_unreachable: {
    words: "AWS SSM could not be reached or failed",
    fix: "check AWS_REGION and the network; the next scheduled run tries again",
    loginHelps: false,
  },
  kms_refused: {
    words: "AWS KMS refused to encrypt or decrypt the tokens in SSM",
    fix: "check that the KMS key exists, is enabled and allows kms:Encrypt and kms:Decrypt to the role (kms-key-id)",
    loginHelps: false,
  },
  failed: {
    words: "the token run failed",
    fix: "see the failed run's log for what to change",
    loginHelps: false,
  },
};

/**
 * The cause of a failed renewal from the run's typed error. `fromStore`: the token store threw
 * it (SSM or KMS), else FYERS or the run did. The error's own hint, when it has one, is the
 * more exact fix (it names the parameter and the IAM action).
 */
export function renewalFailure(error: unknown, fromStore: boolean): RenewalFailure {
  const typed = error instanceof FyersTokenError ? error : undefined;
  const cause = causeOf(typed, fromStore);
  const known = FIXES[cause];
  const exact = fromStore || cause === "failed" ? typed?.hint : undefined;
  return { cause, ...known, fix: exact ?? known.fix };
}

function causeOf(error: FyersTokenError | undefined, fromStore: boolean): RenewalCause {
  if (error === undefined) return "failed";
  if (fromStore) {
    if (/\bKMS\b/.test(error.message)) return "kms_refused";
    if (/^AWS denied |no AWS credentials/.test(error.message)) return "ssm_denied";
    return "ssm_unreachable";
  }
  switch (error.code) {
    case "bad_credentials":
      return error.fyersCode === -413 || /\bPIN\b/.test(error.message)
        ? "pin_rejected"
        : "app_secret_rejected";
    case "unavailable":
    case "unexpected_response":
      return "fyers_unavailable";
    case "rate_limited":
      return "fyers_rate_limited";
    default:
      return "failed";
  }
}
