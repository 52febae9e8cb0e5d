import { spawn } from "node:child_process";
import type { Io } from "./io.js";

/** The platform's "open this URL" command; the URL is one argument, never parsed by a shell. */
function opener(url: string): [string, string[]] {
  switch (process.platform) {
    case "darwin":
      return ["open", [url]];
    case "win32":
      // `start` is a cmd built-in that splits on `&`; rundll32 takes the URL as one argument.
      return ["rundll32", ["url.dll,FileProtocolHandler", url]];
    default:
      return ["xdg-open", [url]];
  }
}

/** Opens the login URL in the default browser; failing to is a warning, the URL is printed anyway. */
export function openBrowser(url: string, io: Io): void {
  const [command, args] = opener(url);
  try {
    const child = spawn(command, args, { detached: true, stdio: "ignore" });
    child.on("error", () => io.warn(`could not start ${command}; open the URL yourself`));
    child.unref();
  } catch {
    io.warn(`could not start ${command}; open the URL yourself`);
  }
}
