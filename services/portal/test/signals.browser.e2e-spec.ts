/**
 * Signals of misuse in a real browser (issue 22, ADR 0021) against the whole running system: six
 * failed logins of one account within the hour make supplier reporting's detectors write a
 * FAILED_LOGINS signal; the security officer sees it on Signalen, closes it as reviewed with a
 * reason, and finds it under Beoordeeld with that reason; the review is an action in the audit
 * log. Screenshot: docs/screenshots/signalen.png (or PORTAL_SCREENSHOTS_DIR).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freshTotpCode } from '@inkijk/testing';
import { launchChromium, unlabelledFields, VIEWPORT } from './browser';
import { DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRETS, eventually, PortalWorld, startPortalWorld } from './world';

jest.setTimeout(180_000);

const SHOTS = process.env.PORTAL_SCREENSHOTS_DIR ?? path.resolve(__dirname, '../../../docs/screenshots');
let world: PortalWorld;
let browser: Browser;
let ctx: BrowserContext | undefined;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  world = await startPortalWorld();
  browser = await launchChromium();
}, 360_000);

afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  await browser?.close();
  await world?.stop();
}, 60_000);

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${world.portal}/`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  const secret = DEMO_TOTP_SECRETS[username];
  if (secret) await page.getByLabel('Code uit uw authenticator-app').fill(await freshTotpCode(secret));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => u.pathname !== '/inloggen');
}

it('shows a signal of many failed logins to the security officer, who closes it with a reason that the audit log keeps', async () => {
  // Six wrong passwords for one account (throttled and then locked: each attempt is recorded).
  for (let i = 0; i < 6; i++) {
    await fetch(`${world.stack.urls.registration}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: DEMO.workerWithoutEscape, password: `wrong-${i}` }) });
  }
  ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'nl-NL' });
  const page = await ctx.newPage();
  await logIn(page, DEMO.officer);
  await page.getByRole('link', { name: 'Signalen' }).click();
  const signal = page.locator('li[data-soort="FAILED_LOGINS"]').first();
  await eventually('the signal on the page', async () => {
    if ((await signal.count()) > 0) return true;
    await page.reload();
    return false;
  });
  expect(await signal.textContent()).toContain('Veel mislukte inlogpogingen');
  expect(await signal.textContent()).toContain('mislukte inlogpogingen (drempel 5)');
  expect(await unlabelledFields(page)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'signalen.png'), fullPage: true });

  const reason = 'Gebeld met de medewerker: wachtwoord vergeten, geen misbruik.';
  await signal.getByLabel(/Reden bij/).fill(reason);
  await signal.getByRole('button', { name: 'Beoordeeld' }).click();
  await page.waitForURL((u) => u.searchParams.get('melding') === 'beoordeeld');
  expect(await page.getByText('Het signaal is als beoordeeld gesloten').count()).toBe(1);

  await page.getByRole('link', { name: 'Beoordeeld', exact: true }).click();
  const closed = page.locator('li[data-soort="FAILED_LOGINS"]').first();
  expect(await closed.textContent()).toContain(reason);

  // The review is in the audit log, as an action of the officer on the signal.
  const officer = await world.login(DEMO.officer);
  const signalId = await closed.getAttribute('data-signaal');
  await eventually('the review in the audit log', async () => {
    const r = await fetch(`${world.stack.urls['audit-log']}/audit/records?municipalityId=${world.organisations.haarlem.id}&kind=ACTION&action=OTHER`, { headers: { Authorization: `Bearer ${officer.token}` } });
    if (r.status !== 200) return false;
    const text = await r.text();
    return text.includes(String(signalId)) && text.includes('signal-review');
  });
});
