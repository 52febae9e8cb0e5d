// The action as a hostile user meets it (issues 8, 9 and 10): FYERS echoing secrets, a silent
// GitHub API, the login link, one message per state over Telegram and a webhook, holidays and
// failing channels. Every case runs the bundled action (Node 24, INPUT_* env) against the fakes,
// and every run goes through the leak guard.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  makeAccessToken,
  makeRefreshToken,
  startTelegramFake,
  startWebhookSink,
  type TelegramFake,
  type WebhookSink,
} from "@fyers-token/testkit";
import { type Fakes, findSecrets, maskProblems, PARAM, PREFIX } from "@fyers-token/testkit/harness";
import { describe, expect, type TaskMeta } from "vitest";
import { actionChecked, credentials, openLoginIssues, seedSsm } from "./faults/action.js";
import { shiftedClockEnv } from "./faults/clock.js";
import { test } from "./faults/fixture.js";
import { type LeakGuard, parameterSecrets } from "./faults/guard.js";

const BARE_LOGIN_LINK = "https://abc123.lambda-url.ap-south-1.on.aws/login";
const LOGIN_KEY = "Zk3vQ9xL2mN8pR4tW7yB1cD5fG0hJ6kS3uV9aE2iO4q";
const LOGIN_LINK = `${BARE_LOGIN_LINK}?k=${LOGIN_KEY}`;

const HOUR = 3600;
const DAY = 86400;

interface Local {
  url: string;
  /** Request bodies it received, parsed as JSON when they are. */
  bodies: unknown[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1; `answer` undefined leaves every request hanging (a silent API). */
async function startLocal(answer?: (req: IncomingMessage, body: unknown, res: ServerResponse) => void) {
  const bodies: unknown[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      bodies.push(body);
      answer?.(req, body, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const local: Local = {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
  return local;
}

/** A FYERS that refuses with an error text quoting what it was sent (a token, a code). */
function echoingFyers(quote: (body: Record<string, string>) => string) {
  return startLocal((_req, body, res) => {
    const message = quote((typeof body === "object" && body !== null ? body : {}) as Record<string, string>);
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ s: "error", code: -501, message }));
  });
}

const NOTICE = `${PREFIX}/login_notice`;

/** The login notice a previous run stored (a plain String parameter, JSON). */
function seedNotice(
  fakes: Fakes,
  notice: { event: string; since: string; channels: string[]; deadline?: string },
) {
  fakes.ssm.put(NOTICE, JSON.stringify(notice), "String");
}

/**
 * The fakes as the leak guard should see them: the notice is a plain String parameter with no
 * secret in it (a cleared one reads "none"), so its value is not one to look for.
 */
function guarded(fakes: Fakes): Fakes {
  const ssm = new Proxy(fakes.ssm, {
    get: (target, key) =>
      key === "parameters"
        ? new Map([...target.parameters].filter(([name]) => name !== NOTICE))
        : Reflect.get(target, key),
  });
  return { ...fakes, ssm };
}

function storedNotice(fakes: Fakes): unknown {
  const value = fakes.ssm.parameters.get(NOTICE)?.value;
  return value === undefined || value === "none" ? undefined : JSON.parse(value);
}

const issueTexts = (fakes: Fakes) =>
  fakes.github.issues.flatMap((i) => [i.title, i.body, ...i.comments.map((c) => c.body)]).join("\n");

describe.concurrent("8.6: nothing FYERS echoes reaches GitHub, the summary or the outputs", () => {
  test("fault: FYERS echoes the refresh token in its refusal (action auto)", async ({ fakes, guard }) => {
    const refreshToken = makeRefreshToken({ expSeconds: 10 * DAY });
    const accessToken = makeAccessToken({ expSeconds: -60 });
    seedSsm(fakes, { accessToken, refreshToken });
    const fyers = await echoingFyers((b) => `Please provide valid refresh token, not ${b.refresh_token}`);
    try {
      const run = await actionChecked(fakes, guard, { inputs: { "api-url": `${fyers.url}/api/v3` } }, [
        refreshToken,
        accessToken,
      ]);
      expect(fyers.bodies).toHaveLength(1);
      expect(run.code).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      // The refusal itself is reported, with the token scrubbed out of it.
      expect(openLoginIssues(fakes)).toHaveLength(1);
      expect(issueTexts(fakes)).toContain("FYERS refused the refresh (FYERS said -501: Please provide");
      expect(run.summary).toContain("FYERS refused the refresh");
      expect(run.error).toContain("Please provide valid refresh token, not ");
    } finally {
      await fyers.close();
    }
  });

  test("fault: FYERS echoes the auth code in its refusal (action exchange)", async ({ fakes, guard }) => {
    const code = fakes.fyers.issueAuthCode();
    const fyers = await echoingFyers((b) => `invalid auth code ${b.code}`);
    try {
      const run = await actionChecked(
        fakes,
        guard,
        { inputs: { mode: "exchange", "auth-code": code, "api-url": `${fyers.url}/api/v3` } },
        [code],
      );
      expect(fyers.bodies).toHaveLength(1);
      expect(run.code).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      expect(issueTexts(fakes)).toContain("FYERS refused the auth code (FYERS said -501: invalid auth code ");
      expect(run.summary).toContain("FYERS refused the auth code");
    } finally {
      await fyers.close();
    }
  });

  test("fault: FYERS echoes the PIN when it rejects it (action refresh)", async ({ fakes, guard }) => {
    seedSsm(fakes, {
      accessToken: makeAccessToken({ expSeconds: -60 }),
      refreshToken: makeRefreshToken({ expSeconds: 10 * DAY }),
    });
    const fyers = await echoingFyers((b) => `Invalid pin ${b.pin} for this user`);
    try {
      const run = await actionChecked(fakes, guard, { inputs: { "api-url": `${fyers.url}/api/v3` } }, [
        fakes.fyers.pin,
      ]);
      expect(run.code).toBe(1);
      expect(run.error).toContain("FYERS rejected the PIN (FYERS said -501: Invalid pin *** for this user)");
    } finally {
      await fyers.close();
    }
  });
});

describe.concurrent("8.4: after a partial SSM write the action says what is stored", () => {
  test("fault: SSM refuses the access token after storing the refresh token (action exchange)", async ({
    fakes,
    guard,
  }) => {
    const code = fakes.fyers.issueAuthCode();
    fakes.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAM.accessToken });
    const run = await actionChecked(guarded(fakes), guard, { inputs: { "auth-code": code } }, [code]);
    const refresh = fakes.ssm.parameters.get(PARAM.refreshToken)?.value;
    expect(refresh, "SSM holds the new refresh token").toBeDefined();
    expect(fakes.ssm.parameters.get(PARAM.accessToken)).toBeUndefined();
    expect(run.code).toBe(1);
    expect(run.error).toContain("SSM holds the new refresh token but not the new access token");
    for (const text of [run.error ?? "", run.summary]) {
      expect(text).not.toMatch(/not saved anywhere|log in again/i);
    }
    expect(run.summary).toContain("### FYERS token: failed");
    expect(run.summary).toContain(`The new tokens are stored in: \`ssm:${PARAM.refreshToken}\`.`);
    expect(run.summary).toContain("The access token FYERS issued is still this step's `access-token` output");
    // The access token FYERS issued still works: later steps of the job get it (masked).
    const issued = fakes.fyers.requests.length;
    expect(issued).toBeGreaterThan(0);
    expect(run.outputs["access-token"]).toMatch(/^eyJ/);
    expect(maskProblems(run, { "issued access token": run.outputs["access-token"] ?? "" })).toEqual([]);
    // SSM holds no usable access token, so programs have none: announced (16.1), with the SSM fix, no login.
    expect(fakes.github.issues.map((i) => i.title)).toEqual([
      `FYERS token renewal failed for ${fakes.fyers.clientId}`,
    ]);
    const body = fakes.github.issues[0]?.body ?? "";
    expect(body).toContain("**Fix:** grant ssm:PutParameter");
    expect(body).not.toMatch(/log in again|To log in/i);
  });
});

describe.concurrent("8.8: a silent GitHub API costs a warning, never the run", () => {
  test("fault: GitHub accepts and never answers (action, login required)", async ({ fakes, guard }) => {
    const github = await startLocal();
    try {
      const started = Date.now();
      // The 10 s deadline shortened (FYERS_SERVICE_TIMEOUT, a test setting): the same path.
      const run = await actionChecked(fakes, guard, {
        env: { GITHUB_API_URL: github.url, FYERS_SERVICE_TIMEOUT: "2s" },
      });
      const host = new URL(github.url).host;
      expect(github.bodies.length).toBe(1);
      expect(run.warnings, run.stdout).toContain(
        `Could not list open fyers-login issues: GitHub (${host}) did not answer within 2s`,
      );
      // The run still reports and fails as a login-required run does.
      expect(run.code).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      expect(run.error).toMatch(/^A FYERS login is required: no refresh token is stored/);
      expect(run.summary).toContain("a login is required");
      expect(run.endedAt - started, "gave up after the 2 s deadline").toBeLessThan(12_000);
    } finally {
      await github.close();
    }
  });

  test("fault: GitHub accepts and never answers (action, refresh)", async ({ fakes, guard }) => {
    const { refreshToken } = fakes.fyers.issueTokens();
    seedSsm(fakes, { accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken });
    // The last run opened the login issue: this refresh must close it, and GitHub does not answer.
    seedNotice(fakes, { event: "login-required", since: new Date().toISOString(), channels: ["issue"] });
    const github = await startLocal();
    try {
      const run = await actionChecked(
        guarded(fakes),
        guard,
        { env: { GITHUB_API_URL: github.url, FYERS_SERVICE_TIMEOUT: "2s" } },
        [refreshToken],
      );
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.result).toBe("refreshed");
      expect(fakes.ssm.parameters.get(PARAM.accessToken)?.value).toBe(run.outputs["access-token"]);
      expect(run.warnings).toContain(
        `Could not list open fyers-login issues: GitHub (${new URL(github.url).host}) did not answer within 2s`,
      );
      // The issue is still open: the notice keeps only that, for the next run to close it.
      expect(storedNotice(fakes)).toMatchObject({ event: "login-required", channels: ["issue"] });
    } finally {
      await github.close();
    }
  });
});

describe.concurrent("9: the login link", () => {
  test("the login issue leads with the login link, the manual route as its fallback", async ({
    fakes,
    guard,
  }) => {
    const run = await actionChecked(fakes, guard, { inputs: { "login-link": LOGIN_LINK } }, [LOGIN_KEY]);
    expect(run.code).toBe(1);
    const [issue] = openLoginIssues(fakes);
    const body = issue?.body ?? "";
    const steps = body.slice(body.indexOf("**To log in:**"));
    // The issue may be public: the link without its key, so only the owner's bookmark logs in.
    expect(
      steps.startsWith(`**To log in:** open your bookmarked login link (\`${BARE_LOGIN_LINK}?k=…\``),
      steps,
    ).toBe(true);
    expect(steps).toContain("If the link does not work, the manual way:");
    expect(steps).toContain(`${fakes.fyers.baseUrl}/generate-authcode?client_id=`);
    expect(steps).toContain("https://github.com/octo/trading/actions/workflows/fyers-token.yml");
    expect(run.error).toContain(`Log in: open your bookmarked login link (\`${BARE_LOGIN_LINK}?k=…\``);
    expect(run.summary).toContain(`open your bookmarked login link (\`${BARE_LOGIN_LINK}?k=…\``);
    for (const text of [body, run.error, run.summary, run.stdout.replace(`::add-mask::${LOGIN_KEY}`, "")])
      expect(text).not.toContain(LOGIN_KEY);
  });

  for (const [what, link] of [
    ["without a key (the callback answers 404 to it)", BARE_LOGIN_LINK],
    ["with a key that is not one login-link.ts prints", `${BARE_LOGIN_LINK}?k=short-key-1`],
  ] as const) {
    test(`bad input: a login link ${what}: a warning, the manual login in the issue, and the token run goes on`, async ({
      fakes,
      guard,
    }) => {
      const run = await actionChecked(fakes, guard, { inputs: { "login-link": link } }, ["short-key-1"]);
      expect(run.code).toBe(1);
      expect(run.warnings.join("\n")).toMatch(
        /login-link has (no key \(\?k=…\)|a key \(k=\) that is not one login-link\.ts prints): the callback answers 404 to it.*npm run login-link/,
      );
      expect(run.warnings.join("\n")).not.toContain("short-key-1");
      expect(fakes.ssm.requests.length, "the token run went on").toBeGreaterThan(0);
      const body = openLoginIssues(fakes)[0]?.body ?? "";
      expect(body).toContain(`${fakes.fyers.baseUrl}/generate-authcode?client_id=`);
      expect(body).not.toContain("bookmarked login link");
    });
  }

  for (const [what, link, says] of [
    ["an http login link", "http://abc123.lambda-url.ap-south-1.on.aws/login", "must be an https URL"],
    ["a login link that is not a URL", "abc123.lambda-url.ap-south-1.on.aws/login", "is not a URL"],
    [
      "a login link without /login (the function URL itself)",
      "https://abc123.lambda-url.ap-south-1.on.aws/",
      "must end in /login",
    ],
  ] as const) {
    test(`bad input: ${what} (action)`, async ({ fakes, guard }) => {
      const run = await actionChecked(fakes, guard, { inputs: { "login-link": link } });
      expect(run.code).toBe(1);
      expect(run.error).toMatch(new RegExp(`^login-link: ${says}.*\\nHint: .*https://.*/login`, "s"));
      expect(fakes.ssm.requests, "no SSM call").toEqual([]);
      expect(fakes.fyers.requests, "no FYERS call").toEqual([]);
      expect(fakes.github.requests, "no GitHub call").toEqual([]);
    });
  }
});

// ---- Issue 10: one message per state, over the Telegram fake and the webhook sink ----

const DAY_MS = DAY * 1000;
const IST_MS = 5.5 * 3600 * 1000;

/** The IST weekday (0 Sunday … 6 Saturday) of `ms`. */
const istDay = (ms: number) => new Date(ms + IST_MS).getUTCDay();
const istDate = (ms: number) => new Date(ms + IST_MS).toISOString().slice(0, 10);

/** Whole days to move the clock so that the action runs on a weekday (IST), or on `weekday`. */
function daysTo(test: (weekday: number) => boolean): number {
  for (let days = 0; days < 7; days++) if (test(istDay(Date.now() + days * DAY_MS))) return days;
  throw new Error("no such day");
}
const WEEKDAY = daysTo((d) => d >= 1 && d <= 5);
const SATURDAY = daysTo((d) => d === 6);

interface Channels {
  telegram: TelegramFake;
  webhook: WebhookSink;
}

const notifyTest = test.extend<{ channels: Channels }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
  channels: async ({}, use) => {
    const [telegram, webhook] = await Promise.all([startTelegramFake(), startWebhookSink()]);
    await use({ telegram, webhook });
    await Promise.all([telegram.close(), webhook.close()]);
  },
});

interface NoticeRun {
  inputs?: Record<string, string>;
  /** Days to move the action's clock by (default: to the next weekday, 0 on a weekday). */
  days?: number;
  secrets?: string[];
  /** More of the step's environment, e.g. a test setting (FYERS_SERVICE_TIMEOUT). */
  env?: Record<string, string>;
}

/**
 * One run with every channel on, the action's clock on a chosen day, then the leak guard over
 * what Telegram and the webhook received too: the bot token may be in Telegram's request path
 * (that is the API) but never in a message, and the webhook URL nowhere.
 */
async function noticeRun(
  fakes: Fakes,
  guard: LeakGuard,
  meta: TaskMeta,
  channels: Channels,
  options: NoticeRun = {},
) {
  const { telegram, webhook } = channels;
  const days = options.days ?? WEEKDAY;
  const channelSecrets = [telegram.botToken, telegram.botToken.split(":")[1] ?? "", webhook.url];
  const run = await actionChecked(
    guarded(fakes),
    guard,
    {
      inputs: {
        notify: "issue,telegram,webhook",
        "telegram-bot-token": telegram.botToken,
        "telegram-chat-id": telegram.chatId,
        "webhook-url": webhook.url,
        "login-link": LOGIN_LINK,
        ...options.inputs,
      },
      env: {
        TELEGRAM_API_URL: telegram.url,
        ...shiftedClockEnv(days * DAY_MS),
        ...options.env,
      },
    },
    [...(options.secrets ?? []), ...channelSecrets],
  );
  const received = [
    ...telegram.requests.map((r) => JSON.stringify(r.body)),
    ...webhook.posts.map((p) => JSON.stringify(p.body)),
  ].join("\n");
  const known = [
    ...Object.values(credentials(fakes)),
    ...(options.secrets ?? []),
    ...channelSecrets,
    ...parameterSecrets(guarded(fakes).ssm.parameters),
  ].filter((value) => value.length >= 4);
  const hits = findSecrets(received, known);
  meta.leaks = (meta.leaks ?? 0) + hits.length;
  expect(hits, "Telegram or the webhook received a secret").toEqual([]);
  const webhookUrl = options.inputs?.["webhook-url"] ?? webhook.url;
  expect(maskProblems(run, { "bot token": telegram.botToken, "webhook URL": webhookUrl })).toEqual([]);
  return run;
}

const ssmOps = (fakes: Fakes) => fakes.ssm.requests.map((r) => r.op);
const webhookBodies = (webhook: WebhookSink) => webhook.posts.map((p) => p.body as Record<string, unknown>);

describe.concurrent("10: one message per state", () => {
  notifyTest(
    "login required: one Telegram message and one webhook post with the link and the deadline; a second run sends none",
    async ({ fakes, guard, channels, task }) => {
      const { telegram, webhook } = channels;
      const first = await noticeRun(fakes, guard, task.meta, channels);
      expect(first.code).toBe(1);
      expect(first.outputs.result).toBe("login-required");
      expect(telegram.messages).toHaveLength(1);
      const text = telegram.messages[0]?.text ?? "";
      expect(text).toContain(`<a href="${LOGIN_LINK}">Log in now</a>`);
      expect(text).toMatch(/Log in before \d{4}-\d{2}-\d{2} 06:00 IST/);
      expect(telegram.messages[0]?.chatId).toBe(telegram.chatId);
      expect(webhookBodies(webhook)).toEqual([
        expect.objectContaining({
          event: "login-required",
          client_id: fakes.fyers.clientId,
          login_link: LOGIN_LINK,
          deadline: expect.stringMatching(/T00:30:00Z$/),
        }),
      ]);
      expect(openLoginIssues(fakes)).toHaveLength(1);
      expect(storedNotice(fakes)).toMatchObject({
        event: "login-required",
        channels: ["issue", "telegram", "webhook"],
      });

      const second = await noticeRun(fakes, guard, task.meta, channels);
      expect(second.code).toBe(1);
      expect(second.outputs.result).toBe("login-required");
      expect(telegram.messages, "no second message").toHaveLength(1);
      expect(webhook.posts, "no second post").toHaveLength(1);
      expect(fakes.github.issues).toHaveLength(1);
    },
  );

  notifyTest(
    "a login through the callback (tokens written straight to SSM): the next skip closes the issue and sends one done",
    async ({ fakes, guard, channels, task }) => {
      const { telegram, webhook } = channels;
      await noticeRun(fakes, guard, task.meta, channels);
      expect(openLoginIssues(fakes)).toHaveLength(1);

      // The callback stored fresh tokens; no GitHub run happened in between.
      const days = WEEKDAY;
      const accessToken = makeAccessToken({ expSeconds: days * DAY + 6 * HOUR });
      const refreshToken = makeRefreshToken({ expSeconds: days * DAY + 10 * DAY });
      seedSsm(fakes, { accessToken, refreshToken });
      const before = { ssm: fakes.ssm.requests.length, github: fakes.github.requests.length };

      const skip = await noticeRun(fakes, guard, task.meta, channels, {
        secrets: [accessToken, refreshToken],
      });

      expect(skip.code, skip.stdout).toBe(0);
      expect(skip.outputs.result).toBe("skipped");
      expect(fakes.fyers.requests).toEqual([]);
      expect(openLoginIssues(fakes)).toHaveLength(0);
      expect(fakes.github.issues[0]?.comments.map((c) => c.body)).toEqual([
        expect.stringMatching(/^The login went through\. The stored access token is valid until .* IST/),
      ]);
      expect(telegram.messages).toHaveLength(2);
      expect(telegram.messages[1]?.text).toMatch(/^<b>FYERS token renewed<\/b>.*\nDone, valid until /s);
      expect(webhookBodies(webhook)[1]).toMatchObject({ event: "renewed", login_link: null });
      // One read (tokens and notice together), one write clearing the notice.
      expect(ssmOps(fakes).slice(before.ssm)).toEqual(["GetParameters", "PutParameter"]);
      expect(storedNotice(fakes)).toBeUndefined();

      // And the skip after that: one read, nothing else anywhere.
      const ssmBefore = fakes.ssm.requests.length;
      const githubBefore = fakes.github.requests.length;
      const quiet = await noticeRun(fakes, guard, task.meta, channels, {
        secrets: [accessToken, refreshToken],
      });
      expect(quiet.outputs.result).toBe("skipped");
      expect(ssmOps(fakes).slice(ssmBefore)).toEqual(["GetParameters"]);
      expect(fakes.github.requests.length - githubBefore).toBe(0);
      expect(telegram.requests).toHaveLength(2);
      expect(webhook.posts).toHaveLength(2);
      expect(before.github).toBeGreaterThan(0);
    },
  );

  notifyTest(
    "an exchange after the notice sends one done and closes the issue",
    async ({ fakes, guard, channels, task }) => {
      const { telegram, webhook } = channels;
      await noticeRun(fakes, guard, task.meta, channels);
      const code = fakes.fyers.issueAuthCode();
      const run = await noticeRun(fakes, guard, task.meta, channels, {
        inputs: { "auth-code": code },
        secrets: [code],
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.result).toBe("exchanged");
      expect(telegram.messages.map((m) => m.text.split("\n")[0])).toEqual([
        `<b>FYERS login required</b> for ${fakes.fyers.clientId}`,
        `<b>FYERS token renewed</b> for ${fakes.fyers.clientId}`,
      ]);
      expect(webhookBodies(webhook).map((b) => b.event)).toEqual(["login-required", "renewed"]);
      expect(openLoginIssues(fakes)).toHaveLength(0);
      expect(storedNotice(fakes)).toBeUndefined();
    },
  );

  notifyTest(
    "the skip path with no notice: exactly 1 GetParameters, no GitHub, Telegram or webhook request",
    async ({ fakes, guard, channels, task }) => {
      const days = WEEKDAY;
      const accessToken = makeAccessToken({ expSeconds: days * DAY + 6 * HOUR });
      const refreshToken = makeRefreshToken({ expSeconds: days * DAY + 10 * DAY });
      seedSsm(fakes, { accessToken, refreshToken });
      const run = await noticeRun(fakes, guard, task.meta, channels, {
        secrets: [accessToken, refreshToken],
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.result).toBe("skipped");
      expect(ssmOps(fakes)).toEqual(["GetParameters"]);
      expect(fakes.ssm.requests[0]?.body.Names).toContain(NOTICE);
      expect(fakes.github.requests).toEqual([]);
      expect(fakes.fyers.requests).toEqual([]);
      expect(channels.telegram.requests).toEqual([]);
      expect(channels.webhook.posts).toEqual([]);
      expect(run.stdout).not.toContain("loading @actions/github");
    },
  );

  notifyTest(
    "a login due soon (refresh token dies in 2 days): one message, the skip still succeeds",
    async ({ fakes, guard, channels, task }) => {
      const accessToken = makeAccessToken({ expSeconds: WEEKDAY * DAY + 6 * HOUR });
      const refreshToken = makeRefreshToken({ expSeconds: WEEKDAY * DAY + 2 * DAY });
      seedSsm(fakes, { accessToken, refreshToken });
      for (let run = 0; run < 2; run++) {
        const skip = await noticeRun(fakes, guard, task.meta, channels, {
          secrets: [accessToken, refreshToken],
        });
        expect(skip.code, skip.stdout).toBe(0);
        expect(skip.outputs.result).toBe("skipped");
      }
      expect(channels.telegram.messages.map((m) => m.text.split("\n")[0])).toEqual([
        `<b>FYERS login due soon</b> for ${fakes.fyers.clientId}`,
      ]);
      expect(channels.telegram.messages[0]?.text).toContain("The refresh token expires at ");
      expect(webhookBodies(channels.webhook)).toEqual([expect.objectContaining({ event: "login-due" })]);
      expect(openLoginIssues(fakes)[0]?.title).toBe(`FYERS login due soon for ${fakes.fyers.clientId}`);
      expect(storedNotice(fakes)).toMatchObject({
        event: "login-due",
        channels: ["issue", "telegram", "webhook"],
      });
    },
  );

  notifyTest("dry-run: no channel touched, no notice written", async ({ fakes, guard, channels, task }) => {
    const run = await noticeRun(fakes, guard, task.meta, channels, { inputs: { "dry-run": "true" } });
    expect(run.code).toBe(0);
    expect(run.outputs.result).toBe("login-required");
    expect(ssmOps(fakes)).toEqual(["GetParameters"]);
    expect(fakes.github.requests).toEqual([]);
    expect(channels.telegram.requests).toEqual([]);
    expect(channels.webhook.posts).toEqual([]);
  });
});

describe.concurrent("10: no false alarms on holidays and weekends", () => {
  notifyTest(
    "a listed holiday: a warning, no message, no issue, exit 0",
    async ({ fakes, guard, channels, task }) => {
      const holiday = istDate(Date.now() + WEEKDAY * DAY_MS);
      const run = await noticeRun(fakes, guard, task.meta, channels, {
        inputs: { holidays: `2026-01-26 # Republic Day\n${holiday}` },
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.result).toBe("login-required");
      expect(run.error).toBeUndefined();
      expect(run.warnings).toContain(
        `A FYERS login is required, but ${holiday} is listed in the holidays, not a trading day: nobody is notified today; the next trading day's run notifies as usual.`,
      );
      expect(run.summary).toContain(
        `Nobody was notified: ${holiday} is listed in the holidays, not a trading day.`,
      );
      expect(channels.telegram.requests).toEqual([]);
      expect(channels.webhook.posts).toEqual([]);
      expect(fakes.github.requests).toEqual([]);
      expect(ssmOps(fakes)).toEqual(["GetParameters"]);
    },
  );

  notifyTest("a Saturday (IST): a warning, no message, exit 0", async ({ fakes, guard, channels, task }) => {
    const run = await noticeRun(fakes, guard, task.meta, channels, { days: SATURDAY });
    expect(run.code, run.stdout).toBe(0);
    expect(run.warnings.join("\n")).toMatch(
      /is a Saturday \(IST\), not a trading day: nobody is notified today/,
    );
    expect(channels.telegram.requests).toEqual([]);
    expect(fakes.github.requests).toEqual([]);
  });
});

describe.concurrent("10: the IST date decides, not the UTC one", () => {
  /** Days from now to the next UTC `weekday` at `hh:mm` UTC (fractional, for the clock offset). */
  function daysToUtc(weekday: number, hh: number, mm: number): number {
    const now = new Date();
    const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hh, mm);
    let target = at;
    while (new Date(target).getUTCDay() !== weekday || target <= now.getTime()) target += DAY_MS;
    return (target - now.getTime()) / DAY_MS;
  }

  for (const [when, weekday, hh, mm, trading] of [
    ["Friday 23:59 UTC (Saturday 05:29 IST)", 5, 23, 59, false],
    ["Sunday 18:29 UTC (Sunday 23:59 IST)", 0, 18, 29, false],
    ["Sunday 18:31 UTC (Monday 00:01 IST)", 0, 18, 31, true],
    ["Thursday 18:29 UTC (Thursday 23:59 IST)", 4, 18, 29, true],
  ] as const) {
    notifyTest(
      `a login required on ${when}: ${trading ? "notified" : "no alarm"}`,
      async ({ fakes, guard, channels, task }) => {
        const run = await noticeRun(fakes, guard, task.meta, channels, {
          inputs: { notify: "telegram" },
          days: daysToUtc(weekday, hh, mm),
        });
        expect(run.outputs.result).toBe("login-required");
        expect(run.code, run.stdout).toBe(trading ? 1 : 0);
        expect(channels.telegram.messages).toHaveLength(trading ? 1 : 0);
      },
    );
  }
});

describe.concurrent("10: a failing channel is a warning, never a failed token run", () => {
  /** The 10 s deadline and the 500 ms back-off shortened (test settings): the same paths. */
  const SHORT_WAITS = { FYERS_SERVICE_TIMEOUT: "2s", FYERS_RETRY_BACKOFF: "50ms" };
  /** A refresh after an announced login: the run must store the token whatever Telegram does. */
  async function refreshAfterNotice(fakes: Fakes) {
    const { refreshToken } = fakes.fyers.issueTokens();
    seedSsm(fakes, { accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken });
    seedNotice(fakes, {
      event: "login-required",
      since: new Date().toISOString(),
      channels: ["telegram", "webhook"],
    });
    return refreshToken;
  }

  for (const [name, rule, says] of [
    [
      "400 chat not found",
      { failure: "bad_request" },
      /Telegram notice not sent: Bad Request: chat not found \(HTTP 400\)/,
    ],
    [
      "429 with retry_after",
      { failure: "rate_limit", retryAfterSeconds: 30 },
      /Telegram notice not sent: .*\(HTTP 429\)/,
    ],
    ["502 from its proxy", { failure: "server_error" }, /Telegram notice not sent: .*\(HTTP 502\)/],
    ["no answer", { failure: "hang" }, /Telegram notice not sent: no answer within 2s/],
  ] as const) {
    notifyTest(`fault: Telegram ${name} (action refresh)`, async ({ fakes, guard, channels, task }) => {
      const refreshToken = await refreshAfterNotice(fakes);
      channels.telegram.fail(rule);
      const run = await noticeRun(fakes, guard, task.meta, channels, {
        secrets: [refreshToken],
        env: SHORT_WAITS,
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.result).toBe("refreshed");
      expect(fakes.ssm.parameters.get(PARAM.accessToken)?.value).toBe(run.outputs["access-token"]);
      expect(run.warnings.join("\n")).toMatch(says);
      expect(channels.telegram.messages).toEqual([]);
      // The webhook still got its "done".
      expect(webhookBodies(channels.webhook).map((b) => b.event)).toEqual(["renewed"]);
    });
  }

  for (const [name, rule, says] of [
    ["503", { failure: "server_error" }, /Webhook notice not sent: the webhook answered HTTP 503/],
    ["no answer", { failure: "hang" }, /Webhook notice not sent: no answer within 2s/],
  ] as const) {
    notifyTest(`fault: webhook ${name} (action refresh)`, async ({ fakes, guard, channels, task }) => {
      const refreshToken = await refreshAfterNotice(fakes);
      channels.webhook.fail(rule);
      const run = await noticeRun(fakes, guard, task.meta, channels, {
        secrets: [refreshToken],
        env: SHORT_WAITS,
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.result).toBe("refreshed");
      expect(run.warnings.join("\n")).toMatch(says);
      expect(channels.telegram.messages).toHaveLength(1);
    });
  }

  notifyTest(
    "fault: Telegram 502 when a login is required: the issue still opens, the next run tries again",
    async ({ fakes, guard, channels, task }) => {
      channels.telegram.fail({ failure: "server_error", times: 3 });
      const run = await noticeRun(fakes, guard, task.meta, channels, { inputs: { notify: "telegram" } });
      expect(run.code).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      expect(run.warnings.join("\n")).toMatch(/Telegram notice not sent/);
      // Nowhere reached: no notice is stored, so the next run announces again.
      expect(storedNotice(fakes)).toBeUndefined();
      const again = await noticeRun(fakes, guard, task.meta, channels, { inputs: { notify: "telegram" } });
      expect(again.code).toBe(1);
      expect(channels.telegram.messages).toHaveLength(1);
      expect(storedNotice(fakes)).toMatchObject({ event: "login-required", channels: ["telegram"] });
    },
  );
});

describe.concurrent("10: a webhook that echoes the secret part of its URL", () => {
  const SEGMENT = "xoxbSeCrEt0123456789abcdef";
  const KEY = "AIzaSyQueryKey0123456789";
  for (const [what, path, quoted] of [
    ["the last path segment (Slack, Discord)", `/services/T0AAAA/B0BBBB/${SEGMENT}`, SEGMENT],
    ["a query key (Google Chat)", `/v1/spaces/AAAA/messages?key=${KEY}&token=${SEGMENT}`, KEY],
  ] as const) {
    notifyTest(
      `fault: a webhook answers 404 quoting ${what}: the warning does not repeat it`,
      async ({ fakes, guard, channels, task }) => {
        const hook = await startLocal((_req, _body, res) => {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end(`no such webhook: ${quoted}`);
        });
        try {
          const run = await noticeRun(fakes, guard, task.meta, channels, {
            inputs: { notify: "issue,webhook", "webhook-url": `${hook.url}${path}` },
            secrets: [`${hook.url}${path}`, SEGMENT, KEY],
          });
          expect(run.outputs.result).toBe("login-required");
          expect(hook.bodies).toHaveLength(1);
          expect(run.warnings.join("\n")).toMatch(
            /Webhook notice not sent: the webhook answered HTTP 404: no such webhook: \*\*\*/,
          );
        } finally {
          await hook.close();
        }
      },
    );
  }
});

describe.concurrent("10: a channel that missed the announcement gets it on the next run", () => {
  notifyTest(
    "fault: Telegram 502 while the issue opens: the next run sends the message, the third nothing",
    async ({ fakes, guard, channels, task }) => {
      const inputs = { notify: "issue,telegram" };
      channels.telegram.fail({ failure: "server_error", times: 3 });
      const first = await noticeRun(fakes, guard, task.meta, channels, { inputs });
      expect(first.warnings.join("\n")).toMatch(/Telegram notice not sent: .*\(HTTP 502\)/);
      expect(openLoginIssues(fakes)).toHaveLength(1);
      expect(storedNotice(fakes)).toMatchObject({ event: "login-required", channels: ["issue"] });

      await noticeRun(fakes, guard, task.meta, channels, { inputs });
      expect(channels.telegram.messages).toHaveLength(1);
      expect(storedNotice(fakes)).toMatchObject({ channels: ["issue", "telegram"] });

      await noticeRun(fakes, guard, task.meta, channels, { inputs });
      expect(channels.telegram.messages).toHaveLength(1);
      expect(fakes.github.issues).toHaveLength(1);
    },
  );
});

describe.concurrent("10: the notice across runs", () => {
  notifyTest(
    "login due, then a verify run, then the refresh token dies: one due, one required, on the same issue",
    async ({ fakes, guard, channels, task }) => {
      const { telegram, webhook } = channels;
      const accessToken = makeAccessToken({ expSeconds: WEEKDAY * DAY + 6 * HOUR });
      const dying = makeRefreshToken({ expSeconds: WEEKDAY * DAY + 2 * DAY });
      seedSsm(fakes, { accessToken, refreshToken: dying });
      const due = await noticeRun(fakes, guard, task.meta, channels, { secrets: [accessToken, dying] });
      expect(due.code, due.stdout).toBe(0);
      const announced = storedNotice(fakes);
      expect(announced).toMatchObject({ event: "login-due" });

      // mode verify only reads: no channel, no notice written.
      const githubBefore = fakes.github.requests.length;
      const verify = await noticeRun(fakes, guard, task.meta, channels, {
        inputs: { mode: "verify" },
        secrets: [accessToken, dying],
      });
      // The FYERS fake never issued this token, so verify finds it invalid: still no notice.
      expect(verify.outputs.result).toBe("invalid");
      expect(fakes.github.requests.length).toBe(githubBefore);
      expect(storedNotice(fakes)).toEqual(announced);

      // The refresh token died unused: the login is now required.
      const dead = makeRefreshToken({ expSeconds: -60 });
      seedSsm(fakes, { accessToken: makeAccessToken({ expSeconds: -120 }), refreshToken: dead });
      const required = await noticeRun(fakes, guard, task.meta, channels, { secrets: [dead] });
      expect(required.code).toBe(1);
      expect(required.outputs.result).toBe("login-required");
      expect(telegram.messages.map((m) => m.text.split("\n")[0])).toEqual([
        `<b>FYERS login due soon</b> for ${fakes.fyers.clientId}`,
        `<b>FYERS login required</b> for ${fakes.fyers.clientId}`,
      ]);
      expect(webhookBodies(webhook).map((b) => b.event)).toEqual(["login-due", "login-required"]);
      expect(fakes.github.issues).toHaveLength(1);
      expect(openLoginIssues(fakes)[0]?.title).toBe(`FYERS login required for ${fakes.fyers.clientId}`);
      expect(storedNotice(fakes)).toMatchObject({ event: "login-required" });
    },
  );

  notifyTest(
    "the login issue closed by hand: the 07:35 run in the same state opens no second issue; a login closes nothing twice",
    async ({ fakes, guard, channels, task }) => {
      const first = await noticeRun(fakes, guard, task.meta, channels);
      expect(first.code).toBe(1);
      const [issue] = fakes.github.issues;
      if (issue === undefined) throw new Error("no login issue");
      issue.state = "closed";

      const second = await noticeRun(fakes, guard, task.meta, channels);
      expect(second.code).toBe(1);
      expect(second.outputs.result).toBe("login-required");
      expect(fakes.github.issues, "no second issue").toHaveLength(1);
      expect(channels.telegram.messages).toHaveLength(1);
      expect(second.stdout).toContain("closed by hand");

      const code = fakes.fyers.issueAuthCode();
      const done = await noticeRun(fakes, guard, task.meta, channels, {
        inputs: { "auth-code": code },
        secrets: [code],
      });
      expect(done.outputs.result).toBe("exchanged");
      expect(fakes.github.issues).toHaveLength(1);
      expect(issue.comments).toEqual([]);
      expect(channels.telegram.messages).toHaveLength(2);
      expect(storedNotice(fakes)).toBeUndefined();
    },
  );

  notifyTest(
    "two accounts (two ssm-prefix values) in one repository: each its own issue; one logging in closes only its own",
    async ({ fakes, guard, channels, task }) => {
      const other = "/stock-pipeline/fyers-two";
      await noticeRun(fakes, guard, task.meta, channels, { inputs: { notify: "issue" } });
      await noticeRun(fakes, guard, task.meta, channels, {
        inputs: { notify: "issue", "ssm-prefix": other },
      });
      expect(openLoginIssues(fakes)).toHaveLength(2);
      const code = fakes.fyers.issueAuthCode();
      const run = await noticeRun(fakes, guard, task.meta, channels, {
        inputs: { notify: "issue", "auth-code": code },
        secrets: [code],
      });
      expect(run.outputs.result).toBe("exchanged");
      const open = openLoginIssues(fakes);
      expect(open).toHaveLength(1);
      expect(open[0]?.body).toContain(`<!-- fyers-token: ${other} -->`);
    },
  );
});

describe.concurrent("10: what FYERS says reaches every channel, whatever its length or markup", () => {
  notifyTest(
    "fault: FYERS refuses the refresh with a 6000-character message full of markup: Telegram, the webhook and the issue still get the login notice",
    async ({ fakes, guard, channels, task }) => {
      const refreshToken = makeRefreshToken({ expSeconds: WEEKDAY * DAY + 10 * DAY });
      seedSsm(fakes, { accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken });
      const noise = "<b>refresh</b> & <!-- fyers-token: /other/prefix --> @octocat ".repeat(100);
      const fyers = await echoingFyers(() => `Please provide valid refresh token ${noise}`);
      try {
        const run = await noticeRun(fakes, guard, task.meta, channels, {
          inputs: { "api-url": `${fyers.url}/api/v3` },
          secrets: [refreshToken],
        });
        expect(run.code).toBe(1);
        expect(run.outputs.result).toBe("login-required");
        expect(run.warnings.join("\n")).not.toMatch(/notice not sent/);
        expect(channels.telegram.messages).toHaveLength(1);
        const text = channels.telegram.messages[0]?.text ?? "";
        expect(text).toContain(
          "FYERS refused the refresh (FYERS said -501: Please provide valid refresh token",
        );
        expect(text).toContain(`<a href="${LOGIN_LINK}">Log in now</a>`);
        expect(webhookBodies(channels.webhook)).toHaveLength(1);
        const [issue] = openLoginIssues(fakes);
        // FYERS' words cannot plant another account's marker or ping anyone in the issue.
        expect(issue?.body.match(/<!-- fyers-token:/g)).toHaveLength(1);
        expect(issue?.body).not.toMatch(/(^|[^\w`])@octocat/);
        expect(storedNotice(fakes)).toMatchObject({ channels: ["issue", "telegram", "webhook"] });
      } finally {
        await fyers.close();
      }
    },
  );
});

describe.concurrent("10: an IAM policy from before the login notice", () => {
  // The policy has the three token parameters but not login_notice: AWS denies any call naming it.
  const denyNotice = (fakes: Fakes) => fakes.ssm.fail({ failure: "access_denied", name: NOTICE });
  const noticeWarnings = (run: { warnings: string[] }) =>
    run.warnings.filter((w) => w.includes("login_notice"));
  const WARNING =
    `AWS denied ssm:GetParameters on ${NOTICE}, where fyers-token remembers the login notice it sent; running without it ` +
    "(every run that finds a login needed announces it again, and the login issue closes only after an exchange or a refresh). " +
    `Fix: allow ssm:GetParameters and ssm:PutParameter on ${NOTICE} (the ActionRemembersTheLoginNoticeItSent statement of docs/iam/fyers-token-policy.json)`;

  notifyTest(
    "fault: SSM denies only login_notice, a login required: the run announces as before notices, warns once",
    async ({ fakes, guard, channels, task }) => {
      denyNotice(fakes);
      const first = await noticeRun(fakes, guard, task.meta, channels);
      expect(first.code, first.stdout).toBe(1);
      expect(first.outputs.result).toBe("login-required");
      expect(first.error).toMatch(/^A FYERS login is required: /);
      expect(noticeWarnings(first)).toEqual([WARNING]);
      expect(openLoginIssues(fakes)).toHaveLength(1);
      expect(channels.telegram.messages).toHaveLength(1);
      // The denied read, the same read without the notice; no blind write of the notice.
      expect(ssmOps(fakes)).toEqual(["GetParameters", "GetParameters"]);
      expect(fakes.ssm.requests[1]?.body.Names).not.toContain(NOTICE);

      // Nothing remembers the announcement: the next run announces again, on the same issue.
      const second = await noticeRun(fakes, guard, task.meta, channels);
      expect(second.code).toBe(1);
      expect(noticeWarnings(second)).toEqual([WARNING]);
      expect(fakes.github.issues).toHaveLength(1);
      expect(channels.telegram.messages).toHaveLength(2);
      expect(ssmOps(fakes).filter((op) => op === "PutParameter")).toEqual([]);
    },
  );

  notifyTest(
    "fault: SSM denies only login_notice, a refresh after the login issue: tokens stored, the issue closed",
    async ({ fakes, guard, channels, task }) => {
      denyNotice(fakes);
      await noticeRun(fakes, guard, task.meta, channels, { inputs: { notify: "issue" } });
      expect(openLoginIssues(fakes)).toHaveLength(1);
      const { refreshToken } = fakes.fyers.issueTokens();
      seedSsm(fakes, { accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken });
      const run = await noticeRun(fakes, guard, task.meta, channels, {
        inputs: { notify: "issue" },
        secrets: [refreshToken],
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.result).toBe("refreshed");
      expect(fakes.ssm.parameters.get(PARAM.accessToken)?.value).toBe(run.outputs["access-token"]);
      expect(noticeWarnings(run)).toEqual([WARNING]);
      expect(openLoginIssues(fakes)).toHaveLength(0);
      expect(fakes.github.issues[0]?.comments.map((c) => c.body)).toEqual([
        expect.stringMatching(/^The access token was refreshed\. The new access token is valid until /),
      ]);
      expect(fakes.ssm.parameters.has(NOTICE)).toBe(false);
    },
  );

  notifyTest(
    "fault: SSM reads login_notice but denies writing it: the login is announced, one warning names the fix",
    async ({ fakes, guard, channels, task }) => {
      fakes.ssm.fail({ failure: "access_denied", op: "PutParameter", name: NOTICE });
      const run = await noticeRun(fakes, guard, task.meta, channels);
      expect(run.code).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      expect(channels.telegram.messages).toHaveLength(1);
      expect(openLoginIssues(fakes)).toHaveLength(1);
      expect(noticeWarnings(run)).toEqual([
        `Could not store the login notice (AWS denied ssm:PutParameter on ${NOTICE}); the next run may announce it again. Hint: grant ssm:PutParameter on this parameter to the role or user in use; docs/iam/fyers-token-policy.json is a least-privilege policy for exactly the parameters this project uses.`,
      ]);
    },
  );

  test("fault: SSM denies the token parameters too: the run fails naming them, not the notice", async ({
    fakes,
    guard,
  }) => {
    fakes.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const run = await actionChecked(fakes, guard, {});
    expect(run.code).toBe(1);
    expect(run.error).toMatch(/^AWS denied ssm:GetParameters on \/stock-pipeline\/fyers\/\*/);
    expect(run.warnings.join("\n")).not.toContain("login_notice");
  });
});

describe.concurrent("10: a channel's secret set, but notify left at its default", () => {
  notifyTest(
    "telegram-bot-token and webhook-url given with notify unset: one warning each naming the fix, no message",
    async ({ fakes, guard, channels, task }) => {
      const run = await noticeRun(fakes, guard, task.meta, channels, { inputs: { notify: "" } });
      expect(run.outputs.result).toBe("login-required");
      expect(openLoginIssues(fakes)).toHaveLength(1);
      expect(channels.telegram.requests).toEqual([]);
      expect(run.warnings.filter((w) => w.includes("does not list"))).toEqual([
        "telegram-bot-token is set, but notify (issue) does not list telegram: no telegram notice is sent. Add it, e.g. notify: issue,telegram (the shipped workflow reads the FYERS_NOTIFY variable).",
        "webhook-url is set, but notify (issue) does not list webhook: no webhook notice is sent. Add it, e.g. notify: issue,webhook (the shipped workflow reads the FYERS_NOTIFY variable).",
      ]);
    },
  );

  notifyTest("notify: none is a choice: no such warning", async ({ fakes, guard, channels, task }) => {
    const run = await noticeRun(fakes, guard, task.meta, channels, { inputs: { notify: "none" } });
    expect(run.warnings.filter((w) => w.includes("does not list"))).toEqual([]);
  });
});

describe.concurrent("10: bad notify inputs are refused before any call", () => {
  const BOT = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";
  for (const [what, inputs, names] of [
    ["notify telegram without a bot token", { notify: "telegram" }, "telegram-bot-token"],
    [
      "notify telegram without a chat id",
      { notify: "telegram", "telegram-bot-token": BOT },
      "telegram-chat-id",
    ],
    [
      "a bot token of the wrong shape",
      { notify: "telegram", "telegram-bot-token": "not-a-token", "telegram-chat-id": "1" },
      "telegram-bot-token",
    ],
    [
      "an http webhook URL",
      { notify: "webhook", "webhook-url": "http://hooks.example.com/services/x" },
      "webhook-url",
    ],
    ["an unknown notify channel", { notify: "issue,email" }, "notify"],
    ["a holiday that is not a date", { holidays: "2026-13-01" }, "holidays"],
    [
      "holidays folded into one line by a YAML > block (every date after the first # a comment)",
      { holidays: "2026-01-15 # Municipal elections 2026-01-26 # Republic Day 2026-03-03 # Holi" },
      "holidays",
    ],
  ] as const) {
    test(`bad input: ${what} (action)`, async ({ fakes, guard }) => {
      const run = await actionChecked(fakes, guard, { inputs }, [BOT, "http://hooks.example.com/services/x"]);
      expect(run.code).toBe(1);
      expect(run.error?.startsWith(`${names}: `), run.error).toBe(true);
      expect(run.error).toContain("\nHint: ");
      expect(fakes.ssm.requests, "no SSM call").toEqual([]);
      expect(fakes.github.requests, "no GitHub call").toEqual([]);
    });
  }
});
