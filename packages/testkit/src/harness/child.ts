import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleFor } from "./bundle-manifest.js";
import { REPO } from "./repo.js";

export { REPO };

/** packages/scripts. */
export const SCRIPTS_DIR = join(REPO, "packages/scripts");
/** tsx's own CLI: what `npx tsx` runs. */
export const TSX_CLI = fileURLToPath(import.meta.resolve("tsx/cli"));
/**
 * tsx's loader, which its CLI starts a second node with (`node --import tsx file.ts`): the same
 * transform and the same script, without the CLI's own node process in front (0.6 s → 0.37 s a
 * start here, over hundreds of starts). Given as a URL: the child's folder has no node_modules.
 */
export const TSX_LOADER = import.meta.resolve("tsx");

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Run as this user (and group of the same id), e.g. 65534 to drop root's rights. */
  uid?: number;
  /**
   * Run in a new, unmapped user namespace (`unshare --user`): the same uid, so the owner bits
   * of every file apply and root-owned folders of mode 0700 stay reachable, but without the
   * capabilities that let root ignore a file's mode. For "unreadable file" cases as root.
   */
  withoutCapabilities?: boolean;
  /** Written to stdin, which is then closed; closed at once when absent; `{ open: true }` leaves it to the caller. */
  stdin?: string | { open: true };
}

export interface RunningChild {
  child: ChildProcessWithoutNullStreams;
  /** The first line the script writes to stdout (login.ts: the login URL), or "" if none. */
  firstLine: Promise<string>;
  done: Promise<ChildRun>;
}

/** Starts `packages/scripts/<name>` as `npx tsx` would, collecting what it prints. */
export function startChild(name: string, args: string[], options: ChildOptions): RunningChild {
  return startTsx(join(SCRIPTS_DIR, name), args, options);
}

/**
 * Starts any TypeScript file under tsx's loader, collecting what it prints; in the test suite, a
 * file it has bundled runs as that bundle (bundles.ts), which is what most starts are.
 */
export function startTsx(file: string, args: string[], options: ChildOptions): RunningChild {
  const bundle = bundleFor(file);
  return startNode(bundle ? [bundle, ...args] : ["--import", TSX_LOADER, file, ...args], options);
}

/** Starts this process's node with `nodeArgs`, collecting what it prints. */
export function startNode(nodeArgs: string[], options: ChildOptions): RunningChild {
  const command = [process.execPath, ...nodeArgs];
  const [program = "", ...rest] = options.withoutCapabilities
    ? ["unshare", "--user", "--", ...command]
    : command;
  const child = spawn(program, rest, {
    cwd: options.cwd,
    env: options.env,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  let stdout = "";
  let stderr = "";
  let lineSeen: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => {
    lineSeen = resolve;
  });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.includes("\n")) lineSeen(stdout.slice(0, stdout.indexOf("\n")));
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  if (typeof options.stdin === "string") child.stdin.write(options.stdin);
  if (typeof options.stdin !== "object") child.stdin.end();
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      lineSeen("");
      resolve({ code, stdout, stderr });
    });
  });
  return { child, firstLine, done };
}

export function runChild(name: string, args: string[], options: ChildOptions): Promise<ChildRun> {
  return startChild(name, args, options).done;
}

export function runTsx(file: string, args: string[], options: ChildOptions): Promise<ChildRun> {
  return startTsx(file, args, options).done;
}
