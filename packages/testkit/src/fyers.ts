// A FYERS API v3 fake (fyers-api-v3.md): the auth endpoints plus profile and logout, issuing
// real HS256 JWTs that expire at 06:00 IST by the fake's clock, with switches for failures.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  copyHeaders,
  type Headers,
  isObject,
  listen,
  parseBody,
  readBody,
  sendJson,
  sendText,
  takeRule,
} from "./http.js";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_JWT_SECRET,
  decodeJwtPayload,
  makeAccessToken,
  makeAuthCode,
  makeRefreshToken,
} from "./jwt.js";

export type FyersFailure =
  | "wrong_hash"
  | "refuse_refresh"
  | "profile_401"
  | "rate_limit"
  | "server_error_html"
  | "ok_html"
  | "wrong_shape"
  | "slow"
  /** 200 with a JSON body of `bodyBytes` (default 200 MiB), sent until the client hangs up. */
  | "huge_body";

export type FyersEndpoint = "validate-authcode" | "validate-refresh-token" | "profile" | "logout";

export interface FailureRule {
  failure: FyersFailure;
  /** How many matching requests it answers; forever when absent. */
  times?: number;
  /** Only this endpoint; every endpoint the failure applies to when absent. */
  endpoint?: FyersEndpoint;
  /** For "slow": how long to wait before answering normally (default 15000). */
  delayMs?: number;
  /** For "rate_limit": the Retry-After header (default 1). */
  retryAfterSeconds?: number;
  /** For "huge_body": the most bytes it sends (default 200 MiB). */
  bodyBytes?: number;
}

export interface RecordedRequest {
  method: string;
  /** The path without the query string, e.g. "/api/v3/profile". */
  path: string;
  /** The query string including "?", or "". */
  search: string;
  headers: Headers;
  /** Parsed JSON, or the raw text when not JSON, or undefined when empty. */
  body: unknown;
  /** When it arrived, by the fake's clock (ms). */
  at: number;
}

export interface FyersFakeOptions {
  clientId?: string;
  appSecret?: string;
  pin?: string;
  now?: () => number;
  jwtSecret?: string;
  /**
   * generate-authcode answers an HTML login page (a form a browser submits) instead of
   * redirecting at once, as FYERS' real login does; for browser tests.
   */
  loginPage?: boolean;
}

export interface FyersFake {
  /** e.g. "http://127.0.0.1:PORT/api/v3" */
  baseUrl: string;
  clientId: string;
  appSecret: string;
  pin: string;
  /** sha256 hex of `${clientId}:${appSecret}`. */
  appIdHash: string;
  requests: RecordedRequest[];
  issueAuthCode(opts?: { expSeconds?: number }): string;
  issueTokens(): { accessToken: string; refreshToken: string };
  fail(rule: FailureRule): void;
  clearFailures(): void;
  revokeAccessToken(token: string): void;
  close(): Promise<void>;
}

const PREFIX = "/api/v3";
const HTML_502 = "<html><body><h1>502 Bad Gateway</h1></body></html>";
const HTML_200 = "<html><body><h1>FYERS</h1><p>Maintenance</p></body></html>";

type Json = Record<string, unknown>;
type Reply = [status: number, body: Json];
const OK = { s: "ok", code: 200, message: "" };
const PROFILE = {
  name: "TEST USER",
  display_name: "TEST",
  fy_id: "FX0011",
  email_id: "t***@example.com",
  PAN: "A***Z",
  mobile_number: "98****10",
  totp: true,
  pwd_to_expire: 42,
};
const error = (code: number, message: string): Json => ({ s: "error", code, message });
const HASH_ERROR = error(-371, "Please provide sha256 hash of appId and app secret");
const REFRESH_ERROR = error(-501, "Please provide valid refresh token");
const AUTH_ERROR = error(-16, "Could not authenticate the user");

/** `{"s":"ok","pad":"xxx…"}` in 64 KiB chunks as fast as the client reads, until it hangs up. */
async function streamHugeBody(res: ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"s":"ok","pad":"');
  const chunk = Buffer.alloc(64 * 1024, "x");
  for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length) {
    if (res.write(chunk)) continue;
    await new Promise<void>((go) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        go();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  }
  if (!res.destroyed) res.end('"}');
}

/** Which failures make sense where: the rest apply to every endpoint. */
const ONLY_ON: Partial<Record<FyersFailure, FyersEndpoint[]>> = {
  wrong_hash: ["validate-authcode", "validate-refresh-token"],
  refuse_refresh: ["validate-refresh-token"],
  profile_401: ["profile"],
};

export async function startFyersFake(opts: FyersFakeOptions = {}): Promise<FyersFake> {
  const clientId = opts.clientId ?? DEFAULT_CLIENT_ID;
  const appSecret = opts.appSecret ?? "TESTSECRET99";
  const pin = opts.pin ?? "1234";
  const now = opts.now ?? Date.now;
  const secret = opts.jwtSecret ?? DEFAULT_JWT_SECRET;
  const appIdHash = createHash("sha256").update(`${clientId}:${appSecret}`).digest("hex");

  const authCodes = new Map<string, { used: boolean }>();
  const refreshTokens = new Set<string>();
  const accessTokens = new Set<string>();
  const revoked = new Set<string>();
  const rules: FailureRule[] = [];
  const requests: RecordedRequest[] = [];
  // Pending "slow" timers, cleared on close so a test never waits for them.
  const timers = new Set<NodeJS.Timeout>();

  const nowSeconds = (): number => now() / 1000;
  const alive = (token: string): boolean => {
    const exp = decodeJwtPayload(token)?.exp;
    return typeof exp === "number" && exp > nowSeconds();
  };

  const issueAuthCode = (o: { expSeconds?: number } = {}): string => {
    const code = makeAuthCode({ nowMs: now(), appId: clientId, secret, ...o });
    authCodes.set(code, { used: false });
    return code;
  };
  const newAccessToken = (): string => {
    const token = makeAccessToken({ nowMs: now(), appId: clientId, secret });
    accessTokens.add(token);
    return token;
  };
  const issueTokens = (): { accessToken: string; refreshToken: string } => {
    const refreshToken = makeRefreshToken({ nowMs: now(), secret });
    refreshTokens.add(refreshToken);
    return { accessToken: newAccessToken(), refreshToken };
  };

  /** The access token of a valid `Authorization: <clientId>:<token>` header, if any. */
  const authorizedToken = (req: IncomingMessage): string | undefined => {
    const header = req.headers.authorization ?? "";
    const colon = header.indexOf(":");
    if (colon < 0 || header.slice(0, colon) !== clientId) return undefined;
    const token = header.slice(colon + 1);
    if (!accessTokens.has(token) || revoked.has(token) || !alive(token)) return undefined;
    return token;
  };

  // The endpoints answer a JSON reply; the server writes it (keeps them free of `res`).
  const validateAuthcode = (body: unknown): Reply => {
    if (!isObject(body) || body.grant_type !== "authorization_code") {
      return [400, error(-441, "invalid grant type")];
    }
    const code = body.code;
    if (typeof code !== "string" || code === "") return [400, error(-441, "auth code is required")];
    if (body.appIdHash !== appIdHash) return [400, HASH_ERROR];
    const entry = authCodes.get(code);
    // FYERS' wording for a reused code is unknown; it says "invalid auth code" like unknown ones.
    if (entry === undefined || entry.used) return [400, error(-437, "invalid auth code")];
    if (!alive(code)) return [400, error(-437, "auth code expired")];
    entry.used = true;
    const { accessToken, refreshToken } = issueTokens();
    return [200, { ...OK, access_token: accessToken, refresh_token: refreshToken }];
  };

  const validateRefreshToken = (body: unknown): Reply => {
    if (!isObject(body) || body.grant_type !== "refresh_token") {
      return [400, error(-442, "Please provide valid grant_type")];
    }
    if (body.appIdHash !== appIdHash) return [400, HASH_ERROR];
    const token = body.refresh_token;
    if (typeof token !== "string" || !refreshTokens.has(token) || !alive(token)) {
      return [400, REFRESH_ERROR];
    }
    if (body.pin !== pin) return [400, error(-413, "Invalid pin")];
    return [200, { ...OK, access_token: newAccessToken() }];
  };

  const profile = (req: IncomingMessage): Reply => {
    if (authorizedToken(req) === undefined) return [401, AUTH_ERROR];
    return [200, { ...OK, data: PROFILE }];
  };

  const logout = (req: IncomingMessage): Reply => {
    const token = authorizedToken(req);
    if (token === undefined) return [401, AUTH_ERROR];
    revoked.add(token);
    return [200, { ...OK, message: "you are successfully logged out" }];
  };

  /** The browser login: redirects straight back with a fresh code, as after a real login. */
  const generateAuthcode = (url: URL): Reply | URL => {
    const q = url.searchParams;
    if (q.get("client_id") !== clientId) return [400, error(-352, "Please provide valid app id")];
    if (q.get("response_type") !== "code") {
      return [400, error(-441, "Please provide valid response_type")];
    }
    if (!URL.canParse(q.get("redirect_uri") ?? "")) {
      return [400, error(-441, "Please provide valid redirect_uri")];
    }
    const redirect = new URL(q.get("redirect_uri") ?? "");
    redirect.searchParams.set("s", "ok");
    redirect.searchParams.set("code", "200");
    redirect.searchParams.set("auth_code", issueAuthCode());
    redirect.searchParams.set("state", q.get("state") ?? "");
    return redirect;
  };

  /** The browser login page: the same checks, then a form that logs in and redirects back. */
  const loginPageFor = (url: URL): Reply | string => {
    const checked = generateAuthcode(url);
    if (!(checked instanceof URL)) return checked;
    authCodes.delete(checked.searchParams.get("auth_code") ?? "");
    const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const hidden = [...url.searchParams]
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join("");
    return (
      `<!doctype html><html><head><meta charset="utf-8"><title>FYERS login (fake)</title></head><body>` +
      `<h1>Log in to FYERS</h1><form method="get" action="${PREFIX}/generate-authcode/login">${hidden}` +
      `<label>PIN <input name="pin_entered" type="password" autocomplete="off"></label>` +
      `<button type="submit" id="login">Log in</button></form></body></html>`
    );
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Answers with the first matching failure rule; true when it has answered. */
  const injectFailure = async (endpoint: FyersEndpoint, res: ServerResponse): Promise<boolean> => {
    const rule = takeRule(
      rules,
      (r) =>
        (r.endpoint === undefined || r.endpoint === endpoint) &&
        (ONLY_ON[r.failure]?.includes(endpoint) ?? true),
    );
    switch (rule?.failure) {
      case undefined:
        return false;
      case "wrong_hash":
        sendJson(res, 400, HASH_ERROR);
        return true;
      case "refuse_refresh":
        sendJson(res, 400, REFRESH_ERROR);
        return true;
      case "profile_401":
        sendJson(res, 401, AUTH_ERROR);
        return true;
      case "rate_limit":
        sendJson(res, 429, error(-429, "request limit reached"), {
          "retry-after": String(rule.retryAfterSeconds ?? 1),
        });
        return true;
      case "server_error_html":
        sendText(res, 502, HTML_502, "text/html; charset=utf-8");
        return true;
      case "ok_html":
        sendText(res, 200, HTML_200, "text/html; charset=utf-8");
        return true;
      case "wrong_shape":
        sendJson(res, 200, { s: "ok", code: 200, data: null });
        return true;
      case "slow":
        await sleep(rule.delayMs ?? 15000);
        return false;
      case "huge_body":
        await streamHugeBody(res, rule.bodyBytes ?? 200 * 1024 * 1024);
        return true;
    }
  };

  const routes: Record<string, { method: string; endpoint: FyersEndpoint }> = {
    "/validate-authcode": { method: "POST", endpoint: "validate-authcode" },
    "/validate-refresh-token": { method: "POST", endpoint: "validate-refresh-token" },
    "/profile": { method: "GET", endpoint: "profile" },
    "/logout": { method: "POST", endpoint: "logout" },
  };

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = parseBody(await readBody(req));
    const method = req.method ?? "GET";
    requests.push({
      method,
      path: url.pathname,
      search: url.search,
      headers: copyHeaders(req),
      body,
      at: now(),
    });
    const route = url.pathname.startsWith(`${PREFIX}/`) ? url.pathname.slice(PREFIX.length) : undefined;
    if (route === "/generate-authcode" && method === "GET" && opts.loginPage === true) {
      const answer = loginPageFor(url);
      if (typeof answer === "string") sendText(res, 200, answer, "text/html; charset=utf-8");
      else sendJson(res, ...answer);
      return;
    }
    if ((route === "/generate-authcode" || route === "/generate-authcode/login") && method === "GET") {
      const answer = generateAuthcode(url);
      if (answer instanceof URL) {
        res.writeHead(302, { location: answer.toString(), "content-length": 0 });
        res.end();
      } else sendJson(res, ...answer);
      return;
    }
    const known = route === undefined ? undefined : routes[route];
    if (known === undefined || known.method !== method) {
      sendJson(res, 404, error(-404, "Not Found"));
      return;
    }
    if (await injectFailure(known.endpoint, res)) return;
    const handlers: Record<FyersEndpoint, () => Reply> = {
      "validate-authcode": () => validateAuthcode(body),
      "validate-refresh-token": () => validateRefreshToken(body),
      profile: () => profile(req),
      logout: () => logout(req),
    };
    sendJson(res, ...handlers[known.endpoint]());
  });

  return {
    baseUrl: `http://127.0.0.1:${server.port}${PREFIX}`,
    clientId,
    appSecret,
    pin,
    appIdHash,
    requests,
    issueAuthCode,
    issueTokens,
    fail: (rule) => {
      if (rule.times === undefined || rule.times > 0) rules.push({ ...rule });
    },
    clearFailures: () => {
      rules.length = 0;
    },
    revokeAccessToken: (token) => {
      revoked.add(token);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
}
