import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startFyersFake } from "@fyers-token/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { FyersTokenError } from "../src/errors.js";
import { createFyersClient } from "../src/fyers/client.js";
import { forgetRateLimits, MAX_BODY_BYTES, parseRetryAfter, send } from "../src/fyers/http.js";

type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

/** A scripted server on 127.0.0.1: answers in order, the last one repeats. */
async function scripted(answers: Answer[]): Promise<{ url: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    const answer = answers[Math.min(hits, answers.length - 1)] as Answer;
    hits++;
    setTimeout(() => {
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body ?? "{}");
    }, answer.delayMs ?? 0);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v3/profile`, hits: () => hits, server };
}

const servers: Server[] = [];
afterEach(async () => {
  forgetRateLimits();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
});

const get = (url: string) => ({ url, method: "GET" as const, headers: {} });
const fast = { baseDelayMs: 5 };

describe("send", () => {
  it("retries 5xx and returns the first good answer", async () => {
    const fake = await scripted([
      { status: 502, body: "<html>" },
      { status: 200, body: '{"s":"ok"}' },
    ]);
    const answer = await send(get(fake.url), fast);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{"s":"ok"}');
    expect(fake.hits()).toBe(2);
  });

  it("never retries an answered 4xx", async () => {
    const fake = await scripted([{ status: 400, body: '{"s":"error"}' }]);
    expect((await send(get(fake.url), fast)).status).toBe(400);
    expect(fake.hits()).toBe(1);
  });

  it("stops after 3 attempts and hands back the last answer", async () => {
    const fake = await scripted([{ status: 503 }]);
    expect((await send(get(fake.url), fast)).status).toBe(503);
    expect(fake.hits()).toBe(3);
  });

  it("a 429 with Retry-After: 0 is not retried within the pause: rate_limited, saying it did not wait", async () => {
    const fake = await scripted([{ status: 429, headers: { "retry-after": "0" } }, { status: 200 }]);
    const error = (await send(get(fake.url), fast).catch((e: unknown) => e)) as FyersTokenError;
    expect(error).toBeInstanceOf(FyersTokenError);
    expect(error.code).toBe("rate_limited");
    expect(error.httpStatus).toBe(429);
    expect(error.message).toBe(
      "FYERS rate-limited this app; try again in a minute (profile answered HTTP 429, too many requests; not waited, since the 30s pause does not fit in this call's 10s deadline)",
    );
    expect(error.hint).toContain("200/min");
    expect(fake.hits()).toBe(1);
  });

  it("after a 429 the next call to that host is not sent at all, another host is", async () => {
    const limited = await scripted([{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }]);
    const other = await scripted([{ status: 200 }]);
    await send(get(limited.url), fast).catch(() => undefined);
    const again = (await send(get(limited.url), fast).catch((e: unknown) => e)) as FyersTokenError;
    expect(again.code).toBe("rate_limited");
    expect(again.message).toMatch(
      /^FYERS rate-limited this app; try again in a minute \(a request of this run got HTTP 429; profile was not sent within the (29|30)s pause left\)$/,
    );
    expect(limited.hits()).toBe(1);
    expect((await send(get(other.url), fast)).status).toBe(200);
  });

  it("waits the pause out once when the deadline allows, then sends again", async () => {
    const fake = await scripted([
      { status: 429, headers: { "retry-after": "0" } },
      { status: 200, body: "{}" },
    ]);
    const started = Date.now();
    const answer = await send(get(fake.url), { ...fast, rateLimitPauseMs: 400, timeoutMs: 3000 });
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(fake.hits()).toBe(2);
  });

  it("a Retry-After longer than the pause is the pause", async () => {
    const fake = await scripted([{ status: 429, headers: { "retry-after": "2" } }, { status: 200 }]);
    const error = (await send(get(fake.url), { ...fast, rateLimitPauseMs: 100, timeoutMs: 1500 }).catch(
      (e: unknown) => e,
    )) as FyersTokenError;
    expect(error.message).toContain("not waited, since the 2s pause does not fit in this call's 2s deadline");
    expect(fake.hits()).toBe(1);
  });

  it("a second 429 after waiting once is final", async () => {
    const fake = await scripted([{ status: 429, headers: { "retry-after": "0" } }]);
    const error = (await send(get(fake.url), { ...fast, rateLimitPauseMs: 100, timeoutMs: 3000 }).catch(
      (e: unknown) => e,
    )) as FyersTokenError;
    expect(error.message).toBe(
      "FYERS rate-limited this app; try again in a minute (profile answered HTTP 429, too many requests, again after this run waited)",
    );
    expect(fake.hits()).toBe(2);
  });

  it("retries a refused connection, then fails as unavailable naming the host", async () => {
    const fake = await scripted([{ status: 200 }]);
    fake.server.close();
    await new Promise((ok) => setTimeout(ok, 20));
    const error = await send(get(fake.url), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FyersTokenError);
    expect((error as FyersTokenError).code).toBe("unavailable");
    expect((error as FyersTokenError).message).toMatch(
      /could not reach FYERS at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
  });

  it("gives up at the deadline, retries included, and says so", async () => {
    const fake = await scripted([{ status: 200, delayMs: 3000 }]);
    const started = Date.now();
    const error = (await send(get(fake.url), { timeoutMs: 400 }).catch((e: unknown) => e)) as FyersTokenError;
    expect(Date.now() - started).toBeLessThan(1400);
    expect(error.code).toBe("unavailable");
    expect(error.message).toMatch(/^FYERS \(127\.0\.0\.1:\d+\) did not answer within 400ms$/);
    expect(fake.hits()).toBe(1);
  });

  it("stops when the caller cancels", async () => {
    const fake = await scripted([{ status: 200, delayMs: 3000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = (await send(get(fake.url), { signal: controller.signal }).catch(
      (e: unknown) => e,
    )) as FyersTokenError;
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("cancelled");
  });
});

const MiB = 1024 * 1024;

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((go) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      go();
    };
    res.on("drain", done).on("close", done);
  });
}

/**
 * A server that streams up to `total` bytes as fast as the client reads, and reports how many it
 * wrote before the client hung up: the proof that the client stopped reading, not just erred.
 */
async function flood(total: number, headers: Record<string, string> = {}) {
  let hits = 0;
  let resolveClosed: (sent: number) => void = () => undefined;
  const closed = new Promise<number>((ok) => {
    resolveClosed = ok;
  });
  const server = createServer(async (_req, res) => {
    hits++;
    res.writeHead(200, { "content-type": "application/json", ...headers });
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    res.on("close", () => resolveClosed(sent));
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) await drainedOrClosed(res);
    }
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v3/validate-authcode`, hits: () => hits, closed };
}

const post = (url: string) => ({ url, method: "POST" as const, headers: {}, body: "{}" });

describe("an answer over 1 MiB", () => {
  const expectTooLarge = (error: unknown) => {
    expect(error).toBeInstanceOf(FyersTokenError);
    const e = error as FyersTokenError;
    expect(e.code).toBe("unexpected_response");
    expect(e.message).toBe(
      "FYERS answered more than 1 MiB to validate-authcode (HTTP 200); the answer was not read further and the connection was closed",
    );
    expect(e.hint).toContain("FYERS_API_URL");
  };

  it("200 MiB streamed: unexpected_response, the connection closed after a few MiB, not retried", async () => {
    const fake = await flood(200 * MiB);
    const error = await send(post(fake.url), fast).catch((e: unknown) => e);
    expectTooLarge(error);
    // Socket buffers on loopback hold a few MiB; the rest of the 200 MiB is never sent.
    expect(await fake.closed).toBeLessThan(16 * MiB);
    expect(fake.hits()).toBe(1);
  });

  it("200 MiB declared in Content-Length: refused before the body is read", async () => {
    const fake = await flood(200 * MiB, { "content-length": String(200 * MiB) });
    expectTooLarge(await send(post(fake.url), fast).catch((e: unknown) => e));
    expect(await fake.closed).toBeLessThan(16 * MiB);
  });

  it("through an injected fetch too: the stream is cancelled at the cap", async () => {
    const fake = await flood(200 * MiB);
    const error = await send(post(fake.url), { ...fast, fetch: globalThis.fetch }).catch((e: unknown) => e);
    expectTooLarge(error);
    expect(await fake.closed).toBeLessThan(16 * MiB);
  });

  it("exactly 1 MiB is read whole, over node:http and over fetch", async () => {
    const fake = await flood(MAX_BODY_BYTES);
    expect((await send(post(fake.url), fast)).text).toHaveLength(MAX_BODY_BYTES);
    expect((await send(post(fake.url), { ...fast, fetch: globalThis.fetch })).text).toHaveLength(
      MAX_BODY_BYTES,
    );
  });

  it("the client's exchange against the FYERS fake's huge_body: the same error, one request", async () => {
    const fyers = await startFyersFake();
    try {
      fyers.fail({ failure: "huge_body", endpoint: "validate-authcode" });
      const client = createFyersClient({ apiUrl: fyers.baseUrl, clientId: fyers.clientId, baseDelayMs: 5 });
      expectTooLarge(await client.exchangeAuthCode(fyers.appIdHash, fyers.issueAuthCode()).catch((e) => e));
      expect(client.requestCount).toBe(1);
    } finally {
      await fyers.close();
    }
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const now = Date.parse("2026-11-26T10:00:00Z");
    expect(parseRetryAfter("Thu, 26 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });
});
