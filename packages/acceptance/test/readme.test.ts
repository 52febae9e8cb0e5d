// The README as a newcomer reads it: short, a checklist first, every link and named command real.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { REPO } from "@fyers-token/testkit/harness";
import { describe, expect, it } from "vitest";

const README = "README.md";
const DOCS = [
  README,
  "SECURITY.md",
  ...readdirSync(join(REPO, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const read = (file: string) => readFileSync(join(REPO, file), "utf8");

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");
}

function anchors(file: string): Set<string> {
  const text = read(file).replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? "")));
}

/** Markdown links outside code blocks and code spans: [text](target). */
function links(file: string): string[] {
  const text = read(file)
    .replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
}

/** The lines of a `## ` section, heading included. */
function section(text: string, heading: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README.md has no "${heading}"`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe("the README", () => {
  const text = read(README);

  it("is at most 400 lines, the reference detail in docs/", () => {
    expect(text.split("\n").length).toBeLessThanOrEqual(400);
  });

  it("starts with the two set-up commands, then a checklist of at most 60 lines", () => {
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings.slice(0, 2)).toEqual([
      "Set up (a fresh clone)",
      "Checklist: from a fresh clone to the daily one-tap login",
    ]);
    const setUp = section(text, "## Set up (a fresh clone)").join("\n");
    expect(setUp).toMatch(/^npm ci\b/m);
    expect(setUp).toMatch(/^npm test\b/m);
    const checklist = section(text, "## Checklist: from a fresh clone to the daily one-tap login");
    expect(checklist.length).toBeLessThanOrEqual(60);
    const body = checklist.join("\n");
    for (const step of [
      "npm run demo -- --one-tap",
      "npm run cdk -- bootstrap",
      "-c fyId=",
      "-c repo=",
      "RedirectUrl",
      "gh secret set FYERS_APP_SECRET",
      "gh variable set FYERS_AWS_ROLE_ARN",
      "TELEGRAM_BOT_TOKEN",
      "packages/scripts/login-link.ts --url",
      "packages/scripts/doctor.ts",
      "60 days",
      "private",
    ]) {
      expect(body, `the checklist names ${step}`).toContain(step);
    }
  });

  it("gets a newcomer from a clone to a stored token in the demo in under five commands", () => {
    const checklist = section(text, "## Checklist: from a fresh clone to the daily one-tap login").join("\n");
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(checklist)?.[1] ?? "";
    const commands = firstBlock.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
    // git clone, npm ci (the set-up), then the demo block.
    expect(2 + commands.length).toBeLessThan(5);
    expect(commands.map((c) => c.trim())).toEqual(["npm run demo -- --one-tap --open"]);
  });
});

describe("every link and every named command in README.md, SECURITY.md and docs/", () => {
  const scripts = Object.keys(JSON.parse(read("package.json")).scripts as Record<string, string>);

  it.each(DOCS)("%s: relative links reach a file, and #anchors a heading there", (file) => {
    const broken: string[] = [];
    for (const target of links(file)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [path = "", anchor] = target.split("#");
      const resolved = path === "" ? join(REPO, file) : resolve(dirname(join(REPO, file)), path);
      if (!existsSync(resolved)) {
        broken.push(`${target} (no such file)`);
        continue;
      }
      if (
        anchor !== undefined &&
        resolved.endsWith(".md") &&
        !anchors(resolved.slice(REPO.length + 1)).has(anchor)
      )
        broken.push(`${target} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });

  it.each(DOCS)("%s: every packages/scripts/*.ts, tools/* and `npm run X` it names exists", (file) => {
    const text = read(file);
    const missing: string[] = [];
    for (const [, path] of text.matchAll(/\b((?:packages\/scripts|tools)\/[\w./-]+\.(?:ts|mjs))\b/g)) {
      if (path && !existsSync(join(REPO, path))) missing.push(path);
    }
    for (const [, name] of text.matchAll(/npm run (?:-s )?([\w:-]+)/g)) {
      if (name && !scripts.includes(name)) missing.push(`npm run ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
