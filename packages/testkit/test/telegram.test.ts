import { afterEach, describe, expect, it } from "vitest";
import { parseTelegramHtml, startTelegramFake, type TelegramFake } from "../src/index.js";

const fakes: TelegramFake[] = [];
async function start(opts: Parameters<typeof startTelegramFake>[0] = {}): Promise<TelegramFake> {
  const fake = await startTelegramFake(opts);
  fakes.push(fake);
  return fake;
}
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

type Json = Record<string, unknown>;
async function send(fake: TelegramFake, body: Json, token = fake.botToken, signal?: AbortSignal) {
  const res = await fetch(`${fake.url}/bot${token}/sendMessage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
  const text = await res.text();
  let json: Json | undefined;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, res };
}

describe("Telegram Bot API fake", () => {
  it("accepts sendMessage with HTML and answers the Bot API's message shape", async () => {
    const fake = await start();
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sent = await send(fake, {
      chat_id: fake.chatId,
      text: '<b>Login</b> &amp; go <a href="https://x.test/?a=1&amp;b=2">tap</a>',
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({
      ok: true,
      result: {
        message_id: 1,
        from: { is_bot: true },
        chat: { id: Number(fake.chatId) },
        text: "Login & go tap",
      },
    });
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({ chatId: fake.chatId, parseMode: "HTML", token: fake.botToken });
    expect(fake.messages[0]?.body.link_preview_options).toEqual({ is_disabled: true });
  });

  it("refuses a wrong token (401), an unknown chat (400) and malformed HTML (400) as Telegram does", async () => {
    const fake = await start();
    const wrong = await send(fake, { chat_id: fake.chatId, text: "hi" }, "1:wrong");
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    const chat = await send(fake, { chat_id: "42", text: "hi" });
    expect(chat.status).toBe(400);
    expect(chat.json).toEqual({ ok: false, error_code: 400, description: "Bad Request: chat not found" });
    const html = await send(fake, { chat_id: fake.chatId, text: "a < b & c", parse_mode: "HTML" });
    expect(html.status).toBe(400);
    expect(String(html.json?.description)).toMatch(/^Bad Request: can't parse entities: /);
    expect(fake.messages).toHaveLength(0);
    expect(fake.requests).toHaveLength(3);
  });

  it("answers 429 with parameters.retry_after, then recovers when the rule is used up", async () => {
    const fake = await start();
    fake.fail({ failure: "rate_limit", retryAfterSeconds: 7, times: 1 });
    const limited = await send(fake, { chat_id: fake.chatId, text: "hi" });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    expect(limited.res.headers.get("retry-after")).toBe("7");
    expect((await send(fake, { chat_id: fake.chatId, text: "hi" })).status).toBe(200);
  });

  it("has switches for 400, 401, 5xx and a hang", async () => {
    const fake = await start();
    fake.fail({ failure: "bad_request", description: "Bad Request: not enough rights", times: 1 });
    fake.fail({ failure: "unauthorized", times: 1 });
    fake.fail({ failure: "server_error", times: 1 });
    fake.fail({ failure: "server_error", status: 500, times: 1 });
    const body = { chat_id: fake.chatId, text: "hi" };
    expect((await send(fake, body)).json?.description).toBe("Bad Request: not enough rights");
    expect((await send(fake, body)).status).toBe(401);
    const gateway = await send(fake, body);
    expect(gateway.status).toBe(502);
    expect(gateway.text).toContain("502 Bad Gateway");
    expect((await send(fake, body)).json).toEqual({
      ok: false,
      error_code: 500,
      description: "Internal Server Error",
    });
    fake.fail({ failure: "hang", times: 1 });
    await expect(send(fake, body, fake.botToken, AbortSignal.timeout(300))).rejects.toThrow();
    expect(fake.messages).toHaveLength(0);
    expect((await send(fake, body)).status).toBe(200);
  });
});

describe("parseTelegramHtml", () => {
  it("reads Telegram's tags and entities and refuses what Telegram refuses", () => {
    expect(parseTelegramHtml("<b>x</b> &lt;&gt;&amp;&quot;&#65;")).toBe('x <>&"A');
    expect(parseTelegramHtml("<div>x</div>")).toEqual({
      error: 'Unsupported start tag "div" at byte offset 0',
    });
    expect(parseTelegramHtml("<b>x")).toEqual({
      error: 'Can\'t find end tag corresponding to start tag "b"',
    });
    expect(parseTelegramHtml("a & b")).toEqual({ error: "Unsupported entity at byte offset 2" });
  });
});
