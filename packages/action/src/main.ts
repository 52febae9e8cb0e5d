import { createFyersClient, createSsmStore, fyersTimeoutMs, systemClock, tuningMs } from "@fyers-token/core";
import { actionsIO, getInput } from "./actions-io.js";
import { failureMessage } from "./failure.js";
import { openIssueApi } from "./github.js";
import { type Inputs, parseInputs, readRawInputs } from "./inputs.js";
import { maskRawInputs } from "./masking.js";
import { type ActionsIO, type Deps, runContext } from "./ports.js";
import { run } from "./run.js";
import { scrubbingIO } from "./scrubbing.js";

/** The runner's entry: inputs (secrets masked before validation), real ports, then run(). */
export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const io = actionsIO(env);
  let inputs: Inputs;
  let deps: Deps;
  // A refused input may be echoed in its error: scrub it like everything run() prints.
  const early = scrubbingIO(io);
  try {
    const raw = readRawInputs((name) => getInput(name, env));
    maskRawInputs(raw, early.setSecret);
    inputs = parseInputs(raw, env);
    deps = createDeps(inputs, io, env);
  } catch (error) {
    early.setFailed(failureMessage(error));
    return;
  }
  await run(inputs, deps);
}

/**
 * Production ports. Nothing here does I/O yet: SSM and GitHub clients load on first use.
 * FYERS_TIMEOUT in the step's environment, when set, is each FYERS call's deadline;
 * FYERS_SERVICE_TIMEOUT (a test/advanced setting) each GitHub request's, read here so a bad
 * value is refused before the first call.
 */
export function createDeps(inputs: Inputs, io: ActionsIO, env: Record<string, string | undefined>): Deps {
  const context = runContext(env);
  const timeoutMs = fyersTimeoutMs(env);
  const githubTimeoutMs = tuningMs("serviceTimeout", env);
  let noticeProblem: string | undefined;
  return {
    client: createFyersClient({
      apiUrl: inputs.apiUrl,
      clientId: inputs.clientId,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }),
    // The login notice rides in the same GetParameters as the tokens: one message per state.
    // A policy from before the notice denies it: the token run goes on without it (run() warns).
    store: createSsmStore({
      prefix: inputs.ssmPrefix,
      kmsKeyId: inputs.kmsKeyId,
      withNotice: true,
      onNoticeDenied: (warning) => {
        noticeProblem = warning;
      },
    }),
    clock: systemClock,
    io,
    context,
    issues: () => openIssueApi(inputs.githubToken, context, io.debug, githubTimeoutMs),
    noticeProblem: () => noticeProblem,
  };
}
