import { createInterface } from "node:readline";
import { FyersTokenError } from "@fyers-token/core";
import type { Io } from "./io.js";

export type Stdin = NodeJS.ReadableStream & { isTTY?: boolean };

/**
 * The first non-empty line of stdin, trimmed: what people paste or pipe. Rejects with a usage
 * error when stdin ends first, and gives up when `signal` aborts.
 */
export function readFirstLine(stdin: Stdin, what: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdin, terminal: false });
    let settled = false;
    const finish = (result: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      lines.close();
      result();
    };
    const onAbort = () => finish(() => reject(signal?.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    // An endless stream with no line break (< /dev/zero) would otherwise grow one line forever.
    let read = 0;
    const onData = (chunk: string | Buffer) => {
      read += chunk.length;
      if (read > MAX_STDIN_BYTES) finish(() => reject(tooMuch(what)));
    };
    stdin.on("data", onData);
    lines.once("close", () => stdin.removeListener("data", onData));
    lines.on("line", (line) => {
      if (line.trim() !== "") finish(() => resolve(line.trim()));
    });
    lines.on("close", () =>
      finish(() =>
        reject(
          new FyersTokenError("invalid_config", `stdin ended before ${what} was given`, {
            variable: "stdin",
            hint: `pipe or paste ${what}, then press Enter`,
          }),
        ),
      ),
    );
  });
}

/** Far more than any paste (a redirect URL is about 1 kB); past this stdin is not what was asked for. */
const MAX_STDIN_BYTES = 16 * 1024 * 1024;

function tooMuch(what: string): FyersTokenError {
  return new FyersTokenError(
    "invalid_config",
    `stdin gave more than ${MAX_STDIN_BYTES / 1024 ** 2} MB before ${what} was found; that is not ${what}`,
    { variable: "stdin", hint: `pipe or paste only ${what}, then press Enter` },
  );
}

/**
 * A token or auth code given on the command line: `-` reads it from stdin; a literal value
 * works (the guide's habit) but is visible to other processes, so the user is told.
 */
export async function secretFlag(
  value: string,
  flag: string,
  what: string,
  io: Io,
  stdin: Stdin,
): Promise<string> {
  if (value === "-" && stdin.isTTY) io.say(`Paste ${what}, then press Enter:`);
  const secret = value === "-" ? await readFirstLine(stdin, what) : value;
  io.protect(secret);
  if (value !== "-") {
    io.warn(
      `--${flag} on the command line is visible to other processes and kept in shell history; use --${flag} - and pipe it instead`,
    );
  }
  return secret;
}
