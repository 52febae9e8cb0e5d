// Expiry of each stored token and a profile call: the guide's "Test Token Validity".
import { DURATION_RANGES, loginCommand, mayBeUsable, parseDuration, verify } from "@fyers-token/core";
import { runScript } from "./lib/cli.js";
import { configFlags } from "./lib/flags.js";
import { NOTIFY_FLAGS, NOTIFY_NOTES, notifier } from "./lib/notify.js";
import { configuredStore, fyersClient } from "./lib/ports.js";
import { offlineTable, rememberingReads, verdict, verifyJson, verifyTable } from "./lib/verify-report.js";

await runScript(
  {
    name: "verify.ts",
    summary: "show when each stored token expires (IST and UTC) and check the access token with FYERS",
    flags: {
      "warn-before": {
        type: "string",
        value: "DURATION",
        help: "call the refresh token expiring when less than this is left (default 3d)",
      },
      ...configFlags("client-id", "api-url", "store", "token-file", "ssm-prefix", "kms-key-id"),
      ...NOTIFY_FLAGS,
    },
    notes: [
      "exit 0: the access token works; 1: it does not, but the refresh token may (run refresh.ts);",
      "3: nothing usable is left (log in: login.ts)",
      ...NOTIFY_NOTES,
    ],
    examples: [
      "npx tsx packages/scripts/verify.ts",
      "npx tsx packages/scripts/verify.ts --store ssm --json | jq .access_token.expires_at",
    ],
  },
  async ({ flags, config, env, io, json: jsonOut }) => {
    const cfg = config();
    const warnBeforeSeconds = parseDuration(
      flags["warn-before"] ?? "3d",
      "--warn-before",
      DURATION_RANGES.warnBefore,
    );
    const alerts = notifier(flags.notify, cfg, env, io);
    const reads = rememberingReads(alerts?.store ?? configuredStore(cfg));
    const store = reads.store;
    const result = await verify({ client: fyersClient(cfg), store }, { warnBeforeSeconds }).catch((error) => {
      // FYERS unreachable (or refusing): what the store holds is still worth seeing, first.
      const stored = reads.last();
      if (stored !== undefined && !jsonOut) {
        for (const line of offlineTable(store, stored, Date.now(), warnBeforeSeconds)) io.out(line);
      }
      throw error;
    });
    const next = verdict(result.valid, mayBeUsable(result.refresh_token), loginCommand(store.kind));
    if (next.ok) io.line("ok", next.message);
    else io.warn(next.message);
    if (result.refresh_token.status === "expiring") {
      io.warn("the refresh token expires soon: a full login will be due (login.ts)");
    }
    const stored = reads.last();
    const notify = stored === undefined ? undefined : await alerts?.after(result, warnBeforeSeconds, stored);
    const json = { ...verifyJson(result, next.action), ...(notify ? { notify } : {}) };
    return { exitCode: next.exitCode, json, text: verifyTable(result) };
  },
);
