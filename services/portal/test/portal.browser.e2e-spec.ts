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
import { freshTotpCode, totpCode } from '@inkijk/testing';
import { AGREEMENT_PDF, BSN, DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRETS, eventually, PortalWorld, startPortalWorld } from './world';

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

/** Logs in through the form; accounts with a second factor also type the current code of their app. */
async function logIn(page: Page, username: string, secret: string | undefined = DEMO_TOTP_SECRETS[username]): Promise<void> {
  await page.goto(`${world.portal}/`);
  expect(new URL(page.url()).pathname).toBe('/inloggen');
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  if (secret) await page.getByLabel('Code uit uw authenticator-app').fill(await freshTotpCode(secret));
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

  it("searches a vehicle by licence plate, and offers to repeat a query for the municipality whose client the citizen is", async () => {
    const { page } = await newPage();
    await page.goto(`${world.portal}/bevraging`);
    await logIn(page, DEMO.worker);
    // A plate of Haarlem's client, as the RDW knows it (asked directly, as a supplier's own test would).
    const rdw = await fetch(`${world.stack.urls['supplier-simulators']}/rdw/voertuigen`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-origin-oin': world.organisations.haarlem.oin }, body: JSON.stringify({ burgerservicenummer: BSN.haarlem }) });
    const { voertuigen } = (await rdw.json()) as { voertuigen: Array<{ kenteken: string }> };
    expect(voertuigen.length).toBeGreaterThan(0);
    await page.locator('#product').selectOption('rdw-voertuigen');
    await page.locator('#zoeksleutel-LICENCE_PLATE').check();
    await page.getByRole('textbox', { name: 'Kenteken' }).fill(voertuigen[0].kenteken.replace(/-/g, '').toLowerCase());
    await Promise.all([page.waitForURL('**/bevraging'), page.getByRole('button', { name: 'Bevragen' }).click()]);
    await expect(banner(page).textContent()).resolves.toBe('Haarlem');
    await expect(page.locator('[data-bron="RDW"]').textContent()).resolves.toContain(voertuigen[0].kenteken);

    // Haarlem's client queried for Zandvoort: permitted through the collaboration, with the hint.
    await page.locator('#gemeente').selectOption(world.organisations.zandvoort.id);
    await page.locator('#product').selectOption('brp-persoon');
    await page.locator('#zoeksleutel-BSN').check();
    await page.getByRole('textbox', { name: 'BSN' }).fill(BSN.haarlem);
    await Promise.all([page.waitForURL('**/bevraging'), page.getByRole('button', { name: 'Bevragen' }).click()]);
    await expect(banner(page).textContent()).resolves.toBe('Zandvoort');
    await expect(page.getByText('Cliënt van een andere gemeente').count()).resolves.toBe(1);
    expect(await unlabelledFields(page)).toEqual([]);
    await shot(page, 'client-andere-gemeente.png');
    // One click repeats it for Haarlem, without logging in again.
    await Promise.all([page.waitForURL('**/bevraging'), page.getByRole('button', { name: 'Herhaal voor Haarlem' }).click()]);
    await expect(banner(page).textContent()).resolves.toBe('Haarlem');
    await expect(page.getByText('Cliënt van een andere gemeente').count()).resolves.toBe(0);
  }, 180_000);

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
    const { ctx, page } = await newPage();
    // The second factor: the officer's password alone does not log in; with the code of the app it does.
    await page.goto(`${world.portal}/`);
    await page.getByLabel('Gebruikersnaam').fill(DEMO.officer);
    await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page.locator('#code-fout').textContent()).resolves.toContain('Vul ook de code uit uw authenticator-app in.');
    expect(await ctx.cookies()).toEqual([]);
    expect(await page.getByLabel('Gebruikersnaam').inputValue()).toBe(DEMO.officer);
    await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
    await page.getByLabel('Code uit uw authenticator-app').fill(await freshTotpCode(DEMO_TOTP_SECRETS[DEMO.officer]));
    await Promise.all([page.waitForURL('**/aanmeldingen'), page.getByRole('button', { name: 'Inloggen' }).click()]);
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

  it('shows the security officer that the audit log is intact, the queries under the municipality they were for with the worker by name, and a query with its decision record', async () => {
    const { page } = await newPage();
    await logIn(page, DEMO.officer);
    await page.goto(`${world.portal}/auditlog?gemeente=${world.organisations.zandvoort.id}`);
    await expect(page.locator('#integriteit-kop + .melding').textContent()).resolves.toContain('Het auditlog is intact');
    const rows = page.locator('tr[data-product="overzicht-inkomen"]');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(new Set(await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { gemeente: string } }).dataset.gemeente)))).toEqual(new Set(['Zandvoort']));
    expect(await unlabelledFields(page)).toEqual([]);
    await shot(page, 'auditlog.png');

    // The worker by name and roles (registration's directory), never by account id.
    const { principal } = await world.login(DEMO.worker);
    const row = rows.first();
    await expect(row.locator('.wie-cel').textContent()).resolves.toMatch(/Mira Medewerker.*Medewerker · Haarlem/);
    expect(await page.locator('main').textContent()).not.toContain(principal.userId);

    // Only the queries, then the query's trace: its decision record from authorization's decision log.
    await page.getByRole('link', { name: 'Bevragingen', exact: true }).click();
    expect(new URL(page.url()).searchParams.get('soort')).toBe('bevragingen');
    expect(new Set(await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { soort: string } }).dataset.soort)))).toEqual(new Set(['QUERY']));
    await Promise.all([page.waitForURL('**/auditlog/spoor/*'), page.locator('tr[data-product="overzicht-inkomen"]').first().getByRole('link', { name: 'Beslissing en spoor' }).click()]);
    await eventually('the decision record of the query in the audit log', async () => {
      if ((await page.getByTestId('beslissing').count()) > 0) return true;
      await page.reload();
      return false;
    });
    const decision = page.getByTestId('beslissing').first();
    await expect(decision.getAttribute('data-uitkomst')).resolves.toBe('PERMIT');
    await expect(decision.textContent()).resolves.toContain('Mira Medewerker');
    const decisionId = await decision.getAttribute('data-beslissing');
    await expect(page.getByTestId('bevraging').first().textContent()).resolves.toContain(decisionId!);
    await shot(page, 'auditlog-spoor.png');

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

  it('makes a new user administrator set up the second factor on /tweede-factor before the first login completes, and shows the failed attempts', async () => {
    const username = `beheer.beek.${Date.now().toString(36)}`;
    const officer = await world.issuer.issue({ userId: 'portal-test-officer', homeMunicipalityId: 'none', roles: ['SECURITY_OFFICER'], displayName: 'Officer' }, 300);
    const created = await fetch(`${world.stack.urls.registration}/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, displayName: 'Bart Beheer (Beek)', homeMunicipalityId: world.organisations.beek.id, password: DEMO_PASSWORD, roles: ['USER_ADMINISTRATOR'] }),
    });
    expect(created.status).toBe(201);

    const { ctx, page } = await newPage();
    // One wrong password first: the holder sees it later.
    await page.goto(`${world.portal}/inloggen`);
    await page.getByLabel('Gebruikersnaam').fill(username);
    await page.getByLabel('Wachtwoord').fill('niet-mijn-wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page.locator('#gebruikersnaam-fout').textContent()).resolves.toContain('De gebruikersnaam of het wachtwoord is onjuist.');

    // The password alone: no session yet, but the page to set up the second factor.
    await logIn(page, username, undefined);
    expect(new URL(page.url()).pathname).toBe('/tweede-factor');
    expect((await ctx.cookies()).map((c) => c.name)).toEqual(['inkijk_inschrijving']);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tweede factor instellen');
    expect(await unlabelledFields(page)).toEqual([]);
    const secret = (await page.getByTestId('geheim').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shot(page, 'tweede-factor.png');
    // No other page opens with the enrolment alone.
    await page.goto(`${world.portal}/samenwerkingsverbanden`);
    expect(new URL(page.url()).pathname).toBe('/inloggen');
    await page.goto(`${world.portal}/tweede-factor`);
    expect((await page.getByTestId('geheim').textContent())!.replace(/\s/g, '')).toBe(secret);

    await page.getByLabel('Code uit de app').fill(totpCode(secret, Date.now() - 10 * 60_000)); // ten minutes old: wrong
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await expect(page.locator('#code-fout').textContent()).resolves.toContain('De code hoort niet bij deze sleutel');
    await page.getByLabel('Code uit de app').fill(await freshTotpCode(secret));
    await Promise.all([page.waitForURL('**/samenwerkingsverbanden'), page.getByRole('button', { name: 'Bevestigen' }).click()]);
    expect((await ctx.cookies()).map((c) => c.name)).toEqual(['inkijk_sessie']);
    await expect(page.locator('.wie').textContent()).resolves.toContain('Bart Beheer (Beek)');

    // The holder's own overview: the second factor, and the failed attempt with its address.
    await page.getByRole('link', { name: 'Inlogbeveiliging' }).click();
    await expect(page.getByTestId('tweede-factor-status').textContent()).resolves.toContain('U logt in met een tweede factor');
    expect(await page.locator('[data-testid=inlog-gebeurtenissen] tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { soort: string } }).dataset.soort))).toEqual(['SECOND_FACTOR_ENROLLED', 'FAILED_PASSWORD']);

    // From now on: password and code.
    await Promise.all([page.waitForURL('**/inloggen?uitgelogd=1'), page.getByRole('button', { name: 'Uitloggen' }).click()]);
    await logIn(page, username, secret);
    expect(new URL(page.url()).pathname).toBe('/samenwerkingsverbanden');
  });

  it('lets the security officer of BKWI approve an escape right a user administrator asked for (four eyes); BKWI is never a municipality to choose', async () => {
    const reg = world.stack.urls.registration;
    const admin = await world.issuer.issue({ userId: `portal-test-admin-haarlem-${Date.now().toString(36)}`, homeMunicipalityId: world.organisations.haarlem.id, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder Haarlem' }, 300);
    const api = async (method: string, p: string, body?: unknown) => {
      const r = await fetch(`${reg}${p}`, { method, headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const username = `medewerker.vier.ogen.${Date.now().toString(36)}`;
    const created = await api('POST', '/users', { username, displayName: 'Vera Vierogen', homeMunicipalityId: world.organisations.haarlem.id, password: DEMO_PASSWORD, roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
    expect(created.status).toBe(201);
    const asked = await api('PUT', `/users/${created.body.id}/tasks`, { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true });
    expect([asked.status, asked.body.status]).toEqual([202, 'PENDING_APPROVAL']);

    const { page } = await newPage();
    await logIn(page, DEMO.officer);
    await expect(page.locator('.wie-rol').textContent()).resolves.toContain('BKWI');
    await page.getByRole('link', { name: 'Rechten goedkeuren' }).click();
    const item = page.locator(`li[data-gebruiker="${username}"]`);
    await expect(item.textContent()).resolves.toMatch(/Escaperecht[\s\S]*Medewerker; producten: Persoonsgegevens \(BRP\); escaperecht: ja/);
    expect(await unlabelledFields(page)).toEqual([]);
    await shot(page, 'rechten-goedkeuren.png');
    await Promise.all([page.waitForURL('**/goedkeuringen?melding=goedgekeurd'), item.getByRole('button', { name: 'Goedkeuren' }).click()]);
    await expect(page.locator('main').textContent()).resolves.toContain('Goedgekeurd: de wijziging is nu van kracht.');
    const users = await api('GET', `/users?municipalityId=${world.organisations.haarlem.id}`);
    expect(users.body.find((u: { username: string }) => u.username === username)).toMatchObject({ escapeRight: true });

    // BKWI homes the officer but is no municipality: not in the audit log's or the reports' lists.
    await page.goto(`${world.portal}/auditlog`);
    const auditOptions = await page.locator('select#gemeente option').allTextContents();
    expect(auditOptions).toContain('Haarlem');
    expect(auditOptions).not.toContain('BKWI');
    await page.goto(`${world.portal}/rapportages`);
    expect(await page.locator('select#organisatie option').allTextContents()).not.toContain('BKWI');
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
