import { configError, FyersTokenError, IAM_POLICY_FILE } from "@fyers-token/core";
import { readFirstLine, type Stdin } from "./input.js";
import type { Io } from "./io.js";

/** The parameter the login callback reads the app secret from (issue 9). */
export const APP_SECRET_KEY = "app_secret";
/** The SSM call's deadline: as the token store's. */
const SSM_TIMEOUT_MS = 10_000;
/** FYERS app secrets are short words of letters and digits; this bounds a wrong paste. */
const APP_SECRET = /^[A-Za-z0-9_-]{4,128}$/;

/** `--app-secret`, when given: the secret from stdin (the only place it may come from), checked. */
export async function readAppSecretFlag(
  flags: { "app-secret"?: string; "access-token"?: string; "refresh-token"?: string },
  io: Io,
  stdin: Stdin,
): Promise<string | undefined> {
  const given = flags["app-secret"];
  if (given === undefined) return undefined;
  if (given === "-" && (flags["access-token"] === "-" || flags["refresh-token"] === "-")) {
    throw configError(
      "--app-secret",
      "and a token flag cannot both read stdin",
      "pipe one; run again for the other",
    );
  }
  return readAppSecret(given, io, stdin);
}

/**
 * `--app-secret -`: the app secret from stdin, checked. Any other value is refused before
 * anything is read or sent: a secret on the command line is visible to every local process.
 */
export async function readAppSecret(given: string, io: Io, stdin: Stdin): Promise<string> {
  if (given !== "-") {
    io.protect(given);
    throw configError(
      "--app-secret",
      "takes only - (the secret is then read from stdin), never the secret itself",
      'a value on the command line is visible to other processes and kept in shell history: read -rs S && printf %s "$S" | FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts --app-secret -',
    );
  }
  if (stdin.isTTY) io.say("Paste the app secret, then press Enter:");
  const secret = await readFirstLine(stdin, "the app secret");
  io.protect(secret);
  if (!APP_SECRET.test(secret)) {
    throw configError(
      "--app-secret",
      "what stdin gave is not an app secret (4 to 128 letters, digits, - or _, no spaces)",
      "copy the app secret again from the FYERS API dashboard (My Apps) and pipe only that",
    );
  }
  return secret;
}

/** `{prefix}/app_secret` as a SecureString (the KMS key when one is configured), overwritten. */
export async function putAppSecret(
  prefix: string,
  secret: string,
  kmsKeyId: string | undefined,
): Promise<string> {
  const name = `${prefix}/${APP_SECRET_KEY}`;
  const { SSMClient, PutParameterCommand } = await import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({
    requestHandler: { connectionTimeout: SSM_TIMEOUT_MS, requestTimeout: SSM_TIMEOUT_MS },
  });
  const command = new PutParameterCommand({
    Name: name,
    Value: secret,
    Type: "SecureString",
    Overwrite: true,
    ...(kmsKeyId ? { KeyId: kmsKeyId } : {}),
  });
  try {
    await ssm.send(command, { abortSignal: AbortSignal.timeout(SSM_TIMEOUT_MS) });
  } catch (error) {
    throw putError(error, name, kmsKeyId);
  } finally {
    ssm.destroy();
  }
  return name;
}

/** What went wrong, naming the IAM action and the parameter; never the value. */
function putError(error: unknown, name: string, kmsKeyId: string | undefined): FyersTokenError {
  const kind = (error as { name?: string }).name ?? "Error";
  const where = `ssm:PutParameter on ${name}`;
  if (kind === "AccessDeniedException") {
    return new FyersTokenError("store_failed", `AWS denied ${where}`, {
      cause: error,
      hint: `grant ssm:PutParameter on ${name} to the user running put-parameters.ts (the callback's role only reads it; ${IAM_POLICY_FILE} covers the tokens)`,
    });
  }
  if (kind.startsWith("KMS") || kind === "InvalidKeyId") {
    return new FyersTokenError("store_failed", `AWS KMS refused ${where} (${kind})`, {
      cause: error,
      hint: `check the KMS key${kmsKeyId ? ` ${kmsKeyId}` : ""} exists and allows kms:Encrypt to you (FYERS_SSM_KMS_KEY_ID)`,
    });
  }
  if (kind === "TimeoutError" || kind === "AbortError") {
    return new FyersTokenError("unavailable", `AWS SSM did not answer within 10s (${where})`, {
      cause: error,
      hint: "check the network, AWS_REGION and AWS_ENDPOINT_URL_SSM if set, then run again",
    });
  }
  return new FyersTokenError("store_failed", `AWS SSM failed ${where} (${kind})`, {
    cause: error,
    hint: "check AWS_REGION, your AWS credentials (AWS_PROFILE) and AWS_ENDPOINT_URL_SSM if set",
  });
}
