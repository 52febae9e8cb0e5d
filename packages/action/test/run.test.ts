// run() in process, over injected ports: the real FYERS client against the testkit fake, an
// in-memory store, a recording runner and an in-memory issue API.
import { createFyersClient, type FyersClient, FyersTokenError } from "@fyers-token/core";
import { type FyersFake, makeAccessToken, makeRefreshToken, startFyersFake } from "@fyers-token/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { failureMessage } from "../src/failure.js";
import { type Inputs, parseInputs, readRawInputs } from "../src/inputs.js";
import { loginState } from "../src/notices.js";
import { type Deps, type IssueApi, runContext, workflowUrl } from "../src/ports.js";
import type { Report } from "../src/report.js";
import { run } from "../src/run.js";
import { renderSummary, validityChart } from "../src/summary.js";
import { memoryIssues, memoryStore, recordingIO } from "./ports.js";

const HOUR = 3600;
const DAY = 86400;
let fyers: FyersFake;
beforeEach(async () => {
  fyers = await startFyersFake();
});
afterEach(async () => {
  await fyers.close();
});

function inputs(given: Record<string, string> = {}): Inputs {
  const values: Record<string, string> = {
    "client-id": fyers.clientId,
    "app-secret": fyers.appSecret,
    pin: fyers.pin,
    "api-url": fyers.baseUrl,
    "github-token": "ghs_unit",
    ...given,
  };
  return parseInputs(readRawInputs((name) => values[name] ?? ""));
}

function setup(
  options: {
    store?: ReturnType<typeof memoryStore>;
    issues?: IssueApi;
    client?: FyersClient;
    clock?: () => number;
  } = {},
) {
  const io = recordingIO();
  const store = options.store ?? memoryStore();
  const issues = options.issues ?? memoryIssues();
  let issueApiOpened = 0;
  const deps: Deps = {
    client: options.client ?? createFyersClient({ apiUrl: fyers.baseUrl, clientId: fyers.clientId }),
    store,
    clock: options.clock ?? Date.now,
    io,
    context: runContext({
      GITHUB_REPOSITORY: "octo/trading",
      GITHUB_WORKFLOW_REF: "octo/trading/.github/workflows/fyers-token.yml@refs/heads/main",
      GITHUB_RUN_ID: "7",
    }),
    issues: async () => {
      issueApiOpened++;
      return issues;
    },
  };
  return { io, store, issues, deps, opened: () => issueApiOpened };
}

/** Index of the first event that reveals `value` other than its own mask. */
function firstUse(io: ReturnType<typeof recordingIO>, value: string): number {
  return io.events.findIndex((e) => e.kind !== "secret" && JSON.stringify(e).includes(value));
}
const maskIndex = (io: ReturnType<typeof recordingIO>, value: string) =>
  io.events.findIndex((e) => e.kind === "secret" && e.value === value);

describe("run()", () => {
  it("skips without FYERS or GitHub, masking the stored tokens before the output", async () => {
    const accessToken = makeAccessToken({ expSeconds: 6 * HOUR });
    const refreshToken = makeRefreshToken({ expSeconds: 10 * DAY });
    const t = setup({ store: memoryStore({ clientId: fyers.clientId, accessToken, refreshToken }) });

    const report = await run(inputs(), t.deps);

    expect(report?.result).toBe("skipped");
    expect(fyers.requests).toHaveLength(0);
    expect(t.store.reads).toBe(1);
    expect(t.opened()).toBe(0);
    expect(t.io.of("failed")).toEqual([]);
    for (const secret of [accessToken, refreshToken, fyers.appSecret, fyers.appIdHash]) {
      expect(maskIndex(t.io, secret)).toBeGreaterThanOrEqual(0);
      const used = firstUse(t.io, secret);
      if (used >= 0) expect(maskIndex(t.io, secret)).toBeLessThan(used);
    }
    expect(t.io.events).toContainEqual({ kind: "output", name: "access-token", value: accessToken });
    expect(t.io.of("summary").join()).not.toContain(accessToken);
  });

  it("opens one issue per SSM prefix and fails the step when a login is required", async () => {
    const issues = memoryIssues();
    // Another account's issue in the same repository is left alone.
    await issues.create({
      title: "other",
      body: "<!-- fyers-token: /other/account -->",
      labels: ["fyers-login"],
    });
    const t = setup({ issues });

    await run(inputs(), t.deps);
    await run(inputs(), t.deps);

    const mine = issues.issues.filter((i) => i.body.includes("<!-- fyers-token: /stock-pipeline/fyers -->"));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.state).toBe("open");
    expect(issues.labels).toEqual(["fyers-login"]);
    expect(issues.issues[0]?.title).toBe("other");
    expect(t.io.of("failed")[0]).toMatch(
      /^A FYERS login is required: no refresh token is stored\.\nLog in: https:\/\/github\.com\/octo\/trading\/issues\/2$/,
    );
    expect(mine[0]?.body).toContain("https://github.com/octo/trading/actions/workflows/fyers-token.yml");
    expect(mine[0]?.body).toContain("https://github.com/octo/trading/actions/runs/7");
  });

  it("says a missing pin input is why it cannot refresh, without calling FYERS", async () => {
    const { refreshToken } = fyers.issueTokens();
    const t = setup({
      store: memoryStore({ accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken }),
    });
    const report = await run(inputs({ pin: "" }), t.deps);
    expect(report?.result).toBe("login-required");
    expect(report?.reason).toContain("without the pin input it cannot be refreshed");
    expect(fyers.requests).toHaveLength(0);
  });

  it("turns a failing issue API into a warning", async () => {
    const denied = Object.assign(new Error("Resource not accessible by integration"), { status: 403 });
    const t = setup({ issues: memoryIssues({ fail: denied }) });
    const report = await run(inputs(), t.deps);
    expect(report?.result).toBe("login-required");
    expect(t.io.of("warning")).toEqual([
      "Could not list open fyers-login issues: GitHub answered 403 (Resource not accessible by integration); give the job `permissions: issues: write`, or set notify: none",
    ]);
    expect(t.io.of("failed")).toHaveLength(1);
  });

  it("closes the issue with a comment after a successful refresh", async () => {
    const issues = memoryIssues();
    const { refreshToken } = fyers.issueTokens();
    const store = memoryStore({ clientId: fyers.clientId, refreshToken });
    await run(inputs({ pin: "" }), setup({ store, issues }).deps); // login-required: opens it
    expect(issues.issues[0]?.state).toBe("open");

    const t = setup({ store, issues });
    const report = await run(inputs(), t.deps);

    expect(report?.result).toBe("refreshed");
    expect(store.tokens.accessToken).toBe(report?.accessToken);
    expect(issues.issues[0]?.state).toBe("closed");
    expect(issues.issues[0]?.comments[0]).toMatch(
      /^The access token was refreshed\. The new access token is valid until .* IST \(.*Z\)\. Closing\.$/,
    );
    const fresh = report?.accessToken ?? "";
    expect(maskIndex(t.io, fresh)).toBeLessThan(firstUse(t.io, fresh));
  });

  it("ends errors of any type in a failed step with the hint", async () => {
    const store = memoryStore();
    store.read = async () => {
      throw new FyersTokenError("store_failed", "AWS denied ssm:GetParameters on /stock-pipeline/fyers/*", {
        hint: "grant ssm:GetParameters",
      });
    };
    const typed = setup({ store });
    expect(await run(inputs(), typed.deps)).toBeUndefined();
    expect(typed.io.of("failed")).toEqual([
      "AWS denied ssm:GetParameters on /stock-pipeline/fyers/*\nHint: grant ssm:GetParameters",
    ]);

    store.read = async () => {
      throw "plain string";
    };
    const untyped = setup({ store });
    await run(inputs(), untyped.deps);
    expect(untyped.io.of("failed")).toEqual(["plain string"]);
  });
});

describe("login notices", () => {
  // A Wednesday 06:05 IST: notices go out on trading days only.
  const wednesday = Date.UTC(2026, 10, 25, 0, 35);
  const clock = () => wednesday;
  const inSeconds = (seconds: number) => Math.floor(wednesday / 1000) + seconds;

  it("announces a required login once: the second run opens no second notice and writes nothing", async () => {
    const store = memoryStore();
    const issues = memoryIssues();
    await run(inputs(), setup({ store, issues, clock }).deps);
    expect(store.tokens.notice).toEqual({
      event: "login-required",
      since: "2026-11-25T00:35:00Z",
      channels: ["issue"],
      deadline: "2026-11-26T00:30:00Z",
    });
    expect(store.noticeWrites).toBe(1);

    const second = setup({ store, issues, clock });
    await run(inputs(), second.deps);
    expect(store.noticeWrites).toBe(1);
    expect(issues.issues).toHaveLength(1);
    expect(second.io.of("failed")).toHaveLength(1);
  });

  it("asks GitHub nothing on a skip without a notice, and closes the issue on the skip after a login", async () => {
    const accessToken = makeAccessToken({ expSeconds: inSeconds(6 * HOUR) });
    const refreshToken = makeRefreshToken({ expSeconds: inSeconds(10 * DAY) });
    const quiet = setup({
      store: memoryStore({ clientId: fyers.clientId, accessToken, refreshToken }),
      clock,
    });
    expect((await run(inputs(), quiet.deps))?.result).toBe("skipped");
    expect(quiet.opened()).toBe(0);
    expect(quiet.store.noticeWrites).toBe(0);

    const store = memoryStore();
    const issues = memoryIssues();
    await run(inputs(), setup({ store, issues, clock }).deps); // login-required: opens the issue
    Object.assign(store.tokens, { clientId: fyers.clientId, accessToken, refreshToken });
    const after = setup({ store, issues, clock });
    expect((await run(inputs(), after.deps))?.result).toBe("skipped");
    expect(issues.issues[0]?.state).toBe("closed");
    expect(issues.issues[0]?.comments[0]).toMatch(
      /^The login went through\. The stored access token is valid until/,
    );
    expect(store.tokens.notice).toBeUndefined();
  });

  it("on a listed holiday warns, touches no channel, stores no notice and does not fail the step", async () => {
    const t = setup({ clock });
    await run(inputs({ holidays: "2026-11-25" }), t.deps);
    expect(t.opened()).toBe(0);
    expect(t.store.noticeWrites).toBe(0);
    expect(t.io.of("failed")).toEqual([]);
    expect(t.io.of("warning")).toEqual([
      "A FYERS login is required, but 2026-11-25 is listed in the holidays, not a trading day: nobody is notified today; the next trading day's run notifies as usual.",
    ]);
  });

  it("keeps a notice that reached nowhere unstored, so the next run tries again", async () => {
    const denied = Object.assign(new Error("Resource not accessible by integration"), { status: 403 });
    const t = setup({ issues: memoryIssues({ fail: denied }), clock });
    await run(inputs(), t.deps);
    expect(t.store.noticeWrites).toBe(0);
    expect(t.io.of("warning")[0]).toMatch(/^Could not list open fyers-login issues: GitHub answered 403/);
  });
});

describe("rendering", () => {
  const now = Date.UTC(2026, 10, 26, 0, 35); // 06:05 IST
  const report: Report = {
    mode: "auto",
    result: "refreshed",
    dryRun: false,
    reason: "the access token has expired",
    accessToken: "eyJsecret.token.value",
    access: { status: "valid", expires_at: "2026-11-27T00:30:00Z", seconds_left: 86100 },
    refresh: { status: "valid", expires_at: "2026-12-01T00:30:00Z", seconds_left: 431700 },
    loginDue: undefined,
    profileProblem: undefined,
    warnings: [],
    store: "ssm:/stock-pipeline/fyers",
    fyersRequests: 2,
    nowMs: now,
    notice: undefined,
  };

  it("summarises both tokens in IST and UTC with a gantt chart and no token", () => {
    const summary = renderSummary(report, { loginUrl: "https://x/login", warnBeforeSeconds: 3 * DAY });
    expect(summary).toContain("### FYERS token: refreshed the access token");
    expect(summary).toContain(
      "| access token | valid | 2026-11-27 06:00 IST | 2026-11-27T00:30:00Z | 23h 55m |",
    );
    expect(summary).toContain(
      "| refresh token | valid | 2026-12-01 06:00 IST | 2026-12-01T00:30:00Z | 4d 23h |",
    );
    expect(summary).toContain("```mermaid\ngantt\n");
    expect(summary).toContain("valid, 23h 55m left :active, a1, 2026-11-26 06:05, 2026-11-27 06:00");
    expect(summary).toContain("refresh works :r1, 2026-11-26 06:05, 2026-11-28 06:00");
    expect(summary).toContain("login due :crit, r2, 2026-11-28 06:00, 2026-12-01 06:00");
    expect(summary).not.toContain("eyJsecret");
  });

  it("draws no chart when no token is alive, and marks a dry run", () => {
    const dead: Report = {
      ...report,
      result: "login-required",
      dryRun: true,
      access: { status: "missing", expires_at: null, seconds_left: null },
      refresh: { status: "expired", expires_at: "2026-11-20T00:30:00Z", seconds_left: -518700 },
    };
    expect(validityChart(dead, DAY)).toBeUndefined();
    const summary = renderSummary(dead, { loginUrl: "https://x/login", warnBeforeSeconds: DAY });
    expect(summary).toContain("dry run, a login would be required");
    expect(summary).toContain("| access token | missing | – | – | – |");
    expect(summary).toContain("expired 6d 5m ago");
    expect(summary).toContain("[open the FYERS login](https://x/login)");
  });

  it("tells the notice decision what state the run found", () => {
    const due = { byMs: now, reason: "the refresh token expires soon" };
    expect(loginState(report)).toBe("ok");
    expect(loginState({ ...report, result: "skipped" })).toBe("ok");
    expect(loginState({ ...report, result: "skipped", loginDue: due })).toBe("login-due");
    expect(loginState({ ...report, loginDue: due })).toBe("login-due");
    expect(loginState({ ...report, result: "login-required" })).toBe("login-required");
  });

  it("links the workflow from GITHUB_WORKFLOW_REF, or the Actions tab without it", () => {
    const ref = "octo/trading/.github/workflows/daily.yaml@refs/heads/main";
    expect(workflowUrl(runContext({ GITHUB_REPOSITORY: "octo/trading", GITHUB_WORKFLOW_REF: ref }))).toBe(
      "https://github.com/octo/trading/actions/workflows/daily.yaml",
    );
    expect(
      workflowUrl(
        runContext({ GITHUB_REPOSITORY: "octo/trading", GITHUB_SERVER_URL: "https://ghe.example/" }),
      ),
    ).toBe("https://ghe.example/octo/trading/actions");
    expect(workflowUrl(runContext({}))).toBeUndefined();
  });

  it("formats failures with their hint", () => {
    expect(failureMessage(new FyersTokenError("unavailable", "FYERS is down", { hint: "wait" }))).toBe(
      "FYERS is down\nHint: wait",
    );
    expect(failureMessage(new FyersTokenError("unavailable", "no hint"))).toBe("no hint");
    expect(failureMessage(new TypeError("bad"))).toBe("bad");
    expect(failureMessage(42)).toBe("42");
  });
});
