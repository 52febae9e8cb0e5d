import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "action",
    // Each end-to-end case starts the bundled action under Node 24 as a child process.
    testTimeout: 60_000,
  },
});
