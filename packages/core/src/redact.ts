/** Shows enough of a token to recognise it (`eyJ0eXAi…`), never enough to use it. */
export function maskToken(value: string | undefined): string {
  if (!value) return "(none)";
  return `${value.slice(0, 8)}…`;
}

/** Anything shaped like a JWT (FYERS tokens and auth codes all are), even one we were never told about. */
const JWT_LIKE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/** Below this length a secret (a 4-digit PIN) could hide inside ordinary text, e.g. a client id. */
const SHORT_SECRET = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Scrubs known secrets out of text leaving the process: long ones wherever they occur, short
 * ones only as a whole word, so the PIN 1234 hides without mangling ABCDE12345-100. Any JWT-like
 * value is masked as a last resort.
 */
export interface Scrubber {
  add(...values: Array<string | undefined>): void;
  scrub(text: string): string;
}

export function createScrubber(): Scrubber {
  const secrets = new Set<string>();
  return {
    add(...values) {
      for (const value of values) if (value && value.length >= 4) secrets.add(value);
    },
    scrub(text) {
      let out = text.replace(JWT_LIKE, (token) => maskToken(token));
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        out =
          secret.length >= SHORT_SECRET
            ? out.split(secret).join("***")
            : out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`, "g"), "***");
      }
      return out;
    },
  };
}
