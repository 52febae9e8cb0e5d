// The login callback (packages/callback) under hostile conditions: the BUILT bundle in a Node 24
// process, fed function-URL events, over the real AWS SDK to the SSM fake and core's client to
// the FYERS fake. Faults never report a half-done login as done and never lose tokens silently;
// bad input is refused before FYERS is called; every answer and log line is scanned for secrets.
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { makeAccessToken, makeRefreshToken } from "@fyers-token/testkit";
import { afterAll, beforeAll, describe, expect, it, type TaskMeta } from "vitest";
import { newLoginId, signState, stateKey } from "../../callback/src/state.js";
import { functionUrlEvent } from "../../callback/test/support/function-url.mjs";
import {
  type Answer,
  buildBundle,
  type CallbackWorld,
  DOMAIN,
  ownerQuery,
  PARAMS,
  startLocalLambda,
  startWorld,
} from "../../callback/test/support/lambda.js";
import { LeakGuard } from "./faults/guard.js";

beforeAll(() => buildBundle(), 60_000);

/** Scans every answer's page and headers and the function's log; records the run for the verdict. */
function guarded(meta: TaskMeta, world: CallbackWorld, answers: Answer[]): void {
  const guard = new LeakGuard(meta);
  const texts = [
    ...answers.flatMap((a, i) => [
      { where: `page ${i + 1}`, text: a.body },
      { where: `headers ${i + 1}`, text: JSON.stringify(a.headers) },
    ]),
    { where: "the function's log", text: world.lambda.logs() },
  ];
  expect(guard.scan(texts, world.secrets())).toEqual([]);
  for (const answer of answers) {
    expect(answer.headers).toMatchObject({
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
      "strict-transport-security": "max-age=31536000",
    });
    expect(answer.headers["content-security-policy"]).toContain("default-src 'none'");
  }
  expect(world.lambda.lines().length, "one log line per request").toBe(answers.length);
}

/** The owner's /login?k=KEY (KEY from `appSecret`, the app's by default): the state and the login cookie. */
async function loginState(
  world: CallbackWorld,
  appSecret = world.fyers.appSecret,
): Promise<{ answer: Answer; state: string; cookie: string }> {
  const answer = await world.lambda.get("/login", ownerQuery(appSecret));
  return {
    answer,
    state: new URL(answer.headers.location ?? "").searchParams.get("state") ?? "",
    cookie: (answer.cookies?.[0] ?? "").split(";")[0] ?? "",
  };
}

/** What no page for a stranger may hold: a date, a time, the prefix, a parameter, an IAM action, AWS' words. */
const NO_DATE = /\d{4}-\d\d-\d\d|\d\d:\d\d|IST|Valid until|expired at/;
const NO_AWS_DETAIL = /stock-pipeline|\/client_id|\/app_secret|_token|ssm:|kms:|AccessDenied|Exception|arn:/;

const query = (code: string, state: string) =>
  new URLSearchParams({ s: "ok", code: "200", auth_code: code, state }).toString();
const exchanges = (world: CallbackWorld) =>
  world.fyers.requests.filter((r) => r.path.endsWith("/validate-authcode"));
const writes = (world: CallbackWorld) => world.ssm.requests.filter((r) => r.op === "PutParameter");
const tokenParams = (world: CallbackWorld) => ({
  access: world.ssm.parameters.get(PARAMS.accessToken)?.value,
  refresh: world.ssm.parameters.get(PARAMS.refreshToken)?.value,
});

/**
 * An SSM endpoint in front of the fake that never answers the named operations (a hung
 * connection), so a deadline is the only way out.
 */
async function hangingSsm(target: string, hang: string[]) {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const op = String(req.headers["x-amz-target"] ?? "").replace("AmazonSSM.", "");
    if (hang.includes(op)) return; // never answered
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A FYERS stand-in whose validate-authcode refusal repeats the code and appIdHash it was sent. */
async function echoingFyers() {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push(body);
      const sent = JSON.parse(body || "{}") as { code?: string; appIdHash?: string };
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          s: "error",
          code: -413,
          message: `echoed: code ${sent.code} is not valid for appIdHash ${sent.appIdHash}`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Tokens = { accessToken: string; refreshToken: string };
/** `fresh(tokens?)`: a new world for this case; every world it made is closed when the case ends. */
const faultIt = it.extend<{ fresh: (tokens?: Tokens) => Promise<CallbackWorld> }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
  fresh: async ({}, use) => {
    const worlds: CallbackWorld[] = [];
    await use(async (tokens) => {
      const world = await startWorld(tokens ? { tokens } : {});
      worlds.push(world);
      return world;
    });
    await Promise.all(worlds.map((world) => world.close()));
  },
});

// Each case has a world of its own (fakes and a Lambda process), closed when it ends, so the
// cases run at once: most of their time is a deadline or a back-off waited out.
describe.concurrent("fault: …", () => {
  const old = () => ({ accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken: makeRefreshToken() });
  /** Tokens of a login two hours ago (the access token expired an hour ago). */
  const earlier = () => {
    const nowMs = Date.now() - 2 * 3600_000;
    return {
      accessToken: makeAccessToken({ nowMs, expSeconds: 3600 }),
      refreshToken: makeRefreshToken({ nowMs }),
    };
  };

  faultIt(
    "fault: SSM throttles the read: an error page, no FYERS call, nothing written",
    async ({ task, fresh }) => {
      const w = await fresh();
      w.ssm.fail({ failure: "throttle", op: "GetParameters" });
      const answer = await w.lambda.get("/login", ownerQuery(w.fyers.appSecret));
      expect(answer.statusCode).toBe(500);
      expect(answer.body).toContain("AWS SSM is throttling this callback.");
      expect(answer.body).not.toMatch(NO_AWS_DETAIL);
      expect(w.fyers.requests).toHaveLength(0);
      expect(writes(w)).toHaveLength(0);
      guarded(task.meta, w, [answer]);
    },
  );

  faultIt(
    "fault: SSM keeps throttling (5 logins in a row): every page says SSM is throttling, none 'did not answer'",
    async ({ task, fresh }) => {
      const w = await fresh();
      w.ssm.fail({ failure: "throttle", op: "GetParameters" });
      const answers: Answer[] = [];
      for (let i = 0; i < 5; i++) answers.push(await w.lambda.get("/login", ownerQuery(w.fyers.appSecret)));
      for (const answer of answers) {
        expect(answer.statusCode).toBe(500);
        expect(answer.body).toContain("AWS SSM is throttling this callback.");
        expect(answer.body).not.toContain("did not answer");
      }
      expect(w.fyers.requests).toHaveLength(0);
      guarded(task.meta, w, answers);
    },
  );

  faultIt(
    "fault: SSM denies the read (AccessDenied): the page names no parameter, prefix or action; its request id finds the log line that does",
    async ({ task, fresh }) => {
      const w = await fresh();
      w.ssm.fail({ failure: "access_denied", op: "GetParameters" });
      const answer = await w.lambda.get("/login", ownerQuery(w.fyers.appSecret));
      expect(answer.statusCode).toBe(500);
      expect(answer.body).toContain("AWS refused the callback access to its parameters.");
      expect(answer.body).not.toMatch(NO_AWS_DETAIL);
      const id = /Request id: ([\w-]+)/.exec(answer.body)?.[1];
      expect(id).toMatch(/^[\w-]{36}$/);
      const line = w.lambda.lines().at(-1);
      expect(line?.requestId).toBe(id);
      expect(String(line?.detail)).toContain("grant ssm:GetParameters");
      expect(w.fyers.requests).toHaveLength(0);
      guarded(task.meta, w, [answer]);
    },
  );

  faultIt(
    "fault: SSM hangs on the read: the page comes within the Lambda's 10 s, naming the deadline",
    async ({ task, fresh }) => {
      const w = await fresh();
      const hang = await hangingSsm(w.ssm.endpoint, ["GetParameters"]);
      await w.lambda.close();
      w.lambda = await startLocalLambda({
        AWS_ENDPOINT_URL_SSM: hang.endpoint,
        FYERS_API_URL: w.fyers.baseUrl,
      });
      try {
        const started = Date.now();
        const answer = await w.lambda.get("/login", ownerQuery(w.fyers.appSecret));
        expect(Date.now() - started).toBeLessThan(5000);
        expect(answer.statusCode).toBe(502);
        expect(answer.body).toContain("AWS SSM did not answer in time.");
        expect(answer.body).not.toMatch(NO_AWS_DETAIL);
        guarded(task.meta, w, [answer]);
      } finally {
        await hang.close();
      }
    },
  );

  for (const [failure, says] of [
    // Throttling is retried by the SDK until the deadline.
    ["throttle", /AWS SSM is throttling|AWS SSM did not answer in time/],
    ["access_denied", /AWS refused the callback access to its parameters/],
    ["kms", /AWS refused the callback access to its parameters/],
  ] as const) {
    faultIt(
      `fault: SSM ${failure} on the write after FYERS issued tokens: "log in again", never "Logged in"`,
      async ({ task, fresh }) => {
        const w = await fresh(old());
        const before = tokenParams(w);
        const { answer: first, state } = await loginState(w);
        w.ssm.fail({ failure, op: "PutParameter" });
        const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
        expect(answer.statusCode).toBe(500);
        expect(answer.body).toContain("FYERS issued new tokens, but they were not all stored: log in again.");
        expect(answer.body).toMatch(says);
        expect(answer.body).not.toMatch(NO_AWS_DETAIL);
        expect(answer.body).not.toContain("Logged in");
        expect(exchanges(w)).toHaveLength(1);
        expect(tokenParams(w)).toEqual(before);
        expect(w.lambda.lines().at(-1)).toMatchObject({ outcome: "store_failed_after_issue" });
        guarded(task.meta, w, [first, answer]);
      },
    );
  }

  faultIt(
    "fault: SSM denies only the access token's write: the log names the refresh token as written",
    async ({ task, fresh }) => {
      const w = await fresh(old());
      const { answer: first, state } = await loginState(w);
      w.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAMS.accessToken });
      const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
      expect(answer.statusCode).toBe(500);
      expect(answer.body).toContain("log in again");
      expect(String(w.lambda.lines().at(-1)?.detail)).toContain(PARAMS.refreshToken);
      guarded(task.meta, w, [first, answer]);
    },
  );

  faultIt(
    "fault: SSM hangs on the write after FYERS issued tokens: a page within 10 s, not done",
    async ({ task, fresh }) => {
      const w = await fresh(old());
      const hang = await hangingSsm(w.ssm.endpoint, ["PutParameter"]);
      await w.lambda.close();
      w.lambda = await startLocalLambda({
        AWS_ENDPOINT_URL_SSM: hang.endpoint,
        FYERS_API_URL: w.fyers.baseUrl,
      });
      try {
        const { answer: first, state } = await loginState(w);
        const started = Date.now();
        const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
        expect(Date.now() - started).toBeLessThan(9000);
        expect(answer.statusCode).toBeGreaterThanOrEqual(500);
        expect(answer.body).toContain("log in again");
        expect(answer.body).toContain("did not answer in time");
        guarded(task.meta, w, [first, answer]);
      } finally {
        await hang.close();
      }
    },
  );

  for (const [failure, status, says] of [
    ["server_error_html", 502, "Wait a minute, then start again"],
    ["rate_limit", 503, "rate-limiting"],
    ["wrong_shape", 502, "Wait a minute"],
    ["ok_html", 502, "Wait a minute"],
  ] as const) {
    faultIt(
      `fault: FYERS ${failure} on the exchange: a ${status} page, nothing stored`,
      async ({ task, fresh }) => {
        const w = await fresh(old());
        const before = tokenParams(w);
        const { answer: first, state } = await loginState(w);
        w.fyers.fail({ failure, endpoint: "validate-authcode", retryAfterSeconds: 0 });
        const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
        expect(answer.statusCode).toBe(status);
        expect(answer.body).toContain(says);
        expect(answer.body).not.toContain('href="/login"');
        expect(writes(w)).toHaveLength(0);
        expect(tokenParams(w)).toEqual(before);
        guarded(task.meta, w, [first, answer]);
      },
    );
  }

  faultIt(
    "fault: FYERS refuses the connection: a page within the deadline, nothing stored",
    async ({ task, fresh }) => {
      const w = await fresh(old());
      const closed = await hangingSsm(w.ssm.endpoint, []);
      const deadPort = new URL(closed.endpoint).port;
      await closed.close(); // nothing listens there any more
      await w.lambda.close();
      w.lambda = await startLocalLambda({
        AWS_ENDPOINT_URL_SSM: w.ssm.endpoint,
        FYERS_API_URL: `http://127.0.0.1:${deadPort}/api/v3`,
      });
      const { answer: first, state } = await loginState(w);
      const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
      expect(answer.statusCode).toBe(502);
      expect(answer.body).toContain("Wait a minute, then start again");
      expect(writes(w)).toHaveLength(0);
      guarded(task.meta, w, [first, answer]);
    },
  );

  faultIt(
    "fault: FYERS slower than the deadline: a page within the Lambda's 10 s, nothing stored",
    async ({ task, fresh }) => {
      const w = await fresh(old());
      const { answer: first, state } = await loginState(w);
      w.fyers.fail({ failure: "slow", endpoint: "validate-authcode", delayMs: 30_000 });
      const started = Date.now();
      const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
      expect(Date.now() - started).toBeLessThan(7000);
      expect(answer.statusCode).toBe(502);
      expect(answer.body).toContain("FYERS did not answer in time");
      expect(writes(w)).toHaveLength(0);
      guarded(task.meta, w, [first, answer]);
    },
  );

  faultIt(
    "fault: FYERS rejects the app secret (rotated): a page naming it, and the secret is read again at once",
    async ({ task, fresh }) => {
      const w = await fresh();
      const { answer: first, state } = await loginState(w);
      w.fyers.fail({ failure: "wrong_hash", endpoint: "validate-authcode", times: 1 });
      const reads = w.ssm.requests.length;
      const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
      expect(answer.statusCode).toBe(500);
      expect(answer.body).toContain("app secret");
      expect(w.ssm.requests.slice(reads).at(-1)?.body.Names).toContain(PARAMS.appSecret);
      const again = await w.lambda.get("/login", ownerQuery(w.fyers.appSecret));
      expect(again.statusCode).toBe(302);
      guarded(task.meta, w, [first, answer, again]);
    },
  );

  faultIt(
    "fault: SSM holds tokens that name no FYERS user (not JWTs): a login is refused, nothing stored",
    async ({ task, fresh }) => {
      // Without a readable fy_id the owner is unknown: anyone's login (any browser gets a state
      // from /login) would replace the owner's tokens. Refused, and the page says how to reset.
      const w = await fresh({ accessToken: "not-a-jwt", refreshToken: "not-a-jwt-either" });
      const before = tokenParams(w);
      const { answer: first, state } = await loginState(w);
      const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
      expect(answer.statusCode).toBe(403);
      expect(answer.body).toContain("Nothing was stored");
      expect(answer.body).toContain("aws ssm delete-parameters");
      expect(answer.body).not.toContain("Logged in");
      expect(writes(w)).toHaveLength(0);
      expect(tokenParams(w)).toEqual(before);
      expect(w.lambda.lines().at(-1)).toMatchObject({ outcome: "owner_unknown", status: 403 });
      guarded(task.meta, w, [first, answer]);
    },
  );

  faultIt(
    "fault: events the handler cannot read (null, a path that is not a string): a page with the headers and one log line each",
    async ({ task, fresh }) => {
      const w = await fresh();
      const answers: Answer[] = [];
      for (const event of [null, { rawPath: 5, requestContext: { http: { method: ["GET"] } } }]) {
        const answer = await w.lambda.invoke(event as never);
        expect(answer.statusCode, JSON.stringify(event)).toBe(404);
        expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
        answers.push(answer);
      }
      expect(w.lambda.logs()).not.toContain("handler threw");
      expect(w.fyers.requests).toHaveLength(0);
      guarded(task.meta, w, answers);
    },
  );

  faultIt(
    "fault: the app secret in SSM is replaced while a warm instance holds the old one: the page says log in again, and the next login stores",
    async ({ task, fresh }) => {
      const w = await fresh(old());
      w.ssm.put(PARAMS.appSecret, "the secret before the rotation");
      // The warm instance keeps this secret.
      const { answer: first, state } = await loginState(w, "the secret before the rotation");
      w.ssm.put(PARAMS.appSecret, w.fyers.appSecret); // the owner stores the new one
      const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
      expect(answer.statusCode).toBe(409);
      expect(answer.body).toContain("The app secret in SSM changed after this login started");
      expect(answer.body).not.toContain("store it again");
      expect(answer.body).toContain("get the new one with login-link.ts");
      expect(writes(w)).toHaveLength(0);
      // The old bookmark's key no longer matches: a 404; the new link works.
      const oldLink = await w.lambda.get("/login", ownerQuery("the secret before the rotation"));
      expect(oldLink.statusCode).toBe(404);
      const { answer: second, state: next } = await loginState(w);
      const done = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), next));
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain("Logged in");
      guarded(task.meta, w, [first, answer, oldLink, second, done]);
    },
  );

  faultIt(
    "fault: the done page is reloaded: the browser that logged in sees 'Logged in, valid until', another browser the generic page with no date",
    async ({ task, fresh }) => {
      const w = await fresh(old());
      const { answer: first, state, cookie } = await loginState(w);
      const url = query(w.fyers.issueAuthCode(), state);
      const done = await w.lambda.get("/callback", url, { cookies: [cookie] });
      expect(done.statusCode).toBe(200);
      const reloaded = await w.lambda.get("/callback", url, { cookies: [cookie] });
      expect(reloaded.statusCode).toBe(200);
      expect(reloaded.body).toContain("Logged in");
      expect(reloaded.body).toMatch(/Valid until \d{4}-\d\d-\d\d/);
      expect(reloaded.body).not.toContain("unused code");
      // The same URL elsewhere (someone who found it in a history): nothing about the account.
      const elsewhere = await w.lambda.get("/callback", url);
      const otherCookie = await w.lambda.get("/callback", url, {
        cookies: [`__Host-fyers-login=${newLoginId()}`],
      });
      for (const page of [elsewhere, otherCookie]) {
        expect(page.statusCode).toBe(400);
        expect(page.body).toContain("This login link expired or was used: start again from your bookmark.");
        expect(page.body).not.toMatch(NO_DATE);
        expect(page.body).not.toContain("Logged in");
      }
      expect(exchanges(w)).toHaveLength(1);
      // A state that merely claims a time is not enough: a forged one gets the same generic page.
      const forged = signState(
        stateKey("not this app's secret"),
        { refreshToken: undefined, loginId: "x" },
        Date.now() - 60_000,
      );
      const refusedAnswer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), forged), {
        cookies: [cookie],
      });
      expect(refusedAnswer.body).toBe(elsewhere.body);
      guarded(task.meta, w, [first, done, reloaded, elsewhere, otherCookie, refusedAnswer]);
    },
  );

  faultIt(
    "fault: the store fails after FYERS issued tokens, then the page is reloaded: it says what SSM holds and that the code was spent, and FYERS is not asked again",
    async ({ task, fresh }) => {
      const w = await fresh(earlier());
      const before = tokenParams(w);
      const { answer: first, state, cookie } = await loginState(w);
      const url = query(w.fyers.issueAuthCode(), state);
      w.ssm.fail({ failure: "access_denied", op: "PutParameter" });
      const failedStore = await w.lambda.get("/callback", url, { cookies: [cookie] });
      expect(failedStore.statusCode).toBe(500);
      const reloaded = await w.lambda.get("/callback", url, { cookies: [cookie] });
      expect(reloaded.statusCode).toBe(409);
      expect(reloaded.body).toContain("already sent to FYERS and is spent");
      expect(reloaded.body).toContain("SSM holds an access token from an earlier login, which expired at");
      expect(reloaded.body).toContain("SSM holds a refresh token from an earlier login.");
      expect(reloaded.body).not.toMatch(/unused code|paste/);
      expect(exchanges(w)).toHaveLength(1);
      expect(tokenParams(w)).toEqual(before);
      guarded(task.meta, w, [first, failedStore, reloaded]);
    },
  );

  faultIt(
    "fault: only the refresh token is stored (the access token's write denied), then a reload: the page says the refresh token is from this login, the access token from before, the code spent",
    async ({ task, fresh }) => {
      const w = await fresh(earlier());
      const { answer: first, state, cookie } = await loginState(w);
      const url = query(w.fyers.issueAuthCode(), state);
      w.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAMS.accessToken });
      const partial = await w.lambda.get("/callback", url, { cookies: [cookie] });
      expect(partial.statusCode).toBe(500);
      const reloaded = await w.lambda.get("/callback", url, { cookies: [cookie] });
      expect(reloaded.statusCode).toBe(409);
      expect(reloaded.body).toContain("already sent to FYERS and is spent");
      expect(reloaded.body).toContain("SSM holds an access token from an earlier login");
      expect(reloaded.body).toContain("SSM holds a refresh token from this login.");
      expect(reloaded.body).not.toMatch(/unused code|paste|Logged in/);
      expect(exchanges(w)).toHaveLength(1);
      guarded(task.meta, w, [first, partial, reloaded]);
    },
  );

  faultIt(
    "fault: the app secret is rotated and a fresh instance starts the login: a warm instance holding the old secret re-reads it (once a minute at most) and accepts the state",
    async ({ task, fresh }) => {
      const w = await fresh(old());
      w.ssm.put(PARAMS.appSecret, "the secret before the rotation");
      const { answer: first } = await loginState(w, "the secret before the rotation"); // warm, old secret
      w.ssm.put(PARAMS.appSecret, w.fyers.appSecret); // the owner rotates it
      // What a fresh instance would have signed: the new secret's key, the stored refresh token.
      const fresher = (at: number) =>
        signState(
          stateKey(w.fyers.appSecret),
          { refreshToken: tokenParams(w).refresh, loginId: newLoginId() },
          at,
        );
      const reads = w.ssm.requests.length;
      // Within a minute of its last read the warm instance does not read again: forged, no read.
      const soon = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), fresher(Date.now())));
      expect(soon.statusCode).toBe(400);
      expect(w.ssm.requests.length).toBe(reads);
      w.lambda.setClockOffset(61_000);
      const later = await w.lambda.get(
        "/callback",
        query(w.fyers.issueAuthCode(), fresher(Date.now() + 61_000)),
      );
      expect(later.statusCode).toBe(200);
      expect(later.body).toContain("Logged in");
      expect(w.ssm.requests.slice(reads)[0]?.body.Names).toContain(PARAMS.appSecret);
      expect(exchanges(w)).toHaveLength(1);
      guarded(task.meta, w, [first, soon, later]);
    },
  );

  faultIt(
    "fault: FYERS echoes the auth code and the appIdHash in its error message: neither reaches the page",
    async ({ task, fresh }) => {
      const w = await fresh(old());
      const echo = await echoingFyers();
      await w.lambda.close();
      w.lambda = await startLocalLambda({
        AWS_ENDPOINT_URL_SSM: w.ssm.endpoint,
        FYERS_API_URL: echo.baseUrl,
      });
      try {
        const { answer: first, state } = await loginState(w);
        const code = w.fyers.issueAuthCode();
        const answer = await w.lambda.get("/callback", query(code, state));
        expect(answer.statusCode).toBeGreaterThanOrEqual(400);
        expect(echo.seen).toHaveLength(1);
        expect(answer.body).not.toContain(code);
        expect(answer.body).not.toContain(w.fyers.appIdHash);
        expect(answer.body).not.toContain("echoed");
        const guard = new LeakGuard(task.meta);
        const texts = [
          { where: "page", text: answer.body },
          { where: "the function's log", text: w.lambda.logs() },
        ];
        expect(guard.scan(texts, [...w.secrets(), code, w.fyers.appIdHash])).toEqual([]);
        expect(first.statusCode).toBe(302);
      } finally {
        await echo.close();
      }
    },
  );

  faultIt(
    "fault: SSM holds no app secret yet: a setup page with the command, no FYERS call",
    async ({ task, fresh }) => {
      const w = await fresh();
      const key = ownerQuery(w.fyers.appSecret);
      w.ssm.parameters.delete(PARAMS.appSecret);
      const answer = await w.lambda.get("/login", key);
      expect(answer.statusCode).toBe(500);
      expect(answer.body).toContain("put-parameters.ts --app-secret -");
      expect(answer.body).not.toMatch(NO_AWS_DETAIL);
      guarded(task.meta, w, [answer]);
    },
  );
});

// The deploy's refusals of a wildcard prefix, an http redirectUri and a wildcard KMS key (the
// function would serve, or the role cover, more than it should): hostile-deploy.test.ts.

describe("bad input: …", () => {
  let world: CallbackWorld;
  beforeAll(async () => {
    world = await startWorld({
      tokens: { accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken: makeRefreshToken() },
    });
  }, 60_000);
  afterAll(async () => world?.close());

  /** Each case: nothing reaches FYERS, nothing is written, and the answer is a refusal. */
  const refused = async (meta: TaskMeta, answers: Answer[], status: number, says: string) => {
    const last = answers.at(-1) as Answer;
    expect(last.statusCode).toBe(status);
    expect(last.body).toContain(says);
    expect(last.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(exchanges(world)).toHaveLength(0);
    expect(writes(world)).toHaveLength(0);
    const guard = new LeakGuard(meta);
    const texts = answers.flatMap((a) => [
      { where: "page", text: a.body },
      { where: "headers", text: JSON.stringify(a.headers) },
    ]);
    expect(guard.scan([...texts, { where: "log", text: world.lambda.logs() }], world.secrets())).toEqual([]);
  };
  const key = () => stateKey(world.fyers.appSecret);
  /** What /login would sign now: bound to the stored refresh token, for a new login id. */
  const binding = () => ({
    refreshToken: world.ssm.parameters.get(PARAMS.refreshToken)?.value,
    loginId: newLoginId(),
  });
  const GENERIC = "This login link expired or was used: start again from your bookmark.";

  it("bad input: a callback with no state", async ({ task }) => {
    const answer = await world.lambda.get(
      "/callback",
      `s=ok&code=200&auth_code=${world.fyers.issueAuthCode()}`,
    );
    await refused(task.meta, [answer], 400, GENERIC);
  });

  it("bad input: a forged state (signed with another key)", async ({ task }) => {
    const forged = signState(stateKey("someone else's secret"), binding(), Date.now());
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), forged));
    await refused(task.meta, [answer], 400, GENERIC);
  });

  it("bad input: a state with its issue time changed", async ({ task }) => {
    const { answer: first, state } = await loginState(world);
    const parts = state.split(".");
    const moved = [parts[0], String(Number(parts[1]) - 300), ...parts.slice(2)].join(".");
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), moved));
    await refused(task.meta, [first, answer], 400, GENERIC);
  });

  it("bad input: an expired state (16 minutes old, genuinely signed)", async ({ task }) => {
    const expired = signState(key(), binding(), Date.now() - 16 * 60_000);
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), expired));
    await refused(task.meta, [answer], 400, GENERIC);
    expect(answer.body).not.toMatch(NO_DATE);
  });

  it("bad input: a state from the future", async ({ task }) => {
    const future = signState(key(), binding(), Date.now() + 10 * 60_000);
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), future));
    await refused(task.meta, [answer], 400, GENERIC);
    expect(answer.body).not.toMatch(NO_DATE);
  });

  it("bad input: a replayed state (issued before the last successful login)", async ({ task }) => {
    const before = signState(
      key(),
      { refreshToken: "the refresh token stored before the last login", loginId: newLoginId() },
      Date.now(),
    );
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), before));
    await refused(task.meta, [answer], 400, GENERIC);
    expect(answer.body).not.toMatch(NO_DATE);
  });

  it("bad input: the seed guide's sample_state", async ({ task }) => {
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), "sample_state"));
    await refused(task.meta, [answer], 400, GENERIC);
  });

  it("bad input: s=error with HTML or a phishing text in its message: the message never reaches the page", async ({
    task,
  }) => {
    const answers: Answer[] = [];
    for (const message of [
      "<script>alert(1)</script>",
      "Your account is locked. Call +91 98765 43210 or visit evil.example to unlock it",
    ]) {
      const answer = await world.lambda.get(
        "/callback",
        `s=error&code=-413&message=${encodeURIComponent(message)}&state=x`,
      );
      expect(answer.body).not.toMatch(/script|alert|locked|98765|evil\.example/);
      expect(answer.body).toContain("FYERS says the login did not complete.");
      answers.push(answer);
    }
    expect(answers[0]?.body.replace(/Request id: [\w-]+/, "")).toBe(
      answers[1]?.body.replace(/Request id: [\w-]+/, ""),
    );
    await refused(task.meta, answers, 400, "FYERS says the login did not complete");
  });

  it("bad input: no auth_code", async ({ task }) => {
    const { answer: first, state } = await loginState(world);
    const answer = await world.lambda.get("/callback", `s=ok&code=200&state=${encodeURIComponent(state)}`);
    await refused(task.meta, [first, answer], 400, "no auth code");
  });

  it("bad input: an auth_code with a space inside", async ({ task }) => {
    const { answer: first, state } = await loginState(world);
    const answer = await world.lambda.get("/callback", query("eyJhbGciOi JIUzI1NiJ9.e30.x", state));
    await refused(task.meta, [first, answer], 400, "auth code in this address is damaged");
  });

  it("bad input: a huge query (1 MB)", async ({ task }) => {
    const answer = await world.lambda.get("/callback", `s=ok&auth_code=${"A".repeat(1_000_000)}&state=x`);
    await refused(task.meta, [answer], 414, "far longer than a FYERS login redirect");
  });

  it("bad input: POST, PUT and DELETE to /callback", async ({ task }) => {
    const answers: Answer[] = [];
    for (const method of ["POST", "PUT", "DELETE"]) {
      const answer = await world.lambda.invoke(
        functionUrlEvent({
          method,
          path: "/callback",
          query: "s=ok&state=x",
          domainName: DOMAIN,
          body: '{"auth_code":"x"}',
        }),
      );
      expect(answer.statusCode, method).toBe(405);
      expect(answer.headers.allow).toBe("GET");
      answers.push(answer);
    }
    await refused(task.meta, answers, 405, "Only GET");
  });

  it("bad input: odd paths (/, /admin, /callback/, ../, encoded, very long)", async ({ task }) => {
    const answers: Answer[] = [];
    for (const path of [
      "/",
      "/admin",
      "/callback/",
      "/login/../callback",
      "/%2e%2e/etc/passwd",
      `/${"x".repeat(5000)}`,
    ]) {
      const answer = await world.lambda.get(path);
      expect(answer.statusCode, path).toBe(404);
      answers.push(answer);
    }
    await refused(task.meta, answers, 404, "There is nothing here.");
    expect(world.lambda.lines().every((l) => String(l.route).length <= 64)).toBe(true);
  });

  it("bad input: the state given twice (the first one wins, the second is ignored)", async ({ task }) => {
    const forged = signState(stateKey("x"), binding(), Date.now());
    const { answer: first, state } = await loginState(world);
    const answer = await world.lambda.get(
      "/callback",
      `s=ok&code=200&auth_code=${world.fyers.issueAuthCode()}&state=${encodeURIComponent(forged)}&state=${encodeURIComponent(state)}`,
    );
    await refused(task.meta, [first, answer], 400, GENERIC);
  });

  it("bad input: /login without the key or with a wrong one: the same 404 as an unknown path, no SSM read on a warm instance, no cookie", async ({
    task,
  }) => {
    const { answer: warm } = await loginState(world);
    const reads = world.ssm.requests.length;
    const unknown = await world.lambda.get("/admin");
    const answers: Answer[] = [warm, unknown];
    for (const q of ["", "k=", "k=abc", ownerQuery("not the app secret"), `k=${"A".repeat(43)}`, "key=x"]) {
      const answer = await world.lambda.get("/login", q);
      expect(answer.statusCode, q).toBe(404);
      expect(answer.body).toBe(unknown.body);
      expect(answer.headers).toEqual(unknown.headers);
      expect(answer.cookies).toBeUndefined();
      answers.push(answer);
    }
    expect(world.ssm.requests.length).toBe(reads);
    await refused(task.meta, answers, 404, "There is nothing here.");
  });

  it("bad input: 100 bogus /callback requests (damaged, expired, future, forged states) on a warm instance: 0 SSM reads, 0 FYERS calls", async ({
    task,
  }) => {
    await loginState(world); // warm
    const reads = world.ssm.requests.length;
    const fyersBefore = world.fyers.requests.length;
    const answers: Answer[] = [];
    const bogus = (i: number): string => {
      switch (i % 5) {
        case 0:
          return `v2.${i}.x.y.z`;
        case 1:
          return signState(key(), binding(), Date.now() - 20 * 60_000);
        case 2:
          return signState(key(), binding(), Date.now() + 20 * 60_000);
        case 3:
          return signState(stateKey(`guess ${i}`), binding(), Date.now());
        default:
          return "sample_state";
      }
    };
    for (let i = 0; i < 100; i++) {
      const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), bogus(i)));
      expect(answer.statusCode).toBe(400);
      answers.push(answer);
    }
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(world.ssm.requests.length - reads).toBe(0);
    expect(world.fyers.requests.length - fyersBefore).toBe(0);
    await refused(task.meta, answers.slice(0, 10), 400, GENERIC);
  }, 60_000);
});

describe("bad input: … (a stranger with a state, and a stranger's first login)", () => {
  let world: CallbackWorld;
  afterAll(async () => world?.close());

  it("bad input: 50 junk codes with valid states: at most 10 FYERS calls in the minute, the rest a 429 page with no FYERS call; a minute later FYERS is asked again", async ({
    task,
  }) => {
    world = await startWorld();
    const { answer: first } = await loginState(world);
    const key = stateKey(world.fyers.appSecret);
    const junk = (i: number) => `eyJhbGciOiJIUzI1NiJ9.eyJqdW5rIjo${i}fQ.c2lnbmF0dXJl`;
    const answers: Answer[] = [first];
    for (let i = 0; i < 50; i++) {
      const state = signState(key, { refreshToken: undefined, loginId: newLoginId() }, Date.now());
      answers.push(await world.lambda.get("/callback", query(junk(i), state)));
    }
    expect(exchanges(world).length).toBe(10);
    const limited = answers.filter((a) => a.statusCode === 429);
    expect(limited).toHaveLength(40);
    for (const answer of limited) {
      expect(answer.body).toContain("Too many login attempts");
      expect(answer.headers["retry-after"]).toBe("60");
    }
    world.lambda.setClockOffset(61_000);
    const state = signState(key, { refreshToken: undefined, loginId: newLoginId() }, Date.now() + 61_000);
    const later = await world.lambda.get("/callback", query(junk(99), state));
    expect(later.statusCode).toBe(400);
    expect(exchanges(world).length).toBe(11);
    expect(writes(world)).toHaveLength(0);
    guarded(task.meta, world, [...answers, later]);
  }, 60_000);

  it("bad input: a stranger's first login while SSM holds no token, with fyId set (FYERS_FY_ID): refused 403, nothing stored; the owner's login then stores", async ({
    task,
  }) => {
    await world?.close();
    // The FYERS fake issues tokens for FX0011: the owner is pinned as someone else first.
    world = await startWorld({ env: () => ({ FYERS_FY_ID: "XA12345" }) });
    const { answer: first, state } = await loginState(world);
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), state));
    expect(answer.statusCode).toBe(403);
    expect(answer.body).toContain("another FYERS user");
    expect(answer.body).not.toContain("XA12345");
    expect(answer.body).not.toContain("FX0011");
    expect(writes(world)).toHaveLength(0);
    expect(tokenParams(world)).toEqual({ access: undefined, refresh: undefined });
    expect(world.lambda.lines().at(-1)).toMatchObject({ outcome: "other_user", status: 403 });
    const answers = [first, answer];
    // The same function deployed with the owner's id (any case): the login stores.
    await world.lambda.close();
    world.lambda = await startLocalLambda({
      AWS_ENDPOINT_URL_SSM: world.ssm.endpoint,
      FYERS_API_URL: world.fyers.baseUrl,
      FYERS_FY_ID: "fx0011",
    });
    const { answer: second, state: owners } = await loginState(world);
    const done = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), owners));
    expect(done.statusCode).toBe(200);
    expect(tokenParams(world).access).toMatch(/^eyJ/);
    const guard = new LeakGuard(task.meta);
    const texts = [...answers, second, done].flatMap((a, i) => [{ where: `page ${i}`, text: a.body }]);
    expect(guard.scan(texts, world.secrets())).toEqual([]);
  });

  it("bad input: FYERS_FY_ID that is not a FYERS user id (an email): every request gets the set-up page, nothing read", async ({
    task,
  }) => {
    await world?.close();
    world = await startWorld({ env: () => ({ FYERS_FY_ID: "me@example.com" }) });
    const answer = await world.lambda.get("/login", ownerQuery(world.fyers.appSecret));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("This callback is not set up yet.");
    expect(answer.body).not.toContain("me@example.com");
    expect(String(world.lambda.lines().at(-1)?.detail)).toContain(
      "FYERS_FY_ID: is not a FYERS user id like XA12345",
    );
    expect(world.ssm.requests).toHaveLength(0);
    guarded(task.meta, world, [answer]);
  });
});
