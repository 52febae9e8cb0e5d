/**
 * Typed errors with stable codes. Entry points map `code` to an exit status or a failed step;
 * messages name what is wrong and how to fix it, and never contain a secret value.
 */
export type ErrorCode =
  | "invalid_config" // bad usage or configuration: the user must change an input
  | "bad_credentials" // FYERS rejected the client id / app secret (appIdHash) or the PIN
  | "login_required" // a person must log in: auth code or refresh token refused, expired, missing
  | "rate_limited" // FYERS answered 429
  | "unavailable" // network error, timeout, 5xx
  | "unexpected_response" // not JSON, or JSON of the wrong shape
  | "store_failed" // SSM or the token file could not be read or written
  | "store_corrupt" // the token file exists but is not a valid token file
  | "state_mismatch" // a login redirect carried a state we did not issue
  | "timeout"; // waited for a person (the login redirect) and none came

export interface FyersTokenErrorOptions {
  hint?: string | undefined;
  fyersCode?: number | undefined;
  fyersMessage?: string | undefined;
  httpStatus?: number | undefined;
  /** For invalid_config: the variable, flag or input at fault. */
  variable?: string | undefined;
  /** Store locations that hold the new tokens, after FYERS issued some. */
  savedTo?: string[] | undefined;
  /** Tokens FYERS issued that are not (all) stored: kept off the message, for `--json` recovery. */
  issued?: IssuedSecrets | undefined;
  cause?: unknown;
}

/** Tokens FYERS issued, carried by an error so an entry point can still hand them to the user. */
export interface IssuedSecrets {
  accessToken: string;
  refreshToken?: string;
}

export class FyersTokenError extends Error {
  override name = "FyersTokenError";
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly fyersCode: number | undefined;
  readonly fyersMessage: string | undefined;
  readonly httpStatus: number | undefined;
  readonly variable: string | undefined;
  /** Where the new tokens are stored (`file:/path`, `ssm:/prefix`, or one SSM parameter). */
  readonly savedTo: string[] | undefined;
  /** Non-enumerable, so no serializer or logger of the error prints the tokens by accident. */
  declare readonly issued: IssuedSecrets | undefined;

  constructor(code: ErrorCode, message: string, options: FyersTokenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.fyersCode = options.fyersCode;
    this.fyersMessage = options.fyersMessage;
    this.httpStatus = options.httpStatus;
    this.variable = options.variable;
    this.savedTo = options.savedTo;
    Object.defineProperty(this, "issued", { value: options.issued, enumerable: false });
  }
}

export function isFyersTokenError(error: unknown, code?: ErrorCode): error is FyersTokenError {
  return error instanceof FyersTokenError && (code === undefined || error.code === code);
}

/** The exit codes of interface.md: 2 usage/credentials, 3 a person must log in, 1 anything else. */
export function exitCodeFor(error: unknown): 1 | 2 | 3 {
  if (!(error instanceof FyersTokenError)) return 1;
  switch (error.code) {
    case "invalid_config":
    case "bad_credentials":
      return 2;
    case "login_required":
    case "timeout":
      return 3;
    default:
      return 1;
  }
}

export function configError(variable: string, message: string, hint?: string): FyersTokenError {
  return new FyersTokenError("invalid_config", `${variable}: ${message}`, { variable, hint });
}
