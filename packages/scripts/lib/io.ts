import { join, resolve } from "node:path";
import { createScrubber } from "@fyers-token/core";

/** The repository root (this file is packages/scripts/lib/io.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, "../../..");
/** How hints name a script: a command for the repository root. */
const ROOT_COMMAND = /npx tsx packages\/scripts\//g;

/** A path as one shell word. */
function shellWord(path: string): string {
  return /^[\w./:@%+=-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

/**
 * Hints name scripts as run from the repository root (`npx tsx packages/scripts/login.ts`).
 * Printed in any other folder, that command finds neither tsx nor the script: there it becomes
 * `npx --prefix REPO tsx REPO/packages/scripts/login.ts`, which runs from that very folder
 * (npx --prefix finds tsx in the repository and keeps the working folder, so the token file
 * is still looked for where the user is).
 */
export function commandsFrom(cwd: string, repo: string = REPO_ROOT): (text: string) => string {
  if (resolve(cwd) === resolve(repo)) return (text) => text;
  const here = `npx --prefix ${shellWord(repo)} tsx ${shellWord(join(repo, "packages", "scripts"))}/`;
  return (text) => text.replace(ROOT_COMMAND, here);
}

/** Decorations for people; plain words when the output is not a colour terminal. */
const ICONS = {
  ok: ["✅", "ok:"],
  access: ["🔐", ""],
  refresh: ["🔄", ""],
  saved: ["💾", ""],
  party: ["🎉", ""],
  rocket: ["🚀", ""],
  book: ["📖", ""],
} as const;
export type Icon = keyof typeof ICONS;

const ANSI = { dim: [2, 22], red: [31, 39], yellow: [33, 39] } as const;
type Style = keyof typeof ANSI;

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * What a script says: the result on stdout, messages for people on stderr. Every stderr line
 * goes through the scrubber; stdout too unless the user asked for values (`--json`/`--reveal`).
 */
export interface Io {
  /** Marks values that must never be shown (secrets, tokens, auth codes). */
  protect(...values: Array<string | undefined>): void;
  /** The text with every protected value hidden. */
  scrub(text: string): string;
  out(text: string): void;
  say(text: string): void;
  line(icon: Icon, text: string): void;
  warn(text: string): void;
  error(message: string, hint?: string): void;
}

/** Colours and emoji only for a person at a terminal who has not set NO_COLOR. */
export function isStyled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
}

/**
 * Routes every later write on `stream` through `scrub`: a last line of defence that also covers
 * text this code does not write itself (Node warnings, a library's console output).
 */
export function guardWrites(stream: NodeJS.WriteStream, scrub: (text: string) => string): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(
      typeof chunk === "string" || Buffer.isBuffer(chunk) ? scrub(chunk.toString()) : chunk,
      ...rest,
    )) as typeof stream.write;
}

export function createIo(
  streams: Streams,
  env: NodeJS.ProcessEnv,
  options: { reveal: boolean; cwd?: string },
): Io {
  const scrubber = createScrubber();
  const runnable = commandsFrom(options.cwd ?? process.cwd());
  const styled = isStyled(streams.stderr, env);
  const paint = (style: Style, text: string) =>
    styled ? `\u001b[${ANSI[style][0]}m${text}\u001b[${ANSI[style][1]}m` : text;
  const say = (text: string) => streams.stderr.write(`${runnable(scrubber.scrub(text))}\n`);
  return {
    protect: (...values) => scrubber.add(...values),
    scrub: (text) => scrubber.scrub(text),
    out: (text) => streams.stdout.write(`${runnable(options.reveal ? text : scrubber.scrub(text))}\n`),
    say,
    line: (icon, text) => {
      const mark = ICONS[icon][styled ? 0 : 1];
      say(mark ? `${mark} ${text}` : text);
    },
    warn: (text) => say(`${paint("yellow", "warning:")} ${text}`),
    error: (message, hint) => {
      say(`${paint("red", "error:")} ${message}`);
      if (hint) say(`${paint("dim", "hint:")} ${hint}`);
    },
  };
}
