// Fidelity to FYERS: the official npm SDK (fyers-api-v3, axios) and our client (fetch), both
// under nock, must send the same request for the same inputs.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fyersApi from "fyers-api-v3";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_URL } from "../src/config.js";
import { createFyersClient } from "../src/fyers/client.js";
import { appIdHash } from "../src/fyers/hash.js";

const CLIENT_ID = "ABCDE12345-100";
const SECRET = "TESTSECRET99";
const AUTH_CODE = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhdXRoX2NvZGUifQ.c2lnbmF0dXJl";
const ACCESS = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY2Nlc3NfdG9rZW4ifQ.c2lnbmF0dXJl";
const HOST = new URL(DEFAULT_API_URL).origin;
const PATH = new URL(DEFAULT_API_URL).pathname;

interface Captured {
  body?: unknown;
  authorization?: string | string[] | undefined;
}

/** Intercepts one call to `endpoint` and records what arrived. */
function capture(method: "post" | "get", endpoint: string, reply: object): Captured {
  const seen: Captured = {};
  const scope = nock(HOST)[method](`${PATH}/${endpoint}`, (body: unknown) => {
    seen.body = body;
    return true;
  });
  scope.reply(function () {
    seen.authorization = this.req.headers.authorization;
    return [200, reply];
  });
  return seen;
}

let sdk: InstanceType<typeof fyersApi.fyersModel>;

beforeAll(async () => {
  nock.disableNetConnect();
  // The SDK writes debug logs (secrets included) to files unless told not to.
  sdk = new fyersApi.fyersModel({ path: await mkdtemp(join(tmpdir(), "fyers-sdk-")), enableLogging: false });
  sdk.setAppId(CLIENT_ID);
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("our client sends what the official SDK sends", () => {
  it("validate-authcode: the same JSON body (grant_type, appIdHash, code)", async () => {
    const tokens = { s: "ok", code: 200, message: "", access_token: ACCESS, refresh_token: ACCESS };
    const fromSdk = capture("post", "validate-authcode", tokens);
    await sdk.generate_access_token({ client_id: CLIENT_ID, secret_key: SECRET, auth_code: AUTH_CODE });
    const fromUs = capture("post", "validate-authcode", tokens);
    await createFyersClient({ apiUrl: DEFAULT_API_URL, clientId: CLIENT_ID }).exchangeAuthCode(
      appIdHash(CLIENT_ID, SECRET),
      AUTH_CODE,
    );

    expect(fromSdk.body).toEqual({
      grant_type: "authorization_code",
      code: AUTH_CODE,
      appIdHash: appIdHash(CLIENT_ID, SECRET),
    });
    expect(fromUs.body).toEqual(fromSdk.body);
  });

  it("profile: the same Authorization header (client_id:access_token, no Bearer)", async () => {
    const profile = { s: "ok", code: 200, message: "", data: { name: "TEST USER", fy_id: "FX0011" } };
    const fromSdk = capture("get", "profile", profile);
    sdk.setAccessToken(ACCESS);
    await sdk.get_profile();
    const fromUs = capture("get", "profile", profile);
    await createFyersClient({ apiUrl: DEFAULT_API_URL, clientId: CLIENT_ID }).getProfile(ACCESS);

    expect(fromSdk.authorization).toBe(`${CLIENT_ID}:${ACCESS}`);
    expect(fromUs.authorization).toBe(fromSdk.authorization);
  });
});
