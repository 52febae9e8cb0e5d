// The three SSM parameters, tokens masked unless --reveal: the guide's aws ssm get-parameters.
import { loginCommand } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { configFlags, REVEAL_FLAG } from "./lib/flags.js";
import { missingNames, parametersJson, parametersTable, parameterViews } from "./lib/parameters.js";
import { ssmStore } from "./lib/ports.js";

await runScript(
  {
    name: "get-parameters.ts",
    summary:
      "show the three SSM parameters (one GetParameters call with decryption); tokens masked unless --reveal",
    flags: { ...REVEAL_FLAG, ...configFlags("ssm-prefix", "kms-key-id") },
    examples: [
      "npx tsx packages/scripts/get-parameters.ts",
      "npx tsx packages/scripts/get-parameters.ts --ssm-prefix /my-app/fyers --json",
    ],
  },
  async ({ flags, storeConfig, io }) => {
    const cfg = storeConfig();
    const stored = await ssmStore(cfg).read();
    io.protect(stored.accessToken, stored.refreshToken);
    const views = parameterViews(stored, cfg.ssmPrefix, Date.now());
    const missing = missingNames(views);
    if (missing.length > 0) io.warn(`not found in SSM: ${missing.join(", ")}`);
    if (!stored.accessToken && !stored.refreshToken) {
      io.say(`nothing stored yet: log in (${loginCommand("ssm")})`);
    }
    return {
      json: { prefix: cfg.ssmPrefix, ...parametersJson(views) },
      text: parametersTable(views, flags.reveal === true),
    };
  },
);
