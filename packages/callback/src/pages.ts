import { createHash } from "node:crypto";

/** The only style of every page; the CSP allows exactly this block by its hash, and nothing else. */
const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}" +
  "h1{font-size:1.4rem}a{color:#0645ad}.ok{color:#0a7d28}.bad{color:#b00020}.id{color:#555;font-size:.85rem}";
export const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

export interface Page {
  title: string;
  tone: "ok" | "bad";
  /** Plain sentences; each becomes an escaped paragraph. */
  lines: string[];
  /** A link, e.g. to FYERS' dashboard; never /login, which needs the owner's key. */
  link?: { href: string; text: string };
  /** Shown on pages the owner may need to look up: the same id is in the request's log line. */
  requestId?: string;
}

/** A small self-contained page: no script, no outside resource, every value escaped. */
export function renderPage(page: Page): string {
  const paragraphs = page.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("");
  const link = page.link
    ? `<p><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.text)}</a></p>`
    : "";
  const id = page.requestId ? `<p class="id">Request id: ${escapeHtml(page.requestId)}</p>` : "";
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><title>${escapeHtml(page.title)}</title>` +
    `<style>${STYLE}</style></head><body><h1 class="${page.tone}">${escapeHtml(page.title)}</h1>` +
    `${paragraphs}${link}${id}</body></html>`
  );
}

/** What every refused login says: the bookmarked link (it carries the owner's key) starts again. */
export const START_AGAIN = "Start again from your bookmarked login link.";
