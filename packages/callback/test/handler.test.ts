// The built handler (dist/index.mjs) in a Node 24 process, fed function-URL events (payload 2.0),
// over the real AWS SDK to the SSM fake and core's client to the FYERS fake.
import { makeAccessToken, makeRefreshToken } from "@fyers-token/testkit";
import { expectNoSecrets } from "@fyers-token/testkit/harness";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { signState, stateKey } from "../src/state.js";
import { functionUrlEvent } from "./support/function-url.mjs";
import {
  type Answer,
  buildBundle,
  type CallbackWorld,
  DOMAIN,
  ownerQuery,
  PARAMS,
  startLocalLambda,
  startWorld,
} from "./support/lambda.js";

const HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "strict-transport-security": "max-age=31536000",
};

let world: CallbackWorld | undefined;
const answers: Answer[] = [];

beforeAll(() => buildBundle());
afterEach(async () => {
  // Every answer of every case: the security headers, and no secret in page, headers or logs.
  if (world) {
    for (const answer of answers) {
      expect(answer.headers).toMatchObject(HEADERS);
      const csp = answer.headers["content-security-policy"] ?? "";
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/script-src 'none'/);
      expect(csp).not.toMatch(/https?:|\*|unsafe/);
      expectNoSecrets(answer.body, world.secrets(), "a page");
      expectNoSecrets(JSON.stringify(answer.headers), world.secrets(), "the headers");
    }
    expectNoSecrets(world.lambda.logs(), world.secrets(), "the function's log");
    await world.close();
  }
  world = undefined;
  answers.length = 0;
});

async function get(path: string, query = "", cookies: string[] = []): Promise<Answer> {
  const answer = await (world as CallbackWorld).lambda.get(path, query, { cookies });
  answers.push(answer);
  return answer;
}

/** GET /login?k=KEY (the owner's link), the state it put in FYERS' login URL, the cookie it set. */
async function startLogin(): Promise<{ answer: Answer; location: URL; state: string; cookie: string }> {
  const answer = await get("/login", ownerQuery((world as CallbackWorld).fyers.appSecret));
  const location = new URL(answer.headers.location ?? "");
  const cookie = (answer.cookies?.[0] ?? "").split(";")[0] ?? "";
  return { answer, location, state: location.searchParams.get("state") ?? "", cookie };
}

function callbackQuery(code: string, state: string): string {
  return new URLSearchParams({ s: "ok", code: "200", auth_code: code, state }).toString();
}

const ops = (w: CallbackWorld) => w.ssm.requests.map((r) => r.op);
const fyersCalls = (w: CallbackWorld, endpoint: string) =>
  w.fyers.requests.filter((r) => r.path.endsWith(`/${endpoint}`));

describe("GET /login", () => {
  it("redirects to FYERS with the client id, the function URL's /callback and a signed state, after one SSM read", async () => {
    world = await startWorld();
    const { answer, location, state, cookie } = await startLogin();
    expect(answer.statusCode).toBe(302);
    // The login id cookie the state is tied to: only this browser sees "Logged in" on a reload.
    expect(answer.cookies).toHaveLength(1);
    expect(answer.cookies?.[0]).toMatch(
      /^__Host-fyers-login=[\w-]{22}; Secure; HttpOnly; SameSite=Lax; Path=\/; Max-Age=900$/,
    );
    expect(cookie).toMatch(/^__Host-fyers-login=/);
    expect(`${location.origin}${location.pathname}`).toBe(`${world.fyers.baseUrl}/generate-authcode`);
    expect(location.searchParams.get("client_id")).toBe(world.fyers.clientId);
    expect(location.searchParams.get("redirect_uri")).toBe(`https://${DOMAIN}/callback`);
    expect(location.searchParams.get("response_type")).toBe("code");
    expect(state).toMatch(/^v2\.\d{10}\.[\w-]{22}\.[\w-]{22}\.[\w-]{43}$/);
    expect(ops(world)).toEqual(["GetParameters"]);
    expect(world.ssm.requests[0]?.body.Names).toEqual(
      expect.arrayContaining([PARAMS.clientId, PARAMS.appSecret, PARAMS.accessToken, PARAMS.refreshToken]),
    );
    expect(world.ssm.requests[0]?.body.WithDecryption).toBe(true);
    expect(world.fyers.requests).toHaveLength(0);
    expect(world.lambda.lines()).toEqual([
      expect.objectContaining({ route: "/login", status: 302, outcome: "redirected" }),
    ]);
  });

  it("uses FYERS_REDIRECT_URI when set (a custom domain)", async () => {
    world = await startWorld({ env: () => ({ FYERS_REDIRECT_URI: "https://login.example.com/callback" }) });
    const { location } = await startLogin();
    expect(location.searchParams.get("redirect_uri")).toBe("https://login.example.com/callback");
  });

  it("says how to store the app secret when SSM has none, without naming the parameter", async () => {
    world = await startWorld();
    world.ssm.parameters.delete(PARAMS.appSecret);
    const answer = await get("/login", ownerQuery(world.fyers.appSecret));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("This callback is not set up yet.");
    expect(answer.body).toContain("put-parameters.ts --app-secret -");
    expect(answer.body).not.toContain(PARAMS.appSecret);
    expect(answer.body).toMatch(/Request id: [\w-]{36}/);
    expect(String(world.lambda.lines().at(-1)?.detail)).toContain(`SSM has no ${PARAMS.appSecret}`);
  });

  it("without the key, or with a wrong one: the same 404 as an unknown path, and no read on a warm instance", async () => {
    world = await startWorld();
    const unknown = await get("/nothing-here");
    const none = await get("/login");
    expect(world.ssm.requests).toHaveLength(0); // no key: refused before anything is read
    await startLogin(); // the owner warms the instance
    const reads = world.ssm.requests.length;
    const wrong = [
      await get("/login", ownerQuery("another app secret")),
      await get("/login", "k=short"),
      await get("/login", `k=${"A".repeat(43)}`),
      await get("/login", "k="),
    ];
    for (const answer of [none, ...wrong]) {
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toBe(unknown.body);
      expect(answer.headers).toEqual(unknown.headers);
      expect(answer.cookies).toBeUndefined();
    }
    expect(world.ssm.requests.length).toBe(reads);
    expect(world.fyers.requests).toHaveLength(0);
  });
});

describe("the owner's key after a rotation, and FYERS_FY_ID", () => {
  it("a rotated app secret: the new link is a 404 with no read while the cached secret is under a minute old, then works after one read", async () => {
    world = await startWorld();
    world.ssm.put(PARAMS.appSecret, "the secret before the rotation");
    expect((await get("/login", ownerQuery("the secret before the rotation"))).statusCode).toBe(302);
    world.ssm.put(PARAMS.appSecret, world.fyers.appSecret);
    const reads = world.ssm.requests.length;
    expect((await get("/login", ownerQuery(world.fyers.appSecret))).statusCode).toBe(404);
    expect(world.ssm.requests.length).toBe(reads);
    world.lambda.setClockOffset(61_000);
    const { answer } = await startLogin();
    expect(answer.statusCode).toBe(302);
    // One read of the secret; its tokens serve the state's binding, no second read.
    expect(world.ssm.requests.slice(reads).map((r) => r.op)).toEqual(["GetParameters"]);
    expect(world.ssm.requests.at(-1)?.body.Names).toContain(PARAMS.appSecret);
    // The old link is now the wrong key, and the secret was just read: 404, no read.
    expect((await get("/login", ownerQuery("the secret before the rotation"))).statusCode).toBe(404);
    expect(world.ssm.requests.length).toBe(reads + 1);
  });

  it("FYERS_FY_ID that is not a FYERS user id: the set-up page, nothing read", async () => {
    for (const junk of ["XA 12345", "12345", "*", "arn:aws:iam::1:user/x"]) {
      world = await startWorld({ env: () => ({ FYERS_FY_ID: junk }) });
      const answer = await get("/login", ownerQuery(world.fyers.appSecret));
      expect(answer.statusCode, junk).toBe(500);
      expect(answer.body).toContain("This callback is not set up yet.");
      expect(String(world.lambda.lines().at(-1)?.detail)).toContain("FYERS_FY_ID: is not a FYERS user id");
      expect(world.ssm.requests).toHaveLength(0);
      await world.close();
      world = undefined;
      answers.length = 0;
    }
  });

  it("FYERS_FY_ID set: the owner's first login stores; another user's login is refused even with the owner's tokens stored", async () => {
    world = await startWorld({ env: () => ({ FYERS_FY_ID: "fx0011" }) });
    const { state } = await startLogin();
    expect((await get("/callback", callbackQuery(world.fyers.issueAuthCode(), state))).statusCode).toBe(200);
    await world.lambda.close();
    world.lambda = await startLocalLambda({
      AWS_ENDPOINT_URL_SSM: world.ssm.endpoint,
      FYERS_API_URL: world.fyers.baseUrl,
      FYERS_FY_ID: "XA12345",
    });
    const stored = world.ssm.parameters.get(PARAMS.accessToken)?.value;
    const { state: next } = await startLogin();
    const refused = await get("/callback", callbackQuery(world.fyers.issueAuthCode(), next));
    expect(refused.statusCode).toBe(403);
    expect(world.ssm.parameters.get(PARAMS.accessToken)?.value).toBe(stored);
    expect(world.lambda.lines().at(-1)).toMatchObject({ outcome: "other_user" });
  });
});

describe("GET /callback", () => {
  it("checks the state, exchanges once, stores the tokens: 1 SSM read, 1 exchange, ≤3 SSM writes, no profile call", async () => {
    const old = { accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken: makeRefreshToken() };
    world = await startWorld({ tokens: old });
    const { state } = await startLogin();
    const before = world.ssm.requests.length;
    const code = world.fyers.issueAuthCode();
    const answer = await get("/callback", callbackQuery(code, state));

    expect(answer.statusCode).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.body).toContain("Logged in");
    expect(answer.body).toMatch(/Valid until \d{4}-\d\d-\d\d 06:00 IST/);
    expect(answer.body).toContain("You can close this tab.");
    const during = world.ssm.requests.slice(before);
    expect(during.filter((r) => r.op === "GetParameters")).toHaveLength(1);
    // Warm: the cached secret is not read again, only the tokens.
    expect(during[0]?.body.Names).not.toContain(PARAMS.appSecret);
    const writes = during.filter((r) => r.op === "PutParameter");
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.length).toBeLessThanOrEqual(3);
    expect(during.map((r) => r.op).filter((op) => op !== "GetParameters" && op !== "PutParameter")).toEqual(
      [],
    );
    for (const write of writes) expect(write.body).toMatchObject({ Type: "SecureString", Overwrite: true });
    expect(fyersCalls(world, "validate-authcode")).toHaveLength(1);
    expect(fyersCalls(world, "profile")).toHaveLength(0);
    expect(world.fyers.requests).toHaveLength(1);
    expect(world.fyers.requests[0]?.body).toMatchObject({
      grant_type: "authorization_code",
      code,
      appIdHash: world.fyers.appIdHash,
    });

    const stored = world.ssm.parameters;
    expect(stored.get(PARAMS.accessToken)?.value).not.toBe(old.accessToken);
    expect(stored.get(PARAMS.refreshToken)?.value).not.toBe(old.refreshToken);
    expect(stored.get(PARAMS.accessToken)?.value).toMatch(/^eyJ/);
    expect(world.lambda.lines().at(-1)).toMatchObject({ route: "/callback", status: 200, outcome: "stored" });
    expect(world.lambda.lines().at(-1)?.detail).toBe("stored in ssm:/stock-pipeline/fyers");
    // The long-lived refresh token first; the client id is unchanged, so not written.
    expect(writes.map((w) => w.body.Name)).toEqual([PARAMS.refreshToken, PARAMS.accessToken]);
  });

  it("stores the first tokens when SSM holds none yet", async () => {
    world = await startWorld();
    const { state } = await startLogin();
    const answer = await get("/callback", callbackQuery(world.fyers.issueAuthCode(), state));
    expect(answer.statusCode).toBe(200);
    expect(world.ssm.parameters.get(PARAMS.accessToken)?.type).toBe("SecureString");
    expect(world.ssm.parameters.get(PARAMS.refreshToken)?.type).toBe("SecureString");
  });

  it("refuses the same callback URL a second time (the state is bound to the stored refresh token)", async () => {
    world = await startWorld();
    const { state, cookie } = await startLogin();
    const query = callbackQuery(world.fyers.issueAuthCode(), state);
    const done = await get("/callback", query, [cookie]);
    expect(done.statusCode).toBe(200);
    expect(done.body).not.toContain(PARAMS.accessToken.replace(/\/access_token$/, ""));
    const stored = world.ssm.parameters.get(PARAMS.accessToken)?.version;
    // Another browser (no cookie): the generic page, nothing about the account.
    const replay = await get("/callback", query);
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain("This login link expired or was used: start again from your bookmark.");
    expect(replay.body).not.toMatch(/\d{4}-\d\d-\d\d|\d\d:\d\d|Valid|Logged in|href=/);
    // The browser that logged in: its reload shows the validity.
    const reload = await get("/callback", query, [cookie]);
    expect(reload.statusCode).toBe(200);
    expect(reload.body).toContain("Logged in");
    expect(reload.body).toMatch(/Valid until \d{4}-\d\d-\d\d 06:00 IST/);
    expect(fyersCalls(world, "validate-authcode")).toHaveLength(1);
    expect(world.ssm.parameters.get(PARAMS.accessToken)?.version).toBe(stored);
  });

  it("refuses a state older than 15 minutes, a forged one and none at all with one generic page, no FYERS call", async () => {
    world = await startWorld();
    const key = stateKey(world.fyers.appSecret);
    const first = { refreshToken: undefined, loginId: "a login id" };
    const expired = signState(key, first, Date.now() - 16 * 60_000);
    const forged = signState(stateKey("not the app secret"), first, Date.now());
    const { state } = await startLogin();
    const reads = world.ssm.requests.length;
    const tampered = `${state.slice(0, -2)}${state.endsWith("AA") ? "BB" : "AA"}`;
    const pages = new Set<string>();
    for (const bad of [expired, forged, tampered, "sample_state"]) {
      const answer = await get("/callback", callbackQuery(world.fyers.issueAuthCode(), bad));
      expect(answer.statusCode, bad).toBe(400);
      expect(answer.body).toContain("This login link expired or was used: start again from your bookmark.");
      pages.add(answer.body);
    }
    expect(pages.size).toBe(1);
    // Warm, a forgery costs no read (the secret was read less than a minute ago).
    expect(world.ssm.requests.length).toBe(reads);
    expect(
      world.lambda
        .lines()
        .slice(-4)
        .map((l) => l.outcome),
    ).toEqual(["state_expired", "state_forged", "state_forged", "state_malformed"]);
    const none = await get(
      "/callback",
      new URLSearchParams({ s: "ok", code: "200", auth_code: world.fyers.issueAuthCode() }).toString(),
    );
    expect(none.statusCode).toBe(400);
    expect(world.fyers.requests).toHaveLength(0);
    expect(world.ssm.requests.filter((r) => r.op === "PutParameter")).toHaveLength(0);
    // A fresh, genuine state still works after all that.
    expect((await get("/callback", callbackQuery(world.fyers.issueAuthCode(), state))).statusCode).toBe(200);
  });

  it("s=error and a missing auth_code: start again, nothing read or stored, the message never shown", async () => {
    world = await startWorld();
    const failedLogin = await get("/callback", "s=error&code=-413&message=Invalid%20PIN%20call%20us&state=x");
    expect(failedLogin.statusCode).toBe(400);
    expect(failedLogin.body).toContain("FYERS says the login did not complete.");
    expect(failedLogin.body).toContain("Start again from your bookmarked login link.");
    expect(failedLogin.body).not.toContain("Invalid PIN");
    expect(failedLogin.body).not.toContain("call us");
    const noCode = await get("/callback", "s=ok&code=200&state=x");
    expect(noCode.statusCode).toBe(400);
    expect(noCode.body).toContain("no auth code");
    expect(world.ssm.requests).toHaveLength(0);
    expect(world.fyers.requests).toHaveLength(0);
  });

  it("a code FYERS refuses: the log-in-again page with the link, nothing stored", async () => {
    world = await startWorld();
    const { state } = await startLogin();
    const used = world.fyers.issueAuthCode();
    await fetch(`${world.fyers.baseUrl}/validate-authcode`, {
      method: "POST",
      body: JSON.stringify({
        grant_type: "authorization_code",
        appIdHash: world.fyers.appIdHash,
        code: used,
      }),
    });
    const answer = await get("/callback", callbackQuery(used, state));
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain("FYERS did not accept the code of this login");
    expect(answer.body).toContain("Start again from your bookmarked login link.");
    expect(world.ssm.requests.filter((r) => r.op === "PutParameter")).toHaveLength(0);
    expect(world.lambda.lines().at(-1)).toMatchObject({ outcome: "code_refused", status: 400 });
  });

  it("refuses another FYERS user's tokens: nothing stored, the page says why", async () => {
    const owner = {
      accessToken: makeAccessToken({ fyId: "FY7777" }),
      refreshToken: makeRefreshToken({ fyId: "FY7777" }),
    };
    world = await startWorld({ tokens: owner });
    const { state } = await startLogin();
    const answer = await get("/callback", callbackQuery(world.fyers.issueAuthCode(), state));
    expect(answer.statusCode).toBe(403);
    expect(answer.body).toContain("another FYERS user");
    expect(answer.body).toContain("Nothing was stored");
    expect(answer.body).not.toContain("FY7777");
    expect(world.ssm.parameters.get(PARAMS.accessToken)?.value).toBe(owner.accessToken);
    expect(world.ssm.parameters.get(PARAMS.refreshToken)?.value).toBe(owner.refreshToken);
    expect(world.ssm.requests.filter((r) => r.op === "PutParameter")).toHaveLength(0);
    expect(world.lambda.lines().at(-1)).toMatchObject({ outcome: "other_user", status: 403 });
  });

  it("SSM denying the read: the page names no action or parameter, the log (found by the request id) does", async () => {
    world = await startWorld();
    world.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const answer = await get("/login", ownerQuery(world.fyers.appSecret));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("AWS refused the callback access to its parameters.");
    // The fix in a Lambda is the stack's role, not the action's policy file.
    expect(answer.body).toContain("deploy the callback again with the prefix your parameters use");
    expect(answer.body).not.toMatch(/ssm:|kms:|stock-pipeline|AccessDenied|fyers-token-policy/);
    const id = /Request id: ([\w-]+)/.exec(answer.body)?.[1];
    const line = world.lambda.lines().at(-1);
    expect(line?.requestId).toBe(id);
    expect(String(line?.detail)).toContain("ssm:GetParameters");
  });

  it("SSM denying the write after FYERS issued tokens: the page says log in again, the log names what was written", async () => {
    world = await startWorld();
    const { state } = await startLogin();
    world.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAMS.accessToken });
    const answer = await get("/callback", callbackQuery(world.fyers.issueAuthCode(), state));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("FYERS issued new tokens, but they were not all stored: log in again.");
    expect(answer.body).toContain("AWS refused the callback access to its parameters.");
    expect(answer.body).not.toMatch(/ssm:|stock-pipeline/);
    expect(answer.body).not.toContain("Logged in");
    const line = world.lambda.lines().at(-1);
    expect(line).toMatchObject({ outcome: "store_failed_after_issue", status: 500 });
    expect(String(line?.detail)).toContain(PARAMS.refreshToken);
  });
});

describe("other requests", () => {
  it("405 for other methods, 404 for other paths, each a page with the headers", async () => {
    world = await startWorld();
    for (const method of ["POST", "PUT", "DELETE", "HEAD", "OPTIONS"]) {
      const answer = await world.lambda.invoke(
        functionUrlEvent({ method, path: "/callback", domainName: DOMAIN, body: "x=1" }),
      );
      answers.push(answer);
      expect(answer.statusCode, method).toBe(405);
      expect(answer.headers.allow).toBe("GET");
    }
    for (const path of ["/", "/favicon.ico", "/login/", "/callback/../login", "/LOGIN"]) {
      const answer = await get(path);
      expect(answer.statusCode, path).toBe(404);
      expect(answer.body).toContain("<!doctype html>");
    }
    expect(world.ssm.requests).toHaveLength(0);
    expect(world.fyers.requests).toHaveLength(0);
    expect(world.lambda.lines()).toHaveLength(10);
    for (const line of world.lambda.lines())
      expect(Object.keys(line).sort()).toEqual(["method", "ms", "outcome", "requestId", "route", "status"]);
  });

  it("keeps every secret out of the function's environment", async () => {
    world = await startWorld();
    expectNoSecrets(JSON.stringify(world.lambda.env), world.secrets(), "the function's environment");
    expect(
      Object.keys(world.lambda.env)
        .filter((k) => k.startsWith("FYERS_"))
        .sort(),
    ).toEqual(["FYERS_API_URL", "FYERS_SSM_PREFIX"]);
  });
});
