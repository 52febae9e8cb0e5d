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
/**
 * A read that gave no usable token (nothing stored, expired, under a minute left, a store error)
 * is the answer to every `get()` for this long, `invalidate()` included; then the store is read
 * again. So a reader asks SSM at most once per this many seconds while no usable token exists.
 */
export const FAILED_READ_RETRY_SECONDS = 10;
/** A token with less than this left is refused as login_required, as `readAccessToken` does. */
const MIN_USABLE_SECONDS = 60;

export interface TokenReaderOptions {
  /** Seconds before the token's `exp` at which the next `get()` reads the store again (default 300). */
  marginSeconds?: number;
  clock?: Clock;
}

export interface TokenReader {
  /**
   * The access token: from memory while it is fresh, else from ONE store read shared by all
   * callers. A read that found no usable token is every caller's error for
   * `FAILED_READ_RETRY_SECONDS`.
   */
  get(): Promise<UsableToken>;
  /**
   * Forget the cached token (call it when FYERS answers 401): the next `get()` reads the store.
   * Once per `FAILED_READ_RETRY_SECONDS`: a loop of 401s on the token SSM still holds gets that
   * token from memory until then, and a kept failure stays the answer until it runs out.
   */
  invalidate(): void;
}

/**
 * A reader for hot paths such as a Lambda invoked every minute: one store read per cold start,
 * then the token from memory until `marginSeconds` before its own expiry. Peers cache by a fixed
 * age; FYERS tokens carry their `exp`, so this one knows when the cached value stops being good.
 * Without a usable token it reads at most once per `FAILED_READ_RETRY_SECONDS`, however hard it
 * is called (10 gets a second before 06:00 IST, or all day on a holiday).
 */
export function createTokenReader(store: TokenStore, options: TokenReaderOptions = {}): TokenReader {
  const marginSeconds = checkedMargin(options.marginSeconds);
  const clock = options.clock ?? systemClock;
  const retryMs = FAILED_READ_RETRY_SECONDS * 1000;
  // The last read's token; `readAtMs` when that read started.
  let cached: { token: UsableToken; freshUntilMs: number; readAtMs: number } | undefined;
  // The last read's error, answered to every get() until `untilMs`.
  let failed: { error: unknown; untilMs: number } | undefined;
  let reading: Promise<UsableToken> | undefined;
  // Bumped by invalidate(), so a read that started before it cannot refill the cache.
  let generation = 0;
  // When the last read that invalidate() asked for started (it may ask once per retryMs).
  let forcedReadAtMs: number | undefined;
  let forceNext = false;

  async function readOnce(started: number, startedAtMs: number): Promise<UsableToken> {
    try {
      const stored = await readForConsumer(store);
      const nowMs = clock();
      const info = tokenInfo(stored.accessToken, nowMs, MIN_USABLE_SECONDS);
      const token = usableToken(store, stored, info);
      if (started === generation)
        cached = { token, freshUntilMs: freshUntil(info.seconds_left, nowMs), readAtMs: startedAtMs };
      failed = undefined;
      return token;
    } catch (error) {
      // Counted from the read's start, so even reads that take long stay one per retryMs.
      failed = { error, untilMs: startedAtMs + retryMs };
      throw error;
    }
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

  /**
   * SSM was read under retryMs ago, and the token it gave has run into its last minute: refuse it
   * from memory (as a read would, unless a new token came meanwhile) and keep that refusal until
   * a read is allowed again.
   */
  function judgedByClock(last: NonNullable<typeof cached>, nowMs: number): Promise<UsableToken> {
    try {
      const { accessToken, clientId } = last.token;
      return Promise.resolve(
        usableToken(store, { accessToken, clientId }, tokenInfo(accessToken, nowMs, MIN_USABLE_SECONDS)),
      );
    } catch (error) {
      failed = { error, untilMs: last.readAtMs + retryMs };
      return Promise.reject(error);
    }
  }

  return {
    get() {
      const nowMs = clock();
      if (cached && nowMs < cached.freshUntilMs) return Promise.resolve(cached.token);
      if (failed && nowMs < failed.untilMs) return Promise.reject(failed.error);
      if (cached && nowMs < cached.readAtMs + retryMs) return judgedByClock(cached, nowMs);
      if (!reading) {
        if (forceNext) forcedReadAtMs = nowMs;
        forceNext = false;
        const read = readOnce(generation, nowMs).finally(() => {
          if (reading === read) reading = undefined;
        });
        reading = read;
      }
      return reading;
    },
    invalidate() {
      const nowMs = clock();
      if (forcedReadAtMs !== undefined && nowMs - forcedReadAtMs < retryMs) {
        // SSM was read for a 401 moments ago and holds nothing newer: serve what it gave until
        // a read is allowed again, then read.
        if (cached) cached.freshUntilMs = Math.min(cached.freshUntilMs, forcedReadAtMs + retryMs);
        return;
      }
      generation++;
      cached = undefined;
      reading = undefined;
      forceNext = true;
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
