// The runner's workflow commands, written directly as the runner documents them
// (docs.github.com: "Workflow commands for GitHub Actions"). @actions/core would do the same but
// loads @actions/http-client, undici and tunnel (for OIDC) before the first line runs: over a
// megabyte parsed on every skip. The formats below are @actions/core 3's, byte for byte.
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { EOL } from "node:os";
import type { ActionsIO } from "./ports.js";

type Env = Record<string, string | undefined>;

/** An input as the runner passes it: INPUT_<NAME> (spaces to _, upper case), trimmed, "" when unset. */
export function getInput(name: string, env: Env): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** `%`, CR and LF escaped, so one message is one command line. */
function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** How the runner spots a command: `::name::` (or the older `##[name]`) after leading spaces. */
const COMMAND_START = /^(\s*)(::|##\[)/;

/**
 * A log message as plain lines: whatever foreign text it quotes (a FYERS, AWS or GitHub answer),
 * no line of it is a workflow command. Every CR and LF starts a line of its own (the runner reads
 * a lone CR as a line end too), and a line's leading `::` or `##[` is written %-escaped.
 */
export function plainLines(message: string): string {
  return message
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line.replace(COMMAND_START, (_, space: string, start: string) =>
        start === "::" ? `${space}%3A%3A` : `${space}%23%23[`,
      ),
    )
    .join(EOL);
}

/** `::name key=value::message` on its own line of stdout. */
export function command(name: string, message: string, properties: Record<string, string> = {}): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(",");
  return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}${EOL}`;
}

/** A `name<<delimiter` block for GITHUB_OUTPUT, with a delimiter that cannot occur in the value. */
export function outputBlock(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`output ${name}: the value contains the delimiter ${delimiter}`);
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

/** The runner side of ActionsIO. */
export function actionsIO(
  env: Env,
  write: (text: string) => void = (t) => process.stdout.write(t),
): ActionsIO {
  // Raw inputs and parsed ones overlap; one mask command per value keeps the log readable.
  const masked = new Set<string>();
  return {
    setSecret: (value) => {
      if (masked.has(value)) return;
      masked.add(value);
      write(command("add-mask", value));
    },
    setOutput: (name, value) => {
      const file = env.GITHUB_OUTPUT;
      if (!file) {
        write(EOL);
        write(command("set-output", value, { name }));
        return;
      }
      if (!existsSync(file)) throw new Error(`GITHUB_OUTPUT names a missing file: ${file}`);
      appendFileSync(file, outputBlock(name, value), "utf8");
    },
    info: (message) => write(`${plainLines(message)}${EOL}`),
    debug: (message) => write(command("debug", message)),
    warning: (message) => write(command("warning", message)),
    setFailed: (message) => {
      process.exitCode = 1;
      write(command("error", message));
    },
    async writeSummary(markdown) {
      // Outside a runner there is simply no summary.
      const file = env.GITHUB_STEP_SUMMARY;
      if (!file) return;
      await appendFile(file, `${markdown}${EOL}`, "utf8");
    },
  };
}
