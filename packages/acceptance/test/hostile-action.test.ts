// The action as a hostile user meets it (issues 8, 9 and 10): FYERS echoing secrets, a silent
// GitHub API, the login link, one message per state over Telegram and a webhook, holidays and
// failing channels. Every case runs the bundled action (Node 24, INPUT_* env) against the fakes,
// and every run goes through the leak guard.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { makeAccessToken, makeRefreshToken } from "@fyers-token/testkit";
import { type Fakes, PARAM, PREFIX, startFakes } from "@fyers-token/testkit/harness";
import { it as base, describe, expect } from "vitest";
import { actionChecked, openLoginIssues, seedSsm } from "./faults/action.js";
import { LeakGuard } from "./faults/guard.js";

const test = base.extend<{ fakes: Fakes; guard: LeakGuard }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
  fakes: async ({}, use) => {
    const fakes = await startFakes();
    await use(fakes);
    await fakes.close();
  },
  guard: async ({ task }, use) => {
    await use(new LeakGuard(task.meta));
  },
});

const LOGIN_LINK = "https://abc123.lambda-url.ap-south-1.on.aws/login";

const DAY = 86400;

interface Local {
  url: string;
  /** Request bodies it received, parsed as JSON when they are. */
  bodies: unknown[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1; `answer` undefined leaves every request hanging (a silent API). */
async function startLocal(answer?: (req: IncomingMessage, body: unknown, res: ServerResponse) => void) {
  const bodies: unknown[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      bodies.push(body);
      answer?.(req, body, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const local: Local = {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
  return local;
}

/** A FYERS that refuses with an error text quoting what it was sent (a token, a code). */
function echoingFyers(quote: (body: Record<string, string>) => string) {
  return startLocal((_req, body, res) => {
    const message = quote((typeof body === "object" && body !== null ? body : {}) as Record<string, string>);
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ s: "error", code: -501, message }));
  });
}

const NOTICE = `${PREFIX}/login_notice`;

/** The login notice a previous run stored (a plain String parameter, JSON). */
function seedNotice(
  fakes: Fakes,
  notice: { event: string; since: string; channels: string[]; deadline?: string },
) {
  fakes.ssm.put(NOTICE, JSON.stringify(notice), "String");
}

function storedNotice(fakes: Fakes): unknown {
  const value = fakes.ssm.parameters.get(NOTICE)?.value;
  return value === undefined || value === "none" ? undefined : JSON.parse(value);
}

const issueTexts = (fakes: Fakes) =>
  fakes.github.issues.flatMap((i) => [i.title, i.body, ...i.comments.map((c) => c.body)]).join("\n");

describe.concurrent("8.6: nothing FYERS echoes reaches GitHub, the summary or the outputs", () => {
  test("fault: FYERS echoes the refresh token in its refusal (action auto)", async ({ fakes, guard }) => {
    const refreshToken = makeRefreshToken({ expSeconds: 10 * DAY });
    const accessToken = makeAccessToken({ expSeconds: -60 });
    seedSsm(fakes, { accessToken, refreshToken });
    const fyers = await echoingFyers((b) => `Please provide valid refresh token, not ${b.refresh_token}`);
    try {
      const run = await actionChecked(fakes, guard, { inputs: { "api-url": `${fyers.url}/api/v3` } }, [
        refreshToken,
        accessToken,
      ]);
      expect(fyers.bodies).toHaveLength(1);
      expect(run.code).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      // The refusal itself is reported, with the token scrubbed out of it.
      expect(openLoginIssues(fakes)).toHaveLength(1);
      expect(issueTexts(fakes)).toContain("FYERS refused the refresh (FYERS said -501: Please provide");
      expect(run.summary).toContain("FYERS refused the refresh");
      expect(run.error).toContain("Please provide valid refresh token, not ");
    } finally {
      await fyers.close();
    }
  });

  test("fault: FYERS echoes the auth code in its refusal (action exchange)", async ({ fakes, guard }) => {
    const code = fakes.fyers.issueAuthCode();
    const fyers = await echoingFyers((b) => `invalid auth code ${b.code}`);
    try {
      const run = await actionChecked(
        fakes,
        guard,
        { inputs: { mode: "exchange", "auth-code": code, "api-url": `${fyers.url}/api/v3` } },
        [code],
      );
      expect(fyers.bodies).toHaveLength(1);
      expect(run.code).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      expect(issueTexts(fakes)).toContain("FYERS refused the auth code (FYERS said -501: invalid auth code ");
      expect(run.summary).toContain("FYERS refused the auth code");
    } finally {
      await fyers.close();
    }
  });

  test("fault: FYERS echoes the PIN when it rejects it (action refresh)", async ({ fakes, guard }) => {
    seedSsm(fakes, {
      accessToken: makeAccessToken({ expSeconds: -60 }),
      refreshToken: makeRefreshToken({ expSeconds: 10 * DAY }),
    });
    const fyers = await echoingFyers((b) => `Invalid pin ${b.pin} for this user`);
    try {
      const run = await actionChecked(fakes, guard, { inputs: { "api-url": `${fyers.url}/api/v3` } }, [
        fakes.fyers.pin,
      ]);
      expect(run.code).toBe(1);
      expect(run.error).toContain("FYERS rejected the PIN (FYERS said -501: Invalid pin *** for this user)");
    } finally {
      await fyers.close();
    }
  });
});

describe.concurrent("8.8: a silent GitHub API costs a warning, never the run", () => {
  test("fault: GitHub accepts and never answers (action, login required)", async ({ fakes, guard }) => {
    const github = await startLocal();
    try {
      const started = Date.now();
      const run = await actionChecked(fakes, guard, { env: { GITHUB_API_URL: github.url } });
      const host = new URL(github.url).host;
      expect(github.bodies.length).toBe(1);
      expect(run.warnings, run.stdout).toContain(
        `Could not list open fyers-login issues: GitHub (${host}) did not answer within 10s`,
      );
      // The run still reports and fails as a login-required run does.
      expect(run.code).toBe(1);
      expect(run.outputs.result).toBe("login-required");
      expect(run.error).toMatch(/^A FYERS login is required: no refresh token is stored/);
      expect(run.summary).toContain("a login is required");
      expect(run.endedAt - started, "gave up after the 10 s deadline").toBeLessThan(20_000);
    } finally {
      await github.close();
    }
  });

  test("fault: GitHub accepts and never answers (action, refresh)", async ({ fakes, guard }) => {
    const { refreshToken } = fakes.fyers.issueTokens();
    seedSsm(fakes, { accessToken: makeAccessToken({ expSeconds: -60 }), refreshToken });
    // The last run opened the login issue: this refresh must close it, and GitHub does not answer.
    seedNotice(fakes, { event: "login-required", since: new Date().toISOString(), channels: ["issue"] });
    const github = await startLocal();
    try {
      const run = await actionChecked(fakes, guard, { env: { GITHUB_API_URL: github.url } }, [refreshToken]);
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.result).toBe("refreshed");
      expect(fakes.ssm.parameters.get(PARAM.accessToken)?.value).toBe(run.outputs["access-token"]);
      expect(run.warnings).toContain(
        `Could not list open fyers-login issues: GitHub (${new URL(github.url).host}) did not answer within 10s`,
      );
      // The issue is still open: the notice keeps only that, for the next run to close it.
      expect(storedNotice(fakes)).toMatchObject({ event: "login-required", channels: ["issue"] });
    } finally {
      await github.close();
    }
  });
});

describe.concurrent("9: the login link", () => {
  test("the login issue leads with the login link, the manual route as its fallback", async ({
    fakes,
    guard,
  }) => {
    const run = await actionChecked(fakes, guard, { inputs: { "login-link": LOGIN_LINK } });
    expect(run.code).toBe(1);
    const [issue] = openLoginIssues(fakes);
    const body = issue?.body ?? "";
    const steps = body.slice(body.indexOf("**To log in:**"));
    expect(steps.startsWith(`**To log in:** tap **[${LOGIN_LINK}](${LOGIN_LINK})**`), steps).toBe(true);
    expect(steps).toContain("If the link does not work, the manual way:");
    expect(steps).toContain(`${fakes.fyers.baseUrl}/generate-authcode?client_id=`);
    expect(steps).toContain("https://github.com/octo/trading/actions/workflows/fyers-token.yml");
    expect(run.error).toContain(`Log in: ${LOGIN_LINK}`);
    expect(run.summary).toContain(`tap [${LOGIN_LINK}](${LOGIN_LINK})`);
  });

  for (const [what, link, says] of [
    ["an http login link", "http://abc123.lambda-url.ap-south-1.on.aws/login", "must be an https URL"],
    ["a login link that is not a URL", "abc123.lambda-url.ap-south-1.on.aws/login", "is not a URL"],
  ] as const) {
    test(`bad input: ${what} (action)`, async ({ fakes, guard }) => {
      const run = await actionChecked(fakes, guard, { inputs: { "login-link": link } });
      expect(run.code).toBe(1);
      expect(run.error).toMatch(new RegExp(`^login-link: ${says}.*\\nHint: .*https://.*/login`, "s"));
      expect(fakes.ssm.requests, "no SSM call").toEqual([]);
      expect(fakes.fyers.requests, "no FYERS call").toEqual([]);
      expect(fakes.github.requests, "no GitHub call").toEqual([]);
    });
  }
});
