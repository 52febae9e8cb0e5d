import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type SsmFake, startSsmFake } from "@fyers-token/testkit";
import { needTool } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createSsmStore, parameterNames } from "../src/store/ssm.js";
import { awsCli, sdkTestConfig } from "./aws.js";
import { failure } from "./failure.js";

const PREFIX = "/stock-pipeline/fyers";
const names = parameterNames(PREFIX);
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

const store = (options: { kmsKeyId?: string; maxAttempts?: number; withNotice?: boolean } = {}) =>
  createSsmStore({
    prefix: PREFIX,
    kmsKeyId: options.kmsKeyId,
    clientConfig: sdkTestConfig(ssm.endpoint, options.maxAttempts),
    ...(options.withNotice ? { withNotice: true } : {}),
  });
const ops = () => ssm.requests.map((r) => r.op);

describe("SSM store (real @aws-sdk/client-ssm over HTTP)", () => {
  it("reads all three parameters in ONE GetParameters call with decryption", async () => {
    ssm.put(names.accessToken, "AT");
    ssm.put(names.refreshToken, "RT");
    ssm.put(names.clientId, "ABCDE12345-100");
    expect(await store().read()).toEqual({
      accessToken: "AT",
      refreshToken: "RT",
      clientId: "ABCDE12345-100",
    });
    expect(ops()).toEqual(["GetParameters"]);
    expect(ssm.requests[0]?.body).toEqual({
      Names: [names.clientId, names.accessToken, names.refreshToken],
      WithDecryption: true,
    });
  });

  it("readAccess (the consumers' read): ONE GetParameters of client_id and access_token only, never the notice", async () => {
    ssm.put(names.accessToken, "AT");
    ssm.put(names.refreshToken, "RT");
    ssm.put(names.clientId, "ABCDE12345-100");
    ssm.put(`${PREFIX}/login_notice`, "none", "String");
    expect(await store({ withNotice: true }).readAccess()).toEqual({
      accessToken: "AT",
      clientId: "ABCDE12345-100",
    });
    expect(ssm.requests.map((r) => r.body)).toEqual([
      { Names: [names.clientId, names.accessToken], WithDecryption: true },
    ]);
  });

  it("a first run (nothing stored) reads as empty", async () => {
    expect(await store().read()).toEqual({});
  });

  it("writes SecureString with overwrite and the KMS key, client id included", async () => {
    const written = await store({ kmsKeyId: "alias/fyers" }).write({
      clientId: "ABCDE12345-100",
      accessToken: "AT",
      refreshToken: "RT",
    });
    expect(written).toEqual(["clientId", "refreshToken", "accessToken"]);
    const puts = ssm.requests.filter((r) => r.op === "PutParameter").map((r) => r.body);
    expect(puts).toEqual([
      {
        Name: names.clientId,
        Value: "ABCDE12345-100",
        Type: "SecureString",
        Overwrite: true,
        KeyId: "alias/fyers",
      },
      { Name: names.refreshToken, Value: "RT", Type: "SecureString", Overwrite: true, KeyId: "alias/fyers" },
      { Name: names.accessToken, Value: "AT", Type: "SecureString", Overwrite: true, KeyId: "alias/fyers" },
    ]);
    expect(ssm.parameters.get(names.accessToken)?.type).toBe("SecureString");
  });

  it("writes only what changed", async () => {
    const s = store();
    await s.write({ clientId: "ABCDE12345-100", accessToken: "AT", refreshToken: "RT" });
    ssm.requests.length = 0;
    expect(await s.write({ clientId: "ABCDE12345-100", accessToken: "AT2", refreshToken: "RT" })).toEqual([
      "accessToken",
    ]);
    expect(ops()).toEqual(["GetParameters", "PutParameter"]);
    expect(ssm.parameters.get(names.accessToken)?.version).toBe(2);
    expect(ssm.parameters.get(names.refreshToken)?.version).toBe(1);
  });

  it("with what the run already read, a write reads nothing and puts only what differs", async () => {
    ssm.put(names.clientId, "ABCDE12345-100");
    ssm.put(names.accessToken, "AT");
    ssm.put(names.refreshToken, "RT");
    const s = store();
    const current = await s.read();
    expect(await s.write({ clientId: "ABCDE12345-100", accessToken: "AT2" }, current)).toEqual([
      "accessToken",
    ]);
    expect(ops()).toEqual(["GetParameters", "PutParameter"]);
    expect(ssm.parameters.get(names.accessToken)?.value).toBe("AT2");
  });

  it("a partial write says which new token SSM holds and which it does not", async () => {
    ssm.fail({ failure: "access_denied", op: "PutParameter", name: names.accessToken });
    const error = await failure(
      store().write({ clientId: "ABCDE12345-100", accessToken: "AT", refreshToken: "RT" }, {}),
    );
    expect(error.message).toContain("SSM holds the new refresh token but not the new access token");
    expect(error.savedTo).toEqual([`ssm:${names.refreshToken}`]);
  });

  it("readWith: ONE GetParameters for the tokens and the extra names; missing ones are absent", async () => {
    ssm.put(names.refreshToken, "RT");
    ssm.put(`${PREFIX}/app_secret`, "SECRET-1");
    const answer = await store().readWith(["app_secret", "other"]);
    expect(answer).toEqual({ tokens: { refreshToken: "RT" }, extras: { app_secret: "SECRET-1" } });
    expect(ops()).toEqual(["GetParameters"]);
    expect(ssm.requests[0]?.body).toEqual({
      Names: [
        names.clientId,
        names.accessToken,
        names.refreshToken,
        `${PREFIX}/app_secret`,
        `${PREFIX}/other`,
      ],
      WithDecryption: true,
    });
  });

  it("readWith refuses names that are not a parameter name, before any call", async () => {
    const error = await failure(store().readWith(["../x"]));
    expect(error.code).toBe("invalid_config");
    expect(ops()).toEqual([]);
  });

  it("the login notice: read in the same GetParameters only withNotice; a String; none clears it", async () => {
    const s = store({ withNotice: true });
    const notice = {
      event: "login-required" as const,
      since: "2026-12-01T03:00:00.000Z",
      channels: ["issue", "telegram"],
    };
    await s.writeNotice(notice, {});
    expect(ssm.parameters.get(`${PREFIX}/login_notice`)).toMatchObject({ type: "String" });
    ssm.requests.length = 0;
    const current = await s.read();
    expect(current).toEqual({ notice });
    expect(ssm.requests.map((r) => r.body.Names)).toEqual([
      [names.clientId, names.accessToken, names.refreshToken, `${PREFIX}/login_notice`],
    ]);
    await s.writeNotice({ ...notice, channels: ["issue", "telegram"] }, current);
    expect(ops()).toEqual(["GetParameters"]); // unchanged: nothing written
    await s.writeNotice(null, current);
    expect(ssm.parameters.get(`${PREFIX}/login_notice`)?.value).toBe("none");
    expect(await s.read()).toEqual({});
    // A store made without withNotice never asks for it (readers need no permission for it).
    ssm.requests.length = 0;
    await store().read();
    expect(ssm.requests[0]?.body.Names).toEqual([names.clientId, names.accessToken, names.refreshToken]);
  });

  it("writeNotice(null) with nothing stored writes nothing", async () => {
    await store({ withNotice: true }).writeNotice(null);
    expect(ops()).toEqual(["GetParameters"]);
  });

  it("checkWritable resolves without a call (SSM cannot be probed without writing)", async () => {
    await store().checkWritable();
    expect(ops()).toEqual([]);
  });

  it("deletes only the access token", async () => {
    const s = store();
    expect(await s.deleteAccessToken()).toBe(false);
    await s.write({ clientId: "ABCDE12345-100", accessToken: "AT", refreshToken: "RT" });
    expect(await s.deleteAccessToken()).toBe(true);
    expect(await s.read()).toEqual({ clientId: "ABCDE12345-100", refreshToken: "RT" });
  });

  it("throttling: the SDK's own retries carry it through", async () => {
    ssm.fail({ failure: "throttle", op: "GetParameters", times: 2 });
    ssm.put(names.accessToken, "AT");
    expect(await store({ maxAttempts: 3 }).read()).toEqual({ accessToken: "AT" });
    expect(ops()).toEqual(["GetParameters", "GetParameters", "GetParameters"]);
  });

  it("access denied on write names the IAM action, the parameter and the policy file", async () => {
    ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const error = await failure(store().write({ clientId: "ABCDE12345-100", accessToken: "AT" }));
    expect(error.code).toBe("store_failed");
    expect(error.message).toBe(`AWS denied ssm:PutParameter on ${names.clientId}`);
    expect(error.hint).toContain("docs/iam/fyers-token-policy.json");
  });

  it("access denied on read names GetParameters", async () => {
    ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const error = await failure(store().read());
    expect(error.message).toBe(`AWS denied ssm:GetParameters on ${PREFIX}/*`);
  });

  it("a KMS failure names the key", async () => {
    ssm.fail({ failure: "kms", op: "PutParameter" });
    const error = await failure(
      store({ kmsKeyId: "alias/fyers" }).write({ clientId: "ABCDE12345-100", accessToken: "AT" }),
    );
    expect(error.message).toContain("AWS KMS refused ssm:PutParameter");
    expect(error.hint).toContain("alias/fyers");
  });

  it("a write that fails half-way says what was written; the next write repairs it", async () => {
    ssm.fail({ failure: "internal", op: "PutParameter", name: names.accessToken });
    const s = store();
    const error = await failure(
      s.write({ clientId: "ABCDE12345-100", accessToken: "AT", refreshToken: "RT" }),
    );
    expect(error.message).toContain(`already written: ${names.clientId}, ${names.refreshToken}`);
    expect(await s.read()).toEqual({ clientId: "ABCDE12345-100", refreshToken: "RT" });
    ssm.clearFailures();
    expect(await s.write({ clientId: "ABCDE12345-100", accessToken: "AT", refreshToken: "RT" })).toEqual([
      "accessToken",
    ]);
  });

  it("resolves the endpoint from AWS_ENDPOINT_URL_SSM, as every AWS tool does", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL_SSM", ssm.endpoint);
    vi.stubEnv("AWS_REGION", "ap-south-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    try {
      ssm.put(names.accessToken, "AT");
      expect(await createSsmStore({ prefix: PREFIX }).read()).toEqual({ accessToken: "AT" });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("SSM deadline: an endpoint that accepts and never answers", () => {
  let silent: Server;
  let endpoint: string;
  beforeAll(async () => {
    silent = createServer(() => undefined); // reads the request, never answers
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    silent.closeAllConnections();
    return new Promise<void>((done) => silent.close(() => done()));
  });

  for (const [what, run] of [
    ["read", (s: ReturnType<typeof createSsmStore>) => s.read()],
    ["write", (s: ReturnType<typeof createSsmStore>) => s.write({ clientId: "ABCDE12345-100" }, {})],
    ["readWith", (s: ReturnType<typeof createSsmStore>) => s.readWith(["app_secret"])],
    ["deleteAccessToken", (s: ReturnType<typeof createSsmStore>) => s.deleteAccessToken()],
  ] as const) {
    it(`${what} gives up after timeoutMs with a message naming AWS SSM`, async () => {
      const s = createSsmStore({ prefix: PREFIX, clientConfig: sdkTestConfig(endpoint, 3), timeoutMs: 400 });
      const started = Date.now();
      const error = await failure(run(s));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.code).toBe("unavailable");
      expect(error.message).toMatch(/^AWS SSM did not answer within 400ms \(ssm:\w+ on /);
    });
  }

  it("the default deadline is 10 s", async () => {
    // Fake timers: the deadline is a setTimeout, so 10 s pass without being waited out.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let settled = false;
      const error = failure(createSsmStore({ prefix: PREFIX, clientConfig: sdkTestConfig(endpoint) }).read());
      void error.finally(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(9_900);
      expect(settled, "still waiting at 9.9 s").toBe(false);
      await vi.advanceTimersByTimeAsync(100);
      expect((await error).message).toContain("AWS SSM did not answer within 10s");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe(
  "SSM fidelity: the real AWS CLI (/usr/bin/aws) as an independent reader and writer",
  needTool("aws"),
  () => {
    it("what core writes, the CLI reads back with --with-decryption", async () => {
      await store().write({ clientId: "ABCDE12345-100", accessToken: "AT-core", refreshToken: "RT-core" });
      const answer = (await awsCli(ssm.endpoint, [
        "ssm",
        "get-parameters",
        "--names",
        names.accessToken,
        names.refreshToken,
        names.clientId,
        "--with-decryption",
      ])) as { Parameters: { Name: string; Value: string; Type: string }[]; InvalidParameters: string[] };
      const byName = Object.fromEntries(answer.Parameters.map((p) => [p.Name, p]));
      expect(byName[names.accessToken]).toMatchObject({ Value: "AT-core", Type: "SecureString" });
      expect(byName[names.refreshToken]).toMatchObject({ Value: "RT-core", Type: "SecureString" });
      expect(byName[names.clientId]).toMatchObject({ Value: "ABCDE12345-100", Type: "SecureString" });
      expect(answer.InvalidParameters).toEqual([]);
    });

    it("what the CLI writes (the guide's put-parameter recipe), core reads", async () => {
      for (const [name, value] of [
        [names.accessToken, "AT-cli"],
        [names.refreshToken, "RT-cli"],
      ] as const) {
        await awsCli(ssm.endpoint, [
          "ssm",
          "put-parameter",
          "--name",
          name,
          "--value",
          value,
          "--type",
          "SecureString",
          "--overwrite",
        ]);
      }
      expect(await store().read()).toEqual({ accessToken: "AT-cli", refreshToken: "RT-cli" });
    });

    it("the guide's force-refresh (delete-parameter) leaves core a refresh token and no access token", async () => {
      await store().write({ clientId: "ABCDE12345-100", accessToken: "AT", refreshToken: "RT" });
      await awsCli(ssm.endpoint, ["ssm", "delete-parameter", "--name", names.accessToken]);
      expect(await store().read()).toEqual({ clientId: "ABCDE12345-100", refreshToken: "RT" });
    });
  },
);
