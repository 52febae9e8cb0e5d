import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "acceptance", testTimeout: 60_000 },
});
