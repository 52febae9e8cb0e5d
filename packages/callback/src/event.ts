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

export function readRequest(event: LambdaFunctionURLEvent): CallbackRequest {
  const raw = event.rawQueryString ?? "";
  return {
    method: event.requestContext?.http?.method ?? "GET",
    path: event.rawPath || "/",
    query: new URLSearchParams(raw),
    domainName: event.requestContext?.domainName ?? event.headers?.host ?? "",
    queryLength: raw.length,
  };
}
