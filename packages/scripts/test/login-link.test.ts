import { isLoginKey, loginKey } from "@fyers-token/core";
import { it, PREFIX, type Sandbox } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";

const URL_ = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-south-1.on.aws";

function seedSecret(box: Sandbox, prefix = PREFIX): string {
  box.ssm.put(`${prefix}/app_secret`, box.fyers.appSecret);
  box.ssm.put(`${prefix}/client_id`, box.fyers.clientId);
  const key = loginKey(box.fyers.appSecret);
  box.secrets.add(key);
  return key;
}

describe.concurrent("login-link.ts", () => {
  it("prints the owner's link alone on stdout, from the app secret in SSM (one read)", async ({ box }) => {
    const key = seedSecret(box);
    // Not in the environment: the script reads the secret from SSM, as the callback does.
    const run = await box.run("login-link.ts", ["--url", `${URL_}/`], {
      revealsOnStdout: true,
      env: { FYERS_APP_SECRET: undefined, FYERS_CLIENT_ID: undefined },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${URL_}/login?k=${key}\n`);
    expect(isLoginKey(new URL(run.stdout.trim()).searchParams.get("k"), box.fyers.appSecret)).toBe(true);
    expect(run.stderr).toContain("keep it private");
    expect(run.stderr).not.toContain(key);
    const reads = box.ssm.requests.filter((r) => r.op === "GetParameters");
    expect(reads).toHaveLength(1);
    expect(reads[0]?.body.Names).toContain(`${PREFIX}/app_secret`);
    expect(reads[0]?.body.WithDecryption).toBe(true);
    expect(box.ssm.requests.filter((r) => r.op !== "GetParameters")).toEqual([]);
    expect(box.fyers.requests).toHaveLength(0);
  });

  it("--json, a custom domain with /login already on it, --ssm-prefix; the link changes with the secret", async ({
    box,
  }) => {
    const key = seedSecret(box, "/my-app/fyers");
    const run = await box.run(
      "login-link.ts",
      ["--url", "https://login.example.com/login?k=old#x", "--ssm-prefix", "/my-app/fyers", "--json"],
      { revealsOnStdout: true },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      login_link: `https://login.example.com/login?k=${key}`,
      prefix: "/my-app/fyers",
    });
    box.ssm.put("/my-app/fyers/app_secret", "the rotated app secret");
    box.secrets.add(loginKey("the rotated app secret"));
    const again = await box.run("login-link.ts", ["--url", URL_, "--ssm-prefix", "/my-app/fyers"], {
      revealsOnStdout: true,
    });
    expect(again.stdout.trim()).toBe(`${URL_}/login?k=${loginKey("the rotated app secret")}`);
  });

  it("a local callback on 127.0.0.1 over http is fine", async ({ box }) => {
    const key = seedSecret(box);
    const run = await box.run("login-link.ts", ["--url", "http://127.0.0.1:8787"], { revealsOnStdout: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`http://127.0.0.1:8787/login?k=${key}\n`);
  });

  it("bad --url (missing, not a URL, http on another host, another scheme): exit 2 with the fix, nothing read", async ({
    box,
  }) => {
    seedSecret(box);
    for (const [args, says] of [
      [[], "--url: is required"],
      [["--url", "abc.lambda-url.on.aws"], "is not a URL"],
      [["--url", "http://abc.lambda-url.ap-south-1.on.aws"], "must be https://"],
      [["--url", "ftp://example.com"], "must be an https:// URL"],
      [["--url", "https://user:pw@example.com"], "must not carry a user name or password"],
    ] as const) {
      const run = await box.run("login-link.ts", [...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toContain(says);
      expect(run.stderr).toContain(`hint: give the callback's function URL`);
      expect(run.stdout).toBe("");
    }
    expect(box.ssm.requests).toHaveLength(0);
  });

  it("no app secret in SSM: exit 2 naming the put-parameters.ts --app-secret - command", async ({ box }) => {
    const run = await box.run("login-link.ts", ["--url", URL_]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`SSM has no ${PREFIX}/app_secret`);
    expect(run.stderr).toContain("put-parameters.ts --app-secret -");
    expect(run.stdout).toBe("");
  });

  it("SSM denies the read: exit 1 naming the action", async ({ box }) => {
    seedSecret(box);
    box.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const run = await box.run("login-link.ts", ["--url", URL_, "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("AWS denied ssm:GetParameters");
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "store_failed", exit_code: 1 } });
  });

  it("--help shows an example", async ({ box }) => {
    const run = await box.run("login-link.ts", ["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/login-link\.ts --url https:\/\/\S+\.on\.aws\n/);
    expect(run.stdout).toContain("changes when the app secret changes");
  });
});
