import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type FyersFake,
  makeAccessToken,
  makeRefreshToken,
  type SsmFake,
  startFyersFake,
  startSsmFake,
} from "@fyers-token/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFyersClient, type FyersClient } from "../src/fyers/client.js";
import { buildLoginUrl } from "../src/fyers/login-url.js";
import { auto } from "../src/lifecycle/auto.js";
import { exchange } from "../src/lifecycle/exchange.js";
import { plan } from "../src/lifecycle/plan.js";
import { readAccessToken } from "../src/lifecycle/reader.js";
import { refresh } from "../src/lifecycle/refresh.js";
import { verify } from "../src/lifecycle/verify.js";
import { createFileStore } from "../src/store/file.js";
import type { TokenStore } from "../src/store/port.js";
import { createSsmStore } from "../src/store/ssm.js";
import { isoUtc, nextRollover } from "../src/time.js";
import { sdkTestConfig } from "./aws.js";
import { failure } from "./failure.js";

let fyers: FyersFake;
let ssm: SsmFake;
let dir: string;
let file: TokenStore;
let client: FyersClient;
let creds: { clientId: string; appSecret: string };

beforeAll(async () => {
  [fyers, ssm] = await Promise.all([startFyersFake(), startSsmFake()]);
  dir = await mkdtemp(join(tmpdir(), "fyers-lifecycle-"));
  creds = { clientId: fyers.clientId, appSecret: fyers.appSecret };
});
afterAll(async () => {
  await Promise.all([fyers.close(), ssm.close(), rm(dir, { recursive: true, force: true })]);
});
beforeEach(async () => {
  fyers.clearFailures();
  fyers.requests.length = 0;
  ssm.clearFailures();
  ssm.parameters.clear();
  ssm.requests.length = 0;
  file = createFileStore({ path: join(dir, `${Math.random().toString(36).slice(2)}.json`) });
  client = createFyersClient({
    apiUrl: fyers.baseUrl,
    clientId: fyers.clientId,
    baseDelayMs: 5,
    timeoutMs: 3000,
  });
});

const ssmStore = () => createSsmStore({ clientConfig: sdkTestConfig(ssm.endpoint) });
const rollover = () => isoUtc(nextRollover(Date.now()));
async function storeIssued(store: TokenStore) {
  const tokens = fyers.issueTokens();
  await store.write({ clientId: fyers.clientId, ...tokens });
  return tokens;
}

describe("exchange", () => {
  it("saves both tokens to every store in order, the client id included", async () => {
    const result = await exchange(
      { client, stores: [file, ssmStore()] },
      { ...creds, authCode: fyers.issueAuthCode() },
    );
    expect(result.action).toBe("exchanged");
    expect(result.saved_to).toEqual([`file:${file.location}`, "ssm:/stock-pipeline/fyers"]);
    expect(result.access_token).toMatchObject({ status: "valid", expires_at: rollover() });
    expect(result.refresh_token.status).toBe("valid");
    expect(result.requests).toBe(1);
    expect(await file.read()).toMatchObject({ clientId: fyers.clientId, ...result.tokens });
    expect(await ssmStore().read()).toEqual({ clientId: fyers.clientId, ...result.tokens });
  });

  it("accepts the whole redirect URL, and checks its state", async () => {
    const { url, state } = buildLoginUrl({
      apiUrl: fyers.baseUrl,
      clientId: fyers.clientId,
      redirectUri: "https://r.test/cb",
    });
    const redirect = (await fetch(url, { redirect: "manual" })).headers.get("location") ?? "";
    const result = await exchange(
      { client, stores: [file] },
      { ...creds, authCode: redirect, expectedState: state },
    );
    expect(result.action).toBe("exchanged");
  });

  it("a wrong state: nothing sent, nothing saved", async () => {
    const redirect = `https://r.test/cb?s=ok&code=200&auth_code=${fyers.issueAuthCode()}&state=forged`;
    const error = await failure(
      exchange({ client, stores: [file] }, { ...creds, authCode: redirect, expectedState: "mine" }),
    );
    expect(error.code).toBe("state_mismatch");
    expect(fyers.requests).toHaveLength(0);
    expect(await file.read()).toEqual({});
  });

  it("SSM unreachable after the file: fails loudly and says the tokens are safe in the file", async () => {
    ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const error = await failure(
      exchange({ client, stores: [file, ssmStore()] }, { ...creds, authCode: fyers.issueAuthCode() }),
    );
    expect(error.code).toBe("store_failed");
    expect(error.message).toContain(`the new tokens are saved in file:${file.location}`);
    expect(error.hint).toContain("put-parameters.ts");
    expect((await file.read()).refreshToken).toBeTruthy();
  });

  it("a broken first store: refused before the single-use code is spent", async () => {
    const broken = createFileStore({ path: join(dir, "broken.json") });
    await (await import("node:fs/promises")).writeFile(broken.location, "{not json");
    const error = await failure(
      exchange({ client, stores: [broken] }, { ...creds, authCode: fyers.issueAuthCode() }),
    );
    expect(error.code).toBe("store_corrupt");
    expect(fyers.requests).toHaveLength(0);
  });

  it("the first store failing after FYERS issued tokens: says they were saved nowhere", async () => {
    ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const error = await failure(
      exchange({ client, stores: [ssmStore()] }, { ...creds, authCode: fyers.issueAuthCode() }),
    );
    expect(error.message).toContain("the new tokens were not saved anywhere, and the auth code is used up");
    expect(error.hint).toMatch(/log in again and use the new auth code$/);
  });

  it("a store that cannot be written (a held lock): refused before the code is spent", async () => {
    vi.stubEnv("FYERS_LOCK_WAIT", "300ms"); // not the 5 s a person's run waits for the holder
    await mkdir(`${file.location}.lock`); // proper-lockfile's lock: a fresh folder is a held lock
    const error = await failure(
      exchange({ client, stores: [file, ssmStore()] }, { ...creds, authCode: fyers.issueAuthCode() }),
    );
    expect(error.code).toBe("store_failed");
    expect(error.message).toBe(
      `could not lock the token file ${file.location}: another process holds the lock ${file.location}.lock`,
    );
    expect(error.hint).not.toContain("FYERS_TOKEN_FILE");
    expect(fyers.requests).toHaveLength(0);
  }, 15_000);

  it("every store is written even after one fails, and the error says which holds the tokens", async () => {
    ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const error = await failure(
      exchange({ client, stores: [ssmStore(), file] }, { ...creds, authCode: fyers.issueAuthCode() }),
    );
    const stored = await file.read();
    expect(error.message).toContain(`; the new tokens are saved in file:${file.location}`);
    expect(error.message).not.toContain("not saved anywhere");
    expect(error.savedTo).toEqual([`file:${file.location}`]);
    expect(error.issued).toEqual({ accessToken: stored.accessToken, refreshToken: stored.refreshToken });
    // The tokens ride on the error for --json recovery, but no serializer sees them.
    expect(Object.keys(error)).not.toContain("issued");
    expect(JSON.stringify(error)).not.toContain(stored.accessToken);
  });

  it("a partial SSM write says which new token SSM holds", async () => {
    ssm.fail({ failure: "internal", op: "PutParameter", name: "/stock-pipeline/fyers/access_token" });
    const error = await failure(
      exchange({ client, stores: [ssmStore()] }, { ...creds, authCode: fyers.issueAuthCode() }),
    );
    expect(error.message).toContain("SSM holds the new refresh token but not the new access token");
    expect(error.message).toContain("the new tokens are saved in ssm:/stock-pipeline/fyers/refresh_token");
    expect(error.message).not.toContain("not saved anywhere");
  });

  it("an SSM exchange reads SSM once: the pre-spend read is what the write compares with", async () => {
    await exchange({ client, stores: [file, ssmStore()] }, { ...creds, authCode: fyers.issueAuthCode() });
    expect(ssm.requests.map((r) => r.op)).toEqual([
      "GetParameters",
      "PutParameter",
      "PutParameter",
      "PutParameter",
    ]);
  });

  it("a used code: login_required and the store unchanged", async () => {
    const code = fyers.issueAuthCode();
    await exchange({ client, stores: [file] }, { ...creds, authCode: code });
    const before = await file.read();
    const error = await failure(exchange({ client, stores: [file] }, { ...creds, authCode: code }));
    expect(error.code).toBe("login_required");
    expect(await file.read()).toEqual(before);
  });
});

describe("refresh", () => {
  it("stores a new access token, keeps the refresh token, checks the profile", async () => {
    const old = await storeIssued(file);
    const result = await refresh({ client, store: file }, { ...creds, pin: fyers.pin });
    expect(result.action).toBe("refreshed");
    expect(result.accessToken).not.toBe(old.accessToken);
    expect(result.refresh_token_rotated).toBe(false);
    expect(result.profile).toEqual({ ok: true, checked: true, name: "TEST USER" });
    expect(result.requests).toBe(2);
    expect(await file.read()).toMatchObject({
      accessToken: result.accessToken,
      refreshToken: old.refreshToken,
    });
  });

  it("no refresh token stored: login_required without calling FYERS", async () => {
    const error = await failure(refresh({ client, store: file }, { ...creds, pin: fyers.pin }));
    expect(error.code).toBe("login_required");
    expect(error.message).toContain("no refresh token is stored");
    expect(fyers.requests).toHaveLength(0);
  });

  it("an expired refresh token: login_required without calling FYERS", async () => {
    await file.write({ clientId: fyers.clientId, refreshToken: makeRefreshToken({ expSeconds: -60 }) });
    const error = await failure(refresh({ client, store: file }, { ...creds, pin: fyers.pin }));
    expect(error.message).toMatch(/refresh token expired at \d{4}-\d\d-\d\d \d\d:\d\d IST/);
    expect(fyers.requests).toHaveLength(0);
  });

  it("a refused refresh: login_required and the store unchanged", async () => {
    await storeIssued(file);
    const before = await readFile(file.location, "utf8");
    fyers.fail({ failure: "refuse_refresh" });
    const error = await failure(refresh({ client, store: file }, { ...creds, pin: fyers.pin }));
    expect(error.code).toBe("login_required");
    expect(await readFile(file.location, "utf8")).toBe(before);
  });

  it("401 on profile right after a refresh: stored, and reported as not valid", async () => {
    await storeIssued(file);
    fyers.fail({ failure: "profile_401" });
    const result = await refresh({ client, store: file }, { ...creds, pin: fyers.pin });
    expect(result.profile.ok).toBe(false);
    expect((await file.read()).accessToken).toBe(result.accessToken);
  });
});

describe("refresh: the new token is never lost", () => {
  it("the store refuses the write: the fallback keeps it, and the error says where", async () => {
    const store = ssmStore();
    await storeIssued(store);
    ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const error = await failure(
      refresh({ client, store }, { ...creds, pin: fyers.pin }, undefined, { fallbackStore: file }),
    );
    const kept = await file.read();
    expect(error.code).toBe("store_failed");
    expect(error.message).toBe(
      `AWS denied ssm:PutParameter on /stock-pipeline/fyers/access_token; the new access token is saved in file:${file.location} instead`,
    );
    expect(error.savedTo).toEqual([`file:${file.location}`]);
    expect(error.issued).toEqual({ accessToken: kept.accessToken });
    expect(error.hint).toContain("put-parameters.ts");
  });

  it("the fallback fails too: both failures named, the token on the error", async () => {
    const store = ssmStore();
    await storeIssued(store);
    ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const broken = createFileStore({ path: dir }); // a folder: no file can be written there
    const error = await failure(
      refresh({ client, store }, { ...creds, pin: fyers.pin }, undefined, { fallbackStore: broken }),
    );
    expect(error.message).toMatch(
      new RegExp(
        `^AWS denied ssm:PutParameter on .*; the fallback file:${dir} failed too \\(.*\\); the new access token was not stored$`,
      ),
    );
    expect(error.savedTo).toEqual([]);
    expect(error.issued?.accessToken).toMatch(/^eyJ/);
  });

  it("no fallback: the error carries the token and says it was not stored", async () => {
    const store = ssmStore();
    await storeIssued(store);
    ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const error = await failure(refresh({ client, store }, { ...creds, pin: fyers.pin }));
    expect(error.message).toMatch(/; the new access token was not stored$/);
    expect(error.issued?.accessToken).toMatch(/^eyJ/);
    expect(error.message).not.toContain(error.issued?.accessToken ?? "-");
  });

  it("stored, then the profile check gets a 5xx: success with a warning", async () => {
    await storeIssued(file);
    fyers.fail({ failure: "server_error_html", endpoint: "profile" });
    const result = await refresh({ client, store: file }, { ...creds, pin: fyers.pin });
    expect(result.profile).toMatchObject({ ok: false, checked: false });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^the new access token is stored, but the profile check could not run: /,
    );
    expect((await file.read()).accessToken).toBe(result.accessToken);
  });

  it("auto's exchange over SSM reads SSM once: plan's read is what the write compares with", async () => {
    const store = ssmStore();
    const result = await auto({ client, store }, { ...creds, authCode: fyers.issueAuthCode() });
    expect(result.result).toBe("exchanged");
    expect(ssm.requests.map((r) => r.op)).toEqual([
      "GetParameters",
      "PutParameter",
      "PutParameter",
      "PutParameter",
    ]);
  });

  it("a scheduled refresh over SSM reads SSM exactly once", async () => {
    const store = ssmStore();
    await storeIssued(store);
    ssm.requests.length = 0;
    const result = await auto(
      { client, store },
      { ...creds, pin: fyers.pin, minRemainingSeconds: 40 * 86400 },
    );
    expect(result.result).toBe("refreshed");
    expect(result.warnings).toEqual([]);
    expect(ssm.requests.map((r) => r.op)).toEqual(["GetParameters", "PutParameter"]);
  });
});

describe("verify", () => {
  it("valid: expiries offline and one profile call", async () => {
    await storeIssued(file);
    const result = await verify({ client, store: file });
    expect(result).toMatchObject({
      valid: true,
      access_token: { status: "valid", expires_at: rollover() },
      refresh_token: { status: "valid" },
      profile: { ok: true, name: "TEST USER" },
      requests: 1,
    });
  });

  it("nothing stored: not valid, no call", async () => {
    const result = await verify({ client, store: file });
    expect(result).toMatchObject({
      valid: false,
      access_token: { status: "missing", expires_at: null },
      requests: 0,
    });
  });

  it("an expired access token: not valid, no call", async () => {
    await file.write({ clientId: fyers.clientId, accessToken: makeAccessToken({ expSeconds: -5 }) });
    const result = await verify({ client, store: file });
    expect(result.valid).toBe(false);
    expect(result.profile).toMatchObject({ checked: false });
    expect(fyers.requests).toHaveLength(0);
  });

  it("a token of unknown expiry is checked with FYERS", async () => {
    await file.write({ clientId: fyers.clientId, accessToken: "opaque-not-a-jwt" });
    const result = await verify({ client, store: file });
    expect(result.access_token.status).toBe("unknown");
    expect(result).toMatchObject({ valid: false, profile: { ok: false, checked: true } });
    expect(fyers.requests).toHaveLength(1);
  });

  it("flags a refresh token expiring within warn-before", async () => {
    await storeIssued(file);
    const result = await verify({ client, store: file }, { warnBeforeSeconds: 30 * 86400 });
    expect(result.refresh_token.status).toBe("expiring");
  });
});

describe("plan (no FYERS call)", () => {
  const at = (expSeconds: number) => makeAccessToken({ expSeconds });
  const rt = (expSeconds: number) => makeRefreshToken({ expSeconds });
  const cases = [
    { name: "auth code given", stored: {}, input: { authCode: "x" }, action: "exchange" },
    {
      name: "access token with time left",
      stored: { accessToken: at(3 * 3600), refreshToken: rt(86400) },
      input: {},
      action: "skip",
    },
    {
      name: "access token expiring within min-remaining",
      stored: { accessToken: at(3600), refreshToken: rt(86400) },
      input: {},
      action: "refresh",
    },
    {
      name: "force",
      stored: { accessToken: at(3 * 3600), refreshToken: rt(86400) },
      input: { force: true },
      action: "refresh",
    },
    { name: "no access token", stored: { refreshToken: rt(86400) }, input: {}, action: "refresh" },
    { name: "opaque refresh token", stored: { refreshToken: "opaque" }, input: {}, action: "refresh" },
    {
      name: "expired refresh token",
      stored: { accessToken: at(-1), refreshToken: rt(-1) },
      input: {},
      action: "login-required",
    },
    { name: "nothing stored", stored: {}, input: {}, action: "login-required" },
  ] as const;
  it.each(cases)("$name → $action", async ({ stored, input, action }) => {
    await file.write({ clientId: fyers.clientId, ...stored });
    const decided = await plan({ store: file }, { minRemainingSeconds: 7200, ...input });
    expect(decided.action).toBe(action);
    expect(decided.reason).toBeTruthy();
    expect(fyers.requests).toHaveLength(0);
  });

  it("reports a refresh token expiring within warn-before", async () => {
    await file.write({ clientId: fyers.clientId, accessToken: at(5 * 3600), refreshToken: rt(2 * 86400) });
    expect((await plan({ store: file })).refresh_expiring).toBe(true);
  });
});

describe("auto", () => {
  const input = () => ({ ...creds, pin: fyers.pin, minRemainingSeconds: 7200 });

  it("skips with no FYERS call and hands on the stored token", async () => {
    const tokens = await storeIssued(file);
    const result = await auto({ client, store: file }, { ...input(), minRemainingSeconds: 60 });
    expect(result).toMatchObject({ result: "skipped", accessToken: tokens.accessToken, requests: 0 });
  });

  it("refreshes when the token is short of min-remaining", async () => {
    await storeIssued(file);
    const result = await auto({ client, store: file }, { ...input(), minRemainingSeconds: 40 * 86400 });
    expect(result.result).toBe("refreshed");
    expect(result.accessToken).toBe((await file.read()).accessToken);
  });

  it("a refused refresh is an outcome: login-required", async () => {
    await file.write({ clientId: fyers.clientId, refreshToken: fyers.issueTokens().refreshToken });
    fyers.fail({ failure: "refuse_refresh" });
    const result = await auto({ client, store: file }, input());
    expect(result).toMatchObject({ result: "login-required", accessToken: undefined });
    expect(result.reason).toContain("FYERS refused the refresh");
  });

  it("exchanges a given auth code", async () => {
    const result = await auto({ client, store: file }, { ...input(), authCode: fyers.issueAuthCode() });
    expect(result.result).toBe("exchanged");
    expect((await file.read()).accessToken).toBe(result.accessToken);
  });

  it("dry-run decides without issuing tokens or writing", async () => {
    await file.write({ clientId: fyers.clientId, refreshToken: fyers.issueTokens().refreshToken });
    const before = await readFile(file.location, "utf8");
    const result = await auto({ client, store: file }, { ...input(), dryRun: true });
    expect(result).toMatchObject({ result: "refreshed", dry_run: true, requests: 0 });
    expect(await readFile(file.location, "utf8")).toBe(before);
  });

  it("no PIN: login-required without calling FYERS, naming where the PIN comes from", async () => {
    await file.write({ clientId: fyers.clientId, refreshToken: fyers.issueTokens().refreshToken });
    const result = await auto(
      { client, store: file },
      { ...input(), pin: undefined, pinSource: "the pin input" },
    );
    expect(result.result).toBe("login-required");
    expect(result.reason).toContain("without the pin input it cannot be refreshed");
    expect(fyers.requests).toHaveLength(0);
  });

  it("a refused auth code is an outcome too: login-required", async () => {
    const code = fyers.issueAuthCode();
    await auto({ client, store: file }, { ...input(), authCode: code });
    const result = await auto({ client, store: file }, { ...input(), authCode: code });
    expect(result.result).toBe("login-required");
    expect(result.reason).toContain("FYERS refused the auth code");
  });

  it("hands on a stored token that is still alive even when a login is required", async () => {
    await file.write({
      clientId: fyers.clientId,
      accessToken: makeAccessToken({ expSeconds: 600 }),
      refreshToken: "r",
    });
    fyers.fail({ failure: "refuse_refresh" });
    const result = await auto({ client, store: file }, input());
    expect(result.result).toBe("login-required");
    expect(result.accessToken).toBe((await file.read()).accessToken);
    expect(result.login_due).toBeUndefined();
  });

  it("says when a login will be due although this run went fine", async () => {
    await file.write({
      clientId: fyers.clientId,
      accessToken: makeAccessToken({ expSeconds: 5 * 3600 }),
      refreshToken: makeRefreshToken({ expSeconds: 86400 }),
    });
    const result = await auto({ client, store: file }, input());
    expect(result.result).toBe("skipped");
    expect(result.login_due?.reason).toMatch(/^the refresh token expires at .* IST$/);
    const expired = { ...input(), warnBeforeSeconds: 60 };
    await file.write({ clientId: fyers.clientId, refreshToken: makeRefreshToken({ expSeconds: -1 }) });
    const noRefresh = await auto({ client, store: file }, expired);
    expect(noRefresh.result).toBe("skipped");
    expect(noRefresh.login_due?.reason).toContain("cannot be refreshed when it expires");
    expect(noRefresh.login_due?.byMs).toBe(Date.parse(noRefresh.access_token.expires_at ?? ""));
  });

  it("other failures still throw (bad credentials)", async () => {
    await file.write({ clientId: fyers.clientId, refreshToken: fyers.issueTokens().refreshToken });
    const error = await failure(auto({ client, store: file }, { ...input(), appSecret: "WRONG" }));
    expect(error.code).toBe("bad_credentials");
  });
});

describe("readAccessToken (for consumers such as a Lambda)", () => {
  it("gives a usable token from SSM", async () => {
    const tokens = await storeIssued(ssmStore());
    const usable = await readAccessToken(ssmStore());
    expect(usable).toEqual({
      accessToken: tokens.accessToken,
      clientId: fyers.clientId,
      expiresAt: rollover(),
    });
  });

  it("says clearly when a login is needed", async () => {
    const missing = await failure(readAccessToken(file));
    expect(missing.code).toBe("login_required");
    expect(missing.message).toContain("no FYERS access token is stored in file:");
    await file.write({ clientId: fyers.clientId, accessToken: makeAccessToken({ expSeconds: -60 }) });
    const expired = await failure(readAccessToken(file));
    expect(expired.message).toMatch(/expired at .* IST$/);
  });
});
