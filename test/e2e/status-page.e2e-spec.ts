/**
 * The operators' status page (issue 24, item 3), every service as its own process against the
 * real broker and database: the security officer's GET /status on operations shows every service
 * ready, the broker with its controller, the lag of the committing groups and the audit log's
 * checkpoints; the read is in the audit log; a worker gets 403. A stopped service shows as not
 * ready on operations and on the portal's Status page, within the time box; in the browser the
 * officer opens a trace id through "Spoor openen" (screenshot docs/screenshots/status.png, or
 * PORTAL_SCREENSHOTS_DIR). The durations of the
 * status reads are printed at the end (console.log).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { JWK } from 'jose';
import { chromium } from 'playwright-core';
import { TokenIssuer } from '@inkijk/platform';
import { callJson as call, eventually, ROOT, Stack, startStack } from '@inkijk/testing';

jest.setTimeout(300_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let stack: Stack;
let officer: string;
let worker: string;
const run = randomUUID().slice(0, 6);
const operatorOrg = randomUUID();
const figures: number[] = [];
const TRACE_UI = 'http://127.0.0.1:9411';
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SHOTS = process.env.PORTAL_SCREENSHOTS_DIR ?? path.join(ROOT, 'docs/screenshots');

async function status(traceId = randomBytes(16).toString('hex')): Promise<{ status: number; body: Json; traceId: string }> {
  const t0 = performance.now();
  const res = await fetch(`${stack.urls.operations}/status`, { headers: { Authorization: `Bearer ${officer}`, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
  figures.push(Math.round(performance.now() - t0));
  return { status: res.status, body: (await res.json()) as Json, traceId };
}

beforeAll(async () => {
  stack = await startStack({ portal: true, env: { portal: { TRACE_UI_URL: TRACE_UI } } });
  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  officer = await issuer.issue({ userId: `so-${run}`, homeMunicipalityId: operatorOrg, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' }, 3600);
  worker = await issuer.issue({ userId: `mw-${run}`, homeMunicipalityId: randomUUID(), roles: ['WORKER'], displayName: 'Medewerker' }, 3600);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  console.log(`status page, ms per GET /status: ${figures.join(', ')}`);
});

describe("the operators' status page", () => {
  it('shows every service ready, the broker, the committing groups and the checkpoints; the read is recorded; a worker is refused', async () => {
    const ready = await eventually('every service ready on the status page', async () => {
      const r = await status();
      return r.status === 200 && (r.body.services as Json[]).every((s) => s.state === 'up') && r;
    }, { timeoutMs: 90_000, everyMs: 1000 });
    const body = ready.body;
    expect((body.services as Json[]).map((s) => s.name).sort()).toEqual(['audit-log', 'authorization', 'operations', 'portal', 'query-proxy', 'registration', 'supplier-reporting']);
    expect((body.services as Json[]).find((s) => s.name === 'audit-log')!.checks.length).toBeGreaterThan(0);
    expect(body.broker).toMatchObject({ state: 'up', controller: expect.any(Number) });
    expect((body.consumerGroups as Json[]).map((g) => g.group)).toEqual(expect.arrayContaining(['audit-log.attributed-queries', 'supplier-reporting.attributed-queries', 'registration.caseload']));
    expect((body.consumerGroups as Json[]).filter((g) => g.state === 'unknown')).toEqual([]);
    expect(body.checkpoints.state).toBe('up');
    expect(body.deadLetters.state).not.toBe('unknown');
    expect(body.recorded).toBe(true);

    const record = await eventually('the status read in the audit log', async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/traces/${ready.traceId}`, officer);
      return r.status === 200 && (r.body.records as Json[]).find((x) => x.kind === 'ACTION' && x.service === 'operations');
    }, { timeoutMs: 60_000, everyMs: 500 });
    expect(record).toMatchObject({ action: 'OTHER', outcome: 'SUCCEEDED', actor: { userId: `so-${run}` }, actingForId: operatorOrg, object: { type: 'SYSTEM_STATUS' }, details: { kind: 'status-read' } });

    expect(await call(stack.urls.operations, 'GET', '/status', worker)).toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED', message: expect.any(String) } });
  });

  it('shows a stopped service as not ready, on operations and on the portal page', async () => {
    await stack.kill('supplier-reporting');
    const r = await status();
    expect(r.status).toBe(200);
    expect((r.body.services as Json[]).find((s) => s.name === 'supplier-reporting')).toMatchObject({ state: 'down', detail: expect.stringContaining('not reachable') });
    expect(r.body.state).toBe('down');

    const page = await (await fetch(`${stack.urls.portal}/status`, { headers: { cookie: `inkijk_sessie=${encodeURIComponent(officer)}` }, redirect: 'manual' })).text();
    expect(page).toContain('Een of meer onderdelen zijn verstoord.');
    expect(page).toMatch(/<tr data-dienst="supplier-reporting"><th scope="row">supplier-reporting<\/th><td><span class="status status-terminated" data-staat="down">Verstoord<\/span>/);
    expect(page).toMatch(/<tr data-dienst="audit-log"><th scope="row">audit-log<\/th><td><span class="status status-active" data-staat="up">In orde<\/span>/);
    expect(page).toContain('<label for="spoor">');
  });

  it('opens a trace id in the trace UI through the form "Spoor openen", in the browser', async () => {
    const traceId = randomBytes(16).toString('hex');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=nl-NL'], timeout: 60_000 });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
      await context.addCookies([{ name: 'inkijk_sessie', value: encodeURIComponent(officer), url: stack.urls.portal }]);
      const page = await context.newPage();
      await page.goto(`${stack.urls.portal}/status`);
      await page.getByRole('link', { name: 'Status' }).first().waitFor();
      // The form's field has its label (the page checks of the view test cover the rest).
      expect(await page.locator('label[for="spoor"]').count()).toBe(1);
      await page.getByLabel('Spoor-id (trace id) van een bevraging of handeling').fill(traceId);
      await page.getByRole('button', { name: 'Spoor openen' }).click();
      const link = page.getByTestId('trace-ui');
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe(`${TRACE_UI}/zipkin/traces/${traceId}`);
      await page.screenshot({ path: path.join(SHOTS, 'status.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
