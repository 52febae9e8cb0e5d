// The closing counts of a run, from vitest's JSON report (.vitest-report.json): every failed case
// AND every failed file, so a file that crashed at import or in a hook is never missing from them.
//   861 passed, 1 failed, 14 skipped
// Shared by tools/test-unit.mjs (npm test) and tools/test-summary.mjs (.ci/run).

/**
 * @param {any} report vitest's JSON report
 * @param {number} [exitStatus] vitest's exit status: a failure outside every case (coverage below
 *   its floor, an unhandled error) still counts as one failure.
 */
export function countRun(report, exitStatus = 0) {
  const files = report.testResults ?? [];
  // A file whose cases all passed or skipped but that failed anyway crashed outside them.
  const crashed = files.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((c) => c.status === "failed"),
  );
  const passed = report.numPassedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  let failed = (report.numFailedTests ?? 0) + crashed.length;
  const notes = crashed.map(
    (file) => `failed file: ${relative(file.name)}: ${firstLine(file.message) || "failed outside its cases"}`,
  );
  if (failed === 0 && (exitStatus !== 0 || report.success === false)) {
    failed = 1;
    notes.push(
      `failed run: vitest exited ${exitStatus} with no failed case (coverage below its floor, or an error outside the tests: see above)`,
    );
  }
  return { passed, failed, skipped, notes };
}

/** `N passed, N failed, N skipped`: CI reads this line; it is printed last and alone. */
export function countsLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function firstLine(text) {
  return String(text ?? "")
    .split("\n")[0]
    .trim()
    .slice(0, 500);
}

function relative(path) {
  const cwd = `${process.cwd()}/`;
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}
