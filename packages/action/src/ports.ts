import type { Clock, FyersClient, TokenStore } from "@fyers-token/core";

/** What the action says to the runner; @actions/core in production, a recorder in unit tests. */
export interface ActionsIO {
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  setFailed(message: string): void;
  /** Appends to the job summary; does nothing when GITHUB_STEP_SUMMARY is not set. */
  writeSummary(markdown: string): Promise<void>;
}

export interface OpenIssue {
  number: number;
  title: string;
  body: string;
}

/** The few GitHub issue calls the login issue needs. */
export interface IssueApi {
  listOpen(label: string): Promise<OpenIssue[]>;
  create(issue: { title: string; body: string; labels: string[] }): Promise<number>;
  update(number: number, issue: { title: string; body: string }): Promise<void>;
  comment(number: number, body: string): Promise<void>;
  close(number: number): Promise<void>;
  /** Creates the label when the repository does not have it yet. */
  ensureLabel(label: { name: string; color: string; description: string }): Promise<void>;
}

/** Where this run happens, from the runner's GITHUB_* variables. */
export interface RunContext {
  serverUrl: string;
  /** "owner/repo", or undefined outside a runner. */
  repository: string | undefined;
  /** The workflow file name (e.g. "fyers-token.yml"), from GITHUB_WORKFLOW_REF. */
  workflowFile: string | undefined;
  runId: string | undefined;
}

export interface Deps {
  client: FyersClient;
  store: TokenStore;
  clock: Clock;
  io: ActionsIO;
  context: RunContext;
  /** Opens the GitHub API; called only when an issue must be touched, to keep the skip path lean. */
  issues: () => Promise<IssueApi>;
  /** After the read: why the login notice cannot be kept (AWS denied it), when it cannot. */
  noticeProblem?: () => string | undefined;
}

export function runContext(env: Record<string, string | undefined>): RunContext {
  // GITHUB_WORKFLOW_REF: "owner/repo/.github/workflows/fyers-token.yml@refs/heads/main"
  const workflowPath = env.GITHUB_WORKFLOW_REF?.split("@")[0];
  const workflowFile = workflowPath?.split("/").pop();
  return {
    serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
    repository: env.GITHUB_REPOSITORY || undefined,
    workflowFile: workflowFile || undefined,
    runId: env.GITHUB_RUN_ID || undefined,
  };
}

/** The page where a person runs the workflow by hand (with the auth code). */
export function workflowUrl(context: RunContext): string | undefined {
  if (context.repository === undefined) return undefined;
  const base = `${context.serverUrl}/${context.repository}/actions`;
  return context.workflowFile === undefined ? base : `${base}/workflows/${context.workflowFile}`;
}

export function runUrl(context: RunContext): string | undefined {
  if (context.repository === undefined || context.runId === undefined) return undefined;
  return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}`;
}
