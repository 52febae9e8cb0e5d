// The few GitHub REST routes the action uses (issues, comments, labels), answering in GitHub's
// shapes so the real Octokit, pointed here by GITHUB_API_URL, works unchanged.
import type { ServerResponse } from "node:http";
import { isObject, listen, parseBody, readBody, sendJson } from "./http.js";

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  comments: { body: string }[];
  /** Set by PATCH with `state_reason`. */
  stateReason?: string;
}

export interface GitHubRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** The query string including "?", or "". */
  search: string;
  body: unknown;
  /** The request's headers, names lower case; `authorization` is left out (it is the token). */
  headers: Record<string, string>;
}

export interface GitHubFake {
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** Issues of the repository given at start; tests may seed or inspect them directly. */
  issues: FakeIssue[];
  requests: GitHubRequest[];
  /** Answer 403 to issue, comment and label writes, as a token without `issues: write`. */
  denyIssueWrites(deny?: boolean): void;
  close(): Promise<void>;
}

interface Label {
  name: string;
  color: string;
  description: string | null;
}

const DOCS = "https://docs.github.com/rest";
const BOT = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
const CREATED = Date.UTC(2026, 0, 1);

export async function startGitHubFake(opts: { owner?: string; repo?: string } = {}): Promise<GitHubFake> {
  const owner = opts.owner ?? "octo";
  const repo = opts.repo ?? "trading";
  const issues: FakeIssue[] = [];
  const labels = new Map<string, Label>(); // keyed by lower-case name, as GitHub compares them
  const requests: GitHubRequest[] = [];
  let deny = false;

  const htmlBase = `https://github.com/${owner}/${repo}`;
  const label = (name: string): Label =>
    labels.get(name.toLowerCase()) ?? { name, color: "ededed", description: null };
  // Issue creation times follow issue numbers, so "newest first" is "highest number first".
  const stamp = (n: number): string => new Date(CREATED + n * 60_000).toISOString().replace(".000Z", "Z");

  const renderIssue = (apiBase: string, issue: FakeIssue) => ({
    id: 100000 + issue.number,
    node_id: `I_fake${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.stateReason ?? null,
    locked: false,
    labels: issue.labels.map((name, i) => ({ id: 5000 + i, default: false, ...label(name) })),
    comments: issue.comments.length,
    user: BOT,
    assignees: [],
    url: `${apiBase}/repos/${owner}/${repo}/issues/${issue.number}`,
    html_url: `${htmlBase}/issues/${issue.number}`,
    created_at: stamp(issue.number),
    updated_at: stamp(issue.number),
    closed_at: issue.state === "closed" ? stamp(issue.number) : null,
  });

  const commentId = (issue: FakeIssue, index: number): number => issue.number * 10000 + index;
  const renderComment = (id: number, issueNumber: number, body: string) => ({
    id,
    body,
    user: BOT,
    html_url: `${htmlBase}/issues/${issueNumber}#issuecomment-${id}`,
    created_at: stamp(issueNumber),
  });

  const notFound = (res: ServerResponse): void =>
    sendJson(res, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
  const invalid = (res: ServerResponse, field: string): void =>
    sendJson(res, 422, {
      message: "Validation Failed",
      errors: [{ resource: "Issue", code: "missing_field", field }],
      documentation_url: DOCS,
      status: "422",
    });

  const stringList = (value: unknown): string[] =>
    Array.isArray(value) ? value.map((v) => (isObject(v) ? String(v.name) : String(v))) : [];
  const ensureLabels = (names: string[]): void => {
    // GitHub creates unknown labels when they are set on an issue.
    for (const name of names) labels.set(name.toLowerCase(), label(name));
  };

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = parseBody(await readBody(req));
    const method = req.method ?? "GET";
    requests.push({
      method,
      path: url.pathname,
      search: url.search,
      body,
      headers: recordedHeaders(req.headers),
    });
    const apiBase = `http://${req.headers.host ?? "127.0.0.1"}`;
    const b = isObject(body) ? body : {};

    const prefix = `/repos/${owner}/${repo}/`;
    if (!url.pathname.startsWith(prefix)) return notFound(res);
    const parts = url.pathname.slice(prefix.length).split("/").map(decodeURIComponent);
    const [kind, id, sub] = parts;
    const issue =
      kind === "issues" && id !== undefined ? issues.find((i) => String(i.number) === id) : undefined;

    if (deny && method !== "GET" && (kind === "issues" || kind === "labels")) {
      return sendJson(res, 403, {
        message: "Resource not accessible by integration",
        documentation_url: `${DOCS}/issues/issues#create-an-issue`,
        status: "403",
      });
    }

    // GET /issues?labels=a,b&state=open|closed|all&per_page&page
    if (kind === "issues" && id === undefined && method === "GET") {
      const state = url.searchParams.get("state") ?? "open";
      const wanted = (url.searchParams.get("labels") ?? "").split(",").filter((l) => l !== "");
      const perPage = Number(url.searchParams.get("per_page") ?? 30) || 30;
      const page = Number(url.searchParams.get("page") ?? 1) || 1;
      const matching = issues
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w.toLowerCase())))
        .sort((x, y) => y.number - x.number);
      const headers: Record<string, string> = {};
      if (page * perPage < matching.length) {
        const next = new URL(url.pathname + url.search, apiBase);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      const slice = matching.slice((page - 1) * perPage, page * perPage);
      return sendJson(
        res,
        200,
        slice.map((i) => renderIssue(apiBase, i)),
        headers,
      );
    }
    if (kind === "issues" && id === undefined && method === "POST") {
      if (typeof b.title !== "string" || b.title === "") return invalid(res, "title");
      const created: FakeIssue = {
        number: issues.reduce((max, i) => Math.max(max, i.number), 0) + 1,
        title: b.title,
        body: typeof b.body === "string" ? b.body : "",
        state: "open",
        labels: stringList(b.labels),
        comments: [],
      };
      ensureLabels(created.labels);
      issues.push(created);
      return sendJson(res, 201, renderIssue(apiBase, created));
    }
    if (kind === "issues" && issue === undefined) return notFound(res);
    if (issue !== undefined && sub === undefined && method === "GET") {
      return sendJson(res, 200, renderIssue(apiBase, issue));
    }
    if (issue !== undefined && sub === undefined && method === "PATCH") {
      if (typeof b.title === "string") issue.title = b.title;
      if (typeof b.body === "string") issue.body = b.body;
      if (b.state === "open" || b.state === "closed") issue.state = b.state;
      if (typeof b.state_reason === "string") issue.stateReason = b.state_reason;
      if (Array.isArray(b.labels)) {
        issue.labels = stringList(b.labels);
        ensureLabels(issue.labels);
      }
      return sendJson(res, 200, renderIssue(apiBase, issue));
    }
    if (issue !== undefined && sub === "comments" && method === "GET") {
      const list = issue.comments.map((c, i) => renderComment(commentId(issue, i), issue.number, c.body));
      return sendJson(res, 200, list);
    }
    if (issue !== undefined && sub === "comments" && method === "POST") {
      if (typeof b.body !== "string" || b.body === "") return invalid(res, "body");
      issue.comments.push({ body: b.body });
      const newId = commentId(issue, issue.comments.length - 1);
      return sendJson(res, 201, renderComment(newId, issue.number, b.body));
    }
    if (issue !== undefined && sub === "labels" && method === "POST") {
      const added = stringList(isObject(body) ? body.labels : body);
      ensureLabels(added);
      for (const name of added) if (!issue.labels.includes(name)) issue.labels.push(name);
      return sendJson(
        res,
        200,
        issue.labels.map((name) => label(name)),
      );
    }
    if (kind === "labels" && id === undefined && method === "POST") {
      if (typeof b.name !== "string" || b.name === "") return invalid(res, "name");
      if (labels.has(b.name.toLowerCase())) {
        return sendJson(res, 422, {
          message: "Validation Failed",
          errors: [{ resource: "Label", code: "already_exists", field: "name" }],
          documentation_url: `${DOCS}/issues/labels#create-a-label`,
          status: "422",
        });
      }
      const created: Label = {
        name: b.name,
        color: typeof b.color === "string" ? b.color : "ededed",
        description: typeof b.description === "string" ? b.description : null,
      };
      labels.set(b.name.toLowerCase(), created);
      return sendJson(res, 201, { id: 5000 + labels.size, default: false, ...created });
    }
    if (kind === "labels" && id !== undefined && sub === undefined && method === "GET") {
      const found = labels.get(id.toLowerCase());
      return found === undefined ? notFound(res) : sendJson(res, 200, { id: 5000, default: false, ...found });
    }
    return notFound(res);
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    issues,
    requests,
    denyIssueWrites: (value = true) => {
      deny = value;
    },
    close: () => server.close(),
  };
}

/** Every header as one string, without the token. */
function recordedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === "authorization" || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
