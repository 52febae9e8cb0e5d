// Issue 8, the storage half: every way a hostile test pass lost freshly issued tokens, hung on
// SSM or tripped over an odd token file, through the real scripts and the bundled action. Each
// case is named after its item of the issue; every run is scanned for secrets.
import { execFile } from "node:child_process";
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { makeAccessToken } from "@fyers-token/testkit";
import { freePort, PARAM, type Sandbox, startScript } from "@fyers-token/testkit/harness";
import { describe, expect } from "vitest";
import { actionChecked, seedSsm, ssmSnapshot } from "./faults/action.js";
import { test } from "./faults/fixture.js";
import { permissionsUnsupported } from "./faults/fs.js";
import { runChecked, sandboxSecrets, startChecked } from "./faults/scripts.js";

const isRoot = process.getuid?.() === 0;
const SSM = { FYERS_STORE: "ssm" };
const exchangeArgs = ["--auth-code", "-"];

const calls = (requests: { path: string }[], endpoint: string) =>
  requests.filter((r) => r.path.endsWith(`/${endpoint}`));
const ssmOps = <R extends { op: string }>(requests: R[], op: string): R[] =>
  requests.filter((r) => r.op === op);

/** Tokens the fake issued, stored in the sandbox's SSM fake as an earlier login would have. */
function seedBoxSsm(box: Sandbox, accessToken?: string) {
  const issued = box.fyers.issueTokens();
  const access = accessToken ?? issued.accessToken;
  box.secrets.add(access).add(issued.refreshToken);
  box.ssm.put(PARAM.clientId, box.fyers.clientId);
  box.ssm.put(PARAM.accessToken, access);
  box.ssm.put(PARAM.refreshToken, issued.refreshToken);
  return { accessToken: access, refreshToken: issued.refreshToken };
}

/** A file whose access token has expired beside a refresh token the fake accepts: refresh runs. */
async function seedFileToRefresh(box: Sandbox) {
  const { refreshToken } = box.fyers.issueTokens();
  const accessToken = makeAccessToken({ expSeconds: -60 });
  await box.seedFile({
    client_id: box.fyers.clientId,
    access_token: accessToken,
    refresh_token: refreshToken,
  });
  return { accessToken, refreshToken };
}

/** An "SSM endpoint" that accepts connections and requests and never answers. */
async function startSilentSsm(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

describe.concurrent("1: an exchange checks every store before it spends the auth code", () => {
  test("fault: 1 exchange --store ssm with a held token-file lock spends no code", async ({ box, guard }) => {
    const old = seedBoxSsm(box);
    const before = ssmSnapshot(box.ssm.parameters);
    // Another live process's lock, as the file store takes it: the folder with its owner inside.
    await mkdir(`${box.tokenFile}.lock`);
    await writeFile(
      join(`${box.tokenFile}.lock`, "owner.json"),
      JSON.stringify({ pid: process.pid, host: hostname() }),
    );
    const run = await runChecked(box, guard, "exchange.ts", exchangeArgs, {
      stdin: box.issueAuthCode(),
      env: { ...SSM, FYERS_LOCK_WAIT: "300ms" }, // not the 5 s a person's run waits for the holder
    });
    expect(run.code).toBe(1);
    expect(calls(box.fyers.requests, "validate-authcode"), "the code is not spent").toHaveLength(0);
    expect(run.stderr).toContain(
      `error: could not lock the token file ${box.tokenFile}: another process holds the lock ${box.tokenFile}.lock`,
    );
    expect(run.stderr).toContain(`hint: wait for the other run to finish and run again`);
    expect(run.stderr).not.toContain("FYERS_TOKEN_FILE");
    expect(ssmSnapshot(box.ssm.parameters), "SSM keeps the working pair").toEqual(before);
    expect(box.ssmValue("refresh_token")).toBe(old.refreshToken);
  });

  test.skipIf(!isRoot)(
    "fault: 1 exchange --store ssm with an immutable token file (chattr +i) spends no code",
    async ({ box, guard, skip }) => {
      await box.seedIssued();
      const before = await box.rawFile();
      const frozen = await promisify(execFile)("chattr", ["+i", box.tokenFile]).catch((e: Error) => e);
      if (frozen instanceof Error)
        return skip(`chattr +i is not possible here: ${frozen.message.split("\n")[0]}`);
      try {
        const run = await runChecked(box, guard, "exchange.ts", exchangeArgs, {
          stdin: box.issueAuthCode(),
          env: SSM,
        });
        expect(run.code).toBe(1);
        expect(calls(box.fyers.requests, "validate-authcode"), "the code is not spent").toHaveLength(0);
        expect(run.stderr).toContain(
          `error: cannot replace the token file ${box.tokenFile}: it is immutable or append-only (EPERM)`,
        );
        expect(run.stderr).toContain(`hint: remove the flag (chattr -i -a ${box.tokenFile})`);
      } finally {
        await promisify(execFile)("chattr", ["-i", box.tokenFile]);
      }
      expect(await box.rawFile()).toBe(before);
    },
  );
});

describe.concurrent("4: after a partial SSM write, messages say what is stored", () => {
  test("fault: 4 exchange.ts --store ssm after a partial SSM write names what SSM holds", async ({
    box,
    guard,
  }) => {
    seedBoxSsm(box);
    box.ssm.fail({ failure: "internal", op: "PutParameter", name: PARAM.accessToken });
    const run = await runChecked(box, guard, "exchange.ts", exchangeArgs, {
      stdin: box.issueAuthCode(),
      env: { ...SSM, AWS_MAX_ATTEMPTS: "1" },
    });
    expect(run.code).toBe(1);
    const file = await box.readFile();
    expect(box.ssmValue("refresh_token"), "SSM holds the new refresh token").toBe(file?.refresh_token);
    expect(run.stderr).toContain("SSM holds the new refresh token but not the new access token");
    expect(run.stderr).toContain(
      `the new tokens are saved in file:${box.tokenFile} and ssm:${PARAM.refreshToken}`,
    );
    expect(run.stderr).not.toContain("not saved anywhere");
  });
});

describe.concurrent("4 and 12 in the action: it says what is stored", () => {
  test("fault: 4 the action after a partial SSM write says SSM holds the new refresh token (action exchange)", async ({
    fakes,
    guard,
  }) => {
    const code = fakes.fyers.issueAuthCode();
    fakes.ssm.fail({ failure: "internal", op: "PutParameter", name: PARAM.accessToken });
    const run = await actionChecked(
      fakes,
      guard,
      { inputs: { mode: "exchange", "auth-code": code }, env: { AWS_MAX_ATTEMPTS: "1" } },
      [code],
    );
    expect(run.code).toBe(1);
    const issued = fakes.ssm.parameters.get(PARAM.refreshToken)?.value;
    expect(issued, "SSM holds the new refresh token").toMatch(/^eyJ/);
    expect(run.error).toContain("SSM holds the new refresh token but not the new access token");
    expect(run.error).toContain(`the new tokens are saved in ssm:${PARAM.refreshToken}`);
    expect(run.error).not.toContain("not saved anywhere");
    expect(run.error).not.toMatch(/log in again/);
  });

  test("fault: 12 the action: a 5xx on the profile check after a stored refresh is success with a warning", async ({
    fakes,
    guard,
  }) => {
    const { refreshToken } = fakes.fyers.issueTokens();
    const accessToken = makeAccessToken({ expSeconds: -60 });
    seedSsm(fakes, { accessToken, refreshToken });
    fakes.fyers.fail({ failure: "server_error_html", endpoint: "profile" });
    const run = await actionChecked(fakes, guard, {}, [accessToken, refreshToken]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.result).toBe("refreshed");
    const stored = fakes.ssm.parameters.get(PARAM.accessToken)?.value;
    expect(stored, "the new access token is stored").not.toBe(accessToken);
    expect(run.warnings.join("\n")).toContain(
      "the new access token is stored, but the profile check could not run",
    );
  });
});

describe.concurrent("5: the refresh path reads SSM once", () => {
  test("fault: 5 refresh.ts --store ssm reads SSM once", async ({ box, guard }) => {
    seedBoxSsm(box, makeAccessToken({ expSeconds: -60 }));
    const run = await runChecked(box, guard, "refresh.ts", [], { env: SSM });
    expect(run.code, run.stderr).toBe(0);
    expect(ssmOps(box.ssm.requests, "GetParameters"), "one read").toHaveLength(1);
    expect(ssmOps(box.ssm.requests, "PutParameter"), "only the access token changed").toHaveLength(1);
  });

  test("fault: 5 a scheduled refresh over SSM reads SSM once (action auto)", async ({ fakes, guard }) => {
    const { refreshToken } = fakes.fyers.issueTokens();
    const accessToken = makeAccessToken({ expSeconds: -60 });
    seedSsm(fakes, { accessToken, refreshToken });
    const run = await actionChecked(fakes, guard, {}, [accessToken, refreshToken]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.result).toBe("refreshed");
    expect(ssmOps(fakes.ssm.requests, "GetParameters"), "one read").toHaveLength(1);
    expect(ssmOps(fakes.ssm.requests, "PutParameter").map((r) => r.body.Name)).toEqual([PARAM.accessToken]);
  });
});

describe.concurrent("8: every SSM call has a deadline", () => {
  test("fault: 8 verify.ts --store ssm against an SSM that never answers", async ({ box, guard }) => {
    const silent = await startSilentSsm();
    try {
      const started = Date.now();
      const run = await runChecked(box, guard, "verify.ts", [], {
        // The 10 s deadline shortened (FYERS_SERVICE_TIMEOUT, a test setting): the same path.
        env: { ...SSM, AWS_ENDPOINT_URL_SSM: silent.endpoint, FYERS_SERVICE_TIMEOUT: "2s" },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("error: AWS SSM did not answer within 2s (ssm:GetParameters on ");
      expect(run.endedAt - started, "gave up at the 2 s deadline, not later").toBeLessThan(12_000);
    } finally {
      await silent.close();
    }
  });

  test("fault: 8 the action against an SSM that never answers", async ({ fakes, guard }) => {
    const silent = await startSilentSsm();
    try {
      const started = Date.now();
      // The 10 s deadline (ssm-store.test checks it) shortened by FYERS_SERVICE_TIMEOUT: the same path.
      const run = await actionChecked(fakes, guard, {
        env: { AWS_ENDPOINT_URL_SSM: silent.endpoint, FYERS_SERVICE_TIMEOUT: "2s" },
      });
      expect(run.code).toBe(1);
      expect(run.error).toContain("AWS SSM did not answer within 2s (ssm:GetParameters on ");
      expect(run.endedAt - started, "gave up at the 2 s deadline, not later").toBeLessThan(12_000);
    } finally {
      await silent.close();
    }
  });
});

describe.concurrent("14 and 16: odd token files", () => {
  test.skipIf(permissionsUnsupported)(
    "fault: 14 refresh.ts through a symlinked token file writes the target and keeps the link",
    async ({ box, guard }) => {
      const old = await seedFileToRefresh(box);
      const target = join(box.dir, "real", "fyers_tokens.json");
      await mkdir(join(box.dir, "real"));
      await writeFile(target, await readFile(box.tokenFile), { mode: 0o600 });
      await symlink(target, `${box.tokenFile}.link`);
      const run = await runChecked(box, guard, "refresh.ts", [], {
        env: { FYERS_TOKEN_FILE: `${box.tokenFile}.link` },
      });
      expect(run.code, run.stderr).toBe(0);
      expect((await lstat(`${box.tokenFile}.link`)).isSymbolicLink(), "the link stays a link").toBe(true);
      const written = JSON.parse(await readFile(target, "utf8")) as Record<string, string>;
      expect(written.access_token, "the target holds the new access token").not.toBe(old.accessToken);
      expect(written.refresh_token).toBe(old.refreshToken);
      expect((await stat(target)).mode & 0o777).toBe(0o600);
    },
  );

  test.skipIf(permissionsUnsupported)(
    "fault: 16 a 0644 token file is reported on read and fixed to 0600 on the next write, saying so",
    async ({ box, guard }) => {
      await seedFileToRefresh(box);
      await chmod(box.tokenFile, 0o644);
      const check = await runChecked(box, guard, "verify.ts", [], { fileMode: 0o644 });
      expect(check.stderr).toContain(
        `the token file ${box.tokenFile} can be read by other users (mode 0644); the next write makes it 0600, or run: chmod 600 ${box.tokenFile}`,
      );
      const run = await runChecked(box, guard, "refresh.ts"); // the guard checks the mode is 0600 after
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        `the token file ${box.tokenFile} could be read by other users; it is now mode 0600`,
      );
    },
  );

  test("bad input: a token file saved as UTF-16 (Windows PowerShell 5's > and Out-File) is read (verify.ts)", async ({
    box,
    guard,
  }) => {
    const { accessToken, refreshToken } = box.fyers.issueTokens();
    box.secrets.add(accessToken).add(refreshToken);
    const json = JSON.stringify(
      { client_id: box.fyers.clientId, access_token: accessToken, refresh_token: refreshToken },
      null,
      2,
    );
    await writeFile(box.tokenFile, Buffer.from(`\uFEFF${json.replaceAll("\n", "\r\n")}\r\n`, "utf16le"), {
      mode: 0o600,
    });
    const run = await runChecked(box, guard, "verify.ts");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("not valid JSON");
    expect(calls(box.fyers.requests, "profile")).toHaveLength(1);
  });

  test("bad input: 16 a token file with a UTF-8 byte-order mark is read (verify.ts)", async ({
    box,
    guard,
  }) => {
    const { accessToken, refreshToken } = box.fyers.issueTokens();
    box.secrets.add(accessToken).add(refreshToken);
    const json = JSON.stringify({
      client_id: box.fyers.clientId,
      access_token: accessToken,
      refresh_token: refreshToken,
    });
    await box.seedFile(`\uFEFF${json}`);
    const run = await runChecked(box, guard, "verify.ts");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("not valid JSON");
    expect(calls(box.fyers.requests, "profile")).toHaveLength(1);
  });
});

/** A browser that sends the redirect and leaves (tab closed, page reloaded) before login.ts answers. */
function redirectAndLeave(url: string, afterMs: number): Promise<void> {
  return new Promise((done) => {
    const sent = request(url);
    sent.on("error", () => undefined); // the request is torn down on purpose
    sent.end(() =>
      setTimeout(() => {
        sent.destroy();
        done();
      }, afterMs),
    );
  });
}

describe.concurrent("login.ts after FYERS issued the tokens", () => {
  test("fault: login.ts whose browser left during the exchange exits with the tokens saved, not hanging", async ({
    box,
    guard,
  }) => {
    const redirectUri = `http://127.0.0.1:${await freePort()}/fyers/callback`;
    const login = startChecked(box, guard, "login.ts", [], { env: { FYERS_REDIRECT_URI: redirectUri } });
    const state = new URL(await login.firstLine).searchParams.get("state") ?? "";
    box.fyers.fail({ failure: "slow", endpoint: "validate-authcode", delayMs: 1500, times: 1 });
    await redirectAndLeave(
      `${redirectUri}?s=ok&code=200&auth_code=${box.issueAuthCode()}&state=${state}`,
      300,
    );
    let hung = false;
    const stop = setTimeout(() => {
      hung = true;
      login.child.kill("SIGTERM"); // tsx passes it on to the script
    }, 10_000);
    const run = await login.checked.finally(() => clearTimeout(stop));
    expect(hung, "login.ts hung answering a browser that had left").toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`ok: Tokens generated; saved to file:${box.tokenFile}`);
    expect(calls(box.fyers.requests, "validate-authcode")).toHaveLength(1);
    expect((await box.readFile())?.access_token, "the issued tokens are in the file").toBeDefined();
  });
});

/** A 64 kB tmpfs filled to the last block (root only), or the reason it cannot be made here. */
async function fullDisk(dir: string): Promise<{ path: string; release(): Promise<void> } | string> {
  const mounted = await promisify(execFile)("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]).catch(
    (e: Error) => e,
  );
  if (mounted instanceof Error) return `a tmpfs cannot be mounted here: ${mounted.message.split("\n")[0]}`;
  await writeFile(join(dir, "filler"), Buffer.alloc(128 * 1024)).catch(() => undefined); // ENOSPC: full
  return { path: dir, release: async () => void (await promisify(execFile)("umount", [dir])) };
}

describe.concurrent("the token file on a full disk or a folder in its place", () => {
  test.skipIf(!isRoot)(
    "fault: exchange.ts --store ssm with the token file on a full disk: refused before the code is spent, saying the disk is full",
    async ({ box, guard, skip }) => {
      seedBoxSsm(box);
      const before = { access: box.ssmValue("access_token"), refresh: box.ssmValue("refresh_token") };
      const disk = await fullDisk(await mkdtemp(join(box.dir, "full-")));
      if (typeof disk === "string") return skip(disk);
      try {
        const tokenFile = join(disk.path, "fyers_tokens.json");
        const run = await runChecked(box, guard, "exchange.ts", exchangeArgs, {
          stdin: box.issueAuthCode(),
          env: { ...SSM, FYERS_TOKEN_FILE: tokenFile },
        });
        expect(run.code).toBe(1);
        // The file store is checked (locked, probed) before the exchange: a full disk fails there.
        expect(run.stderr).toContain(`error: could not write the token file ${tokenFile} (ENOSPC)`);
        expect(run.stderr).toContain(`hint: the disk that holds ${disk.path} is full`);
        expect(calls(box.fyers.requests, "validate-authcode"), "the auth code is not spent").toHaveLength(0);
        expect({ access: box.ssmValue("access_token"), refresh: box.ssmValue("refresh_token") }).toEqual(
          before,
        );
        expect(await readdir(disk.path), "no lock or temp file left on the full disk").toEqual(["filler"]);
      } finally {
        await disk.release();
      }
    },
  );

  test("bad input: an 8 MB file at the token file's path is refused by its size, before any call (exchange.ts)", async ({
    box,
    guard,
  }) => {
    await writeFile(box.tokenFile, "", { mode: 0o600 });
    await truncate(box.tokenFile, 8 * 1024 ** 2); // sparse: a log or an image named by mistake
    const run = await runChecked(box, guard, "exchange.ts", exchangeArgs, { stdin: box.issueAuthCode() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: the token file ${box.tokenFile} is 8.0 MB, far more than a token file holds (a few kB); it was left untouched`,
    );
    expect(calls(box.fyers.requests, "validate-authcode"), "the code is not spent").toHaveLength(0);
    expect((await stat(box.tokenFile)).size).toBe(8 * 1024 ** 2);
  });

  test.skipIf(process.platform === "win32")(
    "bad input: a named pipe (FIFO) at the token file's path is refused at once, not waited on forever (verify.ts)",
    async ({ box, guard }) => {
      await promisify(execFile)("mkfifo", ["-m", "600", box.tokenFile]);
      const verify = startScript("verify.ts", [], { cwd: box.dir, env: box.env });
      let hung = false;
      const stop = setTimeout(() => {
        hung = true;
        void writeFile(box.tokenFile, ""); // a writer lets a blocked reader go on, so the run ends
      }, 10_000);
      const run = await verify.done.finally(() => clearTimeout(stop));
      await rm(box.tokenFile); // the leak guard reads the token file: not a pipe
      const texts = [run.stderr, run.stdout].map((text, i) => ({
        where: `${i ? "stdout" : "stderr"} of verify.ts`,
        text,
      }));
      expect(guard.scan(texts, await sandboxSecrets(box))).toEqual([]);
      expect(hung, "verify.ts waited for a writer on the pipe").toBe(false);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `error: the token file ${box.tokenFile} is not a regular file (a pipe, a socket or a device)`,
      );
      expect(box.fyers.requests).toHaveLength(0);
    },
  );

  test("bad input: an empty (0 byte) token file is named as empty, before any call (exchange.ts)", async ({
    box,
    guard,
  }) => {
    await box.seedFile("");
    const run = await runChecked(box, guard, "exchange.ts", exchangeArgs, { stdin: box.issueAuthCode() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: the token file ${box.tokenFile} is empty; it was left untouched`);
    expect(run.stderr).not.toContain("not valid JSON");
    expect(calls(box.fyers.requests, "validate-authcode"), "the code is not spent").toHaveLength(0);
  });

  test("bad input: a folder where the token file should be is named as a folder, before any call (exchange.ts)", async ({
    box,
    guard,
  }) => {
    await mkdir(box.tokenFile, { mode: 0o700 });
    const run = await runChecked(box, guard, "exchange.ts", exchangeArgs, {
      stdin: box.issueAuthCode(),
      fileMode: 0o700, // the folder's, left as it was
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: the token file ${box.tokenFile} is a folder, not a file (EISDIR)`);
    expect(run.stderr).toContain(
      `hint: move the folder away, or set FYERS_TOKEN_FILE to a file's path, e.g. ${join(box.tokenFile, "fyers_tokens.json")}`,
    );
    expect(calls(box.fyers.requests, "validate-authcode"), "the code is not spent").toHaveLength(0);
  });
});

describe.concurrent("a refresh kept in the token file when SSM refuses it", () => {
  test("fault: refresh.ts --store ssm's fallback file holds SSM's refresh token, so the hinted put-parameters.ts never puts back an older one", async ({
    box,
    guard,
  }) => {
    const older = await box.seedIssued(); // the file: a pair from an earlier local login, still valid
    const current = seedBoxSsm(box); // SSM: the pair of a later login (the action's, the callback's)
    box.ssm.fail({ failure: "access_denied", op: "PutParameter", name: PARAM.accessToken, times: 1 });
    const run = await runChecked(box, guard, "refresh.ts", [], { env: SSM });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`is saved in file:${box.tokenFile} instead`);
    expect(run.stderr).toContain("put-parameters.ts");
    const file = await box.readFile();
    expect(file?.refresh_token, "the file holds the refresh token that was used").toBe(current.refreshToken);
    expect(file?.access_token).not.toBe(older.accessToken);
    const put = await runChecked(box, guard, "put-parameters.ts", [], { env: SSM }); // as the hint says
    expect(put.code, put.stderr).toBe(0);
    expect(box.ssmValue("refresh_token"), "SSM keeps the later login's refresh token").toBe(
      current.refreshToken,
    );
    expect(box.ssmValue("access_token")).toBe(file?.access_token);
  });
});
