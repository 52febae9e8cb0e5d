/** The small pages login.ts answers the browser with. Plain HTML, no scripts, no secrets. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, lines: string[]): string {
  const body = lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.5}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

export function donePage(savedTo: string[]): string {
  return page("FYERS login done", [
    `The tokens are saved (${savedTo.join(", ")}).`,
    "You can close this tab.",
  ]);
}

export function errorPage(message: string, hint: string | undefined): string {
  return page("FYERS login failed", [message, ...(hint ? [hint] : []), "Nothing was saved by this attempt."]);
}

/** A request to the redirect that is not this login's (no state, or another one): the wait goes on. */
export function strayPage(why: string): string {
  return page("Not this login", [
    `This request was ignored: ${why}.`,
    "login.ts is still waiting: open the login URL it printed last and log in there.",
  ]);
}
