import { afterEach, describe, expect, it } from "vitest";
import { type GitHubFake, startGitHubFake } from "../src/index.js";

const fakes: GitHubFake[] = [];
async function start(opts: Parameters<typeof startGitHubFake>[0] = {}): Promise<GitHubFake> {
  const fake = await startGitHubFake(opts);
  fakes.push(fake);
  return fake;
}
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

type Json = Record<string, unknown>;
async function api(fake: GitHubFake, method: string, path: string, body?: unknown) {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: "token ghs_test",
      "content-type": "application/json",
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Json & Json[], res };
}

describe("GitHub fake", () => {
  it("creates, lists, reads, comments on and closes issues", async () => {
    const fake = await start();
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await api(fake, "POST", "/repos/octo/trading/issues", {
      title: "FYERS login required",
      body: "log in",
      labels: ["fyers-login"],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      number: 1,
      title: "FYERS login required",
      body: "log in",
      state: "open",
      labels: [{ name: "fyers-login" }],
      html_url: "https://github.com/octo/trading/issues/1",
      user: { login: "github-actions[bot]" },
    });
    expect(typeof created.json.id).toBe("number");
    await api(fake, "POST", "/repos/octo/trading/issues", { title: "other", labels: [] });

    const listed = await api(fake, "GET", "/repos/octo/trading/issues?labels=fyers-login&state=open");
    expect(listed.json.map((i) => i.number)).toEqual([1]);
    const all = await api(fake, "GET", "/repos/octo/trading/issues");
    expect(all.json.map((i) => i.number)).toEqual([2, 1]); // newest first

    const comment = await api(fake, "POST", "/repos/octo/trading/issues/1/comments", { body: "done" });
    expect(comment.status).toBe(201);
    expect(comment.json).toMatchObject({ body: "done", user: { login: "github-actions[bot]" } });

    const closed = await api(fake, "PATCH", "/repos/octo/trading/issues/1", {
      state: "closed",
      state_reason: "completed",
      body: "new body",
    });
    expect(closed.json).toMatchObject({
      state: "closed",
      state_reason: "completed",
      body: "new body",
      comments: 1,
    });
    expect(fake.issues[0]).toMatchObject({
      number: 1,
      state: "closed",
      body: "new body",
      comments: [{ body: "done" }],
    });

    expect((await api(fake, "GET", "/repos/octo/trading/issues?labels=fyers-login")).json).toEqual([]);
    const closedList = await api(fake, "GET", "/repos/octo/trading/issues?labels=fyers-login&state=closed");
    expect(closedList.json.map((i) => i.number)).toEqual([1]);
    expect((await api(fake, "GET", "/repos/octo/trading/issues/1")).json.title).toBe("FYERS login required");
    expect((await api(fake, "GET", "/repos/octo/trading/issues/99")).status).toBe(404);

    expect(fake.requests[0]).toMatchObject({ method: "POST", path: "/repos/octo/trading/issues" });
    expect(fake.requests.find((r) => r.method === "GET")?.search).toBe("?labels=fyers-login&state=open");
  });

  it("sees issues seeded directly", async () => {
    const fake = await start({ owner: "me", repo: "r" });
    fake.issues.push({
      number: 7,
      title: "t",
      body: "b",
      state: "open",
      labels: ["fyers-login"],
      comments: [],
    });
    const listed = await api(fake, "GET", "/repos/me/r/issues?labels=fyers-login");
    expect(listed.json.map((i) => [i.number, i.html_url])).toEqual([[7, "https://github.com/me/r/issues/7"]]);
    expect((await api(fake, "POST", "/repos/me/r/issues", { title: "n" })).json.number).toBe(8);
    expect((await api(fake, "GET", "/repos/octo/trading/issues")).status).toBe(404);
  });

  it("creates labels once and finds them", async () => {
    const fake = await start();
    expect((await api(fake, "GET", "/repos/octo/trading/labels/fyers-login")).status).toBe(404);
    const label = { name: "fyers-login", color: "d73a4a", description: "FYERS login needed" };
    const created = await api(fake, "POST", "/repos/octo/trading/labels", label);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject(label);
    const dup = await api(fake, "POST", "/repos/octo/trading/labels", label);
    expect(dup.status).toBe(422);
    expect(dup.json).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Label", code: "already_exists", field: "name" }],
    });
    expect((await api(fake, "GET", "/repos/octo/trading/labels/fyers-login")).json).toMatchObject(label);
  });

  it("denyIssueWrites answers 403 to writes, still allows reads", async () => {
    const fake = await start();
    await api(fake, "POST", "/repos/octo/trading/issues", { title: "t", labels: ["fyers-login"] });
    fake.denyIssueWrites();
    for (const [method, path] of [
      ["POST", "/repos/octo/trading/issues"],
      ["PATCH", "/repos/octo/trading/issues/1"],
      ["POST", "/repos/octo/trading/issues/1/comments"],
      ["POST", "/repos/octo/trading/labels"],
    ] as const) {
      const res = await api(fake, method, path, { title: "x", body: "x", name: "x" });
      expect(res.status).toBe(403);
      expect(res.json.message).toBe("Resource not accessible by integration");
    }
    expect((await api(fake, "GET", "/repos/octo/trading/issues?labels=fyers-login")).json).toHaveLength(1);
    expect(fake.issues[0]?.comments).toEqual([]);
    fake.denyIssueWrites(false);
    expect((await api(fake, "POST", "/repos/octo/trading/issues/1/comments", { body: "ok" })).status).toBe(
      201,
    );
  });

  it("pages issue lists with a Link header", async () => {
    const fake = await start();
    for (let n = 1; n <= 3; n++) {
      fake.issues.push({ number: n, title: `${n}`, body: "", state: "open", labels: [], comments: [] });
    }
    const first = await api(fake, "GET", "/repos/octo/trading/issues?per_page=2");
    expect(first.json.map((i) => i.number)).toEqual([3, 2]);
    const link = first.res.headers.get("link") ?? "";
    expect(link).toMatch(/rel="next"/);
    const next = /<([^>]+)>/.exec(link)?.[1] ?? "";
    const second = await fetch(next).then((r) => r.json() as Promise<Json[]>);
    expect(second.map((i) => i.number)).toEqual([1]);
  });
});
