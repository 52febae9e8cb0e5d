// The reader's IAM policy and the policy generator: each variant is a valid policy that allows
// exactly what the code calls, checked against the requests the real SDK makes to the SSM fake.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runTsx, type SsmFake, startSsmFake } from "@fyers-token/testkit";
import { REPO } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { READER_POLICY_FILE, readAccessToken } from "../src/lifecycle/reader.js";
import { createSsmStore } from "../src/store/ssm.js";
import { sdkTestConfig } from "./aws.js";
import { failure } from "./failure.js";

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
const list = (v: string | string[]) => [v].flat();
const VIA_SSM = { StringLike: { "kms:ViaService": "ssm.*.amazonaws.com" } };
const KEY_ARN = "arn:aws:kms:ap-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let ssm: SsmFake;

beforeAll(async () => {
  ssm = await startSsmFake();
});
afterAll(() => ssm.close());

/** What each IAM action is allowed on, over all statements. */
function allowed(policy: Policy): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of policy.Statement) {
    expect(s.Effect).toBe("Allow");
    for (const a of list(s.Action)) map.set(a, [...(map.get(a) ?? []), ...list(s.Resource)].sort());
  }
  return map;
}

/** The parameter ARNs the reader's one GetParameters asks for, seen at the SSM fake. */
async function namesTheReaderRequests(prefix: string, arnHead: string): Promise<string[]> {
  ssm.requests.length = 0;
  await failure(readAccessToken(createSsmStore({ prefix, clientConfig: sdkTestConfig(ssm.endpoint) })));
  expect(ssm.requests.map((r) => r.op)).toEqual(["GetParameters"]);
  expect(ssm.requests[0]?.body.WithDecryption).toBe(true);
  return ((ssm.requests[0]?.body.Names ?? []) as string[]).map((n) => `${arnHead}${n}`).sort();
}

async function generate(args: string[]) {
  return runTsx(join(REPO, "tools/iam-policy.ts"), args, { cwd: REPO, env: process.env });
}

describe(READER_POLICY_FILE, () => {
  it("allows exactly the reader's one GetParameters, and kms:Decrypt only through SSM", async () => {
    const policy = JSON.parse(readFileSync(join(REPO, READER_POLICY_FILE), "utf8")) as Policy;
    expect(policy.Version).toBe("2012-10-17");
    const map = allowed(policy);
    expect([...map.keys()].sort()).toEqual(["kms:Decrypt", "ssm:GetParameters"]);
    expect(map.get("ssm:GetParameters")).toEqual(
      await namesTheReaderRequests("/stock-pipeline/fyers", "arn:aws:ssm:*:*:parameter"),
    );
    const kms = policy.Statement.find((s) => list(s.Action).includes("kms:Decrypt"));
    expect(kms?.Condition).toEqual(VIA_SSM);
    expect(JSON.stringify(policy)).not.toMatch(/"\*"|"(?:ssm|kms):\*"|PutParameter|Encrypt"/);
  });
});

describe("tools/iam-policy.ts (fills in a policy: no sed, no hand-edited JSON)", () => {
  it("reader, own key ARN and prefix: the ARNs the code calls, the key by ARN", async () => {
    const run = await generate([
      "reader",
      "--kms-key",
      KEY_ARN,
      "--account",
      "123456789012",
      "--region",
      "ap-south-1",
      "--prefix",
      "/desk/fyers",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const policy = JSON.parse(run.stdout) as Policy;
    const map = allowed(policy);
    expect(map.get("ssm:GetParameters")).toEqual(
      await namesTheReaderRequests("/desk/fyers", "arn:aws:ssm:ap-south-1:123456789012:parameter"),
    );
    expect(map.get("kms:Decrypt")).toEqual([KEY_ARN]);
    expect(run.stdout).not.toMatch(/REGION|ACCOUNT_ID|KEY_ID|stock-pipeline/);
  });

  it("a bare key id becomes the key's ARN in the account and region", async () => {
    const run = await generate([
      "reader",
      "--kms-key",
      "1234abcd-12ab-34cd-56ef-1234567890ab",
      "--account",
      "123456789012",
      "--region",
      "ap-south-1",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(allowed(JSON.parse(run.stdout) as Policy).get("kms:Decrypt")).toEqual([KEY_ARN]);
  });

  it("aws-managed drops the KMS statement from both policies and keeps every SSM grant", async () => {
    for (const role of ["reader", "action"] as const) {
      const shipped = JSON.parse(
        readFileSync(
          join(
            REPO,
            "docs/iam",
            role === "reader" ? "fyers-token-reader-policy.json" : "fyers-token-policy.json",
          ),
          "utf8",
        ),
      ) as Policy;
      const run = await generate([role, "--kms-key", "aws-managed"]);
      expect(run.code, run.stderr).toBe(0);
      const policy = JSON.parse(run.stdout) as Policy;
      const ssmOnly = new Map([...allowed(shipped)].filter(([a]) => a.startsWith("ssm:")));
      expect(allowed(policy)).toEqual(ssmOnly);
      expect(run.stdout).not.toMatch(/kms:|KEY_ID/);
    }
  });

  it("action with a key ARN: the shipped grants with the key filled in for Encrypt and Decrypt", async () => {
    const run = await generate(["action", "--kms-key", KEY_ARN]);
    expect(run.code, run.stderr).toBe(0);
    const map = allowed(JSON.parse(run.stdout) as Policy);
    expect(map.get("kms:Encrypt")).toEqual([KEY_ARN]);
    expect(map.get("kms:Decrypt")).toEqual([KEY_ARN]);
    expect(map.get("ssm:GetParameters")?.length).toBeGreaterThanOrEqual(3);
  });

  it("bad input: an alias, a bad key, prefix, account or role is refused (exit 2) naming the option", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["reader", "--kms-key", "alias/fyers"], /--kms-key: alias\/fyers is an alias.*aws kms describe-key/],
      [["reader", "--kms-key", "arn:aws:kms:ap-south-1:123456789012:alias/fyers"], /is an alias/],
      [["reader", "--kms-key", "my key"], /--kms-key: my key is not a KMS key id/],
      [["reader", "--kms-key", "1234abcd-12ab-34cd-56ef-1234567890ab"], /needs --account and --region/],
      [
        ["reader", "--kms-key", "aws-managed", "--prefix", "stock/fyers"],
        /--prefix: stock\/fyers is not an SSM path/,
      ],
      [["reader", "--kms-key", "aws-managed", "--account", "12345"], /--account: 12345 is not a 12-digit/],
      [["reader"], /--kms-key is required/],
      [["writer", "--kms-key", "aws-managed"], /name the policy: action .* or reader/],
    ];
    for (const [args, message] of cases) {
      const run = await generate(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe("");
    }
  });
});
