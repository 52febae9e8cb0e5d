// The scrubbing boundary: every secret the run masked is also scrubbed out of what it publishes.
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
