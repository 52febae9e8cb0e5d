// Tests run each script the way a person does: node + the tsx CLI, a cwd, an explicit environment.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export {
  type ChildOptions as RunOptions,
  type ChildRun as Run,
  type RunningChild as Running,
  runChild as runScript,
  startChild as startScript,
} from "../lib/child.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
