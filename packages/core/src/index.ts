// @fyers-token/core: the FYERS token lifecycle with no GitHub code in it.
export {
  type Config,
  type ConfigSource,
  checkTuning,
  DEFAULT_API_URL,
  DEFAULT_REDIRECT_URI,
  DEFAULT_TOKEN_FILE,
  ENV_NAMES,
  fyersTimeoutMs,
  type LoadConfigOptions,
  loadConfig,
  requireAppSecret,
  requirePin,
  TIMEOUT_ENV,
  TUNING_DEFAULTS_MS,
  TUNING_ENV,
  type Tuning,
  tuningMs,
} from "./config.js";
export { DURATION_RANGES, type DurationRange, formatDuration, parseDuration } from "./duration.js";
export {
  configError,
  type ErrorCode,
  exitCodeFor,
  FyersTokenError,
  type IssuedSecrets,
  isFyersTokenError,
} from "./errors.js";
export { type ParsedAuthCode, parseAuthCode } from "./fyers/auth-code.js";
export {
  authorizedRequest,
  createFyersClient,
  exchangeRequest,
  type FyersClient,
  type FyersClientOptions,
  type IssuedTokens,
  type ProfileCheck,
  type RefreshedTokens,
  refreshRequest,
} from "./fyers/client.js";
export { appIdHash } from "./fyers/hash.js";
export { loginCommand } from "./fyers/hints.js";
export { DEFAULT_TIMEOUT_MS, forgetRateLimits, type HttpOptions, RATE_LIMIT_PAUSE_MS } from "./fyers/http.js";
export {
  isLoginKey,
  LOGIN_KEY_PATTERN,
  loginKey,
  loginKeyOf,
  loginLinkFor,
  withoutLoginKey,
} from "./fyers/login-key.js";
export { buildLoginUrl, type LoginUrlInput, newState } from "./fyers/login-url.js";
export { type AutoInput, type AutoOutcome, type AutoResult, auto } from "./lifecycle/auto.js";
export { type ExchangeInput, type ExchangeResult, exchange, saveAll } from "./lifecycle/exchange.js";
export {
  DEFAULT_MIN_REMAINING_SECONDS,
  DEFAULT_WARN_BEFORE_SECONDS,
  type Plan,
  type PlanInput,
  type PlannedAction,
  plan,
} from "./lifecycle/plan.js";
export { READER_POLICY_FILE, readAccessToken, type UsableToken } from "./lifecycle/reader.js";
export { type RefreshInput, type RefreshOptions, type RefreshResult, refresh } from "./lifecycle/refresh.js";
export {
  createTokenReader,
  DEFAULT_READER_MARGIN_SECONDS,
  FAILED_READ_RETRY_SECONDS,
  type TokenReader,
  type TokenReaderOptions,
  UNKNOWN_EXPIRY_CACHE_SECONDS,
} from "./lifecycle/token-reader.js";
export type { AppCredentials, Logger, Ports, ProfileReport, TokensInfo } from "./lifecycle/types.js";
export { silentLogger } from "./lifecycle/types.js";
export { checkProfile, type VerifyResult, verify } from "./lifecycle/verify.js";
export * from "./notify/index.js";
export { createScrubber, maskToken, type Scrubber, SHORT_SECRET, trusted } from "./redact.js";
export { createFileStore, type FileStoreOptions } from "./store/file.js";
export { type OpenStoreOptions, openStore } from "./store/open.js";
export {
  type LoginNotice,
  type NoticeLock,
  parseNotice,
  type StoredTokens,
  type TokenStore,
  type TokenUpdate,
} from "./store/port.js";
export {
  createSsmStore,
  DEFAULT_SSM_PREFIX,
  DEFAULT_SSM_TIMEOUT_MS,
  IAM_POLICY_FILE,
  parameterNames,
  type SsmStoreOptions,
  type SsmTokenStore,
} from "./store/ssm.js";
export { type Clock, formatIst, isoUtc, nextRollover, systemClock } from "./time.js";
export { decodeClaims, expiresAtMs, type TokenClaims } from "./tokens/jwt.js";
export { isAlive, type LoginDue, loginDue } from "./tokens/login-due.js";
export { hasAtLeast, mayBeUsable, type TokenInfo, type TokenStatus, tokenInfo } from "./tokens/status.js";
