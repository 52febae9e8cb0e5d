import {
  parseTelegramHtml,
  startTelegramFake,
  startWebhookSink,
  type TelegramFake,
  type WebhookSink,
} from "@fyers-token/testkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isFyersTokenError } from "../src/errors.js";
import { type ChannelSettings, deliver } from "../src/notify/deliver.js";
import { type NoticeContent, noticeText, telegramText, webhookPayload } from "../src/notify/message.js";
import { CHANNEL_ENV_NAMES, channelSettings } from "../src/notify/settings.js";

const DEADLINE = Date.UTC(2026, 11, 2, 0, 30); // 2026-12-02 06:00 IST
const REQUIRED: NoticeContent = {
  event: "login-required",
  clientId: "ABCDE12345-100",
  reason: "FYERS refused the refresh token <expired> & a login is needed.",
  deadlineMs: DEADLINE,
  loginUrl:
    "https://api-t1.fyers.in/api/v3/generate-authcode?client_id=ABCDE12345-100&state=abc&response_type=code",
  runUrl: "https://github.com/octo/trading/actions/workflows/fyers-token.yml",
};
const WITH_LINK: NoticeContent = { ...REQUIRED, loginLink: "https://abc.lambda-url.ap-south-1.on.aws/login" };
const RENEWED: NoticeContent = {
  event: "renewed",
  clientId: "ABCDE12345-100",
  reason: "exchanged",
  validUntilMs: Date.UTC(2026, 11, 3, 0, 30),
};

describe("notice messages", () => {
  it("Telegram HTML carries the reason, the deadline in IST and the links, escaped so Telegram parses it", () => {
    const html = telegramText(REQUIRED);
    const plain = parseTelegramHtml(html);
    expect(typeof plain).toBe("string");
    expect(plain).toContain("FYERS login required for ABCDE12345-100");
    expect(plain).toContain("FYERS refused the refresh token <expired> & a login is needed.");
    expect(plain).toContain("Log in before 2026-12-02 06:00 IST.");
    expect(html).toContain(
      '<a href="https://api-t1.fyers.in/api/v3/generate-authcode?client_id=ABCDE12345-100&amp;state=abc',
    );
    expect(html).toContain(`<a href="${REQUIRED.runUrl}">`);
  });

  it("leads with the login link alone when one is set", () => {
    const html = telegramText(WITH_LINK);
    expect(html).toContain(`<a href="${WITH_LINK.loginLink}">Log in now</a>`);
    expect(html).not.toContain("generate-authcode");
    expect(webhookPayload(WITH_LINK).login_link).toBe(WITH_LINK.loginLink);
  });

  it('"renewed" is a short "done, valid until …"', () => {
    expect(parseTelegramHtml(telegramText(RENEWED))).toBe(
      "FYERS token renewed for ABCDE12345-100\nDone, valid until 2026-12-03 06:00 IST.",
    );
    expect(webhookPayload(RENEWED)).toEqual({
      text: noticeText(RENEWED),
      event: "renewed",
      client_id: "ABCDE12345-100",
      deadline: null,
      login_link: null,
      valid_until: "2026-12-03T00:30:00Z",
      cause: null,
    });
  });

  it("the webhook JSON has text (Slack), event, client_id, deadline in UTC and the login link", () => {
    const payload = webhookPayload(REQUIRED);
    expect(payload).toMatchObject({
      event: "login-required",
      client_id: "ABCDE12345-100",
      deadline: "2026-12-02T00:30:00Z",
      login_link: REQUIRED.loginUrl,
      valid_until: null,
    });
    expect(payload.text).toContain("Log in before 2026-12-02 06:00 IST.");
    // Escaped as Slack asks; login_link keeps the raw URL.
    expect(payload.text).toContain(`Open the FYERS login: ${REQUIRED.loginUrl?.replaceAll("&", "&amp;")}`);
    expect(payload.text).toContain(
      "FYERS refused the refresh token &lt;expired&gt; &amp; a login is needed.",
    );
  });
});

describe("deliver over the Telegram fake and the webhook sink", () => {
  let telegram: TelegramFake;
  let sink: WebhookSink;
  let settings: ChannelSettings;
  let tg: { botToken: string; chatId: string; apiUrl: string };
  beforeEach(async () => {
    // The retry back-off shortened from 500 ms (FYERS_RETRY_BACKOFF, a test setting): the same path.
    vi.stubEnv("FYERS_RETRY_BACKOFF", "20ms");
    telegram = await startTelegramFake();
    sink = await startWebhookSink();
    tg = { botToken: telegram.botToken, chatId: telegram.chatId, apiUrl: telegram.url };
    settings = {
      telegram: tg,
      webhook: { url: sink.url },
      timeoutMs: 3000,
    };
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await Promise.all([telegram.close(), sink.close()]);
  });

  /** No warning may show the bot token, its secret half, or the webhook URL or its path. */
  function expectScrubbed(text: string): void {
    for (const secret of [
      telegram.botToken,
      telegram.botToken.split(":")[1] ?? "",
      sink.url,
      new URL(sink.url).pathname,
    ]) {
      expect(text).not.toContain(secret);
    }
  }

  it("sends one Telegram message (HTML, no link preview) and one webhook POST", async () => {
    const deliveries = await deliver(settings, ["telegram", "webhook"], WITH_LINK);
    expect(deliveries).toEqual([
      { channel: "telegram", ok: true },
      { channel: "webhook", ok: true },
    ]);
    expect(telegram.messages).toHaveLength(1);
    expect(telegram.messages[0]?.body).toEqual({
      chat_id: telegram.chatId,
      text: telegramText(WITH_LINK),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
    expect(sink.posts).toHaveLength(1);
    expect(sink.posts[0]?.body).toEqual(webhookPayload(WITH_LINK));
    expect(sink.posts[0]?.headers["content-type"]).toBe("application/json");
  });

  it("a chat that is not found is a warning with Telegram's description and a hint, no retry", async () => {
    const [delivery] = await deliver(
      { ...settings, telegram: { ...tg, chatId: "42" } },
      ["telegram"],
      REQUIRED,
    );
    expect(delivery?.ok).toBe(false);
    expect(delivery?.warning).toMatch(
      /^Telegram notice not sent: Bad Request: chat not found \(HTTP 400\); check the chat id/,
    );
    expect(telegram.requests).toHaveLength(1);
  });

  it("a wrong bot token is a 401 warning that never shows the token", async () => {
    const wrong = "999999999:AAwrongTokenWrongTokenWrongToken123";
    const [delivery] = await deliver(
      { ...settings, telegram: { ...tg, botToken: wrong } },
      ["telegram"],
      REQUIRED,
    );
    expect(delivery?.warning).toMatch(/Unauthorized \(HTTP 401\); the bot token is wrong or revoked/);
    expect(delivery?.warning).not.toContain(wrong);
    expect(delivery?.warning).not.toContain("AAwrongToken");
  });

  it("waits out Telegram's retry_after and then delivers", async () => {
    telegram.fail({ failure: "rate_limit", retryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    const [delivery] = await deliver(settings, ["telegram"], REQUIRED);
    expect(delivery).toEqual({ channel: "telegram", ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(telegram.requests).toHaveLength(2);
    expect(telegram.messages).toHaveLength(1);
  });

  it("gives up at once when retry_after lies beyond the deadline", async () => {
    telegram.fail({ failure: "rate_limit", retryAfterSeconds: 30 });
    const started = Date.now();
    const [delivery] = await deliver(settings, ["telegram"], REQUIRED);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(delivery?.warning).toBe(
      "Telegram notice not sent: Too Many Requests: retry after 30 (HTTP 429); gave up (asked to retry after 30s) to stay within 3s",
    );
    expect(telegram.requests).toHaveLength(1);
  });

  it("retries a 5xx at most twice", async () => {
    telegram.fail({ failure: "server_error" });
    const [delivery] = await deliver(settings, ["telegram"], REQUIRED);
    expect(delivery?.warning).toBe(
      "Telegram notice not sent: 502 Bad Gateway 502 Bad Gateway nginx/1.18.0 (HTTP 502)",
    );
    expect(telegram.requests).toHaveLength(3);
    telegram.clearFailures();
    telegram.fail({ failure: "server_error", status: 500, times: 2 });
    expect(await deliver(settings, ["telegram"], REQUIRED)).toEqual([{ channel: "telegram", ok: true }]);
    expect(telegram.requests).toHaveLength(6);
  });

  it("FYERS_RETRY_BACKOFF spaces the retries: the step, then three times it", async () => {
    vi.stubEnv("FYERS_RETRY_BACKOFF", "150ms");
    telegram.fail({ failure: "server_error", times: 2 });
    const started = Date.now();
    expect(await deliver(settings, ["telegram"], REQUIRED)).toEqual([{ channel: "telegram", ok: true }]);
    expect(telegram.requests).toHaveLength(3);
    expect(Date.now() - started, "150 ms + 450 ms of back-off").toBeGreaterThanOrEqual(600);
  });

  it("a bad FYERS_RETRY_BACKOFF is a warning naming it, nothing sent", async () => {
    vi.stubEnv("FYERS_RETRY_BACKOFF", "soon");
    const [delivery] = await deliver(settings, ["telegram"], REQUIRED);
    expect(delivery?.ok).toBe(false);
    expect(delivery?.warning).toContain('FYERS_RETRY_BACKOFF: "soon" is not a duration');
    expect(telegram.requests).toHaveLength(0);
  });

  it("a Telegram or webhook that never answers is a warning within the deadline, both at once", async () => {
    telegram.fail({ failure: "hang" });
    sink.fail({ failure: "hang" });
    const started = Date.now();
    const deliveries = await deliver({ ...settings, timeoutMs: 800 }, ["telegram", "webhook"], REQUIRED);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(750);
    expect(took).toBeLessThan(1600);
    expect(deliveries).toEqual([
      { channel: "telegram", ok: false, warning: "Telegram notice not sent: no answer within 0.8s" },
      { channel: "webhook", ok: false, warning: "Webhook notice not sent: no answer within 0.8s" },
    ]);
  });

  it("a webhook 5xx is retried, a 4xx is not; warnings never show the URL", async () => {
    sink.fail({ failure: "server_error" });
    const [failed] = await deliver(settings, ["webhook"], REQUIRED);
    expect(failed?.warning).toBe(
      "Webhook notice not sent: the webhook answered HTTP 503: service unavailable",
    );
    expect(sink.posts).toHaveLength(3);
    sink.clearFailures();
    sink.fail({ failure: "client_error" });
    const [refused] = await deliver(settings, ["webhook"], REQUIRED);
    expect(refused?.warning).toBe("Webhook notice not sent: the webhook answered HTTP 404: no_service");
    expect(sink.posts).toHaveLength(4);
    expectScrubbed(`${failed?.warning} ${refused?.warning}`);
  });

  it("a closed port is a warning naming the connection error; a throwing fetch is a warning too", async () => {
    const url = sink.url;
    await sink.close();
    const [closed] = await deliver(settings, ["webhook"], REQUIRED);
    expect(closed?.warning).toBe("Webhook notice not sent: could not connect (ECONNREFUSED)");
    const throwing = (() => {
      throw new Error(`boom at ${url} with ${telegram.botToken}`);
    }) as unknown as typeof fetch;
    const deliveries = await deliver({ ...settings, fetch: throwing }, ["telegram", "webhook"], REQUIRED);
    expect(deliveries.every((d) => !d.ok)).toBe(true);
    for (const d of deliveries) expectScrubbed(d.warning ?? "");
  });

  it("a channel without settings is a warning, not a throw", async () => {
    expect(await deliver({}, ["telegram", "webhook"], REQUIRED)).toEqual([
      {
        channel: "telegram",
        ok: false,
        warning: "Telegram notice not sent: no bot token and chat id are set",
      },
      { channel: "webhook", ok: false, warning: "Webhook notice not sent: no webhook URL is set" },
    ]);
  });
});

describe("channelSettings", () => {
  const token = "123456789:AAHfakeTelegramBotToken0123456789abcde";
  const names = CHANNEL_ENV_NAMES;
  function refused(fn: () => unknown): { variable: string | undefined; message: string } {
    try {
      fn();
    } catch (error) {
      if (isFyersTokenError(error, "invalid_config"))
        return { variable: error.variable, message: error.message };
      throw error;
    }
    throw new Error("not refused");
  }

  it("takes what each listed channel needs", () => {
    expect(
      channelSettings(
        ["issue", "telegram", "webhook"],
        {
          botToken: ` ${token} `,
          chatId: "-1001234567890",
          webhookUrl: "https://hooks.slack.com/services/T/B/x",
        },
        names,
      ),
    ).toEqual({
      telegram: { botToken: token, chatId: "-1001234567890" },
      webhook: { url: "https://hooks.slack.com/services/T/B/x" },
    });
    expect(channelSettings(["issue"], {}, names)).toEqual({});
    expect(
      channelSettings(
        ["telegram"],
        { botToken: token, chatId: "@my_channel", telegramApiUrl: "http://127.0.0.1:9/" },
        names,
      ).telegram?.apiUrl,
    ).toBe("http://127.0.0.1:9/");
  });

  it("refuses a missing or malformed bot token, chat id or webhook URL, naming the variable, never the value", () => {
    expect(refused(() => channelSettings(["telegram"], { chatId: "1" }, names)).variable).toBe(
      "FYERS_TELEGRAM_BOT_TOKEN",
    );
    const bad = refused(() =>
      channelSettings(["telegram"], { botToken: "notatoken-secretish", chatId: "1" }, names),
    );
    expect(bad.variable).toBe("FYERS_TELEGRAM_BOT_TOKEN");
    expect(bad.message).not.toContain("notatoken-secretish");
    expect(refused(() => channelSettings(["telegram"], { botToken: token }, names)).variable).toBe(
      "FYERS_TELEGRAM_CHAT_ID",
    );
    expect(
      refused(() => channelSettings(["telegram"], { botToken: token, chatId: "my chat" }, names)).variable,
    ).toBe("FYERS_TELEGRAM_CHAT_ID");
    expect(refused(() => channelSettings(["webhook"], {}, names)).variable).toBe("FYERS_WEBHOOK_URL");
    const http = refused(() =>
      channelSettings(["webhook"], { webhookUrl: "http://hooks.example.com/secret-path" }, names),
    );
    expect(http).toMatchObject({ variable: "FYERS_WEBHOOK_URL" });
    expect(http.message).toContain("must be an https:// URL");
    expect(http.message).not.toContain("secret-path");
    expect(refused(() => channelSettings(["webhook"], { webhookUrl: "not a url" }, names)).variable).toBe(
      "FYERS_WEBHOOK_URL",
    );
    expect(
      refused(() =>
        channelSettings(["telegram"], { botToken: token, chatId: "1", telegramApiUrl: "ftp://x" }, names),
      ).variable,
    ).toBe("TELEGRAM_API_URL");
  });
});
