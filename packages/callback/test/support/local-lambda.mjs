// A local stand-in for the Lambda service, run under Node 24 like the nodejs24.x runtime: it
// imports the BUILT handler (dist/index.mjs) once, as a cold start does, then serves it with
// testkit's function-URL stand-in (serveFunctionUrl):
//  - POST /2015-03-31/functions/function/invocations {event} → the handler's result (the
//    Lambda Runtime Interface Emulator's API), for tests that send exact events;
//  - any other request → a function-URL event → the handler → an HTTP answer, for a browser.
// Logs go to stdout/stderr as they would to CloudWatch; the first stdout line is the port.
import { pathToFileURL } from "node:url";
import { serveFunctionUrl } from "../../../testkit/src/function-url.ts";

const { handler } = await import(pathToFileURL(process.argv[2]).href);
const server = await serveFunctionUrl(handler, {
  port: Number(process.env.LOCAL_LAMBDA_PORT ?? 0),
  onError: (error) => console.error(`local-lambda: handler threw: ${error?.stack ?? error}`),
});
console.log(`local-lambda listening ${server.port}`);
