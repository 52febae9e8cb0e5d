import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import {
  access,
  chmod,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { FyersTokenError } from "../errors.js";
import { tuningMs } from "../tuning.js";
import {
  changedFields,
  type LoginNotice,
  merge,
  parseNotice,
  type StoredTokens,
  sameNotice,
  type TokenStore,
  type TokenUpdate,
} from "./port.js";

/** The file's layout (interface.md): snake_case keys, each a string, absent when not stored. */
const FILE_KEYS = {
  client_id: "clientId",
  access_token: "accessToken",
  refresh_token: "refreshToken",
  updated_at: "updatedAt",
} as const;
const NOTICE_KEY = "login_notice";
const BOM = "\uFEFF";
/** A token file is 1 to 3 kB; anything over this is some other file. */
const MAX_FILE_BYTES = 1024 * 1024;

function storeFailed(path: string, action: string, error: unknown): FyersTokenError {
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  if (code === "ELOCKED") return lockHeld(path, error);
  if (code === "EISDIR") {
    return new FyersTokenError("store_failed", `the token file ${path} is a folder, not a file (EISDIR)`, {
      cause: error,
      hint: `move the folder away, or set FYERS_TOKEN_FILE to a file's path, e.g. ${join(path, "fyers_tokens.json")}`,
    });
  }
  const hint =
    code === "EACCES" || code === "EPERM" || code === "EROFS"
      ? `check the permissions of ${path} and its folder, or set FYERS_TOKEN_FILE to a writable path`
      : code === "ENOSPC" || code === "EDQUOT"
        ? `the disk that holds ${dirname(path)} is full (or your quota is used up): free some space, or set FYERS_TOKEN_FILE to a path on another disk`
        : "set FYERS_TOKEN_FILE to a path you can write";
  return new FyersTokenError("store_failed", `could not ${action} the token file ${path} (${code})`, {
    cause: error,
    hint,
  });
}

const DENIED = new Set(["EACCES", "EPERM", "EROFS"]);

function folderNotWritable(path: string, folder: string, cause: unknown): FyersTokenError {
  const code = (cause as NodeJS.ErrnoException).code ?? "error";
  return new FyersTokenError(
    "store_failed",
    `cannot write the token file ${path}: its folder ${folder} is not writable (${code})`,
    {
      cause,
      hint: `make ${folder} writable (chmod u+w; if lsattr shows an "i" flag: chattr -i), or set FYERS_TOKEN_FILE to a path you can write`,
    },
  );
}

function lockHeld(path: string, cause: unknown): FyersTokenError {
  return new FyersTokenError(
    "store_failed",
    `could not lock the token file ${path}: another process holds the lock ${path}.lock`,
    {
      cause,
      hint: `wait for the other run to finish and run again; if no other fyers-token process is running, remove ${path}.lock`,
    },
  );
}

/**
 * The file's text: UTF-8, or UTF-16 when it starts with that byte-order mark (Windows PowerShell
 * 5 writes UTF-16 with `>` and Out-File). The next write stores it as UTF-8.
 */
function decodeTokenFile(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  return bytes.toString("utf8");
}

// Checked by hand rather than with the schema library: four optional strings, and `plan` reads
// this file on the hot path of every run, where loading the library would double the cost.
function parseTokenFile(path: string, text: string): StoredTokens {
  let json: unknown;
  if (text.replace(BOM, "").trim() === "") throw corrupt(path, "is empty");
  try {
    // Windows editors save a byte-order mark; JSON.parse refuses it.
    json = JSON.parse(text.startsWith(BOM) ? text.slice(1) : text);
  } catch {
    throw corrupt(path, "is not valid JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw corrupt(path, "is not a JSON object");
  const tokens: StoredTokens = {};
  for (const [key, field] of Object.entries(FILE_KEYS)) {
    const value = (json as Record<string, unknown>)[key];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "string") throw corrupt(path, `has a bad ${key} (not a string)`);
    tokens[field] = value;
  }
  // A notice that does not parse is no notice: at worst one login message is sent again.
  const notice = parseNotice((json as Record<string, unknown>)[NOTICE_KEY]);
  if (notice) tokens.notice = notice;
  return tokens;
}

function corrupt(path: string, what: string): FyersTokenError {
  return new FyersTokenError("store_corrupt", `the token file ${path} ${what}; it was left untouched`, {
    hint: `fix it, or move it away and log in again (npx tsx packages/scripts/login.ts)`,
  });
}

function serialize(tokens: StoredTokens, updatedAt: string): string {
  const file: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(FILE_KEYS)) {
    const value = field === "updatedAt" ? updatedAt : tokens[field];
    if (value) file[key] = value;
  }
  if (tokens.notice) file[NOTICE_KEY] = tokens.notice;
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A lock whose holder stopped refreshing it this long ago is taken over (proper-lockfile's stale). */
const LOCK_STALE_MS = 10_000;
/** A lock whose holder never wrote its name (killed right after taking it) is gone after this long. */
const UNNAMED_STALE_MS = 2_000;
/** Inside the lock folder: who holds it, so a holder that died can be seen at once. */
const OWNER_FILE = "owner.json";

interface LockOwner {
  pid: number;
  host: string;
}

/** Signal 0 tests for the process without touching it; EPERM means it lives under another user. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readOwner(lock: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(join(lock, OWNER_FILE), "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.host === "string"
      ? { pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined; // no owner yet (a holder between mkdir and writing it), or from an older version
  }
}

/**
 * The lock's holder is gone: a dead process on this host (at once), or any holder that stopped
 * refreshing the lock for LOCK_STALE_MS (another host, or a holder that wrote no owner).
 */
async function holderGone(lock: string): Promise<boolean> {
  const owner = await readOwner(lock);
  if (owner !== undefined && owner.host === hostname() && owner.pid !== process.pid) {
    if (!processAlive(owner.pid)) return true;
  }
  try {
    const age = Date.now() - (await stat(lock)).mtimeMs;
    // A holder names itself within milliseconds of taking the lock: one that did not was killed in between.
    return age > (owner === undefined ? UNNAMED_STALE_MS : LOCK_STALE_MS);
  } catch {
    return false; // released meanwhile: just try again
  }
}

/**
 * Moves a dead holder's lock aside, then removes it. The rename is the takeover: of two runs that
 * both saw the holder dead, only the first rename succeeds (the second finds the target taken, a
 * folder that is not empty), so the second can never remove the lock the first just took.
 */
async function takeOver(lock: string): Promise<void> {
  const aside = `${lock}.${randomBytes(4).toString("hex")}.dead`;
  try {
    await rename(lock, aside);
  } catch {
    return; // gone or taken meanwhile: the next attempt sees which
  }
  await rm(aside, { recursive: true, force: true });
}

/**
 * proper-lockfile's own retries also repeat hopeless errors (a read-only folder), so wait here
 * only while another process holds the lock: at most ~5 s, then give up. The holder writes its
 * pid and host into the lock, so a run killed with SIGKILL holds up the next one not at all.
 */
async function acquireLock(path: string): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  // How long to wait for another process's lock: FYERS_LOCK_WAIT (default 5 s). Not Date.now(),
  // which a test may freeze.
  const giveUpAt = performance.now() + tuningMs("lockWait");
  for (;;) {
    try {
      // realpath: false, since the token file may not exist yet.
      const { default: lockfile } = await import("proper-lockfile"); // only writers pay for it
      const release = await lockfile.lock(path, {
        realpath: false,
        lockfilePath: lock,
        // Stale locks are ours to judge (holderGone): proper-lockfile cannot remove a lock holding an owner file.
        stale: 2_147_483_647,
        update: LOCK_STALE_MS / 2,
        retries: 0,
      });
      const owner: LockOwner = { pid: process.pid, host: hostname() };
      // Written aside and renamed: a reader never sees half a name.
      const named = join(lock, `${OWNER_FILE}.${randomBytes(4).toString("hex")}`);
      try {
        await writeFile(named, JSON.stringify(owner), { mode: 0o600 });
        await rename(named, join(lock, OWNER_FILE));
      } catch (error) {
        // A full disk: give the lock back at once rather than leave it for the next run to wait out.
        await rm(named, { force: true }).catch(() => undefined);
        await release().catch(() => undefined);
        throw error;
      }
      return async () => {
        await rm(join(lock, OWNER_FILE), { force: true });
        await release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (await holderGone(lock)) {
        await takeOver(lock);
        continue;
      }
      if (performance.now() >= giveUpAt) throw error;
      await delay(10 + Math.random() * 90);
    }
  }
}

/**
 * What a writer killed mid-write left of this token file: its temp files (0600, with tokens) and
 * a taken-over lock. Called under the lock, when no live writer of this file can own any of them.
 */
async function removeLeftovers(target: string): Promise<void> {
  const folder = dirname(target);
  const name = basename(target);
  const temp = new RegExp(
    `^${escapeRegExp(name)}\\.\\d+\\.[0-9a-f]{8}\\.(tmp|probe)$|^${escapeRegExp(name)}\\.lock\\.[0-9a-f]{8}\\.dead$`,
  );
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (temp.test(entry))
      await rm(join(folder, entry), { recursive: true, force: true }).catch(() => undefined);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Where writes go: a symlinked token file is written through to its target (the link stays), so
 * whoever reads the target sees the new tokens. A dangling link names the file to create.
 */
async function resolveTarget(path: string): Promise<string> {
  let target = path;
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!(await lstat(target)).isSymbolicLink()) return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return target;
      throw error;
    }
    target = resolve(dirname(target), await readlink(target));
  }
  throw Object.assign(new Error(`too many symbolic links at ${path}`), { code: "ELOOP" });
}

/** Group or others have any access (Windows has ACLs, not these bits: never). */
function othersMayRead(mode: number | undefined): mode is number {
  return mode !== undefined && process.platform !== "win32" && (mode & 0o077) !== 0;
}

export interface FileStoreOptions {
  path: string;
  now?: () => number;
  /**
   * Told about things worth fixing that do not stop the run (a token file others can read).
   * Default: a Node process warning on stderr, so it is never silent.
   */
  onWarning?: (message: string) => void;
  /**
   * For a program that needs tokens (verify, refresh): the error a read throws when there is no
   * file at the path, so "no token file at PATH" is said instead of "no token stored: log in".
   * Default: a missing file reads as no tokens (a first login creates it).
   */
  ifMissing?: (path: string) => Error;
}

/**
 * The local JSON store: mode 0600, replaced atomically (temp file + rename) under a lock so two
 * processes never interleave, and a broken file is reported, never overwritten.
 */
export function createFileStore(options: FileStoreOptions): TokenStore {
  const path = resolve(options.path);
  const now = options.now ?? Date.now;
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    if (options.onWarning) options.onWarning(message);
    else process.emitWarning(message, { code: "FYERS_TOKEN_FILE" });
  };

  /** The stored tokens and the file's permission bits (undefined: no file yet). */
  async function readWithMode(): Promise<{ tokens: StoredTokens; mode: number | undefined }> {
    let handle: import("node:fs/promises").FileHandle;
    try {
      // Non-blocking, so a named pipe at the path cannot hold the open until some writer comes.
      handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { tokens: {}, mode: undefined };
      throw storeFailed(path, "read", error);
    }
    try {
      const info = await handle.stat();
      if (!info.isFile() && !info.isDirectory()) {
        throw corrupt(path, "is not a regular file (a pipe, a socket or a device)");
      }
      // A wrong FYERS_TOKEN_FILE (a log, an image) must not be read into memory whole.
      if (info.size > MAX_FILE_BYTES) {
        throw corrupt(
          path,
          `is ${(info.size / 1024 ** 2).toFixed(1)} MB, far more than a token file holds (a few kB)`,
        );
      }
      const text = decodeTokenFile(await handle.readFile());
      return { tokens: parseTokenFile(path, text), mode: info.mode & 0o777 };
    } catch (error) {
      if (error instanceof FyersTokenError) throw error;
      throw storeFailed(path, "read", error);
    } finally {
      await handle.close();
    }
  }

  async function read(): Promise<StoredTokens> {
    const { tokens, mode } = await readWithMode();
    if (mode === undefined && options.ifMissing) throw options.ifMissing(path);
    if (othersMayRead(mode)) {
      warn(
        `the token file ${path} can be read by other users (mode ${mode.toString(8).padStart(4, "0")}); the next write makes it 0600, or run: chmod 600 ${path}`,
      );
    }
    return tokens;
  }

  async function replace(target: string, tokens: StoredTokens): Promise<void> {
    const temp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(serialize(tokens, new Date(now()).toISOString()));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(temp, 0o600); // the umask may have narrowed it; never widened
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw storeFailed(path, "write", error);
    }
  }

  /** Runs `work` on the real file (a symlink's target) under the lock. */
  async function withLock<T>(work: (target: string) => Promise<T>): Promise<T> {
    let release: () => Promise<void>;
    let target: string | undefined;
    try {
      target = await resolveTarget(path);
      await mkdir(dirname(target), { recursive: true });
      release = await acquireLock(target);
      await removeLeftovers(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (DENIED.has(code)) throw folderNotWritable(path, dirname(target ?? path), error);
      // A full disk fails the lock's first byte: to a person that is the write failing.
      throw storeFailed(path, code === "ENOSPC" || code === "EDQUOT" ? "write" : "lock", error);
    }
    try {
      return await work(target);
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** Reads under the lock (a local read, so a concurrent writer's newer fields are never lost). */
  async function update(change: (current: StoredTokens) => StoredTokens | undefined) {
    return withLock(async (target) => {
      const { tokens: current, mode } = await readWithMode();
      const next = change(current);
      if (next !== undefined) await replace(target, next);
      else if (othersMayRead(mode)) {
        await chmod(target, 0o600).catch((error) => {
          throw storeFailed(path, "write", error);
        });
      }
      if (othersMayRead(mode))
        warn(`the token file ${path} could be read by other users; it is now mode 0600`);
      return { current, next };
    });
  }

  async function checkWritable(): Promise<void> {
    await withLock(async (target) => {
      const folder = dirname(target);
      const probe = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.probe`;
      try {
        await (await open(probe, "wx", 0o600)).close();
        await rm(probe, { force: true });
      } catch (error) {
        throw folderNotWritable(path, folder, error);
      }
      // Replacing works on a file without write permission (rename), but not on an immutable one.
      await access(target, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EPERM") return;
        throw new FyersTokenError(
          "store_failed",
          `cannot replace the token file ${path}: it is immutable or append-only (EPERM)`,
          {
            cause: error,
            hint: `remove the flag (chattr -i -a ${target}), or set FYERS_TOKEN_FILE to a path you can write`,
          },
        );
      });
    });
  }

  return {
    kind: "file",
    location: path,
    read,
    // The file is always re-read under the lock: `current` only matters to remote stores.
    write: async (tokenUpdate: TokenUpdate, _current?: StoredTokens) => {
      let written: string[] = [];
      await update((current) => {
        const next = merge(current, tokenUpdate);
        written = changedFields(current, next);
        return written.length > 0 ? next : undefined;
      });
      return written;
    },
    checkWritable,
    writeNotice: async (notice: LoginNotice | null, _current?: StoredTokens) => {
      await update((current) => {
        if (sameNotice(current.notice, notice ?? undefined)) return undefined;
        const { notice: _old, ...rest } = current;
        return notice === null ? rest : { ...rest, notice };
      });
    },
    deleteAccessToken: async () => {
      let had = false;
      await update((current) => {
        had = current.accessToken !== undefined;
        if (!had) return undefined;
        const { accessToken: _dropped, ...rest } = current;
        return rest;
      });
      return had;
    },
  };
}
