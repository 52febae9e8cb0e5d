// Tokens (flags, or the token file) → the three SSM parameters → a profile call: aws ssm put-parameter / --step 3.
import { runScript } from "./lib/cli.js";
import { configFlags } from "./lib/flags.js";
import { putOutcome, putParameters } from "./lib/put-parameters.js";
import { readTokenFlags, TOKEN_FLAGS } from "./lib/token-flags.js";

await runScript(
  {
    name: "put-parameters.ts",
    summary:
      "write the tokens to the three SSM parameters (SecureString, overwrite), then check them with FYERS",
    flags: {
      ...TOKEN_FLAGS,
      ...configFlags("client-id", "api-url", "token-file", "ssm-prefix", "kms-key-id"),
    },
    notes: [
      "without --access-token/--refresh-token the tokens come from the token file (exchange.ts, login.ts)",
    ],
    examples: [
      "npx tsx packages/scripts/put-parameters.ts",
      "npx tsx packages/scripts/put-parameters.ts --ssm-prefix /my-app/fyers",
      'echo "$ACCESS_TOKEN" | npx tsx packages/scripts/put-parameters.ts --access-token -',
    ],
  },
  async ({ flags, config, io, stdin }) => {
    const cfg = config();
    const given = await readTokenFlags(flags, io, stdin);
    return putOutcome(await putParameters(cfg, io, given), cfg, io);
  },
);
