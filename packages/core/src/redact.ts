import { randomBytes } from "node:crypto";

/** Shows enough of a token to recognise it (`eyJ0eXAi…`), never enough to use it. */
export function maskToken(value: string | undefined): string {
  if (!value) return "(none)";
  return `${value.slice(0, 8)}…`;
}

/** Anything shaped like a JWT (FYERS tokens and auth codes all are), even one we were never told about. */
const JWT_LIKE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/** Below this length a secret (a 4-digit PIN) could hide inside ordinary text, e.g. a client id. */
export const SHORT_SECRET = 8;
/**
 * The timestamps this project formats (isoUtc, formatIst, the Mermaid chart's, a bare date). A
 * short secret inside one is its year or time of day, not the secret being shown: with the PIN
 * 2026, `2026-12-08T00:30:00Z` must stay a date, wherever it is (a reason core wrote, a FYERS answer).
 */
const TIMESTAMP = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z| IST)?)?/g;

// Marks around text the program formatted itself. The random part is new in every process, so
// foreign text (a FYERS answer) cannot forge a mark to take its words out of scrubbing.
const NONCE = randomBytes(6).toString("hex");
const OPEN = `\uE000${NONCE}\uE001`;
const CLOSE = `\uE002${NONCE}\uE003`;

function unmarked(text: string): string {
  return text.split(OPEN).join("").split(CLOSE).join("");
}

/**
 * Text this program formatted (a date, a count, a URL it built): a Scrubber's `scrub` still takes
 * long secrets and JWTs out of it, but never a short secret (the PIN 1234 in `/issues/1234`).
 * Only for text that leaves through a Scrubber, which removes the marks.
 */
export function trusted(text: string | number): string {
  return `${OPEN}${unmarked(String(text))}${CLOSE}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Splits text into [foreign, trusted, foreign, trusted, …] at the marks; the marks are dropped. */
function spans(text: string): Array<{ text: string; trusted: boolean }> {
  const out: Array<{ text: string; trusted: boolean }> = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf(OPEN);
    const close = open < 0 ? -1 : rest.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) {
      out.push({ text: unmarked(rest), trusted: false });
      return out;
    }
    out.push({ text: unmarked(rest.slice(0, open)), trusted: false });
    out.push({ text: unmarked(rest.slice(open + OPEN.length, close)), trusted: true });
    rest = rest.slice(close + CLOSE.length);
  }
}

/**
 * Scrubs known secrets out of text leaving the process: long ones wherever they occur, short
 * ones only as a whole word outside timestamps and `trusted` text, so the PIN 1234 hides without
 * mangling ABCDE12345-100, and the PIN 2026 without mangling a date. Any JWT-like value is masked
 * as a last resort.
 */
export interface Scrubber {
  add(...values: Array<string | undefined>): void;
  scrub(text: string): string;
}

export function createScrubber(): Scrubber {
  const secrets = new Set<string>();
  const sorted = () => [...secrets].sort((a, b) => b.length - a.length);

  const scrubLong = (text: string) => {
    let out = text.replace(JWT_LIKE, (token) => maskToken(token));
    for (const secret of sorted()) if (secret.length >= SHORT_SECRET) out = out.split(secret).join("***");
    return out;
  };
  const scrubShort = (text: string) => {
    let out = text;
    for (const secret of sorted()) {
      if (secret.length >= SHORT_SECRET) continue;
      out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`, "g"), "***");
    }
    return out;
  };
  /** Foreign text: short secrets go too, except inside the timestamps it quotes. */
  const scrubForeign = (text: string) => {
    const parts: string[] = [];
    let last = 0;
    for (const match of text.matchAll(TIMESTAMP)) {
      parts.push(scrubShort(text.slice(last, match.index)), match[0]);
      last = match.index + match[0].length;
    }
    parts.push(scrubShort(text.slice(last)));
    return parts.join("");
  };

  return {
    add(...values) {
      for (const value of values) if (value && value.length >= 4) secrets.add(value);
    },
    scrub(text) {
      // Long secrets go first in each span, and once more over the whole: a mark never splits one.
      const parts = spans(text).map((span) =>
        span.trusted ? scrubLong(span.text) : scrubForeign(scrubLong(span.text)),
      );
      return scrubLong(parts.join(""));
    },
  };
}
