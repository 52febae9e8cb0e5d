// Fills in one of the shipped IAM policies for your account, so nobody hand-edits JSON or feeds a
// KMS key ARN to sed. The filling is packages/callback/cdk/iam-policies.ts, which the CDK stack
// uses too: this prints exactly what `npm run cdk -- deploy` grants.
import { parseArgs } from "node:util";
import {
  AWS_MANAGED_KEY,
  iamPolicy,
  PolicyInputError,
  type PolicyOptions,
  type PolicyRole,
  SHIPPED_PREFIX,
} from "../packages/callback/cdk/iam-policies.js";

const USAGE = `usage: npx tsx tools/iam-policy.ts <action|reader> --kms-key <KEY_ID|KEY_ARN|aws-managed> [--account ID] [--region R] [--prefix P]

Prints one of the shipped IAM policies (docs/iam) filled in for your account, on stdout.
  action     the GitHub Actions role's policy (the workflow, the scripts)
  reader     your programs' policy (client_id and access_token only)
  --kms-key  your KMS key id or ARN; "${AWS_MANAGED_KEY}" (the account's alias/aws/ssm key) drops
             the KMS statement: that key's own policy already lets SSM use it for you
  --account  12-digit account id (default *)
  --region   e.g. ap-south-1 (default *)
  --prefix   the SSM prefix (default ${SHIPPED_PREFIX})

example: npx tsx tools/iam-policy.ts action --kms-key aws-managed --account 123456789012 --region ap-south-1
`;

class UsageError extends Error {}

type Parsed = { help: true } | { help: false; role: PolicyRole; options: PolicyOptions };

function parseOptions(argv: string[]): Parsed {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      "kms-key": { type: "string" },
      account: { type: "string", default: "*" },
      region: { type: "string", default: "*" },
      prefix: { type: "string", default: SHIPPED_PREFIX },
    },
  });
  if (values.help) return { help: true };
  const role = positionals[0];
  if (positionals.length !== 1 || (role !== "action" && role !== "reader")) {
    throw new UsageError("name the policy: action (the workflow's role) or reader (your programs' role)");
  }
  const kmsKey = values["kms-key"];
  if (!kmsKey) {
    throw new UsageError(
      `--kms-key is required: your key id or ARN, or "${AWS_MANAGED_KEY}" for the alias/aws/ssm key`,
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
  return {
    help: false,
    role,
    options: { kmsKey, account: values.account, region: values.region, prefix: values.prefix },
  };
}

function main() {
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed.help) {
      process.stdout.write(USAGE);
      return;
    }
    const policy = iamPolicy(parsed.role, parsed.options);
    process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      error instanceof PolicyInputError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(`iam-policy: ${(error as Error).message}`);
    if (usage) console.error(USAGE.split("\n")[0]);
    process.exitCode = usage ? 2 : 1;
  }
}

main();
