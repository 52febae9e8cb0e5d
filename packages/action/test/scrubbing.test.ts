// The scrubbing boundary: every secret the run masked is also scrubbed out of what it publishes.
import { trusted } from "@fyers-token/core";
import { describe, expect, it } from "vitest";
import { scrubbingIO, scrubbingIssues } from "../src/scrubbing.js";
import { memoryIssues, recordingIO } from "./ports.js";

const REFRESH = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWZyZXNoIn0.c2lnbmF0dXJlLXZhbHVl";
const SECRET = "TESTSECRET99";
const PIN = "8642";

describe("scrubbingIO", () => {
  it("masks and scrubs each secret it is told of, everywhere but the access-token output", async () => {
    const runner = recordingIO();
    const io = scrubbingIO(runner);
    for (const value of [REFRESH, SECRET, PIN]) io.setSecret(value);

    io.info(`FYERS said: bad token ${REFRESH}`);
    io.warning(`secret ${SECRET} and pin ${PIN}, client ABCDE18642-100`);
    io.setFailed(`refused ${REFRESH}`);
    await io.writeSummary(`| ${SECRET} |`);
    io.setOutput("login-url", `https://x/?s=${SECRET}`);
    io.setOutput("access-token", REFRESH);

    expect(runner.of("secret")).toEqual([REFRESH, SECRET, PIN]);
    expect(runner.of("info")).toEqual(["FYERS said: bad token eyJhbGci…"]);
    // A short secret hides as a whole word only: the client id keeps its digits.
    expect(runner.of("warning")).toEqual(["secret *** and pin ***, client ABCDE18642-100"]);
    expect(runner.of("failed")).toEqual(["refused eyJhbGci…"]);
    expect(runner.of("summary")).toEqual(["| *** |"]);
    expect(runner.events).toContainEqual({ kind: "output", name: "login-url", value: "https://x/?s=***" });
    expect(runner.events).toContainEqual({ kind: "output", name: "access-token", value: REFRESH });
  });

  it.each(["2026", "0600", "1530", "0000", "1234"])(
    "PIN %s: dates and the action's own values stay whole, the PIN in FYERS' words does not",
    async (pin) => {
      const runner = recordingIO();
      const io = scrubbingIO(runner);
      io.setSecret(pin);
      const dates = "2026-12-08T00:30:00Z, 2026-12-08 06:00 IST, 2026-12-08 06:00, 2026-12-08";
      io.info(`valid until ${dates}; FYERS said: invalid pin ${pin}.`);
      io.warning(`due ${dates} (pin=${pin})`);
      await io.writeSummary(
        `| ${dates} | [issue](${trusted(`https://github.com/o/r/issues/${pin}`)}) | ${pin} |`,
      );
      io.setOutput("access-token-expires-at", trusted("2026-12-08T00:30:00Z"));
      io.setOutput("login-url", trusted(`https://api/?redirect_uri=http://127.0.0.1:${pin}/`));
      expect(runner.of("info")).toEqual([`valid until ${dates}; FYERS said: invalid pin ***.`]);
      expect(runner.of("warning")).toEqual([`due ${dates} (pin=***)`]);
      expect(runner.of("summary")).toEqual([
        `| ${dates} | [issue](https://github.com/o/r/issues/${pin}) | *** |`,
      ]);
      expect(runner.events).toContainEqual({
        kind: "output",
        name: "access-token-expires-at",
        value: "2026-12-08T00:30:00Z",
      });
      expect(runner.events).toContainEqual({
        kind: "output",
        name: "login-url",
        value: `https://api/?redirect_uri=http://127.0.0.1:${pin}/`,
      });
      expect(runner.of("secret")).toEqual([pin]);
    },
  );

  it("trusted text still loses long secrets and JWTs, and FYERS cannot forge the mark", () => {
    const io = scrubbingIO(recordingIO());
    io.setSecret(SECRET);
    io.setSecret(PIN);
    expect(io.scrub(trusted(`https://x/?k=${SECRET}&t=${REFRESH}`))).toBe("https://x/?k=***&t=eyJhbGci…");
    // Private-use characters in foreign text are no mark: the mark carries a random part.
    expect(io.scrub(`\uE000\uE001${PIN}\uE002\uE003 ${PIN}`)).toBe("\uE000\uE001***\uE002\uE003 ***");
    expect(io.scrub(`${trusted("x")}${trusted(PIN)} ${PIN}`)).toBe(`x${PIN} ***`);
  });

  it("scrubs issue titles, bodies and comments before they reach GitHub", async () => {
    const io = scrubbingIO(recordingIO());
    io.setSecret(SECRET);
    const api = memoryIssues();
    const issues = scrubbingIssues(api, io.scrub);
    const n = await issues.create({ title: `t ${SECRET}`, body: `b ${SECRET}`, labels: ["x"] });
    await issues.update(n, { title: `u ${SECRET}`, body: `v ${REFRESH}` });
    await issues.comment(n, `c ${SECRET}`);
    expect(api.issues[0]).toMatchObject({ title: "u ***", body: "v eyJhbGci…", comments: ["c ***"] });
  });
});
