import type { LoginDue, LoginNotice, RenewalFailure, TokenInfo } from "@fyers-token/core";
import type { Mode } from "./inputs.js";

/** The `result` output values of interface.md. */
export type Result = "refreshed" | "exchanged" | "skipped" | "valid" | "invalid" | "login-required";

/** What a run found and did: everything outputs, summary and the login issue are rendered from. */
export interface Report {
  mode: Mode;
  result: Result;
  /** A dry run: `result` says what would have happened, nothing was issued or written. */
  dryRun: boolean;
  /** Why, in a sentence for people. */
  reason: string;
  /** A token known to work now (skip included), for the `access-token` output. */
  accessToken: string | undefined;
  access: TokenInfo;
  refresh: TokenInfo;
  /** This run went fine, but a person must log in soon; undefined when not. */
  loginDue: LoginDue | undefined;
  /** Set when FYERS did not accept a freshly issued token in the profile check. */
  profileProblem: string | undefined;
  /** Core's warnings about a run that went fine (e.g. a profile check FYERS could not answer). */
  warnings: string[];
  /** e.g. "ssm:/stock-pipeline/fyers" */
  store: string;
  fyersRequests: number;
  nowMs: number;
  /** The login notice the store held at the start of the run (what was last announced). */
  notice: LoginNotice | undefined;
  /** The run failed and left no usable token: why, and the fix (announced as renewal-failed). */
  failure?: RenewalFailure;
  /** The store could not be read this run: what was last announced is only in the login issue. */
  noticeUnread?: boolean;
}

/** What a result means, for headlines and the issue. */
export const RESULT_TEXT: Record<Result, string> = {
  refreshed: "refreshed the access token",
  exchanged: "exchanged the auth code for new tokens",
  skipped: "skipped: the access token is still good",
  valid: "the stored access token is valid",
  invalid: "the stored access token is not valid",
  "login-required": "a login is required",
};
