// The login callback (packages/callback) under hostile conditions: the BUILT bundle in a Node 24
// process, fed function-URL events, over the real AWS SDK to the SSM fake and core's client to
// the FYERS fake. Faults never report a half-done login as done and never lose tokens silently;
// bad input is refused before FYERS is called; every answer and log line is scanned for secrets.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeAccessToken, makeRefreshToken } from "@fyers-token/testkit";
import { REPO } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, describe, expect, it, type TaskMeta } from "vitest";
import { sessionBinding, signState, stateKey } from "../../callback/src/state.js";
import { functionUrlEvent } from "../../callback/test/support/function-url.mjs";
import {
  type Answer,
  buildBundle,
  type CallbackWorld,
  DOMAIN,
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
    });
    expect(answer.headers["content-security-policy"]).toContain("default-src 'none'");
  }
  expect(world.lambda.lines().length, "one log line per request").toBe(answers.length);
}

async function loginState(world: CallbackWorld): Promise<{ answer: Answer; state: string }> {
  const answer = await world.lambda.get("/login");
  return { answer, state: new URL(answer.headers.location ?? "").searchParams.get("state") ?? "" };
}

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

describe("fault: …", () => {
  let world: CallbackWorld;
  afterAll(async () => world?.close());

  const fresh = async (tokens?: { accessToken: string; refreshToken: string }) => {
    await world?.close();
    world = await startWorld(tokens ? { tokens } : {});
    return world;
  };
  const old = () => ({ accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken: makeRefreshToken() });

  it("fault: SSM throttles the read: an error page, no FYERS call, nothing written", async ({ task }) => {
    const w = await fresh();
    w.ssm.fail({ failure: "throttle", op: "GetParameters" });
    const answer = await w.lambda.get("/login");
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("ThrottlingException");
    expect(w.fyers.requests).toHaveLength(0);
    expect(writes(w)).toHaveLength(0);
    guarded(task.meta, w, [answer]);
  });

  it("fault: SSM keeps throttling (5 logins in a row): every page says ThrottlingException, none 'did not answer'", async ({
    task,
  }) => {
    const w = await fresh();
    w.ssm.fail({ failure: "throttle", op: "GetParameters" });
    const answers: Answer[] = [];
    for (let i = 0; i < 5; i++) answers.push(await w.lambda.get("/login"));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(500);
      expect(answer.body).toContain("ThrottlingException");
      expect(answer.body).not.toContain("did not answer within");
    }
    expect(w.fyers.requests).toHaveLength(0);
    guarded(task.meta, w, answers);
  });

  it("fault: SSM denies the read: the page and the log name ssm:GetParameters and the policy", async ({
    task,
  }) => {
    const w = await fresh();
    w.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const answer = await w.lambda.get("/callback", query("eyJx.eyJy.z", "v1.a.1.b"));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("AWS denied ssm:GetParameters");
    expect(String(w.lambda.lines().at(-1)?.detail)).toContain("grant ssm:GetParameters");
    expect(w.fyers.requests).toHaveLength(0);
    guarded(task.meta, w, [answer]);
  });

  it("fault: SSM hangs on the read: the page comes within the Lambda's 10 s, naming the deadline", async ({
    task,
  }) => {
    const w = await fresh();
    const hang = await hangingSsm(w.ssm.endpoint, ["GetParameters"]);
    await w.lambda.close();
    w.lambda = await startLocalLambda({
      AWS_ENDPOINT_URL_SSM: hang.endpoint,
      FYERS_API_URL: w.fyers.baseUrl,
    });
    try {
      const started = Date.now();
      const answer = await w.lambda.get("/login");
      expect(Date.now() - started).toBeLessThan(5000);
      expect(answer.statusCode).toBe(502);
      expect(answer.body).toContain("AWS SSM did not answer within");
      guarded(task.meta, w, [answer]);
    } finally {
      await hang.close();
    }
  });

  for (const [failure, says] of [
    // Throttling is retried by the SDK until the deadline.
    ["throttle", /ThrottlingException|did not answer within/],
    ["access_denied", /AWS denied ssm:PutParameter/],
    ["kms", /AWS KMS refused ssm:PutParameter/],
  ] as const) {
    it(`fault: SSM ${failure} on the write after FYERS issued tokens: "log in again", never "Logged in"`, async ({
      task,
    }) => {
      const w = await fresh(old());
      const before = tokenParams(w);
      const { answer: first, state } = await loginState(w);
      w.ssm.fail({ failure, op: "PutParameter" });
      const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
      expect(answer.statusCode).toBe(500);
      expect(answer.body).toContain("FYERS issued new tokens, but they were not all stored: log in again.");
      expect(answer.body).toMatch(says);
      expect(answer.body).not.toContain("Logged in");
      expect(exchanges(w)).toHaveLength(1);
      expect(tokenParams(w)).toEqual(before);
      expect(w.lambda.lines().at(-1)).toMatchObject({ outcome: "store_failed_after_issue" });
      guarded(task.meta, w, [first, answer]);
    });
  }

  it("fault: SSM denies only the access token's write: the log names the refresh token as written", async ({
    task,
  }) => {
    const w = await fresh(old());
    const { answer: first, state } = await loginState(w);
    w.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAMS.accessToken });
    const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("log in again");
    expect(String(w.lambda.lines().at(-1)?.detail)).toContain(PARAMS.refreshToken);
    guarded(task.meta, w, [first, answer]);
  });

  it("fault: SSM hangs on the write after FYERS issued tokens: a page within 10 s, not done", async ({
    task,
  }) => {
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
      expect(answer.body).toContain("did not answer within");
      guarded(task.meta, w, [first, answer]);
    } finally {
      await hang.close();
    }
  });

  for (const [failure, status, says] of [
    ["server_error_html", 502, "Wait a minute, then log in again."],
    ["rate_limit", 503, "rate-limiting"],
    ["wrong_shape", 502, "Wait a minute"],
    ["ok_html", 502, "Wait a minute"],
  ] as const) {
    it(`fault: FYERS ${failure} on the exchange: a ${status} page, nothing stored`, async ({ task }) => {
      const w = await fresh(old());
      const before = tokenParams(w);
      const { answer: first, state } = await loginState(w);
      w.fyers.fail({ failure, endpoint: "validate-authcode", retryAfterSeconds: 0 });
      const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
      expect(answer.statusCode).toBe(status);
      expect(answer.body).toContain(says);
      expect(answer.body).toContain('href="/login"');
      expect(writes(w)).toHaveLength(0);
      expect(tokenParams(w)).toEqual(before);
      guarded(task.meta, w, [first, answer]);
    });
  }

  it("fault: FYERS refuses the connection: a page within the deadline, nothing stored", async ({ task }) => {
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
    expect(answer.body).toContain("Wait a minute, then log in again.");
    expect(writes(w)).toHaveLength(0);
    guarded(task.meta, w, [first, answer]);
  });

  it("fault: FYERS slower than the deadline: a page within the Lambda's 10 s, nothing stored", async ({
    task,
  }) => {
    const w = await fresh(old());
    const { answer: first, state } = await loginState(w);
    w.fyers.fail({ failure: "slow", endpoint: "validate-authcode", delayMs: 30_000 });
    const started = Date.now();
    const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
    expect(Date.now() - started).toBeLessThan(7000);
    expect(answer.statusCode).toBe(502);
    expect(answer.body).toContain("did not answer within");
    expect(writes(w)).toHaveLength(0);
    guarded(task.meta, w, [first, answer]);
  });

  it("fault: FYERS rejects the app secret (rotated): a page naming it, and the next request reads the secret again", async ({
    task,
  }) => {
    const w = await fresh();
    const { answer: first, state } = await loginState(w);
    w.fyers.fail({ failure: "wrong_hash", endpoint: "validate-authcode", times: 1 });
    const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("app secret");
    const reads = w.ssm.requests.length;
    const again = await w.lambda.get("/login");
    expect(again.statusCode).toBe(302);
    expect(w.ssm.requests.slice(reads)[0]?.body.Names).toContain(PARAMS.appSecret);
    guarded(task.meta, w, [first, answer, again]);
  });

  it("fault: SSM holds tokens that name no FYERS user (not JWTs): a login is refused, nothing stored", async ({
    task,
  }) => {
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
  });

  it("fault: events the handler cannot read (null, a path that is not a string): a page with the headers and one log line each", async ({
    task,
  }) => {
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
  });

  it("fault: the app secret in SSM is replaced while a warm instance holds the old one: the page says log in again, and the next login stores", async ({
    task,
  }) => {
    const w = await fresh(old());
    w.ssm.put(PARAMS.appSecret, "the secret before the rotation");
    const { answer: first, state } = await loginState(w); // the warm instance keeps this secret
    w.ssm.put(PARAMS.appSecret, w.fyers.appSecret); // the owner stores the new one
    const answer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), state));
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain("The app secret in SSM changed after this login started");
    expect(answer.body).not.toContain("store it again");
    expect(writes(w)).toHaveLength(0);
    const { answer: second, state: next } = await loginState(w);
    const done = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), next));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Logged in");
    guarded(task.meta, w, [first, answer, second, done]);
  });

  it("fault: the done page is reloaded (a phone restoring its tab): the page says a newer login is stored, never 'an unused code'", async ({
    task,
  }) => {
    const w = await fresh(old());
    const { answer: first, state } = await loginState(w);
    const url = query(w.fyers.issueAuthCode(), state);
    const done = await w.lambda.get("/callback", url);
    expect(done.statusCode).toBe(200);
    const reloaded = await w.lambda.get("/callback", url);
    expect(reloaded.statusCode).toBe(400);
    expect(reloaded.body).toContain("already used");
    expect(reloaded.body).toContain("SSM holds tokens from a login made after this one started");
    expect(reloaded.body).toContain("Valid until");
    expect(reloaded.body).not.toContain("unused code");
    expect(reloaded.body).not.toContain("Not logged in");
    expect(exchanges(w)).toHaveLength(1);
    // A state that merely claims a time is not enough: a forged one still gets the refusal.
    const forged = signState(stateKey("not this app's secret"), "x", Date.now() - 60_000);
    const refusedAnswer = await w.lambda.get("/callback", query(w.fyers.issueAuthCode(), forged));
    expect(refusedAnswer.body).toContain("not started by this callback");
    expect(refusedAnswer.body).not.toContain("Valid until");
    guarded(task.meta, w, [first, done, reloaded, refusedAnswer]);
  });

  it("fault: SSM holds no app secret yet: a setup page with the command, no FYERS call", async ({ task }) => {
    const w = await fresh();
    w.ssm.parameters.delete(PARAMS.appSecret);
    const answer = await w.lambda.get("/login");
    expect(answer.statusCode).toBe(500);
    expect(answer.body).toContain("put-parameters.ts --app-secret -");
    guarded(task.meta, w, [answer]);
  });
});

describe("bad input: … (the deploy)", () => {
  /** The README's synth command with one context value, into a scratch output folder. */
  const synth = (context: string) =>
    spawnSync(
      "npm",
      [
        "run",
        "cdk",
        "-w",
        "packages/callback",
        "--",
        "synth",
        "-c",
        context,
        "-o",
        mkdtempSync(join(tmpdir(), "cdk-out-")),
      ],
      { cwd: REPO, encoding: "utf8", env: { ...process.env, AWS_REGION: "ap-south-1" }, timeout: 90_000 },
    );

  it("bad input: a deploy prefix with a wildcard (-c prefix=/stock-pipeline/*): cdk synth refuses it, so the role never covers other parameters", ({
    task,
  }) => {
    const run = synth("prefix=/stock-pipeline/*");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("is not an SSM path like /stock-pipeline/fyers");
    expect(run.stdout).not.toContain("parameter/stock-pipeline/*");
    const guard = new LeakGuard(task.meta);
    expect(guard.scan([{ where: "cdk synth", text: run.stdout + run.stderr }], [])).toEqual([]);
  }, 120_000);

  it("bad input: a redirectUri that is not https (-c redirectUri=http://login.example.com/callback): cdk synth refuses it, instead of a function that refuses every login", ({
    task,
  }) => {
    const run = synth("redirectUri=http://login.example.com/callback");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("redirectUri: must be an https:// URL");
    const guard = new LeakGuard(task.meta);
    expect(guard.scan([{ where: "cdk synth", text: run.stdout + run.stderr }], [])).toEqual([]);
  }, 120_000);

  it("bad input: a KMS key that is a wildcard (-c kmsKeyId=*): cdk synth refuses it, so the role never decrypts with any key", ({
    task,
  }) => {
    const run = synth("kmsKeyId=*");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("is not a KMS key id, key ARN or alias/");
    expect(run.stdout).not.toContain("key/*");
    const guard = new LeakGuard(task.meta);
    expect(guard.scan([{ where: "cdk synth", text: run.stdout + run.stderr }], [])).toEqual([]);
  }, 120_000);
});

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
  const binding = () => sessionBinding(world.ssm.parameters.get(PARAMS.refreshToken)?.value);

  it("bad input: a callback with no state", async ({ task }) => {
    const answer = await world.lambda.get(
      "/callback",
      `s=ok&code=200&auth_code=${world.fyers.issueAuthCode()}`,
    );
    await refused(task.meta, [answer], 400, "state is missing or damaged");
  });

  it("bad input: a forged state (signed with another key)", async ({ task }) => {
    const forged = signState(stateKey("someone else's secret"), binding(), Date.now());
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), forged));
    await refused(task.meta, [answer], 400, "not started by this callback");
  });

  it("bad input: a state with its issue time changed", async ({ task }) => {
    const { answer: first, state } = await loginState(world);
    const parts = state.split(".");
    const moved = [parts[0], parts[1], String(Number(parts[2]) + 600), parts[3]].join(".");
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), moved));
    await refused(task.meta, [first, answer], 400, "not started by this callback");
  });

  it("bad input: an expired state (16 minutes old, genuinely signed)", async ({ task }) => {
    const expired = signState(key(), binding(), Date.now() - 16 * 60_000);
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), expired));
    await refused(task.meta, [answer], 400, "longer than 15 minutes");
  });

  it("bad input: a state from the future", async ({ task }) => {
    const future = signState(key(), binding(), Date.now() + 10 * 60_000);
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), future));
    await refused(task.meta, [answer], 400, "longer than 15 minutes");
  });

  it("bad input: a replayed state (issued before the last successful login)", async ({ task }) => {
    const before = signState(
      key(),
      sessionBinding("the refresh token stored before the last login"),
      Date.now(),
    );
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), before));
    await refused(task.meta, [answer], 400, "already used");
  });

  it("bad input: the seed guide's sample_state", async ({ task }) => {
    const answer = await world.lambda.get("/callback", query(world.fyers.issueAuthCode(), "sample_state"));
    await refused(task.meta, [answer], 400, "missing or damaged");
  });

  it("bad input: s=error from FYERS, with HTML in its message (escaped)", async ({ task }) => {
    const answer = await world.lambda.get(
      "/callback",
      "s=error&code=-413&message=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=x",
    );
    expect(answer.body).not.toContain("<script>");
    expect(answer.body).toContain("&lt;script&gt;");
    await refused(task.meta, [answer], 400, "FYERS says the login did not complete");
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
    await refused(task.meta, answers, 404, "nothing here");
    expect(world.lambda.lines().every((l) => String(l.route).length <= 64)).toBe(true);
  });

  it("bad input: the state given twice (the first one wins, the second is ignored)", async ({ task }) => {
    const forged = signState(stateKey("x"), binding(), Date.now());
    const { answer: first, state } = await loginState(world);
    const answer = await world.lambda.get(
      "/callback",
      `s=ok&code=200&auth_code=${world.fyers.issueAuthCode()}&state=${encodeURIComponent(forged)}&state=${encodeURIComponent(state)}`,
    );
    await refused(task.meta, [first, answer], 400, "not started by this callback");
  });
});
