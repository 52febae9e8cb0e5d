import { buildLoginUrl, type Config, maskToken } from "@fyers-token/core";
import type { Outcome } from "./cli.js";
import { exchangeCode } from "./exchange.js";
import type { Io } from "./io.js";
import { fileStore, ssmStore } from "./ports.js";
import type { GivenTokens } from "./put-parameters.js";
import { putOutcome, putParameters } from "./put-parameters.js";
import { refreshStore } from "./refresh.js";
import { exchangeReport } from "./results.js";

// The four modes of the seed guide's manual_token_generator.py, with its messages, over core.
const SELF = "npx tsx packages/scripts/manual-token-generator.ts";

export function step1(config: Config, io: Io): Outcome {
  const { url, state } = buildLoginUrl(config);
  io.line("book", "Instructions:");
  io.say("1. Open the URL above in your browser (it is printed on stdout)");
  io.say("2. Log in to your FYERS account");
  io.say("3. After the login you are redirected to a URL");
  io.say(`4. Copy that whole URL (or its auth_code) and run: ${SELF} --step 2 --auth-code -`);
  return { json: { step: 1, url, state }, text: [url] };
}

export async function step2(config: Config, io: Io, authCode: string, reveal: boolean): Promise<Outcome> {
  const file = fileStore(config);
  const result = await exchangeCode({ config, io, stores: [file] }, authCode);
  io.line("ok", "Tokens generated successfully!");
  io.line("access", `Access Token: ${maskToken(result.tokens.accessToken)}`);
  io.line("refresh", `Refresh Token: ${maskToken(result.tokens.refreshToken)}`);
  io.line("saved", `Tokens saved to: ${file.location}`);
  io.say(`Next: ${SELF} --step 3   (copies them to SSM)`);
  const report = exchangeReport(result, reveal);
  return { ...report, json: { step: 2, ...report.json } };
}

export async function step3(config: Config, io: Io, given: GivenTokens): Promise<Outcome> {
  const outcome = putOutcome(await putParameters(config, io, given), config, io);
  return { ...outcome, json: { step: 3, ...outcome.json } };
}

/** From SSM to SSM, as the guide's Lambda setup keeps them there. */
export async function refreshInSsm(config: Config, io: Io, reveal: boolean): Promise<Outcome> {
  return refreshStore(config, io, ssmStore(config), reveal);
}
