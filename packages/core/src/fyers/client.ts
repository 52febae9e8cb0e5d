import * as v from "valibot";
import { FyersTokenError } from "../errors.js";
import {
  classifyFailure,
  type Endpoint,
  type FyersEnvelope,
  isTokenRejected,
  parseEnvelope,
} from "./classify.js";
import { type HttpAnswer, type HttpOptions, type HttpRequest, send } from "./http.js";
import { ExchangeResponse, LogoutResponse, ProfileResponse, RefreshResponse } from "./schemas.js";

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}
export interface RefreshedTokens {
  accessToken: string;
  /** Only when FYERS sends a new one; otherwise the stored one stays. */
  refreshToken?: string;
}
export type ProfileCheck =
  | { ok: true; name: string | undefined; fyId: string | undefined }
  | { ok: false; httpStatus: number; fyersCode: number | undefined; message: string };

export interface FyersClientOptions extends HttpOptions {
  apiUrl: string;
  clientId: string;
}

export interface FyersClient {
  /** HTTP requests sent so far, retries included. */
  readonly requestCount: number;
  exchangeAuthCode(appIdHash: string, authCode: string): Promise<IssuedTokens>;
  refreshAccessToken(appIdHash: string, refreshToken: string, pin: string): Promise<RefreshedTokens>;
  /** `ok: false` when FYERS says the token is invalid or expired; other failures throw. */
  getProfile(accessToken: string): Promise<ProfileCheck>;
  logout(accessToken: string): Promise<void>;
}

// Request builders: pure, so a test can compare them with what the official SDK sends.
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };

function endpointUrl(apiUrl: string, endpoint: Endpoint): string {
  return `${apiUrl.replace(/\/+$/, "")}/${endpoint}`;
}

export function exchangeRequest(apiUrl: string, appIdHash: string, authCode: string): HttpRequest {
  return {
    url: endpointUrl(apiUrl, "validate-authcode"),
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ grant_type: "authorization_code", appIdHash, code: authCode }),
  };
}

export function refreshRequest(
  apiUrl: string,
  appIdHash: string,
  refreshToken: string,
  pin: string,
): HttpRequest {
  return {
    url: endpointUrl(apiUrl, "validate-refresh-token"),
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ grant_type: "refresh_token", appIdHash, refresh_token: refreshToken, pin }),
  };
}

/** FYERS' own scheme: `Authorization: <client_id>:<access_token>`, no "Bearer". */
export function authorizedRequest(
  apiUrl: string,
  endpoint: "profile" | "logout",
  clientId: string,
  accessToken: string,
): HttpRequest {
  return {
    url: endpointUrl(apiUrl, endpoint),
    method: endpoint === "profile" ? "GET" : "POST",
    headers: { accept: "application/json", authorization: `${clientId}:${accessToken}` },
  };
}

/** The success body checked against its schema, or the typed error for the answer. */
function expectOk<T extends v.GenericSchema>(
  endpoint: Endpoint,
  answer: HttpAnswer,
  schema: T,
): v.InferOutput<T> {
  const envelope: FyersEnvelope = parseEnvelope(endpoint, answer);
  if (answer.status >= 300 || envelope.s !== "ok") throw classifyFailure(endpoint, answer, envelope);
  const parsed = v.safeParse(schema, envelope);
  if (!parsed.success) {
    const field = v.getDotPath(parsed.issues[0]) ?? "body";
    throw new FyersTokenError(
      "unexpected_response",
      `FYERS ${endpoint} answered "ok" without a valid ${field}`,
      { httpStatus: answer.status, hint: "FYERS may have changed its API; please report this" },
    );
  }
  return parsed.output;
}

export function processExchange(answer: HttpAnswer): IssuedTokens {
  const body = expectOk("validate-authcode", answer, ExchangeResponse);
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

export function processRefresh(answer: HttpAnswer): RefreshedTokens {
  const body = expectOk("validate-refresh-token", answer, RefreshResponse);
  return body.refresh_token === undefined
    ? { accessToken: body.access_token }
    : { accessToken: body.access_token, refreshToken: body.refresh_token };
}

export function processProfile(answer: HttpAnswer): ProfileCheck {
  const envelope = parseEnvelope("profile", answer);
  if (envelope.s !== "ok" && isTokenRejected(answer, envelope) && answer.status !== 429) {
    return {
      ok: false,
      httpStatus: answer.status,
      fyersCode: envelope.code,
      message: envelope.message ?? "",
    };
  }
  const { data } = expectOk("profile", answer, ProfileResponse);
  return { ok: true, name: data.name ?? data.display_name, fyId: data.fy_id };
}

export function createFyersClient(options: FyersClientOptions): FyersClient {
  const { apiUrl, clientId, ...http } = options;
  let requestCount = 0;
  // Counts attempts by wrapping fetch, so retries show in the result's request count.
  const countingFetch: typeof fetch = (input, init) => {
    requestCount++;
    return (http.fetch ?? globalThis.fetch)(input, init);
  };
  const call = (request: HttpRequest) => send(request, { ...http, fetch: countingFetch });
  return {
    get requestCount() {
      return requestCount;
    },
    async exchangeAuthCode(appIdHash, authCode) {
      return processExchange(await call(exchangeRequest(apiUrl, appIdHash, authCode)));
    },
    async refreshAccessToken(appIdHash, refreshToken, pin) {
      return processRefresh(await call(refreshRequest(apiUrl, appIdHash, refreshToken, pin)));
    },
    async getProfile(accessToken) {
      return processProfile(await call(authorizedRequest(apiUrl, "profile", clientId, accessToken)));
    },
    async logout(accessToken) {
      expectOk(
        "logout",
        await call(authorizedRequest(apiUrl, "logout", clientId, accessToken)),
        LogoutResponse,
      );
    },
  };
}
