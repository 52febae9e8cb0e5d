// Lambda function-URL events, payload format 2.0, shaped as AWS documents them: lower-case
// headers (repeated ones joined with commas), cookies as an array, `queryStringParameters`
// absent when there is no query (repeated keys joined with commas), `pathParameters` absent,
// routeKey and stage "$default", accountId "anonymous" for auth type NONE.
import { randomUUID } from "node:crypto";

/**
 * @param {{ method?: string, path?: string, query?: string, headers?: Record<string, string>,
 *   cookies?: string[], body?: string, domainName?: string, sourceIp?: string, nowMs?: number }} [request]
 */
export function functionUrlEvent(request = {}) {
  const domainName = request.domainName ?? "abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-south-1.on.aws";
  const rawQueryString = (request.query ?? "").replace(/^\?/, "");
  const path = request.path ?? "/";
  const nowMs = request.nowMs ?? Date.now();
  const userAgent =
    request.headers?.["user-agent"] ?? "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36";
  /** @type {Record<string, string>} */
  const headers = {
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
  /** @type {Record<string, string>} */
  const queryStringParameters = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[key] =
      key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString,
    ...(request.cookies?.length ? { cookies: request.cookies } : {}),
    headers,
    ...(rawQueryString === "" ? {} : { queryStringParameters }),
    requestContext: {
      accountId: "anonymous",
      apiId: domainName.split(".")[0],
      domainName,
      domainPrefix: domainName.split(".")[0],
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
  return event;
}

/** A Lambda context as the Node.js runtime passes it. */
export function lambdaContext(timeoutMs = 10_000) {
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
