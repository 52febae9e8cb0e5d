// What of a webhook URL is secret, apart from delivery: the action masks it before any run (and
// loads the delivery code only when it announces).
/** A path segment or query value that is a key, not a word: long, or with digits in it. */
const KEY_LIKE = (part: string) => part.length >= 20 || (part.length >= 8 && /\d/.test(part));

/**
 * What to hide of a webhook URL: the whole of it, its path (a Slack webhook's secret), and each
 * key-like path segment, query value and password on its own, since a receiver that refuses
 * may quote just that part (`.../B0BBBB/<token>`, `?key=<key>&token=<token>`).
 */
export function webhookSecrets(url: string): string[] {
  const secrets = [url];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return secrets; // not a URL: the whole text is hidden
  }
  const path = `${parsed.pathname}${parsed.search}`;
  secrets.push(parsed.href);
  if (path.length >= 8) secrets.push(path);
  const parts = [
    ...parsed.pathname.split("/").map((part) => safeDecode(part)),
    ...[...parsed.searchParams.values()],
    safeDecode(parsed.password),
  ];
  for (const part of parts) if (KEY_LIKE(part)) secrets.push(part);
  return [...new Set(secrets)];
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
