// Test harnesses (the child-process runner itself is in the main entry, for the demo):
// run the scripts and the bundled action the way people and the runner do,
// against the fakes, and check what they print for secrets. Vitest-only: import from tests.
export * from "./action.js";
export { REPO } from "./child.js";
export * from "./constants.js";
export * from "./leaks.js";
export * from "./scripts.js";
export * from "./tools.js";
