import { FyersTokenError } from "../errors.js";

export interface ParsedAuthCode {
  code: string;
  /** The `state` of a pasted redirect URL, when it had one. */
  state?: string;
}

/** A redirect URL with its auth code is about 1 kB; anything this long was not copied from one. */
const MAX_INPUT_CHARS = 16_384;
/** Characters a copy can carry that nobody sees: zero-width spaces and joiners, BOM, soft hyphen, bidi marks. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** Straight, typographic ("smart") and guillemet quotes, and backticks, around the paste. */
const QUOTES =
  /^["'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]+|["'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]+$/g;
/** A line break and the indentation around it: a code or URL wrapped over lines by a chat or mail. */
const WRAP = /[^\S\r\n]*[\r\n]+[^\S\r\n]*/g;
/** FYERS auth codes are JWTs: base64url segments joined by dots. */
const CODE = /^[A-Za-z0-9_.-]+$/;
const HINT = "paste the auth_code from the redirect URL, or the whole redirect URL";

/**
 * Accepts what people paste: a bare auth code, or the whole redirect URL
 * (`…?s=ok&code=200&auth_code=…&state=…`), and repairs the copy mistakes that have one meaning:
 * quotes (smart ones too) around it, invisible characters, line breaks from wrapping, `&amp;`
 * for `&`. Anything else no FYERS code has (a space inside, other characters, megabytes of text)
 * is refused as `invalid_config` naming `name` (the flag or input), before any FYERS call.
 */
export function parseAuthCode(input: string, name = "auth-code"): ParsedAuthCode {
  if (input.length > MAX_INPUT_CHARS) {
    throw refused(name, `is ${input.length} characters long, far more than an auth code or redirect URL`);
  }
  const text = input.replace(INVISIBLE, "").trim().replace(QUOTES, "").trim().replace(WRAP, "");
  if (text === "") throw refused(name, "is empty");
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.includes("auth_code="))
    return { code: checkCode(text, name) };

  const params = redirectParams(text);
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
  const checked = checkCode(code, name);
  return state === null ? { code: checked } : { code: checked, state };
}

/**
 * The redirect's parameters: its query, or else its fragment, where a page or app that rewrote the
 * URL (`…/callback#s=ok&auth_code=…`, `…#/?auth_code=…`) puts them.
 */
function redirectParams(text: string): URLSearchParams {
  const hash = text.indexOf("#");
  const main = hash < 0 ? text : text.slice(0, hash);
  const fragment = hash < 0 ? "" : text.slice(hash + 1);
  const params = searchParams(afterQuestionMark(main));
  if (params.has("auth_code")) return params;
  const inFragment = searchParams(afterQuestionMark(fragment));
  const fragmentSays = inFragment.has("auth_code") || (!params.has("s") && inFragment.has("s"));
  return fragmentSays ? inFragment : params;
}

const afterQuestionMark = (text: string) => (text.includes("?") ? text.slice(text.indexOf("?") + 1) : text);

// `&amp;` is how an HTML page or mail client shows `&` in a link it was copied from.
const searchParams = (query: string) => new URLSearchParams(query.replace(/&amp;/gi, "&"));

/** The code itself, or an error saying which character no FYERS code has (never the code). */
function checkCode(code: string, name: string): string {
  if (CODE.test(code)) return checkWhole(code, name);
  const bad = [...code].find((char) => !CODE.test(char)) ?? "";
  const what = /\s/.test(bad) ? "a space inside" : `a character no FYERS auth code has (${describe(bad)})`;
  throw refused(
    name,
    `contains ${what}`,
    "copy the code again from the redirect URL: it is one word of letters, digits, - _ and .",
  );
}

/** A JWT (`eyJ…`) has three parts: fewer means the copy stopped early, e.g. at a line break. */
function checkWhole(code: string, name: string): string {
  const parts = code.split(".").filter((part) => part !== "").length;
  if (!code.startsWith("eyJ") || parts === 3) return code;
  throw refused(
    name,
    `is cut short: it has ${parts} of the 3 dot-separated parts of a FYERS auth code`,
    "copy the whole code (or the whole redirect URL) again, in one piece",
  );
}

function describe(char: string): string {
  const point = char.codePointAt(0) ?? 0;
  const unicode = `U+${point.toString(16).toUpperCase().padStart(4, "0")}`;
  return point > 0x20 && point < 0x7f ? `"${char}"` : unicode;
}

function refused(name: string, message: string, hint = HINT): FyersTokenError {
  return new FyersTokenError("invalid_config", `${name}: ${message}`, { variable: name, hint });
}
