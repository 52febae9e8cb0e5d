import { configError } from "../errors.js";
import { IST_OFFSET_MS } from "../time.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * Exchange holidays as `YYYY-MM-DD`, comma or newline separated; `#` starts a comment, so a
 * pasted list may keep the holiday names (`2026-01-26 # Republic Day`).
 */
export function parseHolidays(text: string, name: string): Set<string> {
  const dates = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const data = line.replace(/#.*$/, "");
    const hidden = /#.*?(\d{4}-\d{2}-\d{2})/.exec(line)?.[1];
    // A folded YAML block (`>`) joins the lines: every date after the first `#` would silently be a comment.
    if (hidden !== undefined) {
      throw configError(
        name,
        `"${hidden}" is inside a comment (after #), so it would not count as a holiday`,
        "put each date on its own line before its # comment (a YAML `>` block joins lines: use `|`), or leave the comments out",
      );
    }
    for (const word of data.split(/[\s,]+/)) {
      if (word === "") continue;
      if (!isCalendarDate(word)) {
        throw configError(
          name,
          `"${word.slice(0, 20)}" is not a date; write YYYY-MM-DD dates, comma or newline separated`,
          "e.g. 2026-01-26,2026-03-03",
        );
      }
      dates.add(word);
    }
  }
  return dates;
}

function isCalendarDate(word: string): boolean {
  const match = DATE.exec(word);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether the exchange trades on the IST date of `nowMs`: not on a weekend or a listed holiday. */
export function tradingDay(nowMs: number, holidays: Set<string>): { trading: boolean; why?: string } {
  const ist = new Date(nowMs + IST_OFFSET_MS);
  const date = ist.toISOString().slice(0, 10);
  const weekday = ist.getUTCDay();
  if (weekday === 0 || weekday === 6) {
    return { trading: false, why: `${date} is a ${WEEKDAYS[weekday]} (IST), not a trading day` };
  }
  if (holidays.has(date))
    return { trading: false, why: `${date} is listed in the holidays, not a trading day` };
  return { trading: true };
}
