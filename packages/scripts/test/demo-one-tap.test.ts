// `npm run demo -- --one-tap`, started as a person starts it: the link read from its stdout, then
// followed by plain HTTP (redirects by hand, cookies carried, the FYERS fake's form submitted)
// and in Chromium; "Logged in", verify.ts's result, exit 0; Ctrl-C and --timeout end it cleanly.
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { expectNoSecrets, needTool, REPO, startScript } from "@fyers-token/testkit/harness";
import { describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "../../callback/test/support/browser.js";

const LINK = /link +│ (http:\/\/127\.0\.0\.1:\d+\/login\?k=[\w-]{43})$/m;
const env = { PATH: process.env.PATH ?? "", HOME: tmpdir() };

function startDemo(args: string[]) {
  const demo = startScript("demo.ts", ["--one-tap", ...args], { cwd: REPO, env });
  let seen = "";
  demo.child.stdout.on("data", (chunk: string | Buffer) => {
    seen += chunk.toString();
  });
  /** Resolves with the match once the demo has printed it (the demo's own --timeout bounds it). */
  const printed = (pattern: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(seen);
        if (match) resolve(match);
        return match;
      };
      if (look()) return;
      demo.child.stdout.on("data", look);
      demo.done.then(
        (run) => look() ?? reject(new Error(`demo exited ${run.code}: ${run.stdout}${run.stderr}`)),
      );
    });
  return { ...demo, printed };
}

/** What a browser does without a browser: follow each 302, keep cookies, submit FYERS' login form. */
async function logInOverHttp(link: string): Promise<{ status: number; page: string; hops: string[] }> {
  const jar = new Map<string, string>();
  const hops: string[] = [];
  let url = link;
  for (let hop = 0; hop < 8; hop++) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const answer = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const line of answer.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    hops.push(`${answer.status} ${new URL(url).pathname}`);
    const page = await answer.text();
    const location = answer.headers.get("location");
    if (answer.status === 302 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    const form = /<form method="get" action="([^"]+)">/.exec(page);
    if (!form?.[1]) return { status: answer.status, page, hops };
    const next = new URL(form[1], url);
    for (const [, name = "", value = ""] of page.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
    )) {
      next.searchParams.set(
        name,
        value.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
      );
    }
    next.searchParams.set("pin_entered", "0000");
    url = next.toString();
  }
  throw new Error(`no page after 8 hops: ${hops.join(", ")}`);
}

// Each run builds the bundle and starts three processes: minutes on a loaded 2-core runner.
const SLOW = { timeout: 120_000 };

describe.concurrent("demo --one-tap", SLOW, () => {
  it("plain HTTP: the printed link → 302 to FYERS → its login form → /callback 'Logged in'; verify.ts over SSM passes, exit 0", async () => {
    const demo = startDemo(["--no-open", "--timeout", "2m"]);
    const [, link = ""] = await demo.printed(LINK);
    const login = await logInOverHttp(link);
    expect(login.hops).toEqual([
      "302 /login",
      "200 /api/v3/generate-authcode",
      "302 /api/v3/generate-authcode/login",
      "200 /callback",
    ]);
    expect(login.page).toContain("Logged in");
    const run = await demo.done;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("callback │ Logged in");
    expect(run.stdout).toContain("$ FYERS_STORE=ssm npx tsx packages/scripts/verify.ts");
    expect(run.stdout).toMatch(/stdout +│ store: ssm:\/stock-pipeline\/fyers/);
    expect(run.stdout).toMatch(/stdout +│ access_token +valid/);
    expect(run.stdout).toContain("profile: ok (TEST USER)");
    expect(run.stdout).toMatch(/^ {2}exit 0$/m);
    // The demo's own fake secret stays off its output; no token is printed whole.
    expectNoSecrets(run.stdout + run.stderr, ["TESTSECRET99"], "demo --one-tap");
  });

  it("the link without its key, or with another: 404, and the demo keeps waiting for the owner", async () => {
    const demo = startDemo(["--timeout", "2m"]);
    const [, link = ""] = await demo.printed(LINK);
    const bare = new URL(link);
    bare.search = "";
    const forged = new URL(link);
    forged.searchParams.set("k", "A".repeat(43));
    for (const url of [bare, forged]) {
      const answer = await fetch(url, { redirect: "manual" });
      expect(answer.status, url.toString()).toBe(404);
    }
    expect((await logInOverHttp(link)).page).toContain("Logged in");
    expect((await demo.done).code).toBe(0);
  });

  it("Ctrl-C while it waits: exit 130, the fakes and the callback closed, the sandbox removed", async () => {
    const demo = startDemo(["--timeout", "2m"]);
    const [, sandbox = ""] = await demo.printed(/^ sandbox (\S+) \(removed at the end\)$/m);
    const [, link = ""] = await demo.printed(LINK);
    expect(existsSync(sandbox)).toBe(true);
    demo.child.kill("SIGINT");
    const run = await demo.done;
    expect(run.code).toBe(130);
    expect(run.stdout).toContain("ONE TAP: stopped (Ctrl-C)");
    await expect(fetch(link), "the function URL is gone").rejects.toThrow();
    expect(existsSync(sandbox), "the sandbox is removed").toBe(false);
  });

  it("--timeout without a login: exit 3 (a person must log in), everything closed", async () => {
    const demo = startDemo(["--timeout", "1s"]);
    const run = await demo.done;
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stdout).toContain("ONE TAP: no login before --timeout");
    const [, link = ""] = LINK.exec(run.stdout) ?? [];
    await expect(fetch(link)).rejects.toThrow();
  });

  it.for([
    [["--timeout", "soon"], '--timeout: "soon" is not a duration'],
    [["--timeout", "0s"], "--timeout"],
    [["--open", "--no-open"], "--open and --no-open contradict"],
    [["--keep"], "--keep is for the scripts demo"],
  ])("bad usage %j: exit 2 with the reason and the usage, nothing started", async ([args, reason]) => {
    const run = await startDemo(args as string[]).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${reason}`);
    expect(run.stderr).toContain("npm run demo -- --one-tap");
    expect(run.stdout).toBe("");
  });

  it("--open without --one-tap is a usage error naming the fix", async () => {
    const run = await startScript("demo.ts", ["--open"], { cwd: REPO, env }).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --open goes with --one-tap: npm run demo -- --one-tap --open");
  });
});

describe("demo --one-tap in Chromium", { ...needTool("chromium"), ...SLOW }, () => {
  it("the printed link → the FYERS fake's login page → Log in → 'Logged in', the /login __Host- cookie kept on http://127.0.0.1", async () => {
    const demo = startDemo(["--no-open", "--timeout", "2m"]);
    const [, link = ""] = await demo.printed(LINK);
    let browser: Browser | undefined;
    try {
      browser = await openBrowser();
      const page = await browser.context.newPage();
      await page.goto(link);
      await expect.poll(() => page.title()).toBe("FYERS login (fake)");
      await page.fill("input[name=pin_entered]", "0917");
      await page.click("#login");
      await page.waitForURL((u) => u.pathname === "/callback");
      await expect.poll(async () => (await page.textContent("body")) ?? "").toContain("Logged in");
      await page.screenshot({ path: browser.screenshotPath("demo-one-tap-done"), fullPage: true });
      // The real function URL is https; Chromium counts 127.0.0.1 as a secure context, so the
      // Secure, __Host- cookie /login sets survives on the http stand-in too.
      const cookies = await browser.context.cookies(new URL(link).origin);
      expect(cookies.filter((c) => c.name.startsWith("__Host-")).map((c) => c.secure)).toEqual([true]);
      const run = await demo.done;
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain("profile: ok (TEST USER)");
    } finally {
      await browser?.close();
      demo.child.kill();
    }
  });
});
