// Test and advanced settings: how long a run waits where it waits on purpose. Unset, each is the
// default production uses; the suites shorten them so a spawned script or action does not sit out
// a 30 s pause. Read from the environment at the moment of waiting, like FYERS_TIMEOUT.
//   FYERS_RATE_LIMIT_PAUSE  the pause after a FYERS 429 (default 30s)
//   FYERS_RETRY_BACKOFF     the first retry back-off step of a FYERS, Telegram or webhook call (default 500ms)
//   FYERS_LOCK_WAIT         how long to wait for a token-file lock another process holds (default 5s)
//   FYERS_SERVICE_TIMEOUT   the deadline of each call to AWS SSM, Telegram, the webhook and GitHub (default 10s)
import { configError } from "./errors.js";

export const TUNING_ENV = {
  rateLimitPause: "FYERS_RATE_LIMIT_PAUSE",
  retryBackoff: "FYERS_RETRY_BACKOFF",
  lockWait: "FYERS_LOCK_WAIT",
  serviceTimeout: "FYERS_SERVICE_TIMEOUT",
} as const;

export type Tuning = keyof typeof TUNING_ENV;

/** Defaults and largest values, in ms; every maximum is far below a timer's 2^31-1 ms. */
export const TUNING_DEFAULTS_MS: Record<Tuning, number> = {
  rateLimitPause: 30_000,
  retryBackoff: 500,
  lockWait: 5_000,
  serviceTimeout: 10_000,
};
const MAX_MS: Record<Tuning, number> = {
  rateLimitPause: 600_000,
  retryBackoff: 60_000,
  lockWait: 600_000,
  serviceTimeout: 600_000,
};
/** A deadline of 0 would time out every call; a pause or wait of 0 is just no wait. */
const MIN_MS: Record<Tuning, number> = { rateLimitPause: 0, retryBackoff: 0, lockWait: 0, serviceTimeout: 1 };
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;
const VALUE = /^(\d{1,7})(ms|s|m)$/;

/**
 * The setting in ms: the environment's value, else the default. A value that is not
 * `<integer><ms|s|m>` within 0..max is an invalid_config error naming the variable.
 */
export function tuningMs(setting: Tuning, env: Record<string, string | undefined> = process.env): number {
  const variable = TUNING_ENV[setting];
  const text = env[variable]?.trim();
  if (!text) return TUNING_DEFAULTS_MS[setting];
  const match = VALUE.exec(text);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms >= MIN_MS[setting] && ms <= MAX_MS[setting])) {
    const quoted = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    throw configError(
      variable,
      `${quoted} is not a duration from ${MIN_MS[setting]}ms to ${MAX_MS[setting] / 60_000}m`,
      `use <integer><ms|s|m>, e.g. 200ms or 2s, or unset it for the default (${TUNING_DEFAULTS_MS[setting]}ms); a test/advanced setting`,
    );
  }
  return ms;
}

/** Every setting at once, so a bad value is refused before the first FYERS request, not at a retry. */
export function checkTuning(env: Record<string, string | undefined> = process.env): Record<Tuning, number> {
  return {
    rateLimitPause: tuningMs("rateLimitPause", env),
    retryBackoff: tuningMs("retryBackoff", env),
    lockWait: tuningMs("lockWait", env),
    serviceTimeout: tuningMs("serviceTimeout", env),
  };
}
