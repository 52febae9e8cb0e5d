// `demo --one-tap`'s function URL: a fresh process (as a Lambda instance is) that imports the
// BUILT callback bundle once and serves it on 127.0.0.1 with testkit's function-URL stand-in.
// argv: <bundle> <port>. The first stdout line is "listening PORT"; then the function's own logs.
import { pathToFileURL } from "node:url";
import { serveFunctionUrl } from "@fyers-token/testkit";

const [bundle = "", port = "0"] = process.argv.slice(2);
const { handler } = (await import(pathToFileURL(bundle).href)) as {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
};
const server = await serveFunctionUrl(handler, { port: Number(port) });
console.log(`listening ${server.port}`);
