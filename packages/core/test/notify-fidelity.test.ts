// The Telegram fake against grammY (a widely used Bot API client): it reaches the fake with the
// same sendMessage body as our deliver(), and reads the fake's answers, ok or not, the way it
// reads Telegram's. So the fake's shapes are Telegram's, and ours match a real client's.
import { startTelegramFake, type TelegramFake } from "@fyers-token/testkit";
import { Api, GrammyError } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliver } from "../src/notify/deliver.js";
import { type NoticeContent, telegramText } from "../src/notify/message.js";

const CONTENT: NoticeContent = {
  event: "login-required",
  clientId: "ABCDE12345-100",
  reason: "FYERS refused the refresh token <-501> & a login is needed.",
  deadlineMs: Date.UTC(2026, 11, 2, 0, 30),
  loginUrl: "https://api-t1.fyers.in/api/v3/generate-authcode?client_id=ABCDE12345-100&state=s",
  runUrl: "https://github.com/octo/trading/actions/workflows/fyers-token.yml",
};

describe("the Telegram fake, read by grammY", () => {
  let telegram: TelegramFake;
  let api: Api;
  beforeEach(async () => {
    telegram = await startTelegramFake();
    api = new Api(telegram.botToken, { apiRoot: telegram.url });
  });
  afterEach(() => telegram.close());

  async function refusal(): Promise<GrammyError> {
    try {
      await api.sendMessage(telegram.chatId, "hi");
    } catch (error) {
      if (error instanceof GrammyError) return error;
      throw error;
    }
    throw new Error("grammY did not throw");
  }

  it("grammY's sendMessage and our deliver() send the same request", async () => {
    const text = telegramText(CONTENT);
    const sent = await api.sendMessage(telegram.chatId, text, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
    expect(sent.message_id).toBe(1);
    expect(sent.chat.id).toBe(Number(telegram.chatId));
    expect(sent.text).toContain("FYERS refused the refresh token <-501> & a login is needed.");

    const [delivery] = await deliver(
      { telegram: { botToken: telegram.botToken, chatId: telegram.chatId, apiUrl: telegram.url } },
      ["telegram"],
      CONTENT,
    );
    expect(delivery).toEqual({ channel: "telegram", ok: true });
    const [theirs, ours] = telegram.requests;
    expect(ours?.path).toBe(theirs?.path);
    expect(ours?.method).toBe(theirs?.method);
    expect(ours?.body).toEqual(theirs?.body);
  });

  it("grammY reads the fake's refusals as Telegram's: 400, 401 and 429 with retry_after", async () => {
    telegram.fail({ failure: "bad_request", times: 1 });
    const chat = await refusal();
    expect(chat.error_code).toBe(400);
    expect(chat.description).toBe("Bad Request: chat not found");

    telegram.fail({ failure: "unauthorized", times: 1 });
    expect((await refusal()).error_code).toBe(401);

    telegram.fail({ failure: "rate_limit", retryAfterSeconds: 7, times: 1 });
    const limited = await refusal();
    expect(limited.error_code).toBe(429);
    expect(limited.parameters.retry_after).toBe(7);
  });

  it("grammY gets the fake's HTML parse error for text Telegram would refuse", async () => {
    try {
      await api.sendMessage(telegram.chatId, "a < b", { parse_mode: "HTML" });
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(GrammyError);
      expect((error as GrammyError).description).toMatch(/^Bad Request: can't parse entities: /);
    }
  });
});
