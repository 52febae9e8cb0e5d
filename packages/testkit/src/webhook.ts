// A webhook receiver on 127.0.0.1 (the shape of a Slack incoming webhook: POST JSON, 200 "ok"),
// recording every POST, with switches for 4xx, 5xx and a receiver that never answers.
import { copyHeaders, failureSwitches, type Headers, listen, parseBody, readBody, sendText } from "./http.js";

export type WebhookFailure = "client_error" | "server_error" | "hang";

export interface WebhookFailureRule {
  failure: WebhookFailure;
  /** How many requests it answers; forever when absent. */
  times?: number;
  /** The status (defaults: 404 for client_error, as Slack's "no_service"; 503 for server_error). */
  status?: number;
  /** For server_error: a Retry-After header in seconds. */
  retryAfterSeconds?: number;
}

export interface WebhookPost {
  method: string;
  path: string;
  headers: Headers;
  /** Parsed JSON, or the raw text when not JSON. */
  body: unknown;
  at: number;
}

export interface WebhookSink {
  /** The URL to configure, with a secret-looking path as Slack's have: "http://127.0.0.1:PORT/services/…". */
  url: string;
  /** Every request received, answered or not. */
  posts: WebhookPost[];
  fail(rule: WebhookFailureRule): void;
  clearFailures(): void;
  close(): Promise<void>;
}

export async function startWebhookSink(opts: { path?: string } = {}): Promise<WebhookSink> {
  const path = opts.path ?? "/services/T0FAKE0001/B0FAKE0002/fakeWebhookSecret0123456789";
  const posts: WebhookPost[] = [];
  const switches = failureSwitches<WebhookFailureRule>();

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = parseBody(await readBody(req));
    const method = req.method ?? "GET";
    posts.push({ method, path: url.pathname, headers: copyHeaders(req), body, at: Date.now() });

    const rule = switches.take();
    if (rule?.failure === "hang") {
      await switches.hang();
      return;
    }
    if (rule?.failure === "client_error") {
      const status = rule.status ?? 404;
      return sendText(res, status, status === 404 ? "no_service" : "invalid_payload", "text/html");
    }
    if (rule?.failure === "server_error") {
      const headers: Record<string, string> = {};
      if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
      return sendText(res, rule.status ?? 503, "service unavailable", "text/plain", headers);
    }
    if (url.pathname !== path) return sendText(res, 404, "no_service", "text/html");
    if (method !== "POST") return sendText(res, 405, "invalid_method", "text/html");
    if (typeof body !== "object" || body === null) return sendText(res, 400, "invalid_payload", "text/html");
    return sendText(res, 200, "ok", "text/html");
  });

  return {
    url: `http://127.0.0.1:${server.port}${path}`,
    posts,
    fail: switches.fail,
    clearFailures: switches.clearFailures,
    close: async () => {
      switches.releaseAll();
      await server.close();
    },
  };
}
