import { execFileSync, spawnSync } from "node:child_process";
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
  utimes,
  writeFile,
} from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FyersTokenError } from "../src/errors.js";
import { createFileStore } from "../src/store/file.js";

let dir: string;
let path: string;
const posix = process.platform !== "win32";
const isRoot = process.getuid?.() === 0;

/** Root ignores mode bits; the immutable attribute stops even root (ext4 and most Linux file systems). */
function setReadOnly(folder: string, readOnly: boolean): Promise<void> | void {
  if (!isRoot) return chmod(folder, readOnly ? 0o500 : 0o700);
  execFileSync("chattr", [readOnly ? "+i" : "-i", folder]);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "fyers-file-store-"));
  path = join(dir, "fyers_tokens.json");
});
afterEach(async () => {
  await Promise.resolve()
    .then(() => setReadOnly(dir, false))
    .catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const now = () => Date.parse("2026-11-26T10:00:00Z");

describe("file store", () => {
  it("reads nothing from a file that does not exist yet", async () => {
    expect(await createFileStore({ path }).read()).toEqual({});
  });

  it("writes the documented layout: snake_case, absent when not stored, updated_at", async () => {
    const store = createFileStore({ path, now });
    expect(await store.write({ clientId: "ABCDE12345-100", accessToken: "AT" })).toEqual([
      "clientId",
      "accessToken",
    ]);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      client_id: "ABCDE12345-100",
      access_token: "AT",
      updated_at: "2026-11-26T10:00:00.000Z",
    });
    expect(await store.read()).toEqual({
      clientId: "ABCDE12345-100",
      accessToken: "AT",
      updatedAt: "2026-11-26T10:00:00.000Z",
    });
  });

  it.skipIf(!posix)("is mode 0600 after every write", async () => {
    const store = createFileStore({ path });
    await store.write({ clientId: "A1B2C3-100", accessToken: "AT", refreshToken: "RT" });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await chmod(path, 0o644);
    await store.write({ clientId: "A1B2C3-100", accessToken: "AT2" });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await store.deleteAccessToken();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("keeps what an update leaves out, and writes only when something changed", async () => {
    const store = createFileStore({ path });
    await store.write({ clientId: "A1B2C3-100", accessToken: "AT", refreshToken: "RT" });
    expect(await store.write({ clientId: "A1B2C3-100", accessToken: "AT2" })).toEqual(["accessToken"]);
    expect(await store.read()).toMatchObject({ accessToken: "AT2", refreshToken: "RT" });
    const before = await readFile(path, "utf8");
    expect(await store.write({ clientId: "A1B2C3-100", accessToken: "AT2" })).toEqual([]);
    expect(await readFile(path, "utf8")).toBe(before);
  });

  it("removes the access token and keeps the refresh token", async () => {
    const store = createFileStore({ path });
    expect(await store.deleteAccessToken()).toBe(false);
    await store.write({ clientId: "A1B2C3-100", accessToken: "AT", refreshToken: "RT" });
    expect(await store.deleteAccessToken()).toBe(true);
    const file = JSON.parse(await readFile(path, "utf8"));
    expect(file).not.toHaveProperty("access_token");
    expect(file.refresh_token).toBe("RT");
  });

  it.each([
    ["broken JSON", '{"access_token": "AT", ', "is not valid JSON"],
    ["a wrong shape", '{"access_token": 42}', "has a bad access_token"],
    ["not an object", '"token"', "is not a JSON object"],
  ])("reports %s and never overwrites it", async (_, content, message) => {
    await writeFile(path, content);
    const store = createFileStore({ path });
    const error = (await store.read().catch((e: unknown) => e)) as FyersTokenError;
    expect(error.code).toBe("store_corrupt");
    expect(error.message).toContain(message);
    expect(error.message).toContain("left untouched");
    const failedWrite = (await store
      .write({ clientId: "A1B2C3-100", accessToken: "NEW" })
      .catch((e: unknown) => e)) as FyersTokenError;
    expect(failedWrite.code).toBe("store_corrupt");
    expect(await readFile(path, "utf8")).toBe(content);
  });

  it.skipIf(!posix)(
    "a read-only folder: the old file survives the failed write, no temp file is left",
    async () => {
      const store = createFileStore({ path });
      await store.write({ clientId: "A1B2C3-100", accessToken: "AT", refreshToken: "RT" });
      const before = await readFile(path, "utf8");
      await setReadOnly(dir, true);
      const error = (await store
        .write({ clientId: "A1B2C3-100", accessToken: "NEW" })
        .catch((e: unknown) => e)) as FyersTokenError;
      expect(error.code).toBe("store_failed");
      expect(error.hint).toContain("FYERS_TOKEN_FILE");
      await setReadOnly(dir, false);
      expect(await readFile(path, "utf8")).toBe(before);
      expect(await readdir(dir)).toEqual(["fyers_tokens.json"]);
    },
  );

  it("a path that cannot be a file: store_failed naming the path", async () => {
    const store = createFileStore({ path: dir });
    const error = (await store.read().catch((e: unknown) => e)) as FyersTokenError;
    expect(error).toBeInstanceOf(FyersTokenError);
    expect(error.code).toBe("store_failed");
    expect(error.message).toContain(dir);
  });

  it("concurrent writers never interleave: valid JSON, no update lost", async () => {
    const store = createFileStore({ path });
    await store.write({ clientId: "A1B2C3-100", refreshToken: "RT" });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createFileStore({ path }).write({ clientId: "A1B2C3-100", accessToken: `AT${i}` }),
      ),
    );
    const file = JSON.parse(await readFile(path, "utf8"));
    expect(file.refresh_token).toBe("RT");
    expect(file.access_token).toMatch(/^AT\d$/);
    expect((await readdir(dir)).sort()).toEqual(["fyers_tokens.json"]);
  });

  it("reads a file saved with a UTF-8 byte-order mark", async () => {
    await writeFile(path, `\uFEFF${JSON.stringify({ client_id: "A1B2C3-100", access_token: "AT" })}`);
    expect(await createFileStore({ path }).read()).toEqual({ clientId: "A1B2C3-100", accessToken: "AT" });
  });

  it.skipIf(!posix)(
    "a 0644 token file: a warning on read, fixed to 0600 on the next write, said so",
    async () => {
      const warnings: string[] = [];
      const store = createFileStore({ path, onWarning: (w) => warnings.push(w) });
      await writeFile(path, JSON.stringify({ client_id: "A1B2C3-100", access_token: "AT" }), { mode: 0o644 });
      await chmod(path, 0o644);
      await store.read();
      await store.read();
      expect(warnings).toEqual([
        `the token file ${path} can be read by other users (mode 0644); the next write makes it 0600, or run: chmod 600 ${path}`,
      ]);
      expect((await stat(path)).mode & 0o777).toBe(0o644); // a read changes nothing
      expect(await store.write({ clientId: "A1B2C3-100", accessToken: "AT" })).toEqual([]); // no change...
      expect((await stat(path)).mode & 0o777).toBe(0o600); // ...but the mode is fixed
      expect(warnings[1]).toBe(`the token file ${path} could be read by other users; it is now mode 0600`);
    },
  );

  it.skipIf(!posix)("without onWarning, the warning is a Node process warning (never silent)", async () => {
    await writeFile(path, "{}", { mode: 0o640 });
    await chmod(path, 0o640);
    const seen: Error[] = [];
    const listener = (warning: Error) => seen.push(warning);
    process.on("warning", listener);
    try {
      await createFileStore({ path }).read();
      await new Promise((done) => setImmediate(done)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", listener);
    }
    expect(seen.map((w) => [(w as NodeJS.ErrnoException).code, w.message])).toEqual([
      [
        "FYERS_TOKEN_FILE",
        expect.stringContaining(`the token file ${path} can be read by other users (mode 0640)`),
      ],
    ]);
  });

  it.skipIf(!posix)("a symlinked token file is written through to its target, which stays 0600", async () => {
    const target = join(dir, "real", "tokens.json");
    await mkdir(join(dir, "real"));
    await writeFile(target, JSON.stringify({ client_id: "A1B2C3-100", access_token: "OLD" }), {
      mode: 0o600,
    });
    await symlink(target, path);
    const store = createFileStore({ path });
    await store.write({ clientId: "A1B2C3-100", accessToken: "NEW" });
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(target, "utf8")).access_token).toBe("NEW");
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(join(dir, "real"))).sort()).toEqual(["tokens.json"]);
  });

  it.skipIf(!posix)("a dangling symlink: the target is created", async () => {
    const target = join(dir, "later.json");
    await symlink("later.json", path);
    await createFileStore({ path }).write({ clientId: "A1B2C3-100", accessToken: "AT" });
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(target, "utf8")).access_token).toBe("AT");
  });

  it("the login notice is kept under login_notice; null removes it; unchanged is not rewritten", async () => {
    const store = createFileStore({ path });
    await store.write({ clientId: "A1B2C3-100", refreshToken: "RT" });
    const notice = {
      event: "login-due" as const,
      since: "2026-12-01T03:00:00.000Z",
      channels: ["issue"],
      deadline: "2026-12-03T00:00:00.000Z",
    };
    await store.writeNotice(notice);
    expect(JSON.parse(await readFile(path, "utf8")).login_notice).toEqual(notice);
    expect(await store.read()).toMatchObject({ refreshToken: "RT", notice });
    const before = await readFile(path, "utf8");
    await store.writeNotice({ ...notice });
    expect(await readFile(path, "utf8")).toBe(before);
    await store.write({ clientId: "A1B2C3-100", accessToken: "AT" }); // a token write keeps the notice
    expect((await store.read()).notice).toEqual(notice);
    await store.writeNotice(null);
    expect(JSON.parse(await readFile(path, "utf8"))).not.toHaveProperty("login_notice");
    expect(await store.read()).toMatchObject({ refreshToken: "RT", accessToken: "AT" });
  });
});

describe("file store: checkWritable (before a code is spent)", () => {
  it("a folder that does not exist yet is made, and nothing is left behind", async () => {
    const deep = join(dir, "a", "b", "tokens.json");
    await createFileStore({ path: deep }).checkWritable();
    expect(await readdir(join(dir, "a", "b"))).toEqual([]);
  });

  it("a held lock says another process holds it, not FYERS_TOKEN_FILE", async () => {
    vi.stubEnv("FYERS_LOCK_WAIT", "300ms"); // not the 5 s a person's run waits for the holder
    await mkdir(`${path}.lock`);
    const error = (await createFileStore({ path })
      .checkWritable()
      .catch((e: unknown) => e)) as FyersTokenError;
    expect(error.code).toBe("store_failed");
    expect(error.message).toBe(
      `could not lock the token file ${path}: another process holds the lock ${path}.lock`,
    );
    expect(error.hint).toBe(
      `wait for the other run to finish and run again; if no other fyers-token process is running, remove ${path}.lock`,
    );
  }, 15_000);

  it("a lock whose holder died on this host is taken over at once, and nothing is left behind", async () => {
    // A pid that is surely free: a child that has already exited.
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    await mkdir(`${path}.lock`);
    await writeFile(join(`${path}.lock`, "owner.json"), JSON.stringify({ pid: dead, host: hostname() }));
    const started = Date.now();
    await createFileStore({ path }).write({ clientId: "ABCDE12345-100", accessToken: "AT" });
    expect(Date.now() - started, "no wait for the stale time").toBeLessThan(2000);
    expect(await readdir(dir)).toEqual(["fyers_tokens.json"]);
  });

  it("a lock held by a live process on this host is respected", async () => {
    await mkdir(`${path}.lock`);
    await writeFile(
      join(`${path}.lock`, "owner.json"),
      JSON.stringify({ pid: process.ppid, host: hostname() }),
    );
    // The 5 s wait shortened (FYERS_LOCK_WAIT, a test setting): the same path, waited out.
    vi.stubEnv("FYERS_LOCK_WAIT", "400ms");
    const started = performance.now();
    const error = (await createFileStore({ path })
      .write({ clientId: "ABCDE12345-100", accessToken: "AT" })
      .catch((e: unknown) => e)) as FyersTokenError;
    vi.unstubAllEnvs();
    expect(performance.now() - started, "waited for the holder first").toBeGreaterThanOrEqual(400);
    expect(error.message).toBe(
      `could not lock the token file ${path}: another process holds the lock ${path}.lock`,
    );
    expect(await readdir(dir)).toEqual(["fyers_tokens.json.lock"]);
  });

  it("a lock of another host that nobody refreshed for 10 s is taken over", async () => {
    await mkdir(`${path}.lock`);
    await writeFile(join(`${path}.lock`, "owner.json"), JSON.stringify({ pid: 1, host: "elsewhere" }));
    const past = new Date(Date.now() - 11_000);
    await utimes(`${path}.lock`, past, past);
    await createFileStore({ path }).write({ clientId: "ABCDE12345-100", accessToken: "AT" });
    expect(await readdir(dir)).toEqual(["fyers_tokens.json"]);
  });

  it("the next write removes a killed writer's temp files of this token file, and only those", async () => {
    await createFileStore({ path }).write({ clientId: "ABCDE12345-100", accessToken: "AT" });
    const leftovers = [`${path}.4242.0a1b2c3d.tmp`, `${path}.4242.0a1b2c3d.probe`];
    for (const file of leftovers) await writeFile(file, '{"access_token":"AT"}', { mode: 0o600 });
    const others = ["other.json.4242.0a1b2c3d.tmp", "fyers_tokens.json.bak", "notes.tmp"];
    for (const file of others) await writeFile(join(dir, file), "x");
    await createFileStore({ path }).write({ clientId: "ABCDE12345-100", accessToken: "AT2" });
    expect((await readdir(dir)).sort()).toEqual(["fyers_tokens.json", ...others].sort());
  });

  it.skipIf(!posix)("a read-only folder says the folder is not writable", async () => {
    await writeFile(path, "{}");
    await setReadOnly(dir, true);
    const error = (await createFileStore({ path })
      .checkWritable()
      .catch((e: unknown) => e)) as FyersTokenError;
    await setReadOnly(dir, false);
    expect(error.code).toBe("store_failed");
    expect(error.message).toMatch(
      new RegExp(
        `^cannot write the token file ${path}: its folder ${dir} is not writable \\((EACCES|EPERM)\\)$`,
      ),
    );
    expect(error.hint).toMatch(/^make .* writable \(chmod u\+w; if lsattr shows an "i" flag: chattr -i\)/);
    expect(error.hint).toContain(dir);
  });

  it.skipIf(!isRoot)("an immutable token file (chattr +i) says so", async ({ skip }) => {
    await writeFile(path, "{}");
    try {
      execFileSync("chattr", ["+i", path], { stdio: "ignore" });
    } catch {
      return skip("chattr +i is not possible on this file system");
    }
    try {
      const error = (await createFileStore({ path })
        .checkWritable()
        .catch((e: unknown) => e)) as FyersTokenError;
      expect(error.code).toBe("store_failed");
      expect(error.message).toBe(
        `cannot replace the token file ${path}: it is immutable or append-only (EPERM)`,
      );
      expect(error.hint).toContain(`chattr -i -a ${path}`);
    } finally {
      execFileSync("chattr", ["-i", path]);
    }
  });
});
