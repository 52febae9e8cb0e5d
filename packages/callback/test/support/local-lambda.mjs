// A local stand-in for the Lambda service, run under Node 24 like the nodejs24.x runtime:
// it imports the BUILT handler (dist/index.mjs) once, as a cold start does, then
//  - POST /2015-03-31/functions/function/invocations {event} → the handler's result (the
//    Lambda Runtime Interface Emulator's API), for tests that send exact events;
//  - any other request → a function-URL event → the handler → an HTTP answer, for a browser.
// Logs go to stdout/stderr as they would to CloudWatch; the first stdout line is the port.
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { functionUrlEvent, lambdaContext } from "./function-url.mjs";

const bundle = process.argv[2];
const { handler } = await import(pathToFileURL(bundle).href);
const INVOKE = "/2015-03-31/functions/function/invocations";

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function flatHeaders(req) {
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === "cookie") continue;
    headers[name] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return headers;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await body(req);
    if (req.method === "POST" && url.pathname === INVOKE) {
      const result = await handler(JSON.parse(text), lambdaContext());
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(result));
      return;
    }
    const event = functionUrlEvent({
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.search,
      headers: flatHeaders(req),
      cookies: req.headers.cookie ? req.headers.cookie.split(/;\s*/) : [],
      ...(text === "" ? {} : { body: text }),
      domainName: req.headers.host ?? "127.0.0.1",
      sourceIp: "127.0.0.1",
    });
    const result = await handler(event, lambdaContext());
    const headers = { ...result.headers };
    if (result.cookies?.length) headers["set-cookie"] = result.cookies;
    res.writeHead(result.statusCode ?? 200, headers);
    res.end(result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : (result.body ?? ""));
  } catch (error) {
    // What the Lambda service answers when a handler throws: a 502 with no detail.
    console.error(`local-lambda: handler threw: ${error?.stack ?? error}`);
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ Message: "Internal Server Error" }));
  }
});
server.listen(Number(process.env.LOCAL_LAMBDA_PORT ?? 0), "127.0.0.1", () => {
  console.log(`local-lambda listening ${server.address().port}`);
});
