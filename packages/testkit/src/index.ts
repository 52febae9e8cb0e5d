// Local fakes of FYERS, AWS SSM and the GitHub REST API, over real HTTP on 127.0.0.1.
export * from "./function-url.js";
export * from "./fyers.js";
export * from "./github.js";
export * from "./harness/child.js";
export * from "./jwt.js";
export * from "./ssm.js";
export * from "./telegram.js";
export * from "./webhook.js";
