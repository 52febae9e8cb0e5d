import { FyersTokenError } from "../errors.js";
import type { TokenStore } from "../store/port.js";
import { type Clock, systemClock } from "../time.js";
import { tokenInfo } from "../tokens/status.js";
import { readForConsumer, type UsableToken, usableToken } from "./reader.js";

/** Stop serving a cached token this long before its own `exp`, unless told otherwise. */
export const DEFAULT_READER_MARGIN_SECONDS = 300;
/** A token with no readable `exp` is served from memory this long, then read again. */
export const UNKNOWN_EXPIRY_CACHE_SECONDS = 60;
/** Inside the margin the store is read again at most this often (a hot loop must not flood SSM). */
export const WITHIN_MARGIN_RECHECK_SECONDS = 10;
/** A token with less than this left is refused as login_required, as `readAccessToken` does. */
const MIN_USABLE_SECONDS = 60;

export interface TokenReaderOptions {
  /** Seconds before the token's `exp` at which the next `get()` reads the store again (default 300). */
  marginSeconds?: number;
  clock?: Clock;
}

export interface TokenReader {
  /** The access token: from memory while it is fresh, else from ONE store read shared by all callers. */
  get(): Promise<UsableToken>;
  /** Forget the cached token (call it when FYERS answers 401): the next `get()` reads the store. */
  invalidate(): void;
}

/**
 * A reader for hot paths such as a Lambda invoked every minute: one store read per cold start,
 * then the token from memory until `marginSeconds` before its own expiry. Peers cache by a fixed
 * age; FYERS tokens carry their `exp`, so this one knows when the cached value stops being good.
 */
export function createTokenReader(store: TokenStore, options: TokenReaderOptions = {}): TokenReader {
  const marginSeconds = checkedMargin(options.marginSeconds);
  const clock = options.clock ?? systemClock;
  let cached: { token: UsableToken; freshUntilMs: number } | undefined;
  let reading: Promise<UsableToken> | undefined;
  // Bumped by invalidate(), so a read that started before it cannot refill the cache.
  let generation = 0;

  async function readOnce(started: number): Promise<UsableToken> {
    const stored = await readForConsumer(store);
    const nowMs = clock();
    const info = tokenInfo(stored.accessToken, nowMs, MIN_USABLE_SECONDS);
    const token = usableToken(store, stored, info);
    if (started === generation) cached = { token, freshUntilMs: freshUntil(info.seconds_left, nowMs) };
    return token;
  }

  function freshUntil(secondsLeft: number | null, nowMs: number): number {
    if (secondsLeft === null) return nowMs + UNKNOWN_EXPIRY_CACHE_SECONDS * 1000;
    const beforeMargin = secondsLeft - marginSeconds;
    const usable = secondsLeft - MIN_USABLE_SECONDS;
    // Never past the point where a read would refuse it (a margin under a minute included);
    // inside the margin, only briefly.
    const seconds =
      beforeMargin > 0 ? Math.min(beforeMargin, usable) : Math.min(WITHIN_MARGIN_RECHECK_SECONDS, usable);
    return nowMs + Math.max(0, seconds) * 1000;
  }

  return {
    get() {
      if (cached && clock() < cached.freshUntilMs) return Promise.resolve(cached.token);
      if (!reading) {
        const started = generation;
        // A failed read is not cached: the next get() tries the store again.
        const read = readOnce(started).finally(() => {
          if (reading === read) reading = undefined;
        });
        reading = read;
      }
      return reading;
    },
    invalidate() {
      generation++;
      cached = undefined;
      reading = undefined;
    },
  };
}

function checkedMargin(value: number | undefined): number {
  if (value === undefined) return DEFAULT_READER_MARGIN_SECONDS;
  if (!Number.isFinite(value) || value < 0 || value > 86_400) {
    throw new FyersTokenError("invalid_config", `marginSeconds: ${value} is not between 0 and 86400`, {
      variable: "marginSeconds",
      hint: `pass the seconds before the token's expiry at which to read the store again, e.g. ${DEFAULT_READER_MARGIN_SECONDS}`,
    });
  }
  return value;
}
