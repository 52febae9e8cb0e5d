// Deletes the stored access token and keeps the refresh token: the guide's "Force Token Refresh".
import { runScript } from "./lib/cli.js";
import { configFlags } from "./lib/flags.js";
import { configuredStore, describeStore } from "./lib/ports.js";

await runScript(
  {
    name: "force-refresh.ts",
    summary: "remove the stored access token (the refresh token stays), so the next run refreshes",
    flags: configFlags("store", "token-file", "ssm-prefix", "kms-key-id"),
    examples: [
      "npx tsx packages/scripts/force-refresh.ts && npx tsx packages/scripts/refresh.ts",
      "npx tsx packages/scripts/force-refresh.ts --store ssm   # like aws ssm delete-parameter",
    ],
  },
  async ({ storeConfig, io }) => {
    const store = configuredStore(storeConfig());
    const deleted = await store.deleteAccessToken();
    const where = describeStore(store);
    if (deleted) io.line("ok", `Deleted the access token from ${where}; the refresh token stays`);
    else io.say(`No access token was stored in ${where}; nothing to delete`);
    io.say("Next: npx tsx packages/scripts/refresh.ts (or let the scheduled action refresh it)");
    return {
      json: { deleted, store: where },
      text: [deleted ? `deleted access_token from ${where}` : `no access_token in ${where}`],
    };
  },
);
