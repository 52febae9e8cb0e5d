import { setTimeout as delay } from "node:timers/promises";
import { FyersTokenError } from "../errors.js";

/**
 * Sending with a deadline and bounded retries. Hand-written rather than p-retry: the policy needs
 * the server's `Retry-After`, one deadline across all attempts and "never retry an answered 4xx",
 * which is less code here than configuring a general library to do it.
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
  /** A `Retry-After` longer than this is not waited for (default 30 s). */
  maxRetryAfterMs?: number;
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

/** Retried: no answer (network), 5xx and 429. An answered 4xx is final. */
function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
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
  const host = new URL(request.url).host;
  const backoff = (attempt: number) =>
    (options.baseDelayMs ?? 500) * 2 ** (attempt - 1) * (0.5 + random() / 2);

  for (let attempt = 1; ; attempt++) {
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
          `FYERS (${host}) did not answer within ${timeoutMs < 1000 ? `${timeoutMs}ms` : `${Math.round(timeoutMs / 1000)}s`}`,
          { cause: error, hint: "FYERS may be slow or down; try again in a few minutes" },
        );
      }
      failure = new FyersTokenError(
        "unavailable",
        `could not reach FYERS at ${host} (${describeNetworkError(error)})`,
        { cause: error, hint: "check the network and FYERS_API_URL" },
      );
    }
    if (answer && !isRetryable(answer.status)) return answer;

    const wait = answer?.retryAfterMs ?? backoff(attempt);
    const outOfTime = Date.now() + wait >= deadline;
    const tooLong = wait > (options.maxRetryAfterMs ?? 30_000);
    if (attempt >= maxAttempts || outOfTime || tooLong) {
      if (answer) return answer;
      throw failure;
    }
    await delay(wait, undefined, options.signal ? { signal: options.signal } : undefined);
  }
}
