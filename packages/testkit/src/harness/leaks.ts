import { expect } from "vitest";

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{10,}/;

/** Where secrets show in `text`: long ones anywhere, short ones (the PIN) as a whole word, any whole JWT. */
export function findSecrets(text: string, secrets: Iterable<string>): string[] {
  const hits: string[] = [];
  for (const secret of secrets) {
    const found =
      secret.length >= 8
        ? text.includes(secret)
        : new RegExp(`(?<![A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`).test(
            text,
          );
    if (found) hits.push(`${secret.slice(0, 6)}…`);
  }
  const jwt = JWT.exec(text);
  if (jwt) hits.push(`a whole JWT (${jwt[0].slice(0, 6)}…)`);
  return hits;
}

/** Fails, naming where, when `text` shows any secret. */
export function expectNoSecrets(text: string, secrets: Iterable<string>, where: string): void {
  expect(findSecrets(text, secrets), `${where} shows a secret`).toEqual([]);
}
