import { describe, expect, it } from "vitest";
import { isFyersTokenError } from "../src/errors.js";
import { parseNotify } from "../src/notify/channels.js";
import { decideNotice } from "../src/notify/decide.js";
import { parseHolidays, tradingDay } from "../src/notify/holidays.js";
import type { LoginNotice } from "../src/store/port.js";

const ist = (date: string, time: string): number => Date.parse(`${date}T${time}:00+05:30`);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isFyersTokenError(error, "invalid_config")) return error.message;
    throw error;
  }
  throw new Error("not refused");
}

describe("parseNotify", () => {
  it("reads a comma list, keeps order, drops duplicates; none is no channel", () => {
    expect(parseNotify("issue", "notify")).toEqual(["issue"]);
    expect(parseNotify(" Telegram , webhook,telegram ", "notify")).toEqual(["telegram", "webhook"]);
    expect(parseNotify("issue,\ntelegram", "notify")).toEqual(["issue", "telegram"]);
    expect(parseNotify("none", "notify")).toEqual([]);
  });
  it("refuses unknown channels, none with others, and nothing, naming the setting", () => {
    expect(refusal(() => parseNotify("telegram,slack", "notify"))).toBe(
      'notify: unknown channel "slack"; expected a comma list of issue, telegram, webhook, or none',
    );
    expect(refusal(() => parseNotify("none,issue", "--notify"))).toBe(
      '--notify: "none" cannot be combined with other channels',
    );
    expect(refusal(() => parseNotify(" , ", "notify"))).toMatch(/^notify: is empty/);
  });
});

describe("holidays and trading days (IST)", () => {
  it("reads dates comma or newline separated, with # comments", () => {
    expect([...parseHolidays("2026-01-26,2026-03-03\n2026-03-26 # Ram Navami\n\n", "holidays")]).toEqual([
      "2026-01-26",
      "2026-03-03",
      "2026-03-26",
    ]);
    expect(parseHolidays("", "holidays").size).toBe(0);
  });
  it("refuses what is not a calendar date, naming the setting and the word", () => {
    expect(refusal(() => parseHolidays("2026-01-26,2026-02-30", "FYERS_HOLIDAYS"))).toBe(
      'FYERS_HOLIDAYS: "2026-02-30" is not a date; write YYYY-MM-DD dates, comma or newline separated',
    );
    expect(refusal(() => parseHolidays("26/01/2026", "holidays"))).toMatch(
      /^holidays: "26\/01\/2026" is not a date/,
    );
    expect(refusal(() => parseHolidays("2026-1-26", "holidays"))).toMatch(/is not a date/);
  });
  it("weekends and listed dates are not trading days, by the IST date", () => {
    const holidays = parseHolidays("2026-12-25", "holidays");
    expect(tradingDay(ist("2026-12-04", "06:05"), holidays)).toEqual({ trading: true }); // Friday
    expect(tradingDay(ist("2026-12-05", "06:05"), holidays)).toEqual({
      trading: false,
      why: "2026-12-05 is a Saturday (IST), not a trading day",
    });
    expect(tradingDay(ist("2026-12-06", "23:59"), holidays).why).toBe(
      "2026-12-06 is a Sunday (IST), not a trading day",
    );
    expect(tradingDay(ist("2026-12-25", "07:35"), holidays)).toEqual({
      trading: false,
      why: "2026-12-25 is listed in the holidays, not a trading day",
    });
    // Sunday 20:00 UTC is already Monday 01:30 in India: a trading day.
    expect(tradingDay(Date.UTC(2026, 11, 6, 20, 0), holidays)).toEqual({ trading: true });
    // Friday 19:00 UTC is Saturday 00:30 IST.
    expect(tradingDay(Date.UTC(2026, 11, 4, 19, 0), holidays).trading).toBe(false);
  });
});

describe("decideNotice: one message per state", () => {
  const deadline = ist("2026-12-03", "06:00");
  const required = (nowMs: number) =>
    ({ state: "login-required", renewed: false, nowMs, deadlineMs: deadline }) as const;

  it("announces a login-required once across the 06:05 and 07:35 runs, then renewed once", () => {
    const first = decideNotice(undefined, required(ist("2026-12-02", "06:05")), ["issue", "telegram"]);
    expect(first).toEqual({
      announce: "login-required",
      next: {
        event: "login-required",
        since: "2026-12-02T00:35:00Z",
        channels: ["issue", "telegram"],
        deadline: "2026-12-03T00:30:00Z",
      },
      closeIssue: false,
    });
    const stored = first.next as LoginNotice;
    const second = decideNotice(stored, required(ist("2026-12-02", "07:35")), ["issue", "telegram"]);
    expect(second).toEqual({ next: stored, closeIssue: false });

    const renewed = decideNotice(stored, { state: "ok", renewed: true, nowMs: ist("2026-12-02", "08:00") }, [
      "issue",
      "telegram",
    ]);
    expect(renewed).toEqual({ announce: "renewed", next: null, closeIssue: true });
    // The run after that: no notice stored, nothing to say.
    expect(
      decideNotice(undefined, { state: "ok", renewed: false, nowMs: ist("2026-12-02", "09:00") }, [
        "telegram",
      ]),
    ).toEqual({
      next: null,
      closeIssue: false,
    });
  });

  it("a skip with a fresh token (the callback logged in) also closes the notice; closeIssue only when it listed the issue", () => {
    const notice: LoginNotice = {
      event: "login-required",
      since: "2026-12-02T00:35:00Z",
      channels: ["telegram"],
    };
    expect(
      decideNotice(notice, { state: "ok", renewed: false, nowMs: ist("2026-12-02", "07:35") }, ["telegram"]),
    ).toEqual({
      announce: "renewed",
      next: null,
      closeIssue: false,
    });
  });

  it("a new event announces again: login-due, then login-required", () => {
    const due = decideNotice(
      undefined,
      { state: "login-due", renewed: true, nowMs: ist("2026-12-01", "06:05"), deadlineMs: deadline },
      ["webhook"],
    );
    expect(due.announce).toBe("login-due");
    const dueAgain = decideNotice(
      due.next ?? undefined,
      { state: "login-due", renewed: true, nowMs: ist("2026-12-01", "07:35"), deadlineMs: deadline },
      ["webhook"],
    );
    expect(dueAgain.announce).toBeUndefined();
    const req = decideNotice(due.next ?? undefined, required(ist("2026-12-03", "06:05")), ["webhook"]);
    expect(req.announce).toBe("login-required");
    expect(req.next?.event).toBe("login-required");
  });

  it("a login-required still open after its deadline is a new day's login: announced again", () => {
    const notice: LoginNotice = {
      event: "login-required",
      since: "2026-12-02T00:35:00Z",
      channels: ["telegram"],
      deadline: "2026-12-03T00:30:00Z",
    };
    const nextDay = decideNotice(
      notice,
      { ...required(ist("2026-12-03", "06:05")), deadlineMs: ist("2026-12-04", "06:00") },
      ["telegram"],
    );
    expect(nextDay.announce).toBe("login-required");
    expect(nextDay.next?.deadline).toBe("2026-12-04T00:30:00Z");
  });
});
