import { makeAccessToken } from "@fyers-token/testkit";
import { it, PREFIX, type Sandbox } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";

function seedSsm(box: Sandbox) {
  const issued = box.fyers.issueTokens();
  box.secrets.add(issued.accessToken).add(issued.refreshToken);
  box.ssm.put(`${PREFIX}/access_token`, issued.accessToken);
  box.ssm.put(`${PREFIX}/refresh_token`, issued.refreshToken);
  box.ssm.put(`${PREFIX}/client_id`, box.fyers.clientId);
  return issued;
}

describe.concurrent("put-parameters.ts", () => {
  it("from the token file: the three SecureString parameters, then a profile check", async ({ box }) => {
    const issued = await box.seedIssued();
    const run = await box.run("put-parameters.ts");
    expect(run.code).toBe(0);
    expect(box.ssmValue("access_token")).toBe(issued.accessToken);
    expect(box.ssmValue("refresh_token")).toBe(issued.refreshToken);
    expect(box.ssmValue("client_id")).toBe(box.fyers.clientId);
    const puts = box.ssm.requests.filter((r) => r.op === "PutParameter");
    expect(puts.map((r) => [r.body.Type, r.body.Overwrite])).toEqual(Array(3).fill(["SecureString", true]));
    expect(run.stderr).toMatch(/Access token updated\n.*Refresh token updated\n.*Client ID updated/);
    expect(run.stderr).toContain("Token validation successful!");
    expect(run.stdout).toContain("profile: ok (TEST USER)");
    expect(box.fyers.requests.filter((r) => r.path.endsWith("/profile"))).toHaveLength(1);
  });

  it("--access-token from stdin, --refresh-token on argv (with a warning)", async ({ box }) => {
    const issued = box.fyers.issueTokens();
    box.secrets.add(issued.accessToken).add(issued.refreshToken);
    const run = await box.run(
      "put-parameters.ts",
      ["--access-token", "-", "--refresh-token", issued.refreshToken, "--ssm-prefix", "/my-app/fyers"],
      { stdin: `${issued.accessToken}\n` },
    );
    expect(run.code).toBe(0);
    expect(box.ssm.parameters.get("/my-app/fyers/access_token")?.value).toBe(issued.accessToken);
    expect(box.ssm.parameters.get("/my-app/fyers/refresh_token")?.value).toBe(issued.refreshToken);
    expect(run.stderr).toContain("--refresh-token on the command line is visible to other processes");
    expect(run.stderr).not.toContain("--access-token on the command line");
  });

  it("nothing to put: exit 3, asks for a login", async ({ box }) => {
    const run = await box.run("put-parameters.ts");
    expect(run.code).toBe(3);
    // The sandbox has no token file: the error says where it looked, not just "log in".
    expect(run.stderr).toContain(
      `error: no token file at ${box.tokenFile} (set FYERS_TOKEN_FILE or --token-file)`,
    );
    expect(box.ssm.parameters.size).toBe(0);
  });

  it("an access token FYERS rejects: written, then exit 1 saying so", async ({ box }) => {
    const issued = await box.seedIssued();
    box.fyers.revokeAccessToken(issued.accessToken);
    const run = await box.run("put-parameters.ts", ["--json"], { revealsOnStdout: true });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: "put", profile: { ok: false, checked: true } });
    expect(run.stderr).toContain("failed the profile check");
  });

  it("AWS denies PutParameter: exit 1 naming the IAM action and parameter", async ({ box }) => {
    await box.seedIssued();
    box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await box.run("put-parameters.ts");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: AWS denied ssm:PutParameter on \/stock-pipeline\/fyers\/client_id/);
  });
});

describe.concurrent("put-parameters.ts: checks before writing", () => {
  it("--force writes an expired access token, with a warning", async ({ box }) => {
    const expired = makeAccessToken({ expSeconds: -60 });
    const { refreshToken } = box.fyers.issueTokens();
    await box.seedFile({ client_id: box.fyers.clientId, access_token: expired, refresh_token: refreshToken });
    const run = await box.run("put-parameters.ts", ["--force"]);
    expect(run.stderr).toMatch(
      /warning: access_token in .* the access token expired at .*; writing it anyway/,
    );
    expect(box.ssmValue("access_token")).toBe(expired);
    expect(box.ssmValue("refresh_token")).toBe(refreshToken);
  });

  it("--app-secret - alone: the client id and app_secret (SecureString, the KMS key), no token", async ({
    box,
  }) => {
    const run = await box.run("put-parameters.ts", ["--app-secret", "-", "--kms-key-id", "alias/fyers"], {
      stdin: `${box.fyers.appSecret}\n`,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(box.ssm.parameters.get(`${PREFIX}/app_secret`)?.value).toBe(box.fyers.appSecret);
    expect(box.ssmValue("client_id")).toBe(box.fyers.clientId);
    expect(box.ssmValue("access_token")).toBeUndefined();
    const put = box.ssm.requests.find(
      (r) => r.op === "PutParameter" && r.body.Name === `${PREFIX}/app_secret`,
    );
    expect(put?.body).toMatchObject({ Type: "SecureString", Overwrite: true, KeyId: "alias/fyers" });
    expect(run.stderr).toContain(`App secret stored in ${PREFIX}/app_secret (SecureString, alias/fyers)`);
    expect(box.fyers.requests, "no FYERS call").toEqual([]);
  });

  it("--app-secret - with --refresh-token: the tokens, then the app secret", async ({ box }) => {
    const issued = await box.seedIssued();
    box.secrets.add(issued.refreshToken);
    const run = await box.run(
      "put-parameters.ts",
      ["--app-secret", "-", "--refresh-token", issued.refreshToken, "--json"],
      { stdin: `${box.fyers.appSecret}\n`, revealsOnStdout: true },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: "put", app_secret: `${PREFIX}/app_secret` });
    expect(box.ssmValue("access_token")).toBe(issued.accessToken);
    expect(box.ssm.parameters.get(`${PREFIX}/app_secret`)?.value).toBe(box.fyers.appSecret);
    expect(run.stdout).not.toContain(box.fyers.appSecret);
  });

  it("--app-secret - and --access-token - cannot both read stdin", async ({ box }) => {
    const run = await box.run("put-parameters.ts", ["--app-secret", "-", "--access-token", "-"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--app-secret: and a token flag cannot both read stdin");
    expect(box.ssm.requests).toEqual([]);
  });
});

describe.concurrent("get-parameters.ts", () => {
  it("shows the three parameters, tokens masked, with their expiry", async ({ box }) => {
    seedSsm(box);
    const run = await box.run("get-parameters.ts");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${PREFIX}/client_id +ABCDE12345-100`));
    expect(run.stdout).toMatch(new RegExp(`${PREFIX}/access_token +eyJhbGci… +valid +.* 06:00 IST`));
    expect(run.stdout).toMatch(new RegExp(`${PREFIX}/refresh_token +eyJhbGci… +valid`));
    const reads = box.ssm.requests.filter((r) => r.op === "GetParameters");
    expect(reads).toHaveLength(1);
    expect(reads[0]?.body.WithDecryption).toBe(true);
  });

  it("--reveal shows the values on stdout (and still not on stderr)", async ({ box }) => {
    const issued = seedSsm(box);
    const run = await box.run("get-parameters.ts", ["--reveal"], { revealsOnStdout: true });
    expect(run.stdout).toContain(issued.accessToken);
    expect(run.stdout).toContain(issued.refreshToken);
  });

  it("--json: names, values and expiry; missing ones null with a warning", async ({ box }) => {
    box.ssm.put(`${PREFIX}/client_id`, box.fyers.clientId);
    const run = await box.run("get-parameters.ts", ["--json"], { revealsOnStdout: true });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      prefix: PREFIX,
      client_id: { name: `${PREFIX}/client_id`, value: box.fyers.clientId },
      access_token: {
        name: `${PREFIX}/access_token`,
        value: null,
        status: "missing",
        expires_at: null,
        seconds_left: null,
      },
      refresh_token: {
        name: `${PREFIX}/refresh_token`,
        value: null,
        status: "missing",
        expires_at: null,
        seconds_left: null,
      },
    });
    expect(run.stderr).toContain(`not found in SSM: ${PREFIX}/access_token, ${PREFIX}/refresh_token`);
  });
});
