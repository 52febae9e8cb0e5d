import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "callback", testTimeout: 60_000, passWithNoTests: true },
});
