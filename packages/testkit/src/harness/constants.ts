/** The SSM prefix of interface.md, and its three parameters. */
export const PREFIX = "/stock-pipeline/fyers";
export const PARAM = {
  accessToken: `${PREFIX}/access_token`,
  refreshToken: `${PREFIX}/refresh_token`,
  clientId: `${PREFIX}/client_id`,
};
