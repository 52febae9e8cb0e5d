import { FyersTokenError } from "@fyers-token/core";
import { type Page, START_AGAIN } from "./pages.js";

/** A finished request: what the person sees and the one word the log records. */
export interface Outcome {
  status: number;
  outcome: string;
  page: Page;
  /** For the log only (scrubbed there): the error code and message, or what was stored. */
  detail?: string;
  /** A plain refusal (404, 405, 414, a stale state): no request id, the same page for everyone. */
  plain?: true;
  headers?: Record<string, string>;
}

export function failed(status: number, outcome: string, lines: string[], detail?: string): Outcome {
  return {
    status,
    outcome,
    page: { title: "Not logged in", tone: "bad", lines },
    ...(detail === undefined ? {} : { detail }),
  };
}

/** Which step of the request failed: the page names the service, never its parameters or text. */
export type Step = "read" | "fyers" | "store";

function describe(error: FyersTokenError): string {
  return `${error.code}: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ""}`;
}

/** What the owner should do about a setup error: fixed wording; the log line has the parameter. */
function setupFix(error: FyersTokenError): string {
  const variable = error.variable ?? "";
  if (variable.endsWith("/app_secret")) {
    return 'Owner: store the app secret once: printf %s "$SECRET" | FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts --app-secret -';
  }
  if (variable.endsWith("/client_id")) {
    return "Owner: run the fyers-token action once, or store the tokens with put-parameters.ts: every token write stores the app id.";
  }
  return "Owner: check the function's settings (the -c values of the deploy) against docs/callback.md (its deploy settings).";
}

/** SSM's failure in a short, fixed sentence: no prefix, parameter, IAM action or AWS text. */
function ssmReason(error: FyersTokenError): { reason: string; fix: string } {
  if (error.code === "unavailable") {
    return { reason: "AWS SSM did not answer in time.", fix: "Wait a minute, then try again." };
  }
  if (/^AWS (denied|KMS refused)/.test(error.message)) {
    return {
      reason: "AWS refused the callback access to its parameters.",
      fix: "Owner: deploy the callback again with the prefix your parameters use (and kmsKeyId for your own KMS key); the request id finds the details in the function's log.",
    };
  }
  if (/throttl/i.test(error.message)) {
    return { reason: "AWS SSM is throttling this callback.", fix: "Wait a minute, then try again." };
  }
  return { reason: "AWS SSM could not be used.", fix: "Wait a minute, then try again." };
}

/** FYERS' failure in a short, fixed sentence: FYERS' own text only reaches the log, scrubbed. */
function fyersReason(error: FyersTokenError): Outcome {
  const detail = describe(error);
  switch (error.code) {
    case "login_required":
      return failed(
        400,
        "code_refused",
        ["FYERS did not accept the code of this login (a code works once, for a few minutes).", START_AGAIN],
        detail,
      );
    case "bad_credentials":
      return failed(
        500,
        "bad_credentials",
        [
          "FYERS rejected the app id or app secret stored in SSM.",
          "Owner: check the app secret in the FYERS dashboard and store it again with put-parameters.ts --app-secret -, then get the new login link with login-link.ts (the link changes with the secret).",
        ],
        detail,
      );
    case "rate_limited":
      return failed(
        503,
        "rate_limited",
        ["FYERS is rate-limiting this app. Wait a minute, then start again from your bookmarked login link."],
        detail,
      );
    case "unavailable":
      return failed(
        502,
        "unavailable",
        [
          "FYERS did not answer in time or properly.",
          "Wait a minute, then start again from your bookmarked login link.",
        ],
        detail,
      );
    case "unexpected_response":
      return failed(
        502,
        "unavailable",
        [
          "FYERS answered something this callback does not understand.",
          "Wait a minute, then start again from your bookmarked login link.",
        ],
        detail,
      );
    default:
      return failed(500, error.code, ["FYERS could not complete this login.", START_AGAIN], detail);
  }
}

/**
 * A typed error from core, as a page with fixed wording (the log line keeps the error). After
 * FYERS issued tokens (`issued`), the page says the login must be repeated.
 */
export function fromError(error: unknown, step: Step, issued = false): Outcome {
  if (!(error instanceof FyersTokenError)) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return failed(500, "internal_error", ["Something went wrong inside the callback. Try again."], detail);
  }
  const detail = describe(error);
  if (error.code === "invalid_config") {
    return failed(500, "misconfigured", ["This callback is not set up yet.", setupFix(error)], detail);
  }
  if (step === "fyers") return fyersReason(error);
  const { reason, fix } = ssmReason(error);
  if (issued) {
    return failed(
      500,
      "store_failed_after_issue",
      ["FYERS issued new tokens, but they were not all stored: log in again.", reason, START_AGAIN],
      detail,
    );
  }
  return failed(error.code === "unavailable" ? 502 : 500, "store_failed", [reason, fix], detail);
}
