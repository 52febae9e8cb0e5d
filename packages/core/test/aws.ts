import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** Debian's AWS CLI v2. Another `aws` (v1) may come first on PATH, so call it by path. */
export const AWS_CLI = "/usr/bin/aws";

/** An environment in which the CLI and SDK see only the fake's test credentials. */
export const awsTestEnv = {
  PATH: "/usr/bin:/bin",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_REGION: "ap-south-1",
  AWS_CONFIG_FILE: "/nonexistent/aws-config",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_PAGER: "",
  AWS_MAX_ATTEMPTS: "1",
};

/** Runs the real AWS CLI against the fake (it ignores AWS_ENDPOINT_URL_SSM: pass --endpoint-url). */
export async function awsCli(endpoint: string, args: string[]): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    AWS_CLI,
    ["--endpoint-url", endpoint, "--output", "json", ...args],
    {
      env: awsTestEnv,
    },
  );
  return stdout.trim() === "" ? undefined : JSON.parse(stdout);
}

export const sdkTestConfig = (endpoint: string, maxAttempts = 1) => ({
  endpoint,
  region: "ap-south-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts,
});
