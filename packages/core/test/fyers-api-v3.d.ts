// The official SDK ships no types; only what the fidelity test uses.
declare module "fyers-api-v3" {
  class fyersModel {
    constructor(options?: { path?: string; enableLogging?: boolean });
    setAppId(appId: string): void;
    setAccessToken(token: string): void;
    generate_access_token(request: {
      client_id: string;
      secret_key: string;
      auth_code: string;
    }): Promise<unknown>;
    get_profile(): Promise<unknown>;
  }
  const api: { fyersModel: typeof fyersModel };
  export default api;
}
