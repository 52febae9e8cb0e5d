import {
  appIdHash,
  buildLoginUrl,
  createFyersClient,
  decodeClaims,
  type FyersClient,
  formatIst,
  type IssuedTokens,
  isFyersTokenError,
  parseAuthCode,
  type StoredTokens,
  saveAll,
} from "@fyers-token/core";
import type { CallbackRequest } from "./event.js";
import type { RequestLog } from "./log.js";
import { failed, fromError, type Outcome } from "./outcomes.js";
import { LOGIN_AGAIN } from "./pages.js";
import type { Session, SessionSource } from "./session.js";
import { FYERS_TIMEOUT_MS, type Settings } from "./settings.js";
import { sessionBinding, signedHere, signState, verifyState } from "./state.js";

export interface RouteContext {
  request: CallbackRequest;
  settings: Settings;
  sessions: SessionSource;
  log: RequestLog;
  nowMs: () => number;
}

/** Redirects to FYERS' login page; `location` is set, or an error page when SSM is not ready. */
export type LoginAnswer = { location: string } | Outcome;

function redirectUri(ctx: RouteContext): string {
  return ctx.settings.redirectUri ?? `https://${ctx.request.domainName}/callback`;
}

async function readSession(ctx: RouteContext): Promise<Session> {
  const session = await ctx.sessions.read();
  const { appSecret } = session.app;
  ctx.log.hide(appSecret, session.tokens.accessToken, session.tokens.refreshToken);
  return session;
}

export async function login(ctx: RouteContext): Promise<LoginAnswer> {
  let session: Session;
  try {
    session = await readSession(ctx);
  } catch (error) {
    return fromError(error, false);
  }
  const binding = sessionBinding(session.tokens.refreshToken);
  const state = signState(session.app.stateKey, binding, ctx.nowMs());
  ctx.log.hide(state);
  const { url } = buildLoginUrl({
    apiUrl: ctx.settings.apiUrl,
    clientId: session.app.clientId,
    redirectUri: redirectUri(ctx),
    state,
  });
  return { location: url };
}

/** The code was not spent: a login started elsewhere (the action's issue, login.ts) can still use it. */
const NOT_SPENT = [
  "Start again from the login link.",
  "If you started this login from the GitHub issue or login.ts, this address still holds an unused code: paste it there (Run workflow) instead.",
];

const STATE_PROBLEM = {
  malformed: "This page was not opened from the login link (its state is missing or damaged).",
  forged: "This login was not started by this callback, or it was already used.",
  expired: "This login took longer than 15 minutes.",
} as const;

/** The user whose tokens these are; the access token says, the refresh token as a fallback. */
function fyId(tokens: {
  accessToken?: string | undefined;
  refreshToken?: string | undefined;
}): string | undefined {
  for (const token of [tokens.accessToken, tokens.refreshToken]) {
    const id = token === undefined ? undefined : decodeClaims(token)?.fy_id;
    if (typeof id === "string" && id !== "") return id;
  }
  return undefined;
}

/**
 * An attacker's own login through this public URL must not replace the owner's tokens. Only
 * an SSM holding no token at all has no owner yet (the first login); a stored token that names
 * no FYERS user is refused too, or anyone's login would replace it.
 */
function sameUser(ctx: RouteContext, stored: StoredTokens, issued: IssuedTokens): Outcome | undefined {
  const owner = fyId(stored);
  if (owner === undefined) {
    if (!stored.accessToken && !stored.refreshToken) return undefined;
    const { prefix } = ctx.settings;
    return failed(
      403,
      "owner_unknown",
      [
        "The tokens SSM holds do not say which FYERS user they belong to (they are not FYERS tokens), so this callback cannot tell whether this login is yours.",
        `Nothing was stored. To start over, delete them, then log in again: aws ssm delete-parameters --names ${prefix}/access_token ${prefix}/refresh_token`,
      ],
      `no fy_id in the stored tokens; the new tokens are for ${fyId(issued) ?? "unknown"}`,
    );
  }
  const newcomer = fyId(issued);
  if (newcomer === owner) return undefined;
  return failed(
    403,
    "other_user",
    [
      // The owner's FYERS id stays off the page: anyone can reach this URL.
      "This login was for another FYERS user than the one whose tokens this callback keeps.",
      "Nothing was stored. Log in with the account this callback belongs to.",
    ],
    `fy_id ${newcomer ?? "unknown"} != stored ${owner}`,
  );
}

/**
 * A state this callback signed whose binding has moved on, while SSM holds tokens issued after
 * it: a login since is stored (most often this one: a phone reloading the done page). Saying
 * "not logged in" or "paste the unused code" would be false.
 */
function supersededLogin(ctx: RouteContext, session: Session, state: string): Outcome | undefined {
  const issuedAt = signedHere(session.app.stateKey, state);
  const { accessToken } = session.tokens;
  const claims = accessToken === undefined ? undefined : decodeClaims(accessToken);
  if (issuedAt === undefined || typeof claims?.iat !== "number" || claims.iat < issuedAt) return undefined;
  const exp = claims.exp;
  const valid = typeof exp === "number" && Number.isFinite(exp) && exp * 1000 > ctx.nowMs();
  const until = typeof exp === "number" && Number.isFinite(exp) ? formatIst(exp * 1000) : undefined;
  return {
    status: 400,
    outcome: "state_used",
    page: {
      title: "Already used",
      tone: valid ? "ok" : "bad",
      lines: [
        "This login link was already used: SSM holds tokens from a login made after this one started.",
        valid
          ? `${until ? `Valid until ${until}. ` : ""}You can close this tab.`
          : `${until ? `They expired at ${until}. ` : ""}Log in again.`,
      ],
      link: LOGIN_AGAIN,
    },
  };
}

function loginAgainFromFyers(query: URLSearchParams): Outcome | undefined {
  if (query.get("s") === "error") {
    const message = (query.get("message") ?? "no reason given").slice(0, 200);
    return failed(400, "login_failed", [
      `FYERS says the login did not complete (${message}).`,
      "Log in again.",
    ]);
  }
  if (!query.get("auth_code")) {
    return failed(400, "no_auth_code", [
      "FYERS sent no auth code back, so there is nothing to store.",
      "Log in again.",
    ]);
  }
  return undefined;
}

export async function callback(ctx: RouteContext): Promise<Outcome> {
  const { query } = ctx.request;
  const refused = loginAgainFromFyers(query);
  if (refused) return refused;
  const state = query.get("state") ?? "";
  const rawCode = query.get("auth_code") ?? "";
  ctx.log.hide(state, rawCode);
  if (state === "") return failed(400, "state_missing", [STATE_PROBLEM.malformed, ...NOT_SPENT]);

  let session: Session;
  try {
    session = await readSession(ctx);
  } catch (error) {
    return fromError(error, false);
  }
  const check = verifyState(
    session.app.stateKey,
    sessionBinding(session.tokens.refreshToken),
    state,
    ctx.nowMs(),
  );
  if (!check.ok) {
    const superseded = check.why === "forged" ? supersededLogin(ctx, session, state) : undefined;
    return superseded ?? failed(400, `state_${check.why}`, [STATE_PROBLEM[check.why], ...NOT_SPENT]);
  }

  let code: string;
  try {
    code = parseAuthCode(rawCode, "auth_code").code;
  } catch (error) {
    // Not a setting the owner must fix: this redirect is broken; a new login makes a new code.
    const detail = error instanceof Error ? error.message : String(error);
    return failed(
      400,
      "bad_auth_code",
      ["The auth code in this address is damaged, so FYERS was not asked.", "Log in again."],
      detail,
    );
  }
  const { clientId, appSecret } = session.app;
  const hash = appIdHash(clientId, appSecret);
  ctx.log.hide(hash);
  const client: FyersClient = createFyersClient({
    apiUrl: ctx.settings.apiUrl,
    clientId,
    timeoutMs: FYERS_TIMEOUT_MS,
  });
  let issued: IssuedTokens;
  try {
    issued = await client.exchangeAuthCode(hash, code);
  } catch (error) {
    if (isFyersTokenError(error, "bad_credentials")) return credentialsRefused(ctx, session, error);
    return fromError(error, false);
  }
  ctx.log.hide(issued.accessToken, issued.refreshToken);
  const stranger = sameUser(ctx, session.tokens, issued);
  if (stranger) return stranger;
  return store(ctx, session, issued);
}

/**
 * FYERS refused the app secret this instance holds. A warm instance may hold one replaced in
 * SSM since: read SSM again, so the page says "log in again" then, and "fix the secret" only
 * when SSM holds the refused one. Either way the next request reads the secret afresh.
 */
async function credentialsRefused(ctx: RouteContext, used: Session, error: unknown): Promise<Outcome> {
  ctx.sessions.forget();
  const refused = fromError(error, false);
  try {
    const now = await readSession(ctx);
    if (now.app.appSecret === used.app.appSecret && now.app.clientId === used.app.clientId) return refused;
    return failed(
      409,
      "secret_changed",
      [
        "The app secret in SSM changed after this login started, so FYERS refused the one it started with.",
        "Nothing was stored. Log in again: the new login uses the secret SSM holds now.",
      ],
      refused.detail,
    );
  } catch {
    return refused;
  } finally {
    ctx.sessions.forget();
  }
}

async function store(ctx: RouteContext, session: Session, issued: IssuedTokens): Promise<Outcome> {
  let written: string[];
  try {
    // core's saveAll: with what this request read, so the store does not read SSM again.
    written = await saveAll([ctx.sessions.store], { clientId: session.app.clientId, ...issued }, [
      session.tokens,
    ]);
  } catch (error) {
    // Whatever went wrong, FYERS issued tokens that are not (all) stored: never a success page.
    return { ...fromError(error, true), status: 500, outcome: "store_failed_after_issue" };
  }
  const exp = decodeClaims(issued.accessToken)?.exp;
  const until =
    typeof exp === "number" && Number.isFinite(exp)
      ? `Valid until ${formatIst(exp * 1000)}.`
      : "Its expiry is not known.";
  return {
    status: 200,
    outcome: "stored",
    detail: `stored in ${written.join(", ")}`,
    page: {
      title: "Logged in",
      tone: "ok",
      lines: [
        `The new FYERS tokens are stored in SSM (${ctx.settings.prefix}). ${until}`,
        "You can close this tab.",
      ],
    },
  };
}
