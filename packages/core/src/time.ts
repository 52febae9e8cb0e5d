/** FYERS tokens roll over at 06:00 IST = 00:30 UTC; IST has no daylight saving. */
export const IST_OFFSET_MS = 5.5 * 3600 * 1000;
const ROLLOVER_UTC_MS = 30 * 60 * 1000;
const DAY_MS = 86400 * 1000;

/** ISO 8601 in UTC with `Z`, whole seconds: `2026-11-27T00:30:00Z`. */
export function isoUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The last instant `formatIst` can show with a four-digit year. */
const LAST_IST_MS = Date.parse("9999-12-31T18:29:59Z");

/** `2026-11-27 06:00 IST`, for people; "an unknown time" for a value no date can show. */
export function formatIst(ms: number): string {
  if (!(ms >= 0 && ms <= LAST_IST_MS)) return "an unknown time";
  const ist = new Date(ms + IST_OFFSET_MS).toISOString();
  return `${ist.slice(0, 10)} ${ist.slice(11, 16)} IST`;
}

/** The next 06:00 IST strictly after `nowMs`: when today's FYERS access tokens die. */
export function nextRollover(nowMs: number): number {
  const lastRollover = Math.floor((nowMs - ROLLOVER_UTC_MS) / DAY_MS) * DAY_MS + ROLLOVER_UTC_MS;
  return lastRollover + DAY_MS;
}

export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
