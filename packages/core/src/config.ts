import { resolve } from "node:path";
import { DURATION_RANGES, parseDuration } from "./duration.js";
import { configError } from "./errors.js";
import { DEFAULT_SSM_PREFIX } from "./store/ssm.js";

export const DEFAULT_API_URL = "https://api-t1.fyers.in/api/v3";
export const DEFAULT_REDIRECT_URI = "https://trade.fyers.in/api-login/redirect-to-app";
export const DEFAULT_TOKEN_FILE = "fyers_tokens.json";

/** One typed, validated configuration, whatever the entry point. */
export interface Config {
  clientId: string;
  appSecret: string | undefined;
  redirectUri: string;
  pin: string | undefined;
  apiUrl: string;
  store: "file" | "ssm";
  tokenFile: string;
  ssmPrefix: string;
  kmsKeyId: string | undefined;
}

/** The environment names of interface.md, per config field. */
export const ENV_NAMES = {
  clientId: "FYERS_CLIENT_ID",
  appSecret: "FYERS_APP_SECRET",
  redirectUri: "FYERS_REDIRECT_URI",
  pin: "FYERS_PIN",
  apiUrl: "FYERS_API_URL",
  store: "FYERS_STORE",
  tokenFile: "FYERS_TOKEN_FILE",
  ssmPrefix: "FYERS_SSM_PREFIX",
  kmsKeyId: "FYERS_SSM_KMS_KEY_ID",
} as const satisfies Record<keyof Config, string>;

export type ConfigSource = Partial<Record<keyof Config, string | undefined>>;

export interface LoadConfigOptions {
  /** Values from flags or action inputs; they win over the environment. */
  overrides?: ConfigSource;
  /** How to name a field in errors (an action input, a flag); default: its environment name. */
  names?: Partial<Record<keyof Config, string>>;
  /** Default store when none is configured. */
  defaultStore?: "file" | "ssm";
  cwd?: string;
}

const CLIENT_ID = /^[A-Z0-9]{4,20}-\d{3}$/;
const PIN = /^\d{4}$/;
const SSM_PREFIX = /^(\/[A-Za-z0-9_.-]+)+$/;

/** Reads the environment names of interface.md (plus overrides) into a validated Config. */
export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  const nameOf = (key: keyof Config) => options.names?.[key] ?? ENV_NAMES[key];
  const get = (key: keyof Config): string | undefined => {
    const value = options.overrides?.[key] ?? env[ENV_NAMES[key]];
    const trimmed = value?.trim();
    return trimmed === "" ? undefined : trimmed;
  };

  return {
    clientId: checkClientId(get("clientId"), nameOf("clientId")),
    appSecret: checkSecret(get("appSecret"), nameOf("appSecret")),
    redirectUri: checkUrl(
      get("redirectUri") ?? DEFAULT_REDIRECT_URI,
      nameOf("redirectUri"),
      "https://trade.fyers.in/api-login/redirect-to-app",
    ),
    pin: checkPin(get("pin"), nameOf("pin")),
    apiUrl: checkUrl(get("apiUrl") ?? DEFAULT_API_URL, nameOf("apiUrl"), DEFAULT_API_URL).replace(/\/+$/, ""),
    store: checkStore(get("store") ?? options.defaultStore ?? "file", nameOf("store")),
    tokenFile: resolve(options.cwd ?? process.cwd(), get("tokenFile") ?? DEFAULT_TOKEN_FILE),
    ssmPrefix: checkPrefix(get("ssmPrefix") ?? DEFAULT_SSM_PREFIX, nameOf("ssmPrefix")),
    kmsKeyId: get("kmsKeyId"),
  };
}

function checkClientId(value: string | undefined, name: string): string {
  if (value === undefined) {
    throw configError(
      name,
      "is required",
      "set it to your app id with its suffix, e.g. ABCDE12345-100 (FYERS API dashboard → My Apps)",
    );
  }
  if (!CLIENT_ID.test(value))
    throw configError(name, `"${value}" is not a FYERS app id`, clientIdHint(value));
  return value;
}

/** The fix for an app id of the wrong shape: capital letters, the suffix, or the whole form. */
function clientIdHint(value: string): string {
  const upper = value.toUpperCase();
  const capitals = upper === value ? "" : "use capital letters";
  if (CLIENT_ID.test(upper)) return `${capitals}: ${upper}`;
  if (/^[A-Z0-9]{4,20}$/.test(upper)) {
    const fix = capitals ? `${capitals} and add the app-type suffix` : "add the app-type suffix";
    return `${fix}: ${upper}-100 for a user app (-102 for a third-party app)`;
  }
  return "an app id looks like ABCDE12345-100: capital letters and digits, a dash, then three digits";
}

function checkSecret(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && /\s/.test(value)) {
    throw configError(name, "contains white space", "copy the app secret again from the FYERS API dashboard");
  }
  return value;
}

function checkPin(value: string | undefined, name: string): string | undefined {
  // The value is a secret: the message says what is wrong without showing it.
  if (value !== undefined && !PIN.test(value)) {
    throw configError(
      name,
      "must be the 4 digits of your FYERS PIN",
      "set it to your 4-digit PIN, digits only",
    );
  }
  return value;
}

function checkUrl(value: string, name: string, example: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(name, `"${value}" is not a URL`, `use a full URL, e.g. ${example}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw configError(name, `"${value}" is not an http(s) URL`, `use a full URL, e.g. ${example}`);
  }
  return value;
}

function checkStore(value: string, name: string): "file" | "ssm" {
  if (value !== "file" && value !== "ssm")
    throw configError(name, `"${value}" is not a store`, 'use "file" or "ssm"');
  return value;
}

function checkPrefix(value: string, name: string): string {
  const prefix = value.replace(/\/+$/, "");
  if (!SSM_PREFIX.test(prefix)) {
    throw configError(
      name,
      `"${value}" is not an SSM path prefix`,
      "use a path that starts with /, of letters, digits, _ . - separated by /, e.g. /stock-pipeline/fyers",
    );
  }
  return prefix;
}

/** The app secret, or a usage error that says which operation needs it. */
export function requireAppSecret(
  config: Config,
  purpose: string,
  name: string = ENV_NAMES.appSecret,
): string {
  if (config.appSecret === undefined) {
    throw configError(
      name,
      `is required to ${purpose}`,
      "set it to the app secret from the FYERS API dashboard (My Apps)",
    );
  }
  return config.appSecret;
}

export function requirePin(config: Config, name: string = ENV_NAMES.pin): string {
  if (config.pin === undefined) {
    throw configError(name, "is required to refresh the access token", "set it to your 4-digit FYERS PIN");
  }
  return config.pin;
}

// The test/advanced settings beside FYERS_TIMEOUT: the 429 pause, the retry back-off, the lock wait.
export { checkTuning, TUNING_DEFAULTS_MS, TUNING_ENV, type Tuning, tuningMs } from "./tuning.js";

/** The variable that shortens or lengthens the deadline of each FYERS call. */
export const TIMEOUT_ENV = "FYERS_TIMEOUT";

/**
 * `FYERS_TIMEOUT` (a duration from 1s to 10m, e.g. `30s`): one deadline per FYERS call, retries
 * included, in milliseconds; undefined when unset (the client's default, 10 s). For slow
 * networks, and for tests that must not wait 10 s.
 */
export function fyersTimeoutMs(env: Record<string, string | undefined>): number | undefined {
  const value = env[TIMEOUT_ENV]?.trim();
  if (!value) return undefined;
  return parseDuration(value, TIMEOUT_ENV, DURATION_RANGES.fyersTimeout) * 1000;
}
