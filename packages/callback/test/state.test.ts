// The signed state and the page renderer on their own: the rules the handler tests rely on.
import { describe, expect, it } from "vitest";
import { escapeHtml, renderPage } from "../src/pages.js";
import {
  STATE_TTL_SECONDS,
  sessionBinding,
  signedHere,
  signState,
  stateKey,
  verifyState,
} from "../src/state.js";

const NOW = Date.UTC(2026, 11, 1, 3, 0, 0);
const key = stateKey("TESTSECRET99");
const binding = sessionBinding("eyJ.refresh.token");

describe("signed state", () => {
  it("verifies within 15 minutes and not after; a nonce makes each one different", () => {
    const state = signState(key, binding, NOW);
    expect(state).not.toBe(signState(key, binding, NOW));
    expect(verifyState(key, binding, state, NOW + (STATE_TTL_SECONDS - 1) * 1000)).toEqual({ ok: true });
    expect(verifyState(key, binding, state, NOW + (STATE_TTL_SECONDS + 1) * 1000)).toEqual({
      ok: false,
      why: "expired",
    });
  });

  it("is bound to the stored refresh token: a new login makes old states fail", () => {
    const state = signState(key, binding, NOW);
    expect(verifyState(key, sessionBinding("eyJ.new.refresh"), state, NOW)).toEqual({
      ok: false,
      why: "forged",
    });
    expect(verifyState(key, sessionBinding(undefined), state, NOW)).toEqual({ ok: false, why: "forged" });
  });

  it("the key is derived, not the secret itself, and another secret's states fail", () => {
    expect(key.toString("utf8")).not.toContain("TESTSECRET99");
    expect(key).toHaveLength(32);
    const other = signState(stateKey("another secret"), binding, NOW);
    expect(verifyState(key, binding, other, NOW)).toEqual({ ok: false, why: "forged" });
  });

  it("signedHere knows its own states under any binding, and no other key's or a moved time", () => {
    const state = signState(key, binding, NOW);
    expect(signedHere(key, state)).toBe(NOW / 1000);
    expect(verifyState(key, sessionBinding("eyJ.new.refresh"), state, NOW).ok).toBe(false);
    expect(signedHere(stateKey("another secret"), state)).toBeUndefined();
    const parts = state.split(".");
    expect(
      signedHere(key, [parts[0], parts[1], String(NOW / 1000 - 600), parts[3]].join(".")),
    ).toBeUndefined();
    for (const bad of ["", "v1.a.1.b", "v1..1.", `v1.${"A".repeat(22)}.1.b`]) {
      expect(signedHere(key, bad), bad).toBeUndefined();
    }
  });

  it("refuses malformed input without throwing", () => {
    for (const bad of [
      "",
      "x",
      "v1.a.b.c",
      "v2.a.1.b",
      "v1.a.1",
      "v1.a.1.b.c",
      `v1.a.${"9".repeat(20)}.b`,
      "v1..1.",
    ]) {
      expect(verifyState(key, binding, bad, NOW).ok, bad).toBe(false);
    }
    const state = signState(key, binding, NOW);
    expect(verifyState(key, binding, `${state}A`, NOW)).toEqual({ ok: false, why: "forged" });
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
