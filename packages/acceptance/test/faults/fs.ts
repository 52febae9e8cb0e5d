// File-system faults that hold for root too (CI containers run the tests as root, and root
// ignores mode bits): an immutable folder, and a file the script may not read.
import { execFile, execFileSync } from "node:child_process";
import { chmod, chown } from "node:fs/promises";
import { promisify } from "node:util";
import type { ScriptRunOptions } from "./scripts.js";

const run = promisify(execFile);

const isRoot = process.getuid?.() === 0;
/** The unprivileged user root runs a script as, so that file permissions apply to it. */
const NOBODY = 65534;

/** Why these faults cannot be staged here, or undefined when they can. */
export const permissionsUnsupported =
  process.platform === "win32" ? "Windows has no POSIX permissions or chattr" : undefined;

/**
 * Makes `dir` read-only for the script: `chattr +i` as root (no one, root included, may create,
 * rename or remove files in it), mode 0500 otherwise. Returns the undo, or why it cannot be done.
 */
export async function makeReadOnly(dir: string): Promise<{ undo: () => Promise<void> } | { reason: string }> {
  if (!isRoot) {
    await chmod(dir, 0o500);
    return { undo: () => chmod(dir, 0o700) };
  }
  try {
    await run("chattr", ["+i", dir]);
  } catch (error) {
    return { reason: `chattr +i is not possible here: ${(error as Error).message.split("\n")[0]}` };
  }
  return { undo: () => run("chattr", ["-i", dir]).then(() => undefined) };
}

/** True when this process may start a child in a new user namespace (`unshare --user`). */
function canDropCapabilities(): boolean {
  try {
    execFileSync("unshare", ["--user", "--", "true"], { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes the token `file` unreadable for the script, which keeps its folder: the file loses its
 * read permission (mode 0000). Root ignores modes, so as root the script runs in a new user
 * namespace without capabilities (same uid: a clone under a 0700 folder stays reachable). Where
 * user namespaces are not allowed, root runs the script as an unprivileged user that owns the
 * folder. Returns the options to run the script with, and the undo.
 */
export async function makeUnreadable(
  dir: string,
  file: string,
): Promise<{ options: ScriptRunOptions; undo: () => Promise<void> }> {
  if (isRoot && !canDropCapabilities()) {
    await chown(dir, NOBODY, NOBODY);
    return { options: { uid: NOBODY }, undo: () => chown(dir, 0, 0) };
  }
  await chmod(file, 0o000);
  return {
    options: { fileMode: 0o000, ...(isRoot ? { withoutCapabilities: true } : {}) },
    undo: () => chmod(file, 0o600),
  };
}
