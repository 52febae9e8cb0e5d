import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import {
  expectNoSecrets,
  it,
  REPO,
  runScript,
  type Sandbox,
  startScript,
} from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";

const SCRIPTS = [
  "auth-url.ts",
  "exchange.ts",
  "put-parameters.ts",
  "get-parameters.ts",
  "verify.ts",
  "refresh.ts",
  "force-refresh.ts",
  "login.ts",
  "manual-token-generator.ts",
];

describe.concurrent("every script", () => {
  it.for(SCRIPTS)("%s --help prints usage and an example on stdout, exit 0", async (name, { box }) => {
    const run = await box.run(name, ["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`usage: npx tsx packages/scripts/${name}`);
    expect(run.stdout).toMatch(/examples:\n {2}.*npx tsx packages\/scripts\//);
    expect(run.stdout).toContain("exit codes:");
    expect(run.stderr).toBe("");
  });
});

describe.concurrent("usage and configuration errors exit 2", () => {
  it("an unknown flag: the error and the usage on stderr, nothing on stdout", async ({ box }) => {
    const run = await box.run("verify.ts", ["--bogus"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: Unknown option '--bogus'/);
    expect(run.stderr).toContain("usage: npx tsx packages/scripts/verify.ts");
  });

  it("a stray argument", async ({ box }) => {
    const run = await box.run("auth-url.ts", ["extra"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unexpected argument 'extra'");
  });

  it("no FYERS_CLIENT_ID: names the variable; --json gives the error as one object", async ({ box }) => {
    const run = await box.run("verify.ts", ["--json"], { env: { FYERS_CLIENT_ID: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: FYERS_CLIENT_ID: is required");
    expect(run.stderr).toMatch(/hint: .*ABCDE12345-100/);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: "invalid_config", variable: "FYERS_CLIENT_ID", exit_code: 2 },
    });
  });

  it("a bad flag value names the flag, not the variable", async ({ box }) => {
    const run = await box.run("auth-url.ts", ["--client-id", "ABCDE12345"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --client-id: "ABCDE12345" is not a FYERS app id');
    expect(run.stderr).toContain("ABCDE12345-100");
  });

  it("no FYERS_APP_SECRET for an exchange: names it, asks for nothing, calls nothing", async ({ box }) => {
    const code = box.issueAuthCode();
    const run = await box.run("exchange.ts", ["--auth-code", "-"], {
      env: { FYERS_APP_SECRET: undefined },
      stdin: code,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("FYERS_APP_SECRET: is required to exchange the auth code");
    expect(box.fyers.requests).toHaveLength(0);
    expect(await box.rawFile()).toBeUndefined();
  });

  it("no FYERS_PIN for a refresh", async ({ box }) => {
    await box.seedFile({ client_id: box.fyers.clientId, ...tokens(box) });
    const run = await box.run("refresh.ts", [], { env: { FYERS_PIN: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("FYERS_PIN: is required to refresh the access token");
  });

  it("a bad duration", async ({ box }) => {
    const run = await box.run("login.ts", ["--timeout", "ten minutes"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--timeout: "ten minutes" is not a duration');
  });
});

describe.concurrent("a newcomer's first hour (issue 11)", () => {
  it("--stor ssm: suggests --store, exit 2", async ({ box }) => {
    const run = await box.run("verify.ts", ["--stor", "ssm"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown option --stor; did you mean --store\?\n/);
    expect(box.fyers.requests).toEqual([]);
  });

  it("get-parameters.ts and force-refresh.ts need no FYERS_CLIENT_ID", async ({ box }) => {
    const env = { FYERS_CLIENT_ID: undefined };
    const shown = await box.run("get-parameters.ts", [], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/client_id +\(not found\)/);
    const deleted = await box.run("force-refresh.ts", ["--store", "ssm"], { env });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stderr).not.toContain("FYERS_CLIENT_ID");
  });

  it("an SSM run under Node 20 prints no AWS SDK Node-version notice", async ({ box }) => {
    const run = await box.run("get-parameters.ts");
    expect(run.code).toBe(0);
    expect(box.ssm.requests.length, "the SDK was used").toBeGreaterThan(0);
    expect(run.stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
  });
});

describe.concurrent("auth-url.ts", () => {
  it("prints the URL only on stdout, with a random state of at least 128 bits", async ({ box }) => {
    const [first, second] = await Promise.all([box.run("auth-url.ts"), box.run("auth-url.ts")]);
    expect(first?.code).toBe(0);
    const lines = first?.stdout.trimEnd().split("\n") ?? [];
    expect(lines).toHaveLength(1);
    const url = new URL(lines[0] ?? "");
    expect(`${url.origin}${url.pathname}`).toBe(`${box.fyers.baseUrl}/generate-authcode`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: box.fyers.clientId,
      redirect_uri: "https://trade.fyers.in/api-login/redirect-to-app",
      response_type: "code",
    });
    const state = url.searchParams.get("state") ?? "";
    expect(Buffer.from(state, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(new URL(second?.stdout.trim() ?? "").searchParams.get("state")).not.toBe(state);
    expect(first?.stderr).toContain("exchange.ts --auth-code -");
  });

  it("--json: one object with the url and its state", async ({ box }) => {
    const run = await box.run("auth-url.ts", ["--json", "--redirect-uri", "http://127.0.0.1:8080/fyers"]);
    const json = JSON.parse(run.stdout) as { url: string; state: string; redirect_uri: string };
    expect(json.redirect_uri).toBe("http://127.0.0.1:8080/fyers");
    expect(new URL(json.url).searchParams.get("state")).toBe(json.state);
  });
});

function tokens(box: Sandbox) {
  const issued = box.fyers.issueTokens();
  return { access_token: issued.accessToken, refresh_token: issued.refreshToken };
}

describe.concurrent("npm run demo: help, and commands a person can copy", () => {
  it("--help prints the usage and runs nothing", async () => {
    const run = await runScript("demo.ts", ["--help"], { cwd: REPO, env: { PATH: process.env.PATH ?? "" } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^demo\.ts: the whole day/);
    expect(run.stdout).toContain("--keep");
    expect(run.stdout).not.toContain("SANDBOX");
    expect(run.stderr).toBe("");
  });

  it("--keep: the printed settings file and command work when typed, as the banner says", async () => {
    const demo = startScript("demo.ts", ["--keep"], { cwd: REPO, env: { PATH: process.env.PATH ?? "" } });
    let seen = "";
    demo.child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
    });
    const settings = await until(() => /set -a; \. (\S+sandbox\.env); set \+a/.exec(seen)?.[1]);
    await until(() => seen.includes("the fakes keep running") || undefined);
    for (const name of ["FYERS_CLIENT_ID", "FYERS_API_URL", "FYERS_TOKEN_FILE", "AWS_ENDPOINT_URL_SSM"]) {
      expect(seen).toMatch(new RegExp(`^ {3}${name}=\\S+$`, "m"));
    }
    // What a person types in another terminal, from the repository root.
    const typed = spawnSync(
      "sh",
      ["-c", `set -a; . '${settings}'; set +a; npx tsx packages/scripts/verify.ts --store file`],
      { cwd: REPO, env: { PATH: process.env.PATH ?? "", HOME: tmpdir() }, encoding: "utf8" },
    );
    demo.child.kill("SIGINT");
    const run = await demo.done;
    expect(typed.status, typed.stderr).toBe(0);
    expect(typed.stdout).toMatch(/access_token +valid/);
    expect(typed.stdout, "the sandbox's fake FYERS answered").toContain("profile: ok (TEST USER)");
    expect(run.code).toBe(0);
  });
});

/** Polls `probe` until it gives a value (20 s at most). */
async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let waited = 0; waited < 20_000; waited += 100) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("timed out waiting for the demo");
}

describe("npm run demo", () => {
  it("runs the whole day in the sandbox and exits 0, showing no whole token", async () => {
    const run = await runScript("demo.ts", [], { cwd: REPO, env: { PATH: process.env.PATH ?? "" } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("SANDBOX 7/7");
    expect(run.stdout.match(/^ {2}exit \d$/gm)).toEqual([
      "  exit 0",
      ...Array(5).fill("  exit 0"),
      "  exit 3",
    ]);
    expect(run.stdout).toContain("a login is required");
    expectNoSecrets(run.stdout + run.stderr, [], "the demo");
  });
});
