import { it, PREFIX, redirectUrl } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";

const validateCalls = (requests: { path: string }[]) =>
  requests.filter((r) => r.path.endsWith("/validate-authcode")).length;

describe.concurrent("exchange.ts", () => {
  it("a pasted redirect URL on stdin: both tokens in the token file (0600), masked on stdout", async ({
    box,
  }) => {
    const run = await box.run("exchange.ts", ["--auth-code", "-"], {
      stdin: `  ${redirectUrl(box.issueAuthCode())}\n`,
    });
    expect(run.code).toBe(0);
    const file = await box.readFile();
    expect(Object.keys(file ?? {}).sort()).toEqual([
      "access_token",
      "client_id",
      "refresh_token",
      "updated_at",
    ]);
    expect(file?.client_id).toBe(box.fyers.clientId);
    expect(run.stdout).toMatch(/^token +value +status +expires \(IST\) +expires \(UTC\) +left\n/);
    expect(run.stdout).toMatch(
      /access_token +eyJhbGci… +valid +\d{4}-\d\d-\d\d 06:00 IST +\d{4}-\d\d-\d\dT00:30:00Z/,
    );
    expect(run.stderr).toContain(`saved to file:${box.tokenFile}`);
    expect(run.stderr).not.toContain("visible to other processes");
  });

  it("--store ssm: the file first, then the three SecureString parameters", async ({ box }) => {
    const run = await box.run("exchange.ts", ["--auth-code", "-", "--store", "ssm"], {
      stdin: box.issueAuthCode(),
    });
    expect(run.code).toBe(0);
    const file = await box.readFile();
    expect(box.ssmValue("access_token")).toBe(file?.access_token);
    expect(box.ssmValue("refresh_token")).toBe(file?.refresh_token);
    expect(box.ssmValue("client_id")).toBe(box.fyers.clientId);
    for (const p of box.ssm.parameters.values()) expect(p.type).toBe("SecureString");
    expect(run.stderr).toContain(`saved to file:${box.tokenFile} and ssm:${PREFIX}`);
  });

  it("SSM unreachable: the tokens stay safe in the file and the message says so", async ({ box }) => {
    box.ssm.fail({ failure: "access_denied", op: "PutParameter" });
    const run = await box.run("exchange.ts", ["--auth-code", "-"], {
      stdin: box.issueAuthCode(),
      env: { FYERS_STORE: "ssm" },
    });
    expect(run.code).toBe(1);
    expect((await box.readFile())?.access_token).toBeDefined();
    expect(run.stderr).toContain(`the new tokens are saved in file:${box.tokenFile}`);
    expect(run.stderr).toContain("put-parameters.ts");
  });

  it("--json: one object with the token facts and values", async ({ box }) => {
    const run = await box.run("exchange.ts", ["--auth-code", "-", "--json"], {
      stdin: box.issueAuthCode(),
      revealsOnStdout: true,
    });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    const file = await box.readFile();
    expect(json).toMatchObject({
      result: "exchanged",
      access_token: { status: "valid" },
      refresh_token: { status: "valid" },
      saved_to: [`file:${box.tokenFile}`],
      tokens: { access_token: file?.access_token, refresh_token: file?.refresh_token },
    });
    expect(json.access_token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT00:30:00Z$/);
  });

  it("a used auth code: exit 3, the store unchanged, a login is needed", async ({ box }) => {
    const code = box.issueAuthCode();
    expect((await box.run("exchange.ts", ["--auth-code", "-"], { stdin: code })).code).toBe(0);
    const before = await box.rawFile();
    const run = await box.run("exchange.ts", ["--auth-code", "-"], { stdin: code });
    expect(run.code).toBe(3);
    expect(await box.rawFile()).toBe(before);
    expect(run.stderr).toMatch(/error: FYERS refused the auth code/);
    expect(run.stderr).toMatch(/hint: auth codes are single use .*log in again/);
    expect(run.stdout).toBe("");
  });

  it("an expired auth code given on argv: exit 3, nothing stored, and a warning about argv", async ({
    box,
  }) => {
    const run = await box.run("exchange.ts", ["--auth-code", box.issueAuthCode(-60)]);
    expect(run.code).toBe(3);
    expect(await box.rawFile()).toBeUndefined();
    expect(run.stderr).toContain("warning: --auth-code on the command line is visible to other processes");
  });

  it("a wrong app secret: exit 2, the message shows how to check the hash", async ({ box }) => {
    const run = await box.run("exchange.ts", ["--auth-code", "-"], {
      stdin: box.issueAuthCode(),
      env: { FYERS_APP_SECRET: "WRONGSECRET1" },
    });
    box.secrets.add("WRONGSECRET1");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("FYERS rejected the client id or app secret");
    expect(run.stderr).toMatch(/hint: .*sha256 of "CLIENT_ID:APP_SECRET"/);
    expect(run.stderr).not.toContain("WRONGSECRET1");
    expect(await box.rawFile()).toBeUndefined();
  });

  it("FYERS answers 502 once, then OK: the retry succeeds", async ({ box }) => {
    box.fyers.fail({ failure: "server_error_html", times: 1, endpoint: "validate-authcode" });
    const run = await box.run("exchange.ts", ["--auth-code", "-"], { stdin: box.issueAuthCode() });
    expect(run.code).toBe(0);
    expect(validateCalls(box.fyers.requests)).toBe(2);
    expect((await box.readFile())?.refresh_token).toBeDefined();
  });

  it("FYERS answers 429 every time: at most 3 attempts, exit 1, nothing stored", async ({ box }) => {
    box.fyers.fail({ failure: "rate_limit", retryAfterSeconds: 0 });
    const run = await box.run("exchange.ts", ["--auth-code", "-"], { stdin: box.issueAuthCode() });
    expect(run.code).toBe(1);
    expect(validateCalls(box.fyers.requests)).toBeGreaterThan(0);
    expect(validateCalls(box.fyers.requests)).toBeLessThanOrEqual(3);
    expect(run.stderr).toContain("too many requests");
    expect(await box.rawFile()).toBeUndefined();
  });

  it("no --auth-code and no terminal to ask on: exit 2 naming the flag", async ({ box }) => {
    const run = await box.run("exchange.ts");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --auth-code: is required");
  });

  it("a redirect URL with another state than --state: exit 1, no FYERS call", async ({ box }) => {
    const run = await box.run("exchange.ts", ["--auth-code", "-", "--state", "mine"], {
      stdin: redirectUrl(box.issueAuthCode(), "theirs"),
    });
    expect(run.code).toBe(1);
    expect(validateCalls(box.fyers.requests)).toBe(0);
    expect(await box.rawFile()).toBeUndefined();
  });
});
