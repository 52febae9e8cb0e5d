// The CDK app: `npm run cdk -w packages/callback -- deploy` (see the README's one-tap login).
// Context: prefix (default /stock-pipeline/fyers), kmsKeyId, apiUrl, redirectUri, stackName.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_API_URL, DEFAULT_SSM_PREFIX, FyersTokenError } from "@fyers-token/core";
import { App } from "aws-cdk-lib";
import { readSettings, SSM_PREFIX } from "../src/settings.js";
import { CallbackStack } from "./stack.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
// The bundle is built here, so a deploy always ships the code of this checkout.
execFileSync(process.execPath, ["build.mjs"], { cwd: packageDir, stdio: ["ignore", "ignore", "inherit"] });

const app = new App();
const context = (name: string): string | undefined => {
  const value = app.node.tryGetContext(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};
const prefix = (context("prefix") ?? DEFAULT_SSM_PREFIX).replace(/\/+$/, "");
// The Lambda's own rule (core's): a "*" here would put a wildcard into the role's parameter ARNs.
if (!SSM_PREFIX.test(prefix))
  throw new Error(`context prefix: "${prefix}" is not an SSM path like /stock-pipeline/fyers`);

// A key id, a key ARN or an alias: never a wildcard, which would become the role's KMS resource.
const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/)?(mrk-)?[A-Za-z0-9-]+$|^alias\/[A-Za-z0-9/_-]+$/;
const kmsKeyId = context("kmsKeyId");
if (kmsKeyId !== undefined && !KMS_KEY.test(kmsKeyId))
  throw new Error(`context kmsKeyId: "${kmsKeyId}" is not a KMS key id, key ARN or alias/…`);

const apiUrl = context("apiUrl") ?? DEFAULT_API_URL;
const redirectUri = context("redirectUri");
// The function's own settings check, now: a value it would refuse on every request never deploys.
try {
  readSettings({ FYERS_SSM_PREFIX: prefix, FYERS_API_URL: apiUrl, FYERS_REDIRECT_URI: redirectUri });
} catch (error) {
  const hint = error instanceof FyersTokenError && error.hint ? ` (${error.hint})` : "";
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(
    `context: ${message.replace(/^FYERS_API_URL/, "apiUrl").replace(/^FYERS_REDIRECT_URI/, "redirectUri")}${hint}`,
  );
}

new CallbackStack(app, context("stackName") ?? "FyersTokenCallback", {
  prefix,
  kmsKeyId,
  apiUrl,
  redirectUri,
  codeDir: `${packageDir}dist`,
  env: {
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
    ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
  },
  description: "fyers-token login callback (AWS Lambda function URL)",
});
