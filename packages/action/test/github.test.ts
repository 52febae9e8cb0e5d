// The issue API over the real Octokit: each request has its own deadline, named after GitHub.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type GitHubFake, startGitHubFake } from "@fyers-token/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitHubTimeoutError, openIssueApi } from "../src/github.js";
import { describeGitHubError } from "../src/login-issue.js";
import { runContext } from "../src/ports.js";

const context = runContext({ GITHUB_REPOSITORY: "octo/trading" });

/**
 * @actions/github reads GITHUB_API_URL once, when it loads: one front server for every case, which
 * either never answers (a silent GitHub) or passes requests on to the GitHub fake.
 */
let silent = false;
let github: GitHubFake;
let front: Server;
const sockets = new Set<Socket>();
beforeAll(async () => {
  github = await startGitHubFake();
  front = createServer((req, res) => {
    if (silent) return;
    const target = new URL(github.url);
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  front.on("connection", (socket) => sockets.add(socket));
  await new Promise<void>((done) => front.listen(0, "127.0.0.1", done));
  process.env.GITHUB_API_URL = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((done) => front.close(done));
  await github.close();
  delete process.env.GITHUB_API_URL;
});
afterEach(() => {
  silent = false;
});

describe("openIssueApi", () => {
  it("gives up on a silent GitHub at the deadline, naming GitHub and its host", async () => {
    silent = true;
    const url = process.env.GITHUB_API_URL ?? "";
    const api = await openIssueApi("ghs_x", context, () => {}, 300);
    const started = Date.now();
    const error = await api.listOpen("fyers-login").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubTimeoutError);
    expect(describeGitHubError(error)).toBe(`GitHub (${new URL(url).host}) did not answer within 0.3s`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("works as before against a GitHub that answers, each request under its own deadline", async () => {
    const api = await openIssueApi("ghs_x", context, () => {}, 300);
    await api.ensureLabel({ name: "fyers-login", color: "d93f0b", description: "x" });
    const n = await api.create({ title: "t", body: "b", labels: ["fyers-login"] });
    await new Promise((resolve) => setTimeout(resolve, 400)); // past one deadline: the next request has its own
    expect(await api.listOpen("fyers-login")).toEqual([{ number: n, title: "t", body: "b" }]);
  });

  it("sends GitHub's media type and the pinned API version on every request", async () => {
    const from = github.requests.length;
    const api = await openIssueApi("ghs_x", context, () => {}, 2000);
    await api.ensureLabel({ name: "fyers-login", color: "d93f0b", description: "x" });
    const n = await api.create({ title: "t", body: "b", labels: ["fyers-login"] });
    await api.listOpen("fyers-login");
    await api.update(n, { title: "t2", body: "b2" });
    await api.comment(n, "c");
    await api.close(n);
    const sent = github.requests.slice(from);
    expect(sent.map((r) => r.method)).toEqual(["GET", "POST", "GET", "PATCH", "POST", "PATCH"]);
    for (const { method, path, headers } of sent) {
      expect(headers.accept, `${method} ${path}`).toBe("application/vnd.github+json");
      expect(headers["x-github-api-version"], `${method} ${path}`).toBe("2022-11-28");
    }
  });

  it("says whether GitHub answered or could not be reached", () => {
    const answered = Object.assign(new Error("Server Error"), { status: 502, response: {} });
    const unreachable = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { status: 500 });
    expect(describeGitHubError(answered)).toBe("GitHub answered 502 (Server Error)");
    expect(describeGitHubError(unreachable)).toBe(
      "could not reach GitHub (connect ECONNREFUSED 127.0.0.1:9)",
    );
  });
});
