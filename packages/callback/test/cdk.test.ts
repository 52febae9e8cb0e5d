// The CDK app for every AWS part: the README's `npm run cdk -- synth …` run from the repository root
// as a person runs it, the refusal without a region, then the stack's variants built in-process
// from the same context checks and asserted with aws-cdk-lib/assertions, cdk-nag included; and the
// README's "store the secret" command run against the SSM fake, feeding a real /login.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTsx, startFyersFake, startSsmFake } from "@fyers-token/testkit";
import { expectNoSecrets, REPO } from "@fyers-token/testkit/harness";
import { App, Aspects } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { nextSteps } from "../../../tools/cdk-next-steps.mjs";
import { ContextError, readDeployContext } from "../cdk/context.js";
import { CallbackStack, stackPropsFor } from "../cdk/stack.js";
import { buildBundle, CALLBACK_DIR, ownerQuery, PARAMS, startLocalLambda } from "./support/lambda.js";
import { readmeCommand, readmeCommands } from "./support/readme.js";

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, asserted field by field
type Cfn = Record<string, any>;

const OUT = join(CALLBACK_DIR, "cdk/cdk.out/FyersTokenCallback.template.json");
const SECRET = "app-secret-from-the-readme-7Q";
const ACCOUNT = "123456789012";
const REGION = "ap-south-1";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
const OIDC_AUD = "token.actions.githubusercontent.com:aud";
const OIDC_SUB = "token.actions.githubusercontent.com:sub";
const NOWHERE = join(mkdtempSync(join(tmpdir(), "fyers-cdk-")), "no-aws-config");

/** The environment of a shell with no AWS set-up at all: no region, no profile, no credentials. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(AWS_|CDK_)/.test(name)) delete env[name];
  return {
    ...env,
    AWS_CONFIG_FILE: NOWHERE,
    AWS_SHARED_CREDENTIALS_FILE: NOWHERE,
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

/** Runs a README command as a person would, in a shell at the repository root (async: the fakes live in this process). */
function sh(
  command: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn("sh", ["-c", command], { cwd: REPO, env });
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

/** A folder with a stand-in handler: the in-process stacks assert the template, not the bundle (the synth above ships the real one). */
const CODE_DIR = (() => {
  const dir = mkdtempSync(join(tmpdir(), "fyers-cdk-code-"));
  writeFileSync(join(dir, "index.mjs"), "export const handler = async () => ({ statusCode: 204 });\n");
  return dir;
})();

/** The stack the app would build for `-c name=value …` (same checks, same props), in an account. */
function stackFor(context: Record<string, string>, env: Record<string, string> = { AWS_REGION: REGION }) {
  const settings = readDeployContext(
    (name) => context[name],
    { AWS_CONFIG_FILE: NOWHERE, ...env },
    Object.keys(context),
  );
  return new CallbackStack(new App(), settings.stackName, stackPropsFor(settings, ACCOUNT, CODE_DIR));
}
const templateFor = (context: Record<string, string>) => Template.fromStack(stackFor(context));

function refusal(
  context: Record<string, string>,
  env: Record<string, string> = { AWS_REGION: REGION },
): string {
  try {
    stackFor(context, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ContextError);
    return (error as Error).message;
  }
  throw new Error(`-c ${JSON.stringify(context)} was accepted`);
}

const only = (template: Template, type: string): Cfn => {
  const found = Object.values(template.findResources(type));
  expect(found, type).toHaveLength(1);
  return (found[0] as Cfn).Properties;
};
const functionEnv = (template: Template) => only(template, "AWS::Lambda::Function").Environment.Variables;

/** The GitHub Actions role: the one whose trust is a web identity. */
function actionRole(template: Template): Cfn {
  const roles = Object.values(template.findResources("AWS::IAM::Role")) as Cfn[];
  const federated = roles.filter(
    (r) => r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Federated,
  );
  expect(federated).toHaveLength(1);
  return (federated[0] as Cfn).Properties;
}

async function printedPolicy(args: string[]): Promise<unknown> {
  const run = await runTsx(join(REPO, "tools/iam-policy.ts"), args, { cwd: REPO, env: process.env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe("the README's callback set-up", () => {
  it("shows the root synth command and the app secret's command", () => {
    const commands = readmeCommands();
    expect(commands.some((c) => /^npm run cdk -- synth .*-c fyId=\S+ .*-c repo=\S+/.test(c))).toBe(true);
    expect(commands).toContain(
      'printf %s "$SECRET" | FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts --app-secret -',
    );
  });
});

describe("npm run cdk -- synth, from the repository root", () => {
  it("without a region: refused (exit ≠ 0) naming the three ways to set one, before any template", async () => {
    const run = await sh("npm run cdk -- synth -c fyId=XA12345", bareEnv());
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("no AWS region chosen, and the CDK would silently use us-east-1");
    expect(run.stderr).toContain("-c region=ap-south-1");
    expect(run.stderr).toContain("export AWS_REGION=ap-south-1");
    expect(run.stderr).toContain("aws configure set region ap-south-1");
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 120_000);

  describe("the README's command, with AWS_REGION and no credentials (offline)", () => {
    let template: Template;
    let text: string;
    let stderr: string;
    beforeAll(async () => {
      const run = await sh(readmeCommand(/ -- synth /), bareEnv({ AWS_REGION: REGION }));
      expect(run.status, run.stderr).toBe(0);
      stderr = run.stderr;
      text = readFileSync(OUT, "utf8");
      template = Template.fromJSON(JSON.parse(text));
    }, 180_000);

    it("prints the account and region it targets on stderr", () => {
      expect(stderr).toMatch(/fyers-token: target account .*, region ap-south-1 \(from AWS_REGION\)/);
    });

    it("a nodejs24.x arm64 function, 128-256 MB, 10 s, no reserved concurrency, the owner pinned, no secret", () => {
      const p = only(template, "AWS::Lambda::Function");
      expect(p.Runtime).toBe("nodejs24.x");
      expect(p.Architectures).toEqual(["arm64"]);
      expect(p.Handler).toBe("index.handler");
      expect(p.MemorySize).toBeGreaterThanOrEqual(128);
      expect(p.MemorySize).toBeLessThanOrEqual(256);
      expect(p.Timeout).toBe(10);
      expect(p.ReservedConcurrentExecutions).toBeUndefined();
      expect(p.Environment.Variables).toEqual({
        FYERS_SSM_PREFIX: "/stock-pipeline/fyers",
        FYERS_API_URL: "https://api-t1.fyers.in/api/v3",
        FYERS_FY_ID: "XA12345",
      });
    });

    it("a public function URL (auth NONE) with both invoke permissions", () => {
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
    });

    it("the GitHub Actions role of the README's repository, and the five outputs", () => {
      const role = actionRole(template);
      expect(role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals[OIDC_SUB]).toMatch(
        /^repo:[^:]+\/[^:]+:ref:refs\/heads\/main$/,
      );
      expect(Object.keys(template.findOutputs("*")).sort()).toEqual([
        "ActionRoleArn",
        "FunctionUrl",
        "NextSteps",
        "ReaderPolicyArn",
        "RedirectUrl",
      ]);
    });

    it("a log group with retention, and no secret anywhere in the template", () => {
      template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
      const fn = only(template, "AWS::Lambda::Function");
      expect(JSON.stringify(fn.LoggingConfig)).toContain("Logs");
      expectNoSecrets(text, [SECRET, "TESTSECRET99"], "the template");
      expect(text).not.toMatch(/app_secret"?\s*:\s*"/);
      expect(text).not.toMatch(/SECRET|PIN|eyJ/);
    });
  });
});

describe("the callback alone (no -c repo)", () => {
  const template = templateFor({});

  it("the callback's role: GetParameters on four parameters, PutParameter on three, its own logs, no KMS statement", () => {
    const role = only(template, "AWS::IAM::Role");
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: "lambda.amazonaws.com" });
    expect(role.ManagedPolicyArns).toBeUndefined();
    const statements = only(template, "AWS::IAM::Policy").PolicyDocument.Statement as Cfn[];
    const arn = (name: string) => ({
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          `:ssm:${REGION}:${ACCOUNT}:parameter/stock-pipeline/fyers/${name}`,
        ],
      ],
    });
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(["OwnLogGroupOnly", "ReadAppAndTokens", "WriteTokens"]);
    expect(bySid.ReadAppAndTokens).toMatchObject({ Effect: "Allow", Action: "ssm:GetParameters" });
    expect(bySid.ReadAppAndTokens.Resource).toEqual(
      ["client_id", "app_secret", "access_token", "refresh_token"].map(arn),
    );
    expect(bySid.WriteTokens).toMatchObject({ Effect: "Allow", Action: "ssm:PutParameter" });
    expect(bySid.WriteTokens.Resource).toEqual(["client_id", "access_token", "refresh_token"].map(arn));
    expect(bySid.OwnLogGroupOnly.Action).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    // The AWS-managed aws/ssm key: its own key policy lets SSM use it, so no KMS right anywhere.
    expect(JSON.stringify(template.toJSON())).not.toContain("kms:");
  });

  it("no GitHub role, no OIDC provider, no owner pin, no reserved concurrency", () => {
    template.resourceCountIs("AWS::IAM::Role", 1);
    template.resourceCountIs("AWS::IAM::OIDCProvider", 0);
    expect(functionEnv(template).FYERS_FY_ID).toBeUndefined();
    expect(only(template, "AWS::Lambda::Function").ReservedConcurrentExecutions).toBeUndefined();
  });

  it("the readers' managed policy is `iam-policy.ts reader` for the same prefix, account, region and key", async () => {
    const policy = only(template, "AWS::IAM::ManagedPolicy");
    expect(policy.PolicyDocument).toEqual(
      await printedPolicy(["reader", "--kms-key", "aws-managed", "--account", ACCOUNT, "--region", REGION]),
    );
  });

  it("outputs FunctionUrl, RedirectUrl, ReaderPolicyArn and the next steps, the login link by its command", () => {
    const outputs = template.findOutputs("*");
    expect(Object.keys(outputs).sort()).toEqual([
      "FunctionUrl",
      "NextSteps",
      "ReaderPolicyArn",
      "RedirectUrl",
    ]);
    const [urlId] = Object.keys(template.findResources("AWS::Lambda::Url"));
    const [readerId] = Object.keys(template.findResources("AWS::IAM::ManagedPolicy"));
    expect(outputs.FunctionUrl?.Value).toEqual({ "Fn::GetAtt": [urlId, "FunctionUrl"] });
    expect(outputs.RedirectUrl?.Value).toEqual({
      "Fn::Join": ["", [{ "Fn::GetAtt": [urlId, "FunctionUrl"] }, "callback"]],
    });
    expect(outputs.ReaderPolicyArn?.Value).toEqual({ Ref: readerId });
    expect(
      rendered(outputs.NextSteps?.Value, { FunctionUrl: "https://abc.lambda-url.ap-south-1.on.aws/" }),
    ).toContain("npx tsx packages/scripts/login-link.ts --url https://abc.lambda-url.ap-south-1.on.aws/");
  });
});

/** An output's Fn::Join with every token replaced by a readable stand-in, as the deploy fills it in. */
function rendered(value: Cfn | string, stand: Record<string, string>): string {
  if (typeof value === "string") return value;
  const [, parts] = value["Fn::Join"] as [string, Array<string | Cfn>];
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      const attr = part["Fn::GetAtt"] as [string, string];
      return stand[attr[1]] ?? `<${attr.join(".")}>`;
    })
    .join("");
}

describe("-c repo=me/fyers: the GitHub Actions role", () => {
  const template = templateFor({ repo: "me/fyers", fyId: "XA12345" });

  it("trusts only the account's GitHub OIDC provider (its standard ARN), audience sts, sub = main of that repository", () => {
    const role = actionRole(template);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: "Allow",
        Action: "sts:AssumeRoleWithWebIdentity",
        Principal: {
          Federated: {
            "Fn::Join": [
              "",
              [
                "arn:",
                { Ref: "AWS::Partition" },
                `:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
              ],
            ],
          },
        },
        Condition: {
          StringEquals: { [OIDC_AUD]: "sts.amazonaws.com", [OIDC_SUB]: "repo:me/fyers:ref:refs/heads/main" },
        },
      },
    ]);
    template.resourceCountIs("AWS::IAM::OIDCProvider", 0);
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  it("its one inline policy EQUALS what `tools/iam-policy.ts action` prints for the same prefix, account and region", async () => {
    const policies = actionRole(template).Policies as Cfn[];
    expect(policies).toHaveLength(1);
    expect(policies[0]?.PolicyDocument).toEqual(
      await printedPolicy(["action", "--kms-key", "aws-managed", "--account", ACCOUNT, "--region", REGION]),
    );
  });

  it("outputs ActionRoleArn, and the next steps with the role, the region, the redirect URL and the login-link command", () => {
    const outputs = template.findOutputs("*");
    const roleId = Object.entries(template.findResources("AWS::IAM::Role")).find(
      ([, r]) => (r as Cfn).Properties.AssumeRolePolicyDocument.Statement[0].Principal.Federated,
    )?.[0];
    expect(outputs.ActionRoleArn?.Value).toEqual({ "Fn::GetAtt": [roleId, "Arn"] });
    const steps = nextSteps(
      rendered(outputs.NextSteps?.Value, {
        Arn: "arn:aws:iam::123456789012:role/Action",
        FunctionUrl: "https://abc.lambda-url.ap-south-1.on.aws/",
      }),
    );
    expect(steps).toEqual([
      "1) gh variable set FYERS_AWS_ROLE_ARN --body arn:aws:iam::123456789012:role/Action --repo me/fyers",
      "2) gh variable set AWS_REGION --body ap-south-1 --repo me/fyers",
      "3) set your FYERS app's Redirect URL (myapi.fyers.in) to https://abc.lambda-url.ap-south-1.on.aws/callback",
      '4) read -rs S && printf %s "$S" | FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts --app-secret -',
      "5) npx tsx packages/scripts/login-link.ts --url https://abc.lambda-url.ap-south-1.on.aws/",
    ]);
  });

  it("fyId becomes the function's FYERS_FY_ID (upper-cased as FYERS prints it)", () => {
    expect(functionEnv(template).FYERS_FY_ID).toBe("XA12345");
    expect(functionEnv(templateFor({ fyId: "xa12345" })).FYERS_FY_ID).toBe("XA12345");
  });

  const sub = (context: Record<string, string>) =>
    actionRole(templateFor(context)).AssumeRolePolicyDocument.Statement[0].Condition.StringEquals;

  it("-c ref=refs/heads/live trusts that branch; -c environment=production that environment, instead of main", () => {
    expect(sub({ repo: "me/fyers", ref: "refs/heads/live" })).toEqual({
      [OIDC_AUD]: "sts.amazonaws.com",
      [OIDC_SUB]: "repo:me/fyers:ref:refs/heads/live",
    });
    expect(sub({ repo: "me/fyers", environment: "production" })).toEqual({
      [OIDC_AUD]: "sts.amazonaws.com",
      [OIDC_SUB]: "repo:me/fyers:environment:production",
    });
  });

  it("-c githubOidc=create creates the provider (native, audience sts) and the role trusts that one", () => {
    const created = templateFor({ repo: "me/fyers", githubOidc: "create" });
    const provider = created.findResources("AWS::IAM::OIDCProvider");
    expect(Object.keys(provider)).toHaveLength(1);
    const [id, resource] = Object.entries(provider)[0] as [string, Cfn];
    expect(resource.Properties).toMatchObject({
      Url: "https://token.actions.githubusercontent.com",
      ClientIdList: ["sts.amazonaws.com"],
    });
    created.resourceCountIs("Custom::AWSCDKOpenIdConnectProvider", 0);
    const federated = actionRole(created).AssumeRolePolicyDocument.Statement[0].Principal.Federated;
    expect(JSON.stringify(federated)).toContain(id);
  });
});

describe("-c reservedConcurrency", () => {
  it("absent by default (a new account's 10 are all unreserved); N with the context", () => {
    expect(only(templateFor({}), "AWS::Lambda::Function").ReservedConcurrentExecutions).toBeUndefined();
    expect(
      only(templateFor({ reservedConcurrency: "3" }), "AWS::Lambda::Function").ReservedConcurrentExecutions,
    ).toBe(3);
  });
});

describe("KMS by the book", () => {
  const kmsStatements = (template: Template) => {
    const documents = [
      ...Object.values(template.findResources("AWS::IAM::Policy")).map(
        (p) => (p as Cfn).Properties.PolicyDocument,
      ),
      ...Object.values(template.findResources("AWS::IAM::ManagedPolicy")).map(
        (p) => (p as Cfn).Properties.PolicyDocument,
      ),
      ...(actionRole(template).Policies as Cfn[]).map((p) => p.PolicyDocument),
    ];
    return documents.flatMap((d) =>
      (d.Statement as Cfn[]).filter((s) => JSON.stringify(s.Action).includes("kms:")),
    );
  };

  it("a key id: the exact key ARN in the callback's, the action's and the readers' policies, via SSM only; the id in the settings", async () => {
    const template = templateFor({ repo: "me/fyers", kmsKeyId: KEY_ID, prefix: "/my-app/fyers" });
    const statements = kmsStatements(template);
    expect(statements).toHaveLength(3);
    for (const s of statements) expect(s.Resource).toBe(KEY_ARN);
    expect(statements.find((s) => s.Sid === "SecureStringsThroughSsmOnly")?.Condition).toEqual({
      StringEquals: { "kms:ViaService": "ssm.ap-south-1.amazonaws.com" },
    });
    expect(functionEnv(template).FYERS_SSM_KMS_KEY_ID).toBe(KEY_ID);
    const args = ["--kms-key", KEY_ID, "--account", ACCOUNT, "--region", REGION, "--prefix", "/my-app/fyers"];
    expect((actionRole(template).Policies as Cfn[])[0]?.PolicyDocument).toEqual(
      await printedPolicy(["action", ...args]),
    );
    expect(only(template, "AWS::IAM::ManagedPolicy").PolicyDocument).toEqual(
      await printedPolicy(["reader", ...args]),
    );
    const text = JSON.stringify(template.toJSON());
    expect(text).toContain(":parameter/my-app/fyers/app_secret");
    expect(text).not.toContain("/stock-pipeline/");
  });

  it("a key ARN: that ARN; aws-managed: no KMS statement at all", () => {
    for (const s of kmsStatements(templateFor({ repo: "me/fyers", kmsKeyId: KEY_ARN })))
      expect(s.Resource).toBe(KEY_ARN);
    expect(kmsStatements(templateFor({ repo: "me/fyers", kmsKeyId: "aws-managed" }))).toEqual([]);
  });

  it("bad input: an alias (name or ARN) is refused at synth with the command that gives its key ARN", () => {
    expect(refusal({ kmsKeyId: "alias/fyers" })).toBe(
      '-c kmsKeyId: alias/fyers is an alias, and an IAM policy names a key by its ARN; pass -c kmsKeyId="$(aws kms describe-key --key-id alias/fyers --query KeyMetadata.Arn --output text)"',
    );
    expect(refusal({ kmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/fyers` })).toMatch(/is an alias/);
    expect(refusal({ kmsKeyId: "*" })).toMatch(
      /-c kmsKeyId: \* is not a KMS key id, key ARN or "aws-managed"/,
    );
  });
});

describe("cdk-nag AwsSolutionsChecks", () => {
  it.each([
    ["the callback alone", {}],
    [
      "with the role, a created provider, a key, the owner and a reservation",
      { repo: "me/fyers", githubOidc: "create", kmsKeyId: KEY_ID, fyId: "XA12345", reservedConcurrency: "2" },
    ],
    ["with an imported provider and an environment", { repo: "me/fyers", environment: "production" }],
  ])("no error and no warning: %s", (_name, context: Record<string, string>) => {
    const stack = stackFor(context);
    Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
    Template.fromStack(stack); // synthesises, running the checks
    const annotations = Annotations.fromStack(stack);
    const findings = [
      ...annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-")),
      ...annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-")),
    ].map((m) => `${m.id}: ${String(m.entry.data).slice(0, 120)}`);
    expect(findings).toEqual([]);
  });
});

describe("bad input: every context value is checked at synth, naming it and an example", () => {
  it.each<[Record<string, string>, RegExp]>([
    [{ fyId: "12345" }, /^-c fyId=12345: is not a FYERS user id .*; e\.g\. -c fyId=XA12345$/],
    [{ fyId: "XA 12345" }, /^-c fyId=XA 12345: is not a FYERS user id/],
    [{ repo: "fyers" }, /^-c repo=fyers: is not a GitHub repository OWNER\/REPO; e\.g\. -c repo=me\/fyers$/],
    [{ repo: "me/fy ers" }, /^-c repo=me\/fy ers: is not a GitHub repository/],
    [{ repo: "me/*" }, /^-c repo=me\/\*: is not a GitHub repository/],
    [
      { repo: "me/fyers", ref: "main" },
      /^-c ref=main: is not a full branch or tag ref.*e\.g\. -c ref=refs\/heads\/main$/,
    ],
    [{ repo: "me/fyers", ref: "refs/heads/*" }, /^-c ref=refs\/heads\/\*: is not a full branch or tag ref/],
    [
      { repo: "me/fyers", ref: "refs/heads/main", environment: "prod" },
      /^-c ref and -c environment: give one/,
    ],
    [{ repo: "me/fyers", environment: "prod:x" }, /^-c environment=prod:x: is not a GitHub environment name/],
    [{ environment: "production" }, /^-c environment needs -c repo=OWNER\/REPO/],
    [{ githubOidc: "create" }, /^-c githubOidc needs -c repo=OWNER\/REPO/],
    [{ repo: "me/fyers", githubOidc: "yes" }, /^-c githubOidc=yes: is create .* or import/],
    [{ reservedConcurrency: "0" }, /^-c reservedConcurrency=0: is a positive whole number/],
    [{ reservedConcurrency: "-1" }, /^-c reservedConcurrency=-1: is a positive whole number/],
    [{ reservedConcurrency: "2.5" }, /^-c reservedConcurrency=2\.5: is a positive whole number/],
    [{ reservedConcurrency: "two" }, /^-c reservedConcurrency=two: is a positive whole number/],
    [{ region: "mumbai" }, /^-c region: "mumbai" is not an AWS region such as ap-south-1$/],
    [{ prefix: "/stock-pipeline/*" }, /^-c prefix=\/stock-pipeline\/\*: is not an SSM path/],
    [{ fyid: "XA12345" }, /^-c fyid: did you mean -c fyId=…\?$/],
    [{ apiUrl: "http://api.example.com" }, /^-c apiUrl: must be an https:\/\/ URL/],
    [{ stackName: "my stack" }, /^-c stackName=my stack: is not a CloudFormation stack name/],
  ])("%j is refused", (context, message) => {
    expect(refusal(context)).toMatch(message);
  });
});

describe("the region: chosen by the user, never the CDK's us-east-1", () => {
  it("-c region wins, then AWS_REGION, AWS_DEFAULT_REGION, the profile's region (AWS_PROFILE); none: refused", () => {
    const config = join(mkdtempSync(join(tmpdir(), "fyers-cdk-aws-")), "config");
    writeFileSync(config, "[default]\noutput = json\n\n[profile trader]\nregion = ap-south-1\n");
    const region = (context: Record<string, string>, env: Record<string, string>) =>
      readDeployContext((name) => context[name], env).target;
    expect(region({ region: "eu-west-1" }, { AWS_REGION: "ap-south-1" })).toEqual({
      region: "eu-west-1",
      from: "-c region",
    });
    expect(region({}, { AWS_REGION: "ap-south-1", AWS_DEFAULT_REGION: "eu-west-1" }).from).toBe("AWS_REGION");
    expect(region({}, { AWS_DEFAULT_REGION: "eu-west-1", AWS_CONFIG_FILE: config })).toEqual({
      region: "eu-west-1",
      from: "AWS_DEFAULT_REGION",
    });
    expect(region({}, { AWS_PROFILE: "trader", AWS_CONFIG_FILE: config })).toEqual({
      region: "ap-south-1",
      from: "AWS profile trader",
    });
    // The CLI's own fallback arrives as CDK_DEFAULT_REGION: it is not a choice.
    expect(refusal({}, { AWS_CONFIG_FILE: config, CDK_DEFAULT_REGION: "us-east-1" })).toMatch(
      /^no AWS region chosen.*-c region=ap-south-1.*export AWS_REGION=ap-south-1.*aws configure set region ap-south-1/,
    );
  });
});

describe("tools/iam-policy.ts --help", () => {
  it("exits 0 with its usage and an example on stdout, nothing on stderr", async () => {
    for (const flag of ["--help", "-h"]) {
      const run = await runTsx(join(REPO, "tools/iam-policy.ts"), [flag], { cwd: REPO, env: process.env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^usage: npx tsx tools\/iam-policy\.ts <action\|reader> --kms-key/);
      expect(run.stdout).toContain("example: npx tsx tools/iam-policy.ts action --kms-key aws-managed");
      expect(run.stderr).toBe("");
    }
  });
});

describe("storing the app secret (the README's command) feeds the callback", () => {
  it("put-parameters.ts --app-secret - stores the SecureString the function then signs its state with", async () => {
    buildBundle();
    const [ssm, fyers] = await Promise.all([startSsmFake(), startFyersFake({ appSecret: SECRET })]);
    try {
      // As written: the command itself names the app id (the fake's is the README's example id).
      const { FYERS_CLIENT_ID: _unset, ...shell } = process.env;
      const run = await sh(readmeCommand(/--app-secret -/), {
        ...shell,
        SECRET,
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
        const answer = await lambda.get("/login", ownerQuery(SECRET));
        expect(answer.statusCode).toBe(302);
        // FYERS' fake signs in and sends the browser back: the state must verify with that secret.
        const back = await fetch(answer.headers.location ?? "", { redirect: "manual" });
        const callback = new URL(back.headers.get("location") ?? "");
        // The browser sends back the cookie /login set (its name=value only).
        const cookies = (answer.cookies ?? []).map((c) => c.split(";")[0] ?? "");
        const done = await lambda.get("/callback", callback.search, { cookies });
        expect(done.statusCode, done.body).toBe(200);
      } finally {
        await lambda.close();
      }
    } finally {
      await Promise.all([ssm.close(), fyers.close()]);
    }
  });
});
