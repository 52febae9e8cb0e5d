// A read-only check of a real set-up: AWS, the SSM parameters, the tokens, the callback, Telegram.
import { configError, fyersTimeoutMs } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { type Check, callbackBase, runChecks } from "./lib/doctor.js";
import { configFlags } from "./lib/flags.js";
import { isStyled } from "./lib/io.js";

/** Each AWS, callback or Telegram call's deadline unless FYERS_TIMEOUT: a doctor that hangs helps nobody. */
const TIMEOUT_MS = 10_000;

await runScript(
  {
    name: "doctor.ts",
    summary:
      "check a real set-up, reading only: AWS, the SSM parameters, both tokens, the callback, Telegram",
    flags: {
      "callback-url": {
        type: "string",
        value: "URL",
        help: "the callback's function URL (the FunctionUrl output): checks /login?k=… and {prefix}/app_secret",
      },
      ...configFlags("ssm-prefix"),
    },
    notes: [
      "One line per check, ✓ or ✗ with the fix. Nothing is written, no message sent, no token issued:",
      "SSM gets one GetParameters, the callback one GET /login (its 302 to FYERS is read, not followed),",
      "Telegram getMe and getChat (when FYERS_TELEGRAM_BOT_TOKEN and FYERS_TELEGRAM_CHAT_ID are set).",
      "Each call waits at most 10 s (FYERS_TIMEOUT, e.g. 30s, sets another deadline).",
      "exit 0: every check holds; 1: one or more do not; 2: bad usage",
    ],
    examples: [
      "npx tsx packages/scripts/doctor.ts",
      "AWS_REGION=ap-south-1 npx tsx packages/scripts/doctor.ts --callback-url https://abc.lambda-url.ap-south-1.on.aws/ --json",
    ],
  },
  async ({ flags, storeConfig, env, io }) => {
    const callbackUrl = flags["callback-url"];
    if (callbackUrl !== undefined) checkCallbackUrl(callbackUrl);
    const checks = await runChecks({
      env,
      prefix: storeConfig().ssmPrefix,
      callbackUrl,
      nowMs: Date.now(),
      timeoutMs: fyersTimeoutMs(env) ?? TIMEOUT_MS,
      protect: (...values) => io.protect(...values),
    });
    const failed = checks.filter((check) => !check.ok).length;
    if (failed > 0)
      io.warn(`${failed} of ${checks.length} checks failed: fix them in order, then run doctor.ts again`);
    else io.line("ok", `all ${checks.length} checks hold`);
    // The details name no secret; scrubbed anyway, as every other output is.
    const json = JSON.parse(io.scrub(JSON.stringify({ checks }))) as { checks: Check[] };
    return { exitCode: failed > 0 ? 1 : 0, json, text: checks.flatMap((check) => lineOf(check, env)) };
  },
);

/** `✓ name: detail`, or `✗ name: detail → fix: …`; green and red at a colour terminal. */
function lineOf(check: Check, env: NodeJS.ProcessEnv): string[] {
  const styled = isStyled(process.stdout, env);
  const mark = check.ok ? "✓" : "✗";
  const painted = styled ? `\u001b[${check.ok ? 32 : 31}m${mark}\u001b[39m` : mark;
  const line = `${painted} ${check.name}: ${check.detail}`;
  return check.fix === null ? [line] : [`${line} → fix: ${check.fix}`];
}

/** An https URL (http only on loopback, for a local stand-in); anything else is bad usage. */
function checkCallbackUrl(value: string): void {
  const example = "e.g. --callback-url https://abc123.lambda-url.ap-south-1.on.aws/";
  if (!URL.canParse(value))
    throw configError("--callback-url", `${JSON.stringify(value.slice(0, 80))} is not a URL`, example);
  const url = callbackBase(value);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw configError(
      "--callback-url",
      "must be an https:// URL (the function URL the deploy printed)",
      example,
    );
  }
}
