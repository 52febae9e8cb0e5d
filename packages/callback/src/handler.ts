import { randomUUID } from "node:crypto";
import type { Context, LambdaFunctionURLEvent } from "aws-lambda";
import { CallBudget } from "./budget.js";
import { type CallbackRequest, readRequest } from "./event.js";
import { RequestLog } from "./log.js";
import { failed, fromError, type Outcome } from "./outcomes.js";
import { renderPage } from "./pages.js";
import { type Answer, htmlAnswer, redirectAnswer } from "./response.js";
import { callback, login, notFound, type RouteContext } from "./routes.js";
import { SessionSource } from "./session.js";
import { FYERS_CALLS_PER_MINUTE, readSettings, type Settings } from "./settings.js";
import { SpentStates } from "./spent.js";

/** A query longer than any FYERS redirect (a JWT code and a state) is refused unread. */
const MAX_QUERY = 8192;

/** The instance's clock. Date.now, read on each call (so a test's clock preload can move it). */
const nowMs = () => Date.now();

interface Instance {
  settings: Settings;
  sessions: SessionSource;
  budget: CallBudget;
  spent: SpentStates;
}

/** Built once per instance: settings from the environment, the SSM store, its cached secret, the FYERS budget. */
let instance: Instance | undefined;

function setUp(): Instance {
  if (instance === undefined) {
    const settings = readSettings(process.env);
    instance = {
      settings,
      sessions: new SessionSource(settings, nowMs),
      budget: new CallBudget(FYERS_CALLS_PER_MINUTE, 60_000),
      spent: new SpentStates(),
    };
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

function answered(outcome: Outcome, requestId: string, extraHeaders: Record<string, string> = {}): Handled {
  // Pages the owner may need to look up carry the request id; plain refusals are the same for all.
  const page = outcome.plain ? outcome.page : { ...outcome.page, requestId };
  return {
    answer: htmlAnswer(outcome.status, renderPage(page), { ...outcome.headers, ...extraHeaders }),
    outcome: outcome.outcome,
    ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
  };
}

async function route(request: CallbackRequest, log: RequestLog, requestId: string): Promise<Handled> {
  if (!ROUTES[request.path]) return answered(notFound(), requestId);
  if (request.method !== "GET") {
    return answered(
      {
        ...failed(405, "method_not_allowed", ["Only GET: open the login link in a browser."]),
        plain: true,
      },
      requestId,
      { allow: "GET" },
    );
  }
  if (request.queryLength > MAX_QUERY) {
    return answered(
      {
        ...failed(414, "query_too_long", ["This address is far longer than a FYERS login redirect."]),
        plain: true,
      },
      requestId,
    );
  }
  let context: RouteContext;
  try {
    context = { request, ...setUp(), log, nowMs };
  } catch (error) {
    return answered(fromError(error, "read"), requestId);
  }
  const result = request.path === "/login" ? await login(context) : await callback(context);
  if ("location" in result) {
    return { answer: redirectAnswer(result.location, result.cookies), outcome: "redirected" };
  }
  return answered(result, requestId);
}

/** The function-URL handler (payload format 2.0): GET /login and GET /callback, nothing else. */
export async function handler(event: LambdaFunctionURLEvent, context?: Context): Promise<Answer> {
  const log = new RequestLog();
  const requestId =
    typeof context?.awsRequestId === "string" && /^[\w-]{1,64}$/.test(context.awsRequestId)
      ? context.awsRequestId
      : randomUUID();
  const request = readRequest(event);
  let handled: Handled;
  try {
    handled = await route(request, log, requestId);
  } catch (error) {
    // Never a raw Lambda error page: the person still gets a page, the log still gets one line.
    handled = answered(fromError(error, "read"), requestId);
  }
  const { answer, outcome, detail } = handled;
  log.write({
    route: request.path.slice(0, 64),
    method: request.method.slice(0, 16),
    status: answer.statusCode,
    outcome,
    requestId,
    ...(detail === undefined ? {} : { detail }),
  });
  return answer;
}
