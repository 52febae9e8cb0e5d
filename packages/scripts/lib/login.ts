import { buildLoginUrl, type ExchangeResult, FyersTokenError, formatDuration } from "@fyers-token/core";
import { openBrowser } from "./browser.js";
import { type ExchangeTarget, exchangeCode } from "./exchange.js";
import { readFirstLine, type Stdin } from "./input.js";
import { type LoopbackAddress, listenForRedirect, loopbackAddress, type RedirectCall } from "./loopback.js";
import { donePage, errorPage } from "./pages.js";

export interface LoginOptions extends ExchangeTarget {
  stdin: Stdin;
  timeoutSeconds: number;
  open: boolean;
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
  const address = loopbackAddress(options.config.redirectUri);
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

async function viaLoopback(o: LoginOptions, address: LoopbackAddress, attempt: Attempt) {
  const listener = await listenForRedirect(address); // before the URL is shown, so no redirect is missed
  try {
    announce(o, attempt.url);
    o.io.say(
      `Waiting up to ${formatDuration(o.timeoutSeconds)} for the redirect to ${o.config.redirectUri} …`,
    );
    const call = await listener.next(attempt.signal);
    return await answerBrowser(call, () => exchangeRedirect(o, call, attempt.state));
  } finally {
    await listener.close();
  }
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

/** Checks the redirect before anything else: our state, then FYERS' verdict, then the exchange. */
function exchangeRedirect(o: LoginOptions, call: RedirectCall, state: string): Promise<ExchangeResult> {
  if (call.params.get("state") !== state) {
    throw new FyersTokenError(
      "state_mismatch",
      "the redirect's state does not match this login; nothing was saved",
      {
        hint: "open the URL this run printed (not an older one) and log in again",
      },
    );
  }
  if (call.params.get("s") === "error" || !call.params.get("auth_code")) {
    const said = call.params.get("message") ?? call.params.get("code") ?? "no auth_code";
    throw new FyersTokenError("login_required", `FYERS did not complete the login (${said})`, {
      hint: "run login.ts again and finish the login in the browser",
    });
  }
  return exchangeCode(o, call.url, state, "the redirect");
}

/** Answers the browser with how it went, then hands the result (or the error) on. */
async function answerBrowser(
  call: RedirectCall,
  work: () => Promise<ExchangeResult>,
): Promise<ExchangeResult> {
  try {
    const result = await work();
    await call.answer(200, donePage(result.saved_to));
    return result;
  } catch (error) {
    const known = error instanceof FyersTokenError;
    await call.answer(
      400,
      errorPage(known ? error.message : "the login failed", known ? error.hint : undefined),
    );
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
