import { it, PREFIX, redirectUrl } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";

const GUIDE = "manual-token-generator.ts";

describe.concurrent("manual-token-generator.ts (the guide's CLI)", () => {
  it("--step 1, 2, 3, then --refresh: the guide's whole path", async ({ box }) => {
    const step1 = await box.run(GUIDE, ["--step", "1"]);
    expect(step1.code).toBe(0);
    expect(step1.stdout.trim()).toMatch(/\/generate-authcode\?client_id=ABCDE12345-100&/);
    expect(step1.stderr).toContain("--step 2 --auth-code -");

    const state = new URL(step1.stdout.trim()).searchParams.get("state") ?? "";
    const step2 = await box.run(GUIDE, ["--step", "2", "--auth-code", "-"], {
      stdin: redirectUrl(box.issueAuthCode(), state),
    });
    expect(step2.code).toBe(0);
    expect(step2.stderr).toMatch(
      /Tokens generated successfully!\nAccess Token: eyJhbGci…\nRefresh Token: eyJhbGci…\n/,
    );
    expect(step2.stderr).toContain(`Tokens saved to: ${box.tokenFile}`);
    const file = await box.readFile();
    expect(box.ssm.parameters.size).toBe(0);

    const step3 = await box.run(GUIDE, ["--step", "3"]);
    expect(step3.code).toBe(0);
    expect(step3.stderr).toContain("Your system is ready to run automatically!");
    expect(box.ssmValue("access_token")).toBe(file?.access_token);

    const refreshed = await box.run(GUIDE, ["--refresh"]);
    expect(refreshed.code).toBe(0);
    expect(box.ssmValue("access_token")).not.toBe(file?.access_token);
    expect(box.ssmValue("refresh_token")).toBe(file?.refresh_token);
    expect((await box.readFile())?.access_token).toBe(file?.access_token);
    expect(refreshed.stderr).toContain(`New access token saved to ssm:${PREFIX}`);
  });

  it("--step 3 with the guide's token flags", async ({ box }) => {
    const issued = box.fyers.issueTokens();
    box.secrets.add(issued.accessToken).add(issued.refreshToken);
    const run = await box.run(GUIDE, [
      "--step",
      "3",
      "--access-token",
      issued.accessToken,
      "--refresh-token",
      issued.refreshToken,
    ]);
    expect(run.code).toBe(0);
    expect(box.ssmValue("refresh_token")).toBe(issued.refreshToken);
    expect(run.stderr.match(/visible to other processes/g)).toHaveLength(2);
  });

  it("--refresh refused by FYERS: exit 3, SSM unchanged", async ({ box }) => {
    const issued = box.fyers.issueTokens();
    box.secrets.add(issued.accessToken).add(issued.refreshToken);
    box.ssm.put(`${PREFIX}/refresh_token`, issued.refreshToken);
    box.fyers.fail({ failure: "refuse_refresh" });
    const run = await box.run(GUIDE, ["--refresh"]);
    expect(run.code).toBe(3);
    expect(box.ssmValue("access_token")).toBeUndefined();
    expect(run.stderr).toContain("log in again");
  });

  it("no mode, two modes, or a bad step: exit 2", async ({ box }) => {
    const runs = await Promise.all([
      box.run(GUIDE),
      box.run(GUIDE, ["--step", "1", "--refresh"]),
      box.run(GUIDE, ["--step", "4"]),
      box.run(GUIDE, ["--step", "2"]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs[2]?.stderr).toContain('"4" is not a step');
    expect(runs[3]?.stderr).toContain("--auth-code: is required with --step 2");
  });
});
