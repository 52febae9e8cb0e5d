import { FyersTokenError } from "../errors.js";

export interface ParsedAuthCode {
  code: string;
  /** The `state` of a pasted redirect URL, when it had one. */
  state?: string;
}

const QUOTES = /^["'`]+|["'`]+$/g;

/**
 * Accepts what people paste: a bare auth code, one wrapped in quotes or whitespace, or the whole
 * redirect URL (`…?s=ok&code=200&auth_code=…&state=…`). Errors name `name` (the flag or input).
 */
export function parseAuthCode(input: string, name = "auth-code"): ParsedAuthCode {
  const text = input.trim().replace(QUOTES, "").trim();
  if (text === "") {
    throw new FyersTokenError("invalid_config", `${name}: is empty`, {
      variable: name,
      hint: "paste the auth_code from the redirect URL, or the whole redirect URL",
    });
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.includes("auth_code=")) return { code: text };

  const query = text.includes("?") ? text.slice(text.indexOf("?") + 1) : text;
  const params = new URLSearchParams(query.split("#")[0]);
  const code = params.get("auth_code")?.trim();
  if (!code) {
    // A redirect that reports a failed login means: log in again (exit 3), not fix a setting.
    if (params.get("s") === "error" || params.get("code")?.startsWith("-")) {
      throw new FyersTokenError(
        "login_required",
        `the redirect URL reports a failed login (${params.get("message") ?? "no message"}) and has no auth_code`,
        {
          hint: "log in again and copy the whole URL your browser lands on after the login (it contains auth_code=…)",
        },
      );
    }
    throw new FyersTokenError("invalid_config", `${name}: the URL has no auth_code parameter`, {
      variable: name,
      hint: "paste the whole URL your browser lands on after the login (it contains auth_code=…), or just the code",
    });
  }
  const state = params.get("state");
  return state === null ? { code } : { code, state };
}
