import { type Config, type ConfigSource, loadConfig } from "@fyers-token/core";
import type { FlagSpecs } from "./flags.js";

/**
 * Loads the config from the environment with the script's config flags on top. An error names
 * the flag when the bad value came from one, else the environment variable.
 */
export function loadScriptConfig(
  specs: FlagSpecs,
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Config {
  const overrides: ConfigSource = {};
  const names: Partial<Record<keyof Config, string>> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name];
    if (spec.field === undefined || typeof value !== "string") continue;
    overrides[spec.field] = value;
    names[spec.field] = `--${name}`;
  }
  return loadConfig(env, { overrides, names, defaultStore: "file" });
}
