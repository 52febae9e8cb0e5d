import { defineProject } from "vitest/config";

// The tests spawn the real scripts through tsx (~0.5 s each), some of them waiting on a timeout.
export default defineProject({
  test: { name: "scripts", testTimeout: 30_000, hookTimeout: 30_000 },
});
