// The test/advanced settings (core/src/tuning.ts) over the real entry points: a bad value is
// refused naming the variable before FYERS is asked anything; a good one changes only how long
// the run waits, and tokens FYERS issued are kept whatever the wait ends in.
import { mkdir, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { makeAccessToken } from "@fyers-token/testkit";
import type { Sandbox } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";
import { test } from "./faults/fixture.js";
import { runChecked } from "./faults/scripts.js";

async function seedFileToRefresh(box: Sandbox): Promise<void> {
  const { refreshToken } = box.fyers.issueTokens();
  await box.seedFile({
    client_id: box.fyers.clientId,
    access_token: makeAccessToken({ expSeconds: -60 }),
    refresh_token: refreshToken,
  });
}

describe.concurrent("tuning: FYERS_RATE_LIMIT_PAUSE, FYERS_RETRY_BACKOFF, FYERS_LOCK_WAIT", () => {
  test("bad input: FYERS_RETRY_BACKOFF=fast is refused naming the variable, nothing sent (refresh.ts)", async ({
    box,
    guard,
  }) => {
    await seedFileToRefresh(box);
    const before = await box.rawFile();
    const run = await runChecked(box, guard, "refresh.ts", [], { env: { FYERS_RETRY_BACKOFF: "fast" } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('FYERS_RETRY_BACKOFF: "fast" is not a duration from 0ms to 1m');
    expect(run.stderr).toContain("e.g. 200ms or 2s");
    expect(box.fyers.requests).toEqual([]);
    expect(await box.rawFile(), "the token file is untouched").toBe(before);
  });

  test("bad input: FYERS_RATE_LIMIT_PAUSE=30 (no unit) is refused naming the variable, nothing sent (verify.ts)", async ({
    box,
    guard,
  }) => {
    await box.seedIssued();
    const before = await box.rawFile();
    const run = await runChecked(box, guard, "verify.ts", [], { env: { FYERS_RATE_LIMIT_PAUSE: "30" } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('FYERS_RATE_LIMIT_PAUSE: "30" is not a duration from 0ms to 10m');
    expect(box.fyers.requests).toEqual([]);
    expect(await box.rawFile(), "the token file is untouched").toBe(before);
  });

  test("fault: FYERS answers 502 twice with FYERS_RETRY_BACKOFF=50ms: retried, the refresh goes through (refresh.ts)", async ({
    box,
    guard,
  }) => {
    await seedFileToRefresh(box);
    box.fyers.fail({ failure: "server_error_html", times: 2 });
    const run = await runChecked(box, guard, "refresh.ts", [], { env: { FYERS_RETRY_BACKOFF: "50ms" } });
    expect(run.code, run.stderr).toBe(0);
    expect(box.fyers.requests.filter((r) => r.path.endsWith("validate-refresh-token"))).toHaveLength(3);
    expect((await box.readFile())?.access_token).toBeDefined();
  });

  test("fault: a held token-file lock with FYERS_LOCK_WAIT=200ms: refused within the short wait, no code spent (exchange.ts --store ssm)", async ({
    box,
    guard,
  }) => {
    // Another live process's lock, as the file store takes it: the folder with its owner inside.
    await mkdir(`${box.tokenFile}.lock`);
    await writeFile(
      join(`${box.tokenFile}.lock`, "owner.json"),
      JSON.stringify({ pid: process.pid, host: hostname() }),
    );
    const started = performance.now();
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], {
      stdin: box.issueAuthCode(),
      env: { FYERS_STORE: "ssm", FYERS_LOCK_WAIT: "200ms" },
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`another process holds the lock ${box.tokenFile}.lock`);
    // A script starts in about a second; the default wait alone would be 5 s.
    expect(performance.now() - started, "the short wait, not 5 s").toBeLessThan(4_500);
    expect(box.fyers.requests.filter((r) => r.path.endsWith("validate-authcode"))).toHaveLength(0);
  });
});
