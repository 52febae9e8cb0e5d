// actions-io.ts writes the runner's workflow commands itself (so the bundle does not load
// @actions/core); here each one is compared with what @actions/core 3 writes for the same call.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { EOL, tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { actionsIO, getInput, plainLines } from "../src/actions-io.js";

const dir = mkdtempSync(join(tmpdir(), "fyers-actions-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = 0;
});

/** What @actions/core writes to stdout during `call`. */
function coreStdout(call: () => void): string {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  call();
  vi.restoreAllMocks();
  return out;
}

/** A delimiter-free view of GITHUB_OUTPUT blocks: name, value. */
const blocks = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, "DELIM");

const AWKWARD = "50% done\r\nline two: a, b\nand %0A literally";

describe("actions-io.ts writes what @actions/core writes", () => {
  it("add-mask, debug, warning and error (setFailed sets exit code 1)", () => {
    const mine: string[] = [];
    const io = actionsIO({}, (t) => mine.push(t));
    io.setSecret(AWKWARD);
    io.setSecret(AWKWARD); // masked once
    io.debug(AWKWARD);
    io.warning(AWKWARD);
    io.setFailed(AWKWARD);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    const theirs = coreStdout(() => {
      core.setSecret(AWKWARD);
      core.debug(AWKWARD);
      core.warning(AWKWARD);
      core.setFailed(AWKWARD);
    });
    expect(mine.join("")).toBe(theirs);
    expect(theirs).toContain(`::add-mask::50%25 done%0D%0Aline two: a, b%0Aand %250A literally${EOL}`);
  });

  it("info, unlike core.info, never lets quoted text start a workflow command", () => {
    const mine: string[] = [];
    const io = actionsIO({}, (t) => mine.push(t));
    const fyers =
      'FYERS said: {"message":"bad\n::error title=FYERS::pwned\r::stop-commands::x\r\n  ::add-mask::y\n##[set-output name=a]b"}';
    io.info(fyers);
    io.info(AWKWARD);
    const lines = mine.join("").split(EOL);
    expect(lines).toEqual([
      'FYERS said: {"message":"bad',
      "%3A%3Aerror title=FYERS::pwned",
      "%3A%3Astop-commands::x",
      "  %3A%3Aadd-mask::y",
      '%23%23[set-output name=a]b"}',
      "50% done",
      "line two: a, b",
      "and %0A literally",
      "",
    ]);
    for (const line of lines) expect(line.trimStart()).not.toMatch(/^(::|##\[)/);
    // Text the action writes itself passes unchanged.
    expect(plainLines("Refreshed: valid until 2026-12-08 06:00 IST. FYERS requests: 2.")).toBe(
      "Refreshed: valid until 2026-12-08 06:00 IST. FYERS requests: 2.",
    );
  });

  it("setOutput: the same GITHUB_OUTPUT block, and the same fallback without the file", () => {
    const mineFile = join(dir, "mine-output");
    const theirsFile = join(dir, "theirs-output");
    writeFileSync(mineFile, "");
    writeFileSync(theirsFile, "");
    actionsIO({ GITHUB_OUTPUT: mineFile }).setOutput("status", AWKWARD);
    vi.stubEnv("GITHUB_OUTPUT", theirsFile);
    core.setOutput("status", AWKWARD);
    expect(blocks(readFileSync(mineFile, "utf8"))).toBe(blocks(readFileSync(theirsFile, "utf8")));
    const mine: string[] = [];
    actionsIO({}, (t) => mine.push(t)).setOutput("status", "ok");
    vi.stubEnv("GITHUB_OUTPUT", "");
    expect(mine.join("")).toBe(coreStdout(() => core.setOutput("status", "ok")));
  });

  it("writeSummary appends like core.summary.addRaw(text, true).write(); nothing without the file", async () => {
    const mineFile = join(dir, "mine-summary");
    const theirsFile = join(dir, "theirs-summary");
    writeFileSync(mineFile, "# before\n");
    writeFileSync(theirsFile, "# before\n");
    await actionsIO({ GITHUB_STEP_SUMMARY: mineFile }).writeSummary("| a | b |");
    vi.stubEnv("GITHUB_STEP_SUMMARY", theirsFile);
    await core.summary.addRaw("| a | b |", true).write();
    expect(readFileSync(mineFile, "utf8")).toBe(readFileSync(theirsFile, "utf8"));
    await expect(actionsIO({}).writeSummary("x")).resolves.toBeUndefined();
  });

  it("getInput reads INPUT_<NAME> as core.getInput does (spaces to _, upper case, trimmed)", () => {
    const env = { "INPUT_CLIENT-ID": "  ABCDE12345-100 \n", INPUT_MY_INPUT: "x" };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    for (const name of ["client-id", "my input", "missing"])
      expect(getInput(name, env)).toBe(core.getInput(name));
  });
});
