import type { IssueApi, RunContext } from "./ports.js";

/**
 * The GitHub issues API over Octokit. @actions/github (Octokit, undici) loads here, on first
 * need, never on the skip path. getOctokit takes its base URL from GITHUB_API_URL (GHES, tests).
 */
export async function openIssueApi(
  token: string | undefined,
  context: RunContext,
  debug: (message: string) => void,
): Promise<IssueApi> {
  if (token === undefined) throw new Error("the github-token input is empty");
  const [owner, repo] = context.repository?.split("/") ?? [];
  if (!owner || !repo) throw new Error("GITHUB_REPOSITORY is not set (owner/repo)");
  debug("loading @actions/github for the login issue");
  const { getOctokit } = await import("@actions/github");
  const { rest } = getOctokit(token);
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
