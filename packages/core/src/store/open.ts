import type { Config } from "../config.js";
import { createFileStore } from "./file.js";
import type { TokenStore } from "./port.js";
import { createSsmStore } from "./ssm.js";

/** The store a config names (`FYERS_STORE`), or the one asked for. */
export function openStore(config: Config, kind: "file" | "ssm" = config.store): TokenStore {
  return kind === "file"
    ? createFileStore({ path: config.tokenFile })
    : createSsmStore({ prefix: config.ssmPrefix, kmsKeyId: config.kmsKeyId });
}
