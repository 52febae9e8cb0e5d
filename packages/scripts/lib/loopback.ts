import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { configError, FyersTokenError } from "@fyers-token/core";

/** Where login.ts listens for the redirect: the host, port and path of a loopback redirect URI. */
export interface LoopbackAddress {
  host: string;
  port: number;
  path: string;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * `http://127.0.0.1:PORT/path` or `http://localhost:PORT/path` → where to listen; a non-loopback
 * https redirect → undefined (the user pastes the URL); plain http elsewhere is refused, since the
 * auth code would cross the network in clear.
 */
export function loopbackAddress(
  redirectUri: string,
  /** Where the value came from, for the error: the flag when given, else the variable. */
  name = "FYERS_REDIRECT_URI",
): LoopbackAddress | undefined {
  const url = new URL(redirectUri);
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol === "http:" && !loopback) {
    throw configError(
      name,
      `${redirectUri} is plain http on a host that is not this machine`,
      "use https, or a loopback address such as http://127.0.0.1:8080/fyers registered as the app's redirect",
    );
  }
  if (url.protocol !== "http:" || !loopback) return undefined;
  const port = url.port === "" ? 80 : Number(url.port);
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port, path: url.pathname };
}

/** One redirect that reached the listener, and how to answer the browser. */
export interface RedirectCall {
  /** The full redirect URL, as a person would paste it. */
  url: string;
  params: URLSearchParams;
  answer(status: number, html: string): Promise<void>;
}

export interface RedirectListener {
  /** The next request to the redirect path; rejects with `signal.reason` when it aborts. */
  next(signal: AbortSignal): Promise<RedirectCall>;
  close(): Promise<void>;
}

/**
 * Resolves once the page is sent, or once the browser has gone (a closed tab): `end()`'s callback
 * never runs on a closed connection, and login.ts must not wait on it after the tokens are saved.
 */
function answer(res: ServerResponse, status: number, html: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.once("close", () => resolve());
    res.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "content-length": Buffer.byteLength(html),
    });
    res.end(html, () => resolve());
  });
}

/**
 * Listens on the loopback address. Each request to the redirect path goes to the caller of
 * `next()`, one at a time (one that comes while the last is being handled gets 409); other
 * paths (a favicon) get 404. Either way the wait goes on.
 */
export async function listenForRedirect(address: LoopbackAddress): Promise<RedirectListener> {
  let waiting: ((call: RedirectCall) => void) | undefined;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? `${address.host}:${address.port}`}`);
    if (req.method !== "GET" || url.pathname !== address.path) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    const deliver = waiting;
    if (deliver === undefined) {
      res
        .writeHead(409, { "content-type": "text/plain; charset=utf-8" })
        .end("a login redirect is being handled; see the other tab\n");
      return;
    }
    waiting = undefined;
    deliver({
      url: url.toString(),
      params: url.searchParams,
      answer: (status, html) => answer(res, status, html),
    });
  };
  const server = createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenError(address, error)));
    server.listen(address.port, address.host, () => resolve());
  });
  return {
    next: (signal) =>
      new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => {
          waiting = undefined;
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiting = (call) => {
          signal.removeEventListener("abort", onAbort);
          resolve(call);
        };
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listenError(address: LoopbackAddress, error: NodeJS.ErrnoException): FyersTokenError {
  const where = `${address.host}:${address.port}`;
  const hint =
    error.code === "EADDRINUSE"
      ? "another program (or an earlier login.ts) uses that port: stop it, or register another port as the redirect"
      : error.code === "EACCES"
        ? "ports below 1024 need privileges: register a redirect with a port such as 8080"
        : "check FYERS_REDIRECT_URI";
  return new FyersTokenError(
    "unavailable",
    `cannot listen on ${where} for the login redirect (${error.code})`,
    {
      cause: error,
      hint,
    },
  );
}
