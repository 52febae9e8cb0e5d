import { createSsmStore, FyersTokenError, type SsmTokenStore, type StoredTokens } from "@fyers-token/core";
import { type Settings, SSM_MAX_ATTEMPTS, SSM_TIMEOUT_MS } from "./settings.js";
import { stateKey } from "./state.js";

/** What a warm instance keeps: the app's identity and the key derived from its secret. Never tokens. */
export interface AppIdentity {
  clientId: string;
  appSecret: string;
  stateKey: Buffer;
}

export interface Session {
  app: AppIdentity;
  /** Read fresh on every request: the scheduled action or another login may have changed them. */
  tokens: StoredTokens;
}

const STORE_SECRET = 'printf %s "$SECRET" | npx tsx packages/scripts/put-parameters.ts --app-secret -';

/**
 * ONE GetParameters per request. A cold instance reads the client id, the app secret and the
 * tokens together; a warm one reads only the tokens and keeps the secret it already has.
 */
export class SessionSource {
  readonly store: SsmTokenStore;
  private app: AppIdentity | undefined;

  constructor(private readonly settings: Settings) {
    this.store = createSsmStore({
      prefix: settings.prefix,
      kmsKeyId: settings.kmsKeyId,
      timeoutMs: SSM_TIMEOUT_MS,
      clientConfig: { maxAttempts: SSM_MAX_ATTEMPTS },
    });
  }

  async read(): Promise<Session> {
    if (this.app !== undefined) {
      const tokens = await this.store.read();
      // Another app id in SSM: the cached secret belongs to the old one.
      if (tokens.clientId === this.app.clientId) return { app: this.app, tokens };
      this.app = undefined;
    }
    const { tokens, extras } = await this.store.readWith(["app_secret"]);
    this.app = this.identity(tokens.clientId, extras.app_secret);
    return { app: this.app, tokens };
  }

  /** After FYERS refuses the app's credentials: the secret may have been rotated; read it again. */
  forget(): void {
    this.app = undefined;
  }

  private identity(clientId: string | undefined, appSecret: string | undefined): AppIdentity {
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
