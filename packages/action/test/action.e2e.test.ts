// The committed bundle, run as the runner runs it, against the FYERS, SSM and GitHub fakes.
import { makeAccessToken, makeRefreshToken } from "@fyers-token/testkit";
import {
  type ActionRun,
  type Fakes,
  maskProblems,
  PARAM,
  runAction,
  startFakes,
} from "@fyers-token/testkit/harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const HOUR = 3600;
const DAY = 86400;
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let fakes: Fakes;
beforeEach(async () => {
  fakes = await startFakes();
});
afterEach(async () => {
  await fakes.close();
});

/** Stores tokens in the SSM fake as a previous run would have. */
function seed(tokens: { accessToken?: string; refreshToken?: string }): void {
  fakes.ssm.put(PARAM.clientId, fakes.fyers.clientId);
  if (tokens.accessToken) fakes.ssm.put(PARAM.accessToken, tokens.accessToken);
  if (tokens.refreshToken) fakes.ssm.put(PARAM.refreshToken, tokens.refreshToken);
}

const stored = (name: string) => fakes.ssm.parameters.get(name)?.value;
const ssmOps = () => fakes.ssm.requests.map((r) => r.op);
const fyersPaths = () => fakes.fyers.requests.map((r) => r.path.replace(/^\/api\/v3\//, ""));
const openLoginIssues = () =>
  fakes.github.issues.filter((i) => i.state === "open" && i.labels.includes("fyers-login"));

/** The credentials every run sees, masked before anything else is printed. */
function credentials(): Record<string, string> {
  return {
    "app secret": fakes.fyers.appSecret,
    PIN: fakes.fyers.pin,
    appIdHash: fakes.fyers.appIdHash,
    "github token": "ghs_testtoken0123456789",
  };
}

function expectMasked(run: ActionRun, secrets: Record<string, string>): void {
  expect(maskProblems(run, secrets)).toEqual([]);
}

/** No secret value reaches the summary or any issue body or comment. */
function expectNoSecretsOutsideLog(run: ActionRun, secrets: Record<string, string>): void {
  const texts = [
    run.summary,
    ...fakes.github.issues.flatMap((i) => [i.title, i.body, ...i.comments.map((c) => c.body)]),
  ];
  for (const [what, value] of Object.entries(secrets)) {
    for (const text of texts) expect(text.includes(value), `${what} leaked`).toBe(false);
  }
}

describe("mode auto", () => {
  it("skips with one SSM read and no FYERS or GitHub call while the access token is good", async () => {
    const accessToken = makeAccessToken({ expSeconds: 6 * HOUR });
    const refreshToken = makeRefreshToken({ expSeconds: 10 * DAY });
    seed({ accessToken, refreshToken });

    const run = await runAction(fakes);

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("skipped");
    expect(run.outputs["access-token"]).toBe(accessToken);
    expect(run.outputs["access-token-expires-at"]).toMatch(ISO_Z);
    expect(run.outputs["refresh-token-expires-at"]).toMatch(ISO_Z);
    expect(run.outputs["login-url"]).toContain(`${fakes.fyers.baseUrl}/generate-authcode?client_id=`);
    expect(ssmOps()).toEqual(["GetParameters"]);
    expect(fakes.fyers.requests).toEqual([]);
    expect(fakes.github.requests).toEqual([]);
    expect(run.stdout).not.toContain("loading @actions/github");
    expect(run.summary).toContain("skipped");
    expect(run.summary).toContain("```mermaid");
    expect(run.summary).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} IST/);
    const secrets = { ...credentials(), "access token": accessToken, "refresh token": refreshToken };
    expectMasked(run, secrets);
    expectNoSecretsOutsideLog(run, secrets);
  });

  it("refreshes an expired access token, saves it and reports the new expiry", async () => {
    const { refreshToken } = fakes.fyers.issueTokens();
    const oldAccess = makeAccessToken({ expSeconds: -60 });
    seed({ accessToken: oldAccess, refreshToken });

    const run = await runAction(fakes);

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("refreshed");
    const fresh = stored(PARAM.accessToken);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(oldAccess);
    expect(stored(PARAM.refreshToken)).toBe(refreshToken);
    expect(run.outputs["access-token"]).toBe(fresh);
    expect(fyersPaths()).toEqual(["validate-refresh-token", "profile"]);
    expect(fakes.fyers.requests[0]?.body).toMatchObject({
      pin: fakes.fyers.pin,
      appIdHash: fakes.fyers.appIdHash,
    });
    // One read to decide, one put of what changed: the write reuses the run's read.
    expect(ssmOps()).toEqual(["GetParameters", "PutParameter"]);
    expect(run.summary).toContain("refreshed the access token");
    const secrets = {
      ...credentials(),
      "old access token": oldAccess,
      "refresh token": refreshToken,
      "new access token": fresh ?? "",
    };
    expectMasked(run, secrets);
    expectNoSecretsOutsideLog(run, secrets);
  });

  it("exchanges an auth code pasted as the whole redirect URL", async () => {
    const code = fakes.fyers.issueAuthCode();
    const redirect = `https://trade.fyers.in/api-login/redirect-to-app?s=ok&code=200&auth_code=${code}&state=abc`;

    const run = await runAction(fakes, { inputs: { "auth-code": redirect } });

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("exchanged");
    expect(fakes.fyers.requests[0]?.body).toMatchObject({ code, grant_type: "authorization_code" });
    const access = stored(PARAM.accessToken) ?? "";
    const refresh = stored(PARAM.refreshToken) ?? "";
    expect(access).not.toBe("");
    expect(refresh).not.toBe("");
    expect(stored(PARAM.clientId)).toBe(fakes.fyers.clientId);
    expect(fakes.ssm.parameters.get(PARAM.accessToken)?.type).toBe("SecureString");
    expect(run.outputs["access-token"]).toBe(access);
    const secrets = {
      ...credentials(),
      "auth code URL": redirect,
      "auth code": code,
      "access token": access,
      "refresh token": refresh,
    };
    expectMasked(run, secrets);
    expectNoSecretsOutsideLog(run, secrets);
  });

  it("force: true refreshes a token that still has time left", async () => {
    const { accessToken, refreshToken } = fakes.fyers.issueTokens();
    seed({ accessToken, refreshToken });
    const run = await runAction(fakes, { inputs: { force: "true", "min-remaining": "1m" } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("refreshed");
    expect(stored(PARAM.accessToken)).not.toBe(accessToken);
  });
});

describe("the login issue", () => {
  it("opens exactly one issue when a login is required, fails the step, and closes it after the exchange", async () => {
    const oldAccess = makeAccessToken({ expSeconds: -60 });
    const oldRefresh = makeRefreshToken({ expSeconds: -60 });
    seed({ accessToken: oldAccess, refreshToken: oldRefresh });

    const first = await runAction(fakes);
    const second = await runAction(fakes);
    expectMasked(first, { ...credentials(), "access token": oldAccess, "refresh token": oldRefresh });

    for (const run of [first, second]) {
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      expect(run.outputs["access-token"]).toBe("");
      expect(run.stdout).toMatch(/^::error::A FYERS login is required: the refresh token expired/m);
    }
    expect(openLoginIssues()).toHaveLength(1);
    const [issue] = openLoginIssues();
    expect(issue?.title).toBe(`FYERS login required for ${fakes.fyers.clientId}`);
    expect(issue?.body).toContain(
      `${fakes.fyers.baseUrl}/generate-authcode?client_id=${fakes.fyers.clientId}`,
    );
    expect(issue?.body).toContain("https://github.com/octo/trading/actions/workflows/fyers-token.yml");
    expect(issue?.body).toMatch(/Deadline:\*\* \d{4}-\d{2}-\d{2} 06:00 IST \(\d{4}-\d{2}-\d{2}T00:30:00Z\)/);
    expect(issue?.body).toContain("the refresh token expired");
    expect(first.summary).toContain("a login is required");
    expect(first.summary).toContain("https://github.com/octo/trading/issues/1");
    expect(fakes.fyers.requests).toEqual([]);

    const code = fakes.fyers.issueAuthCode();
    const after = await runAction(fakes, { inputs: { "auth-code": code } });

    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(after.outputs.result).toBe("exchanged");
    expect(openLoginIssues()).toHaveLength(0);
    expect(fakes.github.issues).toHaveLength(1);
    expect(issue?.state).toBe("closed");
    expect(issue?.comments).toHaveLength(1);
    expect(issue?.comments[0]?.body).toMatch(
      /^The auth code was exchanged\. The new access token is valid until/,
    );
    expectNoSecretsOutsideLog(after, { ...credentials(), "auth code": code });
  });

  it("treats a refused auth code as login-required: issue, failed step, nothing stored", async () => {
    const code = fakes.fyers.issueAuthCode();
    const first = await runAction(fakes, { inputs: { mode: "exchange", "auth-code": code } });
    expect(first.outputs.result).toBe("exchanged");
    const firstAccess = stored(PARAM.accessToken);

    const reused = await runAction(fakes, { inputs: { mode: "exchange", "auth-code": code } });

    expect(reused.code).toBe(1);
    expect(reused.outputs.result).toBe("login-required");
    expect(reused.stdout).toMatch(
      /^::error::A FYERS login is required: FYERS refused the auth code \(FYERS said -437: invalid auth code\)/m,
    );
    expect(stored(PARAM.accessToken)).toBe(firstAccess);
    expect(openLoginIssues()).toHaveLength(1);
    expect(openLoginIssues()[0]?.body).toContain("FYERS refused the auth code");
    expectMasked(reused, { ...credentials(), "auth code": code });
  });

  it("treats a refused refresh as login-required and closes the issue after a later refresh", async () => {
    const { refreshToken } = fakes.fyers.issueTokens();
    seed({ accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken });
    fakes.fyers.fail({ failure: "refuse_refresh", times: 1 });

    const refused = await runAction(fakes);
    expect(refused.code).toBe(1);
    expect(refused.outputs.result).toBe("login-required");
    expect(refused.stdout).toContain("FYERS refused the refresh");
    expect(openLoginIssues()).toHaveLength(1);

    const later = await runAction(fakes);
    expect(later.code, later.stdout + later.stderr).toBe(0);
    expect(later.outputs.result).toBe("refreshed");
    expect(openLoginIssues()).toHaveLength(0);
    expect(fakes.github.issues[0]?.comments[0]?.body).toMatch(/^The access token was refreshed\./);
  });

  it("warns and opens the issue when the refresh token expires within warn-before, and still succeeds", async () => {
    seed({
      accessToken: makeAccessToken({ expSeconds: 6 * HOUR }),
      refreshToken: makeRefreshToken({ expSeconds: 2 * DAY }),
    });

    const run = await runAction(fakes);

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("skipped");
    expect(run.stdout).toMatch(
      /^::warning::A FYERS login is due by .* IST \(.*Z\), in (?:1d 23h|2d): the refresh token expires at .* IST\.$/m,
    );
    expect(run.stdout).toContain("::debug::loading @actions/github");
    expect(openLoginIssues()).toHaveLength(1);
    expect(openLoginIssues()[0]?.title).toBe(`FYERS login due soon for ${fakes.fyers.clientId}`);
    expect(fakes.fyers.requests).toEqual([]);
  });

  it("treats an expired refresh token beside a working access token as a login due soon", async () => {
    const accessToken = makeAccessToken({ expSeconds: 6 * HOUR });
    seed({ accessToken, refreshToken: makeRefreshToken({ expSeconds: -60 }) });

    const run = await runAction(fakes);

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("skipped");
    expect(run.outputs["access-token"]).toBe(accessToken);
    expect(run.stdout).toMatch(
      /^::warning::A FYERS login is due by .*: the refresh token expired at .*, so the access token cannot be refreshed/m,
    );
    expect(openLoginIssues()).toHaveLength(1);
    expect(openLoginIssues()[0]?.body).toContain("**Deadline:** ");
  });

  it("only warns when the token may not write issues (403)", async () => {
    fakes.github.denyIssueWrites();
    seed({
      accessToken: makeAccessToken({ expSeconds: 6 * HOUR }),
      refreshToken: makeRefreshToken({ expSeconds: 2 * DAY }),
    });

    const expiring = await runAction(fakes);
    expect(expiring.code, expiring.stdout + expiring.stderr).toBe(0);
    expect(expiring.stdout).toMatch(
      /^::warning::Could not create the login issue: GitHub answered 403 .*issues: write/m,
    );

    fakes.ssm.put(PARAM.refreshToken, makeRefreshToken({ expSeconds: -60 }));
    fakes.ssm.put(PARAM.accessToken, makeAccessToken({ expSeconds: -60 }));
    const required = await runAction(fakes);
    expect(required.code).toBe(1);
    expect(required.outputs.result).toBe("login-required");
    expect(required.stdout).toMatch(/^::warning::Could not create the login issue: GitHub answered 403/m);
    expect(required.stdout).toMatch(/^::error::A FYERS login is required/m);
    expect(fakes.github.issues).toHaveLength(0);
  });

  it("touches no issue with notify: none", async () => {
    seed({});
    const run = await runAction(fakes, { inputs: { notify: "none" } });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe("login-required");
    expect(fakes.github.requests).toEqual([]);
  });
});

describe("dry-run", () => {
  it("decides and reports without a FYERS call, a store write or an issue", async () => {
    const { refreshToken } = fakes.fyers.issueTokens();
    const oldAccess = makeAccessToken({ expSeconds: -60 });
    seed({ accessToken: oldAccess, refreshToken });

    const run = await runAction(fakes, { inputs: { "dry-run": "true" } });

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("refreshed");
    expect(run.outputs["access-token"]).toBe("");
    expect(fakes.fyers.requests).toEqual([]);
    expect(ssmOps()).toEqual(["GetParameters"]);
    expect(stored(PARAM.accessToken)).toBe(oldAccess);
    expect(fakes.github.requests).toEqual([]);
    expect(run.summary).toContain("dry run, would refresh the access token");
  });

  it("reports a required login as a warning, touching no issue", async () => {
    seed({});
    const run = await runAction(fakes, { inputs: { "dry-run": "true" } });
    expect(run.code).toBe(0);
    expect(run.outputs.result).toBe("login-required");
    expect(run.stdout).toMatch(/^::warning::Dry run: a FYERS login would be required/m);
    expect(fakes.github.requests).toEqual([]);
  });
});

describe("mode verify", () => {
  it("is valid when FYERS accepts the stored token, without needing the app secret", async () => {
    const { accessToken, refreshToken } = fakes.fyers.issueTokens();
    seed({ accessToken, refreshToken });

    const run = await runAction(fakes, { inputs: { mode: "verify", "app-secret": "", pin: "" } });

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("valid");
    expect(run.outputs["access-token"]).toBe(accessToken);
    expect(fyersPaths()).toEqual(["profile"]);
    expect(ssmOps()).toEqual(["GetParameters"]);
    expectMasked(run, { "access token": accessToken, "refresh token": refreshToken });
  });

  it("is invalid, and fails the step, when FYERS rejects the token", async () => {
    const { accessToken, refreshToken } = fakes.fyers.issueTokens();
    seed({ accessToken, refreshToken });
    fakes.fyers.fail({ failure: "profile_401" });

    const run = await runAction(fakes, { inputs: { mode: "verify" } });

    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe("invalid");
    expect(run.outputs["access-token"]).toBe("");
    expect(run.stdout).toMatch(
      /^::error::The stored FYERS access token is not valid: FYERS rejected the access token/m,
    );
    expect(fakes.github.requests).toEqual([]);
  });
});

describe("failures", () => {
  it("names the input and gives the hint for a bad duration, before any store read", async () => {
    const run = await runAction(fakes, { inputs: { "min-remaining": "2 hours" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::min-remaining: "2 hours" is not a duration%0AHint: use one or more',
    );
    expect(fakes.ssm.requests).toEqual([]);
    expectMasked(run, credentials());
  });

  it("requires the app secret outside verify", async () => {
    const run = await runAction(fakes, { inputs: { "app-secret": "" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::app-secret: is required to exchange or refresh tokens/m);
  });

  it("fails with the hint when FYERS rejects the credentials", async () => {
    const { refreshToken } = fakes.fyers.issueTokens();
    seed({ accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken });
    fakes.fyers.fail({ failure: "wrong_hash" });
    const run = await runAction(fakes);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::FYERS rejected the client id or app secret.*%0AHint: /m);
    // No usable token is left: the failure is announced (a login would not help, so no login steps).
    expect(fakes.github.issues.map((i) => i.title)).toEqual([
      `FYERS token renewal failed for ${fakes.fyers.clientId}`,
    ]);
    expect(fakes.github.issues[0]?.body).toContain("**Fix:** update the FYERS_APP_SECRET secret");
    expect(fakes.github.issues[0]?.body).not.toContain("To log in");
  });

  it("runs without a job summary when GITHUB_STEP_SUMMARY is not set", async () => {
    seed({
      accessToken: makeAccessToken({ expSeconds: 6 * HOUR }),
      refreshToken: makeRefreshToken({ expSeconds: 10 * DAY }),
    });
    const run = await runAction(fakes, { noSummary: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe("skipped");
    expect(run.summary).toBe("");
  });
});
