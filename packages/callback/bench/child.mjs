// One bench process, started fresh under Node 24 by callback.bench.mjs; prints JSON lines.
// - `cold <bundle> <request>`: import the bundle and answer one request (a Lambda cold start's
//   init + first invoke), timed from before the import to the answer.
// - `instance <bundle>`: a warm instance answering stdin commands, one JSON line each:
//   {"login": KEY} answers /login?k=KEY with its redirect and cookies; {"serve": request} answers
//   that request. The bench records the SSM calls of each, and takes cold /callback states here.
// - `warm <bundle> <key> <requests> <warm-up>`: in one process, /login then /callback, again and
//   again; each timed on its own after the warm-up.
// - `warm-bare <bundle> <plans> <authorize URL> <requests> <warm-up>`: the same, replaying the
//   recorded calls with the bare SDK and fetch (bare-sdk.mjs's `replay`).
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { functionUrlEvent, lambdaContext } from "../test/support/function-url.mjs";

const [mode, bundle, ...rest] = process.argv.slice(2);
const DOMAIN = "bench.lambda-url.ap-south-1.on.aws";
const event = (request) => functionUrlEvent({ domainName: DOMAIN, ...request });
// Tagged: the handler logs its own JSON lines to stdout too.
const print = (value) => process.stdout.write(`${JSON.stringify({ bench: value })}\n`);

/** `name=value` of each Set-Cookie the handler answered: what a browser sends back. */
function cookiesOf(answer) {
  return (answer.cookies ?? []).map((cookie) => cookie.split(";")[0]);
}

/**
 * FYERS' login page: the authorize URL redirects to the callback with a fresh auth code. node:http
 * as CommonJS, not a static ESM import: that would load undici (node:http's WebSocket export)
 * before a cold sample's clock starts, and hide that cost from the bundles that pay it.
 */
function redirectFrom(url) {
  const { request: httpRequest } = process.getBuiltinModule("node:http");
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      res.resume();
      const location = res.headers.location;
      if (res.statusCode !== 302 || !location) reject(new Error(`FYERS fake answered ${res.statusCode}`));
      else resolve(new URL(location));
    })
      .on("error", reject)
      .end();
  });
}

async function login(handler, key) {
  const answer = await handler(event({ path: "/login", query: `k=${key}` }), lambdaContext());
  if (answer.statusCode !== 302) throw new Error(`/login answered ${answer.statusCode}: ${answer.body}`);
  return { location: answer.headers.location, cookies: cookiesOf(answer) };
}

async function callbackRequest(started) {
  const back = await redirectFrom(started.location);
  return { path: "/callback", query: back.search, cookies: started.cookies };
}

const load = async () => (await import(pathToFileURL(bundle).href)).handler;

if (mode === "cold") {
  const request = JSON.parse(rest[0]);
  const started = performance.now();
  const handler = await load();
  const answer = await handler(event(request), lambdaContext());
  const ms = performance.now() - started;
  if (answer.statusCode !== 200) throw new Error(`cold: status ${answer.statusCode}: ${answer.body}`);
  print({ ms });
} else if (mode === "instance") {
  const handler = await load();
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "") break;
    const command = JSON.parse(line);
    if (command.login) print(await login(handler, command.login));
    else {
      const answer = await handler(event(command.serve), lambdaContext());
      print({ status: answer.statusCode, body: answer.statusCode === 200 ? undefined : answer.body });
    }
  }
} else if (mode === "warm") {
  const [key, requestsText, warmUpText] = rest;
  const requests = Number(requestsText);
  const warmUp = Number(warmUpText);
  // The instance allows 10 FYERS calls a minute (settings.ts): its clock moves 6.1 s per login,
  // so every callback is within budget and does the whole exchange. Timing uses performance.now.
  const realNow = Date.now;
  let shiftMs = 0;
  Date.now = () => realNow() + shiftMs;
  const handler = await load();
  const times = { login: [], callback: [] };
  for (let i = 0; i < warmUp + requests; i++) {
    shiftMs += 6100;
    let t = performance.now();
    const started = await login(handler, key);
    const loginMs = performance.now() - t;
    const request = await callbackRequest(started);
    t = performance.now();
    const answer = await handler(event(request), lambdaContext());
    const callbackMs = performance.now() - t;
    if (answer.statusCode !== 200)
      throw new Error(`warm /callback ${i}: ${answer.statusCode}: ${answer.body}`);
    if (i >= warmUp) {
      times.login.push(loginMs);
      times.callback.push(callbackMs);
    }
  }
  print(times);
} else if (mode === "warm-bare") {
  const [plansFile, authorizeUrl, requestsText, warmUpText] = rest;
  const { replay } = await import(pathToFileURL(bundle).href);
  const plans = JSON.parse(readFileSync(plansFile, "utf8"));
  const times = { login: [], callback: [] };
  for (let i = 0; i < Number(warmUpText) + Number(requestsText); i++) {
    let t = performance.now();
    await replay(plans.login);
    const loginMs = performance.now() - t;
    const code = (await redirectFrom(authorizeUrl)).searchParams.get("auth_code");
    t = performance.now();
    await replay(plans.callback, code);
    const callbackMs = performance.now() - t;
    if (i >= Number(warmUpText)) {
      times.login.push(loginMs);
      times.callback.push(callbackMs);
    }
  }
  print(times);
} else {
  throw new Error(`unknown mode ${mode}`);
}
