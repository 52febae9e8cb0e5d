import { FyersTokenError } from "@fyers-token/core";
import type { ActionsIO } from "./ports.js";

/** One message for a failed step: what went wrong, then the typed error's hint on how to fix it. */
export function failureMessage(error: unknown): string {
  if (error instanceof FyersTokenError) {
    return error.hint === undefined ? error.message : `${error.message}\nHint: ${error.hint}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * A failed run still reports: the summary says what went wrong and, after FYERS issued tokens,
 * where they are stored (core's `savedTo`), so nobody logs in again for tokens SSM already holds.
 * The issued access token is still handed to later steps (masked), since it works whatever the store did.
 */
export async function reportFailure(io: ActionsIO, error: unknown): Promise<void> {
  const message = failureMessage(error);
  const typed = error instanceof FyersTokenError ? error : undefined;
  const issued = typed?.issued;
  if (issued !== undefined) {
    io.setSecret(issued.accessToken);
    if (issued.refreshToken !== undefined) io.setSecret(issued.refreshToken);
    io.setOutput("access-token", issued.accessToken);
  }
  const lines = ["### FYERS token: failed", "", ...message.split("\n").map((line) => `${line}  `), ""];
  // Core's message already says when nothing was stored (and what still works): only add where.
  if (typed?.savedTo !== undefined && typed.savedTo.length > 0) {
    lines.push(
      `The new tokens are stored in: ${typed.savedTo.map((where) => `\`${where}\``).join(", ")}.`,
      "",
    );
  }
  if (issued !== undefined) {
    lines.push(
      "The access token FYERS issued is still this step's `access-token` output, for later steps.",
      "",
    );
  }
  io.setFailed(message);
  await io.writeSummary(lines.join("\n"));
}
