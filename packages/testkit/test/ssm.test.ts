import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
  SSMServiceException,
} from "@aws-sdk/client-ssm";
import { afterEach, describe, expect, it } from "vitest";
import { needTool } from "../src/harness/tools.js";
import { type SsmFake, startSsmFake } from "../src/index.js";

const PREFIX = "/stock-pipeline/fyers";
const fakes: SsmFake[] = [];
async function start(): Promise<SsmFake> {
  const fake = await startSsmFake();
  fakes.push(fake);
  return fake;
}
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const client = (fake: SsmFake) =>
  new SSMClient({
    endpoint: fake.endpoint,
    region: "ap-south-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });

/** The SDK's error for a rejected call, to assert its name, message and HTTP status. */
async function sdkError(promise: Promise<unknown>): Promise<SSMServiceException> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SSMServiceException);
  return err as SSMServiceException;
}

describe("SSM fake via @aws-sdk/client-ssm", () => {
  it("puts, reads with and without decryption, overwrites, deletes", async () => {
    const fake = await start();
    const ssm = client(fake);
    const put = await ssm.send(
      new PutParameterCommand({
        Name: `${PREFIX}/access_token`,
        Value: "tok-1",
        Type: "SecureString",
        Overwrite: true,
      }),
    );
    expect(put).toMatchObject({ Version: 1, Tier: "Standard" });
    fake.put(`${PREFIX}/client_id`, "ABCDE12345-100");

    const got = await ssm.send(
      new GetParametersCommand({
        Names: [`${PREFIX}/access_token`, `${PREFIX}/client_id`, `${PREFIX}/refresh_token`],
        WithDecryption: true,
      }),
    );
    expect(got.InvalidParameters).toEqual([`${PREFIX}/refresh_token`]);
    expect(got.Parameters?.map((p) => [p.Name, p.Value, p.Type, p.Version])).toEqual([
      [`${PREFIX}/access_token`, "tok-1", "SecureString", 1],
      [`${PREFIX}/client_id`, "ABCDE12345-100", "SecureString", 1],
    ]);
    const first = got.Parameters?.[0];
    expect(first?.LastModifiedDate).toBeInstanceOf(Date);
    expect(first?.ARN).toBe(
      "arn:aws:ssm:ap-south-1:123456789012:parameter/stock-pipeline/fyers/access_token",
    );

    const encrypted = await ssm.send(new GetParameterCommand({ Name: `${PREFIX}/access_token` }));
    expect(encrypted.Parameter?.Value).toMatch(/^AQICAH/);
    expect(encrypted.Parameter?.Value).not.toContain("tok-1");

    const again = await ssm.send(
      new PutParameterCommand({
        Name: `${PREFIX}/access_token`,
        Value: "tok-2",
        Type: "SecureString",
        Overwrite: true,
        KeyId: "alias/fyers",
      }),
    );
    expect(again.Version).toBe(2);
    expect(fake.parameters.get(`${PREFIX}/access_token`)).toMatchObject({
      value: "tok-2",
      version: 2,
      keyId: "alias/fyers",
    });

    await ssm.send(new DeleteParameterCommand({ Name: `${PREFIX}/access_token` }));
    expect(fake.parameters.has(`${PREFIX}/access_token`)).toBe(false);
    const del = await ssm.send(new DeleteParametersCommand({ Names: [`${PREFIX}/client_id`, "/nope"] }));
    expect(del).toMatchObject({ DeletedParameters: [`${PREFIX}/client_id`], InvalidParameters: ["/nope"] });

    expect(fake.requests.map((r) => r.op)).toContain("GetParameters");
    const request = fake.requests[0];
    expect(request?.headers["x-amz-target"]).toBe("AmazonSSM.PutParameter");
    expect(request?.body).toMatchObject({ Name: `${PREFIX}/access_token`, Value: "tok-1", Overwrite: true });
    ssm.destroy();
  });

  it("answers protocol errors the way SSM does", async () => {
    const fake = await start();
    const ssm = client(fake);
    fake.put("/a", "1", "String");
    const exists = await sdkError(
      ssm.send(new PutParameterCommand({ Name: "/a", Value: "2", Type: "String" })),
    );
    expect(exists.name).toBe("ParameterAlreadyExists");
    expect(exists.$metadata.httpStatusCode).toBe(400);
    expect(exists.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sdkError(ssm.send(new GetParameterCommand({ Name: "/missing" })))).name).toBe(
      "ParameterNotFound",
    );
    expect((await sdkError(ssm.send(new DeleteParameterCommand({ Name: "/missing" })))).name).toBe(
      "ParameterNotFound",
    );
    const relative = await sdkError(
      ssm.send(new PutParameterCommand({ Name: "a/b", Value: "v", Type: "String" })),
    );
    expect(relative.name).toBe("ValidationException");
    ssm.destroy();
  });

  it("lists by path and describes", async () => {
    const fake = await start();
    const ssm = client(fake);
    fake.put(`${PREFIX}/access_token`, "a");
    fake.put(`${PREFIX}/refresh_token`, "r");
    fake.put(`${PREFIX}/deep/x`, "x", "String");
    fake.put("/other", "o", "String");
    const flat = await ssm.send(new GetParametersByPathCommand({ Path: PREFIX, WithDecryption: true }));
    expect(flat.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      [`${PREFIX}/access_token`, "a"],
      [`${PREFIX}/refresh_token`, "r"],
    ]);
    const deep = await ssm.send(new GetParametersByPathCommand({ Path: PREFIX, Recursive: true }));
    expect(deep.Parameters?.map((p) => p.Name)).toContain(`${PREFIX}/deep/x`);
    const described = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: "Name", Option: "BeginsWith", Values: [PREFIX] }],
      }),
    );
    expect(described.Parameters?.map((p) => p.Name)).toHaveLength(3);
    expect(described.Parameters?.[0]?.KeyId).toBe("alias/aws/ssm");
    ssm.destroy();
  });

  it("failure switches: throttle, access_denied, kms, internal", async () => {
    const fake = await start();
    const ssm = client(fake);
    const name = `${PREFIX}/access_token`;
    fake.put(name, "tok");
    const putCmd = () =>
      new PutParameterCommand({ Name: name, Value: "v", Type: "SecureString", Overwrite: true });
    const getCmd = (decrypt: boolean) => new GetParametersCommand({ Names: [name], WithDecryption: decrypt });

    fake.fail({ failure: "throttle", times: 1 });
    const throttled = await sdkError(ssm.send(getCmd(true)));
    expect([throttled.name, throttled.message, throttled.$metadata.httpStatusCode]).toEqual([
      "ThrottlingException",
      "Rate exceeded",
      400,
    ]);
    expect((await ssm.send(getCmd(true))).Parameters).toHaveLength(1);

    fake.fail({ failure: "access_denied", op: "PutParameter", name, times: 1 });
    expect(
      (await ssm.send(new PutParameterCommand({ Name: "/x", Value: "v", Type: "String" }))).Version,
    ).toBe(1);
    const denied = await sdkError(ssm.send(putCmd()));
    expect(denied.name).toBe("AccessDeniedException");
    expect(denied.message).toBe(
      "User: arn:aws:sts::123456789012:assumed-role/fyers/x is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:ap-south-1:123456789012:parameter/stock-pipeline/fyers/access_token because no identity-based policy allows the ssm:PutParameter action",
    );

    fake.fail({ failure: "kms" });
    expect((await ssm.send(getCmd(false))).Parameters).toHaveLength(1); // no KMS without decryption
    expect((await sdkError(ssm.send(getCmd(true)))).name).toBe("InvalidKeyId");
    expect((await sdkError(ssm.send(putCmd()))).name).toBe("InvalidKeyId");
    fake.clearFailures();
    expect((await ssm.send(putCmd())).Version).toBe(2);

    fake.fail({ failure: "internal", times: 1 });
    const internal = await sdkError(ssm.send(getCmd(true)));
    expect([internal.name, internal.$metadata.httpStatusCode]).toEqual(["InternalServerError", 500]);
    ssm.destroy();
  });

  it("is reached through AWS_ENDPOINT_URL_SSM, as the store code will", async () => {
    const fake = await start();
    fake.put(`${PREFIX}/client_id`, "ABCDE12345-100");
    const saved = process.env.AWS_ENDPOINT_URL_SSM;
    process.env.AWS_ENDPOINT_URL_SSM = fake.endpoint;
    try {
      const ssm = new SSMClient({
        region: "ap-south-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
      const got = await ssm.send(
        new GetParameterCommand({ Name: `${PREFIX}/client_id`, WithDecryption: true }),
      );
      expect(got.Parameter?.Value).toBe("ABCDE12345-100");
      ssm.destroy();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SSM;
      else process.env.AWS_ENDPOINT_URL_SSM = saved;
    }
  });

  it("refuses unsigned requests", async () => {
    const fake = await start();
    const res = await fetch(fake.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParameters" },
      body: JSON.stringify({ Names: ["/a"] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(res.headers.get("x-amzn-requestid")).toBeTruthy();
    expect(await res.json()).toMatchObject({ __type: "MissingAuthenticationTokenException" });
  });
});

// The Debian awscli v2; never the `aws` first on PATH (an unrelated v1).
const AWS_CLI = "/usr/bin/aws";
const run = promisify(execFile);

describe(`SSM fake via the real AWS CLI (${AWS_CLI})`, needTool("aws"), () => {
  const aws = async (fake: SsmFake, args: string[]) => {
    const env = {
      PATH: "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_MAX_ATTEMPTS: "1",
      AWS_PAGER: "",
    };
    const all = [...args, "--endpoint-url", fake.endpoint, "--region", "ap-south-1", "--output", "json"];
    return run(AWS_CLI, all, { env, timeout: 30_000 }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? -1,
        stdout: e.stdout ?? "",
        stderr: e.stderr ?? "",
      }),
    );
  };

  it("put-parameter and get-parameters --with-decryption round-trip", async () => {
    const fake = await start();
    const put = await aws(fake, [
      "ssm",
      "put-parameter",
      "--name",
      `${PREFIX}/access_token`,
      "--value",
      "cli-token",
      "--type",
      "SecureString",
      "--overwrite",
    ]);
    expect(put.code).toBe(0);
    expect(JSON.parse(put.stdout)).toEqual({ Version: 1, Tier: "Standard" });
    fake.put(`${PREFIX}/client_id`, "ABCDE12345-100");

    const got = await aws(fake, [
      "ssm",
      "get-parameters",
      "--names",
      `${PREFIX}/access_token`,
      `${PREFIX}/client_id`,
      `${PREFIX}/refresh_token`,
      "--with-decryption",
    ]);
    expect(got.code).toBe(0);
    const out = JSON.parse(got.stdout) as {
      Parameters: { Name: string; Value: string }[];
      InvalidParameters: string[];
    };
    expect(out.Parameters.map((p) => [p.Name, p.Value])).toEqual([
      [`${PREFIX}/access_token`, "cli-token"],
      [`${PREFIX}/client_id`, "ABCDE12345-100"],
    ]);
    expect(out.InvalidParameters).toEqual([`${PREFIX}/refresh_token`]);
    const signed = fake.requests.at(-1)?.headers.authorization;
    expect(String(signed)).toMatch(/^AWS4-HMAC-SHA256 Credential=test\//);

    const del = await aws(fake, ["ssm", "delete-parameter", "--name", `${PREFIX}/access_token`]);
    expect(del.code).toBe(0);
    expect(fake.parameters.has(`${PREFIX}/access_token`)).toBe(false);
  }, 60_000);

  it("shows SSM errors as the CLI does", async () => {
    const fake = await start();
    fake.put("/a", "1");
    const exists = await aws(fake, [
      "ssm",
      "put-parameter",
      "--name",
      "/a",
      "--value",
      "2",
      "--type",
      "SecureString",
    ]);
    expect(exists.code).not.toBe(0);
    expect(exists.stderr).toContain(
      "An error occurred (ParameterAlreadyExists) when calling the PutParameter operation",
    );
    const missing = await aws(fake, ["ssm", "get-parameter", "--name", "/missing"]);
    expect(missing.stderr).toContain("(ParameterNotFound)");
    fake.fail({ failure: "access_denied", op: "GetParameters" });
    const denied = await aws(fake, ["ssm", "get-parameters", "--names", "/a", "--with-decryption"]);
    expect(denied.stderr).toContain("(AccessDeniedException)");
    expect(denied.stderr).toContain("is not authorized to perform: ssm:GetParameters");
  }, 60_000);
});
