// The test/advanced wait settings: values, defaults, and a refusal that names the variable.
import { describe, expect, it } from "vitest";
import { FyersTokenError } from "../src/errors.js";
import { checkTuning, TUNING_DEFAULTS_MS, tuningMs } from "../src/tuning.js";

describe("tuningMs", () => {
  it("reads ms, s and m; unset or blank is the production default", () => {
    expect(tuningMs("retryBackoff", { FYERS_RETRY_BACKOFF: "50ms" })).toBe(50);
    expect(tuningMs("rateLimitPause", { FYERS_RATE_LIMIT_PAUSE: " 2s " })).toBe(2_000);
    expect(tuningMs("lockWait", { FYERS_LOCK_WAIT: "1m" })).toBe(60_000);
    expect(tuningMs("lockWait", { FYERS_LOCK_WAIT: "0ms" })).toBe(0);
    expect(tuningMs("rateLimitPause", {})).toBe(30_000);
    expect(tuningMs("lockWait", { FYERS_LOCK_WAIT: "" })).toBe(TUNING_DEFAULTS_MS.lockWait);
    expect(checkTuning({})).toEqual({
      rateLimitPause: 30_000,
      retryBackoff: 500,
      lockWait: 5_000,
      serviceTimeout: 10_000,
    });
  });

  it.each([
    ["FYERS_RETRY_BACKOFF", "fast"],
    ["FYERS_RETRY_BACKOFF", "-5ms"],
    ["FYERS_RETRY_BACKOFF", "2m"],
    ["FYERS_RATE_LIMIT_PAUSE", "30"],
    ["FYERS_LOCK_WAIT", "1.5s"],
    ["FYERS_LOCK_WAIT", "11m"],
    ["FYERS_SERVICE_TIMEOUT", "0ms"],
  ])("%s=%s is invalid_config naming the variable and the form", (variable, value) => {
    let error: unknown;
    try {
      checkTuning({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FyersTokenError);
    const refused = error as FyersTokenError;
    expect(refused.code).toBe("invalid_config");
    expect(refused.message).toMatch(
      new RegExp(`^${variable}: "${value.replace(".", "\\.")}" is not a duration from \\d+ms to \\d+m$`),
    );
    expect(refused.hint).toContain("e.g. 200ms or 2s");
  });
});
