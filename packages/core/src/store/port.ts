/** What a store holds. A token that is not stored is absent (never null or ""). */
export interface StoredTokens {
  clientId?: string;
  accessToken?: string;
  refreshToken?: string;
  /** ISO 8601, when the store keeps it (the file store does). */
  updatedAt?: string;
  /** The login notice last announced, so each state is announced once (absent: none). */
  notice?: LoginNotice;
}

/** A login notice as stored: what was announced, since when, and where. */
export interface LoginNotice {
  event: "login-required" | "login-due" | "renewal-failed";
  /** For renewal-failed: why (a RenewalCause code, e.g. "pin_rejected"); another cause is another notice. */
  cause?: string;
  /** ISO UTC. */
  since: string;
  /** Where it was announced: "issue", "telegram", "webhook". */
  channels: string[];
  /** ISO UTC: when the login becomes required (for login-due). */
  deadline?: string;
}

/**
 * A short lock on announcing (`{prefix}/login_notice_lock` in SSM, written with Overwrite false),
 * so two runs at once announce once. `held`: another live run has it. A lock whose holder died
 * is taken over once its `until` has passed.
 */
export interface NoticeLock {
  lockNotice(holder: string, ttlMs: number, nowMs: number): Promise<"taken" | "held">;
  /** Releases the lock when `holder` still has it. */
  unlockNotice(holder: string): Promise<void>;
}

/** A write: the client id always comes with tokens; a token left out keeps its stored value. */
export interface TokenUpdate {
  clientId: string;
  accessToken?: string;
  refreshToken?: string;
}

/** The token fields a write can change, in the names `write()` returns. */
export type TokenField = "clientId" | "accessToken" | "refreshToken";
export const TOKEN_FIELDS: readonly TokenField[] = ["clientId", "accessToken", "refreshToken"];

export interface TokenStore {
  readonly kind: "file" | "ssm";
  /** Where, for people: a path or an SSM prefix. */
  readonly location: string;
  read(): Promise<StoredTokens>;
  /**
   * Writes only what differs from `current`; returns the names written. With `current` (what the
   * run already read) the store does not read again.
   */
  write(update: TokenUpdate, current?: StoredTokens): Promise<string[]>;
  /** Throws `store_failed` saying exactly what is wrong when a write would fail; writes nothing. */
  checkWritable(): Promise<void>;
  /**
   * Stores the login notice; null clears it. Writes nothing when unchanged from `current`, which
   * must come from a read that includes the notice (an SSM store made `withNotice`).
   */
  writeNotice(notice: LoginNotice | null, current?: StoredTokens): Promise<void>;
  /** Removes the stored access token and keeps the refresh token; false when none was stored. */
  deleteAccessToken(): Promise<boolean>;
}

/** The stored tokens after applying `update`, as a store writes them. */
export function merge(current: StoredTokens, update: TokenUpdate): StoredTokens {
  const next: StoredTokens = { ...current, clientId: update.clientId };
  if (update.accessToken !== undefined) next.accessToken = update.accessToken;
  if (update.refreshToken !== undefined) next.refreshToken = update.refreshToken;
  return next;
}

/** The token fields whose value `next` changes, in `order`. */
export function changedFields(
  current: StoredTokens,
  next: StoredTokens,
  order: readonly TokenField[] = TOKEN_FIELDS,
): TokenField[] {
  return order.filter((k) => next[k] !== undefined && next[k] !== current[k]);
}

/** Two notices are the same when they would announce the same thing. */
export function sameNotice(a: LoginNotice | undefined, b: LoginNotice | undefined): boolean {
  return JSON.stringify(normalizeNotice(a)) === JSON.stringify(normalizeNotice(b));
}

function normalizeNotice(n: LoginNotice | undefined) {
  return (
    n && {
      event: n.event,
      since: n.since,
      channels: [...n.channels],
      deadline: n.deadline ?? null,
      cause: n.cause ?? null,
    }
  );
}

/** A stored notice from JSON, or undefined when the value is not a notice (a cleared one included). */
export function parseNotice(value: unknown): LoginNotice | undefined {
  if (typeof value === "string") {
    if (value === "" || value === "none") return undefined;
    try {
      return parseNotice(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.event !== "login-required" && v.event !== "login-due" && v.event !== "renewal-failed")
    return undefined;
  if (typeof v.since !== "string") return undefined;
  if (!Array.isArray(v.channels) || !v.channels.every((c) => typeof c === "string")) return undefined;
  const notice: LoginNotice = { event: v.event, since: v.since, channels: [...v.channels] };
  if (typeof v.deadline === "string") notice.deadline = v.deadline;
  if (typeof v.cause === "string") notice.cause = v.cause;
  return notice;
}
