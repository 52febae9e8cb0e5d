// login-link.ts (the owner's one-tap login link, /login?k=KEY) under faults and bad input,
// through the real script against the SSM fake; every run is scanned for secrets, the link's
// key among them: it reaches stdout only, and only on success.
import { loginKey } from "@fyers-token/core";
import { freePort, PREFIX, type Sandbox } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";
import { test } from "./faults/fixture.js";
import { runChecked } from "./faults/scripts.js";

const URL_ = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-south-1.on.aws";

/** The app secret and client id in SSM, the key the link would carry counted as a secret. */
function seed(box: Sandbox): string {
  box.ssm.put(`${PREFIX}/client_id`, box.fyers.clientId);
  box.ssm.put(`${PREFIX}/app_secret`, box.fyers.appSecret);
  const key = loginKey(box.fyers.appSecret);
  box.secrets.add(key);
  return key;
}

describe("fault: … login-link.ts", () => {
  test("fault: SSM denies the read: exit 1 naming ssm:GetParameters, no link, no key anywhere", async ({
    box,
    guard,
  }) => {
    seed(box);
    box.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const run = await runChecked(box, guard, "login-link.ts", ["--url", URL_]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("AWS denied ssm:GetParameters");
    expect(run.stdout).toBe("");
  });

  test("fault: SSM unreachable (nothing listens at the endpoint): exit 1 with the network hint, no link", async ({
    box,
    guard,
  }) => {
    seed(box);
    const dead = `http://127.0.0.1:${await freePort()}`;
    const run = await runChecked(box, guard, "login-link.ts", ["--url", URL_, "--json"], {
      env: { AWS_ENDPOINT_URL_SSM: dead },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/AWS SSM|ssm:GetParameters/);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { exit_code: 1 } });
    expect(run.stdout).not.toContain("login_link");
  }, 60_000);

  test("fault: SSM throttles the read: exit 1, no link", async ({ box, guard }) => {
    seed(box);
    box.ssm.fail({ failure: "throttle", op: "GetParameters" });
    const run = await runChecked(box, guard, "login-link.ts", ["--url", URL_]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
  }, 60_000);
});

describe("bad input: … login-link.ts", () => {
  test("bad input: --url that is http on a public host, not a URL, or missing: exit 2 with the fix, SSM never read", async ({
    box,
    guard,
  }) => {
    seed(box);
    for (const args of [
      ["--url", "http://abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-south-1.on.aws"],
      ["--url", "lambda-url.ap-south-1.on.aws/login"],
      ["--url", "javascript:alert(1)"],
      [],
    ]) {
      const run = await runChecked(box, guard, "login-link.ts", args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/error: --url: /);
      expect(run.stderr).toContain(
        "hint: give the callback's function URL (the FunctionUrl output of the deploy)",
      );
      expect(run.stdout).toBe("");
    }
    expect(box.ssm.requests).toHaveLength(0);
  });

  test("bad input: no app secret in SSM yet: exit 2 naming the put-parameters.ts --app-secret - command", async ({
    box,
    guard,
  }) => {
    box.ssm.put(`${PREFIX}/client_id`, box.fyers.clientId);
    const run = await runChecked(box, guard, "login-link.ts", ["--url", URL_]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`SSM has no ${PREFIX}/app_secret`);
    expect(run.stderr).toMatch(/printf %s "\$SECRET" \| .*put-parameters\.ts --app-secret -/);
    expect(run.stdout).toBe("");
  });

  test("bad input: an unknown flag (--link): exit 2, nothing read; the link is printed only when asked for", async ({
    box,
    guard,
  }) => {
    const key = seed(box);
    const wrong = await runChecked(box, guard, "login-link.ts", ["--link", URL_]);
    expect(wrong.code).toBe(2);
    expect(box.ssm.requests).toHaveLength(0);
    const right = await runChecked(box, guard, "login-link.ts", ["--url", URL_], { revealsOnStdout: true });
    expect(right.code).toBe(0);
    expect(right.stdout).toBe(`${URL_}/login?k=${key}\n`);
  });
});
