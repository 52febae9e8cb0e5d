// Issue 16 (items 1 and 4) and issue 14 (item 4) through the bundled action: every run that ends
// without a usable access token is announced once per state on every channel, two runs at once
// announce once, a run that loses the race to a login announces nothing, and the login link's
// key never reaches GitHub or the summary while Telegram and the webhook get the whole link.
import {
  makeAccessToken,
  makeRefreshToken,
  startFyersFake,
  startGitHubFake,
  startSsmFake,
  startTelegramFake,
  startWebhookSink,
  type TelegramFake,
  type WebhookSink,
} from "@fyers-token/testkit";
import { type Fakes, findSecrets, PARAM, PREFIX } from "@fyers-token/testkit/harness";
import { it as base, describe, expect, vi } from "vitest";
import { actionChecked, openLoginIssues, seedSsm, type TimedActionRun } from "./faults/action.js";
import { shiftedClockEnv } from "./faults/clock.js";
import { LeakGuard } from "./faults/guard.js";

const KEY = "Zk3vQ9xL2mN8pR4tW7yB1cD5fG0hJ6kS3uV9aE2iO4q";
const BARE_LINK = "https://abc123.lambda-url.ap-south-1.on.aws/login";
const LOGIN_LINK = `${BARE_LINK}?k=${KEY}`;
const NOTICE = `${PREFIX}/login_notice`;
const LOCK = `${PREFIX}/login_notice_lock`;
/** A Monday (IST) that is no exchange holiday: the scheduled 06:05 run. */
const MONDAY_0605 = Date.parse("2026-12-14T06:05:00+05:30");
const DAY_MS = 86_400_000;

interface World {
  fakes: Fakes;
  telegram: TelegramFake;
  webhook: WebhookSink;
  guard: LeakGuard;
  /** Moves every clock (the action's and the FYERS fake's) to this instant. */
  at(ms: number): void;
  now(): number;
  /** One run with every channel on, then the leak guard over all it wrote and sent. */
  run(inputs?: Record<string, string>, secrets?: string[]): Promise<TimedActionRun>;
  /** The access token died at 06:00 IST; the refresh token days ago: a login is required. */
  seedDead(): void;
  notice(): unknown;
}

const it = base.extend<{ world: World }>({
  world: async ({ task }, use) => {
    let shift = MONDAY_0605 - Date.now();
    const [fyers, ssm, github, telegram, webhook] = await Promise.all([
      startFyersFake({ pin: "8642", now: () => Date.now() + shift }),
      startSsmFake(),
      startGitHubFake({ owner: "octo", repo: "trading" }),
      startTelegramFake(),
      startWebhookSink(),
    ]);
    const fakes: Fakes = {
      fyers,
      ssm,
      github,
      close: async () => {
        await Promise.all([fyers.close(), ssm.close(), github.close()]);
      },
    };
    // The notice and the lock are plain Strings, not secrets: the guard scans every other value.
    const guardedSsm = new Proxy(ssm, {
      get: (target, key) =>
        key === "parameters"
          ? new Map([...target.parameters].filter(([name]) => name !== NOTICE && name !== LOCK))
          : Reflect.get(target, key),
    });
    const guarded: Fakes = { ...fakes, ssm: guardedSsm };
    const guard = new LeakGuard(task.meta);
    const channelSecrets = [telegram.botToken, telegram.botToken.split(":")[1] ?? "", webhook.url];
    const world: World = {
      fakes,
      telegram,
      webhook,
      guard,
      at: (ms) => {
        shift = ms - Date.now();
      },
      now: () => Date.now() + shift,
      run: async (inputs = {}, secrets = []) => {
        // A PIN other than the one FYERS knows: that one is what the run is given (and must mask).
        const pin = inputs.pin;
        const given: Fakes =
          pin === undefined
            ? guarded
            : {
                ...guarded,
                fyers: new Proxy(fyers, { get: (t, k) => (k === "pin" ? pin : Reflect.get(t, k)) }),
              };
        const run = await actionChecked(
          given,
          guard,
          {
            inputs: {
              notify: "issue,telegram,webhook",
              "telegram-bot-token": telegram.botToken,
              "telegram-chat-id": telegram.chatId,
              "webhook-url": webhook.url,
              "login-link": LOGIN_LINK,
              ...inputs,
            },
            env: { TELEGRAM_API_URL: telegram.url, ...shiftedClockEnv(shift) },
          },
          [...secrets, ...channelSecrets, KEY],
        );
        // Telegram and the webhook are the owner's own channels: the link's key may go there, no other secret.
        const received = [
          ...telegram.requests.map((r) => JSON.stringify(r.body)),
          ...webhook.posts.map((p) => JSON.stringify(p.body)),
        ].join("\n");
        const hits = findSecrets(received, [fyers.appSecret, fyers.appIdHash, fyers.pin, ...secrets]);
        task.meta.leaks = (task.meta.leaks ?? 0) + hits.length;
        expect(hits, "Telegram or the webhook received a secret").toEqual([]);
        return run;
      },
      seedDead: () => {
        seedSsm(fakes, {
          accessToken: makeAccessToken({ nowMs: world.now() - DAY_MS }),
          refreshToken: makeRefreshToken({ nowMs: world.now() - 20 * DAY_MS }),
        });
      },
      notice: () => {
        const value = ssm.parameters.get(NOTICE)?.value;
        return value === undefined || value === "none" ? undefined : JSON.parse(value);
      },
    };
    await use(world);
    await Promise.all([fakes.close(), telegram.close(), webhook.close()]);
  },
});

const posts = (webhook: WebhookSink) => webhook.posts.map((p) => p.body as Record<string, unknown>);
const texts = (world: World) =>
  world.fakes.github.issues.flatMap((i) => [i.title, i.body, ...i.comments.map((c) => c.body)]).join("\n");

/** The access token is dead and the refresh token alive: the run refreshes with the PIN. */
function seedRefreshable(world: World): { refreshToken: string } {
  const { refreshToken } = world.fakes.fyers.issueTokens();
  seedSsm(world.fakes, { accessToken: makeAccessToken({ nowMs: world.now() - DAY_MS }), refreshToken });
  return { refreshToken };
}

describe.concurrent("16.1: a failed run is announced, once per state", () => {
  it("fault: a wrong PIN after the token died: one message per channel naming the FYERS_PIN fix, one issue; the 07:35 run sends none; after the fix one done", async ({
    world,
  }) => {
    const { telegram, webhook, fakes } = world;
    const { refreshToken } = seedRefreshable(world);
    const first = await world.run({ pin: "1111" }, [refreshToken]);
    expect(first.code).toBe(1);
    expect(first.error).toContain("FYERS rejected the PIN");
    expect(telegram.messages).toHaveLength(1);
    const text = telegram.messages[0]?.text ?? "";
    expect(text).toContain("<b>FYERS token renewal failed</b>");
    expect(text).toContain("FYERS_PIN");
    expect(posts(webhook)).toEqual([
      expect.objectContaining({
        event: "renewal-failed",
        cause: "pin_rejected",
        client_id: fakes.fyers.clientId,
      }),
    ]);
    expect(openLoginIssues(fakes)).toHaveLength(1);
    expect(openLoginIssues(fakes)[0]?.body).toContain("FYERS_PIN");
    expect(world.notice()).toMatchObject({
      event: "renewal-failed",
      cause: "pin_rejected",
      channels: ["issue", "telegram", "webhook"],
    });

    world.at(MONDAY_0605 + 90 * 60_000);
    const second = await world.run({ pin: "1111" }, [refreshToken]);
    expect(second.code).toBe(1);
    expect(telegram.messages, "no second message").toHaveLength(1);
    expect(webhook.posts, "no second post").toHaveLength(1);
    expect(fakes.github.issues).toHaveLength(1);

    const fixed = await world.run({}, [refreshToken]);
    expect(fixed.code).toBe(0);
    expect(fixed.outputs.result).toBe("refreshed");
    expect(telegram.messages).toHaveLength(2);
    expect(telegram.messages[1]?.text).toContain("<b>FYERS token renewed</b>");
    expect(posts(webhook)[1]).toMatchObject({ event: "renewed" });
    expect(openLoginIssues(fakes)).toHaveLength(0);
    expect(world.notice()).toBeUndefined();
  });

  it("fault: FYERS answers 502 all morning: announced once as FYERS unreachable; a new cause (the PIN) is a new message", async ({
    world,
  }) => {
    const { telegram, webhook, fakes } = world;
    const { refreshToken } = seedRefreshable(world);
    fakes.fyers.fail({ failure: "server_error_html", endpoint: "validate-refresh-token" });
    const first = await world.run({}, [refreshToken]);
    expect(first.code).toBe(1);
    expect(telegram.messages).toHaveLength(1);
    expect(telegram.messages[0]?.text).toContain("FYERS");
    expect(posts(webhook)[0]).toMatchObject({ event: "renewal-failed", cause: "fyers_unavailable" });
    await world.run({}, [refreshToken]);
    expect(telegram.messages, "the same cause again: no message").toHaveLength(1);

    fakes.fyers.clearFailures();
    await world.run({ pin: "1111" }, [refreshToken]);
    expect(telegram.messages, "another cause: a new message").toHaveLength(2);
    expect(posts(webhook)[1]).toMatchObject({ event: "renewal-failed", cause: "pin_rejected" });
    expect(openLoginIssues(fakes)).toHaveLength(1);
  });

  it("fault: FYERS rejects the app secret (-371): announced with the app-secret fix", async ({ world }) => {
    const { telegram, webhook, fakes } = world;
    const { refreshToken } = seedRefreshable(world);
    fakes.fyers.fail({ failure: "wrong_hash" });
    const run = await world.run({}, [refreshToken]);
    expect(run.code).toBe(1);
    expect(telegram.messages).toHaveLength(1);
    expect(telegram.messages[0]?.text).toContain("app secret");
    expect(posts(webhook)[0]).toMatchObject({ event: "renewal-failed", cause: "app_secret_rejected" });
  });

  it("fault: SSM denies the read: announced without a stored notice, and the next run does not repeat it", async ({
    world,
  }) => {
    const { telegram, webhook, fakes } = world;
    world.seedDead();
    fakes.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const first = await world.run();
    expect(first.code).toBe(1);
    expect(telegram.messages).toHaveLength(1);
    expect(posts(webhook)[0]).toMatchObject({ event: "renewal-failed", cause: "ssm_denied" });
    expect(openLoginIssues(fakes)).toHaveLength(1);
    const second = await world.run();
    expect(second.code).toBe(1);
    expect(telegram.messages, "the open issue remembers what was announced").toHaveLength(1);
    expect(webhook.posts).toHaveLength(1);
    expect(fakes.github.issues).toHaveLength(1);
  });

  it("fault: KMS refuses the decryption: announced as KMS refused", async ({ world }) => {
    const { webhook, fakes } = world;
    world.seedDead();
    fakes.ssm.fail({ failure: "kms", op: "GetParameters" });
    const run = await world.run();
    expect(run.code).toBe(1);
    expect(posts(webhook)[0]).toMatchObject({ event: "renewal-failed", cause: "kms_refused" });
  });

  it("fault: a failed run on a Saturday stays quiet", async ({ world }) => {
    const { telegram, webhook, fakes } = world;
    world.at(MONDAY_0605 - 2 * DAY_MS);
    const { refreshToken } = seedRefreshable(world);
    const run = await world.run({ pin: "1111" }, [refreshToken]);
    expect(run.code).toBe(1);
    expect(telegram.messages).toHaveLength(0);
    expect(webhook.posts).toHaveLength(0);
    expect(fakes.github.issues).toHaveLength(0);
  });

  it("fault: the write fails after FYERS issued tokens: announced, and the issued token is still the output", async ({
    world,
  }) => {
    const { webhook, fakes } = world;
    world.seedDead();
    const code = fakes.fyers.issueAuthCode();
    fakes.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAM.accessToken });
    const run = await world.run({ "auth-code": code }, [code]);
    expect(run.code).toBe(1);
    expect(run.outputs["access-token"]).toMatch(/^ey/);
    expect(posts(webhook)[0]).toMatchObject({ event: "renewal-failed", cause: "ssm_denied" });
  });
});

describe.concurrent("16.4: one announcement under concurrency", () => {
  it("fault: two login-required runs started together send one message per channel and leave one issue", async ({
    world,
  }) => {
    const { telegram, webhook, fakes } = world;
    world.seedDead();
    const runs = await Promise.all([world.run(), world.run()]);
    expect(runs.map((r) => r.code)).toEqual([1, 1]);
    expect(telegram.messages, "one Telegram message").toHaveLength(1);
    expect(webhook.posts, "one webhook post").toHaveLength(1);
    expect(fakes.github.issues, "one issue").toHaveLength(1);
    expect(world.notice()).toMatchObject({ event: "login-required" });
    expect(fakes.ssm.parameters.has(LOCK), "the lock is released").toBe(false);
  });

  it("fault: a login-required run overlapping a successful exchange sends no message and leaves no open issue", async ({
    world,
  }) => {
    const { telegram, webhook, fakes } = world;
    // A refresh token FYERS no longer knows: the refresh is refused (slowly) and a login is required.
    const stale = makeRefreshToken({ nowMs: world.now() - DAY_MS });
    seedSsm(fakes, { accessToken: makeAccessToken({ nowMs: world.now() - DAY_MS }), refreshToken: stale });
    fakes.fyers.fail({ failure: "slow", endpoint: "validate-refresh-token", delayMs: 4000, times: 1 });
    const code = fakes.fyers.issueAuthCode();
    // The exchange starts once the late run's refresh is held at FYERS, so the late run has read
    // the old tokens however fast each process starts.
    const lateRun = world.run({}, [stale]);
    await vi.waitFor(
      () => {
        expect(fakes.fyers.requests.some((r) => r.path.endsWith("/validate-refresh-token"))).toBe(true);
      },
      { timeout: 20_000, interval: 20 },
    );
    const [late, exchange] = await Promise.all([lateRun, world.run({ "auth-code": code }, [code])]);
    expect(exchange.outputs.result).toBe("exchanged");
    expect(late.outputs.result).toBe("login-required");
    expect(telegram.messages, "no false message").toHaveLength(0);
    expect(webhook.posts).toHaveLength(0);
    expect(openLoginIssues(fakes), "no open issue").toHaveLength(0);
    expect(late.stdout).toContain("A fresh access token arrived");
    expect(late.code, "the step does not fail: a fresh token is stored").toBe(0);
  });

  it("fault: a role without the lock permission: a warning naming the statement, announced as before", async ({
    world,
  }) => {
    const { telegram, fakes } = world;
    world.seedDead();
    fakes.ssm.fail({ failure: "access_denied", op: "PutParameter", name: LOCK });
    const run = await world.run();
    expect(run.code).toBe(1);
    expect(run.warnings.join("\n")).toContain(LOCK);
    expect(telegram.messages).toHaveLength(1);
    expect(openLoginIssues(fakes)).toHaveLength(1);
  });

  it("fault: a lock left by a dead run is taken over once it expired", async ({ world }) => {
    const { telegram, fakes } = world;
    world.seedDead();
    const expired = new Date(world.now() - 60_000).toISOString();
    fakes.ssm.put(LOCK, JSON.stringify({ holder: "run-that-died", until: expired }), "String");
    const run = await world.run();
    expect(run.code).toBe(1);
    expect(telegram.messages).toHaveLength(1);
    expect(fakes.ssm.parameters.has(LOCK)).toBe(false);
  });
});

describe.concurrent("14.4: the login link is a secret everywhere but the owner's channels", () => {
  it("bad input: a login-link with its key is accepted; the issue, summary, outputs and log never hold the key; Telegram and the webhook get the whole link", async ({
    world,
  }) => {
    const { telegram, webhook, fakes } = world;
    world.seedDead();
    const run = await world.run();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::add-mask::${KEY}`);
    expect(telegram.messages[0]?.text).toContain(`<a href="${LOGIN_LINK}">Log in now</a>`);
    expect(posts(webhook)[0]).toMatchObject({ login_link: LOGIN_LINK });
    const issue = texts(world);
    expect(issue).not.toContain(KEY);
    expect(issue).toContain(BARE_LINK);
    expect(issue).toContain("bookmark");
    expect(run.summary).not.toContain(KEY);
    expect(run.summary).not.toContain("***");
    expect(run.error).not.toContain(KEY);
    expect(run.error).not.toContain("***");
    expect(openLoginIssues(fakes)).toHaveLength(1);
  });

  it("bad input: a login-link whose path is not /login is still refused, with or without a key", async ({
    world,
  }) => {
    const run = await world.run({
      "login-link": `https://abc123.lambda-url.ap-south-1.on.aws/callback?k=${KEY}`,
    });
    expect(run.code).toBe(1);
    expect(run.error).toContain("login-link: must end in /login");
    expect(run.error).not.toContain(KEY);
    expect(world.telegram.messages).toHaveLength(0);
  });
});
