import type { Endpoint } from "./classify.js";
import { type HttpOptions, type HttpRequest, send } from "./http.js";

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

export function createFyersClient(options: FyersClientOptions): FyersClient {
  const { apiUrl, clientId, ...http } = options;
  let requestCount = 0;
  // Counted per attempt, so retries show in the result's request count.
  const call = (request: HttpRequest) =>
    send(request, http, () => {
      requestCount++;
    });
  const responses = () => import("./responses.js");
  return {
    get requestCount() {
      return requestCount;
    },
    async exchangeAuthCode(appIdHash, authCode) {
      const answer = await call(exchangeRequest(apiUrl, appIdHash, authCode));
      return (await responses()).processExchange(answer);
    },
    async refreshAccessToken(appIdHash, refreshToken, pin) {
      const answer = await call(refreshRequest(apiUrl, appIdHash, refreshToken, pin));
      return (await responses()).processRefresh(answer);
    },
    async getProfile(accessToken) {
      const answer = await call(authorizedRequest(apiUrl, "profile", clientId, accessToken));
      return (await responses()).processProfile(answer);
    },
    async logout(accessToken) {
      const answer = await call(authorizedRequest(apiUrl, "logout", clientId, accessToken));
      (await responses()).processLogout(answer);
    },
  };
}
