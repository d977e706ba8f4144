/**
 * "Wie bekeek mijn gegevens" (issue 21, ADR 0025), every service as its own process against the
 * real broker and database, the DigiD simulator and the citizen portal among them: a
 * worker of the Haarlem-Zandvoort collaboration queries citizen X for Zandvoort; X logs in through
 * the simulator (authorization code + PKCE) and sees exactly that query, with the municipality,
 * the collaboration and the sources, without the worker; citizen Y sees nothing of X's; the look
 * is an action in the audit log under X's pseudonym; a citizen session opens nothing for staff;
 * no BSN in a URL or a log line. And in a browser (Debian's Chromium through playwright-core),
 * by keyboard only: every field labelled, the page in Dutch with its landmarks, and no serious or
 * critical violation found by axe-core (WCAG 2.2 A/AA rules) on any of its pages; screenshots go to
 * docs/screenshots/burger-*.png (or CITIZEN_SCREENSHOTS_DIR).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JWK } from 'jose';
import axe from 'axe-core';
import { chromium, Page } from 'playwright-core';
import { topics } from '@inkijk/contracts';
import { decodeKey, KafkaPlatform, pseudonymise, sealBsn, TokenIssuer } from '@inkijk/platform';
import { activeCollaboration, attributedQuery, callJson as call, eventually, Stack, startStack, testKafka } from '@inkijk/testing';

jest.setTimeout(240_000);

const CITIZEN_CHAIN_ID = 'c1712e00-0000-4000-8000-000000000021';
const run = randomUUID().slice(0, 6);
const haarlem = { id: randomUUID(), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' };
const zandvoort = { id: randomUUID(), cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' };
const BSN_X = '999990044';
const CONFIDENTIAL_ACTIVITY = 'inkijk-fraudeonderzoek';
let confidential: ReturnType<typeof attributedQuery>;
const BSN_Y = '111222333';
const password = 'e2e-wachtwoord-lang-genoeg';

let stack: Stack;
let officer: string;
let workerUserId: string;
let workerToken: string;
let queryTraceId: string;
const urls = { digid: '', citizen: '' };
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const SHOTS = process.env.CITIZEN_SCREENSHOTS_DIR ?? path.join(__dirname, '../../docs/screenshots');

/** A browser's cookies for one site (name -> value), fed from Set-Cookie. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(i + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    const v = this.cookies.get(name);
    return v === undefined ? undefined : decodeURIComponent(v);
  }
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * axe-core's WCAG 2.x A/AA rules (and its best practices) on the page as it stands; returns the
 * serious and critical violations as `rule: target` lines, so a failure says what to fix.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the pages' Content-Security-Policy (no inline script) stays on.
  await page.evaluate(axe.source);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: typeof axe }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }),
  )) as axe.AxeResults;
  expect(result.passes.length).toBeGreaterThan(0);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

/** Every URL the browser was sent to during a login, to check that no BSN is in one. */
const visited: string[] = [];

/** A citizen logs in through the DigiD simulator the way a browser does; returns their cookie jar. */
async function loginAs(bsn: string): Promise<Jar> {
  const jar = new Jar();
  const start = await fetch(`${urls.citizen}/inloggen`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  jar.take(start);
  const authorize = start.headers.get('location')!;
  visited.push(authorize);
  expect(authorize).toMatch(/code_challenge_method=S256/);
  const loginPage = await fetch(authorize);
  expect(loginPage.status).toBe(200);
  const pageHtml = await loginPage.text();
  const form = new URLSearchParams();
  for (const m of pageHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1], unescape(m[2]));
  form.set('bsn', bsn);
  const loggedIn = await fetch(`${urls.digid}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(loggedIn.status).toBe(303);
  const callback = loggedIn.headers.get('location')!;
  visited.push(callback);
  expect(callback.startsWith(`${urls.citizen}/auth/callback?`)).toBe(true);
  const back = await fetch(callback, { headers: { cookie: jar.header() }, redirect: 'manual' });
  expect(back.status).toBe(303);
  expect(back.headers.get('location')).toBe('/wie-bekeek-mijn-gegevens');
  jar.take(back);
  return jar;
}

async function lookupsPage(jar: Jar): Promise<string> {
  const res = await fetch(`${urls.citizen}/wie-bekeek-mijn-gegevens`, { headers: { cookie: jar.header() }, redirect: 'manual' });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  // Queries under the fraud-investigation processing activity are withheld from the citizen for 30 days.
  stack = await startStack({ citizen: true, env: { 'audit-log': { CITIZEN_WITHHOLD: `${CONFIDENTIAL_ACTIVITY}=30` } } });
  urls.digid = stack.urls['digid-simulator'];
  urls.citizen = stack.urls['citizen-portal'];

  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  officer = await issuer.issue({ userId: `so-${run}`, homeMunicipalityId: haarlem.id, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' });
  const admin = (m: string) => issuer.issue({ userId: `admin-${m}`, homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Admin' });
  const reg = stack.urls.registration;
  await activeCollaboration(reg, officer, admin, [haarlem, zandvoort]);
  expect((await call(reg, 'POST', '/users', await admin(haarlem.id), { username: `medewerker-${run}`, displayName: 'Mira Medewerker', homeMunicipalityId: haarlem.id, password, roles: ['WORKER'], permittedProducts: ['brp-persoon'] })).status).toBe(201);
  expect((await call(reg, 'POST', `/municipalities/${zandvoort.id}/whitelist/import`, await admin(zandvoort.id), { bsns: [BSN_X], effectiveDate: '2015-01-01' })).status).toBe(200);
  // Haarlem's client too: a query for Haarlem tells an unsubscribed citizen nothing (below).
  expect((await call(reg, 'POST', `/municipalities/${haarlem.id}/whitelist/import`, await admin(haarlem.id), { bsns: [BSN_X], effectiveDate: '2015-01-01' })).status).toBe(200);

  // The worker (home Haarlem) queries citizen X for Zandvoort, in the collaboration.
  const login = await call(stack.urls['query-proxy'], 'POST', '/auth/login', null, { username: `medewerker-${run}`, password });
  expect(login.status).toBe(200);
  workerUserId = login.body.principal.userId;
  workerToken = login.body.token;
  const q = await eventually('a permitted query about X', async () => {
    const r = await call(stack.urls['query-proxy'], 'POST', '/queries', login.body.token, { actingForMunicipalityId: zandvoort.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN_X } });
    return r.status === 200 && r;
  });
  queryTraceId = q.body.traceId;
  // A query about X under a confidential processing activity, as a gateway deployment for fraud
  // investigations publishes it (this test publishes it as the operator): withheld from X for now.
  const platform = await KafkaPlatform.connect({ clientId: `citizen-e2e-${run}`, ...testKafka(), requireTopics: false });
  try {
    const now = Date.now();
    confidential = attributedQuery({
      occurredAt: now,
      completedAt: now + 50,
      processingActivityId: CONFIDENTIAL_ACTIVITY,
      worker: { userId: workerUserId, homeMunicipality: haarlem },
      actingFor: zandvoort,
      collaborationId: 'collab-fraud-investigation',
      dataSubject: { idType: 'BSN', pseudonym: pseudonymise(BSN_X, decodeKey(stack.keys.pseudonymKey)), sealedBsn: sealBsn(BSN_X, decodeKey(stack.keys.sealKey)) },
    });
    await platform.producerFor(topics.attributedQueries).send(confidential);
  } finally {
    await platform.close();
  }
  // In the audit log before the citizen looks.
  for (const trace of [queryTraceId, confidential.traceId]) {
    await eventually('the query in the audit log', async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/traces/${trace}`, officer);
      return r.status === 200 && (r.body.records as Array<{ kind: string }>).some((x) => x.kind === 'QUERY');
    });
  }
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('Wie bekeek mijn gegevens', () => {
  let jarX: Jar;

  it('citizen X logs in through the DigiD simulator and sees exactly the query about them, without the worker', async () => {
    jarX = await loginAs(BSN_X);
    const page = await lookupsPage(jarX);
    const rows = [...page.matchAll(/<tr class="opvraging">([\s\S]*?)<\/tr>/g)].map((m) => m[1]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Gemeente Zandvoort');
    expect(rows[0]).toContain('In een samenwerkingsverband, uitgevoerd door gemeente Haarlem');
    expect(rows[0]).toContain('Participatiewet');
    expect(rows[0]).toContain('Basisregistratie Personen (RvIG): gegevens verstrekt');
    expect(rows[0]).toContain('Gegevens ingezien');
    const today = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long' }).format(new Date());
    expect(rows[0]).toContain(today);
    for (const secret of ['Mira', `medewerker-${run}`, workerUserId, queryTraceId, BSN_X]) expect(page).not.toContain(secret);
  });

  it('citizen Y sees nothing of X\'s', async () => {
    const page = await lookupsPage(await loginAs(BSN_Y));
    expect(page).toContain('Er zijn geen opvragingen van uw gegevens via Suwinet-Inkijk bekend.');
    expect(page).not.toContain('Zandvoort');
  });

  it('records the look in the audit log as an action of the citizen, by pseudonym only', async () => {
    const pseudonymX = pseudonymise(BSN_X, decodeKey(stack.keys.pseudonymKey));
    const look = await eventually('the citizen\'s look in the audit log', async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${CITIZEN_CHAIN_ID}&kind=ACTION`, officer);
      return r.status === 200 && (r.body.records as Array<Record<string, any>>).find((x) => x.subjectPseudonym === pseudonymX); // eslint-disable-line @typescript-eslint/no-explicit-any
    });
    expect(look).toMatchObject({ action: 'AUDIT_SUBJECT_SEARCHED', outcome: 'SUCCEEDED', service: 'audit-log', actor: { userId: `citizen:${pseudonymX}`, homeOrganisationId: null, roles: ['CITIZEN'] }, details: { query: 'CITIZEN_VIEW', records: '1', withheld: '1' } });
    expect(JSON.stringify(look)).not.toContain(BSN_X);
  });

  it('refuses a citizen session at the gateway and at the audit log\'s staff endpoints', async () => {
    const citizenToken = jarX.get('inkijk_burger_sessie')!;
    expect(citizenToken).toBeDefined();
    const gateway = await call(stack.urls['query-proxy'], 'POST', '/queries', citizenToken, { actingForMunicipalityId: zandvoort.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN_X } });
    expect({ status: gateway.status, code: gateway.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    for (const [method, p, body] of [
      ['GET', `/audit/records?municipalityId=${zandvoort.id}`, undefined],
      ['POST', '/audit/data-subject/records', { bsn: BSN_X }],
      ['GET', `/audit/traces/${queryTraceId}`, undefined],
      ['GET', '/audit/export', undefined],
    ] as const) {
      const r = await call(stack.urls['audit-log'], method, p, citizenToken, body);
      expect({ p, status: r.status, code: r.body.code }).toEqual({ p, status: 401, code: 'TOKEN_INVALID' });
    }
    // ... and a staff token is no citizen token.
    const pseudonymX = pseudonymise(BSN_X, decodeKey(stack.keys.pseudonymKey));
    const staff = await call(stack.urls['audit-log'], 'POST', '/audit/citizen/records', officer, { pseudonym: pseudonymX });
    expect({ status: staff.status, code: staff.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
  });

  it('lets a citizen ask only about themselves, and refuses a callback that belongs to no login', async () => {
    const other = await call(stack.urls['audit-log'], 'POST', '/audit/citizen/records', jarX.get('inkijk_burger_sessie')!, { pseudonym: pseudonymise(BSN_Y, decodeKey(stack.keys.pseudonymKey)) });
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 403, code: 'OTHER_CITIZEN' });
    const forged = await fetch(`${urls.citizen}/auth/callback?code=abc&state=forged`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('inkijk_burger_sessie='))).toBe(false);
  });

  it('works in a browser by keyboard alone, with labelled fields, Dutch landmarks and no serious axe-core violation', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=nl-NL'], timeout: 60_000 });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
      const unlabelled = () =>
        page.$$eval('input:not([type=hidden]), select, textarea', (els) =>
          (els as unknown as Array<{ id: string; name?: string; labels: ArrayLike<unknown> | null; getAttribute(n: string): string | null }>)
            .filter((e) => (e.labels?.length ?? 0) === 0 && !e.getAttribute('aria-label'))
            .map((e) => e.id || e.name || '(no id)'),
        );
      await page.goto(urls.citizen);
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
      expect(await page.locator('main h1').textContent()).toBe('Wie bekeek mijn gegevens?');
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'burger-start.png') });
      expect(await seriousViolations(page)).toEqual([]);
      // Keyboard only: the skip link first, then the DigiD button.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe('Direct naar de inhoud');
      await page.locator('a.knop').focus();
      await Promise.all([page.waitForURL(`${urls.digid}/authorize?**`), page.keyboard.press('Enter')]);
      expect(await unlabelled()).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('#bsn').focus();
      await page.keyboard.type(BSN_X);
      await page.screenshot({ path: path.join(SHOTS, 'burger-digid.png') });
      await Promise.all([page.waitForURL(`${urls.citizen}/wie-bekeek-mijn-gegevens`), page.keyboard.press('Enter')]);
      const rows = page.locator('tr.opvraging');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('Gemeente Zandvoort');
      expect(await page.locator('table caption').textContent()).toContain('Opvragingen van uw gegevens');
      expect(await page.locator('th[scope=col]').count()).toBe(5);
      expect(await unlabelled()).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, 'burger-wie-bekeek.png'), fullPage: true });
      // Logging out ends the session: the page sends the browser back to the start.
      await Promise.all([page.waitForURL(`${urls.citizen}/`), page.getByRole('button', { name: 'Uitloggen' }).click()]);
      await page.goto(`${urls.citizen}/wie-bekeek-mijn-gegevens`);
      expect(page.url()).toBe(`${urls.citizen}/`);
    } finally {
      await browser.close();
    }
  });

  /** A query by the worker about X for a municipality; resolves when the audit log holds it. */
  async function queryAboutX(forMunicipality: { id: string }): Promise<void> {
    const q = await eventually('a permitted query about X', async () => {
      const r = await call(stack.urls['query-proxy'], 'POST', '/queries', workerToken, { actingForMunicipalityId: forMunicipality.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN_X } });
      return r.status === 200 && r;
    });
    await eventually('the query in the audit log', async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/traces/${q.body.traceId}`, officer);
      return r.status === 200 && (r.body.records as Array<{ kind: string }>).some((x) => x.kind === 'QUERY');
    });
  }

  type Bericht = { notificationId: string; subjectPseudonym: string; organisationId: string; day: string; onderwerp: string; tekst: string };
  async function berichtenFor(pseudonym: string): Promise<Bericht[]> {
    const r = await call(stack.urls['berichtenbox-simulator'], 'GET', '/berichten', null);
    expect(r.status).toBe(200);
    return (r.body.berichten as Bericht[]).filter((b) => b.subjectPseudonym === pseudonym);
  }

  async function choose(jar: Jar, berichten: 'aan' | 'uit'): Promise<string> {
    const r = await fetch(`${urls.citizen}/berichten`, { method: 'POST', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: `berichten=${berichten}`, redirect: 'manual' });
    expect({ status: r.status, location: r.headers.get('location') }).toEqual({ status: 303, location: '/wie-bekeek-mijn-gegevens' });
    return lookupsPage(jar);
  }

  async function citizenAction(pseudonym: string, action: string): Promise<Record<string, unknown>> {
    return eventually(`${action} in the audit log`, async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${CITIZEN_CHAIN_ID}&kind=ACTION&action=${action}`, officer);
      return r.status === 200 && (r.body.records as Array<Record<string, unknown>>).find((x) => x.subjectPseudonym === pseudonym);
    });
  }

  it('tells a subscribed citizen once per municipality per day in the berichtenbox, and nothing after unsubscribing', async () => {
    const pseudonymX = pseudonymise(BSN_X, decodeKey(stack.keys.pseudonymKey));
    const jar = await loginAs(BSN_X);
    expect(await lookupsPage(jar)).toContain('Stuur mij een bericht');
    expect(await berichtenFor(pseudonymX)).toEqual([]);

    // Subscribing is an action of the citizen, in the citizens' chain.
    expect(await choose(jar, 'aan')).toContain('Geen berichten meer');
    expect(await citizenAction(pseudonymX, 'CITIZEN_NOTIFICATIONS_ON')).toMatchObject({ outcome: 'SUCCEEDED', service: 'audit-log', actor: { userId: `citizen:${pseudonymX}`, homeOrganisationId: null, roles: ['CITIZEN'] } });

    // A new query for Zandvoort: exactly one message.
    await queryAboutX(zandvoort);
    const first = await eventually('a message in the berichtenbox', async () => {
      const b = await berichtenFor(pseudonymX);
      return b.length > 0 && b;
    });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ organisationId: zandvoort.id, day: today, onderwerp: 'Gemeente Zandvoort heeft uw gegevens opgevraagd' });
    for (const secret of [BSN_X, 'Mira', `medewerker-${run}`, workerUserId]) expect(JSON.stringify(first)).not.toContain(secret);

    // A second query for Zandvoort on the same day: none. (Stored in the audit log, and the outbox
    // relay polls every 0.5 s: 3 s is ample for a message to have arrived.)
    await queryAboutX(zandvoort);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await berichtenFor(pseudonymX)).toHaveLength(1);

    // Unsubscribed, a query for another municipality (which would have been told) yields none either.
    expect(await choose(jar, 'uit')).toContain('Stuur mij een bericht');
    await citizenAction(pseudonymX, 'CITIZEN_NOTIFICATIONS_OFF');
    await queryAboutX(haarlem);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await berichtenFor(pseudonymX)).map((b) => b.organisationId)).toEqual([zandvoort.id]);
  });

  it('refuses a choice about messages that is neither on nor off, and one without a session', async () => {
    const bad = await fetch(`${urls.citizen}/berichten`, { method: 'POST', headers: { cookie: (await loginAs(BSN_Y)).header(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'berichten=misschien', redirect: 'manual' });
    expect(bad.status).toBe(400);
    const anonymous = await fetch(`${urls.citizen}/berichten`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'berichten=aan', redirect: 'manual' });
    expect({ status: anonymous.status, location: anonymous.headers.get('location') }).toEqual({ status: 303, location: '/' });
    const api = await call(stack.urls['audit-log'], 'PUT', '/audit/citizen/subscription', officer, { subscribed: true });
    expect({ status: api.status, code: api.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
  });

  it('puts no BSN in a URL or a log line', () => {
    for (const u of visited) for (const bsn of [BSN_X, BSN_Y]) expect(u).not.toContain(bsn);
    for (const f of ['digid-simulator', 'citizen-portal', 'audit-log', 'berichtenbox-simulator'].map((n) => path.join(stack.logsDir, `${n}.log`))) {
      const text = fs.readFileSync(f, 'utf8');
      for (const bsn of [BSN_X, BSN_Y]) expect({ f, found: text.includes(bsn) }).toEqual({ f, found: false });
    }
  });
});
