// Preloaded into the bundled action or a script (NODE_OPTIONS=--import, see clock.ts) to run it at
// a chosen instant: its clock is FROZEN at FAKE_CLOCK_AT_MS (ms since the epoch); timers are not
// touched. Weekend and holiday rules depend on the IST date, and the suite must give the same
// verdict on any day it runs, on a loaded machine too: a clock that kept running would let a run
// that starts late write `00:35:01` where the case expects `00:35:00`.
const at = Number(process.env.FAKE_CLOCK_AT_MS ?? "");
if (process.env.FAKE_CLOCK_AT_MS && Number.isFinite(at)) {
  const RealDate = Date;
  class FrozenDate extends RealDate {
    constructor(...args) {
      super(...(args.length === 0 ? [at] : args));
    }
    static now() {
      return at;
    }
  }
  globalThis.Date = FrozenDate;
}
