// Refresh token + PIN → a new access token → the store → a profile check: the guide's --refresh.
import { runScript } from "./lib/cli.js";
import { configFlags, REVEAL_FLAG } from "./lib/flags.js";
import { configuredStore } from "./lib/ports.js";
import { refreshStore } from "./lib/refresh.js";

await runScript(
  {
    name: "refresh.ts",
    summary:
      "get a new access token with the stored refresh token and FYERS_PIN; the store changes only on success",
    flags: {
      ...REVEAL_FLAG,
      ...configFlags("client-id", "api-url", "store", "token-file", "ssm-prefix", "kms-key-id"),
    },
    notes: [
      "needs FYERS_CLIENT_ID, FYERS_APP_SECRET and FYERS_PIN. Since April 2026 FYERS may refuse refresh",
      "tokens and ask for a daily login: then this exits 3 and leaves the store as it was.",
      "with --store ssm, a new token SSM refuses is kept in the token file (put-parameters.ts copies it).",
    ],
    examples: [
      "npx tsx packages/scripts/refresh.ts",
      "npx tsx packages/scripts/refresh.ts --store ssm || npx tsx packages/scripts/login.ts --store ssm",
    ],
  },
  async ({ flags, config, io }) => {
    const cfg = config();
    return refreshStore(cfg, io, configuredStore(cfg), flags.reveal === true);
  },
);
