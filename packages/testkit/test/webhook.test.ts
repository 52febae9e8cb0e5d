import { afterEach, describe, expect, it } from "vitest";
import { startWebhookSink, type WebhookSink } from "../src/index.js";

const sinks: WebhookSink[] = [];
async function start(): Promise<WebhookSink> {
  const sink = await startWebhookSink();
  sinks.push(sink);
  return sink;
}
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

async function post(url: string, body: unknown, signal?: AbortSignal) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
  return { status: res.status, text: await res.text(), res };
}

describe("webhook sink", () => {
  it("records JSON POSTs and answers 200 ok, as a Slack incoming webhook", async () => {
    const sink = await start();
    expect(sink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\//);
    const answer = await post(sink.url, { text: "hello", event: "renewed" });
    expect(answer).toMatchObject({ status: 200, text: "ok" });
    expect(sink.posts).toHaveLength(1);
    expect(sink.posts[0]).toMatchObject({ method: "POST", body: { text: "hello", event: "renewed" } });
    expect(sink.posts[0]?.headers["content-type"]).toBe("application/json");
    const wrongPath = await post(new URL("/services/other", sink.url).toString(), { text: "x" });
    expect(wrongPath).toMatchObject({ status: 404, text: "no_service" });
  });

  it("has switches for 4xx, 5xx with Retry-After, and a hang", async () => {
    const sink = await start();
    sink.fail({ failure: "client_error", status: 400, times: 1 });
    sink.fail({ failure: "server_error", retryAfterSeconds: 2, times: 1 });
    sink.fail({ failure: "hang", times: 1 });
    expect(await post(sink.url, { text: "x" })).toMatchObject({ status: 400, text: "invalid_payload" });
    const unavailable = await post(sink.url, { text: "x" });
    expect(unavailable.status).toBe(503);
    expect(unavailable.res.headers.get("retry-after")).toBe("2");
    await expect(post(sink.url, { text: "x" }, AbortSignal.timeout(300))).rejects.toThrow();
    expect((await post(sink.url, { text: "x" })).status).toBe(200);
    expect(sink.posts).toHaveLength(4);
  });
});
