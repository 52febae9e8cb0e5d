import * as core from "@actions/core";
import { createFyersClient, createSsmStore, systemClock } from "@fyers-token/core";
import { actionsIO } from "./actions-io.js";
import { failureMessage } from "./failure.js";
import { openIssueApi } from "./github.js";
import { type Inputs, parseInputs, readRawInputs } from "./inputs.js";
import { maskRawInputs } from "./masking.js";
import { type ActionsIO, type Deps, runContext } from "./ports.js";
import { run } from "./run.js";

/** The runner's entry: inputs (secrets masked before validation), real ports, then run(). */
export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const io = actionsIO(env);
  let inputs: Inputs;
  try {
    const raw = readRawInputs((name) => core.getInput(name));
    maskRawInputs(raw, io.setSecret);
    inputs = parseInputs(raw);
  } catch (error) {
    io.setFailed(failureMessage(error));
    return;
  }
  await run(inputs, createDeps(inputs, io, env));
}

/** Production ports. Nothing here does I/O yet: SSM and GitHub clients load on first use. */
export function createDeps(inputs: Inputs, io: ActionsIO, env: Record<string, string | undefined>): Deps {
  const context = runContext(env);
  return {
    client: createFyersClient({ apiUrl: inputs.apiUrl, clientId: inputs.clientId }),
    store: createSsmStore({ prefix: inputs.ssmPrefix, kmsKeyId: inputs.kmsKeyId }),
    clock: systemClock,
    io,
    context,
    issues: () => openIssueApi(inputs.githubToken, context, io.debug),
  };
}
