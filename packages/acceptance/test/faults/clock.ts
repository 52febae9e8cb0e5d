const PRELOAD = new URL("./clock.mjs", import.meta.url).href;

/** The environment that runs a child process (the action, a script) with its clock moved by `offsetMs`. */
export function shiftedClockEnv(offsetMs: number): Record<string, string> {
  return { NODE_OPTIONS: `--import=${PRELOAD}`, FAKE_CLOCK_OFFSET_MS: String(offsetMs) };
}
