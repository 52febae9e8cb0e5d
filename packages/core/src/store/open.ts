import type { Config } from "../config.js";
import { createFileStore } from "./file.js";
import type { TokenStore } from "./port.js";
import { createSsmStore } from "./ssm.js";

export interface OpenStoreOptions {
  /** SSM: read the login notice with the tokens (the action; readers need no permission for it). */
  withNotice?: boolean;
  /** SSM: told once when AWS denies the notice (a policy from before it); the run goes on without it. */
  onNoticeDenied?: (warning: string) => void;
  /** File: told about a token file that others can read (fixed to 0600 on the next write). */
  onWarning?: (message: string) => void;
}

/** The store a config names (`FYERS_STORE`), or the one asked for. */
export function openStore(
  config: Config,
  kind: "file" | "ssm" = config.store,
  options: OpenStoreOptions = {},
): TokenStore {
  return kind === "file"
    ? createFileStore({
        path: config.tokenFile,
        ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      })
    : createSsmStore({
        prefix: config.ssmPrefix,
        kmsKeyId: config.kmsKeyId,
        ...(options.withNotice ? { withNotice: true } : {}),
        ...(options.onNoticeDenied ? { onNoticeDenied: options.onNoticeDenied } : {}),
      });
}
