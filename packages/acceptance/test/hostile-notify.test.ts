import {
  makeAccessToken,
  makeRefreshToken,
  startTelegramFake,
  startWebhookSink,
  type TelegramFake,
  type WebhookSink,
} from "@fyers-token/testkit";
import { createSandbox, findSecrets, PARAM, PREFIX, type Sandbox } from "@fyers-token/testkit/harness";
import { it as base, describe, expect } from "vitest";
import { shiftedClockEnv } from "./faults/clock.js";
import { LeakGuard } from "./faults/guard.js";
import { runChecked, type ScriptRunOptions, type TimedRun } from "./faults/scripts.js";

const LOGIN_LINK = "https://abcdefgh.lambda-url.ap-south-1.on.aws/login";
const DAY_MS = 86_400_000;

interface World {
  box: Sandbox;
  telegram: TelegramFake;
  sink: WebhookSink;
  guard: LeakGuard;
  /** Sets the scripts' (and the FYERS fake's) clock to this IST time, e.g. "2026-12-07T06:05". */
  at(ist: string): void;
  /** The scripts' now. */
  now(): number;
  /** Runs a script with the alert settings, scanning what it printed and what the fakes received. */
  run(name: string, args?: string[], options?: ScriptRunOptions): Promise<TimedRun>;
  /** Tokens that no longer work: the access token died at 06:00 IST, the refresh token days ago. */
  seedDead(): Promise<void>;
  notice(): Promise<unknown>;
}

const it = base.extend<{ world: World }>({
  world: async ({ task }, use) => {
    let shift = 0;
    const box = await createSandbox({ now: () => Date.now() + shift });
    const telegram = await startTelegramFake();
    const sink = await startWebhookSink();
    const guard = new LeakGuard(task.meta);
    const notifySecrets = [
      telegram.botToken,
      telegram.botToken.split(":")[1] ?? "",
      sink.url,
      new URL(sink.url).pathname,
    ];
    for (const secret of notifySecrets) box.secrets.add(secret);

    /** What the fakes received must hold no token, secret or the bot token. */
    const scanDelivered = () => {
      const delivered = [
        ...telegram.messages.map((m) => ({ where: `Telegram message ${m.messageId}`, text: m.text })),
        ...sink.posts.map((p, i) => ({ where: `webhook POST ${i + 1}`, text: JSON.stringify(p.body) })),
      ];
      const hits = delivered.flatMap(({ where, text }) =>
        findSecrets(text, box.secrets).map((hit) => `${where}: ${hit}`),
      );
      task.meta.leaks = (task.meta.leaks ?? 0) + hits.length;
      expect(hits, "a delivered message showed a secret").toEqual([]);
    };

    const world: World = {
      box,
      telegram,
      sink,
      guard,
      at: (ist) => {
        shift = Date.parse(`${ist}:00+05:30`) - Date.now();
      },
      now: () => Date.now() + shift,
      run: async (name, args = [], options = {}) => {
        const env = {
          ...shiftedClockEnv(shift),
          FYERS_TELEGRAM_BOT_TOKEN: telegram.botToken,
          FYERS_TELEGRAM_CHAT_ID: telegram.chatId,
          TELEGRAM_API_URL: telegram.url,
          FYERS_WEBHOOK_URL: sink.url,
          FYERS_LOGIN_LINK: LOGIN_LINK,
          ...options.env,
        };
        const run = await runChecked(box, guard, name, args, { ...options, env });
        // Even under --json, where token values may show, the bot token and webhook URL never do.
        expect(findSecrets(run.stdout, notifySecrets), `stdout of ${name}`).toEqual([]);
        scanDelivered();
        return run;
      },
      seedDead: async () => {
        const long = world.now() - 20 * DAY_MS;
        await box.seedFile({
          client_id: box.fyers.clientId,
          access_token: makeAccessToken({ nowMs: world.now() - DAY_MS }),
          refresh_token: makeRefreshToken({ nowMs: long }),
        });
      },
      notice: async () => {
        const raw = await box.rawFile();
        return raw === undefined ? undefined : (JSON.parse(raw) as { login_notice?: unknown }).login_notice;
      },
    };
    await use(world);
    await Promise.all([telegram.close(), sink.close()]);
    await box.close();
  },
});

const MONDAY = "2026-12-07";
const verify = (...channels: string[]) => ["--notify", channels.join(",")];

describe.concurrent("verify.ts --notify: one message per state", () => {
  it("login-required sends one Telegram message with the link and the deadline; the 07:35 run sends none; the run after the login sends one done", async ({
    world,
  }) => {
    const { box, telegram } = world;
    world.at(`${MONDAY}T06:05`);
    await world.seedDead();

    const first = await world.run("verify.ts", verify("telegram"));
    expect(first.code).toBe(3);
    expect(first.stderr).toContain("login-required alert sent (telegram)");
    expect(telegram.messages).toHaveLength(1);
    const message = telegram.messages[0];
    expect(message?.chatId).toBe(telegram.chatId);
    expect(message?.parseMode).toBe("HTML");
    expect(message?.body.link_preview_options).toEqual({ is_disabled: true });
    expect(message?.text).toContain(`<b>FYERS login required</b> for ${box.fyers.clientId}`);
    expect(message?.text).toContain("Log in before 2026-12-08 06:00 IST.");
    expect(message?.text).toContain(`<a href="${LOGIN_LINK}">Log in now</a>`);
    expect(message?.text).toContain("No usable token is left");
    expect(await world.notice()).toEqual({
      event: "login-required",
      since: "2026-12-07T00:35:00Z",
      channels: ["telegram"],
      deadline: "2026-12-08T00:30:00Z",
    });

    world.at(`${MONDAY}T07:35`);
    const second = await world.run("verify.ts", [...verify("telegram"), "--json"], { revealsOnStdout: true });
    expect(second.code).toBe(3);
    expect(JSON.parse(second.stdout).notify).toEqual({
      channels: ["telegram"],
      announced: null,
      deliveries: [],
    });
    expect(telegram.messages).toHaveLength(1);

    world.at(`${MONDAY}T07:40`);
    const code = box.issueAuthCode();
    expect((await world.run("exchange.ts", ["--auth-code", code])).code).toBe(0);
    const renewed = await world.run("verify.ts", verify("telegram"));
    expect(renewed.code).toBe(0);
    expect(telegram.messages).toHaveLength(2);
    expect(telegram.messages[1]?.text).toBe(
      `<b>FYERS token renewed</b> for ${box.fyers.clientId}\nDone, valid until 2026-12-08 06:00 IST.`,
    );
    expect(await world.notice()).toBeUndefined();

    const after = await world.run("verify.ts", verify("telegram"));
    expect(after.code).toBe(0);
    expect(telegram.messages).toHaveLength(2);
  });

  it("an access token that died while the refresh token lives (exit 1) alerts once, saying refresh.ts may fix it", async ({
    world,
  }) => {
    const { box, telegram } = world;
    world.at(`${MONDAY}T06:05`);
    const { refreshToken } = box.fyers.issueTokens();
    await box.seedFile({
      client_id: box.fyers.clientId,
      access_token: makeAccessToken({ nowMs: world.now() - DAY_MS }),
      refresh_token: refreshToken,
    });
    const run = await world.run("verify.ts", verify("telegram"));
    expect(run.code).toBe(1);
    expect(telegram.messages).toHaveLength(1);
    expect(telegram.messages[0]?.text).toContain("the refresh token may still work: run refresh.ts");
    world.at(`${MONDAY}T07:35`);
    expect((await world.run("verify.ts", verify("telegram"))).code).toBe(1);
    expect(telegram.messages).toHaveLength(1);
  });

  it("login-due posts the webhook JSON once (text for Slack, event, client_id, deadline, login_link)", async ({
    world,
  }) => {
    const { box, sink } = world;
    world.at(`${MONDAY}T06:05`);
    const issued = box.fyers.issueTokens();
    const refreshToken = makeRefreshToken({ nowMs: world.now() - 13 * DAY_MS }); // dies in about 2 days
    await box.seedFile({
      client_id: box.fyers.clientId,
      access_token: issued.accessToken,
      refresh_token: refreshToken,
    });

    const run = await world.run("verify.ts", verify("webhook"));
    expect(run.code).toBe(0);
    expect(sink.posts).toHaveLength(1);
    expect(sink.posts[0]?.headers["content-type"]).toBe("application/json");
    const body = sink.posts[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      event: "login-due",
      client_id: box.fyers.clientId,
      deadline: "2026-12-09T00:30:00Z",
      login_link: LOGIN_LINK,
    });
    expect(body.text).toContain(`FYERS login due soon for ${box.fyers.clientId}`);
    expect(body.text).toContain("Log in before 2026-12-09 06:00 IST.");
    expect(body.text).toContain(`Log in now: ${LOGIN_LINK}`);

    world.at(`${MONDAY}T07:35`);
    expect((await world.run("verify.ts", verify("webhook"))).code).toBe(0);
    expect(sink.posts).toHaveLength(1);
  });

  it("over SSM the notice lives in {prefix}/login_notice (a String), read in the same GetParameters", async ({
    world,
  }) => {
    const { box, sink } = world;
    world.at(`${MONDAY}T06:05`);
    const dead = makeAccessToken({ nowMs: world.now() - DAY_MS });
    const deadRefresh = makeRefreshToken({ nowMs: world.now() - 20 * DAY_MS });
    box.secrets.add(dead).add(deadRefresh);
    box.ssm.put(PARAM.clientId, box.fyers.clientId);
    box.ssm.put(PARAM.accessToken, dead, "SecureString");
    box.ssm.put(PARAM.refreshToken, deadRefresh, "SecureString");

    const first = await world.run("verify.ts", ["--store", "ssm", ...verify("webhook")]);
    expect(first.code).toBe(3);
    expect(sink.posts).toHaveLength(1);
    const notice = box.ssm.parameters.get(`${PREFIX}/login_notice`);
    expect(notice?.type).toBe("String");
    expect(JSON.parse(notice?.value ?? "{}")).toMatchObject({
      event: "login-required",
      channels: ["webhook"],
    });

    world.at(`${MONDAY}T07:35`);
    const reads = box.ssm.requests.filter((r) => r.op === "GetParameters").length;
    expect((await world.run("verify.ts", ["--store", "ssm", ...verify("webhook")])).code).toBe(3);
    expect(sink.posts).toHaveLength(1);
    expect(box.ssm.requests.filter((r) => r.op === "GetParameters").length - reads).toBe(1);
  });
});

describe.concurrent("verify.ts --notify: no false alarms", () => {
  it("on a Saturday a login-required run warns, sends nothing, exits as verify does; Monday's run sends", async ({
    world,
  }) => {
    world.at("2026-12-05T06:05");
    await world.seedDead();
    const saturday = await world.run("verify.ts", verify("telegram", "webhook"));
    expect(saturday.code).toBe(3);
    expect(saturday.stderr).toContain(
      "warning: 2026-12-05 is a Saturday (IST), not a trading day: no alert sent",
    );
    expect(world.telegram.requests).toHaveLength(0);
    expect(world.sink.posts).toHaveLength(0);
    expect(await world.notice()).toBeUndefined();

    world.at(`${MONDAY}T06:05`);
    await world.seedDead();
    expect((await world.run("verify.ts", verify("telegram", "webhook"))).code).toBe(3);
    expect(world.telegram.messages).toHaveLength(1);
    expect(world.sink.posts).toHaveLength(1);
  });

  it("on a listed holiday (FYERS_HOLIDAYS, with comments) a login-required run warns and sends nothing", async ({
    world,
  }) => {
    world.at("2026-12-25T06:05"); // a Friday
    await world.seedDead();
    const env = { FYERS_HOLIDAYS: "2026-11-24 # Guru Nanak Jayanti\n2026-12-25 # Christmas" };
    const run = await world.run("verify.ts", verify("telegram"), { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      "warning: 2026-12-25 is listed in the holidays, not a trading day: no alert sent",
    );
    expect(world.telegram.requests).toHaveLength(0);
  });
});

interface ChannelFault {
  case: string;
  channel: "telegram" | "webhook";
  inject(world: World): void;
  /** The warning on stderr. */
  warning: RegExp;
  /** For the failing run: a shorter deadline or back-off (FYERS_SERVICE_TIMEOUT, FYERS_RETRY_BACKOFF: test settings). */
  env?: Record<string, string>;
}

const CHANNEL_FAULTS: ChannelFault[] = [
  {
    case: "Telegram answers 400 chat not found",
    channel: "telegram",
    inject: (w) => w.telegram.fail({ failure: "bad_request", times: 1 }),
    warning: /warning: Telegram notice not sent: Bad Request: chat not found \(HTTP 400\); check the chat id/,
  },
  {
    case: "Telegram answers 401 (a revoked bot token)",
    channel: "telegram",
    inject: (w) => w.telegram.fail({ failure: "unauthorized", times: 1 }),
    warning:
      /warning: Telegram notice not sent: Unauthorized \(HTTP 401\); the bot token is wrong or revoked/,
  },
  {
    case: "Telegram answers 429 with retry_after 60",
    channel: "telegram",
    inject: (w) => w.telegram.fail({ failure: "rate_limit", retryAfterSeconds: 60, times: 1 }),
    warning:
      /Too Many Requests: retry after 60 \(HTTP 429\); gave up \(asked to retry after 60s\) to stay within 10s/,
  },
  {
    case: "Telegram answers 502 three times",
    channel: "telegram",
    inject: (w) => w.telegram.fail({ failure: "server_error", times: 3 }),
    warning: /warning: Telegram notice not sent: 502 Bad Gateway .*\(HTTP 502\)/,
    env: { FYERS_RETRY_BACKOFF: "50ms" },
  },
  {
    case: "Telegram never answers",
    channel: "telegram",
    inject: (w) => w.telegram.fail({ failure: "hang", times: 1 }),
    warning: /warning: Telegram notice not sent: no answer within 2s/,
    env: { FYERS_SERVICE_TIMEOUT: "2s" },
  },
  {
    case: "the webhook answers 503 three times",
    channel: "webhook",
    inject: (w) => w.sink.fail({ failure: "server_error", times: 3 }),
    warning: /warning: Webhook notice not sent: the webhook answered HTTP 503: service unavailable/,
    env: { FYERS_RETRY_BACKOFF: "50ms" },
  },
  {
    case: "the webhook never answers",
    channel: "webhook",
    inject: (w) => w.sink.fail({ failure: "hang", times: 1 }),
    warning: /warning: Webhook notice not sent: no answer within 2s/,
    env: { FYERS_SERVICE_TIMEOUT: "2s" },
  },
];

describe.concurrent("verify.ts --notify: a failing channel is a warning, never a failed run", () => {
  for (const fault of CHANNEL_FAULTS) {
    it(`fault: ${fault.case}: verify exits as without --notify, warns, and the next run sends the alert`, async ({
      world,
    }) => {
      world.at(`${MONDAY}T06:05`);
      await world.seedDead();
      const plain = await world.run("verify.ts");
      fault.inject(world);
      const failed = await world.run("verify.ts", verify(fault.channel), fault.env ? { env: fault.env } : {});
      expect(failed.code).toBe(plain.code);
      expect(failed.stderr).toMatch(fault.warning);
      expect(await world.notice(), "nothing delivered: no notice remembered").toBeUndefined();
      const delivered = () =>
        fault.channel === "telegram" ? world.telegram.messages.length : world.sink.posts.length;
      const before = delivered();

      world.at(`${MONDAY}T07:35`);
      const retried = await world.run("verify.ts", verify(fault.channel));
      expect(retried.code).toBe(plain.code);
      expect(retried.stderr).toContain(`login-required alert sent (${fault.channel})`);
      expect(delivered()).toBeGreaterThan(before);
      expect(await world.notice()).toMatchObject({ event: "login-required", channels: [fault.channel] });
    });
  }

  it("fault: Telegram answers 429 with retry_after 1: the run waits it out and delivers", async ({
    world,
  }) => {
    world.at(`${MONDAY}T06:05`);
    await world.seedDead();
    world.telegram.fail({ failure: "rate_limit", retryAfterSeconds: 1, times: 1 });
    const run = await world.run("verify.ts", verify("telegram"));
    expect(run.code).toBe(3);
    expect(run.stderr).not.toContain("warning: Telegram");
    expect(world.telegram.requests).toHaveLength(2);
    expect(world.telegram.messages).toHaveLength(1);
  });

  it("fault: SSM refuses the notice write: the alert still goes out, a warning, the exit code unchanged", async ({
    world,
  }) => {
    const { box } = world;
    world.at(`${MONDAY}T06:05`);
    const dead = makeAccessToken({ nowMs: world.now() - DAY_MS });
    const deadRefresh = makeRefreshToken({ nowMs: world.now() - 20 * DAY_MS });
    box.secrets.add(dead).add(deadRefresh);
    box.ssm.put(PARAM.clientId, box.fyers.clientId);
    box.ssm.put(PARAM.accessToken, dead, "SecureString");
    box.ssm.put(PARAM.refreshToken, deadRefresh, "SecureString");
    box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await world.run("verify.ts", ["--store", "ssm", ...verify("telegram")]);
    expect(run.code).toBe(3);
    expect(world.telegram.messages).toHaveLength(1);
    expect(run.stderr).toMatch(
      /warning: could not remember the alert in ssm:\/stock-pipeline\/fyers \(.+\); the next run may send it again/,
    );
    expect(box.ssm.parameters.get(`${PREFIX}/login_notice`)).toBeUndefined();
    expect(box.ssm.parameters.get(PARAM.accessToken)?.value, "the stored tokens are untouched").toBe(dead);
  });

  it("fault: an IAM policy from before the notice (SSM denies only login_notice): the alert goes out, a warning names the grant", async ({
    world,
  }) => {
    const { box } = world;
    world.at(`${MONDAY}T06:05`);
    const dead = makeAccessToken({ nowMs: world.now() - DAY_MS });
    const deadRefresh = makeRefreshToken({ nowMs: world.now() - 20 * DAY_MS });
    box.secrets.add(dead).add(deadRefresh);
    box.ssm.put(PARAM.clientId, box.fyers.clientId);
    box.ssm.put(PARAM.accessToken, dead, "SecureString");
    box.ssm.put(PARAM.refreshToken, deadRefresh, "SecureString");
    box.ssm.fail({ failure: "access_denied", name: `${PREFIX}/login_notice` });
    const before = box.ssm.requests.length;
    const run = await world.run("verify.ts", ["--store", "ssm", ...verify("telegram")]);
    expect(run.code, run.stderr).toBe(3);
    expect(world.telegram.messages).toHaveLength(1);
    expect(run.stderr).toContain(
      `warning: AWS denied ssm:GetParameters on ${PREFIX}/login_notice, where fyers-token remembers the login notice it sent`,
    );
    expect(run.stderr).toContain("docs/iam/fyers-token-policy.json");
    expect(run.stdout, "the report names the store it read").toContain(`store: ssm:${PREFIX}`);
    // The denied read, then the same read without the notice; no blind write of the notice. (The
    // denied read may be sent more than once here: the script's clock is moved to a Monday, and
    // the SDK retries an error whose Date header shows a clock skew, as it would in AWS.)
    const requests = box.ssm.requests.slice(before);
    const namesNotice = requests.map((r) => (r.body.Names as string[]).includes(`${PREFIX}/login_notice`));
    expect(requests.every((r) => r.op === "GetParameters")).toBe(true);
    expect(namesNotice.at(-1), "the last read leaves the notice out").toBe(false);
    expect(namesNotice.slice(0, -1).every(Boolean), "every read before it named the notice").toBe(true);
    expect(namesNotice.length).toBeGreaterThanOrEqual(2);
    expect(box.ssm.parameters.get(PARAM.accessToken)?.value, "the stored tokens are untouched").toBe(dead);
  });

  it("fault: Telegram fails while the webhook works: the webhook is remembered, Telegram warned", async ({
    world,
  }) => {
    world.at(`${MONDAY}T06:05`);
    await world.seedDead();
    world.telegram.fail({ failure: "bad_request" });
    const run = await world.run("verify.ts", verify("telegram", "webhook"));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("login-required alert sent (webhook)");
    expect(run.stderr).toContain("warning: Telegram notice not sent");
    expect(await world.notice()).toMatchObject({ event: "login-required", channels: ["webhook"] });
  });
});

interface BadInput {
  case: string;
  args?: string[];
  env: Record<string, string | undefined>;
  names: string;
  form: RegExp;
  /** A value the message must not repeat (a secret). */
  hidden?: string;
}

const BAD_INPUTS: BadInput[] = [
  {
    case: "--notify telegram without a bot token",
    env: { FYERS_TELEGRAM_BOT_TOKEN: undefined },
    names: "FYERS_TELEGRAM_BOT_TOKEN",
    form: /is not set, and notify lists telegram/,
  },
  {
    case: "--notify telegram without a chat id",
    env: { FYERS_TELEGRAM_CHAT_ID: undefined },
    names: "FYERS_TELEGRAM_CHAT_ID",
    form: /is not set, and notify lists telegram/,
  },
  {
    case: "a bot token of the wrong shape",
    env: { FYERS_TELEGRAM_BOT_TOKEN: "AAH-not-a-bot-token-secretvalue" },
    names: "FYERS_TELEGRAM_BOT_TOKEN",
    form: /does not look like a Telegram bot token/,
    hidden: "AAH-not-a-bot-token-secretvalue",
  },
  {
    case: "a chat id with a space",
    env: { FYERS_TELEGRAM_CHAT_ID: "my chat" },
    names: "FYERS_TELEGRAM_CHAT_ID",
    form: /is not a Telegram chat id/,
  },
  {
    case: "a holidays date that does not exist",
    env: { FYERS_HOLIDAYS: "2026-01-26,2026-02-30" },
    names: "FYERS_HOLIDAYS",
    form: /"2026-02-30" is not a date; write YYYY-MM-DD/,
  },
  {
    case: "a webhook URL over plain http",
    args: ["--notify", "webhook"],
    env: { FYERS_WEBHOOK_URL: "http://hooks.example.com/services/T1/B2/secretpath" },
    names: "FYERS_WEBHOOK_URL",
    form: /must be an https:\/\/ URL/,
    hidden: "secretpath",
  },
  {
    case: "--notify webhook without a webhook URL",
    args: ["--notify", "webhook"],
    env: { FYERS_WEBHOOK_URL: "" },
    names: "FYERS_WEBHOOK_URL",
    form: /is not set, and notify lists webhook/,
  },
  {
    case: "an unknown channel",
    args: ["--notify", "telegram,slack"],
    env: {},
    names: "--notify",
    form: /unknown channel "slack"; expected a comma list of issue, telegram, webhook, or none/,
  },
  {
    case: "--notify issue (only the action opens issues)",
    args: ["--notify", "issue"],
    env: {},
    names: "--notify",
    form: /cannot open a GitHub issue/,
  },
  {
    case: "a login link over plain http",
    env: { FYERS_LOGIN_LINK: "http://example.com/login" },
    names: "FYERS_LOGIN_LINK",
    form: /must be an https:\/\/ URL/,
  },
  {
    case: "a login link with its key over plain http: refused without echoing the key",
    env: { FYERS_LOGIN_LINK: "http://example.com/login?k=Zk3vQ9xL2mN8pR4tW7yB1cD5fG0hJ6kS3uV9aE2iO4q" },
    names: "FYERS_LOGIN_LINK",
    form: /must be an https:\/\/ URL "http:\/\/example\.com\/login"/,
    hidden: "Zk3vQ9xL2mN8pR4tW7yB1cD5fG0hJ6kS3uV9aE2iO4q",
  },
  {
    case: "a login link without /login (the bare function URL)",
    env: { FYERS_LOGIN_LINK: "https://abcdefgh.lambda-url.ap-south-1.on.aws/" },
    names: "FYERS_LOGIN_LINK",
    form: /must end in \/login/,
  },
];

describe.concurrent("verify.ts --notify: bad settings are refused before any call", () => {
  for (const bad of BAD_INPUTS) {
    it(`bad input: ${bad.case}`, async ({ world }) => {
      world.at(`${MONDAY}T06:05`);
      await world.seedDead();
      const run = await world.run("verify.ts", bad.args ?? verify("telegram"), { env: bad.env });
      expect(run.code).toBe(2);
      const error = run.stderr.split("\n").find((line) => line.startsWith("error: ")) ?? "";
      expect(error).toContain(bad.names);
      expect(error).toMatch(bad.form);
      if (bad.hidden !== undefined) expect(run.stderr).not.toContain(bad.hidden);
      expect(world.box.fyers.requests, "no FYERS call").toHaveLength(0);
      expect(world.telegram.requests, "no Telegram call").toHaveLength(0);
      expect(world.sink.posts, "no webhook call").toHaveLength(0);
    });
  }
});
