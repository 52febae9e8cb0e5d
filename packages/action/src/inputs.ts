import {
  configError,
  DEFAULT_MIN_REMAINING_SECONDS,
  DEFAULT_WARN_BEFORE_SECONDS,
  loadConfig,
  type ParsedAuthCode,
  parseAuthCode,
  parseDuration,
  requireAppSecret,
  requirePin,
} from "@fyers-token/core";

/** The input names of action.yml (interface.md); the only place they are spelled. */
export const INPUT = {
  clientId: "client-id",
  appSecret: "app-secret",
  pin: "pin",
  authCode: "auth-code",
  redirectUri: "redirect-uri",
  mode: "mode",
  ssmPrefix: "ssm-prefix",
  kmsKeyId: "kms-key-id",
  minRemaining: "min-remaining",
  force: "force",
  warnBefore: "warn-before",
  notify: "notify",
  githubToken: "github-token",
  apiUrl: "api-url",
  dryRun: "dry-run",
} as const;

export type RawInputs = Record<keyof typeof INPUT, string>;

export const MODES = ["auto", "refresh", "exchange", "verify"] as const;
export type Mode = (typeof MODES)[number];

interface CommonInputs {
  clientId: string;
  pin: string | undefined;
  redirectUri: string;
  apiUrl: string;
  ssmPrefix: string;
  kmsKeyId: string | undefined;
  minRemainingSeconds: number;
  warnBeforeSeconds: number;
  notify: "issue" | "none";
  githubToken: string | undefined;
  dryRun: boolean;
}

/** `verify` only reads: no app secret needed. */
export interface VerifyInputs extends CommonInputs {
  mode: "verify";
  appSecret: string | undefined;
}

/** The modes that may exchange or refresh: the app secret is known to be there. */
export interface RenewInputs extends CommonInputs {
  mode: "auto" | "refresh" | "exchange";
  appSecret: string;
  /** The parsed code, and what was pasted (a code or a whole redirect URL). */
  authCode: (ParsedAuthCode & { raw: string }) | undefined;
  force: boolean;
}

export type Inputs = VerifyInputs | RenewInputs;

/** Reads every input as the runner passed it (trimmed, "" when unset). */
export function readRawInputs(getInput: (name: string) => string): RawInputs {
  const raw = {} as RawInputs;
  for (const [key, name] of Object.entries(INPUT) as [keyof typeof INPUT, string][]) {
    raw[key] = getInput(name).trim();
  }
  return raw;
}

/** Validates the raw inputs once into a typed object; errors name the input at fault. */
export function parseInputs(raw: RawInputs): Inputs {
  const mode = parseMode(raw.mode);
  // Inputs only: a FYERS_* variable in the job's environment must not change what the step does.
  const config = loadConfig(
    {},
    {
      overrides: {
        clientId: raw.clientId,
        appSecret: raw.appSecret,
        pin: raw.pin,
        redirectUri: raw.redirectUri,
        apiUrl: raw.apiUrl,
        ssmPrefix: raw.ssmPrefix,
        kmsKeyId: raw.kmsKeyId,
        store: "ssm",
      },
      names: {
        clientId: INPUT.clientId,
        appSecret: INPUT.appSecret,
        pin: INPUT.pin,
        redirectUri: INPUT.redirectUri,
        apiUrl: INPUT.apiUrl,
        ssmPrefix: INPUT.ssmPrefix,
        kmsKeyId: INPUT.kmsKeyId,
      },
      defaultStore: "ssm",
    },
  );
  const common: CommonInputs = {
    clientId: config.clientId,
    pin: config.pin,
    redirectUri: config.redirectUri,
    apiUrl: config.apiUrl,
    ssmPrefix: config.ssmPrefix,
    kmsKeyId: config.kmsKeyId,
    minRemainingSeconds: parseOptionalDuration(
      raw.minRemaining,
      INPUT.minRemaining,
      DEFAULT_MIN_REMAINING_SECONDS,
    ),
    warnBeforeSeconds: parseOptionalDuration(raw.warnBefore, INPUT.warnBefore, DEFAULT_WARN_BEFORE_SECONDS),
    notify: parseNotify(raw.notify),
    githubToken: raw.githubToken === "" ? undefined : raw.githubToken,
    dryRun: parseBoolean(raw.dryRun, INPUT.dryRun),
  };
  const force = parseBoolean(raw.force, INPUT.force);
  if (mode === "verify") return { ...common, mode, appSecret: config.appSecret };

  const appSecret = requireAppSecret(
    config,
    `${mode === "auto" ? "exchange or refresh" : mode} tokens`,
    INPUT.appSecret,
  );
  if (mode === "refresh") requirePin(config, INPUT.pin);
  if (mode === "exchange" && raw.authCode === "") {
    throw configError(
      INPUT.authCode,
      "is required with mode: exchange",
      "pass the auth_code from the login redirect, or the whole redirect URL",
    );
  }
  const authCode =
    raw.authCode === "" ? undefined : { raw: raw.authCode, ...parseAuthCode(raw.authCode, INPUT.authCode) };
  return { ...common, mode, appSecret, authCode, force };
}

function parseMode(value: string): Mode {
  if (value === "") return "auto";
  const mode = MODES.find((m) => m === value);
  if (mode === undefined) {
    throw configError(INPUT.mode, `"${value}" is not a mode`, `use one of ${MODES.join(", ")}`);
  }
  return mode;
}

function parseNotify(value: string): "issue" | "none" {
  if (value === "" || value === "issue") return "issue";
  if (value === "none") return "none";
  throw configError(INPUT.notify, `"${value}" is not a notify setting`, 'use "issue" or "none"');
}

/** The YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput; "" is the default. */
export function parseBoolean(value: string, name: string, fallback = false): boolean {
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw configError(name, `"${value}" is not a boolean`, 'use "true" or "false"');
}

function parseOptionalDuration(value: string, name: string, fallback: number): number {
  return value === "" ? fallback : parseDuration(value, name);
}
