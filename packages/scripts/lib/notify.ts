// verify.ts --notify: the action's alerts for a cron job on the user's own machine. One message
// per state, remembered in the store's login notice (the file's `login_notice`, SSM's
// `{prefix}/login_notice`), none on weekends and FYERS_HOLIDAYS, and a failing channel is a
// warning that never changes verify's exit code.
import {
  CHANNEL_ENV_NAMES,
  type ChannelSettings,
  type Config,
  channelSettings,
  configError,
  type Delivery,
  decideNotice,
  deliver,
  type LoginNotice,
  loginCommand,
  loginDue,
  mayBeUsable,
  type NoticeContent,
  type NoticeEvent,
  nextRollover,
  openStore,
  parseHolidays,
  parseLoginLink,
  parseNotify,
  type StoredTokens,
  type TokenStore,
  tradingDay,
  type VerifyResult,
} from "@fyers-token/core";
import type { FlagSpecs } from "./flags.js";
import type { Io } from "./io.js";

export const NOTIFY_FLAGS = {
  notify: {
    type: "string",
    value: "CHANNELS",
    help: "telegram, webhook or telegram,webhook: one alert when a login is required or due, one when done",
  },
} as const satisfies FlagSpecs;

export const NOTIFY_NOTES = [
  "--notify reads FYERS_TELEGRAM_BOT_TOKEN and FYERS_TELEGRAM_CHAT_ID (telegram), FYERS_WEBHOOK_URL",
  "  (webhook), FYERS_LOGIN_LINK (leads the message) and FYERS_HOLIDAYS (YYYY-MM-DD, IST: no alert",
  "  on those days, Saturdays and Sundays); the exit code is the same with or without it",
];

/** What the alert step did, for --json. */
export interface NotifyReport {
  channels: string[];
  /** The event announced this run, or null (already announced, nothing to say, or a holiday). */
  announced: NoticeEvent | null;
  deliveries: Delivery[];
  /** Why nothing was announced on a login-required run: the weekend or holiday. */
  skipped?: string;
}

export interface Notifier {
  /** The store verify reads: SSM with the notice. */
  store: TokenStore;
  /** Decides, sends and stores the notice for what verify found in `stored` (its own read, so no second one). */
  after(result: VerifyResult, warnBeforeSeconds: number, stored: StoredTokens): Promise<NotifyReport>;
}

type MessageChannel = "telegram" | "webhook";

/**
 * Reads and checks every alert setting before any token work, so a typo is exit 2 and not a
 * silent missing alert. Undefined without --notify (or with --notify none).
 */
export function notifier(
  flag: string | undefined,
  config: Config,
  env: NodeJS.ProcessEnv,
  io: Io,
): Notifier | undefined {
  if (flag === undefined) return undefined;
  const channels = parseNotify(flag, "--notify");
  if (channels.includes("issue")) {
    throw configError(
      "--notify",
      "verify.ts cannot open a GitHub issue (the action does that); use telegram or webhook",
    );
  }
  if (channels.length === 0) return undefined;
  const settings = channelSettings(
    channels,
    {
      botToken: env.FYERS_TELEGRAM_BOT_TOKEN,
      chatId: env.FYERS_TELEGRAM_CHAT_ID,
      webhookUrl: env.FYERS_WEBHOOK_URL,
      telegramApiUrl: env.TELEGRAM_API_URL,
    },
    CHANNEL_ENV_NAMES,
  );
  protectSettings(io, settings);
  const holidays = parseHolidays(env.FYERS_HOLIDAYS ?? "", "FYERS_HOLIDAYS");
  const link = env.FYERS_LOGIN_LINK?.trim();
  const loginLink = link ? parseLoginLink(link, "FYERS_LOGIN_LINK") : undefined;
  const store = openStore(config, config.store, {
    withNotice: true,
    // A policy from before the notice: alert on every run, as before, and say what to grant.
    onNoticeDenied: (warning) => io.warn(warning),
  });
  const messageChannels = channels.filter((c): c is MessageChannel => c !== "issue");

  return {
    store,
    async after(result, warnBeforeSeconds, stored) {
      const nowMs = Date.now();
      const found = stateOf(result, warnBeforeSeconds, nowMs, loginCommand(config.store));
      const report: NotifyReport = { channels: messageChannels, announced: null, deliveries: [] };
      if (found.state !== "ok") {
        const day = tradingDay(nowMs, holidays);
        if (!day.trading) {
          report.skipped = day.why ?? "not a trading day";
          io.warn(`${report.skipped}: no alert sent`);
          return report;
        }
      }
      const decision = decideNotice(
        stored.notice,
        {
          state: found.state,
          renewed: false,
          nowMs,
          ...(found.deadlineMs === undefined ? {} : { deadlineMs: found.deadlineMs }),
        },
        messageChannels,
      );
      if (decision.announce === undefined) return report;
      report.announced = decision.announce;
      const content = contentOf(decision.announce, found, config.clientId, loginLink);
      report.deliveries = await deliver(settings, messageChannels, content);
      const sent = tell(io, decision.announce, report.deliveries);
      // Nothing got out: keep the old notice, so the next run tries again.
      if (sent.length > 0) {
        const next = decision.next === null ? null : { ...decision.next, channels: sent };
        await remember(store, next, stored, io);
      }
      return report;
    },
  };
}

function contentOf(
  event: NoticeEvent,
  found: FoundState,
  clientId: string,
  loginLink: string | undefined,
): NoticeContent {
  return {
    event,
    clientId,
    reason: found.reason,
    ...(found.deadlineMs === undefined ? {} : { deadlineMs: found.deadlineMs }),
    ...(found.validUntilMs === undefined ? {} : { validUntilMs: found.validUntilMs }),
    ...(loginLink === undefined ? {} : { loginLink }),
  };
}

/** Says where the alert arrived and warns about the rest; returns where it arrived. */
function tell(io: Io, event: NoticeEvent, deliveries: Delivery[]): MessageChannel[] {
  for (const d of deliveries) {
    if (d.ok) io.line("ok", `${event} alert sent (${d.channel})`);
    else io.warn(d.warning ?? `${d.channel}: not sent`);
  }
  return deliveries.filter((d) => d.ok).map((d) => d.channel);
}

/** Stores the notice; a store that refuses is a warning (the alert went out; the next run may repeat it). */
async function remember(
  store: TokenStore,
  next: LoginNotice | null,
  stored: StoredTokens,
  io: Io,
): Promise<void> {
  try {
    await store.writeNotice(next, stored);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    io.warn(
      `could not remember the alert in ${store.kind}:${store.location} (${why}); the next run may send it again`,
    );
  }
}

/** The bot token and webhook URL never show, whatever prints them. */
function protectSettings(io: Io, settings: ChannelSettings): void {
  const token = settings.telegram?.botToken;
  io.protect(token, token?.split(":")[1]);
  const url = settings.webhook?.url;
  if (url !== undefined) {
    const parsed = new URL(url);
    const path = `${parsed.pathname}${parsed.search}`;
    io.protect(url, parsed.href, path.length >= 8 ? path : undefined);
  }
}

interface FoundState {
  state: "login-required" | "login-due" | "ok";
  reason: string;
  deadlineMs?: number;
  validUntilMs?: number;
}

/** verify's findings as a notice state: a token that does not work needs a person now. */
function stateOf(result: VerifyResult, warnBeforeSeconds: number, nowMs: number, login: string): FoundState {
  const why = result.profile.ok ? "" : ` (${result.profile.message})`;
  if (!result.valid) {
    const refreshMayWork = mayBeUsable(result.refresh_token);
    const reason = refreshMayWork
      ? `The stored access token does not work${why}; the refresh token may still work: run refresh.ts, or log in with ${login}.`
      : `No usable token is left${why}: log in with ${login}.`;
    return { state: "login-required", reason, deadlineMs: nextRollover(nowMs) };
  }
  const due = loginDue(result.access_token, result.refresh_token, warnBeforeSeconds, nowMs);
  if (due !== undefined) {
    return {
      state: "login-due",
      reason: `${capitalize(due.reason)}; log in with ${login}.`,
      deadlineMs: due.byMs,
    };
  }
  const expires = result.access_token.expires_at;
  return {
    state: "ok",
    reason: "The access token works.",
    ...(expires ? { validUntilMs: Date.parse(expires) } : {}),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
