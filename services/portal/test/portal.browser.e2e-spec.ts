/**
 * The portal in a real browser (Debian's Chromium through playwright-core) against the whole
 * running system: every service its own process, the demo data loaded through registration.
 * A worker logs in once and queries for Haarlem and then Zandvoort; both results and both audit
 * records carry the right municipality. The escape flow, with and without the right. A security
 * officer reviews applications; a mandated person reads the reports. Screenshots of the main
 * screens go to docs/screenshots/ (or PORTAL_SCREENSHOTS_DIR).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, unlabelledFields, VIEWPORT } from './browser';
import { AGREEMENT_PDF, BSN, DEMO, DEMO_PASSWORD, eventually, PortalWorld, startPortalWorld } from './world';

jest.setTimeout(180_000);

const SHOTS = process.env.PORTAL_SCREENSHOTS_DIR ?? path.resolve(__dirname, '../../../docs/screenshots');
let world: PortalWorld;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  world = await startPortalWorld();
  browser = await launchChromium();
}, 360_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await world?.stop();
}, 60_000);

async function newPage(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'nl-NL', acceptDownloads: true });
  contexts.push(ctx);
  return { ctx, page: await ctx.newPage() };
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${world.portal}/`);
  expect(new URL(page.url()).pathname).toBe('/inloggen');
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => u.pathname !== '/inloggen');
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name) });
const activeId = (page: Page) => page.evaluate<string>('document.activeElement ? (document.activeElement.id || document.activeElement.className || document.activeElement.tagName) : ""');
const banner = (page: Page) => page.getByTestId('voor-gemeente');

async function setSupplierFault(supplier: string, mode: 'error' | 'ok'): Promise<void> {
  const r = await fetch(`${world.stack.urls['supplier-simulators']}/_faults/${supplier}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${world.stack.simulatorAdminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(r.status).toBe(200);
}

describe('the Inkijk portal in a browser', () => {
  it('lets a worker log in once, query for Haarlem and then for Zandvoort, and shows each result under the right municipality', async () => {
    const { ctx, page } = await newPage();
    const logins: string[] = [];
    const answers: Array<{ path: string; cacheControl: string | undefined }> = [];
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/inloggen' && logins.push(r.url()));
    page.on('response', (r) => answers.push({ path: new URL(r.url()).pathname, cacheControl: r.headers()['cache-control'] }));

    await page.goto(`${world.portal}/bevraging`);
    expect(new URL(page.url()).pathname).toBe('/inloggen');
    expect(await unlabelledFields(page)).toEqual([]);
    await shot(page, 'inloggen.png');
    await logIn(page, DEMO.worker);
    expect(new URL(page.url()).pathname).toBe('/bevraging');
    await expect(page.locator('.wie').textContent()).resolves.toMatch(/Mira Medewerker[\s\S]*thuisgemeente\s*Haarlem/);

    // The keuzelijst: the home municipality preselected, Zandvoort through the collaboration.
    expect(await page.locator('#gemeente').inputValue()).toBe(world.organisations.haarlem.id);
    expect(await page.locator('#gemeente option').allTextContents()).toEqual(expect.arrayContaining(['Haarlem (thuisgemeente)', 'Zandvoort']));
    expect(await unlabelledFields(page)).toEqual([]);
    const [session] = await ctx.cookies();
    expect(session).toMatchObject({ name: 'inkijk_sessie', httpOnly: true, sameSite: 'Strict', expires: -1 });

    // The query for Haarlem with the keyboard only: skip link, then Tab through the form, Enter.
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('skiplink');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('gemeente');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('product');
    for (let i = 0; i < 10 && (await page.locator('#product').inputValue()) !== 'overzicht-inkomen'; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#product').inputValue()).toBe('overzicht-inkomen');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('rechtsgebied');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('zoeksleutel-BSN');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('bsn');
    await page.keyboard.type(BSN.haarlem);
    await Promise.all([page.waitForURL('**/bevraging'), page.keyboard.press('Enter')]);
    await expect(banner(page).textContent()).resolves.toBe('Haarlem');
    for (const source of ['UWV', 'SVB', 'DUO']) {
      await expect(page.locator(`[data-bron="${source}"] .bron-status`).textContent()).resolves.toMatch(/Gegevens ontvangen|Geen gegevens bekend/);
    }
    // The choice stays visible next to the result.
    expect(await page.locator('#gemeente').inputValue()).toBe(world.organisations.haarlem.id);
    await shot(page, 'bevraging-haarlem.png');

    // Then for Zandvoort, with SVB failing: the failure shows for that source only.
    await setSupplierFault('SVB', 'error');
    try {
      await page.locator('#gemeente').selectOption(world.organisations.zandvoort.id);
      await page.getByRole('textbox', { name: 'BSN' }).fill(BSN.zandvoort);
      await Promise.all([page.waitForURL('**/bevraging'), page.getByRole('button', { name: 'Bevragen' }).click()]);
    } finally {
      await setSupplierFault('SVB', 'ok');
    }
    await expect(banner(page).textContent()).resolves.toBe('Zandvoort');
    await expect(page.locator('[data-bron="SVB"]').getAttribute('class')).resolves.toContain('bron-fout');
    await expect(page.locator('[data-bron="SVB"] .bron-status').textContent()).resolves.toContain('De bron gaf een fout');
    await expect(page.locator('[data-bron="UWV"]').getAttribute('class')).resolves.not.toContain('bron-fout');
    await expect(page.getByText('Niet alle bronnen hebben geantwoord (1 van 3).').count()).resolves.toBe(1);
    expect(await page.locator('#gemeente').inputValue()).toBe(world.organisations.zandvoort.id);
    await shot(page, 'bevraging-zandvoort.png');

    // One login for both; nothing cached by the browser.
    expect(logins).toHaveLength(1);
    expect((await ctx.cookies())[0].value).toBe(session.value);
    const pages = answers.filter((a) => a.path === '/bevraging');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const a of pages) expect(a.cacheControl).toBe('no-store');

    // The worker's own recent queries, as the audit log holds them: each under its municipality.
    await page.getByRole('link', { name: 'Mijn recente bevragingen' }).click();
    await eventually('both queries in the audit log', async () => {
      const rows = await page.locator('tr[data-product="overzicht-inkomen"]').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { gemeente: string } }).dataset.gemeente));
      if (rows.includes('Haarlem') && rows.includes('Zandvoort')) return true;
      await page.reload();
      return false;
    }, 150_000);
    const zandvoortRow = page.locator('tr[data-product="overzicht-inkomen"][data-gemeente="Zandvoort"]').first();
    await expect(zandvoortRow.textContent()).resolves.toContain('Deels beantwoord');
    await shot(page, 'mijn-bevragingen.png');
  }, 300_000);

  it('offers the escape list after a not-on-whitelist answer to a worker with the escape right', async () => {
    const { page } = await newPage();
    await logIn(page, DEMO.worker);
    await page.locator('#gemeente').selectOption(world.organisations.zandvoort.id);
    await page.locator('#product').selectOption('brp-persoon');
    await page.getByRole('textbox', { name: 'BSN' }).fill(BSN.onNoList);
    await Promise.all([page.waitForURL('**/bevraging'), page.getByRole('button', { name: 'Bevragen' }).click()]);
    await expect(banner(page).textContent()).resolves.toBe('Zandvoort');
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Niet op de whitelist');
    expect(await page.locator('#escape input[type=radio]').count()).toBe(5);
    expect(await unlabelledFields(page)).toEqual([]);
    await shot(page, 'escape.png');

    await page.getByLabel('Handhaving of fraudeonderzoek').check();
    await Promise.all([page.waitForURL('**/bevraging'), page.getByRole('button', { name: 'Toch bevragen' }).click()]);
    await expect(banner(page).textContent()).resolves.toBe('Zandvoort');
    await expect(page.locator('.voor-gemeente').textContent()).resolves.toContain('Escape – Handhaving of fraudeonderzoek');
    await expect(page.locator('[data-bron="BRP"] .bron-status').textContent()).resolves.toContain('Gegevens ontvangen');
    await expect(page.getByText('Bevraagd met een escape').count()).resolves.toBe(1);
  });

  it('tells a worker without the escape right clearly that the search stops there', async () => {
    const { page } = await newPage();
    await logIn(page, DEMO.workerWithoutEscape);
    await page.locator('#gemeente').selectOption(world.organisations.zandvoort.id);
    await page.getByRole('textbox', { name: 'BSN' }).fill(BSN.onNoList);
    await Promise.all([page.waitForURL('**/bevraging'), page.getByRole('button', { name: 'Bevragen' }).click()]);
    await expect(page.locator('#geen-escape').textContent()).resolves.toContain('Geen escape-recht');
    expect(await page.locator('#escape').count()).toBe(0);
    expect(await page.locator('[data-bron]').count()).toBe(0);
  });

  it('lets a security officer review applications with the agreement and its hash, approve one and reject one with a reason', async () => {
    const { page } = await newPage();
    await logIn(page, DEMO.officer);
    expect(new URL(page.url()).pathname).toBe('/aanmeldingen');
    const group = page.locator('section.samenwerking', { has: page.getByRole('heading', { name: world.pending.name }) });
    await expect(group.textContent()).resolves.toContain(world.pending.agreementSha256);
    const href = await group.getByRole('link', { name: /overeenkomst/i }).first().getAttribute('href');
    const pdf = await page.request.get(`${world.portal}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.compare(await pdf.body(), AGREEMENT_PDF)).toBe(0);
    expect(await unlabelledFields(page)).toEqual([]);
    await shot(page, 'aanmeldingen.png');

    await Promise.all([page.waitForURL('**/aanmeldingen?melding=goedgekeurd'), group.getByRole('button', { name: 'Aanmelding van Beek goedkeuren' }).click()]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('De aanmelding is goedgekeurd.');
    const stein = page.locator('li[data-gemeente="Stein"]');
    await stein.getByText('Afwijzen…').click();
    await stein.getByLabel(/Reden van afwijzing/).fill('Het formulier is niet door het bevoegde college ondertekend.');
    await Promise.all([page.waitForURL('**/aanmeldingen?melding=afgewezen'), stein.getByRole('button', { name: 'Afwijzen' }).click()]);

    const officer = await world.issuer.issue({ userId: 'portal-test-check', homeMunicipalityId: 'none', roles: ['SECURITY_OFFICER'], displayName: 'Check' }, 300);
    const c = (await (await fetch(`${world.stack.urls.registration}/collaborations/${world.pending.collaborationId}`, { headers: { Authorization: `Bearer ${officer}` } })).json()) as { history: { applications: Array<{ municipalityId: string; status: string; reason: string | null }> } };
    expect(c.history.applications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ municipalityId: world.organisations.beek.id, status: 'APPROVED' }),
        expect.objectContaining({ municipalityId: world.organisations.stein.id, status: 'REJECTED', reason: 'Het formulier is niet door het bevoegde college ondertekend.' }),
      ]),
    );
  });

  it('lets a security officer register a change and a termination of a collaboration, each with a date', async () => {
    const { page } = await newPage();
    await logIn(page, DEMO.officer);
    await page.goto(`${world.portal}/samenwerkingsverbanden/${world.pending.collaborationId}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(world.pending.name);
    const members = await page.getByTestId('leden').locator('tbody tr').allTextContents();
    expect(members.map((r) => r.trim().split(/\s/)[0])).toEqual(['Beek', 'Stein']);
    expect(await unlabelledFields(page)).toEqual([]);
    const [y, m] = world.pending.startsOn.split('-').map(Number);
    const later = (months: number) => `${y + Math.floor((m - 1 + months) / 12)}-${String(((m - 1 + months) % 12) + 1).padStart(2, '0')}-01`;

    await page.getByLabel('Ingangsdatum').fill(later(1));
    await page.getByLabel(/Nieuwe naam/).fill('Beek en Stein: werk en inkomen');
    await Promise.all([page.waitForURL('**?melding=wijziging'), page.getByRole('button', { name: 'Wijziging registreren' }).click()]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('De wijziging is geregistreerd.');
    await expect(page.locator('table', { hasText: 'Voorwaarden en overeenkomst door de tijd' }).textContent()).resolves.toContain('Beek en Stein: werk en inkomen');
    await shot(page, 'samenwerkingsverband.png');

    await page.getByLabel(/Einddatum/).fill(later(3));
    await page.getByLabel('Reden', { exact: true }).fill('Gemeenten kiezen voor een gemeenschappelijk orgaan.');
    await Promise.all([page.waitForURL('**?melding=beeindigd'), page.getByRole('button', { name: 'Beëindiging registreren' }).click()]);
    await expect(page.locator('.kenmerken').first().textContent()).resolves.toContain('Beëindigd per');
    // After a termination no further changes are offered.
    expect(await page.getByRole('button', { name: 'Wijziging registreren' }).count()).toBe(0);
  });

  it('shows the security officer that the audit log is intact, and the queries under the municipality they were for', async () => {
    const { page } = await newPage();
    await logIn(page, DEMO.officer);
    await page.goto(`${world.portal}/auditlog?gemeente=${world.organisations.zandvoort.id}`);
    await expect(page.locator('#integriteit-kop + .melding').textContent()).resolves.toContain('Het auditlog is intact');
    const rows = page.locator('tr[data-product="overzicht-inkomen"]');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(new Set(await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { gemeente: string } }).dataset.gemeente)))).toEqual(new Set(['Zandvoort']));
    expect(await unlabelledFields(page)).toEqual([]);
    await shot(page, 'auditlog.png');
    await page.goto(`${world.portal}/auditlog?gemeente=${world.organisations.haarlem.id}`);
    await expect(page.locator('tr[data-product="overzicht-inkomen"][data-gemeente="Haarlem"]').count()).resolves.toBeGreaterThanOrEqual(1);
  });

  it('shows a mandated person the generic report with its chart, as CSV too, the specific report and their own municipality\'s audit log', async () => {
    const { page } = await newPage();
    await logIn(page, DEMO.mandatedZandvoort);
    expect(new URL(page.url()).pathname).toBe('/rapportages');
    await expect(page.locator('svg[role=img] title').first().textContent()).resolves.toBe('Gebruik per maand');
    const counts = await page.locator('[data-testid=generiek] tbody tr').first().locator('td').allTextContents();
    expect(counts.reduce((a, c) => a + Number(c), 0)).toBe(world.report.queries);
    await expect(page.getByRole('heading', { name: /Specifieke rapportage/ }).count()).resolves.toBe(1);
    expect(await unlabelledFields(page)).toEqual([]);
    await shot(page, 'rapportage.png');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download als CSV' }).first().click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('customer_organisation_id,report_month,version,month,measure,key,value');
    expect(csv).toContain(',sourceQueries,');

    await page.getByRole('link', { name: 'Auditlog' }).click();
    const municipalities = await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { gemeente: string } }).dataset.gemeente));
    expect(municipalities.length).toBeGreaterThan(0);
    expect(new Set(municipalities)).toEqual(new Set(['Zandvoort']));
  });

  it('logs out, after which no page opens without logging in again', async () => {
    const { ctx, page } = await newPage();
    await logIn(page, DEMO.worker);
    await Promise.all([page.waitForURL('**/inloggen?uitgelogd=1'), page.getByRole('button', { name: 'Uitloggen' }).click()]);
    expect(await ctx.cookies()).toEqual([]);
    await page.goto(`${world.portal}/bevragingen`);
    expect(new URL(page.url()).pathname).toBe('/inloggen');
  });
});
