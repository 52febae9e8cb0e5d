// The seed guide's own CLI (manual_token_generator.py): --step 1|2|3 and --refresh.
import { configError, requireAppSecret } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { configFlags, REVEAL_FLAG } from "./lib/flags.js";
import { refreshInSsm, step1, step2, step3 } from "./lib/guide-steps.js";
import { secretFlag } from "./lib/input.js";
import { readTokenFlags, TOKEN_FLAGS } from "./lib/token-flags.js";

await runScript(
  {
    name: "manual-token-generator.ts",
    summary:
      "the guide's manual_token_generator.py: --step 1 (URL), 2 (code → token file), 3 (→ SSM), --refresh",
    flags: {
      step: {
        type: "string",
        value: "1|2|3",
        help: "1: login URL; 2: auth code → token file; 3: tokens → SSM",
      },
      "auth-code": { type: "string", value: "CODE|URL|-", help: "for --step 2; - reads it from stdin" },
      ...TOKEN_FLAGS,
      refresh: { type: "boolean", help: "refresh token in SSM + FYERS_PIN → new access token in SSM" },
      ...REVEAL_FLAG,
      ...configFlags("client-id", "redirect-uri", "api-url", "token-file", "ssm-prefix", "kms-key-id"),
    },
    examples: [
      "npx tsx packages/scripts/manual-token-generator.ts --step 1",
      "npx tsx packages/scripts/manual-token-generator.ts --step 2 --auth-code -   # paste, Enter",
      "npx tsx packages/scripts/manual-token-generator.ts --step 3",
      "npx tsx packages/scripts/manual-token-generator.ts --refresh",
    ],
  },
  async ({ flags, config, io, stdin }) => {
    if ((flags.step === undefined) === (flags.refresh !== true)) {
      throw configError("--step", "give exactly one of --step 1|2|3 or --refresh", "see --help");
    }
    const cfg = config();
    const reveal = flags.reveal === true;
    if (flags.refresh) return refreshInSsm(cfg, io, reveal);
    switch (flags.step) {
      case "1":
        return step1(cfg, io);
      case "2": {
        const code = flags["auth-code"];
        if (code === undefined)
          throw configError("--auth-code", "is required with --step 2", "pass it, or - to paste it");
        requireAppSecret(cfg, "exchange the auth code"); // before asking for a paste
        return step2(
          cfg,
          io,
          await secretFlag(code, "auth-code", "the redirect URL or auth code", io, stdin),
          reveal,
        );
      }
      case "3":
        return step3(cfg, io, await readTokenFlags(flags, io, stdin));
      default:
        throw configError("--step", `"${flags.step}" is not a step`, "use --step 1, 2 or 3");
    }
  },
);
