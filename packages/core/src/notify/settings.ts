import { configError } from "../errors.js";
import { withoutLoginKey } from "../fyers/login-key.js";
import type { NotifyChannel } from "./channels.js";
import type { ChannelSettings } from "./deliver.js";

/** The raw values, as an entry point read them (inputs or environment). */
export interface ChannelInput {
  botToken?: string | undefined;
  chatId?: string | undefined;
  webhookUrl?: string | undefined;
  telegramApiUrl?: string | undefined;
}

/** What the entry point calls each value, for errors: input names or environment names. */
export interface ChannelNames {
  botToken: string;
  chatId: string;
  webhookUrl: string;
  telegramApiUrl: string;
}

export const CHANNEL_ENV_NAMES: ChannelNames = {
  botToken: "FYERS_TELEGRAM_BOT_TOKEN",
  chatId: "FYERS_TELEGRAM_CHAT_ID",
  webhookUrl: "FYERS_WEBHOOK_URL",
  telegramApiUrl: "TELEGRAM_API_URL",
};

/** What @BotFather gives: the bot's numeric id, a colon, then ~35 letters, digits, `_` or `-`. */
const BOT_TOKEN = /^\d{1,20}:[\w-]{30,}$/;
/** A numeric chat id (groups and channels are negative) or a public channel's @username. */
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][\w]{3,31})$/;

/**
 * Checks the settings of the listed channels before any token work, so a typo is exit 2 and
 * not a silent missing alert. Errors name the setting and never echo a secret value.
 */
export function channelSettings(
  channels: NotifyChannel[],
  input: ChannelInput,
  names: ChannelNames,
): ChannelSettings {
  const settings: ChannelSettings = {};
  if (channels.includes("telegram")) {
    const botToken = input.botToken?.trim() ?? "";
    const chatId = input.chatId?.trim() ?? "";
    if (botToken === "") {
      throw configError(
        names.botToken,
        "is not set, and notify lists telegram",
        "create a bot with @BotFather and set its token",
      );
    }
    if (!BOT_TOKEN.test(botToken)) {
      throw configError(
        names.botToken,
        "does not look like a Telegram bot token (digits, a colon, then about 35 letters)",
        "copy the token @BotFather sent, e.g. 123456789:AA…",
      );
    }
    if (chatId === "") {
      throw configError(
        names.chatId,
        "is not set, and notify lists telegram",
        "send the bot a message, then read the chat id from getUpdates",
      );
    }
    if (!CHAT_ID.test(chatId)) {
      throw configError(
        names.chatId,
        "is not a Telegram chat id (a number such as 123456789 or -1001234567890, or @channelname)",
      );
    }
    const apiUrl = input.telegramApiUrl?.trim() ?? "";
    settings.telegram = { botToken, chatId };
    if (apiUrl !== "") settings.telegram.apiUrl = checkUrl(apiUrl, names.telegramApiUrl, true);
  }
  if (channels.includes("webhook")) {
    const url = input.webhookUrl?.trim() ?? "";
    if (url === "") throw configError(names.webhookUrl, "is not set, and notify lists webhook");
    settings.webhook = { url: checkUrl(url, names.webhookUrl, false) };
  }
  return settings;
}

/** The callback's `/login` link (`login-link`, FYERS_LOGIN_LINK): https, or http on this machine. */
export function parseLoginLink(text: string, name: string): string {
  // Shown without its key when refused: the key logs anyone in through the callback.
  const link = checkUrl(text.trim(), name, true, withoutLoginKey(text.trim()));
  // The callback serves /login only: any other path is a 404 at the moment a person taps it.
  const path = new URL(link).pathname;
  if (!path.endsWith("/login")) {
    throw configError(
      name,
      `must end in /login, the callback's login page (it answers 404 anywhere else), not "${path.slice(0, 60)}"`,
      "use the link `npm run login-link` prints, e.g. https://abc123.lambda-url.ap-south-1.on.aws/login?k=…",
    );
  }
  return link;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** https, or http on this machine (a local relay or a test fake). A webhook URL is never echoed. */
function checkUrl(text: string, name: string, showValue: boolean, shownAs = text): string {
  const shown = showValue ? ` "${shownAs.slice(0, 100)}"` : "";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw configError(name, `is not a URL${shown}`, "write the whole URL, starting with https://");
  }
  if (url.protocol === "https:") return text;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return text;
  throw configError(name, `must be an https:// URL${shown} (http only on 127.0.0.1 or localhost)`);
}
