// Issue 8's hostile inputs, one case per item, through the real scripts (tsx) and the bundled
// action (node dist/index.js): durations (9), JWT expiries outside the Date range (10), FYERS'
// 429 (11), paste mistakes in the auth code (13) and the client id's case (16). Every run is
// scanned for secrets by the leak guard.
import { makeAccessToken, makeRefreshToken } from "@fyers-token/testkit";
import {
  type Fakes,
  findSecrets,
  freePort,
  redirectUrl,
  runAction,
  type Sandbox,
  startScript,
} from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";
import { actionChecked, seedSsm, ssmSnapshot } from "./faults/action.js";
import { test } from "./faults/fixture.js";
import { runChecked, sandboxSecrets } from "./faults/scripts.js";

const calls = <R extends { path: string }>(requests: R[], endpoint: string): R[] =>
  requests.filter((r) => r.path.endsWith(`/${endpoint}`));

/** login.ts needs a loopback redirect to start; a port nobody listens on. */
async function loopback(): Promise<Record<string, string>> {
  return { FYERS_REDIRECT_URI: `http://127.0.0.1:${await freePort()}/fyers` };
}

/** Nothing reached FYERS or SSM: the input was refused first. */
function expectNoCall(box: Sandbox): void {
  expect(box.fyers.requests, "no FYERS call").toEqual([]);
  expect(box.ssm.requests, "no SSM call").toEqual([]);
}

function expectNoActionCall(fakes: Fakes): void {
  expect(fakes.fyers.requests, "no FYERS call").toEqual([]);
  expect(fakes.ssm.requests, "no SSM call").toEqual([]);
  expect(fakes.github.requests, "no GitHub call").toEqual([]);
}

/** An expired access token beside a refresh token the fake issued: refresh.ts and auto refresh. */
async function seedFileToRefresh(box: Sandbox): Promise<void> {
  const { refreshToken } = box.fyers.issueTokens();
  await box.seedFile({
    client_id: box.fyers.clientId,
    access_token: makeAccessToken({ expSeconds: -60 }),
    refresh_token: refreshToken,
  });
}

describe.concurrent("9: one duration parser, one range per setting", () => {
  test("bad input: 9 --timeout 25d is refused with its range (login.ts)", async ({ box, guard }) => {
    const run = await runChecked(box, guard, "login.ts", ["--timeout", "25d"], { env: await loopback() });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('--timeout: "25d" is out of range: use at least 1s and at most 1d');
    expectNoCall(box);
  });

  test('bad input: 9 --timeout -1m is refused by its range, not "ambiguous" (login.ts)', async ({
    box,
    guard,
  }) => {
    const run = await runChecked(box, guard, "login.ts", ["--timeout", "-1m"], { env: await loopback() });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('--timeout: "-1m" is out of range: use at least 1s and at most 1d');
    expect(run.stderr).not.toContain("ambiguous");
    expectNoCall(box);
  });

  test("bad input: 9 --timeout 0s is refused like FYERS_TIMEOUT=0s (login.ts)", async ({ box, guard }) => {
    const run = await runChecked(box, guard, "login.ts", ["--timeout", "0s"], { env: await loopback() });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('--timeout: "0s" is out of range: use at least 1s and at most 1d');
    expectNoCall(box);
  });

  test("bad input: 9 FYERS_TIMEOUT=99999999d is refused with its range, not a RangeError (verify.ts)", async ({
    box,
    guard,
  }) => {
    await box.seedIssued();
    const run = await runChecked(box, guard, "verify.ts", [], { env: { FYERS_TIMEOUT: "99999999d" } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      'FYERS_TIMEOUT: "99999999d" is out of range: use at least 1s and at most 10m',
    );
    expect(run.stderr).not.toContain("RangeError");
    expect(box.fyers.requests).toEqual([]);
  });

  test("bad input: 9 --warn-before 1h1h is refused, not read as 2h (verify.ts)", async ({ box, guard }) => {
    await box.seedIssued();
    const run = await runChecked(box, guard, "verify.ts", ["--warn-before", "1h1h"]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('--warn-before: "1h1h" is not a duration');
    expect(run.stderr).toContain("largest unit first");
    expect(box.fyers.requests).toEqual([]);
  });

  test("bad input: 9 --warn-before 31d is refused with its range (verify.ts)", async ({ box, guard }) => {
    await box.seedIssued();
    const run = await runChecked(box, guard, "verify.ts", ["--warn-before", "31d"]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('--warn-before: "31d" is out of range: use at least 0s and at most 30d');
    expect(box.fyers.requests).toEqual([]);
  });

  test.for([
    { input: "min-remaining", value: "24h", range: "at least 0s and at most 23h" },
    { input: "min-remaining", value: "-1m", range: "at least 0s and at most 23h" },
    { input: "warn-before", value: "31d", range: "at least 0s and at most 30d" },
  ])("bad input: 9 $input $value is refused with its range (action)", async (c, { fakes, guard }) => {
    const run = await actionChecked(fakes, guard, { inputs: { [c.input]: c.value } });
    expect(run.code).toBe(1);
    expect(run.error).toContain(`${c.input}: "${c.value}" is out of range: use ${c.range}`);
    expectNoActionCall(fakes);
  });

  test("bad input: 9 FYERS_TIMEOUT=99999999d is refused with its range (action)", async ({
    fakes,
    guard,
  }) => {
    const run = await actionChecked(fakes, guard, { env: { FYERS_TIMEOUT: "99999999d" } });
    expect(run.code).toBe(1);
    expect(run.error).toContain(
      'FYERS_TIMEOUT: "99999999d" is out of range: use at least 1s and at most 10m',
    );
    expect(run.error).not.toContain("RangeError");
    expectNoActionCall(fakes);
  });

  test("bad input: FYERS_SERVICE_TIMEOUT=10 (no unit) is refused naming it before any call (action)", async ({
    fakes,
    guard,
  }) => {
    const run = await actionChecked(fakes, guard, { env: { FYERS_SERVICE_TIMEOUT: "10" } });
    expect(run.code).toBe(1);
    expect(run.error).toContain('FYERS_SERVICE_TIMEOUT: "10" is not a duration from 1ms to 10m');
    expectNoActionCall(fakes);
  });
});

describe.concurrent("10: a JWT exp outside the Date range is expiry unknown", () => {
  test('fault: 10 an access token with exp 1e13 is of unknown expiry, not "Invalid time value" (verify.ts)', async ({
    box,
    guard,
  }) => {
    const accessToken = makeAccessToken({ expSeconds: 1e13 });
    const { refreshToken } = box.fyers.issueTokens();
    await box.seedFile({
      client_id: box.fyers.clientId,
      access_token: accessToken,
      refresh_token: refreshToken,
    });
    const run = await runChecked(box, guard, "verify.ts");
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/Invalid time value|RangeError|unexpected/);
    // Its expiry cannot be read, so FYERS is asked (it does not know this token): not valid, refresh may help.
    expect(calls(box.fyers.requests, "profile")).toHaveLength(1);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^access_token\s+unknown\s/m);
  });

  test("fault: 10 a refresh token with exp 1e300 is still tried (refresh.ts)", async ({ box, guard }) => {
    const refreshToken = makeRefreshToken({ expSeconds: 1e300 });
    await box.seedFile({
      client_id: box.fyers.clientId,
      access_token: makeAccessToken({ expSeconds: -60 }),
      refresh_token: refreshToken,
    });
    const before = await box.rawFile();
    const run = await runChecked(box, guard, "refresh.ts");
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/Invalid time value|RangeError|unexpected/);
    // The fake never issued it, so FYERS refuses it: a login is needed (exit 3), nothing lost.
    expect(calls(box.fyers.requests, "validate-refresh-token")).toHaveLength(1);
    expect(run.code, run.stderr).toBe(3);
    expect(await box.rawFile()).toBe(before);
  });

  test.for([
    { case: "exp 1e13", exp: 1e13 },
    { case: "exp in milliseconds", exp: Date.now() + 6 * 3600_000 },
  ])(
    "fault: 10 an access token with $case: the action refreshes instead of failing or trusting it",
    async (c, { fakes, guard }) => {
      const { refreshToken } = fakes.fyers.issueTokens();
      const accessToken = makeAccessToken({ expSeconds: c.exp });
      seedSsm(fakes, { accessToken, refreshToken });
      const run = await actionChecked(fakes, guard, {}, [accessToken, refreshToken]);
      expect(run.error).toBeUndefined();
      expect(run.code).toBe(0);
      expect(run.outputs.result).toBe("refreshed");
      expect(calls(fakes.fyers.requests, "validate-refresh-token")).toHaveLength(1);
      expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/Invalid time value|RangeError/);
    },
  );
});

describe.concurrent("11: after a 429, nothing is sent to FYERS for 30 s", () => {
  for (const retryAfter of [0, 1]) {
    test(`fault: 11 a 429 with Retry-After: ${retryAfter} sends no second request within 30 s (refresh.ts)`, async ({
      box,
      guard,
    }) => {
      await seedFileToRefresh(box);
      const before = await box.rawFile();
      box.fyers.fail({ failure: "rate_limit", retryAfterSeconds: retryAfter });
      const run = await runChecked(box, guard, "refresh.ts");
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain("error: FYERS rate-limited this app; try again in a minute");
      expect(run.stderr).toContain(
        "not waited, since the 30s pause does not fit in this call's 10s deadline",
      );
      // The run is over, so nothing else can follow within the 30 s: one request in all.
      expect(box.fyers.requests).toHaveLength(1);
      expect(await box.rawFile()).toBe(before);
    });
  }

  test("fault: 11 a 429 on the code exchange sends no second request, and the code stays unspent (exchange.ts)", async ({
    box,
    guard,
  }) => {
    box.fyers.fail({ failure: "rate_limit", retryAfterSeconds: 0 });
    const code = box.issueAuthCode();
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], { stdin: code });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("FYERS rate-limited this app; try again in a minute");
    expect(calls(box.fyers.requests, "validate-authcode")).toHaveLength(1);
    expect(await box.rawFile()).toBeUndefined();
  });

  test("fault: 11 with FYERS_TIMEOUT=1m a 429 is waited out once, the whole pause, then the refresh goes through (refresh.ts)", {
    timeout: 60_000,
  }, async ({ box, guard }) => {
    await seedFileToRefresh(box);
    box.fyers.fail({ failure: "rate_limit", retryAfterSeconds: 0, times: 1 });
    // The pause shortened from 30 s (FYERS_RATE_LIMIT_PAUSE, a test setting): the same path, waited out.
    const run = await runChecked(box, guard, "refresh.ts", [], {
      env: { FYERS_TIMEOUT: "1m", FYERS_RATE_LIMIT_PAUSE: "3s" },
    });
    expect(run.code, run.stderr).toBe(0);
    const attempts = calls(box.fyers.requests, "validate-refresh-token").map((r) => r.at);
    expect(attempts).toHaveLength(2);
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0), "waited the pause out").toBeGreaterThanOrEqual(2_900);
    expect((await box.readFile())?.access_token).toBeDefined();
  });

  test("fault: 11 a 429 with Retry-After: 0 in the action sends no second request (action auto)", async ({
    fakes,
    guard,
  }) => {
    const { refreshToken } = fakes.fyers.issueTokens();
    const accessToken = makeAccessToken({ expSeconds: -60 });
    seedSsm(fakes, { accessToken, refreshToken });
    const before = ssmSnapshot(fakes.ssm.parameters);
    fakes.fyers.fail({ failure: "rate_limit", retryAfterSeconds: 0 });
    const run = await actionChecked(fakes, guard, {}, [accessToken, refreshToken]);
    expect(run.code).toBe(1);
    expect(run.error).toContain("FYERS rate-limited this app; try again in a minute");
    expect(fakes.fyers.requests).toHaveLength(1);
    expect(ssmSnapshot(fakes.ssm.parameters)).toEqual(before);
  });
});

describe.concurrent("13: paste mistakes in the auth code", () => {
  /** The pasted text is a secret too: the leak guard must look for it. */
  function pasted(box: Sandbox, text: string): string {
    box.secrets.add(text);
    return text;
  }

  /** One exchange, of exactly the code FYERS issued, and the tokens in the file. */
  async function expectExchanged(box: Sandbox, code: string): Promise<void> {
    const sent = calls(box.fyers.requests, "validate-authcode");
    expect(sent).toHaveLength(1);
    expect(sent.map((r) => (r.body as { code?: string }).code)).toEqual([code]);
    expect((await box.readFile())?.refresh_token).toBeDefined();
  }

  test("bad input: 13 an auth code with a zero-width space is repaired and exchanged (exchange.ts)", async ({
    box,
    guard,
  }) => {
    const code = box.issueAuthCode();
    const input = pasted(box, `${code.slice(0, 30)}\u200b${code.slice(30)}`);
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], { stdin: `${input}\n` });
    expect(run.code, run.stderr).toBe(0);
    await expectExchanged(box, code);
  });

  test("bad input: 13 a redirect URL in smart quotes with &amp; is repaired and exchanged (exchange.ts)", async ({
    box,
    guard,
  }) => {
    const code = box.issueAuthCode();
    const input = pasted(box, `\u201c${redirectUrl(code).replaceAll("&", "&amp;")}\u201d`);
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], { stdin: `${input}\n` });
    expect(run.code, run.stderr).toBe(0);
    await expectExchanged(box, code);
  });

  test("bad input: 13 a redirect URL with the auth code in its fragment (#) is read and exchanged (exchange.ts)", async ({
    box,
    guard,
  }) => {
    const code = box.issueAuthCode();
    const input = pasted(box, redirectUrl(code, "frag_state").replace("?", "#"));
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-", "--state", "frag_state"], {
      stdin: `${input}\n`,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("has no auth_code");
    await expectExchanged(box, code);
  });

  test("bad input: 13 a fragment with another login's state is refused before any FYERS call (exchange.ts)", async ({
    box,
    guard,
  }) => {
    const input = pasted(box, redirectUrl(box.issueAuthCode(), "older_login").replace("?", "#"));
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-", "--state", "this_login"], {
      stdin: `${input}\n`,
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      "error: the redirect's state does not match the login URL's; nothing was saved",
    );
    expectNoCall(box);
  });

  test("bad input: 13 an auth code with a space inside is refused before any FYERS call (exchange.ts)", async ({
    box,
    guard,
  }) => {
    await box.seedIssued();
    const before = await box.rawFile();
    const code = box.issueAuthCode();
    const input = pasted(box, `${code.slice(0, 30)} ${code.slice(30)}`);
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], { stdin: `${input}\n` });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("error: --auth-code: contains a space inside");
    expect(run.stderr).not.toContain("FYERS refused the auth code");
    expectNoCall(box);
    expect(await box.rawFile()).toBe(before);
  });

  test("bad input: 13 an auth code cut short by a line break is refused, not sent to FYERS (exchange.ts)", async ({
    box,
    guard,
  }) => {
    const code = box.issueAuthCode();
    // stdin gives the first line only: the part before the wrap.
    const input = pasted(box, `${code.slice(0, 50)}\n${code.slice(50)}`);
    box.secrets.add(code.slice(0, 50));
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], { stdin: `${input}\n` });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/error: --auth-code: is cut short: it has [12] of the 3 dot-separated parts/);
    expect(run.stderr).not.toContain("log in again");
    expectNoCall(box);
  });

  test("bad input: 13 a multi-megabyte paste is refused before any FYERS call (exchange.ts)", async ({
    box,
    guard,
  }) => {
    const input = "A".repeat(3 * 1024 * 1024);
    const run = await runChecked(box, guard, "exchange.ts", ["--auth-code", "-"], { stdin: `${input}\n` });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`error: --auth-code: is ${input.length} characters long`);
    expect(run.stderr.length).toBeLessThan(2000);
    expectNoCall(box);
  });

  test("bad input: 13 an auth code wrapped over two lines is joined and exchanged (action exchange)", async ({
    fakes,
    guard,
  }) => {
    const code = fakes.fyers.issueAuthCode();
    const input = `${code.slice(0, 40)}\n${code.slice(40)}`;
    const run = await actionChecked(fakes, guard, { inputs: { mode: "exchange", "auth-code": input } }, [
      code,
      input,
    ]);
    expect(run.error).toBeUndefined();
    expect(run.outputs.result).toBe("exchanged");
    const sent = calls(fakes.fyers.requests, "validate-authcode");
    expect(sent).toHaveLength(1);
    expect(sent.map((r) => (r.body as { code?: string }).code)).toEqual([code]);
  });

  test("bad input: 13 an auth code with an HTML tag stuck to it is refused before any call (action)", async ({
    fakes,
    guard,
  }) => {
    const code = fakes.fyers.issueAuthCode();
    const run = await actionChecked(
      fakes,
      guard,
      { inputs: { mode: "exchange", "auth-code": `${code}<br>` } },
      [code],
    );
    expect(run.code).toBe(1);
    expect(run.error).toContain('auth-code: contains a character no FYERS auth code has ("<")');
    expect(run.error).not.toContain("log in again");
    expectNoActionCall(fakes);
  });
});

describe.concurrent("16: the client id's case", () => {
  test("bad input: 16 a lowercase client id's hint says capital letters (verify.ts)", async ({
    box,
    guard,
  }) => {
    const run = await runChecked(box, guard, "verify.ts", [], { env: { FYERS_CLIENT_ID: "abcde12345-100" } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('error: FYERS_CLIENT_ID: "abcde12345-100" is not a FYERS app id');
    expect(run.stderr).toContain("hint: use capital letters: ABCDE12345-100");
    expectNoCall(box);
  });

  test("bad input: 16 a lowercase --client-id is reported under the flag, with capital letters (verify.ts)", async ({
    box,
    guard,
  }) => {
    const run = await runChecked(box, guard, "verify.ts", ["--client-id", "abcde12345-100"]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('error: --client-id: "abcde12345-100" is not a FYERS app id');
    expect(run.stderr).toContain("hint: use capital letters: ABCDE12345-100");
    expect(run.stderr).not.toContain("FYERS_CLIENT_ID");
    expectNoCall(box);
  });

  test("bad input: 16 a lowercase client-id input says capital letters (action)", async ({ fakes, task }) => {
    // A client id that is not one has no appIdHash to mask, so this run is scanned as bad-inputs.test.ts does.
    const run = await runAction(fakes, { inputs: { "client-id": "abcde12345-100" } });
    const shown = run.lines.filter((line) => !line.startsWith("::add-mask::")).join("\n");
    task.meta.runsScanned = 1;
    task.meta.leaks = findSecrets(`${shown}\n${run.stderr}\n${run.summary}`, [
      fakes.fyers.appSecret,
      fakes.fyers.pin,
      fakes.fyers.appIdHash,
    ]).length;
    expect(task.meta.leaks).toBe(0);
    const error = decodeURIComponent(run.lines.find((line) => line.startsWith("::error::")) ?? "");
    expect(run.code).toBe(1);
    expect(error).toContain('::error::client-id: "abcde12345-100" is not a FYERS app id');
    expect(error).toContain("use capital letters: ABCDE12345-100");
    expectNoActionCall(fakes);
  });
});

describe.concurrent("put-parameters.ts --app-secret -: what a short paste is told", () => {
  test("bad input: a 3-character app secret on stdin is refused saying how long one is, and nothing is written", async ({
    box,
    guard,
  }) => {
    box.secrets.add("abc");
    const run = await runChecked(box, guard, "put-parameters.ts", ["--app-secret", "-"], { stdin: "abc\n" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "error: --app-secret: what stdin gave is not an app secret (4 to 128 letters, digits, - or _, no spaces)",
    );
    expectNoCall(box);
  });
});

describe.concurrent("stdin that never ends", () => {
  test("bad input: an endless stdin with no line break (< /dev/zero) is refused at 16 MB, not read forever (exchange.ts)", async ({
    box,
    guard,
  }) => {
    const exchange = startScript("exchange.ts", ["--auth-code", "-"], {
      cwd: box.dir,
      env: box.env,
      stdin: { open: true },
    });
    exchange.child.stdin.on("error", () => undefined); // the script may stop reading first
    const chunk = "A".repeat(1024 * 1024);
    for (let i = 0; i < 20 && exchange.child.exitCode === null; i++) {
      await new Promise<void>((done) => exchange.child.stdin.write(chunk, () => done()));
    }
    let hung = false;
    const stop = setTimeout(() => {
      hung = true;
      exchange.child.stdin.end(); // the end of the stream ends the line
    }, 5_000);
    const run = await exchange.done.finally(() => clearTimeout(stop));
    const texts = [
      { where: "stderr of exchange.ts", text: run.stderr },
      { where: "stdout of exchange.ts", text: run.stdout },
    ];
    expect(guard.scan(texts, await sandboxSecrets(box))).toEqual([]);
    expect(hung, "exchange.ts kept reading a stream with no line break").toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "error: stdin gave more than 16 MB before the redirect URL or auth code was found",
    );
    expectNoCall(box);
  });
});
