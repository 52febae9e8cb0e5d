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
  /** The browser's cookies by name (payload 2.0 carries them in `event.cookies`, one "name=value" each). */
  cookies: Map<string, string>;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function readCookies(raw: unknown): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!Array.isArray(raw)) return cookies;
  for (const entry of raw.slice(0, 50)) {
    if (typeof entry !== "string") continue;
    const at = entry.indexOf("=");
    if (at <= 0) continue;
    const name = entry.slice(0, at).trim();
    // The first one wins, as browsers send the most specific cookie first.
    if (!cookies.has(name)) cookies.set(name, entry.slice(at + 1).trim());
  }
  return cookies;
}

/** Never throws: whatever arrives (even no event at all) becomes a request the routes can refuse. */
export function readRequest(event: LambdaFunctionURLEvent | null | undefined): CallbackRequest {
  const raw = text(event?.rawQueryString) ?? "";
  return {
    method: text(event?.requestContext?.http?.method) ?? "GET",
    path: text(event?.rawPath) || "/",
    query: new URLSearchParams(raw),
    domainName: text(event?.requestContext?.domainName) ?? text(event?.headers?.host) ?? "",
    queryLength: raw.length,
    cookies: readCookies(event?.cookies),
  };
}
