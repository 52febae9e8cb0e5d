// The README's callback section is the set-up the tests follow: its shell commands, read here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "@fyers-token/testkit/harness";

export const SECTION = "## The one-tap login (AWS Lambda callback)";

/** Every command in the section's ```sh blocks, in order. */
export function readmeCommands(): string[] {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const end = readme.indexOf("\n## ", start + SECTION.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const commands: string[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? "").split("\n")) {
      const command = line.trim();
      if (command !== "" && !command.startsWith("#")) commands.push(command);
    }
  }
  return commands;
}

/** The one command of the section that matches, or a failure naming what the README lacks. */
export function readmeCommand(matches: RegExp): string {
  const found = readmeCommands().filter((c) => matches.test(c));
  if (found.length !== 1)
    throw new Error(
      `README's callback section should show one command matching ${matches}; found ${found.length}`,
    );
  return found[0] as string;
}
