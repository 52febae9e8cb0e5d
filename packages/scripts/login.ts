// The daily login in one step (the guide's steps 1 + 2, + 3 with --store ssm).
import { DURATION_RANGES, parseDuration, requireAppSecret } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { configFlags, REVEAL_FLAG } from "./lib/flags.js";
import { login } from "./lib/login.js";
import { saveTargets } from "./lib/ports.js";
import { exchangeReport, sayExchanged } from "./lib/results.js";

await runScript(
  {
    name: "login.ts",
    summary:
      "print the login URL, catch the redirect (loopback FYERS_REDIRECT_URI) or read it pasted, exchange, save",
    flags: {
      open: { type: "boolean", help: "also open the URL in the default browser" },
      timeout: {
        type: "string",
        value: "DURATION",
        help: "give up after this long, exit 3 (default 10m; 1s to 1d)",
      },
      ...REVEAL_FLAG,
      ...configFlags(
        "client-id",
        "redirect-uri",
        "api-url",
        "store",
        "token-file",
        "ssm-prefix",
        "kms-key-id",
      ),
    },
    notes: [
      "with FYERS_REDIRECT_URI=http://127.0.0.1:PORT/path (registered for the app) it listens there and",
      "answers the browser itself; with an https redirect it reads the pasted redirect URL from stdin.",
      "saves to the token file, and to SSM too with --store ssm; every store is checked before the URL is shown.",
      "a request without this login's state (an older tab, another program) gets an error page; the wait goes on.",
    ],
    examples: [
      "FYERS_REDIRECT_URI=http://127.0.0.1:8080/fyers npx tsx packages/scripts/login.ts --open",
      "npx tsx packages/scripts/login.ts --store ssm --timeout 5m",
    ],
  },
  async ({ flags, config, io, stdin, json }) => {
    const cfg = config();
    requireAppSecret(cfg, "exchange the auth code");
    const result = await login({
      config: cfg,
      io,
      stdin,
      stores: saveTargets(cfg),
      timeoutSeconds: parseDuration(flags.timeout ?? "10m", "--timeout", DURATION_RANGES.timeout),
      open: flags.open === true,
      redirectUriName: flags["redirect-uri"] === undefined ? "FYERS_REDIRECT_URI" : "--redirect-uri",
      showUrl: (url) => (json ? io.say(url) : io.out(url)),
    });
    sayExchanged(result, io);
    const report = exchangeReport(result, flags.reveal === true);
    return { ...report, json: { ...report.json, login_url: result.login_url } };
  },
);
