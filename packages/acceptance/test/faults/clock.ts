const PRELOAD = new URL("./clock.mjs", import.meta.url).href;

/**
 * The environment that runs a child process (the action, a script) with its clock frozen at this
 * process's now + `offsetMs` (see clock.mjs): the instant the case chose, however late the child
 * starts. Deadlines and pauses still run on real timers.
 */
export function shiftedClockEnv(offsetMs: number): Record<string, string> {
  return { NODE_OPTIONS: `--import=${PRELOAD}`, FAKE_CLOCK_AT_MS: String(Date.now() + offsetMs) };
}
