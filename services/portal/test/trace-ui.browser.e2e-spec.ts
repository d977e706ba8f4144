/**
 * From a query in the portal to its trace in the trace UI (issue 24, ADR 0023), in a real browser
 * against the whole running system, every service exporting its spans to Zipkin (started by
 * deploy/zipkin/zipkin.sh, as `npm start` does): a worker queries the BRP for Haarlem; the security
 * officer opens the audit log, follows the query's "Technisch spoor" link and finds in Zipkin the
 * spans of the gateway, the data source and both consumers (audit log and reporting).
 * Screenshot: docs/screenshots/zipkin-spoor.png (or PORTAL_SCREENSHOTS_DIR).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually as poll, freePort, freshTotpCode, metricSum, ROOT, scrapeMetrics, ServiceName } from '@inkijk/testing';
import { launchChromium, VIEWPORT } from './browser';
import { BSN, DEMO, DEMO_PASSWORD, DEMO_TOTP_SECRETS, eventually, PortalWorld, startPortalWorld } from './world';

jest.setTimeout(180_000);

const run = promisify(execFile);
const SHOTS = process.env.PORTAL_SCREENSHOTS_DIR ?? path.resolve(__dirname, '../../../docs/screenshots');
const SCRIPT = path.join(ROOT, 'deploy/zipkin/zipkin.sh');
const SERVICES: ServiceName[] = ['supplier-simulators', 'registration', 'authorization', 'audit-log', 'supplier-reporting', 'query-proxy', 'operations', 'portal'];
const zipkinEnv: NodeJS.ProcessEnv = { ...process.env, ZIPKIN_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'inkijk-zipkin-browser-')) };
let zipkin: string;
let world: PortalWorld;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  zipkinEnv.ZIPKIN_PORT = String(await freePort());
  try {
    await run('bash', [SCRIPT, 'start'], { env: zipkinEnv, timeout: 240_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`deploy/zipkin/zipkin.sh start failed (Java, Maven and Maven Central are needed for the trace UI): ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
  zipkin = (await run('bash', [SCRIPT, 'url'], { env: zipkinEnv })).stdout.trim();
  const env: Partial<Record<ServiceName, Record<string, string>>> = Object.fromEntries(SERVICES.map((s) => [s, { ZIPKIN_ENDPOINT: `${zipkin}/api/v2/spans` }]));
  env.portal = { ...env.portal, TRACE_UI_URL: zipkin };
  world = await startPortalWorld({ env });
  browser = await launchChromium();
}, 420_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await world?.stop();
  await run('bash', [SCRIPT, 'stop'], { env: zipkinEnv }).catch(() => undefined);
  fs.rmSync(zipkinEnv.ZIPKIN_DATA_DIR!, { recursive: true, force: true });
}, 120_000);

async function newPage(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'nl-NL' });
  contexts.push(ctx);
  return { ctx, page: await ctx.newPage() };
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${world.portal}/`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  const secret = DEMO_TOTP_SECRETS[username];
  if (secret) await page.getByLabel('Code uit uw authenticator-app').fill(await freshTotpCode(secret));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => u.pathname !== '/inloggen');
}

it("opens a portal query's trace in the trace UI from the audit page, with the spans of the gateway, the source and both consumers", async () => {
  // A consumer processes the records that arrive together in one span, in the first record's
  // trace: the world's earlier events are consumed first, so that the query's record is alone.
  for (const consumer of ['audit-log', 'supplier-reporting'] as const) {
    await eventually(`${consumer} caught up on the attributed queries`, async () => {
      const samples = await scrapeMetrics(world.stack.urls[consumer], world.stack.metricsToken);
      return samples.some((x) => x.name === 'inkijk_consumer_lag' && x.labels.topic === 'inkijk.query.attributed.v1') && metricSum(samples, 'inkijk_consumer_lag', { topic: 'inkijk.query.attributed.v1' }) === 0;
    });
  }
  // The worker's query, in the portal.
  const worker = await newPage();
  await logIn(worker.page, DEMO.worker);
  await worker.page.goto(`${world.portal}/bevraging`);
  await worker.page.locator('#gemeente').selectOption(world.organisations.haarlem.id);
  await worker.page.locator('#product').selectOption('brp-persoon');
  await worker.page.getByRole('textbox', { name: 'BSN' }).fill(BSN.haarlem);
  await Promise.all([worker.page.waitForURL('**/bevraging'), worker.page.getByRole('button', { name: 'Bevragen' }).click()]);
  await expect(worker.page.locator('[data-bron="BRP"] .bron-status').textContent()).resolves.toMatch(/Gegevens ontvangen/);

  // The security officer finds it in the audit log, with a link to the trace UI.
  const officer = await newPage();
  await logIn(officer.page, DEMO.officer);
  const row = officer.page.locator('tr[data-soort="QUERY"][data-product="brp-persoon"][data-gemeente="Haarlem"]').first();
  await eventually('the query in the audit log', async () => {
    await officer.page.goto(`${world.portal}/auditlog?gemeente=${world.organisations.haarlem.id}&soort=bevragingen`);
    return (await row.count()) > 0;
  });
  const traceId = await row.getAttribute('data-trace');
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  const link = row.getByRole('link', { name: 'Technisch spoor' });
  await expect(link.getAttribute('href')).resolves.toBe(`${zipkin}/zipkin/traces/${traceId}`);

  // The link opens the trace in Zipkin's UI beside the portal.
  const [ui] = await Promise.all([officer.ctx.waitForEvent('page'), link.click()]);
  await ui.waitForLoadState('domcontentloaded');
  expect(ui.url()).toBe(`${zipkin}/zipkin/traces/${traceId}`);
  // Zipkin's UI renders the trace from its API; the span list is virtualised (only the rows in
  // view are in the page), so the page is checked for the trace and its number of services, and
  // the API it reads for the spans of each service.
  const everyService = ['audit-log', 'query-proxy', 'supplier-reporting', 'supplier-simulators'];
  let seen: unknown;
  const spans = await poll('the spans of every service in the trace UI', async () => {
    const text = (await ui.locator('body').textContent()) ?? '';
    const api = (await (await fetch(`${zipkin}/api/v2/trace/${traceId}`)).json().catch(() => [])) as Array<{ id: string; parentId?: string; name?: string; localEndpoint?: { serviceName?: string } }>;
    const services = [...new Set(api.map((x) => x.localEndpoint?.serviceName))].sort();
    seen = { ui: text.slice(0, 400), services };
    if (JSON.stringify(services) === JSON.stringify(everyService) && /Services\s*4/.test(text) && text.includes(traceId!)) return api;
    await ui.waitForTimeout(1000);
    await ui.reload();
    return undefined;
  }, { timeoutMs: 60_000, everyMs: 500, lastSeen: () => seen });
  const text = (await ui.locator('body').textContent()) ?? '';
  expect(text).toContain('query-proxy: post /queries');
  expect(text).not.toContain(BSN.haarlem);
  const of = (service: string, name: string) => spans.find((x) => x.localEndpoint?.serviceName === service && x.name === name);
  const supplierCall = of('query-proxy', 'supplier brp');
  expect(supplierCall?.parentId).toBe(of('query-proxy', 'post /queries')?.id);
  expect(of('supplier-simulators', 'post /haalcentraal/api/brp/personen')?.parentId).toBe(supplierCall!.id);
  expect(of('audit-log', 'inkijk.query.attributed.v1 process')).toBeDefined();
  expect(of('supplier-reporting', 'inkijk.query.attributed.v1 process')).toBeDefined();
  expect(JSON.stringify(spans)).not.toContain(BSN.haarlem);
  await ui.screenshot({ path: path.join(SHOTS, 'zipkin-spoor.png'), fullPage: false });
});
