// Headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH: e.g. a GitHub runner's
// google-chrome) driven by playwright-core, with a fresh profile.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumPath, REPO } from "@fyers-token/testkit/harness";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = chromiumPath();
/** Screenshots land here (ignored by git), named by the test. */
export const ARTIFACTS = join(REPO, "packages/callback/test/artifacts");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface Browser {
  context: BrowserContext;
  screenshotPath(name: string): string;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "fyers-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 420, height: 640 },
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    screenshotPath: (name) => join(ARTIFACTS, `${name}.png`),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
