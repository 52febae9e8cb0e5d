import { freePort, it, PREFIX, redirectUrl, type Sandbox } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";

/** Starts login.ts with a loopback redirect and returns it with the URL it printed. */
async function startLogin(box: Sandbox, args: string[] = []) {
  const redirectUri = `http://127.0.0.1:${await freePort()}/fyers/callback`;
  const login = box.start("login.ts", args, { env: { FYERS_REDIRECT_URI: redirectUri } });
  const url = new URL(await login.firstLine);
  return { login, url, redirectUri };
}

/** What a browser does after the person logs in: FYERS redirects it to the listener. */
async function browse(url: URL | string): Promise<{ status: number; page: string }> {
  const response = await fetch(url);
  return { status: response.status, page: await response.text() };
}

describe.concurrent("login.ts with a loopback redirect", () => {
  it("catches the redirect, exchanges, saves, answers 'done'; exit 0", async ({ box }) => {
    const { login, url, redirectUri } = await startLogin(box);
    expect(url.searchParams.get("redirect_uri")).toBe(redirectUri);
    const browser = await browse(url);
    const run = await login.checked;
    expect(browser.status).toBe(200);
    expect(browser.page).toContain("You can close this tab.");
    expect(run.code).toBe(0);
    const file = await box.readFile();
    expect(file?.access_token).toBeDefined();
    expect(browser.page).not.toContain(file?.access_token ?? "?");
    expect(run.stderr).toContain(`Waiting up to 10m for the redirect to ${redirectUri}`);
    expect(run.stdout.split("\n")[1]).toMatch(/^token +value +status/);
  });

  it("with --store ssm saves to the file and SSM", async ({ box }) => {
    const { login, url } = await startLogin(box, ["--store", "ssm"]);
    await browse(url);
    const run = await login.checked;
    expect(run.code).toBe(0);
    expect(box.ssmValue("access_token")).toBe((await box.readFile())?.access_token);
    expect(run.stderr).toContain(`and ssm:${PREFIX}`);
  });

  it("a redirect with the wrong state: an error page, nothing spent, and the wait goes on", async ({
    box,
  }) => {
    const { login, url } = await startLogin(box, ["--timeout", "3s"]);
    const forged = new URL(url);
    forged.searchParams.set("state", "forged-state");
    const browser = await browse(forged);
    const run = await login.checked;
    expect(browser.status).toBe(400);
    expect(browser.page).toContain("This request was ignored: its state is not this login");
    expect(run.code, "still waiting until the timeout").toBe(3);
    expect(run.stderr).toContain("warning: ignored a request to the redirect: its state is not this login's");
    expect(await box.rawFile()).toBeUndefined();
    expect(box.fyers.requests.some((r) => r.path.endsWith("/validate-authcode"))).toBe(false);
  });

  it("FYERS redirects with s=error and no auth_code: an error page, exit 3", async ({ box }) => {
    const { login, url, redirectUri } = await startLogin(box);
    const state = url.searchParams.get("state") ?? "";
    const browser = await browse(`${redirectUri}?s=error&code=-1&message=login+cancelled&state=${state}`);
    const run = await login.checked;
    expect(browser.status).toBe(400);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("FYERS did not complete the login (login cancelled)");
    expect(await box.rawFile()).toBeUndefined();
  });

  it("a favicon request is answered 404 and the wait goes on", async ({ box }) => {
    const { login, url, redirectUri } = await startLogin(box);
    expect((await browse(new URL("/favicon.ico", redirectUri))).status).toBe(404);
    await browse(url);
    expect((await login.checked).code).toBe(0);
  });

  it("no redirect in time: exit 3", async ({ box }) => {
    const { login } = await startLogin(box, ["--timeout", "1s"]);
    const run = await login.checked;
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("error: no login arrived within 1s");
  });

  it("the port is taken: exit 1 with a hint", async ({ box }) => {
    const { login, redirectUri } = await startLogin(box);
    const second = await box.run("login.ts", ["--timeout", "5s"], {
      env: { FYERS_REDIRECT_URI: redirectUri },
    });
    login.child.kill();
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+ .*EADDRINUSE/);
  });
});

describe.concurrent("login.ts with another redirect", () => {
  it("an https redirect: prints the URL, reads the pasted redirect URL from stdin", async ({ box }) => {
    const login = box.start("login.ts", [], { stdin: { open: true } });
    const state = new URL(await login.firstLine).searchParams.get("state") ?? "";
    login.child.stdin.end(`\n  ${redirectUrl(box.issueAuthCode(), state)}  \n`);
    const run = await login.checked;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("paste the whole URL your browser lands on");
    expect((await box.readFile())?.refresh_token).toBeDefined();
  });

  it("a pasted redirect URL from another login (another state): exit 1, nothing saved", async ({ box }) => {
    const run = await box.run("login.ts", [], {
      stdin: `${redirectUrl(box.issueAuthCode(), "old-state")}\n`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("does not match");
    expect(await box.rawFile()).toBeUndefined();
  });

  it("stdin ends before anything is pasted: exit 2", async ({ box }) => {
    const run = await box.run("login.ts");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("stdin ended before the redirect URL or auth code was given");
  });

  it("a pasted bare auth code is exchanged; --json carries the login URL", async ({ box }) => {
    const run = await box.run("login.ts", ["--json"], {
      stdin: `"${box.issueAuthCode()}"\n`,
      revealsOnStdout: true,
    });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ result: "exchanged", saved_to: [`file:${box.tokenFile}`] });
    expect(json.login_url).toContain("/generate-authcode?");
    expect(run.stderr).toContain(json.login_url);
    expect(run.stderr).toContain("paste the whole URL");
  });

  it("plain http to another host is refused: exit 2", async ({ box }) => {
    const run = await box.run("login.ts", ["--redirect-uri", "http://example.com/callback"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is plain http on a host that is not this machine");
    expect(run.stdout).toBe("");
  });
});
