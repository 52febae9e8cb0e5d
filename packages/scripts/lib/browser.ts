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

/**
 * What a browser needs to start on the person's desktop, by name: where programs are, who and
 * where the user is, the display, the locale. Nothing else: the scripts' environment holds the
 * app secret, the PIN and AWS keys, and a browser (and every helper it starts) would inherit them.
 */
const BROWSER_ENV = new Set([
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "TMPDIR",
  "TZ",
  "LANG",
  "LANGUAGE",
  "BROWSER",
  "DISPLAY",
  "WAYLAND_DISPLAY",
  "XAUTHORITY",
  "DBUS_SESSION_BUS_ADDRESS",
  // Windows: the system folders, the user's profile, how to run programs.
  "SYSTEMROOT",
  "WINDIR",
  "COMSPEC",
  "PATHEXT",
  "USERPROFILE",
  "APPDATA",
  "LOCALAPPDATA",
  "PROGRAMFILES",
  "TEMP",
  "TMP",
]);
/** The freedesktop directories and session (XDG_*) and the locale categories (LC_*). */
const BROWSER_ENV_PREFIXES = ["XDG_", "LC_"];

/** The minimal environment for the browser, from the script's own. */
export function browserEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => {
      const upper = name.toUpperCase();
      const wanted = BROWSER_ENV.has(upper) || BROWSER_ENV_PREFIXES.some((p) => upper.startsWith(p));
      return value !== undefined && wanted;
    }),
  );
}

/** Opens the login URL in the default browser; failing to is a warning, the URL is printed anyway. */
export function openBrowser(url: string, io: Io, env: NodeJS.ProcessEnv = process.env): void {
  const [command, args] = opener(url);
  try {
    const child = spawn(command, args, { detached: true, stdio: "ignore", env: browserEnvironment(env) });
    child.on("error", () => io.warn(`could not start ${command}; open the URL yourself`));
    child.unref();
  } catch {
    io.warn(`could not start ${command}; open the URL yourself`);
  }
}
