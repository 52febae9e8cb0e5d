// The FYERS login callback on AWS Lambda (function URL, payload format 2.0).
export { handler } from "./handler.js";
