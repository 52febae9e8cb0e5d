// Small node:http helpers shared by the fakes: every fake is a real server on 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Headers = Record<string, string | string[] | undefined>;
export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Listening {
  server: Server;
  port: number;
  /** Closes the server even with requests still pending (slow answers, keep-alive sockets). */
  close(): Promise<void>;
}

/** Starts `handler` on an ephemeral port; an exception in it becomes a 500, never a crash. */
export async function listen(handler: Handler): Promise<Listening> {
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: `testkit fake error: ${String(err)}` });
        else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return { server, port, close };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Parsed JSON when the text is JSON, the raw text otherwise, `undefined` when empty. */
export function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function copyHeaders(req: IncomingMessage): Headers {
  return { ...req.headers };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = "application/json; charset=utf-8",
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Consumes the first rule `matches` accepts; rules with `times` are used up, others stay. */
export function takeRule<R extends { times?: number }>(
  rules: R[],
  matches: (rule: R) => boolean,
): R | undefined {
  const index = rules.findIndex(matches);
  if (index < 0) return undefined;
  const rule = rules[index] as R;
  if (rule.times !== undefined) {
    rule.times -= 1;
    if (rule.times <= 0) rules.splice(index, 1);
  }
  return rule;
}

/**
 * A fake's failure switches: rules armed with `fail` (optionally for `times` requests), taken one
 * per request, and `hang()` for a request that is never answered until the fake closes.
 */
export interface FailureSwitches<R extends { times?: number }> {
  fail(rule: R): void;
  clearFailures(): void;
  /** The first armed rule, used up by one request. */
  take(): R | undefined;
  /** Resolves only when `releaseAll()` runs (the fake's close). */
  hang(): Promise<void>;
  releaseAll(): void;
}

export function failureSwitches<R extends { times?: number }>(): FailureSwitches<R> {
  const rules: R[] = [];
  const hanging = new Set<() => void>();
  return {
    fail: (rule) => {
      if (rule.times === undefined || rule.times > 0) rules.push({ ...rule });
    },
    clearFailures: () => {
      rules.length = 0;
    },
    take: () => takeRule(rules, () => true),
    hang: () => new Promise<void>((resolve) => hanging.add(resolve)),
    releaseAll: () => {
      for (const release of hanging) release();
      hanging.clear();
    },
  };
}
