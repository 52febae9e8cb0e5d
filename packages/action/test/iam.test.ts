// The shipped IAM documents: least privilege on exactly the three parameters and the login
// notice, OIDC for one repo.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "@fyers-token/testkit/harness";
import { describe, expect, it } from "vitest";

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: { Federated: string };
  Condition?: Record<string, Record<string, string>>;
}
const load = (name: string): { Version: string; Statement: Statement[] } =>
  JSON.parse(readFileSync(join(REPO, "docs/iam", name), "utf8"));
const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

describe("docs/iam", () => {
  it("fyers-token-policy.json allows only what the action and scripts use, on only the three parameters, the notice and its lock", () => {
    const policy = load("fyers-token-policy.json");
    expect(policy.Version).toBe("2012-10-17");
    const parameters = ["access_token", "refresh_token", "client_id"].map(
      (name) => `arn:aws:ssm:*:*:parameter/stock-pipeline/fyers/${name}`,
    );
    const allowed = new Map<string, string[]>();
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe("Allow");
      for (const action of list(statement.Action))
        allowed.set(action, [...(allowed.get(action) ?? []), ...list(statement.Resource)]);
    }
    expect([...allowed.keys()].sort()).toEqual(
      ["kms:Decrypt", "kms:Encrypt", "ssm:DeleteParameter", "ssm:GetParameters", "ssm:PutParameter"].sort(),
    );
    // Exactly the SSM calls core makes: read from its source, so a new call needs a policy change.
    const source = readFileSync(join(REPO, "packages/core/src/store/ssm.ts"), "utf8");
    const used = [...new Set([...source.matchAll(/new sdk\.(\w+)Command\(/g)].map((m) => `ssm:${m[1]}`))];
    expect(used.length).toBeGreaterThan(0);
    expect([...allowed.keys()].filter((a) => a.startsWith("ssm:")).sort()).toEqual(used.sort());
    // The login notice (a plain String, no KMS): the action reads it with the tokens and records
    // what it announced; readers and the callback never ask for it.
    const notice = "arn:aws:ssm:*:*:parameter/stock-pipeline/fyers/login_notice";
    const lock = "arn:aws:ssm:*:*:parameter/stock-pipeline/fyers/login_notice_lock";
    expect(source).toContain('const NOTICE_KEY = "login_notice"');
    expect(allowed.get("ssm:GetParameters")?.sort()).toEqual([...parameters, notice, lock].sort());
    expect(allowed.get("ssm:PutParameter")?.sort()).toEqual([...parameters, notice, lock].sort());
    const noticeStatement = policy.Statement.find((s) => list(s.Resource).includes(notice));
    expect(list(noticeStatement?.Resource)).toEqual([notice]);
    // The announce lock (a plain String, created with Overwrite false, deleted after): the action only.
    expect(source).toContain('const LOCK_KEY = "login_notice_lock"');
    const lockStatement = policy.Statement.find((s) => list(s.Resource).includes(lock));
    expect(list(lockStatement?.Resource)).toEqual([lock]);
    expect(list(lockStatement?.Action).sort()).toEqual(
      ["ssm:DeleteParameter", "ssm:GetParameters", "ssm:PutParameter"].sort(),
    );
    expect(allowed.get("ssm:DeleteParameter")?.sort()).toEqual([parameters[0], lock].sort());
    expect(allowed.get("kms:Encrypt")).toEqual(["arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID"]);
    const kms = policy.Statement.find((s) => list(s.Action).includes("kms:Decrypt"));
    expect(kms?.Condition).toEqual({ StringLike: { "kms:ViaService": "ssm.*.amazonaws.com" } });
    expect(JSON.stringify(policy)).not.toMatch(/"\*"|"(?:ssm|kms):\*"/);
  });

  it("github-oidc-trust-policy.json lets only one repository's main branch assume the role", () => {
    const [statement, ...rest] = load("github-oidc-trust-policy.json").Statement;
    expect(rest).toEqual([]);
    expect(statement?.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(statement?.Principal?.Federated).toBe(
      "arn:aws:iam::ACCOUNT_ID:oidc-provider/token.actions.githubusercontent.com",
    );
    expect(statement?.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:OWNER/REPO:ref:refs/heads/main",
      },
    });
  });
});
