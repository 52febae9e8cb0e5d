import type { Context, LambdaFunctionURLEvent } from "aws-lambda";
import { readRequest } from "./event.js";
import { RequestLog } from "./log.js";
import { failed, fromError, type Outcome } from "./outcomes.js";
import { renderPage } from "./pages.js";
import { type Answer, htmlAnswer, redirectAnswer } from "./response.js";
import { callback, login, type RouteContext } from "./routes.js";
import { SessionSource } from "./session.js";
import { readSettings, type Settings } from "./settings.js";

/** A query longer than any FYERS redirect (a JWT code and a state) is refused unread. */
const MAX_QUERY = 8192;

/** Built once per instance: settings from the environment, the SSM store and its cached secret. */
let instance: { settings: Settings; sessions: SessionSource } | undefined;

function setUp(): { settings: Settings; sessions: SessionSource } {
  if (instance === undefined) {
    const settings = readSettings(process.env);
    instance = { settings, sessions: new SessionSource(settings) };
  }
  return instance;
}

const ROUTES: Record<string, true> = { "/login": true, "/callback": true };

function page(outcome: Outcome, extra: Record<string, string> = {}): Answer {
  return htmlAnswer(outcome.status, renderPage(outcome.page), extra);
}

async function route(
  event: LambdaFunctionURLEvent,
  log: RequestLog,
): Promise<{ answer: Answer; outcome: string; detail?: string }> {
  const request = readRequest(event);
  if (!ROUTES[request.path]) {
    const outcome = failed(404, "not_found", ["There is nothing here. The login link ends in /login."]);
    return { answer: page(outcome), outcome: outcome.outcome };
  }
  if (request.method !== "GET") {
    const outcome = failed(405, "method_not_allowed", ["Only GET: open the login link in a browser."]);
    return { answer: page(outcome, { allow: "GET" }), outcome: outcome.outcome };
  }
  if (request.queryLength > MAX_QUERY) {
    const outcome = failed(414, "query_too_long", [
      "This address is far longer than a FYERS login redirect.",
    ]);
    return { answer: page(outcome), outcome: outcome.outcome };
  }
  let context: RouteContext;
  try {
    const { settings, sessions } = setUp();
    context = { request, settings, sessions, log, nowMs: Date.now };
  } catch (error) {
    const outcome = fromError(error, false);
    return {
      answer: page(outcome),
      outcome: outcome.outcome,
      ...(outcome.detail ? { detail: outcome.detail } : {}),
    };
  }
  const result = request.path === "/login" ? await login(context) : await callback(context);
  if ("location" in result) return { answer: redirectAnswer(result.location), outcome: "redirected" };
  return {
    answer: page(result),
    outcome: result.outcome,
    ...(result.detail ? { detail: result.detail } : {}),
  };
}

/** The function-URL handler (payload format 2.0): GET /login and GET /callback, nothing else. */
export async function handler(event: LambdaFunctionURLEvent, _context?: Context): Promise<Answer> {
  const log = new RequestLog();
  let answer: Answer;
  let outcome: string;
  let detail: string | undefined;
  try {
    ({ answer, outcome, detail } = await route(event, log));
  } catch (error) {
    // Never a raw Lambda error page: the person still gets a page, the log still gets one line.
    const failure = fromError(error, false);
    answer = page(failure);
    outcome = failure.outcome;
    detail = failure.detail;
  }
  log.write({
    route: (event.rawPath ?? "/").slice(0, 64),
    method: event.requestContext?.http?.method ?? "?",
    status: answer.statusCode,
    outcome,
    ...(detail === undefined ? {} : { detail }),
  });
  return answer;
}
