// Auth code → tokens → the file store (and SSM): the guide's cURL validate-authcode / --step 2.
import { configError, requireAppSecret } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { exchangeCode } from "./lib/exchange.js";
import { configFlags, REVEAL_FLAG } from "./lib/flags.js";
import { secretFlag } from "./lib/input.js";
import { saveTargets } from "./lib/ports.js";
import { exchangeReport, sayExchanged } from "./lib/results.js";

await runScript(
  {
    name: "exchange.ts",
    summary: "exchange an auth code for tokens; saves them to the file store, and to SSM with --store ssm",
    flags: {
      "auth-code": {
        type: "string",
        value: "CODE|URL|-",
        help: "the auth code, or the whole redirect URL; - reads it from stdin",
      },
      state: { type: "string", value: "STATE", help: "refuse a pasted redirect URL with another state" },
      ...REVEAL_FLAG,
      ...configFlags("client-id", "api-url", "store", "token-file", "ssm-prefix", "kms-key-id"),
    },
    notes: [
      "needs FYERS_CLIENT_ID and FYERS_APP_SECRET; the file store is always written first.",
      "every store is checked (readable, writable, not locked) before the single-use code is spent;",
      "if one still fails, the others are written and the error says which holds the tokens (--json: issued).",
    ],
    examples: [
      "pbpaste | npx tsx packages/scripts/exchange.ts --auth-code -",
      "npx tsx packages/scripts/exchange.ts --auth-code - --store ssm   # then paste the redirect URL",
      "Get-Clipboard | npx tsx packages/scripts/exchange.ts --auth-code -   # PowerShell",
    ],
  },
  async ({ flags, config, io, stdin }) => {
    const cfg = config();
    requireAppSecret(cfg, "exchange the auth code"); // before asking for a paste
    const given = flags["auth-code"] ?? (stdin.isTTY ? "-" : undefined);
    if (given === undefined) {
      throw configError(
        "--auth-code",
        "is required",
        "pass the auth code or the redirect URL, or - to pipe it in",
      );
    }
    const authCode = await secretFlag(given, "auth-code", "the redirect URL or auth code", io, stdin);
    const result = await exchangeCode({ config: cfg, io, stores: saveTargets(cfg) }, authCode, flags.state);
    sayExchanged(result, io);
    return exchangeReport(result, flags.reveal === true);
  },
);
