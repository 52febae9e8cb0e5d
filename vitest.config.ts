import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import LongestFirst from "./tools/vitest-sequencer.js";

export default defineConfig({
  test: {
    // Most of the time a case waits on a child process or a socket, not a core: two files at once
    // even on a 2-core machine (vitest's default there is one).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ["./tools/vitest-setup.ts"],
    sequence: { sequencer: LongestFirst },
    projects: [
      "packages/*",
      // The test tools' own tests (tools/test/): the closing lines of a run.
      { test: { name: "tools", include: ["tools/test/*.test.ts"], testTimeout: 60_000 } },
    ],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }], "./tools/acceptance-reporter.ts"],
    coverage: {
      provider: "v8",
      include: ["packages/core/src/**/*.ts"],
      // The per-file table goes to coverage/coverage.txt so a run ends on the verdict line.
      reporter: ["text-summary", ["text", { file: "coverage.txt" }]],
      thresholds: { lines: 90 },
    },
  },
});
