// The CDK app, synthesised with the README's own command, then asserted with aws-cdk-lib/assertions;
// and the README's "store the secret" command run against the SSM fake, feeding a real /login.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startFyersFake, startSsmFake } from "@fyers-token/testkit";
import { expectNoSecrets, REPO } from "@fyers-token/testkit/harness";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { CallbackStack } from "../cdk/stack.js";
import { buildBundle, CALLBACK_DIR, PARAMS, startLocalLambda } from "./support/lambda.js";
import { readmeCommand, readmeCommands } from "./support/readme.js";

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, asserted field by field
type Cfn = Record<string, any>;

const OUT = join(CALLBACK_DIR, "cdk/cdk.out/FyersTokenCallback.template.json");
const SECRET = "app-secret-from-the-readme-7Q";

/** Runs a README command as a person would, in a shell at the repository root (async: the fakes live in this process). */
function sh(
  command: string,
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn("sh", ["-c", command], { cwd: REPO, env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("the README's callback set-up", () => {
  it("shows bootstrap, synth, deploy, the app secret and the way to remove it", () => {
    const commands = readmeCommands();
    expect(commands).toContain("npx cdk bootstrap");
    expect(commands.some((c) => / -- deploy /.test(c))).toBe(true);
    expect(commands.some((c) => / -- synth /.test(c))).toBe(true);
    expect(commands).toContain(
      'printf %s "$SECRET" | npx tsx packages/scripts/put-parameters.ts --app-secret -',
    );
  });
});

describe("cdk synth (the README's command)", () => {
  let template: Template;
  let text: string;
  beforeAll(async () => {
    // A region as a deploy would have from the profile or AWS_REGION (else CDK assumes us-east-1).
    const run = await sh(readmeCommand(/ -- synth /), { AWS_REGION: "ap-south-1" });
    expect(run.status, run.stderr).toBe(0);
    text = readFileSync(OUT, "utf8");
    template = Template.fromJSON(JSON.parse(text));
  }, 180_000);

  it("a nodejs24.x arm64 function, 128-256 MB, 10 s, small reserved concurrency, settings but no secret", () => {
    template.resourceCountIs("AWS::Lambda::Function", 1);
    const [fn] = Object.values(template.findResources("AWS::Lambda::Function")) as Array<{
      Properties: Cfn;
    }>;
    const p = fn?.Properties ?? {};
    expect(p.Runtime).toBe("nodejs24.x");
    expect(p.Architectures).toEqual(["arm64"]);
    expect(p.Handler).toBe("index.handler");
    expect(p.MemorySize).toBeGreaterThanOrEqual(128);
    expect(p.MemorySize).toBeLessThanOrEqual(256);
    expect(p.Timeout).toBe(10);
    expect(p.ReservedConcurrentExecutions).toBeGreaterThan(0);
    expect(p.ReservedConcurrentExecutions).toBeLessThanOrEqual(5);
    expect(Object.keys(p.Environment.Variables).sort()).toEqual(["FYERS_API_URL", "FYERS_SSM_PREFIX"]);
    expect(p.Environment.Variables.FYERS_SSM_PREFIX).toBe("/stock-pipeline/fyers");
    expect(p.Environment.Variables.FYERS_API_URL).toBe("https://api-t1.fyers.in/api/v3");
  });

  it("a public function URL (auth NONE) with both invoke permissions, and the three outputs", () => {
    template.hasResourceProperties("AWS::Lambda::Url", { AuthType: "NONE" });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunctionUrl",
      Principal: "*",
      FunctionUrlAuthType: "NONE",
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "*",
      InvokedViaFunctionUrl: true,
    });
    const outputs = template.findOutputs("*");
    expect(Object.keys(outputs).sort()).toEqual(["FunctionUrl", "LoginLink", "RedirectUrl"]);
    expect(JSON.stringify(outputs.LoginLink?.Value)).toContain('"login"');
    expect(JSON.stringify(outputs.RedirectUrl?.Value)).toContain('"callback"');
  });

  it("a role allowed exactly GetParameters on four parameters, PutParameter on three, KMS via SSM only, its own logs", () => {
    template.resourceCountIs("AWS::IAM::Policy", 1);
    const [policy] = Object.values(template.findResources("AWS::IAM::Policy")) as Array<{
      Properties: Cfn;
    }>;
    const statements = policy?.Properties.PolicyDocument.Statement as Array<Cfn>;
    const arn = (name: string) => ({
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":ssm:ap-south-1:",
          { Ref: "AWS::AccountId" },
          `:parameter/stock-pipeline/fyers/${name}`,
        ],
      ],
    });
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      "OwnLogGroupOnly",
      "ReadAppAndTokens",
      "SecureStringsThroughSsmOnly",
      "WriteTokens",
    ]);
    expect(bySid.ReadAppAndTokens).toMatchObject({ Effect: "Allow", Action: "ssm:GetParameters" });
    expect(bySid.ReadAppAndTokens.Resource).toEqual(
      ["client_id", "app_secret", "access_token", "refresh_token"].map(arn),
    );
    expect(bySid.WriteTokens).toMatchObject({ Effect: "Allow", Action: "ssm:PutParameter" });
    expect(bySid.WriteTokens.Resource).toEqual(["client_id", "access_token", "refresh_token"].map(arn));
    expect(bySid.SecureStringsThroughSsmOnly.Action).toEqual(["kms:Decrypt", "kms:Encrypt"]);
    expect(bySid.SecureStringsThroughSsmOnly.Condition).toEqual({
      StringEquals: { "kms:ViaService": "ssm.ap-south-1.amazonaws.com" },
    });
    expect(bySid.OwnLogGroupOnly.Action).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    // No managed policy and no other SSM action anywhere.
    template.hasResourceProperties("AWS::IAM::Role", { ManagedPolicyArns: Match.absent() });
    expect(text).not.toMatch(/ssm:(DeleteParameter|GetParameter"|GetParametersByPath|\*)/);
    expect(text).not.toContain('"Action": "*"');
  });

  it("a log group with retention, and no secret anywhere in the template", () => {
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
    const fn = Object.values(template.findResources("AWS::Lambda::Function"))[0] as {
      Properties: { LoggingConfig?: unknown };
    };
    expect(JSON.stringify(fn.Properties.LoggingConfig)).toContain("Logs");
    expectNoSecrets(text, [SECRET, "TESTSECRET99"], "the template");
    expect(text).not.toMatch(/app_secret"?\s*:\s*"/);
    expect(text).not.toMatch(/SECRET|PIN|eyJ/);
  });
});

describe("the stack with context: your KMS key and a custom domain", () => {
  it("KMS rights on that key only (still via SSM), and its id and the redirect URI in the settings", () => {
    const app = new App();
    const stack = new CallbackStack(app, "WithKey", {
      prefix: "/my-app/fyers",
      kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
      apiUrl: "https://api-t1.fyers.in/api/v3",
      redirectUri: "https://login.example.com/callback",
      codeDir: join(CALLBACK_DIR, "dist"),
      env: { account: "123456789012", region: "ap-south-1" },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        // arrayWith keeps order: the statements as the stack adds them.
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: "ssm:GetParameters",
            Resource: Match.anyValue(),
          }),
          Match.objectLike({
            Action: ["kms:Decrypt", "kms:Encrypt"],
            Resource: {
              "Fn::Join": [
                "",
                [
                  "arn:",
                  { Ref: "AWS::Partition" },
                  ":kms:ap-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                ],
              ],
            },
            Condition: { StringEquals: { "kms:ViaService": "ssm.ap-south-1.amazonaws.com" } },
          }),
        ]),
      },
    });
    expect(JSON.stringify(template.toJSON())).toContain(":parameter/my-app/fyers/app_secret");
    expect(JSON.stringify(template.toJSON())).not.toContain("/stock-pipeline/");
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: {
          FYERS_SSM_PREFIX: "/my-app/fyers",
          FYERS_SSM_KMS_KEY_ID: "1234abcd-12ab-34cd-56ef-1234567890ab",
          FYERS_REDIRECT_URI: "https://login.example.com/callback",
          FYERS_API_URL: "https://api-t1.fyers.in/api/v3",
        },
      },
    });
  });
});

describe("storing the app secret (the README's command) feeds the callback", () => {
  it("put-parameters.ts --app-secret - stores the SecureString the function then signs its state with", async () => {
    buildBundle();
    const [ssm, fyers] = await Promise.all([startSsmFake(), startFyersFake({ appSecret: SECRET })]);
    try {
      const run = await sh(readmeCommand(/--app-secret -/), {
        SECRET,
        FYERS_CLIENT_ID: fyers.clientId,
        AWS_ENDPOINT_URL_SSM: ssm.endpoint,
        AWS_REGION: "ap-south-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_EC2_METADATA_DISABLED: "true",
      });
      expect(run.status, run.stderr).toBe(0);
      expectNoSecrets(run.stdout + run.stderr, [SECRET], "put-parameters.ts output");
      expect(ssm.parameters.get(PARAMS.appSecret)).toMatchObject({ value: SECRET, type: "SecureString" });
      expect(ssm.parameters.get(PARAMS.clientId)?.value).toBe(fyers.clientId);

      const lambda = await startLocalLambda({
        AWS_ENDPOINT_URL_SSM: ssm.endpoint,
        FYERS_API_URL: fyers.baseUrl,
      });
      try {
        const answer = await lambda.get("/login");
        expect(answer.statusCode).toBe(302);
        // FYERS' fake signs in and sends the browser back: the state must verify with that secret.
        const back = await fetch(answer.headers.location ?? "", { redirect: "manual" });
        const callback = new URL(back.headers.get("location") ?? "");
        const done = await lambda.get("/callback", callback.search);
        expect(done.statusCode, done.body).toBe(200);
      } finally {
        await lambda.close();
      }
    } finally {
      await Promise.all([ssm.close(), fyers.close()]);
    }
  });
});
