import { makeAccessToken, makeRefreshToken } from "@fyers-token/testkit";
import { it, PREFIX, REPO } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";

describe.concurrent("verify.ts", () => {
  it("valid tokens: a table with IST and UTC expiry, the profile name and nothing personal; exit 0", async ({
    box,
  }) => {
    await box.seedIssued();
    const run = await box.run("verify.ts");
    expect(run.code).toBe(0);
    const [store, header, access, refresh, profile] = run.stdout.trimEnd().split("\n");
    expect(store).toBe(`store: file:${box.tokenFile}`);
    expect(header).toMatch(/^token +status +expires \(IST\) +expires \(UTC\) +left$/);
    expect(access).toMatch(/^access_token +valid +\d{4}-\d\d-\d\d 06:00 IST +\d{4}-\d\d-\d\dT00:30:00Z +\S/);
    expect(refresh).toMatch(/^refresh_token +valid +/);
    expect(profile).toBe("profile: ok (TEST USER)");
    expect(run.stdout + run.stderr).not.toMatch(/example\.com|A\*\*\*Z|98\*\*\*\*10|FX0011/);
  });

  it("--json: the shape interface.md fixes", async ({ box }) => {
    await box.seedIssued();
    const run = await box.run("verify.ts", ["--json"], { revealsOnStdout: true });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      valid: true,
      access_token: { status: "valid", expires_at: expect.stringMatching(/T00:30:00Z$/) },
      refresh_token: { status: "valid" },
      profile: { ok: true, name: "TEST USER" },
      next_action: "none",
    });
    expect(json.access_token.seconds_left).toBeGreaterThan(0);
    expect(JSON.stringify(json)).not.toContain("eyJ");
  });

  it("an access token FYERS rejects but a live refresh token: exit 1, says to run refresh.ts", async ({
    box,
  }) => {
    const issued = await box.seedIssued();
    box.fyers.revokeAccessToken(issued.accessToken);
    const run = await box.run("verify.ts", ["--json"], { revealsOnStdout: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("run refresh.ts");
    expect(JSON.parse(run.stdout)).toMatchObject({
      valid: false,
      profile: { ok: false, name: null },
      next_action: "refresh",
    });
  });

  it("an expired access token: no FYERS call at all; exit 1", async ({ box }) => {
    await box.seedFile({
      client_id: box.fyers.clientId,
      access_token: makeAccessToken({ expSeconds: -60 }),
      refresh_token: makeRefreshToken(),
    });
    const run = await box.run("verify.ts");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/access_token +expired .*expired 1m/);
    expect(box.fyers.requests).toHaveLength(0);
  });

  it("nothing usable left (the refresh token expired too): exit 3, says to log in", async ({ box }) => {
    await box.seedFile({
      client_id: box.fyers.clientId,
      access_token: makeAccessToken({ expSeconds: -60 }),
      refresh_token: makeRefreshToken({ expSeconds: -60 }),
    });
    const run = await box.run("verify.ts");
    expect(run.code).toBe(3);
    // Printed in the sandbox, not the repository root: the command names the repository.
    expect(run.stderr).toContain(`log in (npx --prefix ${REPO} tsx ${REPO}/packages/scripts/login.ts)`);
  });

  it("no token file at all: exit 3, saying where it looked and how to point elsewhere", async ({ box }) => {
    const run = await box.run("verify.ts", ["--json"], { revealsOnStdout: true });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: {
        code: "login_required",
        message: `no token file at ${box.tokenFile} (set FYERS_TOKEN_FILE or --token-file)`,
        exit_code: 3,
      },
    });
    expect(run.stderr).toContain(`hint: if the tokens are in another folder, point there`);
  });

  it("a broken token file: exit 1, left untouched", async ({ box }) => {
    await box.seedFile("{not json");
    const run = await box.run("verify.ts");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is not valid JSON");
    expect(await box.rawFile()).toBe("{not json");
  });

  it("FYERS unreachable: exit 1 naming the host and the network error", async ({ box }) => {
    await box.seedIssued();
    const run = await box.run("verify.ts", [], { env: { FYERS_API_URL: "http://127.0.0.1:9/api/v3" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: could not reach FYERS at 127.0.0.1:9 (ECONNREFUSED)");
  });

  it("--store ssm reads the three parameters", async ({ box }) => {
    const issued = box.fyers.issueTokens();
    box.secrets.add(issued.accessToken).add(issued.refreshToken);
    box.ssm.put(`${PREFIX}/access_token`, issued.accessToken);
    box.ssm.put(`${PREFIX}/refresh_token`, makeRefreshToken({ expSeconds: 3600 }));
    box.ssm.put(`${PREFIX}/client_id`, box.fyers.clientId);
    const run = await box.run("verify.ts", ["--store", "ssm"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`store: ssm:${PREFIX}`);
    expect(run.stdout).toMatch(/refresh_token +expiring /);
    expect(run.stderr).toContain("the refresh token expires soon");
  });
});
