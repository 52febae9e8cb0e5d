// In-process checks of the small pieces the scripts share (the scripts themselves run as children).

import { createScrubber } from "@fyers-token/core";
import { makeAccessToken, startFyersFake } from "@fyers-token/testkit";
import { expectNoSecrets } from "@fyers-token/testkit/harness";
import { describe, expect, it } from "vitest";
import { parseFlags } from "../lib/flags.js";
import { httpFetch } from "../lib/http-fetch.js";
import { isStyled } from "../lib/io.js";
import { loopbackAddress } from "../lib/loopback.js";
import { errorPage } from "../lib/pages.js";
import { table } from "../lib/render.js";
import { verdict } from "../lib/verify-report.js";

describe("createScrubber", () => {
  it("hides a long secret anywhere and a short one only as a whole word", () => {
    const scrubber = createScrubber();
    scrubber.add("TESTSECRET99", "1234", undefined, "");
    expect(scrubber.scrub("secret=TESTSECRET99; pin 1234; id ABCDE12345-100")).toBe(
      "secret=***; pin ***; id ABCDE12345-100",
    );
  });

  it("masks any whole JWT, known or not", () => {
    const token = makeAccessToken();
    expect(createScrubber().scrub(`token: ${token}.`)).toBe(`token: ${token.slice(0, 8)}….`);
  });
});

describe("expectNoSecrets (the tests' own leak check)", () => {
  it("catches a secret, a whole-word PIN and an unknown JWT", () => {
    expect(() => expectNoSecrets("x TESTSECRET99 x", ["TESTSECRET99"], "t")).toThrow();
    expect(() => expectNoSecrets("pin: 0917", ["0917"], "t")).toThrow();
    expect(() => expectNoSecrets(makeAccessToken(), [], "t")).toThrow();
    expect(() => expectNoSecrets("port 40917, eyJhbGci…", ["0917"], "t")).not.toThrow();
  });
});

describe("loopbackAddress", () => {
  it("listens on a loopback http redirect", () => {
    expect(loopbackAddress("http://127.0.0.1:8080/fyers/cb")).toEqual({
      host: "127.0.0.1",
      port: 8080,
      path: "/fyers/cb",
    });
    expect(loopbackAddress("http://localhost:9000/")).toEqual({ host: "localhost", port: 9000, path: "/" });
    expect(loopbackAddress("http://[::1]:9000/x")).toEqual({ host: "::1", port: 9000, path: "/x" });
  });

  it("leaves https to a paste, refuses plain http elsewhere", () => {
    expect(loopbackAddress("https://trade.fyers.in/api-login/redirect-to-app")).toBeUndefined();
    expect(() => loopbackAddress("http://example.com/cb")).toThrow(/plain http/);
  });
});

describe("verdict (verify.ts exit codes)", () => {
  it("0 valid, 1 when a refresh may help, 3 when a login is needed", () => {
    expect(verdict(true, false).exitCode).toBe(0);
    expect(verdict(false, true)).toMatchObject({ exitCode: 1, action: "refresh" });
    expect(verdict(false, false)).toMatchObject({ exitCode: 3, action: "login" });
  });
});

describe("isStyled", () => {
  it("colour and emoji only on a terminal without NO_COLOR or TERM=dumb", () => {
    expect(isStyled({ isTTY: true }, {})).toBe(true);
    expect(isStyled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(isStyled({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(isStyled({}, {})).toBe(false);
  });
});

describe("small renderers", () => {
  it("table pads every column but the last", () => {
    expect(
      table([
        ["a", "bb", "c"],
        ["ccc", "d", "eeee"],
      ]),
    ).toEqual(["a    bb  c", "ccc  d   eeee"]);
  });

  it("an error page escapes what it shows", () => {
    expect(errorPage("<script>", undefined)).toContain("&#60;script&#62;");
  });

  it("flags are strict", () => {
    expect(parseFlags({ json: { type: "boolean", help: "" } }, ["--json"])).toEqual({ json: true });
    expect(() => parseFlags({}, ["--nope"])).toThrow(/Unknown option/);
  });
});

describe("httpFetch (the scripts' fetch for core's client)", () => {
  it("gives status, headers and text like fetch", async () => {
    const fake = await startFyersFake();
    try {
      fake.fail({ failure: "rate_limit", retryAfterSeconds: 7 });
      const response = await httpFetch(`${fake.baseUrl}/profile`, {
        headers: { accept: "application/json" },
      });
      expect(response.status).toBe(429);
      expect(response.headers.get("Retry-After")).toBe("7");
      expect(JSON.parse(await response.text())).toMatchObject({ s: "error", code: -429 });
      expect(fake.requests[0]?.headers.accept).toBe("application/json");
    } finally {
      await fake.close();
    }
  });

  it("fails like fetch: a TypeError with the system error as its cause", async () => {
    const failure = await httpFetch("http://127.0.0.1:9/").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
  });
});
