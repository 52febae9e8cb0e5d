import { describe, expect, it } from "vitest";
import { DURATION_RANGES, formatDuration, parseDuration } from "../src/duration.js";
import { FyersTokenError } from "../src/errors.js";
import { formatIst, isoUtc, nextRollover } from "../src/time.js";

function configErrorOf(run: () => unknown): FyersTokenError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FyersTokenError);
    expect((error as FyersTokenError).code).toBe("invalid_config");
    return error as FyersTokenError;
  }
  throw new Error("expected a configuration error");
}

describe("parseDuration", () => {
  it.each([
    ["90s", 90],
    ["2h", 7200],
    ["1h30m", 5400],
    ["3d", 259200],
    [" 45m ", 2700],
    ["1d2h3m4s", 93784],
    ["0s", 0],
  ])("reads %s as %i seconds", (text, seconds) => {
    expect(parseDuration(text, "min-remaining")).toBe(seconds);
  });

  it.each([
    "2 hours",
    "",
    "1.5h",
    "h",
    "10",
    "2H",
    "1w",
    "1h 30m",
    "1h1h",
    "30m1h",
    "1s1d",
    "-",
    "--1m",
    "1h-",
  ])("refuses %j, naming the input and the form", (text) => {
    const error = configErrorOf(() => parseDuration(text, "min-remaining"));
    expect(error.variable).toBe("min-remaining");
    expect(error.message).toBe(`min-remaining: "${text}" is not a duration`);
    expect(error.hint).toContain("largest unit first");
    expect(error.hint).toContain("1h30m");
  });

  it("parses a leading minus and refuses it by the range, never as a malformed value", () => {
    const error = configErrorOf(() => parseDuration("-1m", "--timeout", DURATION_RANGES.timeout));
    expect(error.message).toBe('--timeout: "-1m" is out of range: use at least 1s and at most 1d');
    expect(error.hint).toBe(
      "set --timeout to a duration of at least 1s and at most 1d, e.g. 30s, 10m or 1h30m",
    );
    const unranged = configErrorOf(() => parseDuration("-1h", "min-remaining"));
    expect(unranged.message).toBe('min-remaining: "-1h" is out of range: use at least 0s and at most 365d');
    expect(unranged.hint).toContain("1h30m");
  });

  it.each([
    ["timeout", "--timeout", "25d", "at least 1s and at most 1d"],
    ["timeout", "--timeout", "0s", "at least 1s and at most 1d"],
    ["fyersTimeout", "FYERS_TIMEOUT", "99999999d", "at least 1s and at most 10m"],
    ["minRemaining", "min-remaining", "23h1s", "at least 0s and at most 23h"],
    ["warnBefore", "warn-before", "31d", "at least 0s and at most 30d"],
  ] as const)("the %s range refuses %s=%s, naming %s", (range, name, text, span) => {
    const error = configErrorOf(() => parseDuration(text, name, DURATION_RANGES[range]));
    expect(error.variable).toBe(name);
    expect(error.message).toBe(`${name}: "${text}" is out of range: use ${span}`);
  });

  it.each([
    ["timeout", "1s", 1],
    ["timeout", "24h", 86400],
    ["fyersTimeout", "10m", 600],
    ["minRemaining", "0s", 0],
    ["minRemaining", "23h", 82800],
    ["warnBefore", "30d", 2592000],
  ] as const)("the %s range accepts its bound %s", (range, text, seconds) => {
    expect(parseDuration(text, "x", DURATION_RANGES[range])).toBe(seconds);
  });

  it("keeps every range that becomes a timer under Node's 2^31-1 ms limit", () => {
    for (const range of [DURATION_RANGES.timeout, DURATION_RANGES.fyersTimeout]) {
      expect(range.max * 1000).toBeLessThan(2 ** 31 - 1);
    }
  });

  it("refuses digits beyond any number with the range, and quotes a long value cut short", () => {
    const huge = `${"9".repeat(400)}d`;
    const error = configErrorOf(() => parseDuration(huge, "--timeout", DURATION_RANGES.timeout));
    expect(error.message).toBe(
      `--timeout: "${"9".repeat(40)}…" (401 characters) is out of range: use at least 1s and at most 1d`,
    );
    const junk = "x".repeat(5_000_000);
    expect(configErrorOf(() => parseDuration(junk, "--timeout")).message.length).toBeLessThan(120);
  });

  it("gives examples inside the range, typed the way the parser reads them", () => {
    const hint = (range: keyof typeof DURATION_RANGES) =>
      configErrorOf(() => parseDuration("-1s", "x", DURATION_RANGES[range])).hint;
    expect(hint("fyersTimeout")).toBe("set x to a duration of at least 1s and at most 10m, e.g. 30s or 10m");
    expect(hint("warnBefore")).toBe(
      "set x to a duration of at least 0s and at most 30d, e.g. 30s, 10m, 1h30m or 3d",
    );
    expect(configErrorOf(() => parseDuration("9s", "x", { min: 1, max: 5 })).hint).toBe(
      "set x to a duration of at least 1s and at most 5s, e.g. 5s",
    );
  });
});

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    expect(formatDuration(93784)).toBe("1d 2h");
    expect(formatDuration(5400)).toBe("1h 30m");
    expect(formatDuration(45)).toBe("45s");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(-3600)).toBe("-1h");
  });
});

describe("time", () => {
  it("formats UTC as ISO 8601 with whole seconds and Z", () => {
    expect(isoUtc(Date.parse("2026-11-27T00:30:00.987Z"))).toBe("2026-11-27T00:30:00Z");
  });

  it("formats IST for people", () => {
    expect(formatIst(Date.parse("2026-11-27T00:30:00Z"))).toBe("2026-11-27 06:00 IST");
    expect(formatIst(Date.parse("9999-12-31T18:29:59Z"))).toBe("9999-12-31 23:59 IST");
  });

  it.each([Number.NaN, Date.parse(""), 1e16, 1e300, -1, Date.parse("9999-12-31T23:59:59Z")])(
    "formats %d, which no four-digit date shows, as an unknown time instead of throwing",
    (ms) => {
      expect(formatIst(ms)).toBe("an unknown time");
    },
  );

  it.each([
    ["2026-11-26T10:00:00Z", "2026-11-27T00:30:00Z"], // afternoon IST → tomorrow 06:00 IST
    ["2026-11-26T00:10:00Z", "2026-11-26T00:30:00Z"], // 05:40 IST → today 06:00 IST
    ["2026-11-26T00:30:00Z", "2026-11-27T00:30:00Z"], // exactly at rollover → the next one
    ["2026-12-31T23:00:00Z", "2027-01-01T00:30:00Z"], // across a year
  ])("the next 06:00 IST after %s is %s", (now, next) => {
    expect(isoUtc(nextRollover(Date.parse(now)))).toBe(next);
  });
});
