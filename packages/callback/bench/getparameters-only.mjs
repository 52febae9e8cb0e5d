// The floor of a cold start: a bundle that only imports the SSM client and makes one
// GetParameters call, built with the callback's own esbuild options (callback.bench.mjs).
import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";

const prefix = process.env.FYERS_SSM_PREFIX;
const Names = ["client_id", "app_secret", "access_token", "refresh_token"].map((n) => `${prefix}/${n}`);

export async function handler() {
  await new SSMClient({}).send(new GetParametersCommand({ Names, WithDecryption: true }));
  return { statusCode: 200 };
}
