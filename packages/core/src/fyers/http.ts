import type { IncomingMessage } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { FyersTokenError } from "../errors.js";
import { checkTuning, TUNING_DEFAULTS_MS } from "../tuning.js";
import { RATE_HINT } from "./hints.js";

/**
 * Sending with a deadline and bounded retries. Hand-written rather than p-retry: the policy needs
 * a process-wide pause after a 429, one deadline across all attempts and "never retry an
 * answered 4xx", which is less code here than configuring a general library to do it.
 */
export interface HttpOptions {
  /**
   * Injected for tests and custom agents. Without it the request goes over node:http(s): the
   * global fetch loads undici on first use, ~20 ms of a Lambda cold start for one request.
   */
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
export const RATE_LIMIT_PAUSE_MS = TUNING_DEFAULTS_MS.rateLimitPause; // 30 s; FYERS_RATE_LIMIT_PAUSE
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

/**
 * The most of an answer this reads. FYERS answers are a few kB; past this it is not FYERS (a
 * wrong FYERS_API_URL, a proxy's page) and reading on would only spend memory (200 MiB once took
 * 745 MiB): the connection is closed instead.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** One attempt's answer, its body read under the cap: what either transport hands send(). */
interface RawAnswer {
  status: number;
  header(name: string): string | null;
  text: string;
}
type Transport = (request: HttpRequest, signal: AbortSignal) => Promise<RawAnswer>;
/** Called when an answer's body passes MAX_BODY_BYTES; returns the error to throw. */
type TooLarge = (status: number) => FyersTokenError;

function tooLargeFor(endpoint: string): TooLarge {
  return (status) =>
    new FyersTokenError(
      "unexpected_response",
      `FYERS answered more than 1 MiB to ${endpoint} (HTTP ${status}); the answer was not read further and the connection was closed`,
      {
        httpStatus: status,
        hint: "FYERS answers are a few kB: check that FYERS_API_URL is FYERS' REST API (https://api-t1.fyers.in/api/v3) and no proxy answers in its place",
      },
    );
}

const declaredTooLarge = (contentLength: string | null | undefined) =>
  Number(contentLength ?? 0) > MAX_BODY_BYTES;

/** A node:http response body as text, counted as it arrives; past the cap the socket is destroyed. */
function readNodeBody(res: IncomingMessage, tooLarge: TooLarge): Promise<string> {
  const status = res.statusCode ?? 0;
  return new Promise((resolve, reject) => {
    if (declaredTooLarge(res.headers["content-length"])) {
      res.destroy();
      reject(tooLarge(status));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.destroy();
        reject(tooLarge(status));
      } else chunks.push(chunk);
    });
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
    // A deadline or cancel mid-body destroys the request: the body then ends without "end".
    res.on("close", () => {
      if (!res.complete) reject(new Error("the connection closed before the answer was complete"));
    });
  });
}

function headerOf(res: IncomingMessage): RawAnswer["header"] {
  return (name) => {
    const value = res.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  };
}

type NodeHttp = typeof import("node:http");

/**
 * node:http or node:https as the CommonJS module the AWS SDK already loaded. Not `import()`: on
 * Node 22/24 the ESM view of node:http reads its every export, WebSocket included, which loads
 * undici (~17 ms, measured), and node:https's costs ~6 ms; a cold Lambda pays that in full.
 * process.getBuiltinModule is Node ≥ 22.3; an older 22 takes the import.
 */
async function nodeHttp(https: boolean): Promise<Pick<NodeHttp, "request">> {
  const name = https ? "node:https" : "node:http";
  const loaded = process.getBuiltinModule?.(name) as NodeHttp | undefined;
  return loaded ?? (https ? import("node:https") : import("node:http"));
}

/** The default: node:http(s), already loaded by the AWS SDK in the action and the callback. */
function nodeTransport(tooLarge: TooLarge): Transport {
  return async (request, signal) => {
    const url = new URL(request.url);
    const { request: open } = await nodeHttp(url.protocol === "https:");
    return new Promise((resolve, reject) => {
      const req = open(url, { method: request.method, headers: request.headers, signal }, (res) => {
        readNodeBody(res, tooLarge).then(
          (text) => resolve({ status: res.statusCode ?? 0, header: headerOf(res), text }),
          reject,
        );
      });
      req.on("error", reject);
      // One end() with the whole body: node sends Content-Length, as fetch does, not chunked.
      req.end(request.body);
    });
  };
}

/** A web Response body as text, counted per chunk; past the cap the stream is cancelled. */
async function readFetchBody(response: Response, tooLarge: TooLarge): Promise<string> {
  const giveUp = () => {
    response.body?.cancel().catch(() => undefined);
    return tooLarge(response.status);
  };
  if (declaredTooLarge(response.headers.get("content-length"))) throw giveUp();
  if (!response.body) {
    // An injected fetch without streams: the cap still holds, after the fact.
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge(response.status);
    return text;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader.cancel().catch(() => undefined);
      throw tooLarge(response.status);
    }
    text += decoder.decode(value, { stream: true });
  }
}

function fetchTransport(fetchFn: typeof fetch, tooLarge: TooLarge): Transport {
  return async (request, signal) => {
    const init: RequestInit = { method: request.method, headers: request.headers, signal };
    if (request.body !== undefined) init.body = request.body;
    const response = await fetchFn(request.url, init);
    const text = await readFetchBody(response, tooLarge);
    return { status: response.status, header: (name) => response.headers.get(name), text };
  };
}

function describeNetworkError(error: unknown): string {
  // fetch wraps the system error as `cause`; node:http throws it as it is.
  const own = error as { code?: string; cause?: { code?: string; message?: string } };
  const cause = own.cause;
  return (
    cause?.code ?? cause?.message ?? own.code ?? (error instanceof Error ? error.message : String(error))
  );
}

/** `onAttempt` runs once per request sent, retries included (the client's request count). */
export async function send(
  request: HttpRequest,
  options: HttpOptions = {},
  onAttempt: () => void = () => undefined,
): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const random = options.random ?? Math.random;
  const tuning = checkTuning(); // FYERS_RETRY_BACKOFF, FYERS_RATE_LIMIT_PAUSE: refused before a request
  const deadline = Date.now() + timeoutMs;
  const url = new URL(request.url);
  const { host, origin } = url;
  const endpoint = url.pathname.split("/").pop() || host;
  const tooLarge = tooLargeFor(endpoint);
  const transport = options.fetch ? fetchTransport(options.fetch, tooLarge) : nodeTransport(tooLarge);
  const backoff = (attempt: number) =>
    (options.baseDelayMs ?? tuning.retryBackoff) * 2 ** (attempt - 1) * (0.5 + random() / 2);
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
      onAttempt();
      const raw = await transport(request, signal);
      answer = {
        status: raw.status,
        contentType: raw.header("content-type") ?? "",
        text: raw.text,
        retryAfterMs: parseRetryAfter(raw.header("retry-after")),
      };
    } catch (error) {
      // An answer past the cap is final: the same URL would answer the same again.
      if (error instanceof FyersTokenError) throw error;
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
      const wait = Math.max(options.rateLimitPauseMs ?? tuning.rateLimitPause, answer.retryAfterMs ?? 0);
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
