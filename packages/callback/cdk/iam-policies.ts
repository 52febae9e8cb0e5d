// The one source of the action's and the readers' IAM policies: the shipped documents in docs/iam,
// filled in for a prefix, account, region and KMS key. `tools/iam-policy.ts` prints them; the CDK
// stack grants them. Both call fillPolicy, so what a hand-made role gets is what the stack deploys.
import { readFileSync } from "node:fs";

export type PolicyRole = "action" | "reader";

export interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}
export interface Policy {
  Version: string;
  Statement: Statement[];
}

export interface PolicyOptions {
  /** A key id, a key ARN, or "aws-managed" (the account's alias/aws/ssm key: no KMS statement). */
  kmsKey: string;
  /** A 12-digit account id, "*", or (in the stack) the account token. */
  account: string;
  /** An AWS region, "*", or (in the stack) the region. */
  region: string;
  prefix: string;
}

export const AWS_MANAGED_KEY = "aws-managed";
export const SHIPPED_PREFIX = "/stock-pipeline/fyers";
const SHIPPED_KMS_RESOURCE = "arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID";
const FILES: Record<PolicyRole, string> = {
  action: "fyers-token-policy.json",
  reader: "fyers-token-reader-policy.json",
};

/** A value the user gave that cannot go into a policy; `option` is how they gave it (`--kms-key`, `kmsKeyId`). */
export class PolicyInputError extends Error {
  override name = "PolicyInputError";
}

/** The shipped document, as docs/iam holds it (placeholders and all). */
export function shippedPolicy(role: PolicyRole): Policy {
  const file = new URL(`../../../docs/iam/${FILES[role]}`, import.meta.url);
  return JSON.parse(readFileSync(file, "utf8")) as Policy;
}

const KEY_ARN = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;
const ALIAS = /^alias\/|^arn:aws[\w-]*:kms:[^:]*:\d*:alias\//;
const KEY_ID = /^(?:mrk-)?[0-9a-f]{8}-?[0-9a-f-]{0,36}$/i;

/**
 * The key's ARN. An IAM policy names a key by its ARN: an alias is refused with the command that
 * resolves it (granting by alias needs `key/*` plus a kms:ResourceAliases condition, a wildcard
 * this project does not ship).
 */
export function kmsKeyArn(options: PolicyOptions, option = "--kms-key"): string {
  const { kmsKey, account, region } = options;
  // `--kms-key X` for the tool, `-c kmsKeyId=X` for the CDK app.
  const given = option.startsWith("-c ") ? `${option}=` : `${option} `;
  if (ALIAS.test(kmsKey)) {
    throw new PolicyInputError(
      `${option}: ${kmsKey} is an alias, and an IAM policy names a key by its ARN; pass ${given}"$(aws kms describe-key --key-id ${kmsKey} --query KeyMetadata.Arn --output text)"`,
    );
  }
  if (KEY_ARN.test(kmsKey)) return kmsKey;
  if (!KEY_ID.test(kmsKey)) {
    throw new PolicyInputError(
      `${option}: ${kmsKey} is not a KMS key id, key ARN or "${AWS_MANAGED_KEY}"; find yours with: aws kms list-aliases`,
    );
  }
  if (account === "*" || region === "*") {
    throw new PolicyInputError(
      `${option}: a bare key id needs --account and --region (or pass the key's ARN)`,
    );
  }
  return `arn:aws:kms:${region}:${account}:key/${kmsKey}`;
}

const actions = (s: Statement) => [s.Action].flat();
const isKms = (s: Statement) => actions(s).some((a) => a.startsWith("kms:"));

/** A shipped policy with its placeholders filled; with the AWS-managed key, no KMS statement at all. */
export function fillPolicy(policy: Policy, options: PolicyOptions, option = "--kms-key"): Policy {
  const shippedSsm = `arn:aws:ssm:*:*:parameter${SHIPPED_PREFIX}/`;
  const ownSsm = `arn:aws:ssm:${options.region}:${options.account}:parameter${options.prefix}/`;
  const keyArn = options.kmsKey === AWS_MANAGED_KEY ? undefined : kmsKeyArn(options, option);
  const resource = (r: string) => {
    if (r === SHIPPED_KMS_RESOURCE && keyArn) return keyArn;
    if (r.startsWith(shippedSsm)) return ownSsm + r.slice(shippedSsm.length);
    throw new Error(`unexpected Resource ${r} in the shipped policy`);
  };
  const statements = policy.Statement.filter((s) => keyArn !== undefined || !isKms(s)).map((s) => ({
    ...s,
    Resource: Array.isArray(s.Resource) ? s.Resource.map(resource) : resource(s.Resource),
  }));
  return { Version: policy.Version, Statement: statements };
}

/** The policy `tools/iam-policy.ts <role>` prints for these options. */
export function iamPolicy(role: PolicyRole, options: PolicyOptions, option = "--kms-key"): Policy {
  return fillPolicy(shippedPolicy(role), options, option);
}
