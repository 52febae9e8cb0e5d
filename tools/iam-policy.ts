// Fills in one of the shipped IAM policies for your account, so nobody hand-edits JSON or feeds a
// KMS key ARN to sed. Usage (prints the policy on stdout):
//   npx tsx tools/iam-policy.ts <action|reader> --kms-key <KEY_ID|KEY_ARN|aws-managed>
//     [--account 123456789012] [--region ap-south-1] [--prefix /stock-pipeline/fyers]
// `aws-managed` (the account's alias/aws/ssm key, kms-key-id left empty) drops the KMS statement:
// that key's own policy already lets SSM use it for you.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const POLICIES = { action: "fyers-token-policy.json", reader: "fyers-token-reader-policy.json" } as const;
const SHIPPED_PREFIX = "/stock-pipeline/fyers";
const SHIPPED_KMS_RESOURCE = "arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID";

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}
interface Options {
  kmsKey: string;
  account: string;
  region: string;
  prefix: string;
}

class UsageError extends Error {}

const actions = (s: Statement) => [s.Action].flat();
const isKms = (s: Statement) => actions(s).some((a) => a.startsWith("kms:"));

/** The key's ARN; an alias cannot be a policy Resource, so it is refused with the command that resolves it. */
function kmsKeyArn({ kmsKey, account, region }: Options): string {
  if (kmsKey.startsWith("alias/") || /^arn:aws[\w-]*:kms:[^:]*:\d*:alias\//.test(kmsKey)) {
    throw new UsageError(
      `--kms-key: ${kmsKey} is an alias, and an IAM policy names a key by its ARN; pass --kms-key "$(aws kms describe-key --key-id ${kmsKey} --query KeyMetadata.Arn --output text)"`,
    );
  }
  if (/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(kmsKey)) return kmsKey;
  if (!/^(?:mrk-)?[0-9a-f]{8}-?[0-9a-f-]{0,36}$/i.test(kmsKey)) {
    throw new UsageError(
      `--kms-key: ${kmsKey} is not a KMS key id, key ARN or "aws-managed"; find yours with: aws kms list-aliases`,
    );
  }
  if (account === "*" || region === "*") {
    throw new UsageError("--kms-key: a bare key id needs --account and --region (or pass the key's ARN)");
  }
  return `arn:aws:kms:${region}:${account}:key/${kmsKey}`;
}

export function fillPolicy(policy: Policy, options: Options): Policy {
  const ssmPrefix = `arn:aws:ssm:*:*:parameter${SHIPPED_PREFIX}/`;
  const ownPrefix = `arn:aws:ssm:${options.region}:${options.account}:parameter${options.prefix}/`;
  const keyArn = options.kmsKey === "aws-managed" ? undefined : kmsKeyArn(options);
  const resource = (r: string) => {
    if (r === SHIPPED_KMS_RESOURCE && keyArn) return keyArn;
    if (r.startsWith(ssmPrefix)) return ownPrefix + r.slice(ssmPrefix.length);
    throw new Error(`unexpected Resource ${r} in the shipped policy`);
  };
  const statements = policy.Statement.filter((s) => keyArn !== undefined || !isKms(s)).map((s) => ({
    ...s,
    Resource: Array.isArray(s.Resource) ? s.Resource.map(resource) : resource(s.Resource),
  }));
  return { Version: policy.Version, Statement: statements };
}

function parseOptions(argv: string[]): { role: keyof typeof POLICIES; options: Options } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "kms-key": { type: "string" },
      account: { type: "string", default: "*" },
      region: { type: "string", default: "*" },
      prefix: { type: "string", default: SHIPPED_PREFIX },
    },
  });
  const role = positionals[0];
  if (positionals.length !== 1 || (role !== "action" && role !== "reader")) {
    throw new UsageError("name the policy: action (the workflow's role) or reader (your programs' role)");
  }
  const kmsKey = values["kms-key"];
  if (!kmsKey) {
    throw new UsageError(
      '--kms-key is required: your key id or ARN, or "aws-managed" for the alias/aws/ssm key',
    );
  }
  if (values.account !== "*" && !/^\d{12}$/.test(values.account)) {
    throw new UsageError(`--account: ${values.account} is not a 12-digit AWS account id`);
  }
  if (values.region !== "*" && !/^[a-z]{2}(?:-[a-z]+)+-\d$/.test(values.region)) {
    throw new UsageError(`--region: ${values.region} is not an AWS region such as ap-south-1`);
  }
  if (!/^(?:\/[A-Za-z0-9_.-]+)+$/.test(values.prefix)) {
    throw new UsageError(`--prefix: ${values.prefix} is not an SSM path such as /stock-pipeline/fyers`);
  }
  return { role, options: { kmsKey, account: values.account, region: values.region, prefix: values.prefix } };
}

function main() {
  try {
    const { role, options } = parseOptions(process.argv.slice(2));
    const file = new URL(`../docs/iam/${POLICIES[role]}`, import.meta.url);
    const policy = fillPolicy(JSON.parse(readFileSync(file, "utf8")) as Policy, options);
    process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(`iam-policy: ${(error as Error).message}`);
    if (usage)
      console.error(
        "usage: npx tsx tools/iam-policy.ts <action|reader> --kms-key <KEY_ID|KEY_ARN|aws-managed> [--account ID] [--region R] [--prefix P]",
      );
    process.exitCode = usage ? 2 : 1;
  }
}

main();
