import { appIdHash, type Config, exitCodeFor, FyersTokenError } from "@fyers-token/core";
import { loadScriptConfig, loadStoreConfig, type StoreConfig } from "./config.js";
import {
  COMMON_FLAGS,
  describeFlags,
  type FlagSpecs,
  type FlagValues,
  parseFlags,
  suggestFlag,
} from "./flags.js";
import type { Stdin } from "./input.js";
import { commandsFrom, createIo, guardWrites, type Io } from "./io.js";

export interface ScriptSpec<F extends FlagSpecs> {
  /** The file name, e.g. "verify.ts". */
  name: string;
  /** One line: what it does. */
  summary: string;
  flags: F;
  /** Shell lines shown under "Examples" in --help. */
  examples: string[];
  /** Extra lines for --help: what it needs, what its exit codes mean. */
  notes?: string[];
}

/** What a script hands back: the exit code, the --json object and the stdout lines for people. */
export interface Outcome {
  exitCode?: 0 | 1 | 3;
  json: object;
  text?: string[];
}

export interface ScriptContext<F extends FlagSpecs> {
  flags: FlagValues<F>;
  env: NodeJS.ProcessEnv;
  io: Io;
  stdin: Stdin;
  /** --json was given: people's messages still go to stderr, the object to stdout. */
  json: boolean;
  /** The validated config (flags over environment); its secrets are protected in the output. */
  config(): Config;
  /** Only the store settings, for scripts that never call FYERS (no FYERS_CLIENT_ID needed). */
  storeConfig(): StoreConfig;
}

export type ExitCode = 0 | 1 | 2 | 3;

const EXIT_CODES = [
  "exit codes: 0 done/valid, 1 failed (network, FYERS or AWS error, wrong state),",
  "            2 bad usage or configuration (incl. credentials FYERS rejects), 3 a person must log in",
];

export function usage(spec: ScriptSpec<FlagSpecs>): string {
  const flags = { ...spec.flags, ...COMMON_FLAGS };
  return [
    `${spec.name}: ${spec.summary}`,
    "",
    `usage: npx tsx packages/scripts/${spec.name} [flags]`,
    "",
    "flags:",
    ...describeFlags(flags),
    ...(spec.notes ? ["", ...spec.notes] : []),
    "",
    "examples:",
    ...spec.examples.map((e) => `  ${e}`),
    "",
    ...EXIT_CODES,
    "",
  ].join("\n");
}

/**
 * The first sentence of node:util's parse error, without its advice about positionals; an
 * unknown flag close to a known one gets a suggestion.
 */
function usageMessage(error: Error & { code: string }, specs: FlagSpecs): string {
  const given = /^Unknown option '([^']+)'/.exec(error.message)?.[1];
  const suggestion = given === undefined ? undefined : suggestFlag(specs, given);
  if (given !== undefined && suggestion !== undefined) {
    return `unknown option ${given}; did you mean ${suggestion}?`;
  }
  return error.message.split("\n")[0]?.replace(/\. To specify .*$/, "") ?? error.message;
}

function isUsageError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
}

function hintOf(error: Error): string | undefined {
  return error instanceof FyersTokenError ? error.hint : undefined;
}

function errorJson(error: unknown, exitCode: ExitCode): object {
  const known = error instanceof FyersTokenError;
  return {
    error: {
      code: known ? error.code : "unexpected",
      message: error instanceof Error ? error.message : String(error),
      hint: known ? (error.hint ?? null) : null,
      ...(known && error.variable ? { variable: error.variable } : {}),
      ...(known && error.savedTo ? { saved_to: error.savedTo } : {}),
      exit_code: exitCode,
    },
  };
}

/**
 * Tokens FYERS issued that are not (all) stored, for `--json` only: after a failed store write
 * this is where the user can still recover them. Never in a message.
 */
function issuedJson(error: unknown): object {
  const issued = error instanceof FyersTokenError ? error.issued : undefined;
  if (issued === undefined) return {};
  return {
    issued: {
      access_token: issued.accessToken,
      ...(issued.refreshToken === undefined ? {} : { refresh_token: issued.refreshToken }),
    },
  };
}

/** Waits until both streams have taken everything written, then exits. */
async function exit(code: ExitCode): Promise<never> {
  const drained = (stream: NodeJS.WritableStream) =>
    new Promise<void>((resolve) => stream.write("", () => resolve()));
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

/**
 * Runs a script the same way every time: parse flags (strict), --help, build the config on
 * demand, run `main`, render its outcome (text or --json), map errors to interface.md's exit
 * codes with `error:` and `hint:` lines on stderr. Exits the process when done.
 */
export async function runScript<F extends FlagSpecs>(
  spec: ScriptSpec<F>,
  main: (context: ScriptContext<F>) => Promise<Outcome>,
  argv: string[] = process.argv.slice(2),
): Promise<never> {
  const env = process.env;
  // The AWS SDK's own switch for its "Node 20 support ends" notice: the scripts support Node 20,
  // so the notice is noise on every SSM run. Set it to "false" to see it.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const allFlags = { ...spec.flags, ...COMMON_FLAGS };
  let flags: FlagValues<typeof allFlags>;
  try {
    flags = parseFlags(allFlags, argv);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    process.stderr.write(`error: ${usageMessage(error, allFlags)}\n\n${usage(spec)}`);
    return exit(2);
  }
  if (flags.help) {
    process.stdout.write(usage(spec));
    return exit(0);
  }
  // `verify.ts | head -1`: a reader that stops early is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
  });
  const json = flags.json === true;
  // Every command a hint names runs from the folder it is printed in (--help shows the root's form).
  const runnable = commandsFrom(process.cwd());
  const io = createIo(process, env, { reveal: (flags as { reveal?: boolean }).reveal === true });
  guardWrites(process.stderr, io.scrub);
  const context: ScriptContext<F> = {
    flags: flags as FlagValues<F>,
    env,
    io,
    stdin: process.stdin,
    json,
    config: () => {
      const config = loadScriptConfig(allFlags, flags, env);
      io.protect(config.appSecret, config.pin);
      if (config.appSecret) io.protect(appIdHash(config.clientId, config.appSecret));
      return config;
    },
    storeConfig: () => loadStoreConfig(allFlags, flags, env),
  };
  try {
    const outcome = await main(context);
    if (json) process.stdout.write(`${JSON.stringify(outcome.json, null, 2)}\n`);
    else for (const line of outcome.text ?? []) io.out(line);
    return exit(outcome.exitCode ?? 0);
  } catch (error) {
    const code = isUsageError(error) ? 2 : exitCodeFor(error);
    if (error instanceof FyersTokenError) io.protect(error.issued?.accessToken, error.issued?.refreshToken);
    if (error instanceof FyersTokenError || isUsageError(error)) io.error(error.message, hintOf(error));
    else io.error(`unexpected: ${String(error)}`, "please report this with the command you ran");
    if (json) {
      const report = JSON.parse(io.scrub(JSON.stringify(errorJson(error, code))), (_key, value: unknown) =>
        typeof value === "string" ? runnable(value) : value,
      ) as object;
      process.stdout.write(`${JSON.stringify({ ...report, ...issuedJson(error) }, null, 2)}\n`);
    }
    return exit(code);
  }
}
