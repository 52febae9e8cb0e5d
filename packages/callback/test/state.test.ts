// The signed state and the page renderer on their own: the rules the handler tests rely on.
import { describe, expect, it } from "vitest";
import { escapeHtml, renderPage } from "../src/pages.js";
import {
  bindingHolds,
  isFresh,
  parseState,
  STATE_TTL_SECONDS,
  signedBy,
  signState,
  startedBy,
  stateKey,
} from "../src/state.js";

const NOW = Date.UTC(2026, 11, 1, 3, 0, 0);
const key = stateKey("TESTSECRET99");
const start = { refreshToken: "eyJ.refresh.token", loginId: "login-id-of-this-browser" };
const parsed = (state: string) => {
  const parts = parseState(state);
  if (parts === undefined) throw new Error(`not a state: ${state}`);
  return parts;
};

describe("signed state", () => {
  it("is fresh within 15 minutes and not after, nor from the future; each login's differs", () => {
    const state = signState(key, start, NOW);
    expect(state).not.toBe(signState(key, { ...start, loginId: "another browser" }, NOW));
    const parts = parsed(state);
    expect(isFresh(parts, NOW + (STATE_TTL_SECONDS - 1) * 1000)).toBe(true);
    expect(isFresh(parts, NOW + (STATE_TTL_SECONDS + 1) * 1000)).toBe(false);
    expect(isFresh(parts, NOW - 10 * 60_000)).toBe(false);
    expect(signedBy(key, parts)).toBe(true);
  });

  it("its MAC needs the key alone; the binding is checked apart, after the tokens are read", () => {
    const parts = parsed(signState(key, start, NOW));
    expect(signedBy(key, parts)).toBe(true);
    expect(bindingHolds(key, parts, start.refreshToken)).toBe(true);
    expect(bindingHolds(key, parts, "eyJ.new.refresh")).toBe(false);
    expect(bindingHolds(key, parts, undefined)).toBe(false);
    const first = parsed(signState(key, { ...start, refreshToken: undefined }, NOW));
    expect(bindingHolds(key, first, undefined)).toBe(true);
  });

  it("knows the browser that started it by the login id in its cookie", () => {
    const parts = parsed(signState(key, start, NOW));
    expect(startedBy(key, parts, start.loginId)).toBe(true);
    expect(startedBy(key, parts, "someone else's id")).toBe(false);
    expect(startedBy(key, parts, undefined)).toBe(false);
  });

  it("the key is derived, not the secret itself, and another secret's states fail", () => {
    expect(key.toString("utf8")).not.toContain("TESTSECRET99");
    expect(key).toHaveLength(32);
    const other = parsed(signState(stateKey("another secret"), start, NOW));
    expect(signedBy(key, other)).toBe(false);
  });

  it("a changed issue time, binding or login tag breaks the MAC", () => {
    const state = signState(key, start, NOW);
    const p = state.split(".");
    const changed = [
      [p[0], String(Number(p[1]) - 600), p[2], p[3], p[4]],
      [p[0], p[1], p[3], p[3], p[4]],
      [p[0], p[1], p[2], p[2], p[4]],
    ];
    for (const parts of changed) expect(signedBy(key, parsed(parts.join(".")))).toBe(false);
  });

  it("refuses malformed input without throwing", () => {
    for (const bad of [
      "",
      "x",
      "v1.a.b.c",
      "v2.1.a.b.c",
      `v2.${"9".repeat(20)}.${"A".repeat(22)}.${"A".repeat(22)}.${"A".repeat(43)}`,
      `v2.1.${"A".repeat(22)}.${"A".repeat(22)}`,
      `${signState(key, start, NOW)}A`,
      `${signState(key, start, NOW)}.x`,
      "v2....",
    ]) {
      expect(parseState(bad), bad).toBeUndefined();
    }
  });
});

describe("pages", () => {
  it("escape every value and carry no script or outside resource", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    const html = renderPage({
      title: "<t>",
      tone: "bad",
      lines: ["<script>alert(1)</script>"],
      link: { href: "/login", text: "again" },
    });
    expect(html).not.toMatch(/<script|https?:\/\/|src=/);
    expect(html).toContain("&lt;script&gt;");
    expect(html.length).toBeLessThan(2000);
  });
});
