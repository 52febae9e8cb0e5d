import { createScrubber, type Scrubber } from "../redact.js";
import { tuningMs } from "../tuning.js";
import { type NoticeContent, telegramText, webhookPayload } from "./message.js";
import { webhookSecrets } from "./webhook-secrets.js";

export const DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org";
/** The deadline for one channel, retries included. */
export const DEFAULT_NOTIFY_TIMEOUT_MS = 10_000;

export interface ChannelSettings {
  telegram?: { botToken: string; chatId: string; apiUrl?: string };
  webhook?: { url: string };
  /** Per channel, retries included (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface Delivery {
  channel: "telegram" | "webhook";
  ok: boolean;
  /** Why it was not delivered, for a warning: names the channel, never the bot token or URL. */
  warning?: string;
}

/** One try: delivered, or why not and whether another try could help. */
type Attempt = { ok: true } | { ok: false; problem: string; retry: boolean; retryAfterMs?: number };

/**
 * At most two retries, FYERS_RETRY_BACKOFF (500 ms) then three times it; a service that says how
 * long (retry_after) is waited that long instead.
 */
const backoffSteps = (first: number) => [first, 3 * first];

/**
 * Sends the notice to each channel at the same time. Never throws: a channel that fails is a
 * Delivery with a warning, so a notice can never fail a token run.
 */
export async function deliver(
  settings: ChannelSettings,
  channels: Array<"telegram" | "webhook">,
  content: NoticeContent,
): Promise<Delivery[]> {
  const scrubber = secretsOf(settings);
  const wanted = [...new Set(channels)];
  return Promise.all(
    wanted.map(async (channel): Promise<Delivery> => {
      try {
        const problem = await deliverTo(channel, settings, content);
        return problem === undefined
          ? { channel, ok: true }
          : { channel, ok: false, warning: scrubber.scrub(problem) };
      } catch (error) {
        const warning = `${label(channel)} notice failed: ${error instanceof Error ? error.message : String(error)}`;
        return { channel, ok: false, warning: scrubber.scrub(warning) };
      }
    }),
  );
}

function label(channel: "telegram" | "webhook"): string {
  return channel === "telegram" ? "Telegram" : "Webhook";
}

/** The bot token and the webhook URL's secret parts. */
function secretsOf(settings: ChannelSettings): Scrubber {
  const scrubber = createScrubber();
  const token = settings.telegram?.botToken;
  scrubber.add(token, token?.split(":")[1]);
  const url = settings.webhook?.url;
  if (url !== undefined) scrubber.add(...webhookSecrets(url));
  return scrubber;
}

/** undefined when delivered, else the problem for the warning. */
async function deliverTo(
  channel: "telegram" | "webhook",
  settings: ChannelSettings,
  content: NoticeContent,
): Promise<string | undefined> {
  const fetchFn = settings.fetch ?? fetch;
  // Unset: DEFAULT_NOTIFY_TIMEOUT_MS (10 s); FYERS_SERVICE_TIMEOUT, a test/advanced setting, changes it.
  const timeoutMs = settings.timeoutMs ?? tuningMs("serviceTimeout");
  if (channel === "telegram") {
    const telegram = settings.telegram;
    if (telegram === undefined) return "Telegram notice not sent: no bot token and chat id are set";
    const api = (telegram.apiUrl ?? DEFAULT_TELEGRAM_API_URL).replace(/\/+$/, "");
    const body = {
      chat_id: telegram.chatId,
      text: telegramText(content),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    };
    const problem = await withRetries(timeoutMs, (signal) =>
      postJson(fetchFn, `${api}/bot${telegram.botToken}/sendMessage`, body, signal).then(telegramAttempt),
    );
    return problem === undefined ? undefined : `Telegram notice not sent: ${problem}`;
  }
  const webhook = settings.webhook;
  if (webhook === undefined) return "Webhook notice not sent: no webhook URL is set";
  const problem = await withRetries(timeoutMs, (signal) =>
    postJson(fetchFn, webhook.url, webhookPayload(content), signal).then(webhookAttempt),
  );
  return problem === undefined ? undefined : `Webhook notice not sent: ${problem}`;
}

interface Answer {
  status: number;
  retryAfter: string | null;
  text: string;
}

async function postJson(
  fetchFn: typeof fetch,
  url: string,
  body: unknown,
  signal: AbortSignal,
): Promise<Answer> {
  const res = await fetchFn(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    // A redirect would carry the notice somewhere the user did not configure.
    redirect: "manual",
    signal,
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), text: await res.text() };
}

const retryable = (status: number): boolean => status === 429 || status >= 500;

function seconds(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

/** One line of an answer body, short enough for a warning. */
function snippet(text: string): string {
  const line = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Telegram answers `{"ok":true,…}` or `{"ok":false,"error_code","description","parameters"}`. */
function telegramAttempt(answer: Answer): Attempt {
  let json: { ok?: unknown; description?: unknown; parameters?: { retry_after?: unknown } } | undefined;
  try {
    json = JSON.parse(answer.text) as typeof json;
  } catch {
    json = undefined;
  }
  if (answer.status >= 200 && answer.status < 300 && json?.ok === true) return { ok: true };
  const description = typeof json?.description === "string" ? json.description : snippet(answer.text);
  const problem = `${description || "no description"} (HTTP ${answer.status})${telegramHint(answer.status, description)}`;
  const retryAfterMs = seconds(json?.parameters?.retry_after) ?? seconds(answer.retryAfter);
  return {
    ok: false,
    problem,
    retry: retryable(answer.status),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

function telegramHint(status: number, description: string): string {
  if (status === 401 || status === 404)
    return "; the bot token is wrong or revoked: copy it again from @BotFather";
  if (/chat not found/i.test(description)) {
    return "; check the chat id, and send the bot a message first (a bot cannot start a chat)";
  }
  if (status === 403) return "; the bot cannot write to this chat: unblock it or add it to the group";
  return "";
}

function webhookAttempt(answer: Answer): Attempt {
  if (answer.status >= 200 && answer.status < 300) return { ok: true };
  const body = snippet(answer.text);
  const problem = `the webhook answered HTTP ${answer.status}${body === "" ? "" : `: ${body}`}`;
  const retryAfterMs = seconds(answer.retryAfter);
  return {
    ok: false,
    problem,
    retry: retryable(answer.status),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** Runs `attempt` until it succeeds, gives up, or the next try would pass the deadline. */
async function withRetries(
  timeoutMs: number,
  attempt: (signal: AbortSignal) => Promise<Attempt>,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  const within = `within ${formatSeconds(timeoutMs)}`;
  const steps = backoffSteps(tuningMs("retryBackoff"));
  for (let tries = 0; ; tries += 1) {
    const remaining = deadline - Date.now();
    let outcome: Attempt;
    try {
      outcome = await attempt(AbortSignal.timeout(Math.max(1, remaining)));
    } catch (error) {
      if (isTimeout(error)) return `no answer ${within}`;
      outcome = { ok: false, problem: networkProblem(error), retry: true };
    }
    if (outcome.ok) return undefined;
    const wait = steps[tries];
    if (!outcome.retry || wait === undefined) return outcome.problem;
    const waitMs = outcome.retryAfterMs ?? wait;
    if (Date.now() + waitMs >= deadline) {
      const after =
        outcome.retryAfterMs === undefined ? "" : ` (asked to retry after ${formatSeconds(waitMs)})`;
      return `${outcome.problem}; gave up${after} to stay ${within}`;
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function networkProblem(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return `could not connect (${cause.code})`;
  return error instanceof Error ? error.message : String(error);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
