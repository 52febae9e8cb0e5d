import { FyersTokenError } from "@fyers-token/core";
import { LOGIN_AGAIN, type Page } from "./pages.js";

/** A finished request: what the person sees and the one word the log records. */
export interface Outcome {
  status: number;
  outcome: string;
  page: Page;
  /** For the log only (scrubbed there): the error code and message, or what was stored. */
  detail?: string;
}

export function failed(status: number, outcome: string, lines: string[], detail?: string): Outcome {
  return {
    status,
    outcome,
    page: { title: "Not logged in", tone: "bad", lines, link: LOGIN_AGAIN },
    ...(detail === undefined ? {} : { detail }),
  };
}

/** In the Lambda, an access problem is the stack's role, not the action's policy core's hint names. */
function storeHint(error: FyersTokenError): string {
  if (/^AWS (denied|KMS refused)/.test(error.message)) {
    return "The function's role may use only the parameters under the prefix it was deployed with: deploy it again with the prefix your parameters use (npm run cdk -w packages/callback -- deploy -c prefix=…), and -c kmsKeyId=… for your own KMS key.";
  }
  return error.hint ?? "Wait a minute, then try again.";
}

function describe(error: FyersTokenError): string {
  return `${error.code}: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ""}`;
}

/**
 * A typed error from core, as a page. Before FYERS issued tokens nothing was lost; after, the
 * caller passes `issued: true` and the page says the login must be repeated.
 */
export function fromError(error: unknown, issued: boolean): Outcome {
  if (!(error instanceof FyersTokenError)) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return failed(500, "internal_error", ["Something went wrong inside the callback. Try again."], detail);
  }
  const detail = describe(error);
  const lost = issued ? ["FYERS issued new tokens, but they were not all stored: log in again."] : [];
  switch (error.code) {
    case "login_required":
      return failed(
        400,
        "code_refused",
        [
          `FYERS did not accept this login: ${error.fyersMessage ?? error.message}.`,
          "Log in again; each login link works once.",
        ],
        detail,
      );
    case "bad_credentials":
      return failed(
        500,
        "bad_credentials",
        [
          "FYERS rejected the app id or app secret stored in SSM.",
          "Check the app secret in the FYERS dashboard and store it again with put-parameters.ts --app-secret -.",
        ],
        detail,
      );
    case "rate_limited":
      return failed(
        503,
        "rate_limited",
        ["FYERS is rate-limiting this app. Wait a minute, then log in again."],
        detail,
      );
    case "unavailable":
    case "unexpected_response":
      return failed(
        502,
        "unavailable",
        [
          ...lost,
          `FYERS or AWS did not answer properly (${error.message}).`,
          "Wait a minute, then log in again.",
        ],
        detail,
      );
    case "store_failed":
      return failed(
        500,
        issued ? "store_failed_after_issue" : "store_failed",
        // After issue core's hint is for a script user (copy from the token file); here it is
        // "log in again", which `lost` already says. The log keeps the hint.
        [...lost, `${error.message}.`, ...(issued ? [] : [storeHint(error)])],
        detail,
      );
    case "invalid_config":
      return failed(
        500,
        "misconfigured",
        [...lost, `The callback is not set up: ${error.message}.`, ...(error.hint ? [error.hint] : [])],
        detail,
      );
    default:
      return failed(500, error.code, [...lost, `${error.message}.`], detail);
  }
}
