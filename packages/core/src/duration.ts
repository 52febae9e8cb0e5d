import { configError } from "./errors.js";

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const DURATION = /^(?:\d+[smhd])+$/;

/** Parses `90s`, `2h`, `1h30m`, `3d` into seconds; anything else is a usage error naming `name`. */
export function parseDuration(text: string, name: string): number {
  const value = text.trim();
  if (!DURATION.test(value)) {
    throw configError(
      name,
      `"${text}" is not a duration`,
      "use one or more <integer><unit> with units s, m, h, d, e.g. 90s, 2h, 1h30m, 3d",
    );
  }
  let seconds = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)([smhd])/g)) {
    seconds += Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
  }
  return seconds;
}

/** `3h 25m`, `2d 4h`, `45s`: the two largest units, for people. */
export function formatDuration(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? "-" : "";
  let rest = Math.abs(Math.round(totalSeconds));
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0 || (unit === "s" && parts.length === 0)) parts.push(`${amount}${unit}`);
  }
  return sign + parts.slice(0, 2).join(" ");
}
