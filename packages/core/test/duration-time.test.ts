import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../src/duration.js";
import { FyersTokenError } from "../src/errors.js";
import { formatIst, isoUtc, nextRollover } from "../src/time.js";

describe("parseDuration", () => {
  it.each([
    ["90s", 90],
    ["2h", 7200],
    ["1h30m", 5400],
    ["3d", 259200],
    [" 45m ", 2700],
    ["1d2h3m4s", 93784],
  ])("reads %s as %i seconds", (text, seconds) => {
    expect(parseDuration(text, "min-remaining")).toBe(seconds);
  });

  it.each(["2 hours", "-1h", "", "1.5h", "h", "10", "2H", "1w", "1h 30m"])(
    "refuses %j, naming the input and the form",
    (text) => {
      const error = (() => {
        try {
          parseDuration(text, "min-remaining");
        } catch (e) {
          return e;
        }
      })() as FyersTokenError;
      expect(error).toBeInstanceOf(FyersTokenError);
      expect(error.code).toBe("invalid_config");
      expect(error.variable).toBe("min-remaining");
      expect(error.message).toContain("min-remaining");
      expect(error.hint).toContain("1h30m");
    },
  );
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
  });

  it.each([
    ["2026-11-26T10:00:00Z", "2026-11-27T00:30:00Z"], // afternoon IST → tomorrow 06:00 IST
    ["2026-11-26T00:10:00Z", "2026-11-26T00:30:00Z"], // 05:40 IST → today 06:00 IST
    ["2026-11-26T00:30:00Z", "2026-11-27T00:30:00Z"], // exactly at rollover → the next one
    ["2026-12-31T23:00:00Z", "2027-01-01T00:30:00Z"], // across a year
  ])("the next 06:00 IST after %s is %s", (now, next) => {
    expect(isoUtc(nextRollover(Date.parse(now)))).toBe(next);
  });
});
