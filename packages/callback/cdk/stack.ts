import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";

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
}

/** Parameters the callback reads (in one GetParameters) and the ones it may write. */
const READS = ["client_id", "app_secret", "access_token", "refresh_token"] as const;
const WRITES = ["client_id", "access_token", "refresh_token"] as const;

/** The login callback: one function, its public URL, its logs, a role that can touch only its parameters. */
export class CallbackStack extends Stack {
  constructor(scope: Construct, id: string, props: CallbackStackProps) {
    super(scope, id, props);
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
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "SecureStringsThroughSsmOnly",
        actions: ["kms:Decrypt", "kms:Encrypt"],
        resources: [props.kmsKeyId ? this.keyArn(props.kmsKeyId) : "*"],
        conditions: { StringEquals: { "kms:ViaService": `ssm.${this.region}.amazonaws.com` } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "OwnLogGroupOnly",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [logGroup.logGroupArn],
      }),
    );

    const fn = new lambda.Function(this, "Function", {
      description: "fyers-token: GET /login → FYERS; GET /callback → tokens in SSM",
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "index.handler",
      code: lambda.Code.fromAsset(props.codeDir),
      memorySize: 256,
      timeout: Duration.seconds(10),
      // One person logs in once a day: two at a time is plenty and caps what abuse can cost.
      reservedConcurrentExecutions: 2,
      role,
      logGroup,
      environment: {
        FYERS_SSM_PREFIX: props.prefix,
        FYERS_API_URL: props.apiUrl,
        ...(props.redirectUri ? { FYERS_REDIRECT_URI: props.redirectUri } : {}),
        ...(props.kmsKeyId ? { FYERS_SSM_KMS_KEY_ID: props.kmsKeyId } : {}),
      },
    });

    // Auth NONE: a phone's browser must reach it; the signed state and the fy_id check guard it.
    const url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    new CfnOutput(this, "FunctionUrl", { value: url.url, description: "the function URL" });
    new CfnOutput(this, "LoginLink", {
      value: `${url.url}login`,
      description: "bookmark this; the action's login-link input",
    });
    new CfnOutput(this, "RedirectUrl", {
      value: `${url.url}callback`,
      description: "register this as the app's redirect URL at FYERS",
    });
  }

  private keyArn(kmsKeyId: string): string {
    if (kmsKeyId.startsWith("arn:")) return kmsKeyId;
    // An alias cannot be a resource of kms:Decrypt; a bare key id becomes its ARN.
    if (kmsKeyId.startsWith("alias/")) return "*";
    return this.formatArn({ service: "kms", resource: "key", resourceName: kmsKeyId });
  }
}
