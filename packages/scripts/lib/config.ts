import { type Config, type ConfigSource, FyersTokenError, loadConfig, loginCommand } from "@fyers-token/core";
import type { FlagSpecs } from "./flags.js";

/**
 * Loads the config from the environment with the script's config flags on top. An error names
 * the flag when the bad value came from one, else the environment variable.
 */
export function loadScriptConfig(
  specs: FlagSpecs,
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  extra: ConfigSource = {},
): Config {
  const overrides: ConfigSource = { ...extra };
  const names: Partial<Record<keyof Config, string>> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name];
    if (spec.field === undefined || typeof value !== "string") continue;
    overrides[spec.field] = value;
    names[spec.field] = `--${name}`;
  }
  return loadConfig(env, { overrides, names, defaultStore: "file" });
}

/** Where the tokens are kept: all that a script which never calls FYERS needs. */
export type StoreConfig = Pick<Config, "store" | "tokenFile" | "ssmPrefix" | "kmsKeyId">;

/** A well-formed app id that stands in for the one a store-only script does not need. */
const NO_CLIENT_ID = "UNUSED-000";

/**
 * The store settings, validated as in loadScriptConfig, without requiring FYERS_CLIENT_ID:
 * get-parameters.ts and force-refresh.ts only read or delete what is stored.
 */
export function loadStoreConfig(
  specs: FlagSpecs,
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): StoreConfig {
  const { store, tokenFile, ssmPrefix, kmsKeyId } = loadScriptConfig(specs, values, env, {
    clientId: NO_CLIENT_ID,
  });
  return { store, tokenFile, ssmPrefix, kmsKeyId };
}

/**
 * A script that needs tokens found no file at the path: most often the file is simply elsewhere
 * (another folder), so say where we looked and how to point there; a first login is the hint.
 */
export function missingTokenFile(path: string): FyersTokenError {
  return new FyersTokenError(
    "login_required",
    `no token file at ${path} (set FYERS_TOKEN_FILE or --token-file)`,
    {
      hint: `if the tokens are in another folder, point there, e.g. --token-file /path/to/fyers_tokens.json; if you have not logged in yet: ${loginCommand("file")}`,
    },
  );
}
