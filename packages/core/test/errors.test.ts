import { describe, expect, it } from "vitest";
import {
  configError,
  type ErrorCode,
  exitCodeFor,
  FyersTokenError,
  isFyersTokenError,
} from "../src/errors.js";
import { maskToken } from "../src/redact.js";

describe("exit codes (interface.md)", () => {
  it.each<[ErrorCode, number]>([
    ["invalid_config", 2],
    ["bad_credentials", 2],
    ["login_required", 3],
    ["timeout", 3],
    ["rate_limited", 1],
    ["unavailable", 1],
    ["unexpected_response", 1],
    ["store_failed", 1],
    ["store_corrupt", 1],
    ["state_mismatch", 1],
  ])("%s → %i", (code, exit) => {
    expect(exitCodeFor(new FyersTokenError(code, "x"))).toBe(exit);
  });

  it("anything else is 1", () => {
    expect(exitCodeFor(new Error("boom"))).toBe(1);
    expect(exitCodeFor("boom")).toBe(1);
  });
});

describe("FyersTokenError", () => {
  it("carries its code, FYERS' own code and message, a hint and the cause", () => {
    const cause = new Error("inner");
    const error = new FyersTokenError("login_required", "refused", {
      fyersCode: -501,
      fyersMessage: "m",
      hint: "h",
      httpStatus: 400,
      cause,
    });
    expect(error).toMatchObject({
      code: "login_required",
      fyersCode: -501,
      fyersMessage: "m",
      hint: "h",
      httpStatus: 400,
      cause,
    });
    expect(isFyersTokenError(error)).toBe(true);
    expect(isFyersTokenError(error, "login_required")).toBe(true);
    expect(isFyersTokenError(error, "unavailable")).toBe(false);
    expect(isFyersTokenError(new Error("x"))).toBe(false);
  });

  it("configError names the variable first", () => {
    const error = configError("FYERS_STORE", '"s3" is not a store', 'use "file" or "ssm"');
    expect(error.message).toBe('FYERS_STORE: "s3" is not a store');
    expect(error.variable).toBe("FYERS_STORE");
  });
});

describe("maskToken", () => {
  it("shows eight characters and an ellipsis, never the token", () => {
    expect(maskToken("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.payload.sig")).toBe("eyJ0eXAi…");
    expect(maskToken(undefined)).toBe("(none)");
    expect(maskToken("")).toBe("(none)");
  });
});
