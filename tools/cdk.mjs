// `npm run cdk -- <bootstrap|synth|deploy|destroy> …` from the repository root: the aws-cdk CLI of
// packages/callback, run in packages/callback/cdk (where cdk.json is), with three additions:
// `--profile NAME` also reaches the app (it checks that profile's region: no silent us-east-1),
// and a deploy writes its outputs to cdk.out/outputs.json and prints the next steps from them.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { nextSteps } from "./cdk-next-steps.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const cdkDir = join(root, "packages/callback/cdk");
const cli = join(
  createRequire(join(root, "packages/callback/package.json"))
    .resolve("aws-cdk/package.json")
    .replace(/package\.json$/, ""),
  "bin/cdk",
);

const args = process.argv.slice(2);
const env = { ...process.env };
const profileAt = args.findIndex((a) => a === "--profile" || a.startsWith("--profile="));
if (profileAt >= 0) {
  const given = args[profileAt];
  env.AWS_PROFILE = given.includes("=") ? given.slice(given.indexOf("=") + 1) : args[profileAt + 1];
}

const command = args.find((a) => !a.startsWith("-"));
const wantsOutputs = command === "deploy" && !args.some((a) => a === "-O" || a.startsWith("--outputs-file"));
const outputsFile = join(cdkDir, "cdk.out", "outputs.json");
if (wantsOutputs) args.push("--outputs-file", outputsFile);

/** The NextSteps output of each deployed stack, one step a line. */
function printNextSteps() {
  if (!existsSync(outputsFile)) return;
  const stacks = JSON.parse(readFileSync(outputsFile, "utf8"));
  for (const [stack, outputs] of Object.entries(stacks)) {
    if (typeof outputs?.NextSteps !== "string") continue;
    const steps = nextSteps(outputs.NextSteps);
    process.stdout.write(`\nNext steps for ${stack} (from the repository root):\n`);
    for (const step of steps) process.stdout.write(`  ${step}\n`);
  }
}

const child = spawn(process.execPath, [cli, ...args], { cwd: cdkDir, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`cdk: could not start ${cli}: ${error.message} (run npm ci first)`);
  process.exit(1);
});
child.on("close", (code, signal) => {
  if (code === 0 && wantsOutputs) printNextSteps();
  process.exit(code ?? (signal ? 1 : 0));
});
