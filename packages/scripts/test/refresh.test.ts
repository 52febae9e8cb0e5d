import { makeRefreshToken } from "@fyers-token/testkit";
import { it, PREFIX, REPO } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";

describe.concurrent("refresh.ts", () => {
  it("a new access token in the file, the refresh token kept, the profile checked", async ({ box }) => {
    const issued = await box.seedIssued();
    const run = await box.run("refresh.ts");
    expect(run.code).toBe(0);
    const file = await box.readFile();
    expect(file?.access_token).not.toBe(issued.accessToken);
    expect(file?.refresh_token).toBe(issued.refreshToken);
    expect(run.stdout).toMatch(/access_token +eyJhbGci… +valid/);
    expect(run.stdout).toContain("profile: ok (TEST USER)");
    const body = box.fyers.requests.find((r) => r.path.endsWith("/validate-refresh-token"))?.body;
    expect(body).toEqual({
      grant_type: "refresh_token",
      appIdHash: box.fyers.appIdHash,
      refresh_token: issued.refreshToken,
      pin: box.fyers.pin,
    });
  });

  it("--store ssm: exactly 1 GetParameters, then only the changed parameters written; no file", async ({
    box,
  }) => {
    const issued = box.fyers.issueTokens();
    box.secrets.add(issued.accessToken).add(issued.refreshToken);
    box.ssm.put(`${PREFIX}/client_id`, box.fyers.clientId);
    box.ssm.put(`${PREFIX}/access_token`, issued.accessToken);
    box.ssm.put(`${PREFIX}/refresh_token`, issued.refreshToken);
    box.ssm.requests.length = 0;
    const run = await box.run("refresh.ts", ["--store", "ssm"]);
    expect(run.code, run.stderr).toBe(0);
    expect(box.ssm.requests.map((r) => r.op)).toEqual(["GetParameters", "PutParameter"]);
    expect(box.ssm.requests[1]?.body.Name).toBe(`${PREFIX}/access_token`);
    expect(await box.rawFile(), "the fallback file is written only when SSM refuses").toBeUndefined();
  });

  it("FYERS refuses the refresh: exit 3, the store unchanged, says a login is needed", async ({ box }) => {
    await box.seedIssued();
    const before = await box.rawFile();
    box.fyers.fail({ failure: "refuse_refresh" });
    const run = await box.run("refresh.ts");
    expect(run.code).toBe(3);
    expect(await box.rawFile()).toBe(before);
    expect(run.stderr).toContain("error: FYERS refused the refresh");
    // Printed in the sandbox, not the repository root: the command names the repository.
    expect(run.stderr).toMatch(/hint: .*log in again \(/);
    expect(run.stderr).toContain(`log in again (npx --prefix ${REPO} tsx ${REPO}/packages/scripts/login.ts)`);
    expect(run.stdout).toBe("");
  });

  it("an expired refresh token: exit 3 without calling FYERS", async ({ box }) => {
    await box.seedFile({
      client_id: box.fyers.clientId,
      refresh_token: makeRefreshToken({ expSeconds: -60 }),
    });
    const run = await box.run("refresh.ts");
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("the stored refresh token expired at");
    expect(box.fyers.requests).toHaveLength(0);
  });

  it("a wrong PIN: exit 2, the PIN itself never shown", async ({ box }) => {
    await box.seedIssued();
    const run = await box.run("refresh.ts", [], { env: { FYERS_PIN: "5555" } });
    box.secrets.add("5555");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("FYERS rejected the PIN");
    expect(run.stderr).not.toMatch(/\b5555\b/);
  });

  it("--store ssm refreshes the SSM parameters", async ({ box }) => {
    const issued = box.fyers.issueTokens();
    box.secrets.add(issued.accessToken).add(issued.refreshToken);
    box.ssm.put(`${PREFIX}/refresh_token`, issued.refreshToken);
    box.ssm.put(`${PREFIX}/client_id`, box.fyers.clientId);
    const run = await box.run("refresh.ts", ["--store", "ssm", "--json"], { revealsOnStdout: true });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ result: "refreshed", store: `ssm:${PREFIX}`, profile: { ok: true } });
    expect(box.ssmValue("access_token")).toBe(json.tokens.access_token);
    expect(await box.rawFile()).toBeUndefined();
  });
});

describe.concurrent("force-refresh.ts", () => {
  it("removes the access token from the file and keeps the refresh token", async ({ box }) => {
    const issued = await box.seedIssued();
    const run = await box.run("force-refresh.ts");
    expect(run.code).toBe(0);
    const file = await box.readFile();
    expect(file?.access_token).toBeUndefined();
    expect(file?.refresh_token).toBe(issued.refreshToken);
    expect(run.stdout.trim()).toBe(`deleted access_token from file:${box.tokenFile}`);
    expect(run.stderr).toContain("refresh.ts");
  });

  it("--store ssm deletes the parameter; a second run finds nothing to delete", async ({ box }) => {
    box.ssm.put(`${PREFIX}/access_token`, "eyJhbGciOiJIUzI1NiJ9.e30.c2ln");
    box.ssm.put(`${PREFIX}/refresh_token`, "eyJhbGciOiJIUzI1NiJ9.e30.cmVm");
    box.secrets.add("eyJhbGciOiJIUzI1NiJ9.e30.c2ln").add("eyJhbGciOiJIUzI1NiJ9.e30.cmVm");
    const first = await box.run("force-refresh.ts", ["--store", "ssm", "--json"], { revealsOnStdout: true });
    expect(JSON.parse(first.stdout)).toEqual({ deleted: true, store: `ssm:${PREFIX}` });
    expect(box.ssmValue("access_token")).toBeUndefined();
    expect(box.ssmValue("refresh_token")).toBeDefined();
    const second = await box.run("force-refresh.ts", ["--store", "ssm"]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("No access token was stored");
  });
});
