// Output that cannot be corrupted (issue 16, items 3, 5, 6, 7 and 8): a PIN that is a year or a
// time, foreign text carrying workflow commands, GitHub's conventions on the wire, a writer killed
// mid-write, and the scripts run from another folder. The action cases run the real bundle
// (Node 24, INPUT_* env) against the fakes; every run goes through the leak guard.

import { spawn, spawnSync } from "node:child_process";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { formatIst, isoUtc, nextRollover } from "@fyers-token/core";
import {
  makeAccessToken,
  makeRefreshToken,
  startFyersFake,
  startGitHubFake,
  startSsmFake,
  startTelegramFake,
  type TelegramFake,
} from "@fyers-token/testkit";
import { type ActionRun, type Fakes, REPO, runAction } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";
import { actionChecked, GITHUB_TOKEN, openLoginIssues, seedSsm } from "./faults/action.js";
import { test } from "./faults/fixture.js";
import { type LeakGuard, parameterSecrets, requestSecrets } from "./faults/guard.js";
import { runChecked } from "./faults/scripts.js";

const HOUR = 3600;
const DAY = 86400;
const PINS = ["2026", "0600", "1530", "0000", "1234"];
/** The timestamps the project formats: a PIN inside one is its year or time, not the PIN shown. */
const TIMESTAMP = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z| IST)?)?/g;
/** Workflow commands a hostile answer tries to smuggle onto stdout. */
const INJECTED =
  "\n::error title=FYERS::pwned\r::stop-commands::endtoken\r\n  ::add-mask::x\n##[set-output name=a]b";

/** A front on 127.0.0.1 that answers `hostile` requests itself and passes the rest to `target`. */
async function startFront(
  target: string,
  hostile: (
    req: IncomingMessage,
  ) => { status: number; headers: Record<string, string>; body: string } | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const upstream = new URL(target);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const answer = hostile(req);
    if (answer !== undefined) {
      req.resume();
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    req.pipe(forward);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, "")}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}

/** The fakes with the FYERS PIN of the case. */
async function fakesWithPin(pin: string): Promise<Fakes> {
  const [fyers, ssm, github] = await Promise.all([
    startFyersFake({ pin }),
    startSsmFake(),
    startGitHubFake({ owner: "octo", repo: "trading" }),
  ]);
  return {
    fyers,
    ssm,
    github,
    close: async () => {
      await Promise.all([fyers.close(), ssm.close(), github.close()]);
    },
  };
}

/** stdout lines the runner would read as workflow commands, other than the action's own kinds. */
function foreignCommands(run: ActionRun): string[] {
  return run.lines.filter((line) => {
    const start = line.trimStart();
    if (!start.startsWith("::") && !start.startsWith("##[")) return false;
    // The action's own: a command with no properties, at the start of the line.
    return !/^::(add-mask|debug|warning|error|notice)::/.test(line);
  });
}

/**
 * The leak guard over one action run, told that a short PIN inside a timestamp is a date: every
 * secret (long ones anywhere, the PIN anywhere else) still counts.
 */
function guardRun(guard: LeakGuard, fakes: Fakes, run: ActionRun, extra: string[], telegram?: TelegramFake) {
  const dated = (text: string) => text.replace(TIMESTAMP, "<timestamp>");
  const outputs = Object.entries(run.outputs)
    .filter(([name]) => name !== "access-token")
    .map(([name, value]) => `${name}=${value}`)
    .join("\n");
  const issues = fakes.github.issues
    .flatMap((issue) => [issue.title, issue.body, ...issue.comments.map((c) => c.body)])
    .join("\n");
  const secrets = [
    fakes.fyers.appSecret,
    fakes.fyers.pin,
    fakes.fyers.appIdHash,
    GITHUB_TOKEN,
    ...extra,
    ...requestSecrets(fakes.fyers.requests),
    ...parameterSecrets(fakes.ssm.parameters),
  ];
  const hits = guard.scan(
    [
      { where: "stdout", text: dated(run.lines.filter((l) => !l.startsWith("::add-mask::")).join("\n")) },
      { where: "stderr", text: dated(run.stderr) },
      { where: "job summary", text: dated(run.summary) },
      { where: "outputs", text: dated(outputs) },
      { where: "GitHub issues", text: dated(issues) },
      { where: "Telegram", text: dated((telegram?.messages ?? []).map((m) => m.text).join("\n")) },
    ],
    secrets,
  );
  expect(hits, "the action showed a secret").toEqual([]);
}

describe.concurrent("a PIN that is a year or a time corrupts nothing the action writes (16.3, 16.5, 16.6)", () => {
  test.for(PINS)(
    "fault: PIN %s, FYERS refuses the refresh quoting the PIN and workflow commands: dates whole, PIN scrubbed, no command injected",
    { timeout: 60_000 },
    async (pin, { guard }) => {
      const fakes = await fakesWithPin(pin);
      const telegram = await startTelegramFake();
      // FYERS refuses the refresh token quoting the PIN, with lines that would be workflow commands.
      const fyers = await startFront(fakes.fyers.baseUrl, (req) =>
        req.url?.includes("validate-refresh-token")
          ? {
              status: 400,
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                s: "error",
                code: -501,
                message: `Please provide valid refresh token (got ${pin}).${INJECTED}`,
              }),
            }
          : undefined,
      );
      try {
        const accessExp = Math.floor(Date.now() / 1000) - HOUR;
        const refreshExp = Math.floor(Date.now() / 1000) + 3 * DAY + 7 * 60;
        const refreshToken = makeRefreshToken({ expSeconds: refreshExp - Math.floor(Date.now() / 1000) });
        const accessToken = makeAccessToken({ expSeconds: accessExp - Math.floor(Date.now() / 1000) });
        seedSsm(fakes, { accessToken, refreshToken });
        const startedAt = Date.now();
        const run = await runAction(fakes, {
          inputs: {
            "api-url": fyers.url,
            notify: "issue,telegram",
            "telegram-bot-token": telegram.botToken,
            "telegram-chat-id": telegram.chatId,
          },
          env: { TELEGRAM_API_URL: telegram.url },
        });
        guardRun(guard, fakes, run, [accessToken, refreshToken, telegram.botToken], telegram);
        expect(run.outputs.result, `code ${run.code}: ${run.stdout.slice(-1500)}\n${run.stderr}`).toBe(
          "login-required",
        );

        // Outputs: timestamps that parse, equal to the tokens' expiry.
        expect(run.outputs["refresh-token-expires-at"]).toBe(isoUtc(refreshExp * 1000));
        expect(run.outputs["access-token-expires-at"]).toBe(isoUtc(accessExp * 1000));
        expect(Date.parse(run.outputs["refresh-token-expires-at"] ?? "")).toBe(refreshExp * 1000);
        expect(run.outputs["login-url"]).toMatch(/^https?:\/\/\S+$/);
        expect(run.outputs["login-url"]).not.toContain("***");

        // Summary and chart: the refresh token's row and its Mermaid bar, dates whole.
        const istRefresh = formatIst(refreshExp * 1000);
        expect(run.summary).toContain(
          `| refresh token | valid | ${istRefresh} | ${isoUtc(refreshExp * 1000)} |`,
        );
        expect(run.summary).toContain(`, ${istRefresh.replace(" IST", "")}\n`);
        expect(run.summary).toMatch(/dateFormat YYYY-MM-DD HH:mm/);
        expect(run.summary).not.toMatch(/\*\*\*-\d{2}-\d{2}|\d{4}-\d{2}-\d{2}[T ]\*\*\*/);

        // The issue: its deadline, the next rollover, whole; FYERS' words without the PIN.
        const [issue] = openLoginIssues(fakes);
        const deadline = nextRollover(startedAt);
        expect(issue?.body).toContain(`**Deadline:** ${formatIst(deadline)} (${isoUtc(deadline)})`);
        expect(issue?.body).toContain("(got ***).");
        expect(issue?.body).not.toContain(`got ${pin}`);

        // The Telegram message: its deadline whole.
        expect(telegram.messages).toHaveLength(1);
        expect(telegram.messages[0]?.text).toContain(formatIst(deadline));

        // stdout: FYERS' words are there, but no line of them is a workflow command.
        expect(run.stdout).toContain("(got ***).");
        expect(foreignCommands(run), "a command came from FYERS' text").toEqual([]);
        expect(run.lines).toContain("%3A%3Aerror title=FYERS::pwned");
        expect(run.lines).not.toContain("::stop-commands::endtoken");

        // GitHub's conventions on every request the bundle sent.
        expect(fakes.github.requests.length).toBeGreaterThan(0);
        for (const sent of fakes.github.requests) {
          expect(sent.headers.accept, `${sent.method} ${sent.path}`).toBe("application/vnd.github+json");
          expect(sent.headers["x-github-api-version"], `${sent.method} ${sent.path}`).toBe("2022-11-28");
        }
      } finally {
        await Promise.all([fyers.close(), telegram.close(), fakes.close()]);
      }
    },
  );

  test.for(PINS)(
    "fault: PIN %s, a refresh that works: outputs, summary and chart dates whole",
    { timeout: 60_000 },
    async (pin, { guard }) => {
      const fakes = await fakesWithPin(pin);
      try {
        // Tokens this FYERS issued: it refreshes only its own.
        const { refreshToken } = fakes.fyers.issueTokens();
        seedSsm(fakes, { accessToken: makeAccessToken({ expSeconds: -HOUR }), refreshToken });
        const run = await runAction(fakes);
        guardRun(guard, fakes, run, [refreshToken]);
        expect(run.code, run.stdout).toBe(0);
        expect(run.outputs.result).toBe("refreshed");
        const expiresAt = run.outputs["access-token-expires-at"] ?? "";
        expect(expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(Number.isNaN(Date.parse(expiresAt))).toBe(false);
        const ist = formatIst(Date.parse(expiresAt));
        expect(run.summary).toContain(`| access token | valid | ${ist} | ${expiresAt} |`);
        expect(run.summary).toContain(`:active, a1, `);
        expect(run.summary).toContain(`, ${ist.replace(" IST", "")}\n`);
        expect(run.summary).not.toContain("***");
        expect(foreignCommands(run)).toEqual([]);
      } finally {
        await fakes.close();
      }
    },
  );
});

describe.concurrent("no workflow command from AWS or GitHub text (16.5)", () => {
  test("fault: SSM answers with workflow commands in its error message: stdout holds only the action's commands", async ({
    fakes,
    guard,
  }) => {
    const ssm = await startFront(fakes.ssm.endpoint, () => ({
      status: 400,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "AccessDeniedException" },
      body: JSON.stringify({
        __type: "AccessDeniedException",
        message: `User: arn:aws:sts::123:assumed-role/x is not authorized${INJECTED}`,
      }),
    }));
    try {
      const run = await actionChecked(fakes, guard, { env: { AWS_ENDPOINT_URL_SSM: ssm.url } });
      expect(run.code).toBe(1);
      expect(run.error).toContain("AWS denied ssm:GetParameters");
      expect(foreignCommands(run), "a command came from SSM's text").toEqual([]);
      expect(run.lines).not.toContain("::stop-commands::endtoken");
    } finally {
      await ssm.close();
    }
  });

  test("fault: GitHub refuses the issue with workflow commands in its message: a warning, no command injected", async ({
    fakes,
    guard,
  }) => {
    const github = await startFront(fakes.github.url, (req) =>
      req.method === "GET" && req.url?.includes("/issues")
        ? {
            status: 403,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ message: `Resource not accessible by integration${INJECTED}` }),
          }
        : undefined,
    );
    try {
      seedSsm(fakes, { refreshToken: makeRefreshToken({ expSeconds: -HOUR }) });
      const run = await actionChecked(fakes, guard, { env: { GITHUB_API_URL: github.url } });
      expect(run.outputs.result).toBe("login-required");
      expect(run.warnings.join("\n")).toContain("Resource not accessible by integration");
      expect(foreignCommands(run), "a command came from GitHub's text").toEqual([]);
      expect(run.lines).not.toContain("::stop-commands::endtoken");
    } finally {
      await github.close();
    }
  });
});

describe("killed runs leave nothing behind (16.7)", () => {
  test("fault: a writer killed with SIGKILL mid-write: its temp file is 0600, the next run takes the lock at once and cleans up", async ({
    box,
    guard,
  }) => {
    const { refreshToken } = box.fyers.issueTokens();
    await box.seedFile({
      client_id: box.fyers.clientId,
      refresh_token: refreshToken,
      access_token: makeAccessToken({ expSeconds: -HOUR }),
    });
    const writer = join(import.meta.dirname, "faults/writer.ts");
    // The writer itself is the process killed (node with tsx's loader, no wrapper process between),
    // at a moment it holds the lock with a temp file written: most of a write is its fsync.
    const loader = pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href;
    let left: string[] = [];
    for (let attempt = 0; attempt < 15; attempt++) {
      const child = spawn(process.execPath, ["--import", loader, writer, box.tokenFile, "1", "100000", "0"], {
        cwd: box.dir,
        env: { PATH: process.env.PATH ?? "", HOME: box.dir },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise((done) => child.on("close", done));
      // Its first write is stored: it is in its loop of writes now (or it failed: the check below says).
      await Promise.race([new Promise((done) => child.stdout.once("data", done)), exited]);
      await new Promise((resolve) => setTimeout(resolve, 5 + attempt * 3));
      child.kill("SIGKILL");
      await exited;
      left = await readdir(box.dir);
      if (left.some((name) => name.endsWith(".tmp")) && left.includes("fyers_tokens.json.lock")) break;
    }
    const temp = left.find((name) => name.endsWith(".tmp"));
    expect(temp, `a kill mid-write left a temp file and the lock (${left.join(", ")})`).toBeDefined();
    expect(left).toContain("fyers_tokens.json.lock");
    expect((await stat(join(box.dir, temp ?? ""))).mode & 0o777, "the temp file holds tokens: 0600").toBe(
      0o600,
    );

    // The next run: refresh.ts takes the dead writer's lock at once and removes what it left.
    const run = await runChecked(box, guard, "refresh.ts");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("another process holds the lock");
    expect(await readdir(box.dir), "no temp file or lock left behind").toEqual(["fyers_tokens.json"]);
    expect((await box.readFile())?.refresh_token).toBe(refreshToken);
  }, 120_000);
});

describe("the token file and its messages do not depend on the folder (16.8)", () => {
  test("bad input: the token file is in another folder: verify, refresh and put-parameters say where they looked; the hint runs where printed", async ({
    box,
    guard,
  }) => {
    const elsewhere = join(box.dir, "elsewhere");
    await mkdir(elsewhere);
    const moved = join(elsewhere, "fyers_tokens.json");
    // Tokens this FYERS issued, so the profile check at the end accepts them.
    const issued = box.fyers.issueTokens();
    const tokens = {
      client_id: box.fyers.clientId,
      refresh_token: issued.refreshToken,
      access_token: issued.accessToken,
    };
    await writeFile(moved, `${JSON.stringify(tokens)}\n`, { mode: 0o600 });
    const unset = { FYERS_TOKEN_FILE: undefined };
    let hint = "";
    for (const script of ["verify.ts", "refresh.ts", "put-parameters.ts"]) {
      const run = await runChecked(box, guard, script, [], { env: { ...unset, FYERS_STORE: "file" } });
      expect(run.code, `${script}: ${run.stderr}`).toBe(3);
      expect(run.stderr).toContain(
        `error: no token file at ${box.tokenFile} (set FYERS_TOKEN_FILE or --token-file)`,
      );
      expect(run.stderr).not.toMatch(/no usable token|no refresh token is stored|none in/);
      hint = /^hint: .*$/m.exec(run.stderr)?.[0] ?? "";
      expect(hint).not.toContain("npx tsx packages/scripts/");
    }
    // The command in the hint, typed in the folder where it was printed (here with --help).
    const login = /(npx --prefix \S+ tsx \S+\/packages\/scripts\/login\.ts)/.exec(hint)?.[1];
    expect(login, hint).toBe(`npx --prefix ${REPO} tsx ${REPO}/packages/scripts/login.ts`);
    const typed = spawnSync("sh", ["-c", `${login} --help`], {
      cwd: box.dir,
      env: { PATH: process.env.PATH ?? "", HOME: box.dir },
      encoding: "utf8",
    });
    expect(typed.status, typed.stderr).toBe(0);
    expect(typed.stdout).toContain("login.ts:");
    // Pointed at the other folder, it works.
    const found = await runChecked(box, guard, "verify.ts", ["--token-file", moved], {
      env: { ...unset, FYERS_STORE: "file" },
    });
    expect(found.code, found.stderr).toBe(0);
  }, 90_000);
});
