import type { SSMClient, SSMClientConfig } from "@aws-sdk/client-ssm";
import { formatDuration } from "../duration.js";
import { FyersTokenError } from "../errors.js";
import { tuningMs } from "../tuning.js";
import {
  changedFields,
  type LoginNotice,
  merge,
  type NoticeLock,
  parseNotice,
  type StoredTokens,
  sameNotice,
  type TokenField,
  type TokenStore,
  type TokenUpdate,
} from "./port.js";

export const DEFAULT_SSM_PREFIX = "/stock-pipeline/fyers";
/** The least-privilege IAM policy shipped with the project, named in access-denied messages. */
export const IAM_POLICY_FILE = "docs/iam/fyers-token-policy.json";
/** Each SSM call's deadline unless `timeoutMs` says otherwise. */
export const DEFAULT_SSM_TIMEOUT_MS = 10_000;

const KEYS = { clientId: "client_id", accessToken: "access_token", refreshToken: "refresh_token" } as const;
type Key = keyof typeof KEYS;
/** Write order: the client id, then the long-lived refresh token, then the access token. */
const WRITE_ORDER: Key[] = ["clientId", "refreshToken", "accessToken"];
/** The login notice: a plain String (not a secret), JSON, or `none` once cleared. */
const NOTICE_KEY = "login_notice";
const CLEARED_NOTICE = "none";
/** The announce lock: a plain String `{"holder","until"}`, created with Overwrite false, deleted after. */
const LOCK_KEY = "login_notice_lock";
/** GetParameters takes at most 10 names. */
const MAX_NAMES = 10;
const EXTRA_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export interface SsmStoreOptions {
  prefix?: string;
  kmsKeyId?: string | undefined;
  /** Passed to `new SSMClient()`; region, credentials and endpoint resolve as in every AWS tool. */
  clientConfig?: SSMClientConfig;
  /** Each SSM call's deadline, retries included (default 10 s). */
  timeoutMs?: number;
  /** Read `{prefix}/login_notice` in the same GetParameters as the tokens (the action does). */
  withNotice?: boolean;
  /**
   * With `withNotice`: when AWS denies the read only because of `{prefix}/login_notice` (an IAM
   * policy from before the notice), read the tokens without it, call this once with the warning
   * to give, and from then on neither read nor write the notice. Absent: the denial is thrown.
   */
  onNoticeDenied?: (warning: string) => void;
}

/** The SSM store, plus one read of the tokens and other parameters under the same prefix. */
export type SsmTokenStore = TokenStore &
  NoticeLock & {
    /** ONE GetParameters: the tokens and `${prefix}/${name}` for each extra; missing ones are absent. */
    readWith(extra: string[]): Promise<{ tokens: StoredTokens; extras: Record<string, string> }>;
    /**
     * What a consumer uses: ONE GetParameters of `{prefix}/client_id` and `{prefix}/access_token`
     * only, so the reader policy grants neither the refresh token nor the notice.
     */
    readAccess(): Promise<StoredTokens>;
  };

export function parameterNames(prefix: string): Record<Key, string> {
  return {
    clientId: `${prefix}/${KEYS.clientId}`,
    accessToken: `${prefix}/${KEYS.accessToken}`,
    refreshToken: `${prefix}/${KEYS.refreshToken}`,
  };
}

/** Turns an SDK error into one that names the IAM action, the parameter and what to do. */
function ssmError(
  error: unknown,
  action: string,
  parameter: string,
  kmsKeyId: string | undefined,
): FyersTokenError {
  const name = (error as { name?: string }).name ?? "Error";
  const where = `ssm:${action} on ${parameter}`;
  if (name === "AccessDeniedException") {
    return new FyersTokenError("store_failed", `AWS denied ${where}`, {
      cause: error,
      hint: `grant ssm:${action} on this parameter to the role or user in use; ${IAM_POLICY_FILE} is a least-privilege policy for exactly the parameters this project uses`,
    });
  }
  if (name.startsWith("KMS") || name === "InvalidKeyId") {
    return new FyersTokenError("store_failed", `AWS KMS refused ${where} (${name})`, {
      cause: error,
      hint: `check the KMS key${kmsKeyId ? ` ${kmsKeyId}` : ""} exists and allows kms:Encrypt/kms:Decrypt to this role (FYERS_SSM_KMS_KEY_ID)`,
    });
  }
  if (name === "CredentialsProviderError" || /credential/i.test(name)) {
    return new FyersTokenError("store_failed", `no AWS credentials for ${where}`, {
      cause: error,
      hint: "set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); in GitHub Actions use aws-actions/configure-aws-credentials",
    });
  }
  if (/region/i.test((error as Error).message ?? "")) {
    return new FyersTokenError("invalid_config", `AWS_REGION: no AWS region for ${where}`, {
      cause: error,
      variable: "AWS_REGION",
      hint: "set AWS_REGION, e.g. AWS_REGION=ap-south-1",
    });
  }
  const message = (error as Error).message;
  return new FyersTokenError(
    "store_failed",
    `AWS SSM ${action} failed on ${parameter} (${name}${message ? `: ${message}` : ""})`,
    {
      cause: error,
      hint: "check AWS_REGION, the network and AWS_ENDPOINT_URL_SSM if set",
    },
  );
}

function describeMs(ms: number): string {
  return ms < 1000 ? `${ms}ms` : formatDuration(ms / 1000);
}

function deadlineError(timeoutMs: number, action: string, parameter: string, cause?: unknown) {
  return new FyersTokenError(
    "unavailable",
    `AWS SSM did not answer within ${describeMs(timeoutMs)} (ssm:${action} on ${parameter})`,
    {
      cause,
      hint: "check the network, AWS_REGION and AWS_ENDPOINT_URL_SSM if set, then run again",
    },
  );
}

const TOKEN_NAMES: Record<TokenField, string> = {
  clientId: "client id",
  accessToken: "access token",
  refreshToken: "refresh token",
};

/** "SSM holds the new refresh token but not the new access token", from what a write got done. */
export function describePartialWrite(wanted: TokenField[], written: TokenField[]): string {
  const tokens = (fields: TokenField[]) =>
    fields.filter((f) => f !== "clientId").map((f) => `the new ${TOKEN_NAMES[f]}`);
  const held = tokens(written);
  const missing = tokens(wanted.filter((f) => !written.includes(f)));
  if (held.length === 0) return `SSM holds none of the new tokens`;
  return `SSM holds ${held.join(" and ")} but not ${missing.join(" or ") || "the client id"}`;
}

/**
 * The SSM Parameter Store: three SecureString parameters under `prefix`, read in ONE
 * GetParameters call with decryption, written with overwrite. The SDK loads on first use, so
 * a process that never touches SSM never pays for it. Every call has a deadline.
 */
export function createSsmStore(options: SsmStoreOptions = {}): SsmTokenStore {
  const prefix = options.prefix ?? DEFAULT_SSM_PREFIX;
  const names = parameterNames(prefix);
  const noticeName = `${prefix}/${NOTICE_KEY}`;
  // Unset: DEFAULT_SSM_TIMEOUT_MS (10 s); FYERS_SERVICE_TIMEOUT, a test/advanced setting, changes it.
  const timeoutMs = options.timeoutMs ?? tuningMs("serviceTimeout");
  let client: Promise<{ sdk: typeof import("./ssm-sdk.js"); ssm: SSMClient }> | undefined;
  const connect = () => {
    client ??= import("./ssm-sdk.js").then((sdk) => ({
      sdk,
      ssm: new sdk.SSMClient({
        // The socket's own timeouts, so a hung connection is torn down, not just abandoned.
        requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
        ...options.clientConfig,
      }),
    }));
    return client;
  };

  /** One SDK call under the deadline: the abort signal cancels it, the timer bounds what it cannot. */
  async function call<T>(
    action: string,
    parameter: string,
    send: (ssm: SSMClient, sdk: typeof import("./ssm-sdk.js"), signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(deadlineError(timeoutMs, action, parameter));
      }, timeoutMs);
    });
    try {
      const { sdk, ssm } = await Promise.race([connect(), deadline]);
      return await Promise.race([send(ssm, sdk, controller.signal), deadline]);
    } catch (error) {
      if (error instanceof FyersTokenError) throw error;
      const name = (error as { name?: string }).name;
      if (controller.signal.aborted || name === "TimeoutError" || name === "AbortError")
        throw deadlineError(timeoutMs, action, parameter, error);
      throw ssmError(error, action, parameter, options.kmsKeyId);
    } finally {
      clearTimeout(timer);
    }
  }

  async function getParameters(all: string[], notice: boolean) {
    const answer = await call("GetParameters", `${prefix}/*`, (ssm, sdk, abortSignal) =>
      ssm.send(new sdk.GetParametersCommand({ Names: all, WithDecryption: true }), { abortSignal }),
    );
    const value = (name: string) => answer.Parameters?.find((p) => p.Name === name)?.Value;
    const tokens: StoredTokens = {};
    for (const key of WRITE_ORDER) {
      const found = value(names[key]);
      if (found) tokens[key] = found;
    }
    if (notice) {
      const stored = parseNotice(value(noticeName));
      if (stored) tokens.notice = stored;
    }
    return { tokens, value };
  }

  const tokenNames = (notice: boolean) => [...Object.values(names), ...(notice ? [noticeName] : [])];
  /** Whether this store still reads and writes the notice (off once AWS denied it, see onNoticeDenied). */
  let noticeOn = options.withNotice === true;

  /**
   * The read with the notice; when AWS denies it and the same read without the notice goes
   * through, the notice alone is missing from the policy: warn once and go on without it.
   */
  async function getWithNotice(all: string[]) {
    if (!noticeOn)
      return getParameters(
        all.filter((n) => n !== noticeName),
        false,
      );
    try {
      return await getParameters(all, true);
    } catch (error) {
      const denied = error instanceof FyersTokenError && /^AWS denied /.test(error.message);
      if (!denied || options.onNoticeDenied === undefined) throw error;
      const answer = await getParameters(
        all.filter((n) => n !== noticeName),
        false,
      );
      noticeOn = false;
      options.onNoticeDenied(
        `AWS denied ssm:GetParameters on ${noticeName}, where fyers-token remembers the login notice it sent; ` +
          `running without it (every run that finds a login needed announces it again, and the login issue closes only after an exchange or a refresh). ` +
          `Fix: allow ssm:GetParameters and ssm:PutParameter on ${noticeName} (the ActionRemembersTheLoginNoticeItSent statement of ${IAM_POLICY_FILE})`,
      );
      return answer;
    }
  }

  async function readWith(extra: string[]) {
    const notice = options.withNotice === true;
    const base = tokenNames(notice);
    for (const name of extra) {
      if (!EXTRA_NAME.test(name) || base.includes(`${prefix}/${name}`))
        throw new FyersTokenError("invalid_config", `readWith: "${name}" is not a parameter name to read`);
    }
    if (base.length + extra.length > MAX_NAMES)
      throw new FyersTokenError("invalid_config", `readWith: at most ${MAX_NAMES - base.length} extra names`);
    const { tokens, value } = await getWithNotice([...base, ...extra.map((n) => `${prefix}/${n}`)]);
    const extras: Record<string, string> = {};
    for (const name of extra) {
      const found = value(`${prefix}/${name}`);
      if (found) extras[name] = found;
    }
    return { tokens, extras };
  }

  const read = async (): Promise<StoredTokens> => (await getWithNotice(tokenNames(noticeOn))).tokens;
  const readAccess = async (): Promise<StoredTokens> =>
    (await getParameters([names.clientId, names.accessToken], false)).tokens;

  async function put(name: string, value: string, type: "SecureString" | "String") {
    await call("PutParameter", name, (ssm, sdk, abortSignal) =>
      ssm.send(
        new sdk.PutParameterCommand({
          Name: name,
          Value: value,
          Type: type,
          Overwrite: true,
          ...(type === "SecureString" && options.kmsKeyId ? { KeyId: options.kmsKeyId } : {}),
        }),
        { abortSignal },
      ),
    );
  }

  async function write(update: TokenUpdate, current?: StoredTokens): Promise<string[]> {
    const before = current ?? (await read());
    const next = merge(before, update);
    const wanted = changedFields(before, next, WRITE_ORDER);
    const written: TokenField[] = [];
    for (const key of wanted) {
      try {
        await put(names[key], next[key] as string, "SecureString");
      } catch (error) {
        throw partialWriteError(error, wanted, written);
      }
      written.push(key);
    }
    return written;
  }

  /** The failed write's error, saying which parameters already hold the new values. */
  function partialWriteError(error: unknown, wanted: TokenField[], written: TokenField[]) {
    if (!(error instanceof FyersTokenError)) return error;
    // Only a partial write needs saying: the caller already says when nothing was stored.
    const done =
      written.length > 0
        ? ` (already written: ${written.map((k) => names[k]).join(", ")}); ${describePartialWrite(wanted, written)}`
        : "";
    return new FyersTokenError(error.code, `${error.message}${done}`, {
      cause: error.cause,
      hint: error.hint,
      variable: error.variable,
      savedTo: written.filter((k) => k !== "clientId").map((k) => `ssm:${names[k]}`),
    });
  }

  async function writeNotice(notice: LoginNotice | null, current?: StoredTokens): Promise<void> {
    // AWS denied the notice (onNoticeDenied said so): writing it blind would only fail again.
    if (options.withNotice === true && !noticeOn) return;
    const before = current ?? (await getParameters(tokenNames(true), true)).tokens;
    if (sameNotice(before.notice, notice ?? undefined)) return;
    await put(noticeName, notice === null ? CLEARED_NOTICE : JSON.stringify(notice), "String");
  }

  const lockName = `${prefix}/${LOCK_KEY}`;

  /** Creates the lock parameter unless it exists; false when another run created it first. */
  const createLock = (value: string) =>
    call("PutParameter", lockName, (ssm, sdk, abortSignal) =>
      ssm
        .send(
          new sdk.PutParameterCommand({ Name: lockName, Value: value, Type: "String", Overwrite: false }),
          {
            abortSignal,
          },
        )
        .then(
          () => true,
          (error: { name?: string }) => {
            if (error.name === "ParameterAlreadyExists") return false;
            throw error;
          },
        ),
    );

  async function readLock(): Promise<{ holder: string; untilMs: number } | undefined> {
    const answer = await call("GetParameters", lockName, (ssm, sdk, abortSignal) =>
      ssm.send(new sdk.GetParametersCommand({ Names: [lockName] }), { abortSignal }),
    );
    const raw = answer.Parameters?.[0]?.Value;
    if (raw === undefined) return undefined;
    try {
      const parsed = JSON.parse(raw) as { holder?: unknown; until?: unknown };
      const untilMs = typeof parsed.until === "string" ? Date.parse(parsed.until) : Number.NaN;
      // A lock nobody can read the end of is treated as expired: it must never block forever.
      return { holder: String(parsed.holder), untilMs: Number.isNaN(untilMs) ? 0 : untilMs };
    } catch {
      return { holder: "", untilMs: 0 };
    }
  }

  const deleteLock = () =>
    call("DeleteParameter", lockName, (ssm, sdk, abortSignal) =>
      ssm.send(new sdk.DeleteParameterCommand({ Name: lockName }), { abortSignal }).then(
        () => undefined,
        (error: { name?: string }) => {
          if (error.name !== "ParameterNotFound") throw error;
        },
      ),
    );

  async function lockNotice(holder: string, ttlMs: number, nowMs: number): Promise<"taken" | "held"> {
    const value = JSON.stringify({ holder, until: new Date(nowMs + ttlMs).toISOString() });
    // Twice at most: a second try only after a released or expired lock was found.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await createLock(value)) return "taken";
      const current = await readLock();
      if (current !== undefined && current.untilMs > nowMs) return "held";
      // Its holder died (or released it just now): take it over.
      if (current !== undefined) await deleteLock();
    }
    return "held";
  }

  async function unlockNotice(holder: string): Promise<void> {
    const current = await readLock();
    if (current?.holder === holder) await deleteLock();
  }

  async function deleteAccessToken(): Promise<boolean> {
    return call("DeleteParameter", names.accessToken, (ssm, sdk, abortSignal) =>
      ssm.send(new sdk.DeleteParameterCommand({ Name: names.accessToken }), { abortSignal }).then(
        () => true,
        (error: { name?: string }) => {
          if (error.name === "ParameterNotFound") return false;
          throw error;
        },
      ),
    );
  }

  return {
    kind: "ssm",
    location: prefix,
    read,
    readWith,
    readAccess,
    write,
    // Writability cannot be probed without writing: the first PutParameter tells.
    checkWritable: async () => undefined,
    writeNotice,
    lockNotice,
    unlockNotice,
    deleteAccessToken,
  };
}
