import * as v from "valibot";
import { FyersTokenError } from "../errors.js";
import {
  classifyFailure,
  type Endpoint,
  type FyersEnvelope,
  isTokenRejected,
  parseEnvelope,
} from "./classify.js";
import type { IssuedTokens, ProfileCheck, RefreshedTokens } from "./client.js";
import type { HttpAnswer } from "./http.js";
import { ExchangeResponse, LogoutResponse, ProfileResponse, RefreshResponse } from "./schemas.js";

// Response processing, split from the request builders (as oauth4webapi does) and loaded only
// once an answer has come: a process that never calls FYERS never loads the schema library.

/** The success body checked against its schema, or the typed error for the answer. */
export function expectOk<T extends v.GenericSchema>(
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

export function processLogout(answer: HttpAnswer): void {
  expectOk("logout", answer, LogoutResponse);
}
