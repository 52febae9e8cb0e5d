// File-system faults that hold for root too (CI containers run the tests as root, and root
// ignores mode bits): an immutable folder, and a file the script's user may not read.
import { execFile } from "node:child_process";
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

/**
 * Makes the token `file` in `dir` unreadable for the script, which keeps its folder. As root: the
 * folder goes to an unprivileged user who then runs the script, and the file (mode 0600) stays
 * root's. Otherwise: the file loses its read permission (mode 0000). Returns the options to run
 * the script with, and the undo.
 */
export async function makeUnreadable(
  dir: string,
  file: string,
): Promise<{ options: ScriptRunOptions; undo: () => Promise<void> }> {
  if (isRoot) {
    await chown(dir, NOBODY, NOBODY);
    return { options: { uid: NOBODY }, undo: () => chown(dir, 0, 0) };
  }
  await chmod(file, 0o000);
  return { options: { fileMode: 0o000 }, undo: () => chmod(file, 0o600) };
}
