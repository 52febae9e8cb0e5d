// Preloaded into the bundled action or a script (NODE_OPTIONS=--import, see clock.ts) to run it on
// a chosen calendar day: its clock is moved by FAKE_CLOCK_OFFSET_MS, timers are not. Weekend and holiday rules
// depend on the IST date, and the suite must give the same verdict on any day it runs.
const offset = Number(process.env.FAKE_CLOCK_OFFSET_MS ?? "0");
if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class ShiftedDate extends RealDate {
    constructor(...args) {
      super(...(args.length === 0 ? [realNow() + offset] : args));
    }
    static now() {
      return realNow() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
