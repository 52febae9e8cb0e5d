// The function-URL events and Lambda context now live in testkit (the demo serves the callback
// with them too); this file stays so the tests, the bench and acceptance import one path.
// A relative .ts path, not the package name: Node 24 loads it as is (type stripping), no loader.
export { functionUrlEvent, lambdaContext } from "../../../testkit/src/function-url.ts";
