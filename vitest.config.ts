import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
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
