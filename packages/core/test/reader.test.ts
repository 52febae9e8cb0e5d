import { makeAccessToken, type SsmFake, startSsmFake } from "@fyers-token/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { READER_POLICY_FILE, readAccessToken } from "../src/lifecycle/reader.js";
import {
  createTokenReader,
  DEFAULT_READER_MARGIN_SECONDS,
  UNKNOWN_EXPIRY_CACHE_SECONDS,
  WITHIN_MARGIN_RECHECK_SECONDS,
} from "../src/lifecycle/token-reader.js";
import { createSsmStore, parameterNames } from "../src/store/ssm.js";
import { sdkTestConfig } from "./aws.js";
import { failure } from "./failure.js";

const PREFIX = "/stock-pipeline/fyers";
const names = parameterNames(PREFIX);
const CLIENT_ID = "ABCDE12345-100";
let ssm: SsmFake;

beforeAll(async () => {
  ssm = await startSsmFake();
});
afterAll(() => ssm.close());
beforeEach(() => {
  ssm.parameters.clear();
  ssm.requests.length = 0;
  ssm.clearFailures();
});

const store = () => createSsmStore({ prefix: PREFIX, clientConfig: sdkTestConfig(ssm.endpoint) });
const reads = () => ssm.requests.filter((r) => r.op === "GetParameters").length;
/** A clock the test moves by hand, starting now. */
function manualClock() {
  let now = Date.now();
  const clock = () => now;
  clock.advance = (seconds: number) => {
    now += seconds * 1000;
  };
  return clock;
}
function seed(accessToken: string) {
  ssm.put(names.clientId, CLIENT_ID);
  ssm.put(names.accessToken, accessToken);
}

describe("createTokenReader (the cached reader for hot paths)", () => {
  it("1,000 calls read SSM exactly once and all get the stored token", async () => {
    const token = makeAccessToken({ expSeconds: 6 * 3600 });
    seed(token);
    const reader = createTokenReader(store());
    for (let i = 0; i < 1000; i++) expect((await reader.get()).accessToken).toBe(token);
    expect(reads()).toBe(1);
    expect(await reader.get()).toMatchObject({ accessToken: token, clientId: CLIENT_ID });
  });

  it("concurrent callers share ONE in-flight read", async () => {
    seed(makeAccessToken({ expSeconds: 6 * 3600 }));
    const reader = createTokenReader(store());
    const tokens = await Promise.all(Array.from({ length: 50 }, () => reader.get()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(reads()).toBe(1);
  });

  it("serves from memory until marginSeconds before the token's own exp, then reads again", async () => {
    const clock = manualClock();
    const first = makeAccessToken({ expSeconds: Math.floor(clock() / 1000) + 3600 });
    seed(first);
    const reader = createTokenReader(store(), { marginSeconds: 600, clock });
    await reader.get();
    clock.advance(3600 - 600 - 5); // 5 s before the margin: still from memory
    expect((await reader.get()).accessToken).toBe(first);
    expect(reads()).toBe(1);
    const renewed = makeAccessToken({ expSeconds: Math.floor(clock() / 1000) + 6 * 3600 });
    ssm.put(names.accessToken, renewed);
    clock.advance(10); // inside the margin: the store is read and the renewed token served
    expect((await reader.get()).accessToken).toBe(renewed);
    expect(reads()).toBe(2);
  });

  it(`inside the margin with no renewed token stored, SSM is read at most every ${WITHIN_MARGIN_RECHECK_SECONDS} s`, async () => {
    const clock = manualClock();
    const token = makeAccessToken({ expSeconds: Math.floor(clock() / 1000) + 200 });
    seed(token);
    const reader = createTokenReader(store(), { clock }); // margin 300 s: already inside it
    for (let i = 0; i < 100; i++) expect((await reader.get()).accessToken).toBe(token);
    expect(reads()).toBe(1);
    clock.advance(WITHIN_MARGIN_RECHECK_SECONDS + 1);
    await reader.get();
    expect(reads()).toBe(2);
    clock.advance(200 - 60 - WITHIN_MARGIN_RECHECK_SECONDS); // under a minute left: refused, read each time
    expect((await failure(reader.get())).code).toBe("login_required");
    expect((await failure(reader.get())).code).toBe("login_required");
    expect(reads()).toBe(4);
  });

  it("fault: with marginSeconds under a minute, a cached token with less than a minute left is refused, as a read refuses it", async () => {
    const clock = manualClock();
    seed(makeAccessToken({ expSeconds: Math.floor(clock() / 1000) + 3600 }));
    const reader = createTokenReader(store(), { marginSeconds: 0, clock });
    await reader.get();
    clock.advance(3600 - 62); // about a minute left: still usable, from memory
    await reader.get();
    expect(reads()).toBe(1);
    clock.advance(32); // 30 s left: it would die mid-request
    expect((await failure(reader.get())).code).toBe("login_required");
    expect(reads()).toBe(2);
  });

  it("the default margin is 300 s", async () => {
    const clock = manualClock();
    seed(makeAccessToken({ expSeconds: Math.floor(clock() / 1000) + 1000 }));
    const reader = createTokenReader(store(), { clock });
    await reader.get();
    clock.advance(1000 - DEFAULT_READER_MARGIN_SECONDS - 2);
    await reader.get();
    expect(reads()).toBe(1);
    clock.advance(4);
    await reader.get();
    expect(reads()).toBe(2);
  });

  it("invalidate() (the caller saw a 401) makes the next get() read the store", async () => {
    const old = makeAccessToken({ expSeconds: 6 * 3600 });
    seed(old);
    const reader = createTokenReader(store());
    expect((await reader.get()).accessToken).toBe(old);
    const fresh = makeAccessToken({ expSeconds: 7 * 3600 });
    ssm.put(names.accessToken, fresh);
    expect((await reader.get()).accessToken).toBe(old);
    reader.invalidate();
    expect((await reader.get()).accessToken).toBe(fresh);
    expect(reads()).toBe(2);
  });

  it("fault: an access token stored without its client id is refused naming client_id, never served as 'undefined:…'", async () => {
    ssm.put(names.accessToken, makeAccessToken({ expSeconds: 6 * 3600 }));
    for (const read of [() => createTokenReader(store()).get(), () => readAccessToken(store())]) {
      const error = await failure(read());
      expect(error.code).toBe("store_corrupt");
      expect(error.message).toBe(
        `no FYERS client id is stored in ssm:${PREFIX}/client_id beside the access token`,
      );
      expect(error.hint).toContain("the next login or refresh by fyers-token stores it");
    }
  });

  it("a read in flight when invalidate() is called does not refill the cache", async () => {
    seed(makeAccessToken({ expSeconds: 6 * 3600 }));
    const reader = createTokenReader(store());
    const before = reader.get();
    reader.invalidate();
    await before;
    await reader.get();
    expect(reads()).toBe(2);
  });

  it("a failed read is not cached: the next get() reads again and succeeds", async () => {
    const token = makeAccessToken({ expSeconds: 6 * 3600 });
    seed(token);
    ssm.fail({ failure: "internal", op: "GetParameters", times: 1 });
    const reader = createTokenReader(
      createSsmStore({ prefix: PREFIX, clientConfig: sdkTestConfig(ssm.endpoint, 1) }),
    );
    const error = await failure(reader.get());
    expect(error.code).toBe("store_failed");
    expect((await reader.get()).accessToken).toBe(token);
    expect(reads()).toBe(2);
  });

  it("a login-required answer is not cached either: a token stored later is picked up", async () => {
    seed(makeAccessToken({ expSeconds: -60 }));
    const reader = createTokenReader(store());
    const error = await failure(reader.get());
    expect(error.code).toBe("login_required");
    expect(error.message).toMatch(/expired at .* IST$/);
    const fresh = makeAccessToken({ expSeconds: 6 * 3600 });
    ssm.put(names.accessToken, fresh);
    expect((await reader.get()).accessToken).toBe(fresh);
  });

  it(`a token with no readable exp is kept ${UNKNOWN_EXPIRY_CACHE_SECONDS} s, then read again`, async () => {
    const clock = manualClock();
    seed("not-a-jwt-but-stored");
    const reader = createTokenReader(store(), { clock });
    expect(await reader.get()).toEqual({
      accessToken: "not-a-jwt-but-stored",
      clientId: CLIENT_ID,
      expiresAt: null,
    });
    clock.advance(UNKNOWN_EXPIRY_CACHE_SECONDS - 1);
    await reader.get();
    expect(reads()).toBe(1);
    clock.advance(2);
    await reader.get();
    expect(reads()).toBe(2);
  });

  it("bad input: a negative or non-finite marginSeconds is refused naming the option", () => {
    for (const marginSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createTokenReader(store(), { marginSeconds })).toThrowError(/marginSeconds/);
    }
  });
});

describe("the reader's hints (a consumer runs outside this repository)", () => {
  it("AccessDenied names the reader's least-privilege policy", async () => {
    ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const error = await failure(readAccessToken(store()));
    expect(error.code).toBe("store_failed");
    expect(error.message).toContain("AWS denied ssm:GetParameters");
    expect(error.hint).toContain(READER_POLICY_FILE);
    expect(error.hint).toContain("ssm:GetParameters");
    const cached = await failure(createTokenReader(store()).get());
    expect(cached.hint).toContain(READER_POLICY_FILE);
  });

  it("a KMS refusal names kms:Decrypt and the same policy", async () => {
    ssm.fail({ failure: "kms", op: "GetParameters" });
    const error = await failure(readAccessToken(store()));
    expect(error.hint).toContain("kms:Decrypt");
    expect(error.hint).toContain(READER_POLICY_FILE);
  });

  it("the login hint names no path inside this repository", async () => {
    const error = await failure(readAccessToken(store()));
    expect(error.code).toBe("login_required");
    expect(error.hint).toMatch(/log in/);
    expect(error.hint).not.toMatch(/packages\/|\.ts\b|npx tsx/);
  });
});
