// In-memory ports for in-process tests of run(): a store, a recording runner and an issue API.
import type { LoginNotice, StoredTokens, TokenStore, TokenUpdate } from "@fyers-token/core";
import type { ActionsIO, IssueApi, OpenIssue } from "../src/ports.js";

export function memoryStore(
  initial: StoredTokens = {},
): TokenStore & { tokens: StoredTokens; reads: number; writes: number; noticeWrites: number } {
  const state = { tokens: { ...initial }, reads: 0, writes: 0, noticeWrites: 0 };
  return Object.assign(state, {
    kind: "ssm" as const,
    location: "/stock-pipeline/fyers",
    async read() {
      state.reads++;
      return { ...state.tokens };
    },
    async write(update: TokenUpdate) {
      state.writes++;
      const written: string[] = [];
      state.tokens.clientId = update.clientId;
      if (update.accessToken) {
        state.tokens.accessToken = update.accessToken;
        written.push("accessToken");
      }
      if (update.refreshToken) {
        state.tokens.refreshToken = update.refreshToken;
        written.push("refreshToken");
      }
      return written;
    },
    async checkWritable() {},
    async writeNotice(notice: LoginNotice | null) {
      // As the real stores: nothing is written when the notice is unchanged.
      if (JSON.stringify(notice ?? undefined) === JSON.stringify(state.tokens.notice)) return;
      state.noticeWrites++;
      if (notice === null) delete state.tokens.notice;
      else state.tokens.notice = notice;
    },
    async deleteAccessToken() {
      const had = state.tokens.accessToken !== undefined;
      delete state.tokens.accessToken;
      return had;
    },
  });
}

export type IoEvent =
  | { kind: "secret"; value: string }
  | { kind: "output"; name: string; value: string }
  | { kind: "info" | "debug" | "warning" | "failed" | "summary"; text: string };

export function recordingIO(): ActionsIO & { events: IoEvent[]; of(kind: IoEvent["kind"]): string[] } {
  const events: IoEvent[] = [];
  return {
    events,
    of: (kind) =>
      events.filter((e) => e.kind === kind).map((e) => ("text" in e ? e.text : "value" in e ? e.value : "")),
    setSecret: (value) => events.push({ kind: "secret", value }),
    setOutput: (name, value) => events.push({ kind: "output", name, value }),
    info: (text) => events.push({ kind: "info", text }),
    debug: (text) => events.push({ kind: "debug", text }),
    warning: (text) => events.push({ kind: "warning", text }),
    setFailed: (text) => events.push({ kind: "failed", text }),
    writeSummary: async (text) => {
      events.push({ kind: "summary", text });
    },
  };
}

export interface MemoryIssue extends OpenIssue {
  state: "open" | "closed";
  labels: string[];
  comments: string[];
}

export function memoryIssues(
  options: { fail?: unknown } = {},
): IssueApi & { issues: MemoryIssue[]; labels: string[] } {
  const issues: MemoryIssue[] = [];
  const labels: string[] = [];
  const guard = () => {
    if (options.fail !== undefined) throw options.fail;
  };
  const find = (n: number) => {
    const issue = issues.find((i) => i.number === n);
    if (!issue) throw new Error(`no issue ${n}`);
    return issue;
  };
  return {
    issues,
    labels,
    async listOpen(label) {
      guard();
      return issues.filter((i) => i.state === "open" && i.labels.includes(label));
    },
    async create({ title, body, labels: names }) {
      guard();
      const issue = {
        number: issues.length + 1,
        title,
        body,
        labels: names,
        state: "open" as const,
        comments: [],
      };
      issues.push(issue);
      return issue.number;
    },
    async update(n, { title, body }) {
      guard();
      Object.assign(find(n), { title, body });
    },
    async comment(n, body) {
      guard();
      find(n).comments.push(body);
    },
    async close(n) {
      guard();
      find(n).state = "closed";
    },
    async ensureLabel(label) {
      guard();
      if (!labels.includes(label.name)) labels.push(label.name);
    },
  };
}
