import {
  type Config,
  createFileStore,
  createFyersClient,
  createSsmStore,
  type FyersClient,
  fyersTimeoutMs,
  type TokenStore,
} from "@fyers-token/core";
import { missingTokenFile, type StoreConfig } from "./config.js";

/** The FYERS client for this config; FYERS_TIMEOUT, when set, is each call's deadline. */
export function fyersClient(config: Config, env: NodeJS.ProcessEnv = process.env): FyersClient {
  const timeoutMs = fyersTimeoutMs(env);
  return createFyersClient({
    apiUrl: config.apiUrl,
    clientId: config.clientId,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

/** The local token file, whatever FYERS_STORE says. */
export function fileStore(config: StoreConfig): TokenStore {
  return createFileStore({ path: config.tokenFile });
}

/** The token file a script needs tokens from: a missing file is an error naming its path. */
export function requiredFileStore(config: StoreConfig): TokenStore {
  return createFileStore({ path: config.tokenFile, ifMissing: missingTokenFile });
}

/** The configured store (FYERS_STORE / --store), read by scripts that need tokens from it. */
export function configuredStore(config: StoreConfig): TokenStore {
  return config.store === "ssm" ? ssmStore(config) : requiredFileStore(config);
}

export function ssmStore(config: StoreConfig): TokenStore {
  return createSsmStore({ prefix: config.ssmPrefix, kmsKeyId: config.kmsKeyId });
}

/**
 * Where new tokens go: the file first, always, so single-use tokens survive an unreachable
 * SSM; then SSM when that is the configured store.
 */
export function saveTargets(config: Config): TokenStore[] {
  return config.store === "ssm" ? [fileStore(config), ssmStore(config)] : [fileStore(config)];
}

export function describeStore(store: TokenStore): string {
  return `${store.kind}:${store.location}`;
}
