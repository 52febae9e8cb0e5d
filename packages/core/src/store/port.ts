/** What a store holds. A token that is not stored is absent (never null or ""). */
export interface StoredTokens {
  clientId?: string;
  accessToken?: string;
  refreshToken?: string;
  /** ISO 8601, when the store keeps it (the file store does). */
  updatedAt?: string;
}

/** A write: the client id always comes with tokens; a token left out keeps its stored value. */
export interface TokenUpdate {
  clientId: string;
  accessToken?: string;
  refreshToken?: string;
}

export interface TokenStore {
  readonly kind: "file" | "ssm";
  /** Where, for people: a path or an SSM prefix. */
  readonly location: string;
  read(): Promise<StoredTokens>;
  /** Writes only what changed; returns the names written. */
  write(update: TokenUpdate): Promise<string[]>;
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
