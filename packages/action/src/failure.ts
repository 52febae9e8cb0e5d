import { FyersTokenError } from "@fyers-token/core";

/** One message for a failed step: what went wrong, then the typed error's hint on how to fix it. */
export function failureMessage(error: unknown): string {
  if (error instanceof FyersTokenError) {
    return error.hint === undefined ? error.message : `${error.message}\nHint: ${error.hint}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
