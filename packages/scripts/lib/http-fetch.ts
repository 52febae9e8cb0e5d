import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * A `fetch` over node:http(s) for core's FYERS client (its `fetch` port). Why: the global fetch
 * loads undici on first use, ~50 ms, a fifth of a script's whole run. It covers what core's
 * send() uses: method, headers, a string body and a signal in; status, headers.get() and text()
 * out. Network errors are shaped like fetch's (a TypeError with the system error as `cause`).
 */
export const httpFetch: typeof fetch = (input, init = {}) =>
  new Promise((resolve, reject) => {
    // No `instanceof Request`: touching that global would load undici after all.
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: init.method ?? "GET",
        headers: init.headers as Record<string, string> | undefined,
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => reject(Object.assign(new TypeError("fetch failed"), { cause: error })));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          resolve({
            status,
            ok: status >= 200 && status < 300,
            headers: { get: (name: string) => headerValue(res.headers, name) },
            text: async () => text,
            json: async () => JSON.parse(text) as unknown,
          } as unknown as Response);
        });
      },
    );
    req.on("error", (error) => reject(Object.assign(new TypeError("fetch failed"), { cause: error })));
    req.end(typeof init.body === "string" ? init.body : undefined);
  });
