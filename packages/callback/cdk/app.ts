// The CDK app for every AWS part: `npm run cdk -- <bootstrap|synth|deploy|destroy> -c fyId=XA12345 -c repo=OWNER/REPO`
// from the repository root (tools/cdk.mjs). Context: see context.ts (fyId, repo, ref, environment,
// githubOidc, reservedConcurrency, region, prefix, kmsKeyId, apiUrl, redirectUri, stackName).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { ContextError, readDeployContext } from "./context.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const app = new App();

let settings: ReturnType<typeof readDeployContext>;
try {
  settings = readDeployContext(
    (name) => app.node.tryGetContext(name),
    process.env,
    Object.keys(app.node.getAllContext()),
  );
} catch (error) {
  if (!(error instanceof ContextError)) throw error;
  // A clear line and exit 2, not a stack trace: the CDK CLI shows our stderr, then fails.
  process.stderr.write(`fyers-token: ${error.message}\n`);
  process.exit(2);
}

// The CLI resolves the account from your credentials; offline there is none, and the template says ${AWS::AccountId}.
const account = process.env.CDK_DEFAULT_ACCOUNT;
process.stderr.write(
  `fyers-token: target account ${account ?? "(none: no AWS credentials; the one you deploy with)"}, region ${settings.target.region} (from ${settings.target.from})\n`,
);

// The bundle is built here, so a deploy always ships the code of this checkout.
try {
  execFileSync(process.execPath, ["build.mjs"], { cwd: packageDir, stdio: ["ignore", "ignore", "inherit"] });
} catch {
  process.stderr.write(
    "fyers-token: building the callback bundle (packages/callback/build.mjs) failed, see above\n",
  );
  process.exit(1);
}

// The constructs load only for a context that passed: a refusal never loads them.
const { CallbackStack, stackPropsFor } = await import("./stack.js");
new CallbackStack(app, settings.stackName, stackPropsFor(settings, account, `${packageDir}dist`));
