// The app's `-c name=value` settings, each checked at synth with an error naming the value and
// how to fix it: a value the stack or the function would refuse later never deploys.
import { DEFAULT_API_URL, DEFAULT_SSM_PREFIX, FyersTokenError } from "@fyers-token/core";
import { readSettings, SSM_PREFIX } from "../src/settings.js";
import { AWS_MANAGED_KEY, kmsKeyArn, PolicyInputError } from "./iam-policies.js";
import { type ChosenRegion, chooseRegion } from "./region.js";

export const CONTEXT_KEYS = [
  "fyId",
  "repo",
  "ref",
  "environment",
  "githubOidc",
  "reservedConcurrency",
  "region",
  "prefix",
  "kmsKeyId",
  "apiUrl",
  "redirectUri",
  "stackName",
] as const;
type ContextKey = (typeof CONTEXT_KEYS)[number];

export interface GitHubSettings {
  /** OWNER/REPO, as GitHub spells it (the token's `sub` is case-sensitive). */
  repo: string;
  /** The token's `sub` the role trusts: `repo:OWNER/REPO:ref:refs/heads/main` or `…:environment:NAME`. */
  subject: string;
  /** Import the account's provider by its standard ARN, or create it (one per account). */
  oidc: "import" | "create";
}

export interface DeployContext {
  stackName: string;
  target: ChosenRegion;
  prefix: string;
  kmsKeyId: string | undefined;
  apiUrl: string;
  redirectUri: string | undefined;
  fyId: string | undefined;
  reservedConcurrency: number | undefined;
  github: GitHubSettings | undefined;
}

export class ContextError extends Error {
  override name = "ContextError";
}

/** FYERS user ids: letters then digits (XA12345); not secret, they are printed on every contract note. */
const FY_ID = /^[A-Z]{1,4}\d{3,8}$/;
const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const REF = /^refs\/(?:heads|tags)\/[^\s*?[\]~^:\\]+$/;
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

type Lookup = (name: string) => unknown;

/** A context value as given on the command line or in cdk.json; blank is unset. */
function value(lookup: Lookup, name: ContextKey): string | undefined {
  const raw = lookup(name);
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw).trim();
  return text === "" ? undefined : text;
}

function refuse(name: ContextKey, given: string, problem: string, example: string): never {
  throw new ContextError(`-c ${name}=${shown(given)}: ${problem}; e.g. -c ${name}=${example}`);
}

/**
 * A refused value as the message shows it: a long one (a token pasted by mistake) only by its
 * start and length, since deploy output lands in terminals and CI logs.
 */
function shown(given: string): string {
  return given.length <= 40 ? given : `${given.slice(0, 6)}… (${given.length} characters)`;
}

/** A misspelt key (`-c fyid=…`) would otherwise be ignored and deploy without the owner pin. */
function refuseMisspelt(allKeys: string[]): void {
  for (const key of allKeys) {
    const known = CONTEXT_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    if (known && known !== key) throw new ContextError(`-c ${key}: did you mean -c ${known}=…?`);
  }
}

function readGitHub(lookup: Lookup): GitHubSettings | undefined {
  const repo = value(lookup, "repo");
  const ref = value(lookup, "ref");
  const environment = value(lookup, "environment");
  const oidc = value(lookup, "githubOidc");
  if (!repo) {
    for (const name of ["ref", "environment", "githubOidc"] as const) {
      if (value(lookup, name) !== undefined)
        throw new ContextError(
          `-c ${name} needs -c repo=OWNER/REPO (the repository whose workflow assumes the role)`,
        );
    }
    return undefined;
  }
  if (!REPO.test(repo)) refuse("repo", repo, "is not a GitHub repository OWNER/REPO", "me/fyers");
  if (ref && environment)
    throw new ContextError(
      "-c ref and -c environment: give one; a job with an environment presents that, not its branch",
    );
  if (ref && !REF.test(ref))
    refuse("ref", ref, "is not a full branch or tag ref, no wildcards", "refs/heads/main");
  if (environment && !ENVIRONMENT.test(environment))
    refuse("environment", environment, "is not a GitHub environment name", "production");
  if (oidc !== undefined && oidc !== "create" && oidc !== "import")
    refuse(
      "githubOidc",
      oidc,
      "is create (the account has no GitHub OIDC provider yet) or import (the default)",
      "create",
    );
  const subject = environment
    ? `repo:${repo}:environment:${environment}`
    : `repo:${repo}:ref:${ref ?? "refs/heads/main"}`;
  return { repo, subject, oidc: oidc === "create" ? "create" : "import" };
}

function readReservedConcurrency(lookup: Lookup): number | undefined {
  const given = value(lookup, "reservedConcurrency");
  if (given === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(given))
    refuse("reservedConcurrency", given, "is a positive whole number of concurrent runs", "2");
  return Number(given);
}

/** The function's own settings check, run now: the env it would refuse on every request never deploys. */
function checkFunctionSettings(env: Record<string, string | undefined>): void {
  try {
    readSettings(env);
  } catch (error) {
    const hint = error instanceof FyersTokenError && error.hint ? ` (${error.hint})` : "";
    const message = error instanceof Error ? error.message : String(error);
    throw new ContextError(
      `${message
        .replace(/^FYERS_API_URL/, "-c apiUrl")
        .replace(/^FYERS_REDIRECT_URI/, "-c redirectUri")
        .replace(/^FYERS_FY_ID/, "-c fyId")}${hint}`,
    );
  }
}

export function readDeployContext(
  lookup: Lookup,
  env: Record<string, string | undefined>,
  allKeys: string[] = [],
): DeployContext {
  refuseMisspelt(allKeys);
  const stackName = value(lookup, "stackName") ?? "FyersTokenCallback";
  if (!STACK_NAME.test(stackName))
    refuse("stackName", stackName, "is not a CloudFormation stack name", "FyersTokenCallback");

  const prefix = (value(lookup, "prefix") ?? DEFAULT_SSM_PREFIX).replace(/\/+$/, "");
  // The Lambda's own rule (core's): a "*" here would put a wildcard into the roles' parameter ARNs.
  if (!SSM_PREFIX.test(prefix)) refuse("prefix", prefix, "is not an SSM path", "/stock-pipeline/fyers");

  const fyIdGiven = value(lookup, "fyId");
  const fyId = fyIdGiven?.toUpperCase();
  if (fyIdGiven !== undefined && !FY_ID.test(fyId ?? ""))
    refuse("fyId", fyIdGiven, "is not a FYERS user id (letters, then digits)", "XA12345");

  const target = (() => {
    try {
      return chooseRegion(value(lookup, "region"), env);
    } catch (error) {
      throw new ContextError((error as Error).message);
    }
  })();

  let kmsKeyId = value(lookup, "kmsKeyId");
  if (kmsKeyId === AWS_MANAGED_KEY) kmsKeyId = undefined;
  if (kmsKeyId !== undefined) {
    try {
      // Checked with the account unknown: a bare id becomes an ARN in the stack's own account.
      kmsKeyArn({ kmsKey: kmsKeyId, account: "ACCOUNT", region: target.region, prefix }, "-c kmsKeyId");
    } catch (error) {
      if (error instanceof PolicyInputError) throw new ContextError(error.message);
      throw error;
    }
  }

  const apiUrl = value(lookup, "apiUrl") ?? DEFAULT_API_URL;
  const redirectUri = value(lookup, "redirectUri");
  checkFunctionSettings({
    FYERS_SSM_PREFIX: prefix,
    FYERS_API_URL: apiUrl,
    FYERS_REDIRECT_URI: redirectUri,
    FYERS_FY_ID: fyId,
  });

  return {
    stackName,
    target,
    prefix,
    kmsKeyId,
    apiUrl,
    redirectUri,
    fyId,
    reservedConcurrency: readReservedConcurrency(lookup),
    github: readGitHub(lookup),
  };
}
