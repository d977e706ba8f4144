/**
 * Debian's Chromium (scripts/install-chromium.sh installs it) driven by playwright-core: no
 * browser download. Headless, no sandbox (containers run as root), no GPU, no background
 * traffic, a fresh profile per launch (playwright-core makes a new --user-data-dir each time).
 */
import * as fs from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--lang=nl-NL'];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run scripts/install-chromium.sh (or set CHROMIUM_BIN).`);
  }
  // Dutch browser UI (date fields as dd-mm-jjjj), from Debian's chromium-l10n.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000, env: { ...process.env, LANGUAGE: 'nl', LANG: 'nl_NL.UTF-8' } });
}

export const VIEWPORT = { width: 1280, height: 800 };

/**
 * Every form control a user can reach has a label: a <label for>, a wrapping label, or an
 * aria-label(ledby). Returns the ids/names of those that have none.
 */
export async function unlabelledFields(page: Page): Promise<string[]> {
  const fields = page.locator('input:not([type=hidden]), select, textarea');
  const missing: string[] = [];
  for (let i = 0; i < (await fields.count()); i++) {
    const f = fields.nth(i);
    const described = await f.evaluate((el) => {
      const e = el as unknown as { id: string; labels: ArrayLike<unknown> | null; getAttribute(n: string): string | null; name?: string };
      const ok = (e.labels?.length ?? 0) > 0 || !!e.getAttribute('aria-label') || !!e.getAttribute('aria-labelledby');
      return ok ? null : e.id || e.name || '(no id)';
    });
    if (described) missing.push(described);
  }
  return missing;
}
