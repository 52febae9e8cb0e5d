import {
  appIdHash,
  buildLoginUrl,
  createFyersClient,
  decodeClaims,
  formatIst,
  type IssuedTokens,
  isFyersTokenError,
  isLoginKey,
  LOGIN_KEY_PATTERN,
  parseAuthCode,
  type StoredTokens,
  saveAll,
} from "@fyers-token/core";
import type { CallBudget } from "./budget.js";
import type { CallbackRequest } from "./event.js";
import type { RequestLog } from "./log.js";
import { failed, fromError, type Outcome } from "./outcomes.js";
import { START_AGAIN } from "./pages.js";
import type { Known, Session, SessionSource } from "./session.js";
import { FYERS_TIMEOUT_MS, type Settings } from "./settings.js";
import type { SpentStates } from "./spent.js";
import {
  bindingHolds,
  isFresh,
  newLoginId,
  parseState,
  STATE_TTL_SECONDS,
  type StateParts,
  signedBy,
  signState,
  startedBy,
} from "./state.js";

export interface RouteContext {
  request: CallbackRequest;
  settings: Settings;
  sessions: SessionSource;
  budget: CallBudget;
  spent: SpentStates;
  log: RequestLog;
  nowMs: () => number;
}

/** The cookie /login sets: a random login id whose tag the state carries. */
export const LOGIN_COOKIE = "__Host-fyers-login";

/** Redirects to FYERS' login page (with the login cookie), or a page. */
export type LoginAnswer = { location: string; cookies: string[] } | Outcome;

/** Unknown paths, and /login without the owner's key: one page, so a key cannot be probed for. */
export function notFound(detail?: string): Outcome {
  return {
    ...failed(404, "not_found", ["There is nothing here."], detail),
    page: { title: "Not found", tone: "bad", lines: ["There is nothing here."] },
    plain: true,
  };
}

/** A used, stale or forged state: one page for all, saying nothing of the account. */
function stale(why: "malformed" | "expired" | "forged" | "used" | "spent"): Outcome {
  return {
    status: 400,
    outcome: `state_${why}`,
    plain: true,
    page: {
      title: "Link expired",
      tone: "bad",
      lines: ["This login link expired or was used: start again from your bookmark."],
    },
  };
}

function redirectUri(ctx: RouteContext): string {
  return ctx.settings.redirectUri ?? `https://${ctx.request.domainName}/callback`;
}

function hideIdentity(ctx: RouteContext, known: Known): Known {
  ctx.log.hide(known.app.appSecret, known.tokens?.accessToken, known.tokens?.refreshToken);
  return known;
}

async function readSession(ctx: RouteContext, known: Known): Promise<Session> {
  const session = await ctx.sessions.session(known);
  ctx.log.hide(session.app.appSecret, session.tokens.accessToken, session.tokens.refreshToken);
  return session;
}

/**
 * The identity whose secret `matches` (the owner's key, a state's MAC): the cached one, or,
 * when it does not match and the secret was read over a minute ago, the one SSM holds now
 * (a rotation). Undefined: it does not match.
 */
async function matchingIdentity(
  ctx: RouteContext,
  matches: (known: Known) => boolean,
): Promise<Known | undefined> {
  const known = hideIdentity(ctx, await ctx.sessions.identity());
  if (matches(known)) return known;
  const again = await ctx.sessions.reread();
  if (again === undefined) return undefined;
  hideIdentity(ctx, again);
  return matches(again) ? again : undefined;
}

export async function login(ctx: RouteContext): Promise<LoginAnswer> {
  const key = ctx.request.query.get("k");
  // No key, or not a key's shape: refused before anything is read.
  if (key === null || !LOGIN_KEY_PATTERN.test(key)) return notFound("no login key");
  ctx.log.hide(key);
  let session: Session;
  try {
    const known = await matchingIdentity(ctx, (k) => isLoginKey(key, k.app.appSecret));
    if (known === undefined) return notFound("wrong login key");
    session = await readSession(ctx, known);
  } catch (error) {
    return fromError(error, "read");
  }
  const loginId = newLoginId();
  const state = signState(
    session.app.stateKey,
    { refreshToken: session.tokens.refreshToken, loginId },
    ctx.nowMs(),
  );
  ctx.log.hide(state, loginId);
  const { url } = buildLoginUrl({
    apiUrl: ctx.settings.apiUrl,
    clientId: session.app.clientId,
    redirectUri: redirectUri(ctx),
    state,
  });
  const cookie = `${LOGIN_COOKIE}=${loginId}; Secure; HttpOnly; SameSite=Lax; Path=/; Max-Age=${STATE_TTL_SECONDS}`;
  return { location: url, cookies: [cookie] };
}

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

const OTHER_USER = [
  // The owner's FYERS id stays off the page: anyone can reach this URL.
  "This login was for another FYERS user than the one this callback belongs to.",
  "Nothing was stored. Log in with the account this callback belongs to.",
];

/**
 * A stranger's own login through this public URL must not replace the owner's tokens. With
 * FYERS_FY_ID set, only that user's login is stored, also while SSM holds no token. Without it,
 * the stored token's user is the owner; only an SSM holding no token at all has none yet (the
 * first login), and a stored token that names no FYERS user is refused too.
 */
function notTheOwner(ctx: RouteContext, stored: StoredTokens, issued: IssuedTokens): Outcome | undefined {
  const newcomer = fyId(issued);
  const pinned = ctx.settings.fyId;
  if (pinned !== undefined) {
    if (newcomer?.toUpperCase() === pinned) return undefined;
    return failed(403, "other_user", OTHER_USER, `fy_id ${newcomer ?? "unknown"} != FYERS_FY_ID ${pinned}`);
  }
  const owner = fyId(stored);
  if (owner === undefined) {
    if (!stored.accessToken && !stored.refreshToken) return undefined;
    return failed(
      403,
      "owner_unknown",
      [
        "The tokens SSM holds do not say which FYERS user they belong to (they are not FYERS tokens), so this callback cannot tell whether this login is yours.",
        "Nothing was stored. Owner: deploy the callback with your FYERS user id (fyId), or delete the stored access and refresh tokens (aws ssm delete-parameters, see docs/callback.md), then log in again.",
      ],
      `no fy_id in the stored tokens; the new tokens are for ${newcomer ?? "unknown"}`,
    );
  }
  if (newcomer === owner) return undefined;
  return failed(403, "other_user", OTHER_USER, `fy_id ${newcomer ?? "unknown"} != stored ${owner}`);
}

interface TokenTimes {
  issuedAt: number | undefined;
  expiresAt: number | undefined;
}

function times(token: string | undefined): TokenTimes {
  const claims = token === undefined ? undefined : decodeClaims(token);
  const number = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) ? value : undefined;
  return { issuedAt: number(claims?.iat), expiresAt: number(claims?.exp) };
}

/** Whether a stored token was issued by the login that `state` started (its iat is not older). */
const fromThisLogin = (token: TokenTimes, parts: StateParts) =>
  token.issuedAt !== undefined && token.issuedAt >= parts.issuedAt;

/**
 * For the browser that started this login only: what SSM holds now, after its code was spent
 * (a reload of the redirect). The tokens of this login, valid: "Logged in". Otherwise the
 * truth: which tokens SSM holds, from which login, and that the code cannot be used again.
 */
function whatSsmHolds(ctx: RouteContext, tokens: StoredTokens, parts: StateParts, why: string): Outcome {
  const access = times(tokens.accessToken);
  const refresh = times(tokens.refreshToken);
  const now = ctx.nowMs();
  const valid = access.expiresAt !== undefined && access.expiresAt * 1000 > now;
  const until = access.expiresAt === undefined ? undefined : formatIst(access.expiresAt * 1000);
  if (fromThisLogin(access, parts) && valid) {
    return {
      status: 200,
      outcome: "logged_in_shown",
      detail: why,
      page: {
        title: "Logged in",
        tone: "ok",
        lines: ["This login's tokens are stored in SSM.", `Valid until ${until}.`, "You can close this tab."],
      },
    };
  }
  const which = (token: TokenTimes) =>
    fromThisLogin(token, parts) ? "from this login" : "from an earlier login";
  const accessLine = !tokens.accessToken
    ? "SSM holds no access token."
    : `SSM holds an access token ${which(access)}${
        until === undefined ? "" : valid ? `, valid until ${until}` : `, which expired at ${until}`
      }.`;
  const refreshLine = !tokens.refreshToken
    ? "SSM holds no refresh token."
    : `SSM holds a refresh token ${which(refresh)}.`;
  return {
    ...failed(
      409,
      "code_spent",
      [
        "This login's code was already sent to FYERS and is spent: FYERS accepts each code once.",
        accessLine,
        refreshLine,
        START_AGAIN,
      ],
      why,
    ),
  };
}

function loginFailedAtFyers(query: URLSearchParams): Outcome | undefined {
  if (query.get("s") === "error") {
    // FYERS' message is not shown: anyone can put any text in this address.
    return failed(400, "login_failed", ["FYERS says the login did not complete.", START_AGAIN]);
  }
  if (!query.get("auth_code")) {
    return failed(400, "no_auth_code", [
      "FYERS sent no auth code back, so there is nothing to store.",
      START_AGAIN,
    ]);
  }
  return undefined;
}

/** The browser's login id, when it is the one that started this state. */
function startedHere(ctx: RouteContext, key: Buffer, parts: StateParts): boolean {
  return startedBy(key, parts, ctx.request.cookies.get(LOGIN_COOKIE));
}

export async function callback(ctx: RouteContext): Promise<Outcome> {
  const { query } = ctx.request;
  const refused = loginFailedAtFyers(query);
  if (refused) return refused;
  const state = query.get("state") ?? "";
  const rawCode = query.get("auth_code") ?? "";
  ctx.log.hide(state, rawCode, ctx.request.cookies.get(LOGIN_COOKIE));
  // Everything a stranger can send is refused here, before any SSM read or FYERS call.
  const parts = parseState(state);
  if (parts === undefined) return stale("malformed");
  if (!isFresh(parts, ctx.nowMs())) return stale("expired");
  let code: string;
  try {
    code = parseAuthCode(rawCode, "auth_code").code;
  } catch (error) {
    // Not a setting the owner must fix: this redirect is broken; a new login makes a new code.
    const detail = error instanceof Error ? error.message : String(error);
    return failed(
      400,
      "bad_auth_code",
      ["The auth code in this address is damaged, so FYERS was not asked.", START_AGAIN],
      detail,
    );
  }

  let known: Known | undefined;
  try {
    known = await matchingIdentity(ctx, (k) => signedBy(k.app.stateKey, parts));
  } catch (error) {
    return fromError(error, "read");
  }
  if (known === undefined) return stale("forged");
  const key = known.app.stateKey;
  const mine = startedHere(ctx, key, parts);
  const spent = ctx.spent.has(parts.mac, ctx.nowMs());
  if (spent && !mine) return stale("spent");
  if (!spent && !ctx.budget.available(ctx.nowMs())) return overBudget();

  let session: Session;
  try {
    session = await readSession(ctx, known);
  } catch (error) {
    return fromError(error, "read");
  }
  if (spent) return whatSsmHolds(ctx, session.tokens, parts, "the code was spent on this instance");
  if (!bindingHolds(key, parts, session.tokens.refreshToken)) {
    // A login since stored a new refresh token: most often this one (a reload of the done page).
    return mine ? whatSsmHolds(ctx, session.tokens, parts, "a login since stored new tokens") : stale("used");
  }
  return exchange(ctx, session, parts, code);
}

function overBudget(): Outcome {
  return {
    ...failed(429, "over_budget", [
      "Too many login attempts reached this callback in the last minute, so FYERS was not asked.",
      "Wait a minute, then start again from your bookmarked login link.",
    ]),
    headers: { "retry-after": "60" },
  };
}

async function exchange(
  ctx: RouteContext,
  session: Session,
  parts: StateParts,
  code: string,
): Promise<Outcome> {
  if (!ctx.budget.take(ctx.nowMs())) return overBudget();
  const { clientId, appSecret } = session.app;
  const hash = appIdHash(clientId, appSecret);
  ctx.log.hide(hash);
  const client = createFyersClient({ apiUrl: ctx.settings.apiUrl, clientId, timeoutMs: FYERS_TIMEOUT_MS });
  let issued: IssuedTokens;
  try {
    issued = await client.exchangeAuthCode(hash, code);
  } catch (error) {
    if (isFyersTokenError(error, "bad_credentials")) return credentialsRefused(ctx, session, error);
    // FYERS refused the code: it is spent; a reload must not send it again.
    if (isFyersTokenError(error, "login_required")) ctx.spent.remember(parts.mac, ctx.nowMs());
    return fromError(error, "fyers");
  }
  ctx.log.hide(issued.accessToken, issued.refreshToken);
  const stranger = notTheOwner(ctx, session.tokens, issued);
  if (stranger) return stranger;
  ctx.spent.remember(parts.mac, ctx.nowMs());
  return store(ctx, session, issued);
}

/**
 * FYERS refused the app secret this instance holds. A warm instance may hold one replaced in
 * SSM since: read SSM again, so the page says "log in again" then, and "fix the secret" only
 * when SSM holds the refused one.
 */
async function credentialsRefused(ctx: RouteContext, used: Session, error: unknown): Promise<Outcome> {
  const refused = fromError(error, "fyers");
  try {
    const now = hideIdentity(ctx, await ctx.sessions.readAgain());
    if (now.app.appSecret === used.app.appSecret && now.app.clientId === used.app.clientId) return refused;
    return failed(
      409,
      "secret_changed",
      [
        "The app secret in SSM changed after this login started, so FYERS refused the one it started with.",
        // The link's key is derived from the secret: the old bookmark no longer opens a login.
        "Nothing was stored. The login link changed with the secret: get the new one with login-link.ts, bookmark it, and log in again.",
      ],
      refused.detail,
    );
  } catch {
    return refused;
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
    return fromError(error, "store", true);
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
      lines: [`The new FYERS tokens are stored in SSM. ${until}`, "You can close this tab."],
    },
  };
}
