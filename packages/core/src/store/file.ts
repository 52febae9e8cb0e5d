import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { FyersTokenError } from "../errors.js";
import { merge, type StoredTokens, type TokenStore, type TokenUpdate } from "./port.js";

/** The file's layout (interface.md): snake_case keys, each a string, absent when not stored. */
const FILE_KEYS = {
  client_id: "clientId",
  access_token: "accessToken",
  refresh_token: "refreshToken",
  updated_at: "updatedAt",
} as const;

function storeFailed(path: string, action: string, error: unknown): FyersTokenError {
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  const hint =
    code === "EACCES" || code === "EPERM" || code === "EROFS"
      ? `check the permissions of ${path} and its folder, or set FYERS_TOKEN_FILE to a writable path`
      : "set FYERS_TOKEN_FILE to a path you can write";
  return new FyersTokenError("store_failed", `could not ${action} the token file ${path} (${code})`, {
    cause: error,
    hint,
  });
}

// Checked by hand rather than with the schema library: four optional strings, and `plan` reads
// this file on the hot path of every run, where loading the library would double the cost.
function parseTokenFile(path: string, text: string): StoredTokens {
  let json: unknown;
  try {
    json = JSON.parse(text);
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
  return tokens;
}

function corrupt(path: string, what: string): FyersTokenError {
  return new FyersTokenError("store_corrupt", `the token file ${path} ${what}; it was left untouched`, {
    hint: `fix it, or move it away and log in again (npx tsx packages/scripts/login.ts)`,
  });
}

function dropEmpty(tokens: Record<string, string | undefined>): StoredTokens {
  return Object.fromEntries(Object.entries(tokens).filter(([, value]) => value)) as StoredTokens;
}

function serialize(tokens: StoredTokens, updatedAt: string): string {
  const file = dropEmpty({
    client_id: tokens.clientId,
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    updated_at: updatedAt,
  });
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * proper-lockfile's own retries also repeat hopeless errors (a read-only folder), so wait here
 * only while another process holds the lock: at most ~5 s, then give up.
 */
async function acquireLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 1; ; attempt++) {
    try {
      // realpath: false, since the token file may not exist yet.
      const { default: lockfile } = await import("proper-lockfile"); // only writers pay for it
      return await lockfile.lock(path, {
        realpath: false,
        lockfilePath: `${path}.lock`,
        stale: 10_000,
        retries: 0,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED" || attempt >= 100) throw error;
      await delay(10 + Math.random() * 90);
    }
  }
}

export interface FileStoreOptions {
  path: string;
  now?: () => number;
}

/**
 * The local JSON store: mode 0600, replaced atomically (temp file + rename) under a lock so two
 * processes never interleave, and a broken file is reported, never overwritten.
 */
export function createFileStore(options: FileStoreOptions): TokenStore {
  const path = resolve(options.path);
  const now = options.now ?? Date.now;

  async function readCurrent(): Promise<StoredTokens> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw storeFailed(path, "read", error);
    }
    return parseTokenFile(path, text);
  }

  async function replace(tokens: StoredTokens): Promise<void> {
    const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(serialize(tokens, new Date(now()).toISOString()));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(temp, 0o600); // the umask may have narrowed it; never widened
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw storeFailed(path, "write", error);
    }
  }

  async function withLock<T>(work: () => Promise<T>): Promise<T> {
    let release: () => Promise<void>;
    try {
      await mkdir(dirname(path), { recursive: true });
      release = await acquireLock(path);
    } catch (error) {
      throw storeFailed(path, "lock", error);
    }
    try {
      return await work();
    } finally {
      await release().catch(() => undefined);
    }
  }

  return {
    kind: "file",
    location: path,
    read: readCurrent,
    write: (update: TokenUpdate) =>
      withLock(async () => {
        const current = await readCurrent();
        const next = merge(current, update);
        const changed = (["clientId", "accessToken", "refreshToken"] as const).filter(
          (k) => next[k] !== current[k],
        );
        if (changed.length > 0) await replace(next);
        return changed;
      }),
    deleteAccessToken: () =>
      withLock(async () => {
        const current = await readCurrent();
        if (current.accessToken === undefined) return false;
        const { accessToken: _dropped, ...rest } = current;
        await replace(rest);
        return true;
      }),
  };
}
