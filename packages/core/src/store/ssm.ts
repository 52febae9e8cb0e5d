import type { SSMClient, SSMClientConfig } from "@aws-sdk/client-ssm";
import { FyersTokenError } from "../errors.js";
import { merge, type StoredTokens, type TokenStore, type TokenUpdate } from "./port.js";

export const DEFAULT_SSM_PREFIX = "/stock-pipeline/fyers";
/** The least-privilege IAM policy shipped with the project, named in access-denied messages. */
export const IAM_POLICY_FILE = "docs/iam/fyers-token-policy.json";

const KEYS = { clientId: "client_id", accessToken: "access_token", refreshToken: "refresh_token" } as const;
type Key = keyof typeof KEYS;
/** Write order: the client id, then the long-lived refresh token, then the access token. */
const WRITE_ORDER: Key[] = ["clientId", "refreshToken", "accessToken"];

export interface SsmStoreOptions {
  prefix?: string;
  kmsKeyId?: string | undefined;
  /** Passed to `new SSMClient()`; region, credentials and endpoint resolve as in every AWS tool. */
  clientConfig?: SSMClientConfig;
}

export function parameterNames(prefix: string): Record<Key, string> {
  return {
    clientId: `${prefix}/${KEYS.clientId}`,
    accessToken: `${prefix}/${KEYS.accessToken}`,
    refreshToken: `${prefix}/${KEYS.refreshToken}`,
  };
}

/** Turns an SDK error into one that names the IAM action, the parameter and what to do. */
function ssmError(
  error: unknown,
  action: string,
  parameter: string,
  kmsKeyId: string | undefined,
): FyersTokenError {
  const name = (error as { name?: string }).name ?? "Error";
  const where = `ssm:${action} on ${parameter}`;
  if (name === "AccessDeniedException") {
    return new FyersTokenError("store_failed", `AWS denied ${where}`, {
      cause: error,
      hint: `grant ssm:${action} on this parameter to the role or user in use; ${IAM_POLICY_FILE} is a least-privilege policy for exactly the three parameters`,
    });
  }
  if (name.startsWith("KMS") || name === "InvalidKeyId") {
    return new FyersTokenError("store_failed", `AWS KMS refused ${where} (${name})`, {
      cause: error,
      hint: `check the KMS key${kmsKeyId ? ` ${kmsKeyId}` : ""} exists and allows kms:Encrypt/kms:Decrypt to this role (FYERS_SSM_KMS_KEY_ID)`,
    });
  }
  if (name === "CredentialsProviderError" || /credential/i.test(name)) {
    return new FyersTokenError("store_failed", `no AWS credentials for ${where}`, {
      cause: error,
      hint: "set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); in GitHub Actions use aws-actions/configure-aws-credentials",
    });
  }
  if (/region/i.test((error as Error).message ?? "")) {
    return new FyersTokenError("invalid_config", `AWS_REGION: no AWS region for ${where}`, {
      cause: error,
      variable: "AWS_REGION",
      hint: "set AWS_REGION, e.g. AWS_REGION=ap-south-1",
    });
  }
  const message = (error as Error).message;
  return new FyersTokenError(
    "store_failed",
    `AWS SSM ${action} failed on ${parameter} (${name}${message ? `: ${message}` : ""})`,
    {
      cause: error,
      hint: "check AWS_REGION, the network and AWS_ENDPOINT_URL_SSM if set",
    },
  );
}

/**
 * The SSM Parameter Store: three SecureString parameters under `prefix`, read in ONE
 * GetParameters call with decryption, written with overwrite. The SDK loads on first use, so
 * a process that never touches SSM never pays for it.
 */
export function createSsmStore(options: SsmStoreOptions = {}): TokenStore {
  const prefix = options.prefix ?? DEFAULT_SSM_PREFIX;
  const names = parameterNames(prefix);
  let client: Promise<{ sdk: typeof import("@aws-sdk/client-ssm"); ssm: SSMClient }> | undefined;
  const connect = () => {
    client ??= import("@aws-sdk/client-ssm").then((sdk) => ({
      sdk,
      ssm: new sdk.SSMClient(options.clientConfig ?? {}),
    }));
    return client;
  };

  async function read(): Promise<StoredTokens> {
    const { sdk, ssm } = await connect();
    const all = Object.values(names);
    let answer: import("@aws-sdk/client-ssm").GetParametersCommandOutput;
    try {
      answer = await ssm.send(new sdk.GetParametersCommand({ Names: all, WithDecryption: true }));
    } catch (error) {
      throw ssmError(error, "GetParameters", `${prefix}/*`, options.kmsKeyId);
    }
    const tokens: StoredTokens = {};
    for (const key of WRITE_ORDER) {
      const value = answer.Parameters?.find((p) => p.Name === names[key])?.Value;
      if (value) tokens[key] = value;
    }
    return tokens;
  }

  async function write(update: TokenUpdate): Promise<string[]> {
    const current = await read();
    const next = merge(current, update);
    const { sdk, ssm } = await connect();
    const written: Key[] = [];
    for (const key of WRITE_ORDER) {
      const value = next[key];
      if (value === undefined || value === current[key]) continue;
      try {
        await ssm.send(
          new sdk.PutParameterCommand({
            Name: names[key],
            Value: value,
            Type: "SecureString",
            Overwrite: true,
            ...(options.kmsKeyId ? { KeyId: options.kmsKeyId } : {}),
          }),
        );
      } catch (error) {
        const failure = ssmError(error, "PutParameter", names[key], options.kmsKeyId);
        if (written.length > 0)
          failure.message += ` (already written: ${written.map((k) => names[k]).join(", ")})`;
        throw failure;
      }
      written.push(key);
    }
    return written;
  }

  async function deleteAccessToken(): Promise<boolean> {
    const { sdk, ssm } = await connect();
    try {
      await ssm.send(new sdk.DeleteParameterCommand({ Name: names.accessToken }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === "ParameterNotFound") return false;
      throw ssmError(error, "DeleteParameter", names.accessToken, options.kmsKeyId);
    }
  }

  return { kind: "ssm", location: prefix, read, write, deleteAccessToken };
}
