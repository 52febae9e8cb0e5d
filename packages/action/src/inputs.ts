import {
  type ChannelSettings,
  channelSettings,
  configError,
  DEFAULT_MIN_REMAINING_SECONDS,
  DEFAULT_WARN_BEFORE_SECONDS,
  DURATION_RANGES,
  type DurationRange,
  FyersTokenError,
  isFyersTokenError,
  LOGIN_KEY_PATTERN,
  loadConfig,
  loginKeyOf,
  type NotifyChannel,
  type ParsedAuthCode,
  parseAuthCode,
  parseDuration,
  parseHolidays,
  parseNotify,
  requireAppSecret,
  requirePin,
} from "@fyers-token/core";

/** The input names of action.yml (interface.md); the only place they are spelled. */
export const INPUT = {
  clientId: "client-id",
  appSecret: "app-secret",
  pin: "pin",
  authCode: "auth-code",
  redirectUri: "redirect-uri",
  mode: "mode",
  ssmPrefix: "ssm-prefix",
  kmsKeyId: "kms-key-id",
  minRemaining: "min-remaining",
  force: "force",
  warnBefore: "warn-before",
  notify: "notify",
  githubToken: "github-token",
  apiUrl: "api-url",
  dryRun: "dry-run",
  loginLink: "login-link",
  telegramBotToken: "telegram-bot-token",
  telegramChatId: "telegram-chat-id",
  webhookUrl: "webhook-url",
  holidays: "holidays",
} as const;

/** Not an input: the Telegram Bot API base comes from the step's environment (a fake in tests). */
export const TELEGRAM_API_ENV = "TELEGRAM_API_URL";

export type RawInputs = Record<keyof typeof INPUT, string>;

export const MODES = ["auto", "refresh", "exchange", "verify"] as const;
export type Mode = (typeof MODES)[number];

interface CommonInputs {
  clientId: string;
  pin: string | undefined;
  redirectUri: string;
  apiUrl: string;
  ssmPrefix: string;
  kmsKeyId: string | undefined;
  minRemainingSeconds: number;
  warnBeforeSeconds: number;
  /** Where login notices go; [] for none. */
  notify: NotifyChannel[];
  /** The Telegram and webhook settings of the channels in `notify`, validated. */
  channels: ChannelSettings;
  /** Exchange holidays (IST dates, YYYY-MM-DD): no login notice on these days. */
  holidays: Set<string>;
  githubToken: string | undefined;
  dryRun: boolean;
  /**
   * The owner's login link (`…/login?k=KEY`): one tap logs in and stores the tokens. A secret:
   * only Telegram and the webhook get it whole; the issue and the summary show it without its key.
   */
  loginLink: string | undefined;
  /** Why a login-link given was not used (no key, or not one login-link.ts prints), when so. */
  loginLinkProblem?: string;
  /** Channels whose setting is given while `notify` leaves them out (likely a forgotten notify). */
  unlisted?: NotifyChannel[];
}

/** `verify` only reads: no app secret needed. */
export interface VerifyInputs extends CommonInputs {
  mode: "verify";
  appSecret: string | undefined;
}

/** The modes that may exchange or refresh: the app secret is known to be there. */
export interface RenewInputs extends CommonInputs {
  mode: "auto" | "refresh" | "exchange";
  appSecret: string;
  /** The parsed code, and what was pasted (a code or a whole redirect URL). */
  authCode: (ParsedAuthCode & { raw: string }) | undefined;
  force: boolean;
}

export type Inputs = VerifyInputs | RenewInputs;

/** Reads every input as the runner passed it (trimmed, "" when unset). */
export function readRawInputs(getInput: (name: string) => string): RawInputs {
  const raw = {} as RawInputs;
  for (const [key, name] of Object.entries(INPUT) as [keyof typeof INPUT, string][]) {
    raw[key] = getInput(name).trim();
  }
  return raw;
}

/**
 * Validates the raw inputs once into a typed object; errors name the input at fault. `env` is
 * the step's environment, read only for TELEGRAM_API_URL.
 */
export function parseInputs(raw: RawInputs, env: Record<string, string | undefined> = {}): Inputs {
  const mode = parseMode(raw.mode);
  // Inputs only: a FYERS_* variable in the job's environment must not change what the step does.
  const config = loadConfig(
    {},
    {
      overrides: {
        clientId: raw.clientId,
        appSecret: raw.appSecret,
        pin: raw.pin,
        redirectUri: raw.redirectUri,
        apiUrl: raw.apiUrl,
        ssmPrefix: raw.ssmPrefix,
        kmsKeyId: raw.kmsKeyId,
        store: "ssm",
      },
      names: {
        clientId: INPUT.clientId,
        appSecret: INPUT.appSecret,
        pin: INPUT.pin,
        redirectUri: INPUT.redirectUri,
        apiUrl: INPUT.apiUrl,
        ssmPrefix: INPUT.ssmPrefix,
        kmsKeyId: INPUT.kmsKeyId,
      },
      defaultStore: "ssm",
    },
  );
  const notify = parseChannels(raw.notify);
  const common: CommonInputs = {
    clientId: config.clientId,
    pin: config.pin,
    redirectUri: config.redirectUri,
    apiUrl: config.apiUrl,
    ssmPrefix: config.ssmPrefix,
    kmsKeyId: config.kmsKeyId,
    minRemainingSeconds: parseOptionalDuration(
      raw.minRemaining,
      INPUT.minRemaining,
      DEFAULT_MIN_REMAINING_SECONDS,
      DURATION_RANGES.minRemaining,
    ),
    warnBeforeSeconds: parseOptionalDuration(
      raw.warnBefore,
      INPUT.warnBefore,
      DEFAULT_WARN_BEFORE_SECONDS,
      DURATION_RANGES.warnBefore,
    ),
    notify,
    channels: withHint(() =>
      channelSettings(
        notify,
        {
          botToken: raw.telegramBotToken,
          chatId: raw.telegramChatId,
          webhookUrl: raw.webhookUrl,
          telegramApiUrl: env[TELEGRAM_API_ENV],
        },
        {
          botToken: INPUT.telegramBotToken,
          chatId: INPUT.telegramChatId,
          webhookUrl: INPUT.webhookUrl,
          telegramApiUrl: TELEGRAM_API_ENV,
        },
      ),
    ),
    holidays: parseHolidays(raw.holidays, INPUT.holidays),
    githubToken: raw.githubToken === "" ? undefined : raw.githubToken,
    dryRun: parseBoolean(raw.dryRun, INPUT.dryRun),
    ...parseLoginLink(raw.loginLink),
    ...unlistedChannels(raw, notify),
  };
  const force = parseBoolean(raw.force, INPUT.force);
  if (mode === "verify") return { ...common, mode, appSecret: config.appSecret };

  const appSecret = requireAppSecret(
    config,
    `${mode === "auto" ? "exchange or refresh" : mode} tokens`,
    INPUT.appSecret,
  );
  if (mode === "refresh") requirePin(config, INPUT.pin);
  if (mode === "exchange" && raw.authCode === "") {
    throw configError(
      INPUT.authCode,
      "is required with mode: exchange",
      "pass the auth_code from the login redirect, or the whole redirect URL",
    );
  }
  const authCode =
    raw.authCode === "" ? undefined : { raw: raw.authCode, ...parseAuthCode(raw.authCode, INPUT.authCode) };
  return { ...common, mode, appSecret, authCode, force };
}

function parseMode(value: string): Mode {
  if (value === "") return "auto";
  const mode = MODES.find((m) => m === value);
  if (mode === undefined) {
    throw configError(INPUT.mode, `"${value}" is not a mode`, `use one of ${MODES.join(", ")}`);
  }
  return mode;
}

/**
 * The shipped workflow passes the Telegram and webhook secrets whatever `notify` says: a secret
 * set without adding its channel to `notify` would silently send nothing. `notify: none` is a choice.
 */
function unlistedChannels(raw: RawInputs, notify: NotifyChannel[]): { unlisted?: NotifyChannel[] } {
  if (notify.length === 0) return {};
  const given: [NotifyChannel, boolean][] = [
    ["telegram", raw.telegramBotToken !== ""],
    ["webhook", raw.webhookUrl !== ""],
  ];
  const unlisted = given.filter(([channel, set]) => set && !notify.includes(channel)).map(([c]) => c);
  return unlisted.length === 0 ? {} : { unlisted };
}

/** core's comma list of channels ("" is the default, issue). */
function parseChannels(value: string): NotifyChannel[] {
  return withHint(() => parseNotify(value === "" ? "issue" : value, INPUT.notify));
}

/** Hints in the workflow's own terms, for core's errors that come without one. */
const INPUT_HINTS: Partial<Record<string, string>> = {
  [INPUT.notify]: "e.g. notify: issue,telegram (or none)",
  [INPUT.webhookUrl]: "the receiver's whole URL, starting with https:// (store it as a repository secret)",
  [INPUT.telegramChatId]:
    "send the bot a message, then read chat.id from https://api.telegram.org/bot<token>/getUpdates",
};

function withHint<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isFyersTokenError(error, "invalid_config") || error.hint !== undefined) throw error;
    const hint = error.variable === undefined ? undefined : INPUT_HINTS[error.variable];
    if (hint === undefined) throw error;
    throw new FyersTokenError("invalid_config", error.message, { variable: error.variable, hint });
  }
}

const LOGIN_LINK_HINT =
  "set it to the link `npm run login-link` prints, e.g. https://abc123.lambda-url.ap-south-1.on.aws/login?k=…, stored as the FYERS_LOGIN_LINK secret";

/**
 * The owner's login link. A link that is not an https `/login` URL is refused (a person would
 * tap a dead link). One without a valid key is not used, with a warning: the callback answers
 * 404 to it, and a notice setting must never stop the token run itself.
 */
function parseLoginLink(value: string): { loginLink: string | undefined; loginLinkProblem?: string } {
  if (value === "") return { loginLink: undefined };
  if (!URL.canParse(value)) throw configError(INPUT.loginLink, "is not a URL", LOGIN_LINK_HINT);
  const url = new URL(value);
  if (url.protocol !== "https:")
    throw configError(INPUT.loginLink, `must be an https URL, not ${url.protocol}`, LOGIN_LINK_HINT);
  if (url.username !== "" || url.password !== "") {
    throw configError(INPUT.loginLink, "must not carry a user name or password", LOGIN_LINK_HINT);
  }
  // The callback serves /login only: any other path is a 404 at the moment a person taps it.
  if (!url.pathname.endsWith("/login")) {
    throw configError(
      INPUT.loginLink,
      `must end in /login, the callback's login page (it answers 404 anywhere else), not "${url.pathname.slice(0, 60)}"`,
      LOGIN_LINK_HINT,
    );
  }
  const key = loginKeyOf(value);
  if (key === undefined || !LOGIN_KEY_PATTERN.test(key)) {
    const what =
      key === undefined ? "has no key (?k=…)" : "has a key (k=) that is not one login-link.ts prints";
    return {
      loginLink: undefined,
      loginLinkProblem: `${INPUT.loginLink} ${what}: the callback answers 404 to it, so the notices give the manual login instead. Fix: ${LOGIN_LINK_HINT}.`,
    };
  }
  return { loginLink: url.toString() };
}

/** The YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput; "" is the default. */
export function parseBoolean(value: string, name: string, fallback = false): boolean {
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw configError(name, `"${value}" is not a boolean`, 'use "true" or "false"');
}

function parseOptionalDuration(value: string, name: string, fallback: number, range: DurationRange): number {
  return value === "" ? fallback : parseDuration(value, name, range);
}
