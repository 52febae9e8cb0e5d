// Prints the FYERS login URL: the guide's "Build Authorization URL" / manual_token_generator --step 1.
import { buildLoginUrl } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { configFlags } from "./lib/flags.js";

await runScript(
  {
    name: "auth-url.ts",
    summary: "print the FYERS login URL (stdout: the URL only; a fresh random state each time)",
    flags: configFlags("client-id", "redirect-uri", "api-url"),
    examples: [
      "FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/auth-url.ts",
      "npx tsx packages/scripts/auth-url.ts --json | jq -r .state",
    ],
  },
  async ({ config, io }) => {
    const { clientId, redirectUri, apiUrl } = config();
    const { url, state } = buildLoginUrl({ apiUrl, clientId, redirectUri });
    io.say("Open the URL in a browser and log in; FYERS then sends you to the redirect URL.");
    io.say(
      "Copy the whole URL the browser lands on, then run:  npx tsx packages/scripts/exchange.ts --auth-code -",
    );
    return { json: { url, state, client_id: clientId, redirect_uri: redirectUri }, text: [url] };
  },
);
