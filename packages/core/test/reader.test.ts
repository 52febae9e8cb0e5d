import { makeAccessToken, type SsmFake, startSsmFake } from "@fyers-token/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { READER_POLICY_FILE, readAccessToken } from "../src/lifecycle/reader.js";
import {
  createTokenReader,
  DEFAULT_READER_MARGIN_SECONDS,
  FAILED_READ_RETRY_SECONDS,
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
    clock.advance(200 - 60 - WITHIN_MARGIN_RECHECK_SECONDS); // under a minute left: refused, and the refusal kept
    expect((await failure(reader.get())).code).toBe("login_required");
    expect((await failure(reader.get())).code).toBe("login_required");
    expect(reads()).toBe(3);
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

  it(`fault: a failed read is kept ${FAILED_READ_RETRY_SECONDS} s (every caller the same error), then the store is read again`, async () => {
    const clock = manualClock();
    const token = makeAccessToken({ expSeconds: 6 * 3600 });
    seed(token);
    ssm.fail({ failure: "internal", op: "GetParameters", times: 1 });
    const reader = createTokenReader(
      createSsmStore({ prefix: PREFIX, clientConfig: sdkTestConfig(ssm.endpoint, 1) }),
      { clock },
    );
    const error = await failure(reader.get());
    expect(error.code).toBe("store_failed");
    for (let i = 0; i < 50; i++) expect(await failure(reader.get())).toBe(error);
    expect(reads()).toBe(1);
    clock.advance(FAILED_READ_RETRY_SECONDS);
    expect((await reader.get()).accessToken).toBe(token);
    expect(reads()).toBe(2);
  });

  it(`a login-required answer is kept ${FAILED_READ_RETRY_SECONDS} s too: a token stored later is picked up after it`, async () => {
    const clock = manualClock();
    seed(makeAccessToken({ expSeconds: -60 }));
    const reader = createTokenReader(store(), { clock });
    const error = await failure(reader.get());
    expect(error.code).toBe("login_required");
    expect(error.message).toMatch(/expired at .* IST$/);
    const fresh = makeAccessToken({ expSeconds: 6 * 3600 });
    ssm.put(names.accessToken, fresh);
    clock.advance(FAILED_READ_RETRY_SECONDS - 1);
    expect(await failure(reader.get())).toBe(error);
    clock.advance(1);
    expect((await reader.get()).accessToken).toBe(fresh);
    expect(reads()).toBe(2);
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

describe(`no usable token stored: at most one SSM read per ${FAILED_READ_RETRY_SECONDS} s per reader (issue 16)`, () => {
  /** 10 get() calls a second for `seconds` simulated seconds; what each call got, by outcome. */
  async function hammer(
    reader: ReturnType<typeof createTokenReader>,
    clock: ReturnType<typeof manualClock>,
    seconds: number,
  ) {
    const outcomes = { served: 0, errors: new Map<unknown, number>() };
    for (let i = 0; i < seconds * 10; i++) {
      await reader.get().then(
        () => outcomes.served++,
        (error: unknown) => outcomes.errors.set(error, (outcomes.errors.get(error) ?? 0) + 1),
      );
      clock.advance(0.1);
    }
    return outcomes;
  }

  it("fault: 10 get()/s for 3 simulated minutes around the token's expiry read SSM at most once per 10 s", async () => {
    const clock = manualClock();
    // Expires 90 s in: the reader is inside its margin from the start, refuses the token 30 s in
    // (under a minute left), and nothing renewed is stored for the last 90 s.
    seed(makeAccessToken({ expSeconds: Math.floor(clock() / 1000) + 90 }));
    const reader = createTokenReader(store(), { clock });
    const outcomes = await hammer(reader, clock, 180);
    expect(outcomes.served).toBeGreaterThan(0);
    expect(reads()).toBeLessThanOrEqual(180 / 10 + 1);
    // Each refusal is one read's answer, shared by every caller until the next read.
    expect(outcomes.errors.size).toBeLessThanOrEqual(reads());
    for (const error of outcomes.errors.keys())
      expect((error as { code?: string }).code).toBe("login_required");
  });

  it("fault: nothing stored (a holiday): 50 concurrent callers and a hot loop share one read and one error", async () => {
    const clock = manualClock();
    const reader = createTokenReader(store(), { clock });
    const errors = await Promise.all(Array.from({ length: 50 }, () => failure(reader.get())));
    expect(new Set(errors).size).toBe(1);
    expect(errors[0]?.code).toBe("login_required");
    expect(errors[0]?.message).toBe(`no FYERS access token is stored in ssm:${PREFIX}`);
    const outcomes = await hammer(reader, clock, 60);
    expect(outcomes.served).toBe(0);
    expect(reads()).toBe(6); // t = 0 (the 50), then 10, 20, 30, 40 and 50 s
  });

  it("fault: SSM throttling or down: invalidate()+get() in a loop cannot force more than one read per 10 s", async () => {
    const clock = manualClock();
    seed(makeAccessToken({ expSeconds: 6 * 3600 }));
    ssm.fail({ failure: "throttle", op: "GetParameters" });
    const reader = createTokenReader(
      createSsmStore({ prefix: PREFIX, clientConfig: sdkTestConfig(ssm.endpoint, 1) }),
      { clock },
    );
    for (let i = 0; i < 300; i++) {
      reader.invalidate();
      expect((await failure(reader.get())).code).toBe("store_failed");
      clock.advance(0.1);
    }
    expect(reads()).toBe(3);
  });

  it("invalidate() after a 401 reads at once; a loop of 401s on the token SSM still holds reads once per 10 s", async () => {
    const clock = manualClock();
    const refused = makeAccessToken({ expSeconds: 6 * 3600 });
    seed(refused);
    const reader = createTokenReader(store(), { clock });
    await reader.get();
    clock.advance(3600); // an hour of serving from memory, then FYERS answers 401
    reader.invalidate();
    expect((await reader.get()).accessToken).toBe(refused);
    expect(reads()).toBe(2);
    for (let i = 0; i < 150; i++) {
      reader.invalidate(); // the same token, refused again: SSM was just read, it holds nothing newer
      expect((await reader.get()).accessToken).toBe(refused);
      clock.advance(0.1);
    }
    expect(reads()).toBe(3);
    const renewed = makeAccessToken({ expSeconds: 7 * 3600 });
    ssm.put(names.accessToken, renewed);
    clock.advance(10);
    reader.invalidate();
    expect((await reader.get()).accessToken).toBe(renewed);
    expect(reads()).toBe(4);
  });
});

describe("readers ask for less (issue 16)", () => {
  it("both readers request only client_id and access_token, and work when AWS denies refresh_token", async () => {
    const token = makeAccessToken({ expSeconds: 6 * 3600 });
    seed(token);
    ssm.put(names.refreshToken, makeAccessToken({ expSeconds: 10 * 86400 }));
    ssm.fail({ failure: "access_denied", op: "GetParameters", name: names.refreshToken });
    expect((await readAccessToken(store())).accessToken).toBe(token);
    expect((await createTokenReader(store()).get()).accessToken).toBe(token);
    expect(ssm.requests.map((r) => r.body)).toEqual([
      { Names: [names.clientId, names.accessToken], WithDecryption: true },
      { Names: [names.clientId, names.accessToken], WithDecryption: true },
    ]);
  });

  it("fault: a token whose app id is not the stored client id's is refused naming both", async () => {
    ssm.put(names.clientId, CLIENT_ID);
    ssm.put(names.accessToken, makeAccessToken({ expSeconds: 6 * 3600, appId: "ZYXWV98765-100" }));
    for (const read of [() => createTokenReader(store()).get(), () => readAccessToken(store())]) {
      const error = await failure(read());
      expect(error.code).toBe("store_corrupt");
      expect(error.message).toBe(
        `the FYERS access token in ssm:${PREFIX}/access_token is for app ZYXWV98765, not the client id ${CLIENT_ID} stored in ssm:${PREFIX}/client_id`,
      );
      expect(error.hint).toContain("log in again");
    }
  });

  it("the app id is compared without the client id's -100 type suffix, and a token without one is served", async () => {
    const matching = makeAccessToken({ expSeconds: 6 * 3600 }); // app_id ABCDE12345
    seed(matching);
    expect((await readAccessToken(store())).clientId).toBe(CLIENT_ID);
    const clock = Date.now();
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
    const claims = Buffer.from(JSON.stringify({ sub: "access_token", exp: Math.floor(clock / 1000) + 3600 }));
    const withoutAppId = `${header}.${claims.toString("base64url")}.c2lnbmF0dXJl`;
    ssm.put(names.accessToken, withoutAppId);
    expect((await readAccessToken(store())).accessToken).toBe(withoutAppId);
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
