import { cp, mkdir, readdir, readFile, symlink, utimes, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative, sep } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { makeAccessToken, runTsx } from "@fyers-token/testkit";
import {
  type Fakes,
  findSecrets,
  freePort,
  PARAM,
  PREFIX,
  REPO,
  type Sandbox,
} from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";
import { actionChecked, openLoginIssues, seedSsm, ssmSnapshot } from "./faults/action.js";
import { test } from "./faults/fixture.js";
import { makeReadOnly, makeUnreadable, permissionsUnsupported } from "./faults/fs.js";
import type { LeakGuard } from "./faults/guard.js";
import { runChecked, startChecked } from "./faults/scripts.js";

/** The sandbox of testkit (`box`, lazily), the action's fakes (`fakes`, lazily) and the leak guard. */

const POLICY = "docs/iam/fyers-token-policy.json";
/** The scripts run in a temp folder, so their hints name the repository (npx --prefix). */
/** A hint's command as printed outside the repository root, where it still runs as written. */
const word = (path: string) => (/^[\w./:@%+=-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`);
const script = (name: string) => `npx --prefix ${word(REPO)} tsx ${word(`${REPO}/packages/scripts`)}/${name}`;
const LOGIN = script("login.ts");

/** A failed run that left no usable token: one issue (16.1), saying why in `words`. */
function expectAnnounced(fakes: Fakes, words: string): void {
  expect(fakes.github.issues.map((i) => i.title)).toEqual([
    `FYERS token renewal failed for ${fakes.fyers.clientId}`,
  ]);
  expect(fakes.github.issues[0]?.body).toContain(words);
}
const TIMEOUT = { FYERS_TIMEOUT: "1s" };

/** A file whose access token has expired beside a refresh token the fake accepts: refresh runs. */
async function seedFileToRefresh(box: Sandbox) {
  const { refreshToken } = box.fyers.issueTokens();
  await box.seedFile({
    client_id: box.fyers.clientId,
    access_token: makeAccessToken({ expSeconds: -60 }),
    refresh_token: refreshToken,
  });
  return refreshToken;
}

/** Tokens the fake issued, in the sandbox's SSM fake. */
function seedBoxSsm(box: Sandbox, accessToken?: string) {
  const issued = box.fyers.issueTokens();
  const access = accessToken ?? issued.accessToken;
  box.secrets.add(access).add(issued.refreshToken);
  box.ssm.put(PARAM.clientId, box.fyers.clientId);
  box.ssm.put(PARAM.accessToken, access);
  box.ssm.put(PARAM.refreshToken, issued.refreshToken);
  return { accessToken: access, refreshToken: issued.refreshToken };
}

/** For the action: an expired access token beside a live refresh token, so `auto` refreshes. */
function seedActionToRefresh(fakes: Fakes) {
  const { refreshToken } = fakes.fyers.issueTokens();
  const accessToken = makeAccessToken({ expSeconds: -60 });
  seedSsm(fakes, { accessToken, refreshToken });
  return { accessToken, refreshToken };
}

const calls = <R extends { path: string }>(requests: R[], endpoint: string): R[] =>
  requests.filter((r) => r.path.endsWith(`/${endpoint}`));

/** Spends an auth code at the fake, as a first exchange would; returns the tokens FYERS issued. */
async function spend(box: Sandbox, code: string): Promise<string[]> {
  const answer = await fetch(`${box.fyers.baseUrl}/validate-authcode`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "authorization_code", appIdHash: box.fyers.appIdHash, code }),
  });
  const body = (await answer.json()) as { access_token: string; refresh_token: string };
  for (const token of [body.access_token, body.refresh_token]) box.secrets.add(token);
  return [body.access_token, body.refresh_token];
}

describe.concurrent("FYERS faults", () => {
  test("fault: FYERS slower than the timeout (script verify.ts)", async ({ box, guard }) => {
    await box.seedIssued();
    const before = await box.rawFile();
    box.fyers.fail({ failure: "slow", endpoint: "profile", delayMs: 30_000 });
    const run = await runChecked(box, guard, "verify.ts", [], { env: TIMEOUT });
    expect(run.code).toBe(1);
    const host = new URL(box.fyers.baseUrl).host;
    expect(run.stderr).toContain(`error: FYERS (${host}) did not answer within 1s`);
    expect(run.stderr).toContain("hint: FYERS may be slow or down");
    expect(calls(box.fyers.requests, "profile")).toHaveLength(1);
    expect(
      run.endedAt - (box.fyers.requests[0]?.at ?? 0),
      "gave up within the timeout plus a second",
    ).toBeLessThan(2000);
    expect(await box.rawFile()).toBe(before);
  });

  test("fault: FYERS slower than the timeout (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    const before = ssmSnapshot(fakes.ssm.parameters);
    fakes.fyers.fail({ failure: "slow", endpoint: "validate-refresh-token", delayMs: 30_000 });
    const run = await actionChecked(fakes, guard, { env: TIMEOUT }, Object.values(seeded));
    expect(run.code).toBe(1);
    expect(run.error).toContain(`FYERS (${new URL(fakes.fyers.baseUrl).host}) did not answer within 1s`);
    expect(run.error).toContain("Hint: FYERS may be slow or down");
    // Given up when the run turned to announcing it (its next SSM call: the announce lock).
    const askedAt = fakes.fyers.requests[0]?.at ?? 0;
    const gaveUpAt = fakes.ssm.requests.find((r) => r.at > askedAt)?.at ?? run.endedAt;
    expect(gaveUpAt - askedAt, "gave up within the timeout plus a second").toBeLessThan(2000);
    expect(ssmSnapshot(fakes.ssm.parameters)).toEqual(before);
    expectAnnounced(fakes, "FYERS could not be reached or failed (5xx) after retries");
  });

  test("fault: FYERS connection refused (script refresh.ts)", async ({ box, guard }) => {
    await seedFileToRefresh(box);
    const before = await box.rawFile();
    const port = await freePort();
    const run = await runChecked(box, guard, "refresh.ts", [], {
      env: { FYERS_API_URL: `http://127.0.0.1:${port}/api/v3` },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: could not reach FYERS at 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(run.stderr).toContain("hint: check the network and FYERS_API_URL");
    expect(await box.rawFile()).toBe(before);
  });

  test("fault: 11 verify.ts with a live token and FYERS unreachable: the offline expiry table first, then the error", async ({
    box,
    guard,
  }) => {
    await box.seedIssued();
    const port = await freePort();
    const run = await runChecked(box, guard, "verify.ts", [], {
      env: { FYERS_API_URL: `http://127.0.0.1:${port}/api/v3` },
    });
    expect(run.code, "the exit code of a network failure").toBe(1);
    expect(run.stdout).toContain(`store: file:${box.tokenFile}`);
    expect(run.stdout).toMatch(/access_token +valid +\d{4}-\d\d-\d\d 06:00 IST/);
    expect(run.stdout).toMatch(/refresh_token +valid/);
    expect(run.stderr).toContain(`error: could not reach FYERS at 127.0.0.1:${port} (ECONNREFUSED)`);
  });

  test("fault: FYERS connection refused (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    const before = ssmSnapshot(fakes.ssm.parameters);
    const port = await freePort();
    const run = await actionChecked(
      fakes,
      guard,
      { inputs: { "api-url": `http://127.0.0.1:${port}/api/v3` } },
      Object.values(seeded),
    );
    expect(run.code).toBe(1);
    expect(run.error).toContain(`could not reach FYERS at 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(ssmSnapshot(fakes.ssm.parameters)).toEqual(before);
    expectAnnounced(fakes, "FYERS could not be reached or failed (5xx) after retries");
  });

  test("fault: FYERS 5xx with an HTML body (script refresh.ts)", async ({ box, guard }) => {
    await seedFileToRefresh(box);
    const before = await box.rawFile();
    box.fyers.fail({ failure: "server_error_html" });
    const run = await runChecked(box, guard, "refresh.ts");
    expect(run.code).toBe(1);
    expect(calls(box.fyers.requests, "validate-refresh-token"), "retried, 3 attempts in all").toHaveLength(3);
    expect(run.stderr).toContain("error: FYERS validate-refresh-token failed with HTTP 502 after retries");
    expect(run.stderr).toContain("hint: FYERS is having trouble; try again in a few minutes");
    expect(run.stderr).not.toContain("<html");
    expect(await box.rawFile()).toBe(before);
  });

  test("fault: FYERS 5xx with an HTML body (action exchange)", async ({ fakes, guard }) => {
    const code = fakes.fyers.issueAuthCode();
    fakes.fyers.fail({ failure: "server_error_html" });
    const run = await actionChecked(fakes, guard, { inputs: { mode: "exchange", "auth-code": code } }, [
      code,
    ]);
    expect(run.code).toBe(1);
    expect(calls(fakes.fyers.requests, "validate-authcode")).toHaveLength(3);
    expect(run.error).toContain("FYERS validate-authcode failed with HTTP 502 after retries");
    expect(run.stdout).not.toContain("<html");
    expect(ssmSnapshot(fakes.ssm.parameters), "no token stored").toEqual({});
  });

  test("fault: FYERS 200 with an HTML body (script exchange.ts)", async ({ box, guard }) => {
    box.fyers.fail({ failure: "ok_html" });
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], {
      stdin: box.issueAuthCode(),
    });
    expect(run.code).toBe(1);
    expect(calls(box.fyers.requests, "validate-authcode"), "a 200 is an answer: no retry").toHaveLength(1);
    expect(run.stderr).toContain(
      "error: FYERS validate-authcode answered HTTP 200 with text/html; charset=utf-8 instead of JSON",
    );
    expect(run.stderr).toContain("hint: check FYERS_API_URL");
    expect(await box.rawFile()).toBeUndefined();
  });

  test("fault: FYERS 200 with an HTML body (action verify)", async ({ fakes, guard }) => {
    const { accessToken, refreshToken } = fakes.fyers.issueTokens();
    seedSsm(fakes, { accessToken, refreshToken });
    fakes.fyers.fail({ failure: "ok_html", endpoint: "profile" });
    const run = await actionChecked(fakes, guard, { inputs: { mode: "verify" } }, [
      accessToken,
      refreshToken,
    ]);
    expect(run.code).toBe(1);
    expect(run.error).toContain(
      "FYERS profile answered HTTP 200 with text/html; charset=utf-8 instead of JSON",
    );
    expect(run.outputs["access-token"] ?? "").toBe("");
  });

  test("fault: FYERS JSON of the wrong shape (script refresh.ts)", async ({ box, guard }) => {
    await seedFileToRefresh(box);
    const before = await box.rawFile();
    box.fyers.fail({ failure: "wrong_shape", endpoint: "validate-refresh-token" });
    const run = await runChecked(box, guard, "refresh.ts");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: FYERS validate-refresh-token answered "ok" without a valid access_token',
    );
    expect(run.stderr).toContain("hint: FYERS may have changed its API");
    expect(await box.rawFile()).toBe(before);
  });

  test("fault: FYERS JSON of the wrong shape (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    const before = ssmSnapshot(fakes.ssm.parameters);
    fakes.fyers.fail({ failure: "wrong_shape", endpoint: "validate-refresh-token" });
    const run = await actionChecked(fakes, guard, {}, Object.values(seeded));
    expect(run.code).toBe(1);
    expect(run.error).toContain('FYERS validate-refresh-token answered "ok" without a valid access_token');
    expect(ssmSnapshot(fakes.ssm.parameters)).toEqual(before);
  });

  test("fault: 11 FYERS 429 (script exchange.ts): no second request within 30s, 'try again in a minute', exit 1", async ({
    box,
    guard,
  }) => {
    box.fyers.fail({ failure: "rate_limit", retryAfterSeconds: 1 });
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], {
      stdin: box.issueAuthCode(),
    });
    expect(run.code).toBe(1);
    expect(
      calls(box.fyers.requests, "validate-authcode"),
      "one request, no retry into the limit",
    ).toHaveLength(1);
    expect(run.stderr).toContain(
      "error: FYERS rate-limited this app; try again in a minute (validate-authcode answered HTTP 429",
    );
    expect(run.stderr).toContain("not waited, since the 30s pause does not fit in this call's 10s deadline");
    expect(run.stderr).toContain("hint: FYERS allows 10 requests/s and 200/min");
    expect(await box.rawFile()).toBeUndefined();
  });

  test("fault: 11 FYERS 429 (action auto): no second request within 30s, nothing stored", async ({
    fakes,
    guard,
  }) => {
    const seeded = seedActionToRefresh(fakes);
    const before = ssmSnapshot(fakes.ssm.parameters);
    fakes.fyers.fail({ failure: "rate_limit", retryAfterSeconds: 1 });
    const run = await actionChecked(fakes, guard, {}, Object.values(seeded));
    expect(run.code).toBe(1);
    expect(calls(fakes.fyers.requests, "validate-refresh-token")).toHaveLength(1);
    expect(run.error).toContain(
      "FYERS rate-limited this app; try again in a minute (validate-refresh-token answered HTTP 429",
    );
    expect(ssmSnapshot(fakes.ssm.parameters)).toEqual(before);
    expectAnnounced(fakes, "FYERS rate-limited this app");
  });

  test("fault: FYERS refuses the refresh (script refresh.ts)", async ({ box, guard }) => {
    await seedFileToRefresh(box);
    const before = await box.rawFile();
    box.fyers.fail({ failure: "refuse_refresh" });
    const run = await runChecked(box, guard, "refresh.ts");
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("error: FYERS refused the refresh (FYERS said -501");
    expect(run.stderr).toContain(`log in again (${LOGIN})`);
    expect(await box.rawFile()).toBe(before);
  });

  test("fault: FYERS refuses the refresh (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    const before = ssmSnapshot(fakes.ssm.parameters);
    fakes.fyers.fail({ failure: "refuse_refresh" });
    const run = await actionChecked(fakes, guard, {}, Object.values(seeded));
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe("login-required");
    expect(run.error).toMatch(/^A FYERS login is required: FYERS refused the refresh/);
    expect(run.error).toContain("Log in: https://github.com/octo/trading/issues/1");
    expect(ssmSnapshot(fakes.ssm.parameters)).toEqual(before);
    expect(openLoginIssues(fakes)).toHaveLength(1);
  });

  test("fault: a used auth code (script exchange.ts)", async ({ box, guard }) => {
    await box.seedIssued();
    const before = await box.rawFile();
    const code = box.issueAuthCode();
    await spend(box, code);
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], { stdin: code });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("error: FYERS refused the auth code (FYERS said -437: invalid auth code)");
    expect(run.stderr).toMatch(/hint: auth codes are single use .*log in again/);
    expect(await box.rawFile()).toBe(before);
  });

  test("fault: an expired auth code (script exchange.ts)", async ({ box, guard }) => {
    await box.seedIssued();
    const before = await box.rawFile();
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], {
      stdin: box.issueAuthCode(-60),
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("error: FYERS refused the auth code (FYERS said -437: auth code expired)");
    expect(await box.rawFile()).toBe(before);
  });

  test("fault: a used auth code (action exchange)", async ({ fakes, guard }) => {
    const { accessToken, refreshToken } = fakes.fyers.issueTokens();
    seedSsm(fakes, { accessToken, refreshToken });
    const before = ssmSnapshot(fakes.ssm.parameters);
    const code = fakes.fyers.issueAuthCode();
    const spent = await fetch(`${fakes.fyers.baseUrl}/validate-authcode`, {
      method: "POST",
      body: JSON.stringify({ grant_type: "authorization_code", appIdHash: fakes.fyers.appIdHash, code }),
    }).then((r) => r.json() as Promise<{ access_token: string; refresh_token: string }>);
    const run = await actionChecked(fakes, guard, { inputs: { mode: "exchange", "auth-code": code } }, [
      code,
      accessToken,
      refreshToken,
      spent.access_token,
      spent.refresh_token,
    ]);
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe("login-required");
    expect(run.error).toContain("A FYERS login is required: FYERS refused the auth code");
    expect(ssmSnapshot(fakes.ssm.parameters)).toEqual(before);
    expect(openLoginIssues(fakes)).toHaveLength(1);
  });

  test("fault: an expired auth code (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    const before = ssmSnapshot(fakes.ssm.parameters);
    const code = fakes.fyers.issueAuthCode({ expSeconds: -60 });
    const run = await actionChecked(fakes, guard, { inputs: { "auth-code": code } }, [
      code,
      ...Object.values(seeded),
    ]);
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe("login-required");
    expect(run.error).toContain("FYERS refused the auth code (FYERS said -437: auth code expired)");
    expect(ssmSnapshot(fakes.ssm.parameters)).toEqual(before);
  });

  test("fault: 401 on profile right after a refresh (script refresh.ts)", async ({ box, guard }) => {
    const refreshToken = await seedFileToRefresh(box);
    const old = (await box.readFile())?.access_token;
    box.fyers.fail({ failure: "profile_401", times: 1 });
    const run = await runChecked(box, guard, "refresh.ts");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "warning: the new access token failed the profile check: FYERS rejected the access token (-16: Could not authenticate the user)",
    );
    expect(run.stdout).toContain("profile: rejected: FYERS rejected the access token");
    const file = await box.readFile();
    expect(file?.access_token, "the issued token is kept").not.toBe(old);
    expect(file?.refresh_token).toBe(refreshToken);
  });

  test("fault: 401 on profile right after a refresh (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    fakes.fyers.fail({ failure: "profile_401", times: 1 });
    const run = await actionChecked(fakes, guard, {}, Object.values(seeded));
    expect(run.code).toBe(0);
    expect(run.outputs.result).toBe("refreshed");
    expect(run.warnings.join("\n")).toContain(
      "The new access token was saved, but the profile check failed: FYERS rejected the access token",
    );
    expect(fakes.ssm.parameters.get(PARAM.accessToken)?.value).not.toBe(seeded.accessToken);
    expect(fakes.ssm.parameters.get(PARAM.refreshToken)?.value).toBe(seeded.refreshToken);
  });
});

describe.concurrent("SSM faults", () => {
  test("fault: SSM throttling (script verify.ts --store ssm)", async ({ box, guard }) => {
    seedBoxSsm(box);
    box.ssm.fail({ failure: "throttle", op: "GetParameters", times: 2 });
    const run = await runChecked(box, guard, "verify.ts", ["--store", "ssm"]);
    expect(run.code, run.stderr).toBe(0);
    expect(
      box.ssm.requests.filter((r) => r.op === "GetParameters"),
      "the SDK retried",
    ).toHaveLength(3);
    expect(run.stdout).toContain("profile: ok (TEST USER)");
  });

  test("fault: SSM throttling (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    fakes.ssm.fail({ failure: "throttle", op: "GetParameters", times: 1 });
    fakes.ssm.fail({ failure: "throttle", op: "PutParameter", times: 2 });
    const run = await actionChecked(fakes, guard, {}, Object.values(seeded));
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.result).toBe("refreshed");
    const stored = fakes.ssm.parameters.get(PARAM.accessToken)?.value;
    expect(stored).not.toBe(seeded.accessToken);
    expect(run.outputs["access-token"]).toBe(stored);
  });

  test("fault: SSM AccessDeniedException on read (script verify.ts --store ssm)", async ({ box, guard }) => {
    seedBoxSsm(box);
    box.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const run = await runChecked(box, guard, "verify.ts", ["--store", "ssm"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: AWS denied ssm:GetParameters on ${PREFIX}/*`);
    expect(run.stderr).toMatch(new RegExp(`hint: grant ssm:GetParameters .*${POLICY}`));
    expect(box.fyers.requests).toHaveLength(0);
  });

  test("fault: SSM AccessDeniedException on read (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    fakes.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const run = await actionChecked(fakes, guard, {}, Object.values(seeded));
    expect(run.code).toBe(1);
    expect(run.error).toContain(`AWS denied ssm:GetParameters on ${PREFIX}/*`);
    expect(run.error).toMatch(new RegExp(`Hint: grant ssm:GetParameters .*${POLICY}`));
    expect(fakes.fyers.requests).toHaveLength(0);
    expectAnnounced(fakes, "AWS denied the SSM access the run needs");
  });

  test("fault: SSM AccessDeniedException on write (script refresh.ts --store ssm)", async ({
    box,
    guard,
  }) => {
    seedBoxSsm(box, makeAccessToken({ expSeconds: -60 }));
    const before = ssmSnapshot(box.ssm.parameters);
    box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await runChecked(box, guard, "refresh.ts", ["--store", "ssm"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: AWS denied ssm:PutParameter on ${PARAM.accessToken}`);
    expect(run.stderr).toMatch(new RegExp(`hint: grant ssm:PutParameter .*${POLICY}`));
    expect(ssmSnapshot(box.ssm.parameters), "the stored refresh token stays in place").toEqual(before);
  });

  test("fault: SSM AccessDeniedException on write after a refresh (action auto)", async ({
    fakes,
    guard,
  }) => {
    const seeded = seedActionToRefresh(fakes);
    const before = ssmSnapshot(fakes.ssm.parameters);
    fakes.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await actionChecked(fakes, guard, {}, Object.values(seeded));
    expect(run.code).toBe(1);
    expect(run.error).toContain(`AWS denied ssm:PutParameter on ${PARAM.accessToken}`);
    expect(run.error).toMatch(new RegExp(`Hint: grant ssm:PutParameter .*${POLICY}`));
    expect(calls(fakes.fyers.requests, "validate-refresh-token")).toHaveLength(1);
    expect(ssmSnapshot(fakes.ssm.parameters), "the old refresh token stays in place").toEqual(before);
    expect(run.outputs.result ?? "").toBe("");
  });

  test("fault: SSM ParameterNotFound on a first run (script verify.ts --store ssm)", async ({
    box,
    guard,
  }) => {
    const run = await runChecked(box, guard, "verify.ts", ["--store", "ssm"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/access_token +missing/);
    expect(run.stderr).toContain(`log in (${LOGIN} --store ssm)`);
  });

  test("fault: SSM ParameterNotFound on a first run (script refresh.ts --store ssm)", async ({
    box,
    guard,
  }) => {
    const run = await runChecked(box, guard, "refresh.ts", ["--store", "ssm"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`error: no refresh token is stored in ${PREFIX}`);
    expect(run.stderr).toContain(`hint: log in: ${LOGIN} --store ssm`);
    expect(box.fyers.requests).toHaveLength(0);
    expect(box.ssm.parameters.size).toBe(0);
  });

  test("fault: SSM ParameterNotFound on a first run (script manual-token-generator.ts --refresh)", async ({
    box,
    guard,
  }) => {
    const run = await runChecked(box, guard, "manual-token-generator.ts", ["--refresh"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`error: no refresh token is stored in ${PREFIX}`);
    expect(run.stderr).toContain(`hint: log in: ${LOGIN} --store ssm`);
    expect(box.fyers.requests).toHaveLength(0);
  });

  test("fault: SSM ParameterNotFound on a first run (script get-parameters.ts)", async ({ box, guard }) => {
    const run = await runChecked(box, guard, "get-parameters.ts");
    expect(run.code).toBe(0);
    expect(run.stdout.match(/\(not found\)/g)).toHaveLength(3);
    expect(run.stderr).toContain(`warning: not found in SSM: ${PARAM.clientId}`);
    expect(run.stderr).toContain(`nothing stored yet: log in (${LOGIN} --store ssm)`);
  });

  test("fault: SSM ParameterNotFound on a first run (action auto)", async ({ fakes, guard }) => {
    const run = await actionChecked(fakes, guard);
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe("login-required");
    expect(run.error).toMatch(/^A FYERS login is required: no refresh token is stored/);
    expect(run.error).toContain("Log in: https://github.com/octo/trading/issues/1");
    expect(openLoginIssues(fakes)[0]?.body).toContain(`${fakes.fyers.baseUrl}/generate-authcode?client_id=`);
    expect(fakes.fyers.requests).toHaveLength(0);
    expect(ssmSnapshot(fakes.ssm.parameters), "no token written").toEqual({});
  });

  test("fault: SSM KMS failure on write (script put-parameters.ts)", async ({ box, guard }) => {
    await box.seedIssued();
    box.ssm.fail({ failure: "kms", op: "PutParameter" });
    const run = await runChecked(box, guard, "put-parameters.ts");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: AWS KMS refused ssm:PutParameter on ${PARAM.clientId} (InvalidKeyId)`,
    );
    expect(run.stderr).toContain("hint: check the KMS key exists and allows kms:Encrypt/kms:Decrypt");
    expect(box.ssm.parameters.size).toBe(0);
  });

  test("fault: 9 put-parameters.ts --app-secret - with SSM denying {prefix}/app_secret names the action and the parameter", async ({
    box,
    guard,
  }) => {
    box.ssm.fail({ failure: "access_denied", op: "PutParameter", name: `${PREFIX}/app_secret` });
    const run = await runChecked(box, guard, "put-parameters.ts", ["--app-secret", "-"], {
      stdin: `${box.fyers.appSecret}\n`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: AWS denied ssm:PutParameter on ${PREFIX}/app_secret`);
    expect(run.stderr).toMatch(
      /hint: grant ssm:PutParameter on \S+app_secret to the user running put-parameters\.ts/,
    );
    expect(box.ssm.parameters.has(`${PREFIX}/app_secret`)).toBe(false);
  });

  test("fault: SSM KMS failure on read (action auto)", async ({ fakes, guard }) => {
    const seeded = seedActionToRefresh(fakes);
    fakes.ssm.fail({ failure: "kms" });
    const run = await actionChecked(
      fakes,
      guard,
      { inputs: { "kms-key-id": "alias/fyers" } },
      Object.values(seeded),
    );
    expect(run.code).toBe(1);
    expect(run.error).toContain(`AWS KMS refused ssm:GetParameters on ${PREFIX}/* (InvalidKeyId)`);
    expect(run.error).toContain("Hint: check the KMS key alias/fyers exists");
    expect(fakes.fyers.requests).toHaveLength(0);
  });

  test("fault: SSM write fails half-way (script exchange.ts --store ssm, then put-parameters.ts repairs)", async ({
    box,
    guard,
  }) => {
    const old = seedBoxSsm(box);
    box.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAM.accessToken, times: 1 });
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-", "--store", "ssm"], {
      stdin: box.issueAuthCode(),
    });
    expect(run.code).toBe(1);
    const file = await box.readFile();
    expect(run.stderr).toContain(
      `error: AWS denied ssm:PutParameter on ${PARAM.accessToken} (already written: ${PARAM.refreshToken}); SSM holds the new refresh token but not the new access token; the new tokens are saved in file:${box.tokenFile}`,
    );
    expect(run.stderr).toContain(`then copy them to SSM with ${script("put-parameters.ts")}`);
    // Half-way: the new refresh token is in SSM beside the old access token; both still work.
    expect(box.ssmValue("refresh_token")).toBe(file?.refresh_token);
    expect(box.ssmValue("access_token")).toBe(old.accessToken);

    const repair = await runChecked(box, guard, "put-parameters.ts");
    expect(repair.code, repair.stderr).toBe(0);
    expect(box.ssmValue("access_token")).toBe(file?.access_token);
    expect(box.ssmValue("refresh_token")).toBe(file?.refresh_token);
    expect(repair.stdout).toContain("profile: ok (TEST USER)");
  });

  test("fault: SSM write fails half-way (action exchange, then the next run repairs)", async ({
    fakes,
    guard,
  }) => {
    const old = seedActionToRefresh(fakes);
    const code = fakes.fyers.issueAuthCode();
    fakes.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAM.accessToken, times: 1 });
    const first = await actionChecked(fakes, guard, { inputs: { "auth-code": code } }, [
      code,
      ...Object.values(old),
    ]);
    expect(first.code).toBe(1);
    expect(first.error).toContain(
      `AWS denied ssm:PutParameter on ${PARAM.accessToken} (already written: ${PARAM.refreshToken})`,
    );
    const newRefresh = fakes.ssm.parameters.get(PARAM.refreshToken)?.value;
    expect(newRefresh, "the new refresh token was written").not.toBe(old.refreshToken);
    expect(fakes.ssm.parameters.get(PARAM.accessToken)?.value).toBe(old.accessToken);

    const next = await actionChecked(fakes, guard, {}, [code, ...Object.values(old)]);
    expect(next.code, next.stdout).toBe(0);
    expect(next.outputs.result).toBe("refreshed");
    expect(fakes.ssm.parameters.get(PARAM.refreshToken)?.value).toBe(newRefresh);
    expect(fakes.ssm.parameters.get(PARAM.accessToken)?.value).toBe(next.outputs["access-token"]);
  });
});

describe.concurrent("file store faults", () => {
  test("fault: a token file of broken JSON (script refresh.ts)", async ({ box, guard }) => {
    await box.seedFile('{"refresh_token": "eyJ');
    const run = await runChecked(box, guard, "refresh.ts");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: the token file ${box.tokenFile} is not valid JSON; it was left untouched`,
    );
    expect(run.stderr).toContain("hint: fix it, or move it away and log in again");
    expect(await box.rawFile()).toBe('{"refresh_token": "eyJ');
    expect(box.fyers.requests).toHaveLength(0);
  });

  test("fault: a token file of broken JSON (script exchange.ts)", async ({ box, guard }) => {
    await box.seedFile("{not json");
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], {
      stdin: box.issueAuthCode(),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: the token file ${box.tokenFile} is not valid JSON; it was left untouched`,
    );
    expect(await box.rawFile()).toBe("{not json");
    expect(calls(box.fyers.requests, "validate-authcode"), "the single-use code is not spent").toHaveLength(
      0,
    );
  });

  test.skipIf(permissionsUnsupported)(
    "fault: an unreadable token file (script verify.ts)",
    async ({ box, guard }) => {
      await box.seedIssued();
      const before = await box.rawFile();
      const unreadable = await makeUnreadable(box.dir, box.tokenFile);
      const run = await runChecked(box, guard, "verify.ts", [], unreadable.options);
      await unreadable.undo();
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: could not read the token file ${box.tokenFile} (EACCES)`);
      expect(run.stderr).toContain(`hint: check the permissions of ${box.tokenFile} and its folder`);
      expect(await box.rawFile()).toBe(before);
      expect(box.fyers.requests).toHaveLength(0);
    },
  );

  test.skipIf(permissionsUnsupported)(
    "fault: an unreadable token file (script exchange.ts)",
    async ({ box, guard }) => {
      await box.seedIssued();
      const before = await box.rawFile();
      const unreadable = await makeUnreadable(box.dir, box.tokenFile);
      const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], {
        ...unreadable.options,
        stdin: box.issueAuthCode(),
      });
      await unreadable.undo();
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: could not read the token file ${box.tokenFile} (EACCES)`);
      expect(calls(box.fyers.requests, "validate-authcode"), "the single-use code is not spent").toHaveLength(
        0,
      );
      expect(await box.rawFile()).toBe(before);
    },
  );

  test.skipIf(permissionsUnsupported)(
    "fault: 17 an unreadable token file, with the scripts in a mode-0700 folder (a clone in root's home), as root too",
    async ({ box, guard }) => {
      const clone = await privateCopyOfScripts(box.dir);
      await box.seedIssued();
      const unreadable = await makeUnreadable(box.dir, box.tokenFile);
      const run = await runTsx(join(clone, "packages/scripts/verify.ts"), [], {
        cwd: box.dir,
        env: box.env,
        ...(unreadable.options.uid === undefined ? {} : { uid: unreadable.options.uid }),
        ...(unreadable.options.withoutCapabilities ? { withoutCapabilities: true } : {}),
      });
      await unreadable.undo();
      const hits = guard.scan(
        [
          { where: "stderr of verify.ts", text: run.stderr },
          { where: "stdout of verify.ts", text: run.stdout },
        ],
        box.secrets,
      );
      expect(hits).toEqual([]);
      expect(run.stderr).toContain(`error: could not read the token file ${box.tokenFile} (EACCES)`);
      expect(run.code, run.stderr).toBe(1);
      expect(box.fyers.requests).toHaveLength(0);
    },
  );

  test.skipIf(permissionsUnsupported)(
    "fault: a read-only token folder (script refresh.ts)",
    async ({ box, guard, skip }) => {
      const refreshToken = await seedFileToRefresh(box);
      const before = await box.rawFile();
      const frozen = await makeReadOnly(box.dir);
      if ("reason" in frozen) return skip(frozen.reason);
      try {
        const run = await runChecked(box, guard, "refresh.ts");
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          new RegExp(
            `error: cannot write the token file ${box.tokenFile}: its folder ${box.dir} is not writable \\((EPERM|EACCES)\\); the new access token was not stored`,
          ),
        );
        expect(run.stderr).toContain(`hint: make ${box.dir} writable`);
        expect(await box.rawFile(), "the old refresh token stays in place").toBe(before);
        expect((await box.readFile())?.refresh_token).toBe(refreshToken);
      } finally {
        await frozen.undo();
      }
    },
  );

  test("fault: five processes writing the token file at once (core file store)", async ({ box }) => {
    await box.seedFile({
      client_id: box.fyers.clientId,
      refresh_token: "refresh-seed",
      access_token: "access-seed",
    });
    const writer = join(import.meta.dirname, "faults/writer.ts");
    const startAt = Date.now() + 2000; // every process loaded and waiting by then
    const runs = await Promise.all(
      [0, 1, 2, 3, 4].map((id) =>
        runTsx(writer, [box.tokenFile, String(id), "12", String(startAt)], {
          cwd: box.dir,
          env: { PATH: process.env.PATH ?? "", HOME: box.dir },
        }),
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const written = runs.flatMap((run) =>
      run.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { accessToken: string; refreshToken?: string }),
    );
    expect(written).toHaveLength(60);
    const raw = (await box.rawFile()) ?? "";
    const file = JSON.parse(raw) as Record<string, string>; // valid JSON, never half-written
    // Writer 0 stored a new refresh token first; a write from a stale read would bring the seed back.
    expect(file.refresh_token, "the refresh token is never lost").toBe("refresh-rotated");
    expect(written.map((w) => w.accessToken)).toContain(file.access_token);
    expect(file.client_id).toBe(box.fyers.clientId);
    expect(await readdir(box.dir), "no temp file or lock left behind").toEqual(["fyers_tokens.json"]);
  });
});

describe.concurrent("ordering: FYERS issued tokens, then storage failed", () => {
  test("fault: SSM put denied after an exchange (action exchange)", async ({ fakes, guard }) => {
    const old = seedActionToRefresh(fakes);
    const before = ssmSnapshot(fakes.ssm.parameters);
    const code = fakes.fyers.issueAuthCode();
    fakes.ssm.fail({ failure: "access_denied", op: "PutParameter", times: 1 });
    const run = await actionChecked(fakes, guard, { inputs: { mode: "exchange", "auth-code": code } }, [
      code,
      ...Object.values(old),
    ]);
    expect(run.code).toBe(1);
    expect(calls(fakes.fyers.requests, "validate-authcode")).toHaveLength(1);
    expect(run.error).toContain(`AWS denied ssm:PutParameter on ${PARAM.refreshToken}`);
    expect(run.error).toContain("the new tokens were not saved anywhere, and the auth code is used up");
    expect(run.error).toMatch(new RegExp(`Hint: grant ssm:PutParameter .*${POLICY}.*; then log in again`));
    expect(ssmSnapshot(fakes.ssm.parameters), "what was stored before is kept").toEqual(before);

    // The old refresh token still works: the next scheduled run refreshes with it.
    const next = await actionChecked(fakes, guard, {}, [code, ...Object.values(old)]);
    expect(next.code, next.stdout).toBe(0);
    expect(next.outputs.result).toBe("refreshed");
    expect(fakes.ssm.parameters.get(PARAM.refreshToken)?.value).toBe(old.refreshToken);
  });

  test("fault: SSM put denied after an exchange (script exchange.ts --store ssm)", async ({ box, guard }) => {
    const old = seedBoxSsm(box);
    const before = ssmSnapshot(box.ssm.parameters);
    box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], {
      stdin: box.issueAuthCode(),
      env: { FYERS_STORE: "ssm" },
    });
    expect(run.code).toBe(1);
    const file = await box.readFile();
    expect(file?.refresh_token, "the new tokens are in the file").toBeDefined();
    expect(file?.refresh_token).not.toBe(old.refreshToken);
    expect(run.stderr).toContain(
      `error: AWS denied ssm:PutParameter on ${PARAM.refreshToken}; the new tokens are saved in file:${box.tokenFile}`,
    );
    expect(run.stderr).toMatch(new RegExp(`hint: grant ssm:PutParameter .*${POLICY}.*put-parameters\\.ts`));
    expect(ssmSnapshot(box.ssm.parameters), "the old refresh token stays in SSM").toEqual(before);
  });

  test.skipIf(permissionsUnsupported)(
    "fault: 1 exchange.ts --store ssm with a read-only token folder: found before the code is spent, nothing stored",
    async ({ box, guard, skip }) => {
      const old = seedBoxSsm(box);
      const ssmBefore = ssmSnapshot(box.ssm.parameters);
      await box.seedIssued();
      const before = await box.rawFile();
      const frozen = await makeReadOnly(box.dir);
      if ("reason" in frozen) return skip(frozen.reason);
      try {
        const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-", "--store", "ssm"], {
          stdin: box.issueAuthCode(),
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(
          `error: cannot write the token file ${box.tokenFile}: its folder ${box.dir} is not writable`,
        );
        expect(
          calls(box.fyers.requests, "validate-authcode"),
          "the single-use code is not spent",
        ).toHaveLength(0);
        expect(await box.rawFile(), "the old tokens stay in place").toBe(before);
        expect(ssmSnapshot(box.ssm.parameters), "SSM keeps the old pair").toEqual(ssmBefore);
        expect(box.ssmValue("refresh_token")).toBe(old.refreshToken);
      } finally {
        await frozen.undo();
      }
    },
  );

  test("fault: 1 login.ts --store ssm with a held lock on the token file says a lock is held, before the login URL", async ({
    box,
    guard,
  }) => {
    await box.seedIssued();
    // Another process's lock, kept fresh as its holder would (an old one counts as stale).
    await mkdir(`${box.tokenFile}.lock`);
    const holder = setInterval(() => utimes(`${box.tokenFile}.lock`, new Date(), new Date()), 1000);
    const run = await runChecked(box, guard, "login.ts", ["--store", "ssm"], {
      stdin: "",
      env: { FYERS_LOCK_WAIT: "300ms" }, // not the 5 s a person's run waits for the holder
    }).finally(() => clearInterval(holder));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: could not lock the token file ${box.tokenFile}: another process holds the lock ${box.tokenFile}.lock`,
    );
    expect(run.stderr).not.toContain("set FYERS_TOKEN_FILE");
    expect(run.stdout, "no login URL: the person is not sent to log in for nothing").toBe("");
    expect(box.fyers.requests).toHaveLength(0);
  });

  test("fault: 1 exchange.ts --store ssm --json with SSM refusing the write: the file holds the tokens, --json carries them", async ({
    box,
    guard,
  }) => {
    seedBoxSsm(box);
    const before = ssmSnapshot(box.ssm.parameters);
    box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await runChecked(
      box,
      guard,
      "exchange.ts",
      ["--auth-code", "-", "--store", "ssm", "--json"],
      {
        stdin: box.issueAuthCode(),
        revealsOnStdout: true,
      },
    );
    expect(run.code).toBe(1);
    const file = await box.readFile();
    expect(run.stderr).toContain(`the new tokens are saved in file:${box.tokenFile}`);
    const json = JSON.parse(run.stdout) as {
      error: { saved_to: string[] };
      issued: { access_token: string; refresh_token: string };
    };
    expect(json.error.saved_to).toEqual([`file:${box.tokenFile}`]);
    expect(json.issued).toEqual({ access_token: file?.access_token, refresh_token: file?.refresh_token });
    expect(ssmSnapshot(box.ssm.parameters)).toEqual(before);
  });

  test("fault: 2 refresh.ts --store ssm with SSM refusing the write keeps the new token in the file", async ({
    box,
    guard,
  }) => {
    seedBoxSsm(box, makeAccessToken({ expSeconds: -60 }));
    const before = ssmSnapshot(box.ssm.parameters);
    box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await runChecked(box, guard, "refresh.ts", ["--store", "ssm"]);
    expect(run.code).toBe(1);
    expect(calls(box.fyers.requests, "validate-refresh-token")).toHaveLength(1);
    const file = await box.readFile();
    expect(file?.access_token, "the new access token is in the file").toBeDefined();
    expect(await isLive(box, file?.access_token ?? ""), "and FYERS accepts it").toBe(true);
    expect(run.stderr).toContain(`error: AWS denied ssm:PutParameter on ${PARAM.accessToken}`);
    expect(run.stderr).toContain(`is saved in file:${box.tokenFile} instead`);
    expect(run.stderr).toMatch(/hint: .*put-parameters\.ts/);
    expect(ssmSnapshot(box.ssm.parameters)).toEqual(before);

    // The recovery the hint names: copy the file to SSM.
    box.ssm.clearFailures();
    const repair = await runChecked(box, guard, "put-parameters.ts");
    expect(repair.code, repair.stderr).toBe(0);
    expect(box.ssmValue("access_token")).toBe(file?.access_token);
  });

  test("fault: 2 manual-token-generator.ts --refresh with SSM refusing the write keeps the new token in the file", async ({
    box,
    guard,
  }) => {
    seedBoxSsm(box, makeAccessToken({ expSeconds: -60 }));
    box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await runChecked(box, guard, "manual-token-generator.ts", ["--refresh"]);
    expect(run.code).toBe(1);
    const file = await box.readFile();
    expect(await isLive(box, file?.access_token ?? "")).toBe(true);
    expect(run.stderr).toContain(`is saved in file:${box.tokenFile} instead`);
  });

  test.skipIf(permissionsUnsupported)(
    "fault: 2 refresh.ts --store ssm --json with SSM and the token folder both refusing: --json carries the issued token",
    async ({ box, guard, skip }) => {
      seedBoxSsm(box, makeAccessToken({ expSeconds: -60 }));
      box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
      const frozen = await makeReadOnly(box.dir);
      if ("reason" in frozen) return skip(frozen.reason);
      let run: Awaited<ReturnType<typeof runChecked>>;
      try {
        run = await runChecked(box, guard, "refresh.ts", ["--store", "ssm", "--json"], {
          revealsOnStdout: true,
        });
      } finally {
        await frozen.undo();
      }
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("the new access token was not stored");
      const json = JSON.parse(run.stdout) as { issued: { access_token: string } };
      expect(await isLive(box, json.issued.access_token), "the token FYERS issued, to recover").toBe(true);
      expect(await box.rawFile()).toBeUndefined();
    },
  );

  test("fault: 12 refresh.ts with the profile check failing 5xx right after the refresh: stored, exit 0, a warning", async ({
    box,
    guard,
  }) => {
    const refreshToken = await seedFileToRefresh(box);
    box.fyers.fail({ failure: "server_error_html", endpoint: "profile" });
    const run = await runChecked(box, guard, "refresh.ts", [], { env: TIMEOUT });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "warning: the new access token is stored, but the profile check could not run",
    );
    box.fyers.clearFailures();
    const file = await box.readFile();
    expect(await isLive(box, file?.access_token ?? "")).toBe(true);
    expect(file?.refresh_token).toBe(refreshToken);
  });
});

/** True when FYERS (the fake) accepts the access token: one profile call, recorded like any other. */
async function isLive(box: Sandbox, accessToken: string): Promise<boolean> {
  const answer = await fetch(`${box.fyers.baseUrl}/profile`, {
    headers: { authorization: `${box.fyers.clientId}:${accessToken}` },
  });
  return answer.status === 200;
}

/** Starts login.ts on a loopback redirect; returns it with the login URL it printed. */
async function startLogin(
  box: Sandbox,
  guard: LeakGuard,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  const redirectUri = `http://127.0.0.1:${await freePort()}/fyers/callback`;
  const login = startChecked(box, guard, "login.ts", args, {
    env: { FYERS_REDIRECT_URI: redirectUri, ...env },
  });
  const url = new URL(await login.firstLine);
  return { login, url, redirectUri, state: url.searchParams.get("state") ?? "" };
}

/** A stand-in for FYERS that refuses every auth code and echoes it in its message, as a careless API might. */
async function startEchoingFyers(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      const code = (JSON.parse(body || "{}") as { code?: string }).code ?? "";
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ s: "error", code: -437, message: `invalid auth code ${code}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v3`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.concurrent("login.ts: the loopback and the browser", () => {
  test("fault: 15 a stray request to the loopback (another state, no state, a favicon) gets an error page and the wait goes on", async ({
    box,
    guard,
  }) => {
    const { login, url, redirectUri } = await startLogin(box, guard);
    const staleCode = box.issueAuthCode();
    const stale = await fetch(`${redirectUri}?s=ok&code=200&auth_code=${staleCode}&state=an-older-login`);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain("login.ts is still waiting");
    const bare = await fetch(redirectUri);
    expect(bare.status).toBe(400);
    expect((await fetch(new URL("/favicon.ico", redirectUri))).status).toBe(404);
    const browser = await fetch(url); // the fake FYERS logs in and redirects to the loopback
    expect(browser.status).toBe(200);
    expect(await browser.text()).toContain("You can close this tab.");
    const run = await login.checked;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning: ignored a request to the redirect: its state is not this login's");
    expect(run.stderr).toContain("warning: ignored a request to the redirect: it carries no state");
    const exchanges = calls(box.fyers.requests, "validate-authcode");
    expect(exchanges, "only this login's code is spent").toHaveLength(1);
    expect((exchanges[0]?.body as { code?: string } | undefined)?.code).not.toBe(staleCode);
    expect((await box.readFile())?.access_token).toBeDefined();
  });

  test("fault: 7 login.ts shows the browser scrubbed text when FYERS echoes the auth code", async ({
    box,
    guard,
  }) => {
    const fyers = await startEchoingFyers();
    try {
      const { login, redirectUri, state } = await startLogin(box, guard, [], { FYERS_API_URL: fyers.url });
      const code = box.issueAuthCode();
      const browser = await fetch(`${redirectUri}?s=ok&code=200&auth_code=${code}&state=${state}`);
      const page = await browser.text();
      const run = await login.checked;
      expect(run.code).toBe(3);
      expect(browser.status).toBe(400);
      expect(page).toContain("FYERS refused the auth code");
      expect(findSecrets(page, [code, ...box.secrets]), "the page shows no secret").toEqual([]);
      guard.scan([{ where: "the browser page", text: page }], [code, ...box.secrets]);
    } finally {
      await fyers.close();
    }
  });

  test.skipIf(process.platform !== "linux")(
    "fault: 7 login.ts --open starts the browser with a minimal environment (no FYERS_*, no AWS_*)",
    async ({ box, guard }) => {
      const bin = join(box.dir, "bin");
      const seen = join(box.dir, "browser-env");
      await mkdir(bin);
      // The desktop's opener, replaced: it records the environment it was given.
      await writeFile(
        join(bin, "xdg-open"),
        `#!/bin/sh\nenv > "${seen}.tmp" && mv "${seen}.tmp" "${seen}"\n`,
        {
          mode: 0o755,
        },
      );
      const { login, url } = await startLogin(box, guard, ["--open"], {
        PATH: `${bin}:${process.env.PATH ?? ""}`,
        DISPLAY: ":0",
        LANG: "C.UTF-8",
        XDG_RUNTIME_DIR: box.dir,
      });
      const env = await waitForFile(seen);
      await fetch(url);
      expect((await login.checked).code).toBe(0);
      const names = env.split("\n").map((line) => line.split("=")[0]);
      expect(names).toEqual(expect.arrayContaining(["PATH", "HOME", "DISPLAY", "LANG", "XDG_RUNTIME_DIR"]));
      expect(names.filter((name) => /^(FYERS|AWS)_/.test(name ?? ""))).toEqual([]);
      expect(findSecrets(env, box.secrets), "no secret in the browser's environment").toEqual([]);
      guard.scan([{ where: "the browser's environment", text: env }], box.secrets);
    },
  );
});

/** The file's text once it exists (a detached child writes it), within 10 s. */
async function waitForFile(path: string): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text !== undefined) return text;
    await delay(50);
  }
  throw new Error(`${path} did not appear within 10s`);
}

/**
 * The scripts as a clone under a folder only its owner may enter (mode 0700, as root's home):
 * their sources copied there, node_modules linked to the checkout's. Returns the clone's root.
 */
async function privateCopyOfScripts(dir: string): Promise<string> {
  const home = join(dir, "home");
  await mkdir(home, { mode: 0o700 });
  const clone = join(home, "clone");
  for (const path of ["package.json", "tsconfig.base.json", "packages/scripts"]) {
    await cp(join(REPO, path), join(clone, path), {
      recursive: true,
      filter: (source) =>
        !relative(REPO, source)
          .split(sep)
          .some((part) => part === "test" || part === "node_modules"),
    });
  }
  await symlink(join(REPO, "node_modules"), join(clone, "node_modules"));
  return clone;
}
