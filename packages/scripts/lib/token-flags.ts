import { configError } from "@fyers-token/core";
import type { FlagSpecs } from "./flags.js";
import { type Stdin, secretFlag } from "./input.js";
import type { Io } from "./io.js";
import type { GivenTokens } from "./put-parameters.js";

/** The guide's `--access-token T --refresh-token R`, kept for parity; `-` reads stdin. */
export const TOKEN_FLAGS = {
  "access-token": { type: "string", value: "TOKEN|-", help: "the access token; - reads it from stdin" },
  "refresh-token": { type: "string", value: "TOKEN|-", help: "the refresh token; - reads it from stdin" },
} as const satisfies FlagSpecs;

export async function readTokenFlags(
  flags: { "access-token"?: string; "refresh-token"?: string },
  io: Io,
  stdin: Stdin,
): Promise<GivenTokens> {
  const access = flags["access-token"];
  const refresh = flags["refresh-token"];
  if (access === "-" && refresh === "-") {
    throw configError(
      "--access-token",
      "and --refresh-token cannot both read stdin",
      "pipe one, pass the other",
    );
  }
  return {
    accessToken:
      access === undefined
        ? undefined
        : await secretFlag(access, "access-token", "the access token", io, stdin),
    refreshToken:
      refresh === undefined
        ? undefined
        : await secretFlag(refresh, "refresh-token", "the refresh token", io, stdin),
  };
}
