// The deploy's entry points under hostile input, started as a person starts them from the
// repository root: `npm run cdk -- synth …` (through /bin/sh, which is dash here) or
// `node tools/cdk.mjs synth …` (what that npm script runs), and `npx tsx tools/iam-policy.ts …`.
// Cases about one value go to the part that checks it, started as its caller starts it: the CDK
// app as the CLI runs it, iam-policy.ts as the suite's bundle of it (testkit's bundles.ts).
// Every refusal exits non-zero before any template, names the bad setting and its fix, writes
// nothing outside its own temp folders; every run's output goes through the leak guard, with the
// FYERS secrets a user's shell might hold set in its environment. No AWS credentials and no
// instance metadata: nothing reaches for the network (there is none here but loopback).
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeAccessToken, startTsx } from "@fyers-token/testkit";
import { REPO } from "@fyers-token/testkit/harness";
import { afterAll, beforeAll, describe, expect, it, type TaskMeta } from "vitest";
import { LeakGuard } from "./faults/guard.js";

/** Every scratch folder of this file: the runs' HOMEs and their `-o` folders. */
const SCRATCH = mkdtempSync(join(tmpdir(), "fyers-hostile-deploy-"));
/** A fresh HOME: no AWS config, no npm or CDK cache of ours (not /nonexistent: npx would create it as root). */
const HOME = mkdtempSync(join(SCRATCH, "home-"));
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** What a user's shell may hold while they deploy: none of it may show in what the deploy prints. */
const SECRETS = {
  FYERS_APP_SECRET: "app-secret-hostile-deploy-7Q2",
  FYERS_PIN: "9361",
  FYERS_TELEGRAM_BOT_TOKEN: "7000000001:AAhostile-deploy-telegram-bot-token",
  FYERS_ACCESS_TOKEN: makeAccessToken({ nowMs: Date.UTC(2026, 0, 5, 3, 30) }),
  GITHUB_TOKEN: "ghp_hostileDeployTokenNotARealOne0123456",
};

const CDK_DIR = "packages/callback/cdk";
/** The app's refusal is one line on stderr, and the app exits 2 (a message, not a crash). */
const REFUSAL_LINE = /^fyers-token: .*$/m;
const USAGE_LINE =
  "usage: npx tsx tools/iam-policy.ts <action|reader> --kms-key <KEY_ID|KEY_ARN|aws-managed> [--account ID] [--region R] [--prefix P]";
const NO_REGION =
  "fyers-token: no AWS region chosen, and the CDK would silently use us-east-1; name the region that holds your SSM parameters: -c region=ap-south-1, or export AWS_REGION=ap-south-1, or set it in your AWS profile (aws configure set region ap-south-1)";

/** The environment of a user's shell with no AWS set-up at all: no region, no profile, no credentials. */
function userEnv(extra: Record<string, string> = {}, home = HOME): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AWS_EC2_METADATA_DISABLED: "true",
    // Neither changes what is checked; both keep npm and the CDK CLI off the network.
    npm_config_update_notifier: "false",
    CDK_DISABLE_CLI_TELEMETRY: "true",
    ...SECRETS,
    ...extra,
  };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The run's own `-o` folder. */
  out: string;
  /** How a synth started (absent for other commands). */
  via?: Via;
}

/** Starts a command at the repository root, collecting what it prints; killed (group and all) only if it hangs. */
function start(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  out: string,
  killAfter = 55_000,
  cwd = REPO,
): Promise<Run> {
  const child = spawn(program, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  // A safety net for a hung child, not a wait: every case ends when its process does.
  const hung = setTimeout(() => {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  }, killAfter);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(hung);
      resolve({ code, stdout, stderr, out });
    });
  });
}

/** How a synth starts: the README's `npm run cdk -- synth` through /bin/sh, `node tools/cdk.mjs`, or the app alone. */
type Via = "npm" | "node" | "app";

/**
 * `synth ARGS -o <a fresh folder>`: by the README's `npm run cdk -- synth` through /bin/sh, by
 * `node tools/cdk.mjs` (what that npm script runs), or by the app alone (appRun).
 */
function synth(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; via?: Via; killAfter?: number } = {},
): Promise<Run> {
  const out = mkdtempSync(join(SCRATCH, "cdk-out-"));
  const env = options.env ?? userEnv({ AWS_REGION: "ap-south-1" });
  const via = options.via ?? "node";
  const run =
    via === "app"
      ? appRun(args, env, out)
      : via === "npm"
        ? start("npm", ["run", "cdk", "--", "synth", ...args, "-o", out], env, out, options.killAfter)
        : start(
            process.execPath,
            ["tools/cdk.mjs", "synth", ...args, "-o", out],
            env,
            out,
            options.killAfter,
          );
  return run.then((done) => ({ ...done, via }));
}

/**
 * The CDK app started as the CDK CLI starts it: cdk.json's "app" command through /bin/sh in its
 * folder, the context (cdk.json's, then each `-c key=value`) in CDK_CONTEXT_JSON and the `-o`
 * folder in CDK_OUTDIR. For the cases about one value the app checks: the CLI's own start
 * (1.5 s of CPU) adds nothing to them, and the cases above still run the whole chain.
 */
function appRun(args: string[], env: NodeJS.ProcessEnv, out: string): Promise<Run> {
  const cdkJson = JSON.parse(readFileSync(join(REPO, CDK_DIR, "cdk.json"), "utf8")) as {
    app: string;
    context: Record<string, unknown>;
  };
  const context: Record<string, unknown> = { ...cdkJson.context };
  for (let i = 0; i < args.length; i += 2) {
    const pair = args[i + 1] ?? "";
    expect(args[i], "the app alone takes only -c key=value").toBe("-c");
    context[pair.slice(0, pair.indexOf("="))] = pair.slice(pair.indexOf("=") + 1);
  }
  const appEnv = { ...env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: out };
  return start("sh", ["-c", cdkJson.app], appEnv, out, 55_000, join(REPO, CDK_DIR));
}

/** `npx tsx tools/iam-policy.ts ARGS`, as docs/iam shows it; or ("bundle") as the suite starts scripts. */
function iamPolicy(args: string[], via: "npx" | "bundle" = "bundle"): Promise<Run> {
  const out = mkdtempSync(join(SCRATCH, "iam-"));
  if (via === "npx") return start("npx", ["tsx", "tools/iam-policy.ts", ...args], userEnv(), out);
  return startTsx(join(REPO, "tools/iam-policy.ts"), args, { cwd: REPO, env: userEnv() }).done.then(
    (run) => ({ ...run, out }),
  );
}

/**
 * The files git sees as new under the CDK app's folder (its cdk.out is gitignored, and the good
 * synth's stack name proves its template went elsewhere). Only new files: other engineers edit
 * the tracked ones while this runs.
 */
function cdkDirStatus(): string {
  const git = spawnSync(
    "git",
    ["--no-optional-locks", "status", "--porcelain", "--untracked-files=all", "--", CDK_DIR],
    { cwd: REPO, encoding: "utf8" },
  );
  expect(git.status, git.stderr).toBe(0);
  return git.stdout
    .split("\n")
    .filter((line) => line.startsWith("??"))
    .join("\n");
}
let statusBefore = "";
beforeAll(() => {
  statusBefore = cdkDirStatus();
});

/** stdout and stderr through the leak guard, with every secret of the run's environment. */
function guarded(meta: TaskMeta, run: Run, where: string, more: { where: string; text: string }[] = []) {
  const guard = new LeakGuard(meta);
  const texts = [
    { where: `${where} stdout`, text: run.stdout },
    { where: `${where} stderr`, text: run.stderr },
    ...more,
  ];
  expect(guard.scan(texts, Object.values(SECRETS))).toEqual([]);
}

/**
 * A synth the app refused: the app exits 2 (and the CLI, when it started the app, exits 1 saying
 * so), the one refusal line is exactly `line`, no stack trace, no template anywhere (its `-o`
 * folder stays empty, stdout holds none), nothing new under packages/callback/cdk, no secret shown.
 */
function refusedSynth(meta: TaskMeta, run: Run, line: string) {
  if (run.via === "app") {
    expect(run.code, run.stderr).toBe(2);
  } else {
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("exited with error 2");
  }
  expect(run.stderr.match(REFUSAL_LINE)?.[0]).toBe(line);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain("target account");
  expect(readdirSync(run.out)).toEqual([]);
  expect(run.stdout).not.toMatch(/Resources:|AWSTemplateFormatVersion/);
  expect(cdkDirStatus()).toBe(statusBefore);
  guarded(meta, run, "cdk synth");
}

/** A refusal of iam-policy.ts: exit 2, `iam-policy: <message>` and the usage line on stderr, no policy on stdout. */
function refusedPolicy(meta: TaskMeta, run: Run, message: string) {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toBe(`iam-policy: ${message}\n${USAGE_LINE}\n`);
  expect(run.stdout).toBe("");
  expect(cdkDirStatus()).toBe(statusBefore);
  guarded(meta, run, "iam-policy.ts");
}

/** A HOME whose ~/.aws/config is `config` (a string), or a folder where the file should be (`null`). */
function homeWithConfig(config: string | null): string {
  const home = mkdtempSync(join(SCRATCH, "home-aws-"));
  mkdirSync(join(home, ".aws"));
  if (config === null) mkdirSync(join(home, ".aws", "config"));
  else writeFileSync(join(home, ".aws", "config"), config);
  return home;
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, asserted field by field
type Cfn = Record<string, any>;

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const STACK = "FyersHostileDeploy";

describe.concurrent("npm run cdk -- synth: a good deploy, and every bad setting refused before any template", {
  timeout: 60_000,
}, () => {
  it("bad input: a lowercase fyId (-c fyId=xa12345) is upper-cased as FYERS prints it, and the README's synth with it, -c repo and a bare KMS key id exits 0 with the five outputs in its -o folder only", async ({
    task,
  }) => {
    const run = await synth(
      ["-c", "fyId=xa12345", "-c", "repo=me/fyers", "-c", `kmsKeyId=${KEY_ID}`, "-c", `stackName=${STACK}`],
      { via: "npm", killAfter: 115_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "fyers-token: target account (none: no AWS credentials; the one you deploy with), region ap-south-1 (from AWS_REGION)",
    );
    const text = readFileSync(join(run.out, `${STACK}.template.json`), "utf8");
    const template = JSON.parse(text) as Cfn;
    const flat = JSON.stringify(template);
    expect(Object.keys(template.Outputs).sort()).toEqual([
      "ActionRoleArn",
      "FunctionUrl",
      "NextSteps",
      "ReaderPolicyArn",
      "RedirectUrl",
    ]);
    const resources = Object.values(template.Resources) as Cfn[];
    const fn = resources.filter((r) => r.Type === "AWS::Lambda::Function");
    expect(fn).toHaveLength(1);
    expect(fn[0]?.Properties.Environment.Variables).toMatchObject({
      FYERS_FY_ID: "XA12345",
      FYERS_SSM_KMS_KEY_ID: KEY_ID,
    });
    // The role trusts main of that repository only.
    expect(flat).toContain('"token.actions.githubusercontent.com:sub":"repo:me/fyers:ref:refs/heads/main"');
    // A bare key id is the stack's own account's key, never a wildcard.
    expect(flat).toContain(`":key/${KEY_ID}"`);
    expect(flat).not.toMatch(/key\/\*|parameter\/\*|"Resource":"\*"/);
    expect(JSON.stringify(template.Outputs.NextSteps)).toContain("--repo me/fyers");
    // Its -o folder holds it; the app's own cdk.out does not, and nothing under cdk/ changed.
    expect(existsSync(join(REPO, CDK_DIR, "cdk.out", `${STACK}.template.json`))).toBe(false);
    expect(cdkDirStatus()).toBe(statusBefore);
    guarded(task.meta, run, "npm run cdk -- synth", [{ where: "the template", text }]);
  }, 120_000); // it bundles the function and stages the asset: ~15 s alone, ~30 s beside the refusals

  it("bad input: a fyId with a space (-c fyId=hello world): refused naming it and an example", async ({
    task,
  }) => {
    const run = await synth(["-c", "fyId=hello world"]);
    refusedSynth(
      task.meta,
      run,
      "fyers-token: -c fyId=hello world: is not a FYERS user id (letters, then digits); e.g. -c fyId=XA12345",
    );
  });

  it("bad input: a fyId too long to be a FYERS user id (-c fyId=XA123456789): refused", async ({ task }) => {
    const run = await synth(["-c", "fyId=XA123456789"], { via: "app" });
    refusedSynth(
      task.meta,
      run,
      "fyers-token: -c fyId=XA123456789: is not a FYERS user id (letters, then digits); e.g. -c fyId=XA12345",
    );
  });

  it("bad input: a misspelt key (-c fyid=XA12345), which would deploy without the owner pin: refused with the right spelling", async ({
    task,
  }) => {
    const run = await synth(["-c", "fyid=XA12345"], { via: "app" });
    refusedSynth(task.meta, run, "fyers-token: -c fyid: did you mean -c fyId=…?");
  });

  it("bad input: a repo with no owner (-c repo=octo): refused with OWNER/REPO and an example", async ({
    task,
  }) => {
    const run = await synth(["-c", "repo=octo"], { via: "app" });
    refusedSynth(
      task.meta,
      run,
      "fyers-token: -c repo=octo: is not a GitHub repository OWNER/REPO; e.g. -c repo=me/fyers",
    );
  });

  it("bad input: a repo given as its URL (-c repo=https://github.com/o/r): refused, never a trust of a junk subject", async ({
    task,
  }) => {
    const run = await synth(["-c", "repo=https://github.com/o/r"], { via: "app" });
    refusedSynth(
      task.meta,
      run,
      "fyers-token: -c repo=https://github.com/o/r: is not a GitHub repository OWNER/REPO; e.g. -c repo=me/fyers",
    );
  });

  it("bad input: a ref with a wildcard (-c ref=refs/heads/*), which would let every branch assume the role: refused", async ({
    task,
  }) => {
    const run = await synth(["-c", "repo=me/fyers", "-c", "ref=refs/heads/*"], { via: "app" });
    refusedSynth(
      task.meta,
      run,
      "fyers-token: -c ref=refs/heads/*: is not a full branch or tag ref, no wildcards; e.g. -c ref=refs/heads/main",
    );
  });

  it("bad input: an environment with shell junk (-c 'environment=prod$(touch …)') through npm and dash: passed on literally, never run, and refused", async ({
    task,
  }) => {
    const marker = join(SCRATCH, "environment-ran");
    const given = `environment=prod$(touch ${marker})`;
    const run = await synth(["-c", "repo=me/fyers", "-c", given], { via: "npm" });
    refusedSynth(
      task.meta,
      run,
      // Shown by its start and length (a long value may be a pasted secret): both literal, unexpanded.
      `fyers-token: -c environment=prod$(… (${given.length - "environment=".length} characters): is not a GitHub environment name; e.g. -c environment=production`,
    );
    expect(existsSync(marker)).toBe(false);
  });

  it("bad input: an environment without a repo (-c environment=production): refused, naming -c repo", async ({
    task,
  }) => {
    const run = await synth(["-c", "environment=production"], { via: "app" });
    refusedSynth(
      task.meta,
      run,
      "fyers-token: -c environment needs -c repo=OWNER/REPO (the repository whose workflow assumes the role)",
    );
  });

  it.for(["0", "-1", "abc"])(
    "bad input: -c reservedConcurrency=%s: refused as not a positive whole number, with an example",
    async (given, { task }) => {
      const run = await synth(["-c", `reservedConcurrency=${given}`], { via: "app" });
      refusedSynth(
        task.meta,
        run,
        `fyers-token: -c reservedConcurrency=${given}: is a positive whole number of concurrent runs; e.g. -c reservedConcurrency=2`,
      );
    },
  );

  it("bad input: a prefix that is relative (-c prefix=stock-pipeline/fyers): refused with the absolute example", async ({
    task,
  }) => {
    const run = await synth(["-c", "prefix=stock-pipeline/fyers"], { via: "app" });
    refusedSynth(
      task.meta,
      run,
      "fyers-token: -c prefix=stock-pipeline/fyers: is not an SSM path; e.g. -c prefix=/stock-pipeline/fyers",
    );
  });

  it.for<[string, string]>([
    // The role would cover every parameter under the path.
    [
      "prefix=/stock-pipeline/*",
      "-c prefix=/stock-pipeline/*: is not an SSM path; e.g. -c prefix=/stock-pipeline/fyers",
    ],
    // The function would refuse every login (FYERS redirects to https only).
    [
      "redirectUri=http://login.example.com/callback",
      "-c redirectUri: must be an https:// URL (set it to e.g. https://login.example.com/callback)",
    ],
    // The role would decrypt with any key.
    [
      "kmsKeyId=*",
      '-c kmsKeyId: * is not a KMS key id, key ARN or "aws-managed"; find yours with: aws kms list-aliases',
    ],
  ])("bad input: -c %s: refused before any template or role", async ([given, refusal], { task }) => {
    const run = await synth(["-c", given], { via: "app" });
    refusedSynth(task.meta, run, `fyers-token: ${refusal}`);
  });

  it("bad input: a KMS alias (-c kmsKeyId=alias/x): refused with the command that gives its key ARN", async ({
    task,
  }) => {
    const run = await synth(["-c", "kmsKeyId=alias/x"], { via: "app" });
    refusedSynth(
      task.meta,
      run,
      'fyers-token: -c kmsKeyId: alias/x is an alias, and an IAM policy names a key by its ARN; pass -c kmsKeyId="$(aws kms describe-key --key-id alias/x --query KeyMetadata.Arn --output text)"',
    );
  });

  it("bad input: a key ARN with a wildcard (-c kmsKeyId=arn:aws:kms:ap-south-1:123456789012:key/*): refused, so no role decrypts with every key", async ({
    task,
  }) => {
    const run = await synth(["-c", "kmsKeyId=arn:aws:kms:ap-south-1:123456789012:key/*"], { via: "app" });
    refusedSynth(
      task.meta,
      run,
      'fyers-token: -c kmsKeyId: arn:aws:kms:ap-south-1:123456789012:key/* is not a KMS key id, key ARN or "aws-managed"; find yours with: aws kms list-aliases',
    );
  });

  it("bad input: AWS_REGION holding junk (us-east-1;x): refused naming where it came from and what a region looks like", async ({
    task,
  }) => {
    const run = await synth(["-c", "fyId=XA12345"], {
      env: userEnv({ AWS_REGION: "us-east-1;x" }),
      via: "app",
    });
    refusedSynth(
      task.meta,
      run,
      'fyers-token: AWS_REGION: "us-east-1;x" is not an AWS region such as ap-south-1',
    );
  });

  it("fault: no region anywhere (no AWS_REGION, AWS_DEFAULT_REGION, CDK_DEFAULT_REGION, an empty HOME): the README's synth is refused naming the three ways to set one, not deployed to us-east-1", async ({
    task,
  }) => {
    const run = await synth(["-c", "fyId=XA12345", "-c", "repo=me/fyers"], { env: userEnv(), via: "npm" });
    refusedSynth(task.meta, run, NO_REGION);
  });

  it("fault: ~/.aws/config is a folder, not a file: no crash, the same no-region refusal", async ({
    task,
  }) => {
    const run = await synth(["-c", "fyId=XA12345"], { env: userEnv({}, homeWithConfig(null)), via: "app" });
    refusedSynth(task.meta, run, NO_REGION);
  });

  it("fault: the --profile's region in ~/.aws/config is junk (region = mumbai): refused naming the profile", async ({
    task,
  }) => {
    const home = homeWithConfig("[default]\nregion = ap-south-1\n\n[profile trader]\nregion = mumbai\n");
    const run = await synth(["--profile", "trader", "-c", "fyId=XA12345"], { env: userEnv({}, home) });
    refusedSynth(
      task.meta,
      run,
      'fyers-token: AWS profile trader: "mumbai" is not an AWS region such as ap-south-1',
    );
  });

  // Two defects this file found, fixed: a pasted token echoed whole, a named profile not named.
  it("bad input: an access token pasted as the fyId (-c fyId=eyJ…): refused without echoing the whole token", async ({
    task,
  }) => {
    const run = await synth(["-c", `fyId=${SECRETS.FYERS_ACCESS_TOKEN}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("-c fyId=");
    expect(run.stderr).toContain("is not a FYERS user id (letters, then digits); e.g. -c fyId=XA12345");
    guarded(task.meta, run, "cdk synth");
  });

  it("fault: --profile trader, which ~/.aws/config does not have (only [default] has a region): refused naming that profile and the command for it", async ({
    task,
  }) => {
    const home = homeWithConfig("[default]\nregion = ap-south-1\n");
    const run = await synth(["--profile", "trader", "-c", "fyId=XA12345"], { env: userEnv({}, home) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("trader");
    expect(run.stderr).toContain("aws configure set region ap-south-1 --profile trader");
    guarded(task.meta, run, "cdk synth");
  });
});

describe.concurrent("npx tsx tools/iam-policy.ts: a bad argument is refused with exit 2, the fix and the usage line", {
  timeout: 60_000,
}, () => {
  it("bad input: no arguments at all: exit 2 naming the two policies; --help: exit 0 with the whole usage on stdout, nothing on stderr", async ({
    task,
  }) => {
    const [none, help] = await Promise.all([iamPolicy([], "npx"), iamPolicy(["--help"], "npx")]);
    refusedPolicy(
      task.meta,
      none,
      "name the policy: action (the workflow's role) or reader (your programs' role)",
    );
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout.startsWith(`${USAGE_LINE}\n`)).toBe(true);
    expect(help.stdout).toContain(
      "example: npx tsx tools/iam-policy.ts action --kms-key aws-managed --account 123456789012 --region ap-south-1",
    );
    expect(help.stderr).toBe("");
    guarded(task.meta, help, "iam-policy.ts --help");
  });

  it("bad input: an unknown role (admin): refused naming action and reader", async ({ task }) => {
    const run = await iamPolicy(["admin", "--kms-key", "aws-managed"]);
    refusedPolicy(
      task.meta,
      run,
      "name the policy: action (the workflow's role) or reader (your programs' role)",
    );
  });

  it("bad input: a wildcard prefix (--prefix /stock-pipeline/*): refused, so no policy grants every parameter", async ({
    task,
  }) => {
    const run = await iamPolicy(["action", "--kms-key", "aws-managed", "--prefix", "/stock-pipeline/*"]);
    refusedPolicy(
      task.meta,
      run,
      "--prefix: /stock-pipeline/* is not an SSM path such as /stock-pipeline/fyers",
    );
  });

  it("bad input: a relative prefix (--prefix stock-pipeline/fyers): refused with the absolute example", async ({
    task,
  }) => {
    const run = await iamPolicy(["reader", "--kms-key", "aws-managed", "--prefix", "stock-pipeline/fyers"]);
    refusedPolicy(
      task.meta,
      run,
      "--prefix: stock-pipeline/fyers is not an SSM path such as /stock-pipeline/fyers",
    );
  });

  it("bad input: a junk account id (--account 12345): refused as not 12 digits", async ({ task }) => {
    const run = await iamPolicy(["action", "--kms-key", "aws-managed", "--account", "12345"]);
    refusedPolicy(task.meta, run, "--account: 12345 is not a 12-digit AWS account id");
  });

  it("bad input: a junk region (--region mumbai): refused with a region's shape", async ({ task }) => {
    const run = await iamPolicy(["action", "--kms-key", "aws-managed", "--region", "mumbai"]);
    refusedPolicy(task.meta, run, "--region: mumbai is not an AWS region such as ap-south-1");
  });

  it("bad input: no --kms-key: refused naming the key id, ARN or aws-managed", async ({ task }) => {
    const run = await iamPolicy(["reader"]);
    refusedPolicy(
      task.meta,
      run,
      '--kms-key is required: your key id or ARN, or "aws-managed" for the alias/aws/ssm key',
    );
  });

  it("bad input: a KMS alias (--kms-key alias/x): refused with the command that gives its key ARN", async ({
    task,
  }) => {
    const run = await iamPolicy(["reader", "--kms-key", "alias/x", "--account", "123456789012"]);
    refusedPolicy(
      task.meta,
      run,
      '--kms-key: alias/x is an alias, and an IAM policy names a key by its ARN; pass --kms-key "$(aws kms describe-key --key-id alias/x --query KeyMetadata.Arn --output text)"',
    );
  });

  it("bad input: a bare key id with no account or region: refused, not a key/… ARN in every account", async ({
    task,
  }) => {
    const run = await iamPolicy(["action", "--kms-key", KEY_ID]);
    refusedPolicy(
      task.meta,
      run,
      "--kms-key: a bare key id needs --account and --region (or pass the key's ARN)",
    );
  });

  it("bad input: a misspelt option (--acount): refused naming it, not ignored into an any-account policy", async ({
    task,
  }) => {
    const run = await iamPolicy(["action", "--kms-key", "aws-managed", "--acount", "123456789012"]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("iam-policy: Unknown option '--acount'");
    expect(run.stderr.endsWith(`${USAGE_LINE}\n`)).toBe(true);
    expect(run.stdout).toBe("");
    expect(cdkDirStatus()).toBe(statusBefore);
    guarded(task.meta, run, "iam-policy.ts");
  });
});
