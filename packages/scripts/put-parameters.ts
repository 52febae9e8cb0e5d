// Tokens (flags, or the token file) → the three SSM parameters → a profile call: aws ssm put-parameter / --step 3.
// With --app-secret -, also the app secret for the login callback.
import { readAppSecretFlag } from "./lib/app-secret.js";
import { runScript } from "./lib/cli.js";
import { configFlags } from "./lib/flags.js";
import {
  putCallbackSecret,
  putOutcome,
  putParameters,
  secretOutcome,
  withSecret,
} from "./lib/put-parameters.js";
import { readTokenFlags, TOKEN_FLAGS } from "./lib/token-flags.js";

await runScript(
  {
    name: "put-parameters.ts",
    summary:
      "write the tokens to the three SSM parameters (SecureString, overwrite), then check them with FYERS",
    flags: {
      ...TOKEN_FLAGS,
      "app-secret": {
        type: "string",
        value: "-",
        help: "read the app secret from stdin and store it as {prefix}/app_secret (for the login callback)",
      },
      force: { type: "boolean", help: "write a token that has expired (refused otherwise)" },
      ...configFlags("client-id", "api-url", "token-file", "ssm-prefix", "kms-key-id"),
    },
    notes: [
      "without --access-token/--refresh-token the tokens come from the token file (exchange.ts, login.ts);",
      "every token is checked (present, a JWT, not expired) before anything is written.",
      "--app-secret - alone stores only the client id and the app secret; it needs ssm:PutParameter on",
      "{prefix}/app_secret (and kms:Encrypt with FYERS_SSM_KMS_KEY_ID), which the action's policy",
      "docs/iam/fyers-token-policy.json does not grant. Only - is accepted: never the secret on argv.",
    ],
    examples: [
      "npx tsx packages/scripts/put-parameters.ts",
      "npx tsx packages/scripts/put-parameters.ts --ssm-prefix /my-app/fyers",
      'echo "$ACCESS_TOKEN" | npx tsx packages/scripts/put-parameters.ts --access-token -',
      'read -rs S && printf %s "$S" | FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts --app-secret -',
    ],
  },
  async ({ flags, config, io, stdin }) => {
    const cfg = config();
    const secret = await readAppSecretFlag(flags, io, stdin); // before any token: a typo costs nothing
    const tokensGiven = flags["access-token"] !== undefined || flags["refresh-token"] !== undefined;
    if (secret !== undefined && !tokensGiven)
      return secretOutcome(cfg, await putCallbackSecret(cfg, io, secret));
    const given = await readTokenFlags(flags, io, stdin);
    const outcome = putOutcome(await putParameters(cfg, io, given, { force: flags.force === true }), cfg, io);
    return secret === undefined ? outcome : withSecret(outcome, await putCallbackSecret(cfg, io, secret));
  },
);
