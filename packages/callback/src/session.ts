import { createSsmStore, FyersTokenError, type SsmTokenStore, type StoredTokens } from "@fyers-token/core";
import { SECRET_REREAD_MS, type Settings, SSM_MAX_ATTEMPTS, SSM_TIMEOUT_MS } from "./settings.js";
import { stateKey } from "./state.js";

/** What a warm instance keeps: the app's identity and the key derived from its secret. Never tokens. */
export interface AppIdentity {
  clientId: string;
  appSecret: string;
  stateKey: Buffer;
}

/** The identity, and the tokens when this very request read them along with it (a cold start). */
export interface Known {
  app: AppIdentity;
  tokens?: StoredTokens;
}

export interface Session {
  app: AppIdentity;
  /** Read fresh for each request that uses them: the scheduled action or another login may have changed them. */
  tokens: StoredTokens;
}

const STORE_SECRET =
  'printf %s "$SECRET" | FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts --app-secret -';

/**
 * What costs an SSM read, and when. The client id and app secret are read once per warm
 * instance (a cold start reads them, with the tokens, in one GetParameters); the tokens only for
 * a request that will use them (a /login with the owner's key, a /callback whose state this
 * callback signed). A request refused on its shape or its key costs no read at all.
 */
export class SessionSource {
  readonly store: SsmTokenStore;
  private app: AppIdentity | undefined;
  private readAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly settings: Settings,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.store = createSsmStore({
      prefix: settings.prefix,
      kmsKeyId: settings.kmsKeyId,
      timeoutMs: SSM_TIMEOUT_MS,
      clientConfig: { maxAttempts: SSM_MAX_ATTEMPTS },
    });
  }

  /** The cached identity; a cold instance reads it (and gets the tokens in the same call). */
  async identity(): Promise<Known> {
    if (this.app !== undefined) return { app: this.app };
    return this.readIdentity();
  }

  /**
   * A key or a state's MAC did not match the cached secret: it may have been rotated since.
   * Reads it again at most once a minute (strangers cannot make it read more); undefined when
   * it was read less than a minute ago.
   */
  async reread(): Promise<Known | undefined> {
    if (this.app !== undefined && this.nowMs() - this.readAtMs < SECRET_REREAD_MS) return undefined;
    return this.readIdentity();
  }

  /** The stored tokens for a request that will use them; `known` came from this request's identity(). */
  async session(known: Known): Promise<Session> {
    if (known.tokens !== undefined) return { app: known.app, tokens: known.tokens };
    const tokens = await this.store.read();
    if (tokens.clientId === undefined || tokens.clientId === known.app.clientId) {
      return { app: known.app, tokens };
    }
    // Another app id in SSM: the cached secret belongs to the old one.
    const again = await this.readIdentity();
    return { app: again.app, tokens: again.tokens ?? tokens };
  }

  /** After FYERS refused the app's credentials: read the secret again now, whatever its age. */
  async readAgain(): Promise<Known> {
    this.app = undefined;
    return this.readIdentity();
  }

  private async readIdentity(): Promise<Known> {
    this.readAtMs = this.nowMs();
    const { tokens, extras } = await this.store.readWith(["app_secret"]);
    this.app = this.identityOf(tokens.clientId, extras.app_secret);
    return { app: this.app, tokens };
  }

  private identityOf(clientId: string | undefined, appSecret: string | undefined): AppIdentity {
    const { prefix } = this.settings;
    if (!clientId) {
      throw new FyersTokenError("invalid_config", `SSM has no ${prefix}/client_id`, {
        variable: `${prefix}/client_id`,
        hint: "run the fyers-token action once, or store the tokens with FYERS_CLIENT_ID=ABCDE12345-100 npx tsx packages/scripts/put-parameters.ts: every token write stores the client id",
      });
    }
    if (!appSecret) {
      throw new FyersTokenError("invalid_config", `SSM has no ${prefix}/app_secret`, {
        variable: `${prefix}/app_secret`,
        hint: `store the app secret once as a SecureString: ${STORE_SECRET}`,
      });
    }
    return { clientId, appSecret, stateKey: stateKey(appSecret) };
  }
}
