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
  if (typed?.savedTo !== undefined) {
    lines.push(
      typed.savedTo.length === 0
        ? "The new tokens are not stored anywhere."
        : `The new tokens are stored in: ${typed.savedTo.map((where) => `\`${where}\``).join(", ")}.`,
      "",
    );
  }
  io.setFailed(message);
  await io.writeSummary(lines.join("\n"));
}
