import {
  type Config,
  checkProfile,
  FyersTokenError,
  type ProfileReport,
  parameterNames,
  type TokenInfo,
  tokenInfo,
} from "@fyers-token/core";
import { putAppSecret } from "./app-secret.js";
import type { Io } from "./io.js";
import { describeStore, fyersClient, requiredFileStore, ssmStore } from "./ports.js";
import { profileJson, profileLine } from "./render.js";
import { checkTokenValues, type TokenValue } from "./token-values.js";

export interface GivenTokens {
  accessToken?: string | undefined;
  refreshToken?: string | undefined;
}

export interface PutResult {
  /** SSM parameter names written (unchanged ones are skipped). */
  written: string[];
  unchanged: string[];
  /** Where the tokens came from when not given: the token file. */
  source: string;
  access_token: TokenInfo;
  refresh_token: TokenInfo;
  profile: ProfileReport;
}

const LABELS = { clientId: "Client ID", accessToken: "Access token", refreshToken: "Refresh token" } as const;
const NO_ACCESS_TOKEN: ProfileReport = { ok: false, checked: false, message: "no access token to check" };

export interface PutOptions {
  /** Write tokens that have expired (with a warning) instead of refusing them. */
  force?: boolean;
}

/**
 * Tokens given (flags) or else from the token file → checked, every one, before the first write
 * → the three SSM parameters → a profile call. Composed here from core's store and checkProfile.
 */
export async function putParameters(
  config: Config,
  io: Io,
  given: GivenTokens,
  options: PutOptions = {},
): Promise<PutResult> {
  const file = requiredFileStore(config);
  const needFile = given.accessToken === undefined || given.refreshToken === undefined;
  const stored = needFile ? await file.read() : {};
  const accessToken = given.accessToken ?? stored.accessToken;
  const refreshToken = given.refreshToken ?? stored.refreshToken;
  io.protect(accessToken, refreshToken);
  if (accessToken === undefined && refreshToken === undefined) {
    throw new FyersTokenError("login_required", `no tokens to put: none given and none in ${file.location}`, {
      hint: "log in first (npx tsx packages/scripts/login.ts), or pass --access-token - / --refresh-token -",
    });
  }
  const now = Date.now();
  const where = (key: string) => `${key} in ${file.location}`;
  const values: TokenValue[] = [];
  if (accessToken !== undefined) {
    const source = given.accessToken === undefined ? where("access_token") : "--access-token";
    values.push({ label: "access token", value: accessToken, source });
  }
  if (refreshToken !== undefined) {
    const source = given.refreshToken === undefined ? where("refresh_token") : "--refresh-token";
    values.push({ label: "refresh token", value: refreshToken, source });
  }
  checkTokenValues(values, now, options.force === true, io);
  const written = await ssmStore(config).write({
    clientId: config.clientId,
    ...(accessToken === undefined ? {} : { accessToken }),
    ...(refreshToken === undefined ? {} : { refreshToken }),
  });
  const names = parameterNames(config.ssmPrefix);
  const keys = (["accessToken", "refreshToken", "clientId"] as const).filter(
    (key) => key === "clientId" || (key === "accessToken" ? accessToken : refreshToken) !== undefined,
  );
  return {
    written: keys.filter((k) => written.includes(k)).map((k) => names[k]),
    unchanged: keys.filter((k) => !written.includes(k)).map((k) => names[k]),
    source: needFile ? describeStore(file) : "flags",
    access_token: tokenInfo(accessToken, now),
    refresh_token: tokenInfo(refreshToken, now),
    profile:
      accessToken === undefined ? NO_ACCESS_TOKEN : await checkProfile(fyersClient(config), accessToken),
  };
}

/** The guide's step-3 lines, then the result; exit 1 when FYERS rejects the access token put. */
export function putOutcome(result: PutResult, config: Config, io: Io) {
  const names = parameterNames(config.ssmPrefix);
  for (const key of ["accessToken", "refreshToken", "clientId"] as const) {
    if (result.written.includes(names[key])) io.line("ok", `${LABELS[key]} updated`);
    else if (result.unchanged.includes(names[key])) io.say(`${LABELS[key]} unchanged`);
  }
  io.line("party", `All SSM parameters under ${config.ssmPrefix} are up to date`);
  if (result.profile.ok) {
    io.line("ok", "Token validation successful!");
    io.line("rocket", "Your system is ready to run automatically!");
  } else if (result.profile.checked) {
    io.warn(`the access token in SSM failed the profile check: ${result.profile.message}`);
  }
  return {
    exitCode: result.profile.ok || !result.profile.checked ? (0 as const) : (1 as const),
    json: {
      result: "put",
      prefix: config.ssmPrefix,
      source: result.source,
      written: result.written,
      unchanged: result.unchanged,
      access_token: result.access_token,
      refresh_token: result.refresh_token,
      profile: profileJson(result.profile),
    },
    text: [...result.written.map((name) => `written ${name}`), profileLine(result.profile)],
  };
}

/**
 * `--app-secret -`: the client id and `{prefix}/app_secret` (SecureString), for the login
 * callback, which reads both with the tokens. Returns the app secret's parameter name.
 */
export async function putCallbackSecret(config: Config, io: Io, secret: string): Promise<string> {
  await ssmStore(config).write({ clientId: config.clientId });
  const name = await putAppSecret(config.ssmPrefix, secret, config.kmsKeyId);
  io.line(
    "ok",
    `App secret stored in ${name} (SecureString${config.kmsKeyId ? `, ${config.kmsKeyId}` : ""})`,
  );
  return name;
}

/** put-parameters.ts --app-secret - alone: what it stored. */
export function secretOutcome(config: Config, name: string) {
  return { json: { result: "put", prefix: config.ssmPrefix, app_secret: name }, text: [`written ${name}`] };
}

/** The tokens' outcome, plus the app secret stored after them. */
export function withSecret(outcome: ReturnType<typeof putOutcome>, name: string) {
  return {
    ...outcome,
    json: { ...outcome.json, app_secret: name },
    text: [...outcome.text, `written ${name}`],
  };
}
