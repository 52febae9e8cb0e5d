// A local stand-in for a Lambda function URL (payload format 2.0), shaped as AWS documents it:
// an HTTP request on 127.0.0.1 becomes the event the Lambda service would send, the handler's
// structured answer (status, headers, `cookies`, body) becomes the HTTP answer. Plain Node can
// import this file (only erasable types, only node: imports): the callback's local-lambda.mjs
// and its bench run it under Node 24 without a loader.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface EventRequest {
  method?: string;
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  domainName?: string;
  sourceIp?: string;
  nowMs?: number;
}

/** The function-URL event (the fields AWS sends; see aws-lambda's LambdaFunctionURLEvent). */
export interface FunctionUrlEvent {
  version: "2.0";
  routeKey: "$default";
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/** What a function-URL handler answers when it shapes the answer itself. */
export interface FunctionUrlResult {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
  done(): void;
  fail(): void;
  succeed(): void;
}

// biome-ignore lint/suspicious/noExplicitAny: a bundle's handler is typed by whoever loads it
export type FunctionUrlHandler = (event: any, context: any) => Promise<unknown>;

export const DEFAULT_DOMAIN = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-south-1.on.aws";
/** The Lambda Runtime Interface Emulator's route: POST an exact event, get the handler's result. */
export const INVOKE_PATH = "/2015-03-31/functions/function/invocations";

/**
 * A function-URL event: lower-case headers (repeated ones joined with commas), cookies as an
 * array, `queryStringParameters` absent when there is no query (repeated keys joined with
 * commas), `pathParameters` absent, routeKey and stage "$default", accountId "anonymous" for
 * auth type NONE.
 */
export function functionUrlEvent(request: EventRequest = {}): FunctionUrlEvent {
  const domainName = request.domainName ?? DEFAULT_DOMAIN;
  const rawQueryString = (request.query ?? "").replace(/^\?/, "");
  const path = request.path ?? "/";
  const nowMs = request.nowMs ?? Date.now();
  const userAgent =
    request.headers?.["user-agent"] ?? "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";
  const headers: Record<string, string> = {
    "x-amzn-tls-version": "TLSv1.3",
    "x-forwarded-proto": "https",
    "x-forwarded-port": "443",
    "x-forwarded-for": request.sourceIp ?? "203.0.113.7",
    accept: "text/html,application/xhtml+xml",
    "x-amzn-tls-cipher-suite": "TLS_AES_128_GCM_SHA256",
    "x-amzn-trace-id": `Root=1-${Math.floor(nowMs / 1000).toString(16)}-${randomUUID().replace(/-/g, "").slice(0, 24)}`,
    host: domainName,
    "user-agent": userAgent,
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[key] =
      key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }
  const prefix = domainName.split(".")[0] ?? domainName;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString,
    ...(request.cookies?.length ? { cookies: request.cookies } : {}),
    headers,
    ...(rawQueryString === "" ? {} : { queryStringParameters }),
    requestContext: {
      accountId: "anonymous",
      apiId: prefix,
      domainName,
      domainPrefix: prefix,
      http: {
        method: request.method ?? "GET",
        path,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp ?? "203.0.113.7",
        userAgent,
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: new Date(nowMs)
        .toUTCString()
        .replace(/^\w+, (\d+) (\w+) (\d+) /, "$1/$2/$3:")
        .replace(" GMT", " +0000"),
      timeEpoch: nowMs,
    },
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: false,
  };
}

/** A Lambda context as the Node.js runtime passes it. */
export function lambdaContext(timeoutMs = 10_000): LambdaContext {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "fyers-token-callback",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:ap-south-1:123456789012:function:fyers-token-callback",
    memoryLimitInMB: "256",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/fyers-token-callback",
    logStreamName: "2026/12/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The request's headers as a function URL passes them: one string each, cookies apart. */
function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === "cookie" || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return headers;
}

/** The event a function URL would send for this HTTP request (its Host as the domain name). */
export function eventFromRequest(req: IncomingMessage, body: string): FunctionUrlEvent {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  return functionUrlEvent({
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.search,
    headers: flatHeaders(req),
    cookies: req.headers.cookie ? req.headers.cookie.split(/;\s*/) : [],
    ...(body === "" ? {} : { body }),
    domainName: req.headers.host ?? "127.0.0.1",
    sourceIp: "127.0.0.1",
  });
}

/**
 * Writes a handler's result as a function URL does: a structured answer (`statusCode`) with its
 * headers, `cookies` as Set-Cookie lines and the body (base64-decoded when flagged); anything
 * else is a 200 JSON body, as Lambda infers for a result without `statusCode`.
 */
export function writeAnswer(res: ServerResponse, result: unknown): void {
  const structured =
    typeof result === "object" && result !== null && "statusCode" in result
      ? (result as FunctionUrlResult)
      : undefined;
  if (structured === undefined) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(typeof result === "string" ? result : JSON.stringify(result ?? null));
    return;
  }
  const headers: Record<string, string | string[]> = { ...structured.headers };
  if (structured.cookies?.length) headers["set-cookie"] = structured.cookies;
  res.writeHead(structured.statusCode ?? 200, headers);
  const body = structured.body ?? "";
  res.end(structured.isBase64Encoded ? Buffer.from(body, "base64") : body);
}

export interface FunctionUrlServer {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface FunctionUrlOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** Where a handler's throw is reported (the Lambda service logs it; the client sees a bare 502). */
  onError?: (error: unknown) => void;
}

/**
 * Serves a handler on 127.0.0.1 as a function URL: every request → a 2.0 event → the handler →
 * the HTTP answer; plus POST {@link INVOKE_PATH} with an exact event → the handler's raw result.
 */
export async function serveFunctionUrl(
  handler: FunctionUrlHandler,
  options: FunctionUrlOptions = {},
): Promise<FunctionUrlServer> {
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error(`function-url: handler threw: ${(error as Error)?.stack ?? String(error)}`));
  const server = createServer(async (req, res) => {
    try {
      const text = await bodyOf(req);
      if (req.method === "POST" && new URL(req.url ?? "/", "http://127.0.0.1").pathname === INVOKE_PATH) {
        const result = await handler(JSON.parse(text), lambdaContext());
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(result));
        return;
      }
      writeAnswer(res, await handler(eventFromRequest(req, text), lambdaContext()));
    } catch (error) {
      // What the Lambda service answers when a handler throws: a 502 with no detail.
      onError(error);
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ Message: "Internal Server Error" }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // A browser's keep-alive connection would hold close() open forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
