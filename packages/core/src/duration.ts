import { configError } from "./errors.js";

/** The smallest and largest value a setting accepts, in seconds (both inclusive). */
export interface DurationRange {
  min: number;
  max: number;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/**
 * One range per duration setting. Every maximum keeps a timer below Node's 2^31-1 ms (24.8 days)
 * limit where the value becomes one, so no setting can overflow a timer and fire at once.
 */
export const DURATION_RANGES = {
  /** `login.ts --timeout`: how long to wait for the login redirect (a timer). */
  timeout: { min: 1, max: DAY },
  /** `FYERS_TIMEOUT`: the deadline of one FYERS call, retries included (a timer). */
  fyersTimeout: { min: 1, max: 10 * MINUTE },
  /** `min-remaining`: an access token lives until the next 06:00 IST, under 24 h. */
  minRemaining: { min: 0, max: 23 * HOUR },
  /** `warn-before`, `--warn-before`: a refresh token lives 15 days; 30d means "always warn". */
  warnBefore: { min: 0, max: 30 * DAY },
} as const satisfies Record<string, DurationRange>;

/** Used when a caller names no range: any duration a person could mean, never negative. */
const ANY_DURATION: DurationRange = { min: 0, max: 365 * DAY };

const UNITS = [
  ["d", DAY],
  ["h", HOUR],
  ["m", MINUTE],
  ["s", 1],
] as const;

// Units in descending order, each at most once; a leading "-" is read so the range can refuse it.
const DURATION = /^(-)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const FORM_HINT =
  "use one or more <integer><unit>, largest unit first, with units d, h, m, s, e.g. 90s, 2h, 1h30m, 3d";
/** A duration is a few characters; longer text is quoted cut short in the error. */
const MAX_QUOTED = 40;

/**
 * Parses `90s`, `2h`, `1h30m`, `3d` into seconds, within `range` (default 0s..365d). Anything
 * else is an `invalid_config` error naming `name` (the flag, input or variable) and, for a value
 * out of range, the range.
 */
export function parseDuration(text: string, name: string, range: DurationRange = ANY_DURATION): number {
  const value = text.trim();
  const match = DURATION.exec(value);
  if (!match || match.slice(2).every((part) => part === undefined)) {
    throw configError(name, `${quote(text)} is not a duration`, FORM_HINT);
  }
  let seconds = 0;
  UNITS.forEach(([, size], index) => {
    const amount = match[index + 2];
    if (amount !== undefined) seconds += Number(amount) * size;
  });
  if (match[1] === "-") seconds = -seconds;
  if (!(seconds >= range.min && seconds <= range.max)) {
    const span = `at least ${compact(range.min)} and at most ${compact(range.max)}`;
    throw configError(
      name,
      `${quote(text)} is out of range: use ${span}`,
      `set ${name} to a duration of ${span}, e.g. ${examples(range)}`,
    );
  }
  return seconds;
}

function quote(text: string): string {
  return text.length > MAX_QUOTED
    ? `"${text.slice(0, MAX_QUOTED)}…" (${text.length} characters)`
    : `"${text}"`;
}

/** A duration as it is typed, every unit kept: `1d`, `23h`, `1h30m`, `0s`. */
function compact(totalSeconds: number): string {
  let rest = totalSeconds;
  let text = "";
  for (const [unit, size] of UNITS) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) text += `${amount}${unit}`;
  }
  return text || "0s";
}

/** Typical values inside the range, for the hint. */
function examples(range: DurationRange): string {
  const inside = [30, 600, 5400, 3 * DAY].filter((s) => s >= range.min && s <= range.max).map(compact);
  if (inside.length === 0) return compact(range.max);
  return inside.length === 1 ? `${inside[0]}` : `${inside.slice(0, -1).join(", ")} or ${inside.at(-1)}`;
}

/** `3h 25m`, `2d 4h`, `45s`: the two largest units, for people. */
export function formatDuration(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? "-" : "";
  let rest = Math.abs(Math.round(totalSeconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0 || (unit === "s" && parts.length === 0)) parts.push(`${amount}${unit}`);
  }
  return sign + parts.slice(0, 2).join(" ");
}
