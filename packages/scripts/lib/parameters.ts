import { maskToken, parameterNames, type StoredTokens, type TokenInfo, tokenInfo } from "@fyers-token/core";
import { expiryCells, table } from "./render.js";

/** One SSM parameter as get-parameters.ts shows it; tokens carry their expiry. */
interface ParameterView {
  name: string;
  value: string | undefined;
  expiry?: TokenInfo;
}
type Views = Record<"client_id" | "access_token" | "refresh_token", ParameterView>;

export function parameterViews(stored: StoredTokens, prefix: string, nowMs: number): Views {
  const names = parameterNames(prefix);
  return {
    client_id: { name: names.clientId, value: stored.clientId },
    access_token: {
      name: names.accessToken,
      value: stored.accessToken,
      expiry: tokenInfo(stored.accessToken, nowMs),
    },
    refresh_token: {
      name: names.refreshToken,
      value: stored.refreshToken,
      expiry: tokenInfo(stored.refreshToken, nowMs),
    },
  };
}

export function missingNames(views: Views): string[] {
  return Object.values(views)
    .filter((view) => view.value === undefined)
    .map((view) => view.name);
}

/** `{client_id: {name, value}, access_token: {name, value, status, expires_at, seconds_left}, …}` */
export function parametersJson(views: Views): object {
  return Object.fromEntries(
    Object.entries(views).map(([key, view]) => [
      key,
      { name: view.name, value: view.value ?? null, ...view.expiry },
    ]),
  );
}

/** Name, value (tokens masked unless `reveal`; the client id is not a secret), expiry. */
export function parametersTable(views: Views, reveal: boolean): string[] {
  const shown = (view: ParameterView) => {
    if (view.value === undefined) return "(not found)";
    return view.expiry === undefined || reveal ? view.value : maskToken(view.value);
  };
  return table([
    ["parameter", "value", "status", "expires (IST)", "expires (UTC)", "left"],
    ...Object.values(views).map((view) => [
      view.name,
      shown(view),
      ...(view.expiry ? expiryCells(view.expiry) : ["", "", "", ""]),
    ]),
  ]);
}
