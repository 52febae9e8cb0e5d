import { setTimeout as delay } from "node:timers/promises";
import { FyersTokenError } from "../errors.js";
import { RATE_HINT } from "./hints.js";

/**
 * Sending with a deadline and bounded retries. Hand-written rather than p-retry: the policy needs
 * a process-wide pause after a 429, one deadline across all attempts and "never retry an
 * answered 4xx", which is less code here than configuring a general library to do it.
 */
export interface HttpOptions {
  /** Injected for tests and custom agents; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** One deadline for the whole call, retries included (default 10 s). */
  timeoutMs?: number;
  /** At most this many attempts (default 3). */
  maxAttempts?: number;
  /** First backoff step (default 500 ms), doubled per attempt, with jitter. */
  baseDelayMs?: number;
  /** The pause after a 429 (default RATE_LIMIT_PAUSE_MS, 30 s); only tests shorten it. */
  rateLimitPauseMs?: number;
  random?: () => number;
  signal?: AbortSignal;
}

export interface HttpRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  text: string;
  retryAfterMs: number | undefined;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Retried with backoff: no answer (network) and 5xx. An answered 4xx is final; 429 pauses. */
function isRetryable(status: number): boolean {
  return status >= 500;
}

/**
 * After a 429 this process sends FYERS nothing for at least this long (or the server's longer
 * `Retry-After`): the limit that matters is per minute, and a 429 does not say which was hit.
 */
export const RATE_LIMIT_PAUSE_MS = 30_000;
/** Per origin (one FYERS host in production); one process is one script or action run. */
const pausedUntil = new Map<string, number>();

/** Forgets every pause, as a new process would: for tests that share one process. */
export function forgetRateLimits(): void {
  pausedUntil.clear();
}

/** `400ms`, `10s`: a deadline or pause for people. */
function formatMs(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}

function rateLimited(why: string): FyersTokenError {
  return new FyersTokenError("rate_limited", `FYERS rate-limited this app; try again in a minute (${why})`, {
    httpStatus: 429,
    hint: `${RATE_HINT}; FYERS_TIMEOUT=1m lets a run wait out the pause once`,
  });
}

export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export async function send(request: HttpRequest, options: HttpOptions = {}): Promise<HttpAnswer> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const random = options.random ?? Math.random;
  const deadline = Date.now() + timeoutMs;
  const url = new URL(request.url);
  const { host, origin } = url;
  const endpoint = url.pathname.split("/").pop() || host;
  const backoff = (attempt: number) =>
    (options.baseDelayMs ?? 500) * 2 ** (attempt - 1) * (0.5 + random() / 2);
  const pause = (ms: number) => delay(ms, undefined, options.signal ? { signal: options.signal } : undefined);
  let waitedOut = false;

  for (let attempt = 1; ; attempt++) {
    const held = (pausedUntil.get(origin) ?? 0) - Date.now();
    if (held > 0) {
      // An earlier 429 in this process: wait it out once if the deadline allows, else stop.
      if (waitedOut || Date.now() + held >= deadline) {
        throw rateLimited(
          `a request of this run got HTTP 429; ${endpoint} was not sent within the ${formatMs(held)} pause left`,
        );
      }
      await pause(held);
      waitedOut = true;
    }
    const remaining = deadline - Date.now();
    const timeout = AbortSignal.timeout(Math.max(1, remaining));
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    let answer: HttpAnswer | undefined;
    let failure: FyersTokenError | undefined;
    try {
      const init: RequestInit = { method: request.method, headers: request.headers, signal };
      if (request.body !== undefined) init.body = request.body;
      const response = await fetchFn(request.url, init);
      answer = {
        status: response.status,
        contentType: response.headers.get("content-type") ?? "",
        text: await response.text(),
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      };
    } catch (error) {
      if (options.signal?.aborted) {
        throw new FyersTokenError("unavailable", `the request to ${host} was cancelled`, { cause: error });
      }
      if (timeout.aborted) {
        throw new FyersTokenError(
          "unavailable",
          `FYERS (${host}) did not answer within ${formatMs(timeoutMs)}`,
          { cause: error, hint: "FYERS may be slow or down; try again in a few minutes" },
        );
      }
      failure = new FyersTokenError(
        "unavailable",
        `could not reach FYERS at ${host} (${describeNetworkError(error)})`,
        { cause: error, hint: "check the network and FYERS_API_URL" },
      );
    }
    if (answer?.status === 429) {
      const wait = Math.max(options.rateLimitPauseMs ?? RATE_LIMIT_PAUSE_MS, answer.retryAfterMs ?? 0);
      pausedUntil.set(origin, Date.now() + wait);
      if (waitedOut)
        throw rateLimited(`${endpoint} answered HTTP 429, too many requests, again after this run waited`);
      if (attempt >= maxAttempts || Date.now() + wait >= deadline) {
        throw rateLimited(
          `${endpoint} answered HTTP 429, too many requests; not waited, since the ${formatMs(wait)} pause does not fit in this call's ${formatMs(timeoutMs)} deadline`,
        );
      }
      continue; // the pause at the top of the loop waits it out, once
    }
    if (answer && !isRetryable(answer.status)) return answer;

    const wait = backoff(attempt);
    if (attempt >= maxAttempts || Date.now() + wait >= deadline) {
      if (answer) return answer;
      throw failure;
    }
    await pause(wait);
  }
}
