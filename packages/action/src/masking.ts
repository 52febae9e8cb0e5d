import {
  appIdHash,
  type FyersClient,
  loginKeyOf,
  type NoticeLock,
  type TokenStore,
  webhookSecrets,
} from "@fyers-token/core";
import type { Inputs, RawInputs } from "./inputs.js";

export type Mask = (secret: string) => void;

/** Masks a value once it is worth masking; "" would make the runner mask nothing useful. */
function maskAll(mask: Mask, values: (string | undefined)[]): void {
  for (const value of values) if (value !== undefined && value !== "") mask(value);
}

/**
 * The secrets as the runner passed them, before any validation can echo them. The auth code may
 * be a whole redirect URL: the URL is masked here, the code inside it once it is parsed.
 */
export function maskRawInputs(raw: RawInputs, mask: Mask): void {
  maskAll(mask, [raw.appSecret, raw.pin, raw.authCode, raw.githubToken, raw.webhookUrl, raw.telegramChatId]);
  // The bot token, and its part after the colon alone: that part is the secret.
  maskAll(mask, [raw.telegramBotToken, raw.telegramBotToken.split(":")[1]]);
  // The login link's key lets anyone log in through the callback: masked, even a malformed one
  // (unless too short to mask without wrecking the log).
  const key = loginKeyOf(raw.loginLink);
  if (key !== undefined && key.length >= 8) mask(key);
  // FYERS treats the hash as a credential: whoever has it can exchange codes for this app.
  if (raw.clientId !== "" && raw.appSecret !== "") mask(appIdHash(raw.clientId, raw.appSecret));
}

/** The parsed secrets and those derived from them: the code inside a URL, and the appIdHash. */
export function maskInputs(inputs: Inputs, mask: Mask): void {
  maskAll(mask, [inputs.appSecret, inputs.pin, inputs.githubToken]);
  if (inputs.loginLink !== undefined) maskAll(mask, [loginKeyOf(inputs.loginLink)]);
  // The webhook URL, and its key parts alone: a receiver that refuses may quote just those.
  const webhook = inputs.channels.webhook?.url;
  if (webhook !== undefined) maskAll(mask, webhookSecrets(webhook));
  const telegram = inputs.channels.telegram;
  maskAll(mask, [telegram?.botToken, telegram?.botToken.split(":")[1], telegram?.chatId]);
  if (inputs.mode !== "verify") {
    maskAll(mask, [inputs.authCode?.raw, inputs.authCode?.code]);
    mask(appIdHash(inputs.clientId, inputs.appSecret));
  }
}

/** A store whose tokens are masked the moment they are read, before any caller sees them. */
export function maskingStore<S extends TokenStore & Partial<NoticeLock>>(store: S, mask: Mask): S {
  const lock: Partial<NoticeLock> =
    store.lockNotice === undefined || store.unlockNotice === undefined
      ? {}
      : {
          lockNotice: store.lockNotice.bind(store),
          unlockNotice: store.unlockNotice.bind(store),
        };
  return {
    ...lock,
    kind: store.kind,
    location: store.location,
    async read() {
      const tokens = await store.read();
      maskAll(mask, [tokens.accessToken, tokens.refreshToken]);
      return tokens;
    },
    write: (update, current) => store.write(update, current),
    checkWritable: () => store.checkWritable(),
    writeNotice: (notice, current) => store.writeNotice(notice, current),
    deleteAccessToken: () => store.deleteAccessToken(),
  } as S;
}

/** A FYERS client whose issued tokens are masked the moment they arrive. */
export function maskingClient(client: FyersClient, mask: Mask): FyersClient {
  return {
    get requestCount() {
      return client.requestCount;
    },
    async exchangeAuthCode(hash, code) {
      const tokens = await client.exchangeAuthCode(hash, code);
      maskAll(mask, [tokens.accessToken, tokens.refreshToken]);
      return tokens;
    },
    async refreshAccessToken(hash, refreshToken, pin) {
      const tokens = await client.refreshAccessToken(hash, refreshToken, pin);
      maskAll(mask, [tokens.accessToken, tokens.refreshToken]);
      return tokens;
    },
    getProfile: (token) => client.getProfile(token),
    logout: (token) => client.logout(token),
  };
}
