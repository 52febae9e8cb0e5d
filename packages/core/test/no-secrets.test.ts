// Proves the rule: no secret (app secret, PIN, appIdHash, tokens, auth code) in any error message,
// hint or log line that core produces, across the failures people meet.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FyersFake, type SsmFake, startFyersFake, startSsmFake } from "@fyers-token/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { parseDuration } from "../src/duration.js";
import { parseAuthCode } from "../src/fyers/auth-code.js";
import { createFyersClient } from "../src/fyers/client.js";
import { appIdHash } from "../src/fyers/hash.js";
import { auto } from "../src/lifecycle/auto.js";
import { exchange } from "../src/lifecycle/exchange.js";
import { readAccessToken } from "../src/lifecycle/reader.js";
import { refresh } from "../src/lifecycle/refresh.js";
import type { Logger } from "../src/lifecycle/types.js";
import { verify } from "../src/lifecycle/verify.js";
import { createScrubber } from "../src/redact.js";
import { createFileStore } from "../src/store/file.js";
import { createSsmStore } from "../src/store/ssm.js";
import { sdkTestConfig } from "./aws.js";

let fyers: FyersFake;
let ssm: SsmFake;
let dir: string;
const lines: string[] = [];
const logger: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m) };

beforeAll(async () => {
  // Values that cannot collide with ids or numbers in ordinary messages.
  [fyers, ssm] = await Promise.all([
    startFyersFake({ appSecret: "Zq8SecretValue", pin: "4721" }),
    startSsmFake(),
  ]);
  dir = await mkdtemp(join(tmpdir(), "fyers-secrets-"));
});
afterAll(async () => {
  await Promise.all([fyers.close(), ssm.close(), rm(dir, { recursive: true, force: true })]);
});

/** Every text an error carries, down its cause chain. */
function texts(error: unknown): string[] {
  const out: string[] = [];
  for (
    let e = error as { message?: string; hint?: string; cause?: unknown; stack?: string } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    out.push(String(e.message ?? e), String(e.hint ?? ""), String(e.stack ?? ""));
  }
  return out;
}

describe("no secret in errors or logs", () => {
  it("holds across config, protocol, store and lifecycle failures", async () => {
    const tokens = fyers.issueTokens();
    const authCode = fyers.issueAuthCode();
    const secrets = [
      fyers.appSecret,
      fyers.pin,
      fyers.appIdHash,
      tokens.accessToken,
      tokens.refreshToken,
      authCode,
      "98765",
      "WRONGSECRETXYZ",
    ];
    const client = () =>
      createFyersClient({ apiUrl: fyers.baseUrl, clientId: fyers.clientId, baseDelayMs: 1, timeoutMs: 2000 });
    const creds = { clientId: fyers.clientId, appSecret: fyers.appSecret };
    const file = createFileStore({ path: join(dir, "t.json") });
    const ssmStore = createSsmStore({ clientConfig: sdkTestConfig(ssm.endpoint) });
    await file.write({ clientId: fyers.clientId, ...tokens });
    await ssmStore.write({ clientId: fyers.clientId, ...tokens });

    const failures: Array<() => unknown> = [
      () => loadConfig({ FYERS_CLIENT_ID: "ABCDE12345-100", FYERS_PIN: "98765" }),
      () => loadConfig({ FYERS_CLIENT_ID: "ABCDE12345-100", FYERS_APP_SECRET: "WRONG SECRET XYZ" }),
      () => parseDuration("2 hours", "min-remaining"),
      () => parseAuthCode(`https://r.test/cb?s=error&state=${authCode}`),
      () => client().exchangeAuthCode(appIdHash(fyers.clientId, "WRONGSECRETXYZ"), authCode),
      async () => {
        await client().exchangeAuthCode(fyers.appIdHash, authCode);
        return client().exchangeAuthCode(fyers.appIdHash, authCode); // used
      },
      () => client().refreshAccessToken(fyers.appIdHash, tokens.refreshToken, "9999"),
      () => client().refreshAccessToken(fyers.appIdHash, `${tokens.refreshToken}x`, fyers.pin),
      () => client().logout(`${tokens.accessToken}x`),
      () =>
        exchange(
          { client: client(), stores: [file] },
          { ...creds, authCode: `x?auth_code=${authCode}&state=bad`, expectedState: "good" },
        ),
      async () => {
        ssm.fail({ failure: "access_denied", op: "PutParameter", times: 1 });
        return exchange(
          { client: client(), stores: [file, ssmStore] },
          { ...creds, authCode: fyers.issueAuthCode() },
        );
      },
      async () => {
        ssm.fail({ failure: "kms", op: "GetParameters", times: 1 });
        return ssmStore.read();
      },
      async () => {
        fyers.fail({ failure: "refuse_refresh", times: 1 });
        return refresh({ client: client(), store: file, logger }, { ...creds, pin: fyers.pin });
      },
      async () => {
        fyers.fail({ failure: "server_error_html" });
        try {
          return await auto(
            { client: client(), store: file, logger },
            { ...creds, pin: fyers.pin, force: true },
          );
        } finally {
          fyers.clearFailures();
        }
      },
      async () => {
        fyers.fail({ failure: "slow", delayMs: 3000, times: 1 });
        return createFyersClient({
          apiUrl: fyers.baseUrl,
          clientId: fyers.clientId,
          timeoutMs: 200,
        }).getProfile(tokens.accessToken);
      },
      async () => {
        const broken = join(dir, "broken.json");
        await writeFile(broken, `{"access_token": "${tokens.accessToken}"`);
        return createFileStore({ path: broken }).read();
      },
      () => readAccessToken(createFileStore({ path: join(dir, "none.json") })),
    ];

    const seen: string[] = [];
    for (const [index, run] of failures.entries()) {
      const error = await Promise.resolve()
        .then(run)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error, `failure case ${index} did not fail`).toBeDefined();
      seen.push(...texts(error));
    }
    await refresh({ client: client(), store: file, logger }, { ...creds, pin: fyers.pin });
    seen.push(
      JSON.stringify(await verify({ client: client(), store: file, logger })).replace(
        /"(accessToken|tokens)":.*?[,}]/g,
        "",
      ),
    );
    seen.push(...lines);

    for (const text of seen) {
      for (const secret of secrets) expect(text, "a secret leaked").not.toContain(secret);
    }
  });

  it("the scrubber masks known secrets (short ones as whole words) and anything shaped like a JWT", () => {
    const scrubber = createScrubber();
    scrubber.add("abcd1234", "4721", undefined, "xy");
    expect(scrubber.scrub("token abcd1234 and 4721 and xy, ABCDE47215-100")).toBe(
      "token *** and *** and xy, ABCDE47215-100",
    );
    expect(scrubber.scrub("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).toBe("eyJhbGci…");
  });
});
