// The owner's one-tap login link: the callback's URL + /login?k=KEY, the key derived from the
// app secret in SSM. Anyone holding the link can start a login, so it is printed only here.
import { createSsmStore, FyersTokenError, loginLinkFor } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { configFlags } from "./lib/flags.js";

const EXAMPLE_URL = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-south-1.on.aws";
const STORE_SECRET =
  'printf %s "$SECRET" | FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts --app-secret -';

function badUrl(message: string): FyersTokenError {
  return new FyersTokenError("invalid_config", `--url: ${message}`, {
    variable: "--url",
    hint: `give the callback's function URL (the FunctionUrl output of the deploy), e.g. --url ${EXAMPLE_URL}`,
  });
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The callback's base URL: https, or http on this machine only (a local run of the callback). */
function callbackUrl(given: string | undefined): string {
  const text = given?.trim();
  if (!text) throw badUrl("is required");
  if (!URL.canParse(text)) throw badUrl(`"${text.slice(0, 100)}" is not a URL`);
  const url = new URL(text);
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    throw badUrl("must be https:// (http:// only for 127.0.0.1 or localhost)");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw badUrl("must be an https:// URL");
  if (url.username !== "" || url.password !== "") throw badUrl("must not carry a user name or password");
  return url.toString();
}

await runScript(
  {
    name: "login-link.ts",
    summary:
      "print the owner's one-tap login link (the callback's /login?k=KEY; the key is derived from the app secret in SSM)",
    flags: {
      url: {
        type: "string",
        value: "URL",
        help: "the callback's function URL (the deploy's FunctionUrl output)",
      },
      ...configFlags("ssm-prefix", "kms-key-id"),
    },
    examples: [
      `npx tsx packages/scripts/login-link.ts --url ${EXAMPLE_URL}`,
      `npx tsx packages/scripts/login-link.ts --url ${EXAMPLE_URL} --ssm-prefix /my-app/fyers --json`,
    ],
    notes: [
      "stdout is the link alone; keep it private (a bookmark, the action's login-link secret):",
      "anyone holding it can start a login. It changes when the app secret changes: run this again then.",
      "needs ssm:GetParameters (with decryption) on {prefix}/app_secret, client_id, access_token and",
      "refresh_token (one read, as the AWS environment allows).",
    ],
  },
  async ({ flags, storeConfig, io }) => {
    const base = callbackUrl(flags.url);
    const cfg = storeConfig();
    const store = createSsmStore({ prefix: cfg.ssmPrefix, kmsKeyId: cfg.kmsKeyId });
    const { tokens, extras } = await store.readWith(["app_secret"]);
    io.protect(tokens.accessToken, tokens.refreshToken, extras.app_secret);
    const appSecret = extras.app_secret;
    if (!appSecret) {
      throw new FyersTokenError("invalid_config", `SSM has no ${cfg.ssmPrefix}/app_secret`, {
        variable: `${cfg.ssmPrefix}/app_secret`,
        hint: `store the app secret once as a SecureString: ${STORE_SECRET}`,
      });
    }
    const link = loginLinkFor(base, appSecret);
    io.say("the owner's login link (keep it private: it starts a login; it changes with the app secret):");
    return { json: { login_link: link, prefix: cfg.ssmPrefix }, text: [link] };
  },
);
