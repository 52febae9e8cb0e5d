// The Telegram Bot API's sendMessage, answering in the Bot API's shapes
// (core.telegram.org/bots/api#making-requests), so a client pointed here by TELEGRAM_API_URL
// works unchanged. Unknown tokens get 401, unknown chats 400, malformed HTML 400.
import { failureSwitches, isObject, listen, parseBody, readBody, sendJson, sendText } from "./http.js";

export type TelegramFailure = "bad_request" | "unauthorized" | "rate_limit" | "server_error" | "hang";

export interface TelegramFailureRule {
  failure: TelegramFailure;
  /** How many requests it answers; forever when absent. */
  times?: number;
  /** For "rate_limit": `parameters.retry_after` in seconds (default 1). */
  retryAfterSeconds?: number;
  /** For "bad_request": the description (default "Bad Request: chat not found"). */
  description?: string;
  /** For "server_error": the status (default 502, nginx's HTML page). */
  status?: number;
}

export interface TelegramMessage {
  /** The bot token from the path. */
  token: string;
  chatId: string;
  text: string;
  parseMode: string | undefined;
  /** The whole parsed body. */
  body: Record<string, unknown>;
  messageId: number;
}

export interface TelegramRequest {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

export interface TelegramFakeOptions {
  /** The only bot token accepted (default: a made-up one). */
  botToken?: string;
  /** Chats the bot may write to (default: one, "123456789"). */
  chatIds?: string[];
}

export interface TelegramFake {
  /** The Bot API base, "http://127.0.0.1:PORT": set TELEGRAM_API_URL to it. */
  url: string;
  botToken: string;
  chatId: string;
  /** Every request, delivered or not. */
  requests: TelegramRequest[];
  /** Messages accepted (answered ok:true). */
  messages: TelegramMessage[];
  fail(rule: TelegramFailureRule): void;
  clearFailures(): void;
  close(): Promise<void>;
}

const BOT_ID = 7000000001;
const BOT = { id: BOT_ID, is_bot: true, first_name: "FYERS token", username: "fyers_token_bot" };
const NGINX_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n";
const MAX_TEXT = 4096;

const failure = (code: number, description: string, extra: Record<string, unknown> = {}) => ({
  ok: false,
  error_code: code,
  description,
  ...extra,
});

export async function startTelegramFake(opts: TelegramFakeOptions = {}): Promise<TelegramFake> {
  const botToken = opts.botToken ?? `${BOT_ID}:AAHfakeTelegramBotToken0123456789abcde`;
  const chatIds = opts.chatIds ?? ["123456789"];
  const requests: TelegramRequest[] = [];
  const messages: TelegramMessage[] = [];
  const switches = failureSwitches<TelegramFailureRule>();

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await readBody(req);
    const body = (req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")
      ? Object.fromEntries(new URLSearchParams(text))
      : parseBody(text);
    const method = req.method ?? "GET";
    requests.push({ method, path: url.pathname, body, at: Date.now() });

    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return sendJson(res, 404, failure(404, "Not Found"));
    const [, token, apiMethod] = match as unknown as [string, string, string];

    const rule = switches.take();
    if (rule !== undefined) {
      switch (rule.failure) {
        case "hang":
          // Never answers; close() releases it.
          await switches.hang();
          return;
        case "unauthorized":
          return sendJson(res, 401, failure(401, "Unauthorized"));
        case "bad_request":
          return sendJson(res, 400, failure(400, rule.description ?? "Bad Request: chat not found"));
        case "rate_limit": {
          const after = rule.retryAfterSeconds ?? 1;
          return sendJson(
            res,
            429,
            failure(429, `Too Many Requests: retry after ${after}`, { parameters: { retry_after: after } }),
            {
              "retry-after": String(after),
            },
          );
        }
        case "server_error":
          if ((rule.status ?? 502) === 502) return sendText(res, 502, NGINX_502, "text/html");
          return sendJson(res, rule.status ?? 500, failure(rule.status ?? 500, "Internal Server Error"));
      }
    }

    if (token !== botToken) return sendJson(res, 401, failure(401, "Unauthorized"));
    // getMe and getChat (doctor.ts reads the bot and the chat; neither sends anything).
    if (apiMethod.toLowerCase() === "getme") return sendJson(res, 200, { ok: true, result: BOT });
    if (apiMethod.toLowerCase() === "getchat") {
      const wanted = isObject(body) && body.chat_id !== undefined ? String(body.chat_id) : "";
      if (!chatIds.includes(wanted)) return sendJson(res, 400, failure(400, "Bad Request: chat not found"));
      return sendJson(res, 200, {
        ok: true,
        result: { id: Number(wanted) || wanted, type: "private", first_name: "Trader" },
      });
    }
    if (apiMethod.toLowerCase() !== "sendmessage")
      return sendJson(res, 404, failure(404, "Not Found: method not found"));
    if (method !== "POST" && method !== "GET") return sendJson(res, 404, failure(404, "Not Found"));
    const b = isObject(body) ? body : {};
    const chatId = b.chat_id === undefined ? "" : String(b.chat_id);
    const messageText = typeof b.text === "string" ? b.text : "";
    if (chatId === "") return sendJson(res, 400, failure(400, "Bad Request: chat_id is empty"));
    if (messageText.trim() === "")
      return sendJson(res, 400, failure(400, "Bad Request: message text is empty"));
    if (!chatIds.includes(chatId)) return sendJson(res, 400, failure(400, "Bad Request: chat not found"));
    const parseMode = typeof b.parse_mode === "string" ? b.parse_mode : undefined;
    let plain = messageText;
    if (parseMode !== undefined) {
      if (parseMode.toLowerCase() !== "html") {
        return sendJson(res, 400, failure(400, "Bad Request: unsupported parse_mode"));
      }
      const parsed = parseTelegramHtml(messageText);
      if (typeof parsed !== "string") {
        return sendJson(res, 400, failure(400, `Bad Request: can't parse entities: ${parsed.error}`));
      }
      plain = parsed;
    }
    if ([...plain].length > MAX_TEXT)
      return sendJson(res, 400, failure(400, "Bad Request: message is too long"));

    const messageId = messages.length + 1;
    messages.push({ token, chatId, text: messageText, parseMode, body: b, messageId });
    return sendJson(res, 200, {
      ok: true,
      result: {
        message_id: messageId,
        from: { id: BOT_ID, is_bot: true, first_name: "FYERS token", username: "fyers_token_bot" },
        chat: { id: Number(chatId) || chatId, first_name: "Trader", type: "private" },
        date: Math.floor(Date.now() / 1000),
        text: plain,
      },
    });
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    botToken,
    chatId: chatIds[0] ?? "",
    requests,
    messages,
    fail: switches.fail,
    clearFailures: switches.clearFailures,
    close: async () => {
      switches.releaseAll();
      await server.close();
    },
  };
}

const TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "tg-spoiler",
  "span",
  "blockquote",
  "tg-emoji",
]);
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
function decodeEntity(name: string): string {
  if (!name.startsWith("#")) return NAMED[name] ?? "";
  const code = name.startsWith("#x") ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
  return String.fromCodePoint(code);
}
const ENTITY = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/;

/**
 * Telegram's HTML mode, as strictly as the Bot API parses it: only its tags, closed in order,
 * and `&` only as &lt; &gt; &amp; &quot; or a numeric entity. Returns the plain text, or the
 * error Telegram would give.
 */
export function parseTelegramHtml(html: string): string | { error: string } {
  const open: string[] = [];
  let plain = "";
  for (let i = 0; i < html.length; ) {
    const ch = html[i] as string;
    if (ch === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) return { error: `Unclosed start tag at byte offset ${i}` };
      const inner = html.slice(i + 1, end);
      const closing = inner.startsWith("/");
      const name = (closing ? inner.slice(1) : inner).split(/\s/)[0]?.toLowerCase() ?? "";
      if (!TAGS.has(name)) return { error: `Unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        if (open.pop() !== name)
          return { error: `Unmatched end tag at byte offset ${i}, expected "</${open.at(-1) ?? ""}>"` };
      } else {
        if (name === "a" && !/^a\s+href="[^"]*"$/.test(inner)) {
          return { error: `Can't find end of href attribute at byte offset ${i}` };
        }
        open.push(name);
      }
      i = end + 1;
    } else if (ch === "&") {
      const entity = ENTITY.exec(html.slice(i));
      if (!entity) return { error: `Unsupported entity at byte offset ${i}` };
      plain += decodeEntity(entity[1] as string);
      i += entity[0].length;
    } else if (ch === ">") {
      // Telegram accepts a bare ">" in text.
      plain += ch;
      i += 1;
    } else {
      plain += ch;
      i += 1;
    }
  }
  if (open.length > 0) return { error: `Can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return plain;
}
