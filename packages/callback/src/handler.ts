import type { Context, LambdaFunctionURLEvent } from "aws-lambda";
import { type CallbackRequest, readRequest } from "./event.js";
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

/** What a request came to: the answer, and the outcome and detail for its one log line. */
interface Handled {
  answer: Answer;
  outcome: string;
  detail?: string;
}

function answered(outcome: Outcome, extraHeaders: Record<string, string> = {}): Handled {
  return {
    answer: htmlAnswer(outcome.status, renderPage(outcome.page), extraHeaders),
    outcome: outcome.outcome,
    ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
  };
}

async function route(request: CallbackRequest, log: RequestLog): Promise<Handled> {
  if (!ROUTES[request.path]) {
    return answered(failed(404, "not_found", ["There is nothing here. The login link ends in /login."]));
  }
  if (request.method !== "GET") {
    return answered(failed(405, "method_not_allowed", ["Only GET: open the login link in a browser."]), {
      allow: "GET",
    });
  }
  if (request.queryLength > MAX_QUERY) {
    return answered(
      failed(414, "query_too_long", ["This address is far longer than a FYERS login redirect."]),
    );
  }
  let context: RouteContext;
  try {
    const { settings, sessions } = setUp();
    context = { request, settings, sessions, log, nowMs: Date.now };
  } catch (error) {
    return answered(fromError(error, false));
  }
  const result = request.path === "/login" ? await login(context) : await callback(context);
  if ("location" in result) return { answer: redirectAnswer(result.location), outcome: "redirected" };
  return answered(result);
}

/** The function-URL handler (payload format 2.0): GET /login and GET /callback, nothing else. */
export async function handler(event: LambdaFunctionURLEvent, _context?: Context): Promise<Answer> {
  const log = new RequestLog();
  const request = readRequest(event);
  let handled: Handled;
  try {
    handled = await route(request, log);
  } catch (error) {
    // Never a raw Lambda error page: the person still gets a page, the log still gets one line.
    handled = answered(fromError(error, false));
  }
  const { answer, outcome, detail } = handled;
  log.write({
    route: request.path.slice(0, 64),
    method: request.method.slice(0, 16),
    status: answer.statusCode,
    outcome,
    ...(detail === undefined ? {} : { detail }),
  });
  return answer;
}
