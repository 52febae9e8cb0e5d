// A real browser through the whole one-tap login: /login on the local Lambda adapter → the FYERS
// fake's login page → the callback → the done page; screenshot in test/artifacts/.
import { existsSync, statSync } from "node:fs";
import { startFyersFake, startSsmFake } from "@fyers-token/testkit";
import { expectNoSecrets, freePort, needTool } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "./support/browser.js";
import { buildBundle, ownerQuery, PARAMS, startLocalLambda } from "./support/lambda.js";

let browser: Browser;
beforeAll(async () => {
  buildBundle();
  browser = await openBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe("the one-tap login in Chromium", needTool("chromium"), () => {
  it("bookmark → FYERS login → callback → 'Logged in', tokens in SSM, no script or outside resource loaded", async () => {
    const [fyers, ssm] = await Promise.all([startFyersFake({ loginPage: true }), startSsmFake()]);
    ssm.put(PARAMS.clientId, fyers.clientId);
    ssm.put(PARAMS.appSecret, fyers.appSecret);
    const port = await freePort();
    const lambda = await startLocalLambda({
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      FYERS_API_URL: fyers.baseUrl,
      FYERS_REDIRECT_URI: `http://127.0.0.1:${port}/callback`,
      LOCAL_LAMBDA_PORT: String(port),
    });
    const page = await browser.context.newPage();
    const requested: string[] = [];
    page.on("request", (request) =>
      requested.push(`${request.resourceType()} ${new URL(request.url()).pathname}`),
    );
    try {
      await page.goto(`${lambda.url}/login?${ownerQuery(fyers.appSecret)}`);
      await expect.poll(() => page.title()).toBe("FYERS login (fake)");
      await page.fill("input[name=pin_entered]", fyers.pin);
      const done = page.waitForURL(/\/callback\?/);
      await page.click("#login");
      await done;
      const heading = await page.textContent("h1");
      expect(heading).toBe("Logged in");
      const text = (await page.textContent("body")) ?? "";
      expect(text).toMatch(/Valid until \d{4}-\d\d-\d\d 06:00 IST/);
      expect(text).toContain("You can close this tab.");
      const shot = browser.screenshotPath("callback-done");
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot) && statSync(shot).size > 1000).toBe(true);
      console.log(`screenshot: ${shot}`);

      expect(ssm.parameters.get(PARAMS.accessToken)?.value).toMatch(/^eyJ/);
      expect(ssm.parameters.get(PARAMS.refreshToken)?.value).toMatch(/^eyJ/);
      // Only page loads: the pages pull no style sheet, script, image or font from anywhere.
      expect(requested.filter((r) => !r.startsWith("document "))).toEqual([]);
      const html = await page.content();
      const secrets = [
        fyers.appSecret,
        fyers.appIdHash,
        ...[...ssm.parameters.values()].filter((p) => !p.name.endsWith("/client_id")).map((p) => p.value),
      ];
      expectNoSecrets(html, secrets, "the done page");
      expectNoSecrets(lambda.logs(), secrets, "the function's log");
      expect(lambda.lines().map((l) => [l.route, l.status])).toEqual([
        ["/login", 302],
        ["/callback", 200],
      ]);
    } finally {
      await page.close();
      await lambda.close();
      await Promise.all([fyers.close(), ssm.close()]);
    }
  });

  it("reload in the same browser shows the validity; the same URL in a fresh browser profile shows the generic page, with the CSP and HSTS", async () => {
    const [fyers, ssm] = await Promise.all([startFyersFake({ loginPage: true }), startSsmFake()]);
    ssm.put(PARAMS.clientId, fyers.clientId);
    ssm.put(PARAMS.appSecret, fyers.appSecret);
    const port = await freePort();
    const lambda = await startLocalLambda({
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      FYERS_API_URL: fyers.baseUrl,
      FYERS_REDIRECT_URI: `http://127.0.0.1:${port}/callback`,
      LOCAL_LAMBDA_PORT: String(port),
    });
    const page = await browser.context.newPage();
    const stranger = await openBrowser();
    try {
      await page.goto(`${lambda.url}/login?${ownerQuery(fyers.appSecret)}`);
      const cookies = await browser.context.cookies(lambda.url);
      expect(cookies.map((c) => [c.name, c.secure, c.httpOnly, c.sameSite, c.path])).toEqual([
        ["__Host-fyers-login", true, true, "Lax", "/"],
      ]);
      const done = page.waitForURL(/\/callback\?/);
      await page.click("#login");
      await done;
      expect(await page.textContent("h1")).toBe("Logged in");
      const doneUrl = page.url();
      const again = await page.reload();
      expect(again?.status()).toBe(200);
      expect(again?.headers()["content-security-policy"]).toContain("default-src 'none'");
      expect(again?.headers()["strict-transport-security"]).toBe("max-age=31536000");
      expect(await page.textContent("h1")).toBe("Logged in");
      expect(await page.textContent("body")).toMatch(/Valid until \d{4}-\d\d-\d\d 06:00 IST/);
      await page.screenshot({ path: browser.screenshotPath("callback-reload"), fullPage: true });

      // Someone else's browser with the same URL (a shared history, a screenshot): nothing about the account.
      const other = await stranger.context.newPage();
      const elsewhere = await other.goto(doneUrl);
      expect(elsewhere?.status()).toBe(400);
      const text = (await other.textContent("body")) ?? "";
      expect(text).toContain("This login link expired or was used: start again from your bookmark.");
      expect(text).not.toMatch(/\d{4}-\d\d-\d\d|\d\d:\d\d|Logged in|Valid/);
      await other.screenshot({ path: stranger.screenshotPath("callback-elsewhere"), fullPage: true });
      // The bare /login (no key) is a 404 there too.
      const bare = await other.goto(`${lambda.url}/login`);
      expect(bare?.status()).toBe(404);
      expect(fyers.requests.filter((r) => r.path.endsWith("/validate-authcode"))).toHaveLength(1);
    } finally {
      await page.close();
      await stranger.close();
      await lambda.close();
      await Promise.all([fyers.close(), ssm.close()]);
    }
  }, 60_000);
});
