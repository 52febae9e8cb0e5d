/** Shows enough of a token to recognise it (`eyJ0eXAi…`), never enough to use it. */
export function maskToken(value: string | undefined): string {
  if (!value) return "(none)";
  return `${value.slice(0, 8)}…`;
}

/**
 * Replaces every known secret in a text with `***`. A last line of defence for text that
 * leaves the process (logs, errors); callers still avoid putting secrets into text at all.
 */
export function createRedactor(secrets: Iterable<string | undefined>): (text: string) => string {
  const values = [...secrets].filter((s): s is string => typeof s === "string" && s.length >= 4);
  values.sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, secret) => out.split(secret).join("***"), text);
}
