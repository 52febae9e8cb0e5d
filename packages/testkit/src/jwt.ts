// Real HS256 JWTs shaped like FYERS' tokens (fyers-api-v3.md §5). Signed synchronously with
// node:crypto so fixtures can be built inline; `jose` verifies them in the tests.
import { createHmac, randomBytes, randomUUID } from "node:crypto";

/** IST is UTC+05:30 all year (no daylight saving). */
export const IST_OFFSET_SECONDS = 19800;
/** FYERS tokens roll over at 06:00 IST = 00:30 UTC. */
const ROLLOVER_UTC_SECONDS = 30 * 60;
const DAY_SECONDS = 86400;

export const DEFAULT_JWT_SECRET = "testkit-fyers-jwt-secret";
export const DEFAULT_CLIENT_ID = "ABCDE12345-100";
export const DEFAULT_FY_ID = "FX0011";

/** Epoch seconds of the next 06:00 IST (00:30 UTC) strictly after `nowMs`. */
export function nextRollover(nowMs: number): number {
  const now = nowMs / 1000;
  const today = Math.floor(now / DAY_SECONDS) * DAY_SECONDS + ROLLOVER_UTC_SECONDS;
  return today > now ? today : today + DAY_SECONDS;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/** A real HS256 JWT with header {alg:"HS256",typ:"JWT"}. */
export function signJwt(claims: Record<string, unknown>, secret = DEFAULT_JWT_SECRET): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The payload of a JWT without checking its signature (the fakes sign their own tokens). */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split(".")[1];
  if (part === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `expSeconds` is the `exp` claim in epoch seconds. Values below 1e9 (before 2001) cannot be a
 * real deadline, so they are taken as seconds from now: `expSeconds: -60` is expired a minute ago.
 */
function resolveExp(nowSeconds: number, expSeconds: number | undefined, fallback: number): number {
  if (expSeconds === undefined) return fallback;
  return expSeconds < 1e9 ? nowSeconds + expSeconds : expSeconds;
}

/** The app id FYERS puts in tokens: the client id without its `-100` type suffix. */
export function appIdWithoutSuffix(clientId: string): string {
  return clientId.replace(/-\d+$/, "");
}

export interface TokenOptions {
  nowMs?: number;
  expSeconds?: number;
  secret?: string;
}

export function makeAccessToken(opts: TokenOptions & { fyId?: string; appId?: string } = {}): string {
  const nowMs = opts.nowMs ?? Date.now();
  const iat = Math.floor(nowMs / 1000);
  return signJwt(
    {
      iss: "api.fyers.in",
      sub: "access_token",
      iat,
      nbf: iat,
      exp: resolveExp(iat, opts.expSeconds, nextRollover(nowMs)),
      aud: ["d:1", "d:2", "x:0", "x:1", "x:2"],
      app_id: appIdWithoutSuffix(opts.appId ?? DEFAULT_CLIENT_ID),
      fy_id: opts.fyId ?? DEFAULT_FY_ID,
      appType: 100,
      display_name: "TEST USER",
      oms: "K1",
      hsm_key: randomBytes(20).toString("hex"),
      at_hash: randomBytes(20).toString("hex"),
      isDdpiEnabled: "N",
      isMtfEnabled: "N",
      poa_flag: "N",
    },
    opts.secret,
  );
}

/** Expires at 06:00 IST fifteen days after issue (the next rollover plus 14 days). */
export function makeRefreshToken(opts: TokenOptions & { fyId?: string } = {}): string {
  const nowMs = opts.nowMs ?? Date.now();
  const iat = Math.floor(nowMs / 1000);
  return signJwt(
    {
      iss: "api.fyers.in",
      sub: "refresh_token",
      iat,
      nbf: iat,
      exp: resolveExp(iat, opts.expSeconds, nextRollover(nowMs) + 14 * DAY_SECONDS),
      fy_id: opts.fyId ?? DEFAULT_FY_ID,
      appType: 100,
      display_name: "TEST USER",
      hsm_key: randomBytes(20).toString("hex"),
      at_hash: randomBytes(20).toString("hex"),
    },
    opts.secret,
  );
}

/** A unique auth code (random `jti`/`uuid`), valid five minutes by default. */
export function makeAuthCode(opts: TokenOptions & { appId?: string } = {}): string {
  const nowMs = opts.nowMs ?? Date.now();
  const iat = Math.floor(nowMs / 1000);
  return signJwt(
    {
      iss: "api.login.fyers.in",
      sub: "auth_code",
      iat,
      nbf: iat,
      exp: resolveExp(iat, opts.expSeconds, iat + 300),
      aud: '["x:0", "x:1", "x:2", "d:1", "d:2"]',
      app_id: appIdWithoutSuffix(opts.appId ?? DEFAULT_CLIENT_ID),
      display_name: "TEST USER",
      oms: "K1",
      hsm_key: randomBytes(20).toString("hex"),
      nonce: "",
      uuid: randomUUID(),
      jti: randomUUID(),
      ipAddr: "127.0.0.1",
      scope: "",
    },
    opts.secret,
  );
}
