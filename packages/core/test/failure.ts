import { expect } from "vitest";
import { FyersTokenError } from "../src/errors.js";

/** The typed error a promise rejects with; fails the test when it resolves or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<FyersTokenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FyersTokenError);
  return error as FyersTokenError;
}
