import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { Policy } from "./iam-policies.js";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface GitHubActionsRoleProps {
  /** The `sub` the role trusts, e.g. `repo:me/fyers:ref:refs/heads/main`. */
  subject: string;
  /** Import the account's provider by its standard ARN, or create it (an account holds one per URL). */
  oidc: "import" | "create";
  /** The role's whole permission: `tools/iam-policy.ts action` for the same prefix, account, region and key. */
  policy: Policy;
}

/** The role the workflow assumes with its OIDC token (aws-actions/configure-aws-credentials), for one repository and ref. */
export class GitHubActionsRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GitHubActionsRoleProps) {
    super(scope, id);
    const providerArn =
      props.oidc === "create"
        ? // The native resource: no custom-resource Lambda; IAM trusts GitHub's certificate itself.
          new iam.OidcProviderNative(this, "Provider", {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIds: ["sts.amazonaws.com"],
          }).oidcProviderArn
        : Stack.of(this).formatArn({
            service: "iam",
            region: "",
            resource: "oidc-provider",
            resourceName: GITHUB_OIDC_HOST,
          });

    this.role = new iam.Role(this, "Role", {
      description: `fyers-token GitHub Actions role for ${props.subject}`,
      // Both conditions StringEquals: no wildcard, so no other repository, branch or audience.
      assumedBy: new iam.WebIdentityPrincipal(providerArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
          [`${GITHUB_OIDC_HOST}:sub`]: props.subject,
        },
      }),
      inlinePolicies: { FyersToken: iam.PolicyDocument.fromJson(props.policy) },
    });
  }
}
