import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { DeployContext, GitHubSettings } from "./context.js";
import { GitHubActionsRole } from "./github-role.js";
import { AWS_MANAGED_KEY, iamPolicy, kmsKeyArn, type PolicyOptions } from "./iam-policies.js";

export interface CallbackStackProps extends StackProps {
  /** The SSM prefix the tokens live under, e.g. /stock-pipeline/fyers. */
  prefix: string;
  /** The KMS key of the SecureStrings (key id or ARN); the account's aws/ssm key when absent. */
  kmsKeyId?: string | undefined;
  apiUrl: string;
  /** Only for a custom domain in front of the function URL. */
  redirectUri?: string | undefined;
  /** Folder holding index.mjs (the built handler). */
  codeDir: string;
  /** The owner's FYERS user id: the function refuses a login by anyone else. */
  fyId?: string | undefined;
  /** Only on request: a new account's quota (10) is all unreserved, so any reservation fails there. */
  reservedConcurrency?: number | undefined;
  /** With a repository: the GitHub Actions role the workflow assumes. */
  github?: GitHubSettings | undefined;
}

/** The stack's props from the checked context: the app and the tests build the same stack. */
export function stackPropsFor(
  settings: DeployContext,
  account: string | undefined,
  codeDir: string,
): CallbackStackProps {
  return {
    prefix: settings.prefix,
    kmsKeyId: settings.kmsKeyId,
    apiUrl: settings.apiUrl,
    redirectUri: settings.redirectUri,
    fyId: settings.fyId,
    reservedConcurrency: settings.reservedConcurrency,
    github: settings.github,
    codeDir,
    // Region always explicit (context.ts); the account is the credentials' one, unknown offline.
    env: { region: settings.target.region, ...(account ? { account } : {}) },
    description:
      "fyers-token: the login callback (Lambda function URL), the readers' policy, the GitHub Actions role",
  };
}

/** Parameters the callback reads (in one GetParameters) and the ones it may write. */
const READS = ["client_id", "app_secret", "access_token", "refresh_token"] as const;
const WRITES = ["client_id", "access_token", "refresh_token"] as const;

/**
 * Every AWS part of fyers-token: the login callback (one function, its public URL, its logs, a
 * role that can touch only its parameters), the readers' managed policy and, with a repository,
 * the GitHub Actions role.
 */
export class CallbackStack extends Stack {
  constructor(scope: Construct, id: string, props: CallbackStackProps) {
    super(scope, id, props);
    const policyOptions: PolicyOptions = {
      kmsKey: props.kmsKeyId || AWS_MANAGED_KEY,
      account: this.account,
      region: this.region,
      prefix: props.prefix,
    };

    const url = this.callback(props, policyOptions);
    const redirectUrl = props.redirectUri ?? `${url}callback`;

    const readerPolicy = new iam.ManagedPolicy(this, "ReaderPolicy", {
      description: `fyers-token readers: the access token and client id under ${props.prefix}`,
      document: iam.PolicyDocument.fromJson(iamPolicy("reader", policyOptions, "-c kmsKeyId")),
    });

    new CfnOutput(this, "FunctionUrl", { value: url, description: "the login callback's URL" });
    new CfnOutput(this, "RedirectUrl", {
      value: redirectUrl,
      description: "register this as the app's Redirect URL at FYERS (myapi.fyers.in), exactly",
    });
    new CfnOutput(this, "ReaderPolicyArn", {
      value: readerPolicy.managedPolicyArn,
      description: "attach to the role of a program that reads the token (e.g. an ingestion Lambda)",
    });

    const steps: string[] = [];
    if (props.github) {
      const github = new GitHubActionsRole(this, "GitHubActions", {
        subject: props.github.subject,
        oidc: props.github.oidc,
        policy: iamPolicy("action", policyOptions, "-c kmsKeyId"),
      });
      new CfnOutput(this, "ActionRoleArn", {
        value: github.role.roleArn,
        description: `the workflow's role-to-assume (${props.github.subject})`,
      });
      steps.push(
        `gh variable set FYERS_AWS_ROLE_ARN --body ${github.role.roleArn} --repo ${props.github.repo}`,
        `gh variable set AWS_REGION --body ${this.region} --repo ${props.github.repo}`,
      );
    }
    steps.push(
      `set your FYERS app's Redirect URL (myapi.fyers.in) to ${redirectUrl}`,
      'read -rs S && printf %s "$S" | FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts --app-secret -',
      `npx tsx packages/scripts/login-link.ts --url ${url}`,
    );
    // One line per step after "N) ": tools/cdk.mjs prints them one under another after a deploy.
    new CfnOutput(this, "NextSteps", {
      value: steps.map((step, i) => `${i + 1}) ${step}`).join("  "),
      description: "what to run next, from the repository root",
    });
  }

  /** The login callback; returns its function URL (`https://….on.aws/`). */
  private callback(props: CallbackStackProps, policyOptions: PolicyOptions): string {
    const parameterArn = (name: string) =>
      this.formatArn({
        service: "ssm",
        resource: "parameter",
        resourceName: `${props.prefix.replace(/^\//, "")}/${name}`,
      });

    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Written out in full, no managed policy: what this role may do is exactly what is listed here.
    const role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "fyers-token login callback: read its four SSM parameters, write the three token ones",
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadAppAndTokens",
        actions: ["ssm:GetParameters"],
        resources: READS.map(parameterArn),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "WriteTokens",
        actions: ["ssm:PutParameter"],
        resources: WRITES.map(parameterArn),
      }),
    );
    // The AWS-managed aws/ssm key's own policy already lets SSM use it for the account: no statement.
    if (props.kmsKeyId) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: "SecureStringsThroughSsmOnly",
          actions: ["kms:Decrypt", "kms:Encrypt"],
          resources: [kmsKeyArn(policyOptions, "-c kmsKeyId")],
          conditions: { StringEquals: { "kms:ViaService": `ssm.${this.region}.amazonaws.com` } },
        }),
      );
    }
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "OwnLogGroupOnly",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [logGroup.logGroupArn],
      }),
    );

    const fn = new lambda.Function(this, "Function", {
      description: "fyers-token: GET /login?k=… → FYERS; GET /callback → tokens in SSM",
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "index.handler",
      code: lambda.Code.fromAsset(props.codeDir),
      memorySize: 256,
      timeout: Duration.seconds(10),
      // The callback bounds its own FYERS and SSM use; a reservation is opt-in (see the props).
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      role,
      logGroup,
      environment: {
        FYERS_SSM_PREFIX: props.prefix,
        FYERS_API_URL: props.apiUrl,
        ...(props.fyId ? { FYERS_FY_ID: props.fyId } : {}),
        ...(props.redirectUri ? { FYERS_REDIRECT_URI: props.redirectUri } : {}),
        ...(props.kmsKeyId ? { FYERS_SSM_KMS_KEY_ID: props.kmsKeyId } : {}),
      },
    });

    // Auth NONE: a phone's browser must reach it; the login-link key, the signed state and the fy_id check guard it.
    return fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }).url;
  }
}
