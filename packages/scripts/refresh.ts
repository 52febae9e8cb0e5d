// Refresh token + PIN → a new access token → the store → a profile check: the guide's --refresh.
import { refresh, requireAppSecret, requirePin } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { configFlags, REVEAL_FLAG } from "./lib/flags.js";
import { configuredStore, describeStore, fyersClient } from "./lib/ports.js";
import { refreshReport, sayRefreshed } from "./lib/results.js";

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
    ],
    examples: [
      "npx tsx packages/scripts/refresh.ts",
      "npx tsx packages/scripts/refresh.ts --store ssm || npx tsx packages/scripts/login.ts --store ssm",
    ],
  },
  async ({ flags, config, io }) => {
    const cfg = config();
    const appSecret = requireAppSecret(cfg, "refresh the access token");
    const pin = requirePin(cfg);
    const store = configuredStore(cfg);
    const result = await refresh(
      { client: fyersClient(cfg), store },
      { clientId: cfg.clientId, appSecret, pin },
    );
    io.protect(result.accessToken);
    sayRefreshed(result, describeStore(store), io);
    return refreshReport(result, describeStore(store), flags.reveal === true);
  },
);
