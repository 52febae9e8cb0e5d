import { parseArgs } from "node:util";
import type { Config } from "@fyers-token/core";

/** One command-line flag: how parseArgs reads it and how --help describes it. */
export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in --help, e.g. "CODE|URL|-". */
  value?: string;
  help: string;
  /** The config field this flag overrides (its environment variable's meaning). */
  field?: keyof Config;
}
export type FlagSpecs = Record<string, FlagSpec>;

export type FlagValues<F extends FlagSpecs> = {
  [K in keyof F]?: F[K]["type"] extends "boolean" ? boolean : string;
};

/** Every flag a script understands besides its own. */
export const COMMON_FLAGS = {
  help: { type: "boolean", short: "h", help: "show this help and an example" },
  json: { type: "boolean", help: "print one JSON object on stdout (it may contain token values)" },
} as const satisfies FlagSpecs;

/** Config flags: each overrides the FYERS_* variable of the same meaning (interface.md). */
export const CONFIG_FLAGS = {
  "client-id": {
    type: "string",
    value: "ID",
    field: "clientId",
    help: "app id with suffix (FYERS_CLIENT_ID)",
  },
  "api-url": { type: "string", value: "URL", field: "apiUrl", help: "FYERS REST base (FYERS_API_URL)" },
  "redirect-uri": {
    type: "string",
    value: "URL",
    field: "redirectUri",
    help: "the app's registered redirect (FYERS_REDIRECT_URI)",
  },
  store: { type: "string", value: "file|ssm", field: "store", help: "where tokens live (FYERS_STORE)" },
  "token-file": {
    type: "string",
    value: "PATH",
    field: "tokenFile",
    help: "the file store (FYERS_TOKEN_FILE, default fyers_tokens.json)",
  },
  "ssm-prefix": {
    type: "string",
    value: "PATH",
    field: "ssmPrefix",
    help: "SSM parameter prefix (FYERS_SSM_PREFIX)",
  },
  "kms-key-id": {
    type: "string",
    value: "KEY",
    field: "kmsKeyId",
    help: "KMS key for SecureString (FYERS_SSM_KMS_KEY_ID)",
  },
} as const satisfies FlagSpecs;

export type ConfigFlag = keyof typeof CONFIG_FLAGS;

/** The config flags a script takes, by name. */
export function configFlags<N extends ConfigFlag>(...names: N[]): Pick<typeof CONFIG_FLAGS, N> {
  return Object.fromEntries(names.map((name) => [name, CONFIG_FLAGS[name]])) as Pick<typeof CONFIG_FLAGS, N>;
}

export const REVEAL_FLAG = {
  reveal: { type: "boolean", help: "show token values in full (they are masked otherwise)" },
} as const satisfies FlagSpecs;

/** Strict parsing: an unknown flag or a stray argument is a usage error (node:util throws). */
export function parseFlags<F extends FlagSpecs>(specs: F, args: string[]): FlagValues<F> {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short },
    ]),
  );
  const { values } = parseArgs({
    args: joinDashValues(specs, args),
    options,
    strict: true,
    allowPositionals: false,
  });
  return values as FlagValues<F>;
}

/**
 * `--timeout -1m` → `--timeout=-1m`: node:util calls a value that starts with a dash
 * "ambiguous"; when it is not one of our flags it can only be the value (then checked as such).
 */
function joinDashValues(specs: FlagSpecs, args: string[]): string[] {
  const known = new Set(
    Object.entries(specs).flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]),
  );
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    const spec = arg.startsWith("--") ? specs[arg.slice(2)] : undefined;
    const dashValue = next !== undefined && /^-[^-]/.test(next) && !known.has(next);
    if (spec?.type === "string" && dashValue) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

/** The known flag closest to a mistyped one (`--stor` → `--store`), if one is close. */
export function suggestFlag(specs: FlagSpecs, given: string): string | undefined {
  const typed = given.replace(/^-+/, "").split("=")[0] ?? "";
  let best: { name: string; distance: number } | undefined;
  for (const name of Object.keys(specs)) {
    const prefix = typed.length >= 3 && (name.startsWith(typed) || typed.startsWith(name));
    const distance = prefix ? 1 : editDistance(typed, name);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best && `--${best.name}`;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `--client-id ID` style lines for --help, aligned. */
export function describeFlags(specs: FlagSpecs): string[] {
  const left = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : "    ";
    return `${short}--${name}${spec.value ? ` ${spec.value}` : ""}`;
  });
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return Object.values(specs).map((spec, i) => `  ${(left[i] ?? "").padEnd(width)}${spec.help}`);
}
