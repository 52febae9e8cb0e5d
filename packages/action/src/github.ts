import { TUNING_DEFAULTS_MS } from "@fyers-token/core";
import type { IssueApi, RunContext } from "./ports.js";

/**
 * Each GitHub request's deadline: a silent API must not hold the run (or its report) hostage.
 * FYERS_SERVICE_TIMEOUT's default (10 s); main.ts passes the setting in.
 */
export const GITHUB_TIMEOUT_MS = TUNING_DEFAULTS_MS.serviceTimeout;

/**
 * GitHub's REST conventions, on every request: the current media type (Octokit 6 still sends
 * the old `vnd.github.v3+json`) and the pinned API version, so a new default version cannot
 * change the answers under us (docs.github.com: "API Versions").
 */
export const GITHUB_HEADERS = {
  accept: "application/vnd.github+json",
  "x-github-api-version": "2022-11-28",
} as const;

/** Raised when GitHub did not answer in time; the login issue turns it into a warning. */
export class GitHubTimeoutError extends Error {
  override name = "GitHubTimeoutError";
}

/**
 * The GitHub issues API over Octokit. @actions/github (Octokit, undici) loads here, on first
 * need, never on the skip path. getOctokit takes its base URL from GITHUB_API_URL (GHES, tests).
 */
export async function openIssueApi(
  token: string | undefined,
  context: RunContext,
  debug: (message: string) => void,
  timeoutMs = GITHUB_TIMEOUT_MS,
): Promise<IssueApi> {
  if (token === undefined) throw new Error("the github-token input is empty");
  const [owner, repo] = context.repository?.split("/") ?? [];
  if (!owner || !repo) throw new Error("GITHUB_REPOSITORY is not set (owner/repo)");
  debug("loading @actions/github for the login issue");
  const { getOctokit } = await import("@actions/github");
  const octokit = getOctokit(token);
  octokit.hook.wrap("request", (request, options) => {
    Object.assign(options.headers, GITHUB_HEADERS);
    return withDeadline(async () => request(options), options, timeoutMs);
  });
  const { rest } = octokit;
  const where = { owner, repo };

  return {
    async listOpen(label) {
      const { data } = await rest.issues.listForRepo({
        ...where,
        labels: label,
        state: "open",
        per_page: 100,
      });
      return data
        .filter((issue) => issue.pull_request === undefined)
        .map((issue) => ({ number: issue.number, title: issue.title, body: issue.body ?? "" }));
    },
    async create({ title, body, labels }) {
      const { data } = await rest.issues.create({ ...where, title, body, labels });
      return data.number;
    },
    async update(number, { title, body }) {
      await rest.issues.update({ ...where, issue_number: number, title, body });
    },
    async comment(number, body) {
      await rest.issues.createComment({ ...where, issue_number: number, body });
    },
    async close(number) {
      await rest.issues.update({
        ...where,
        issue_number: number,
        state: "closed",
        state_reason: "completed",
      });
    },
    async ensureLabel(label) {
      try {
        await rest.issues.getLabel({ ...where, name: label.name });
        return;
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
      try {
        await rest.issues.createLabel({ ...where, ...label });
      } catch (error) {
        // 422: created meanwhile by a parallel run; the label is there, which is all we need.
        if ((error as { status?: number }).status !== 422) throw error;
      }
    },
  };
}

/**
 * Runs one request under its own abort signal, so the proxy-aware fetch of @actions/github stays
 * in place; a request that outlives it is a GitHubTimeoutError naming the host.
 */
async function withDeadline<T>(
  send: () => Promise<T>,
  options: { url: string; baseUrl?: string; request?: { signal?: AbortSignal | null } },
  timeoutMs: number,
): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  options.request = { ...options.request, signal };
  try {
    return await send();
  } catch (error) {
    if (!signal.aborted) throw error;
    // Octokit hands the hook a route template ("/repos/{owner}/…") beside its base URL.
    const host = URL.canParse(options.url, options.baseUrl)
      ? new URL(options.url, options.baseUrl).host
      : "the GitHub API";
    throw new GitHubTimeoutError(`GitHub (${host}) did not answer within ${timeoutMs / 1000}s`, {
      cause: error,
    });
  }
}
