import * as v from "valibot";
import { FyersTokenError } from "../errors.js";
import { AUTH_CODE_HINT, HASH_HINT, RATE_HINT, REFRESH_HINT } from "./hints.js";
import type { HttpAnswer } from "./http.js";
import { Envelope } from "./schemas.js";

export type Endpoint = "validate-authcode" | "validate-refresh-token" | "profile" | "logout";

/** Codes FYERS uses for an access token that is invalid or expired (profile, logout). */
const TOKEN_REJECTED_CODES = new Set([-8, -15, -16, -17]);
/** -371: "Please provide sha256 hash of appId and app secret"; -352: invalid app id. */
const CREDENTIAL_CODES = new Set([-371, -352]);
const RATE_LIMIT_CODES = new Set([-429, -353]);

export interface FyersEnvelope {
  s: string;
  code?: number | undefined;
  message?: string | undefined;
  [key: string]: unknown;
}

/** JSON of the FYERS envelope shape, or an `unexpected_response` error that says what came. */
export function parseEnvelope(endpoint: Endpoint, answer: HttpAnswer): FyersEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw unexpected(endpoint, answer, `${answer.contentType || "a body"} instead of JSON`);
  }
  const parsed = v.safeParse(Envelope, json);
  if (!parsed.success) throw unexpected(endpoint, answer, "JSON without the FYERS fields s/code/message");
  return parsed.output as FyersEnvelope;
}

function unexpected(endpoint: Endpoint, answer: HttpAnswer, what: string): FyersTokenError {
  if (answer.status === 429) return rateLimited(endpoint, answer, undefined);
  if (answer.status >= 500) return unavailable(endpoint, answer);
  return new FyersTokenError(
    "unexpected_response",
    `FYERS ${endpoint} answered HTTP ${answer.status} with ${what}`,
    {
      httpStatus: answer.status,
      hint: "check FYERS_API_URL (default https://api-t1.fyers.in/api/v3); FYERS may also be in maintenance",
    },
  );
}

function unavailable(endpoint: Endpoint, answer: HttpAnswer): FyersTokenError {
  return new FyersTokenError(
    "unavailable",
    `FYERS ${endpoint} failed with HTTP ${answer.status} after retries`,
    {
      httpStatus: answer.status,
      hint: "FYERS is having trouble; try again in a few minutes",
    },
  );
}

/** A 429 status is handled in http.ts (the pause); this is FYERS' -429 code on another status. */
function rateLimited(endpoint: Endpoint, answer: HttpAnswer, envelope: FyersEnvelope | undefined) {
  const said = envelope?.code === undefined ? `HTTP ${answer.status}` : `code ${envelope.code}`;
  return new FyersTokenError(
    "rate_limited",
    `FYERS rate-limited this app; try again in a minute (${endpoint} answered ${said})`,
    {
      httpStatus: answer.status,
      fyersCode: envelope?.code,
      fyersMessage: envelope?.message,
      hint: RATE_HINT,
    },
  );
}

/** True when FYERS said this access token is invalid or expired. */
export function isTokenRejected(answer: HttpAnswer, envelope: FyersEnvelope): boolean {
  return answer.status === 401 || (envelope.code !== undefined && TOKEN_REJECTED_CODES.has(envelope.code));
}

/**
 * The typed error for an answer that is not a success. Decides on HTTP status and `s` first;
 * FYERS' `code` and `message` only choose the hint, since code numbers vary across sources.
 */
export function classifyFailure(
  endpoint: Endpoint,
  answer: HttpAnswer,
  envelope: FyersEnvelope,
): FyersTokenError {
  const { code, message = "" } = envelope;
  const said = `FYERS said ${code ?? answer.status}: ${message || "(no message)"}`;
  const details = { httpStatus: answer.status, fyersCode: code, fyersMessage: message };
  if (answer.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    return rateLimited(endpoint, answer, envelope);
  }
  if (answer.status >= 500) return unavailable(endpoint, answer);
  if ((code !== undefined && CREDENTIAL_CODES.has(code)) || /hash|app ?id|app secret/i.test(message)) {
    return new FyersTokenError("bad_credentials", `FYERS rejected the client id or app secret (${said})`, {
      ...details,
      hint: HASH_HINT,
    });
  }
  switch (endpoint) {
    case "validate-authcode":
      return new FyersTokenError("login_required", `FYERS refused the auth code (${said})`, {
        ...details,
        hint: AUTH_CODE_HINT,
      });
    case "validate-refresh-token":
      if (/\bpin\b/i.test(message)) {
        return new FyersTokenError("bad_credentials", `FYERS rejected the PIN (${said})`, {
          ...details,
          hint: "check FYERS_PIN: the 4-digit PIN you log in to FYERS with",
        });
      }
      return new FyersTokenError("login_required", `FYERS refused the refresh (${said})`, {
        ...details,
        hint: REFRESH_HINT,
      });
    default:
      if (isTokenRejected(answer, envelope)) {
        return new FyersTokenError("login_required", `FYERS rejected the access token (${said})`, {
          ...details,
          hint: "refresh it (npx tsx packages/scripts/refresh.ts) or log in again",
        });
      }
      return new FyersTokenError("unexpected_response", `FYERS ${endpoint} failed (${said})`, details);
  }
}
