import * as core from "@actions/core";
import type { ActionsIO } from "./ports.js";

/** The runner side of ActionsIO, over @actions/core. */
export function actionsIO(env: Record<string, string | undefined>): ActionsIO {
  // Raw inputs and parsed ones overlap; one mask command per value keeps the log readable.
  const masked = new Set<string>();
  return {
    setSecret: (value) => {
      if (masked.has(value)) return;
      masked.add(value);
      core.setSecret(value);
    },
    setOutput: (name, value) => core.setOutput(name, value),
    info: (message) => core.info(message),
    debug: (message) => core.debug(message),
    warning: (message) => core.warning(message),
    setFailed: (message) => core.setFailed(message),
    async writeSummary(markdown) {
      // core.summary throws without the file; outside a runner there is simply no summary.
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
  };
}
