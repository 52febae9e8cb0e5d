import { createScrubber } from "@fyers-token/core";
import type { ActionsIO, IssueApi } from "./ports.js";

/** The one output that is a token by design: the runner masks it, later steps need it whole. */
const TOKEN_OUTPUT = "access-token";

/** An ActionsIO that also knows every secret it masked, and scrubs them out of what it prints. */
export interface ScrubbingIO extends ActionsIO {
  scrub(text: string): string;
}

/**
 * Wraps the runner so that nothing leaves the process with a secret in it: every value masked
 * (inputs, the appIdHash, tokens read or issued, the auth code) is also scrubbed out of log
 * lines, warnings, the failure, the summary and the outputs. The runner's mask only covers the
 * log; the summary, outputs and issues are published as written, and FYERS may echo a token.
 * What the action formats itself (dates, counts, URLs) is spliced in as core's `trusted` text,
 * so a short secret (the PIN 2026) never corrupts it.
 */
export function scrubbingIO(io: ActionsIO): ScrubbingIO {
  const scrubber = createScrubber();
  const scrub = (text: string) => scrubber.scrub(text);
  return {
    scrub,
    setSecret(value) {
      scrubber.add(value);
      // Masked even when short (a 4-digit PIN): GitHub masks a secret's value in the log anyway,
      // and what we publish ourselves is scrubbed around timestamps and trusted text, not by the mask.
      io.setSecret(value);
    },
    setOutput: (name, value) => io.setOutput(name, name === TOKEN_OUTPUT ? value : scrub(value)),
    info: (message) => io.info(scrub(message)),
    debug: (message) => io.debug(scrub(message)),
    warning: (message) => io.warning(scrub(message)),
    setFailed: (message) => io.setFailed(scrub(message)),
    writeSummary: (markdown) => io.writeSummary(scrub(markdown)),
  };
}

/** The issue API with every title, body and comment scrubbed before it reaches GitHub. */
export function scrubbingIssues(api: IssueApi, scrub: (text: string) => string): IssueApi {
  return {
    listOpen: (label) => api.listOpen(label),
    create: ({ title, body, labels }) => api.create({ title: scrub(title), body: scrub(body), labels }),
    update: (number, { title, body }) => api.update(number, { title: scrub(title), body: scrub(body) }),
    comment: (number, body) => api.comment(number, scrub(body)),
    close: (number) => api.close(number),
    ensureLabel: (label) => api.ensureLabel(label),
  };
}
