import type { LambdaFunctionURLEvent } from "aws-lambda";

/** What the routes need from a function-URL event (payload format 2.0). */
export interface CallbackRequest {
  method: string;
  path: string;
  /** From `rawQueryString`, so a repeated parameter stays visible (the map joins them with commas). */
  query: URLSearchParams;
  /** The function URL's host, e.g. `abc.lambda-url.ap-south-1.on.aws`. */
  domainName: string;
  queryLength: number;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Never throws: whatever arrives (even no event at all) becomes a request the routes can refuse. */
export function readRequest(event: LambdaFunctionURLEvent | null | undefined): CallbackRequest {
  const raw = text(event?.rawQueryString) ?? "";
  return {
    method: text(event?.requestContext?.http?.method) ?? "GET",
    path: text(event?.rawPath) || "/",
    query: new URLSearchParams(raw),
    domainName: text(event?.requestContext?.domainName) ?? text(event?.headers?.host) ?? "",
    queryLength: raw.length,
  };
}
