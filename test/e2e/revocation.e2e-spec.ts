/**
 * Revocation in seconds (issue 17 item 3, ADR 0017), every service as its own process against
 * the real broker and database: a deactivation, a change of roles and a logout (one session, then
 * every session), and the portal's own logout, each measured at every service that accepts
 * tokens: the time from the change's HTTP answer until that service answers 401 TOKEN_REVOKED to
 * the old token (polled every 50 ms). Each window must be at most 5 s. A new login right after
 * the change of roles works at once, with the new roles, everywhere; the portal ends a session
 * whose token a service refused as revoked; tokens of others stay valid throughout.
 */
import { randomUUID } from 'node:crypto';
import { JWK } from 'jose';
import { TokenIssuer } from '@inkijk/platform';
import { callJson as call, Stack, startStack, totpCode } from '@inkijk/testing';

jest.setTimeout(240_000);

const LIMIT_MS = 5_000;
const POLL_MS = 50;
const SERVICES = ['registration', 'authorization', 'query-proxy', 'audit-log', 'supplier-reporting'] as const;
type Service = (typeof SERVICES)[number];

let stack: Stack;
let admin: string;
const run = randomUUID().slice(0, 6);
const haarlem = { id: randomUUID(), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' };
const password = 'e2e-wachtwoord-lang-genoeg';
const ids: Record<string, string> = {};
/** service -> scenario -> ms; printed at the end. */
const windows: Record<string, Record<string, number>> = {};

/** A cheap GET at each service that needs a login (the answer's status matters, not its body). */
const probePath: Record<Service, () => string> = {
  registration: () => '/me',
  authorization: () => '/access/v1/rules',
  'query-proxy': () => '/products',
  'audit-log': () => '/audit/checkpoint-key',
  'supplier-reporting': () => `/reports/generic/${haarlem.id}/running`,
};

const probe = (service: Service, token: string) => call(stack.urls[service], 'GET', probePath[service](), token);

/** The token is accepted (authenticated: not 401) at every service; returns the statuses. */
async function expectAcceptedEverywhere(token: string, what: string): Promise<void> {
  const answers = await Promise.all(SERVICES.map(async (s) => [s, (await probe(s, token)).status] as const));
  for (const [service, status] of answers) expect({ what, service, accepted: status !== 401 && status < 500 }).toEqual({ what, service, accepted: true });
}

/** Polls every service until it refuses the token with 401 TOKEN_REVOKED; ms since `since`. */
async function revocationWindows(scenario: string, token: string, since: number): Promise<Record<Service, number>> {
  const measured = await Promise.all(
    SERVICES.map(async (service) => {
      const deadline = since + 3 * LIMIT_MS;
      for (;;) {
        const r = await probe(service, token);
        const at = Date.now();
        if (r.status === 401 && r.body.code === 'TOKEN_REVOKED') {
          expect(typeof r.body.message).toBe('string');
          return [service, at - since] as const;
        }
        if (at > deadline) throw new Error(`${service} still answers ${r.status} ${JSON.stringify(r.body).slice(0, 200)} to the ${scenario} token after ${at - since} ms`);
        await new Promise((res) => setTimeout(res, POLL_MS));
      }
    }),
  );
  for (const [service, ms] of measured) (windows[service] ??= {})[scenario] = ms;
  return Object.fromEntries(measured) as Record<Service, number>;
}

function expectWithinLimit(scenario: string, measured: Record<string, number>): void {
  for (const [service, ms] of Object.entries(measured)) expect({ scenario, service, withinLimit: ms <= LIMIT_MS }).toEqual({ scenario, service, withinLimit: true });
}

/** Logs in at registration; an account whose roles require a second factor enrols one (its first code). */
async function login(username: string): Promise<string> {
  const r = await call(stack.urls.registration, 'POST', '/auth/login', null, { username, password });
  expect(r.status).toBe(200);
  if (typeof r.body.token === 'string') return r.body.token;
  expect(r.body.secondFactor).toBe('ENROLMENT_REQUIRED');
  const enrolment = await call(stack.urls.registration, 'POST', '/auth/second-factor/enrolment', r.body.enrolmentToken, {});
  expect(enrolment.status).toBe(200);
  const confirmed = await call(stack.urls.registration, 'POST', '/auth/second-factor/enrolment/confirmation', r.body.enrolmentToken, { code: totpCode(enrolment.body.secret) });
  expect(confirmed.status).toBe(200);
  return confirmed.body.token;
}

async function createWorker(name: string): Promise<void> {
  const r = await call(stack.urls.registration, 'POST', '/users', admin, { username: `${name}-${run}`, displayName: name, homeMunicipalityId: haarlem.id, password, roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
  expect([name, r.status]).toEqual([name, 201]);
  ids[name] = r.body.id;
}

/** The portal: a browser's login (its session cookie), a page, and its logout form. */
const portal = {
  async login(name: string): Promise<string> {
    const res = await fetch(`${stack.urls.portal}/inloggen`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ gebruikersnaam: `${name}-${run}`, wachtwoord: password }) });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('inkijk_sessie='));
    expect(cookie).toBeDefined();
    return cookie!.split(';')[0];
  },
  page(cookie: string, path = '/bevraging') {
    return fetch(`${stack.urls.portal}${path}`, { redirect: 'manual', headers: { cookie } });
  },
  tokenOf: (cookie: string) => decodeURIComponent(cookie.slice('inkijk_sessie='.length)),
};

beforeAll(async () => {
  stack = await startStack({ portal: true });
  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  const officer = await issuer.issue({ userId: `so-${run}`, homeMunicipalityId: haarlem.id, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' });
  admin = await issuer.issue({ userId: `admin-${run}`, homeMunicipalityId: haarlem.id, roles: ['USER_ADMINISTRATOR'], displayName: 'Admin' });
  expect((await call(stack.urls.registration, 'POST', '/organisations/municipalities', officer, { ...haarlem, validFrom: '2000-01-01' })).status).toBe(201);
  for (const name of ['vertrekker', 'wisselaar', 'uitlogger', 'portaal-vertrekker', 'portaal-uitlogger', 'blijver']) await createWorker(name);
}, 240_000);

afterAll(async () => {
  const rows = SERVICES.map((s) => `${s.padEnd(20)} ${Object.entries(windows[s] ?? {}).map(([k, v]) => `${k}: ${v} ms`).join(', ')}`);
  if (windows.portal) rows.push(`${'portal'.padEnd(20)} ${Object.entries(windows.portal).map(([k, v]) => `${k}: ${v} ms`).join(', ')}`);
  console.log(`revocation windows (change's HTTP answer -> 401 TOKEN_REVOKED, polled every ${POLL_MS} ms):\n${rows.join('\n')}`);
  await stack?.stop();
});

describe('revocation in seconds at every service', () => {
  let bystander: string;

  beforeAll(async () => {
    bystander = await login(`blijver-${run}`);
  });

  it('refuses the token of a deactivated account at every service within 5 s', async () => {
    const token = await login(`vertrekker-${run}`);
    await expectAcceptedEverywhere(token, 'before the deactivation');
    const r = await call(stack.urls.registration, 'POST', `/users/${ids.vertrekker}/deactivation`, admin, { reason: 'uit dienst' });
    const answered = Date.now();
    expect(r.status).toBe(200);
    expectWithinLimit('deactivation', await revocationWindows('deactivation', token, answered));
    expect((await call(stack.urls.registration, 'POST', '/auth/login', null, { username: `vertrekker-${run}`, password })).status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a token issued before a change of roles at every service within 5 s; a login right after works at once with the new roles', async () => {
    const old = await login(`wisselaar-${run}`);
    await expectAcceptedEverywhere(old, 'before the change of roles');
    expect((await call(stack.urls.registration, 'GET', `/users?municipalityId=${haarlem.id}`, old)).status).toBe(403);
    const r = await call(stack.urls.registration, 'PUT', `/users/${ids.wisselaar}/tasks`, admin, { roles: ['WORKER', 'USER_ADMINISTRATOR'], permittedProducts: ['brp-persoon'], escapeRight: false });
    const answered = Date.now();
    expect(r.status).toBe(200);
    // measured from the answer on, while the new login runs beside it
    const measuring = revocationWindows('change of roles', old, answered).then((w) => ({ w }), (e: Error) => ({ e }));

    const fresh = await login(`wisselaar-${run}`);
    const loggedIn = Date.now() - answered;
    // at once: the first request at every service is accepted, and carries the new roles
    await expectAcceptedEverywhere(fresh, 'a login right after the change of roles');
    const me = await call(stack.urls.registration, 'GET', '/me', fresh);
    expect(me.body.roles.sort()).toEqual(['USER_ADMINISTRATOR', 'WORKER']);
    expect((await call(stack.urls.registration, 'GET', `/users?municipalityId=${haarlem.id}`, fresh)).status).toBe(200);

    const measured = await measuring;
    if ('e' in measured) throw measured.e;
    expectWithinLimit('change of roles', measured.w);
    // every service has read the change by now: the new token (issued after it, to the millisecond) stays valid
    await expectAcceptedEverywhere(fresh, 'the new login once every service knows the change');
    console.log(`change of roles: a new login (with the second factor the new role requires) took ${loggedIn} ms and was accepted at once everywhere`);
  });

  it('logs out one session at the source: that token is refused everywhere within 5 s, the other session of the same user is not; logging out of every session refuses that one too', async () => {
    const first = await login(`uitlogger-${run}`);
    const second = await login(`uitlogger-${run}`);
    await expectAcceptedEverywhere(first, 'before the logout');
    const r = await call(stack.urls.registration, 'POST', '/auth/logout', first, {});
    const answered = Date.now();
    expect(r.status).toBe(200);
    expect(r.body.signedOut).toBe('THIS_SESSION');
    expectWithinLimit('logout', await revocationWindows('logout', first, answered));
    await expectAcceptedEverywhere(second, 'the other session after the logout of one');

    const all = await call(stack.urls.registration, 'POST', '/auth/logout', second, { allSessions: true });
    const allAnswered = Date.now();
    expect(all.status).toBe(200);
    expect(all.body.signedOut).toBe('EVERY_SESSION');
    expectWithinLimit('logout everywhere', await revocationWindows('logout everywhere', second, allAnswered));
    expect((await call(stack.urls.registration, 'POST', '/auth/logout', second, {})).body.code).toBe('TOKEN_REVOKED');
  });

  it('ends the portal session when a backend refuses its token as revoked', async () => {
    const cookie = await portal.login('portaal-vertrekker');
    expect((await portal.page(cookie)).status).toBe(200);
    const r = await call(stack.urls.registration, 'POST', `/users/${ids['portaal-vertrekker']}/deactivation`, admin, { reason: 'uit dienst' });
    const answered = Date.now();
    expect(r.status).toBe(200);
    for (;;) {
      const page = await portal.page(cookie);
      if (page.status === 303) {
        (windows.portal ??= {}).deactivation = Date.now() - answered;
        expect(page.headers.get('location')).toMatch(/^\/inloggen\?verlopen=1/);
        expect(page.headers.getSetCookie().some((c) => /^inkijk_sessie=;.*Max-Age=0/.test(c))).toBe(true);
        break;
      }
      expect(page.status).toBe(200);
      expect(Date.now() - answered).toBeLessThan(3 * LIMIT_MS);
      await new Promise((res) => setTimeout(res, POLL_MS));
    }
    expect(windows.portal.deactivation).toBeLessThanOrEqual(LIMIT_MS);
    // the portal no longer takes the cookie the browser might keep
    expect((await portal.page(cookie)).headers.get('location')).toMatch(/^\/inloggen/);
  });

  it("revokes the token at the source when the portal's logout is used", async () => {
    const cookie = await portal.login('portaal-uitlogger');
    const token = portal.tokenOf(cookie);
    const page = await portal.page(cookie);
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(csrf).toBeDefined();
    await expectAcceptedEverywhere(token, 'before the portal logout');
    const out = await fetch(`${stack.urls.portal}/uitloggen`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf! }) });
    const answered = Date.now();
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/inloggen?uitgelogd=1');
    expectWithinLimit('portal logout', await revocationWindows('portal logout', token, answered));
  });

  it('keeps the tokens of everyone else valid at every service', async () => {
    await expectAcceptedEverywhere(bystander, 'a bystander after all these changes');
  });
});
