// What each acceptance case records for the summary line (tools/acceptance-reporter.ts).
declare module "vitest" {
  interface TaskMeta {
    /** Runs whose output was scanned for secrets. */
    runsScanned?: number;
    /** Secret values found in that output (must be 0). */
    leaks?: number;
  }
}

export {};
