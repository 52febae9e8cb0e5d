import { buildLoginUrl, type ExchangeResult, FyersTokenError, formatDuration } from "@fyers-token/core";
import { openBrowser } from "./browser.js";
import { type ExchangeTarget, exchangeCode } from "./exchange.js";
import { readFirstLine, type Stdin } from "./input.js";
import type { Io } from "./io.js";
import { type LoopbackAddress, listenForRedirect, loopbackAddress, type RedirectCall } from "./loopback.js";
import { donePage, errorPage, strayPage } from "./pages.js";

export interface LoginOptions extends ExchangeTarget {
  stdin: Stdin;
  timeoutSeconds: number;
  open: boolean;
  /** How the redirect URI was given (`--redirect-uri` or FYERS_REDIRECT_URI), for errors. */
  redirectUriName: string;
  /** Shows the login URL: on stdout, or on stderr when stdout carries --json. */
  showUrl(url: string): void;
}

export interface LoginResult extends ExchangeResult {
  login_url: string;
}

/** One login attempt: its URL, the state it expects back, and when it gives up. */
interface Attempt {
  url: string;
  state: string;
  signal: AbortSignal;
}

/**
 * The daily login in one step: a loopback redirect is caught by a local listener; any other
 * (https) redirect is pasted by the person. Either way the state is checked and the code exchanged.
 */
export async function login(options: LoginOptions): Promise<LoginResult> {
  const address = loopbackAddress(options.config.redirectUri, options.redirectUriName);
  await checkStores(options);
  const { url, state } = buildLoginUrl(options.config);
  const deadline = timeoutSignal(options.timeoutSeconds);
  try {
    const attempt = { url, state, signal: deadline.signal };
    const result = address ? await viaLoopback(options, address, attempt) : await viaPaste(options, attempt);
    return { ...result, login_url: url };
  } finally {
    deadline.clear();
  }
}

/**
 * Every store must be able to take the tokens before the person logs in (a 2FA login is not
 * free): a broken or unwritable token file, a held lock, is said now, before the URL is shown.
 */
async function checkStores(o: LoginOptions): Promise<void> {
  for (const store of o.stores) {
    await store.read();
    await store.checkWritable();
  }
}

async function viaLoopback(o: LoginOptions, address: LoopbackAddress, attempt: Attempt) {
  const listener = await listenForRedirect(address); // before the URL is shown, so no redirect is missed
  try {
    announce(o, attempt.url);
    o.io.say(
      `Waiting up to ${formatDuration(o.timeoutSeconds)} for the redirect to ${o.config.redirectUri} …`,
    );
    for (;;) {
      const call = await listener.next(attempt.signal);
      const stray = strayReason(call, attempt.state);
      if (stray === undefined) return await answerBrowser(call, o.io, () => exchangeRedirect(o, call));
      await call.answer(400, strayPage(stray));
      o.io.warn(`ignored a request to the redirect: ${stray}; still waiting`);
    }
  } finally {
    await listener.close();
  }
}

/**
 * Why a request is not this login's redirect (a stale tab of an older login, another program),
 * or undefined when it carries this login's state. Strays are answered and the wait goes on.
 */
function strayReason(call: RedirectCall, state: string): string | undefined {
  const given = call.params.get("state");
  if (given === null || given === "") return "it carries no state";
  return given === state ? undefined : "its state is not this login's (an older login's tab?)";
}

async function viaPaste(o: LoginOptions, attempt: Attempt) {
  announce(o, attempt.url);
  o.io.say("Then paste the whole URL your browser lands on (or just the auth code) and press Enter:");
  const pasted = await readFirstLine(o.stdin, "the redirect URL or auth code", attempt.signal);
  return exchangeCode(o, pasted, attempt.state, "the pasted redirect URL");
}

function announce(o: LoginOptions, url: string): void {
  o.showUrl(url);
  if (o.open) openBrowser(url, o.io);
  o.io.say(`Open the URL above in a browser${o.open ? " (opening it now)" : ""} and log in to FYERS.`);
}

/** A redirect with this login's state: FYERS' verdict, then the exchange. */
function exchangeRedirect(o: LoginOptions, call: RedirectCall): Promise<ExchangeResult> {
  if (call.params.get("s") === "error" || !call.params.get("auth_code")) {
    const said = call.params.get("message") ?? call.params.get("code") ?? "no auth_code";
    throw new FyersTokenError("login_required", `FYERS did not complete the login (${said})`, {
      hint: "run login.ts again and finish the login in the browser",
    });
  }
  return exchangeCode(o, call.url, call.params.get("state") ?? undefined, "the redirect");
}

/**
 * Answers the browser with how it went, then hands the result (or the error) on. The page shows
 * scrubbed text only: FYERS may echo the auth code or a token in its error messages.
 */
async function answerBrowser(
  call: RedirectCall,
  io: Io,
  work: () => Promise<ExchangeResult>,
): Promise<ExchangeResult> {
  try {
    const result = await work();
    await call.answer(200, donePage(result.saved_to.map(io.scrub)));
    return result;
  } catch (error) {
    const known = error instanceof FyersTokenError;
    const message = io.scrub(known ? error.message : "the login failed");
    const hint = known && error.hint ? io.scrub(error.hint) : undefined;
    await call.answer(400, errorPage(message, hint));
    throw error;
  }
}

/** Aborts with interface.md's timeout error (exit 3) when no login arrives in time. */
function timeoutSignal(seconds: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new FyersTokenError("timeout", `no login arrived within ${formatDuration(seconds)}`, {
        hint: "run login.ts again and finish the login in time, or give more with --timeout 20m",
      }),
    );
  }, seconds * 1000);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
