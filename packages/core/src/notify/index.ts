// Login notices: where they go, when to send one, and the messages themselves.
export { type RenewalCause, type RenewalFailure, renewalFailure } from "./causes.js";
export { type NoticeEvent, type NotifyChannel, parseNotify } from "./channels.js";
export { decideNotice, type NoticeDecision, type NoticeState } from "./decide.js";
export {
  type ChannelSettings,
  DEFAULT_NOTIFY_TIMEOUT_MS,
  DEFAULT_TELEGRAM_API_URL,
  type Delivery,
  deliver,
} from "./deliver.js";
export { parseHolidays, tradingDay } from "./holidays.js";
export {
  escapeHtml,
  escapeSlack,
  type NoticeContent,
  noticeText,
  telegramText,
  type WebhookPayload,
  webhookPayload,
} from "./message.js";
export {
  CHANNEL_ENV_NAMES,
  type ChannelInput,
  type ChannelNames,
  channelSettings,
  parseLoginLink,
} from "./settings.js";
export { webhookSecrets } from "./webhook-secrets.js";
