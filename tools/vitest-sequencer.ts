// The order files start in: longest first, across projects. Vitest's own order goes project by
// project (acceptance, action, callback, core, scripts…), so on a clean clone a long scripts file
// started last and ran alone while the other worker sat idle. Known durations come from vitest's
// cache; a clean clone has none, so the files that take long here are named below (seconds on a
// 2-core machine; a stale figure only changes the order), and any other file goes by its size.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const SECONDS: Record<string, number> = {
  "packages/core/test/reader-python.test.ts": 21,
  "packages/callback/test/cdk.test.ts": 20, // and about 5 s more to import aws-cdk-lib
  "packages/acceptance/test/hostile-deploy.test.ts": 17,
  "packages/acceptance/test/hostile-readers.test.ts": 11,
  "packages/acceptance/test/hostile-action.test.ts": 10,
  "packages/acceptance/test/hostile-callback.test.ts": 9,
  "packages/scripts/test/cli.test.ts": 9,
  "packages/core/test/pack.test.ts": 8,
  "packages/acceptance/test/faults.test.ts": 7,
  "packages/scripts/test/demo-one-tap.test.ts": 7,
  "packages/core/test/ssm-store.test.ts": 6,
  "packages/callback/test/handler.test.ts": 6,
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const root = this.ctx.config.root;
    const estimate = (spec: TestSpecification): number => {
      const file = relative(root, spec.moduleId);
      const key = `${spec.project.name}:${file}`;
      const known = cache.getFileTestResults(key);
      if (known?.failed) return Number.POSITIVE_INFINITY; // a failed file first, as vitest does
      // In seconds: the last run's duration, else the figure above, else 2 KB of test a second.
      return (known?.duration ?? 0) / 1000 || SECONDS[file] || (cache.getFileStats(key)?.size ?? 0) / 2000;
    };
    const weights = new Map(files.map((spec) => [spec, estimate(spec)]));
    return [...files].sort((a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0));
  }
}
