// Hostile set-ups for the two entry points of issue 15: doctor.ts (a real set-up, read only) and
// demo --one-tap (the callback on 127.0.0.1). Every run's output goes through the leak guard,
// and the fakes prove the doctor wrote nothing: no PutParameter/Delete*, no sendMessage, no
// FYERS call that issues a token.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type FyersFake,
  type SsmFake,
  startFyersFake,
  startSsmFake,
  startTelegramFake,
  type TelegramFake,
} from "@fyers-token/testkit";
import { freePort, REPO, runScript, startScript } from "@fyers-token/testkit/harness";
import { afterAll, it as base, describe, expect } from "vitest";
import {
  buildBundle,
  type LocalLambda,
  PARAMS,
  startLocalLambda,
} from "../../callback/test/support/lambda.js";
import { LeakGuard, parameterSecrets } from "./faults/guard.js";

/** An empty home (no AWS config, no npm cache of ours); not /nonexistent, which npx would create as root. */
const EMPTY_HOME = mkdtempSync(join(tmpdir(), "fyers-empty-home-"));
afterAll(() => rmSync(EMPTY_HOME, { recursive: true, force: true }));

interface Checks {
  checks: Array<{ name: string; ok: boolean; detail: string; fix: string | null }>;
}

interface World {
  fyers: FyersFake;
  ssm: SsmFake;
  telegram: TelegramFake;
  guard: LeakGuard;
  /** The real callback bundle over this world's SSM (or another), on http://127.0.0.1:PORT. */
  callback(over?: SsmFake): Promise<string>;
  /** doctor.ts --json with the world's AWS and Telegram settings; scanned, checked read-only. */
  doctor(
    args?: string[],
    env?: Record<string, string>,
  ): Promise<{ code: number | null; json: Checks; stderr: string }>;
}

const it = base.extend<{ world: World }>({
  world: async ({ task }, use) => {
    const [fyers, ssm, telegram] = await Promise.all([startFyersFake(), startSsmFake(), startTelegramFake()]);
    const tokens = fyers.issueTokens();
    ssm.put(PARAMS.clientId, fyers.clientId);
    ssm.put(PARAMS.appSecret, fyers.appSecret);
    ssm.put(PARAMS.accessToken, tokens.accessToken);
    ssm.put(PARAMS.refreshToken, tokens.refreshToken);
    const guard = new LeakGuard(task.meta);
    const lambdas: LocalLambda[] = [];
    const secrets = () => [...parameterSecrets(ssm.parameters), fyers.appIdHash, telegram.botToken];
    const world: World = {
      fyers,
      ssm,
      telegram,
      guard,
      callback: async (over = ssm) => {
        buildBundle();
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        lambdas.push(
          await startLocalLambda({
            AWS_ENDPOINT_URL_SSM: over.endpoint,
            FYERS_API_URL: fyers.baseUrl,
            FYERS_REDIRECT_URI: `${url}/callback`,
            LOCAL_LAMBDA_PORT: String(port),
          }),
        );
        return url;
      },
      doctor: async (args = [], env = {}) => {
        const issuingBefore = fyers.requests.filter((r) => r.path.includes("validate-")).length;
        const run = await runScript("doctor.ts", [...args, "--json"], {
          cwd: REPO,
          env: {
            PATH: process.env.PATH ?? "",
            HOME: EMPTY_HOME,
            AWS_REGION: "ap-south-1",
            AWS_ACCESS_KEY_ID: "test",
            AWS_SECRET_ACCESS_KEY: "test",
            AWS_ENDPOINT_URL_SSM: ssm.endpoint,
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_CONFIG_FILE: join(EMPTY_HOME, "config"),
            AWS_SHARED_CREDENTIALS_FILE: join(EMPTY_HOME, "credentials"),
            FYERS_TELEGRAM_BOT_TOKEN: telegram.botToken,
            FYERS_TELEGRAM_CHAT_ID: telegram.chatId,
            TELEGRAM_API_URL: telegram.url,
            FYERS_TIMEOUT: "2s",
            ...env,
          },
        });
        const hits = guard.scan(
          [
            { where: "doctor.ts stdout", text: run.stdout },
            { where: "doctor.ts stderr", text: run.stderr },
            ...lambdas.map((l, i) => ({ where: `callback ${i} log`, text: l.logs() })),
          ],
          secrets(),
        );
        expect(hits, "doctor.ts showed a secret").toEqual([]);
        expect(
          ssm.requests.map((r) => r.op).filter((op) => /^(Put|Delete)/.test(op)),
          "SSM writes",
        ).toEqual([]);
        expect(telegram.messages, "Telegram messages").toEqual([]);
        const issuing = fyers.requests.filter((r) => r.path.includes("validate-")).length;
        expect(issuing - issuingBefore, "FYERS token calls").toBe(0);
        const json = run.code === 2 ? { checks: [] } : (JSON.parse(run.stdout) as Checks);
        return { code: run.code, json, stderr: run.stderr };
      },
    };
    await use(world);
    await Promise.all([...lambdas.map((l) => l.close()), fyers.close(), ssm.close(), telegram.close()]);
  },
});

const failed = (json: Checks) => json.checks.filter((c) => !c.ok).map((c) => [c.name, c.detail]);

describe.concurrent("hostile set-ups through doctor.ts", () => {
  it("fault: SSM denies GetParameters: the identity ✗ names who and the grant, no parameter is claimed", async ({
    world,
  }) => {
    world.ssm.fail({ failure: "access_denied", op: "GetParameters" });
    const { code, json } = await world.doctor();
    expect(code).toBe(1);
    const identity = json.checks.find((c) => c.name === "AWS identity");
    expect(identity?.ok).toBe(false);
    expect(identity?.detail).toContain("arn:aws:sts::123456789012:assumed-role/fyers/x may not read");
    expect(identity?.fix).toContain("tools/iam-policy.ts action");
    expect(json.checks.some((c) => c.name.startsWith("/stock-pipeline/fyers/"))).toBe(false);
  });

  it("fault: KMS cannot decrypt: named as such, with the kms:Decrypt grant", async ({ world }) => {
    world.ssm.fail({ failure: "kms", op: "GetParameters" });
    const { code, json } = await world.doctor();
    expect(code).toBe(1);
    expect(json.checks.find((c) => c.name === "AWS identity")?.fix).toContain("kms:Decrypt");
  });

  it("fault: SSM throttles for good: a ✗ with AWS's reason, within the deadline", async ({ world }) => {
    world.ssm.fail({ failure: "throttle" });
    const { code, json } = await world.doctor();
    expect(code).toBe(1);
    expect(failed(json)).toEqual([["AWS identity", expect.stringContaining("ThrottlingException")]]);
  });

  it("fault: Telegram hangs: each call is cut at FYERS_TIMEOUT, ✗ 'no answer', no message sent", async ({
    world,
  }) => {
    world.telegram.fail({ failure: "hang" });
    const started = Date.now();
    const { code, json } = await world.doctor();
    expect(code).toBe(1);
    expect(failed(json)).toEqual([["Telegram bot", "getMe: no answer (TimeoutError)"]]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("fault: Telegram answers nginx's 502: the bot ✗ says HTTP 502, not a crash", async ({ world }) => {
    world.telegram.fail({ failure: "server_error" });
    const { code, json } = await world.doctor();
    expect(code).toBe(1);
    expect(failed(json)).toEqual([["Telegram bot", "getMe: HTTP 502"]]);
  });

  it("fault: the callback's own SSM fails (internal error): /login is no 302, the ✗ names the status; the doctor's SSM is untouched", async ({
    world,
  }) => {
    const theirs = await startSsmFake();
    try {
      theirs.fail({ failure: "internal" });
      const url = await world.callback(theirs);
      const before = [...world.ssm.parameters.values()].map((p) => [p.name, p.version]);
      const { code, json } = await world.doctor(["--callback-url", url]);
      expect(code).toBe(1);
      expect(failed(json)).toEqual([
        [
          "callback /login",
          expect.stringMatching(new RegExp(`^${url}/login\\?k=… answered 5\\d\\d, not a 302 to FYERS$`)),
        ],
      ]);
      expect([...world.ssm.parameters.values()].map((p) => [p.name, p.version])).toEqual(before);
      expect(theirs.requests.map((r) => r.op).filter((op) => /^(Put|Delete)/.test(op))).toEqual([]);
    } finally {
      await theirs.close();
    }
  });

  it("fault: the callback does not answer (closed port): the ✗ says so and names the FunctionUrl output", async ({
    world,
  }) => {
    const port = await freePort();
    const { code, json } = await world.doctor(["--callback-url", `http://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(failed(json)).toEqual([
      ["callback /login", `http://127.0.0.1:${port}/login?k=… did not answer (ECONNREFUSED)`],
    ]);
  });

  it("bad input: --callback-url with a key, a query and a fragment: the key is never echoed, checked as the base URL", async ({
    world,
  }) => {
    const url = await world.callback();
    const { code, json } = await world.doctor(["--callback-url", `${url}/login?k=${"Z".repeat(43)}#x`]);
    expect(code, JSON.stringify(json)).toBe(0);
    expect(JSON.stringify(json)).not.toContain("Z".repeat(43));
  });

  it.for([
    ["ftp://example.com/", "ftp://example.com/", "--callback-url: must be an https:// URL"],
    ["https://", "https://", '--callback-url: "https://" is not a URL'],
    ["of 5000 x", "x".repeat(5000), "is not a URL"],
  ])(
    "bad input: --callback-url %s: exit 2 naming the flag, nothing read",
    async ([, value, message], { world }) => {
      const { code, stderr } = await world.doctor(["--callback-url", value as string]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr.length).toBeLessThan(3000);
      expect(world.ssm.requests).toEqual([]);
    },
  );

  it("bad input: an SSM prefix with a wildcard: exit 2 before any AWS call", async ({ world }) => {
    const { code, stderr } = await world.doctor(["--ssm-prefix", "/stock-pipeline/*"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--ssm-prefix");
    expect(world.ssm.requests).toEqual([]);
  });

  it("bad input: a stored access token that is not a JWT (junk in SSM): ✗ 'not a FYERS token', the junk not printed", async ({
    world,
  }) => {
    world.ssm.put(PARAMS.accessToken, "not-a-token-but-a-secret-value-1234567890");
    const { code, json } = await world.doctor();
    expect(code).toBe(1);
    expect(failed(json)).toEqual([["access token", "not a FYERS token (no JWT expiry)"]]);
  });

  it("bad input: FYERS_TIMEOUT=forever: exit 2 naming it, nothing read", async ({ world }) => {
    const { code, stderr } = await world.doctor([], { FYERS_TIMEOUT: "forever" });
    expect(code).toBe(2);
    expect(stderr).toContain("FYERS_TIMEOUT");
    expect(world.ssm.requests).toEqual([]);
  });
});

describe.concurrent("hostile visitors of demo --one-tap", { timeout: 120_000 }, () => {
  it("fault: a forged /callback and a keyless /login while the demo waits: refused, nothing stored, the owner's login then completes", async ({
    task,
  }) => {
    const guard = new LeakGuard(task.meta);
    const demo = startScript("demo.ts", ["--one-tap", "--timeout", "2m"], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? "", HOME: EMPTY_HOME },
    });
    let seen = "";
    const link = await new Promise<string>((resolve, reject) => {
      demo.child.stdout.on("data", (chunk: Buffer | string) => {
        seen += chunk.toString();
        const found = /link +│ (\S+)$/m.exec(seen)?.[1];
        if (found) resolve(found);
      });
      demo.done.then((run) => reject(new Error(`demo exited ${run.code}: ${run.stdout}${run.stderr}`)));
    });
    const base = new URL(link).origin;
    expect((await fetch(`${base}/login`, { redirect: "manual" })).status).toBe(404);
    const forged = await fetch(`${base}/callback?s=ok&code=200&auth_code=eyJx.eyJ5.sig&state=forged`);
    expect(forged.status).toBeGreaterThanOrEqual(400);
    const page = await forged.text();
    expect(page).not.toContain("Logged in");
    // The owner's login: the link, FYERS' page, its form, the callback.
    const toFyers = await fetch(link, { redirect: "manual" });
    expect(toFyers.status).toBe(302);
    const cookie = toFyers.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const form = new URL(toFyers.headers.get("location") ?? "");
    form.pathname += "/login";
    const back = await fetch(form, { redirect: "manual" });
    const done = await fetch(back.headers.get("location") ?? "", { headers: cookie ? { cookie } : {} });
    expect(await done.text()).toContain("Logged in");
    const run = await demo.done;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/callback │ GET \/callback → 4\d\d /);
    expect(run.stdout).toContain("profile: ok (TEST USER)");
    const hits = guard.scan(
      [
        { where: "demo stdout", text: run.stdout },
        { where: "demo stderr", text: run.stderr },
      ],
      ["TESTSECRET99"],
    );
    expect(hits).toEqual([]);
  });

  it("bad input: demo --one-tap --timeout 99d: exit 2 naming the range, nothing started", async ({
    task,
  }) => {
    const guard = new LeakGuard(task.meta);
    const run = await runScript("demo.ts", ["--one-tap", "--timeout", "99d"], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(guard.scan([{ where: "demo stderr", text: run.stderr }], ["TESTSECRET99"])).toEqual([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --timeout: "99d" is out of range');
    expect(run.stdout).toBe("");
  });
});
