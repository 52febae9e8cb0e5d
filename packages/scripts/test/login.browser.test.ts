// login.ts's loopback flow in a real browser: the printed URL → the FYERS fake's login page →
// the redirect to login.ts's own listener → its "done" page; screenshot in callback's test/artifacts/.
import { existsSync } from "node:fs";
import { createSandbox, freePort, needTool, type Sandbox } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "../../callback/test/support/browser.js";

let browser: Browser;
let box: Sandbox;
beforeAll(async () => {
  [browser, box] = await Promise.all([openBrowser(), createSandbox({ loginPage: true })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([browser?.close(), box?.close()]);
});

describe("login.ts in Chromium", needTool("chromium"), () => {
  it("opens the login URL, logs in at FYERS, lands on login.ts's listener: done page, tokens saved, exit 0", async () => {
    const redirectUri = `http://127.0.0.1:${await freePort()}/fyers/callback`;
    const login = box.start("login.ts", ["--timeout", "30s"], { env: { FYERS_REDIRECT_URI: redirectUri } });
    const url = await login.firstLine;
    expect(url).toContain("/generate-authcode?");
    const page = await browser.context.newPage();
    try {
      await page.goto(url);
      await expect.poll(() => page.title()).toBe("FYERS login (fake)");
      await page.fill("input[name=pin_entered]", box.fyers.pin);
      const landed = page.waitForURL((u) => u.toString().startsWith(redirectUri));
      await page.click("#login");
      await landed;
      await expect
        .poll(async () => (await page.textContent("body")) ?? "")
        .toContain("You can close this tab.");
      const shot = browser.screenshotPath("login-ts-done");
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot)).toBe(true);
      const html = await page.content();
      const run = await login.checked;
      expect(run.code, run.stderr).toBe(0);
      const file = await box.readFile();
      expect(file?.access_token).toMatch(/^eyJ/);
      expect(file?.refresh_token).toMatch(/^eyJ/);
      expect(html).not.toContain(file?.access_token ?? "?");
      expect(html).not.toContain(file?.refresh_token ?? "?");
      expect(box.fyers.requests.filter((r) => r.path.endsWith("/validate-authcode"))).toHaveLength(1);
    } finally {
      await page.close();
    }
  });
});
