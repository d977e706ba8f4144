/**
 * The whole journey, every service as its own process against the real broker and database:
 * a worker of the Haarlem-Zandvoort collaboration logs in once, queries for Haarlem and then for
 * Zandvoort without logging in again; both are logged under the right municipality; the
 * collaboration is terminated and the next query for Zandvoort is denied; the audit log verifies;
 * the running generic report counts exactly these queries; all spans of one query share its trace.
 */
import { randomUUID } from 'node:crypto';
import { JWK } from 'jose';
import { TokenIssuer } from '@inkijk/platform';
import { activeCollaboration, callJson as call, eventually as poll, metricSum, readSpans, scrapeMetrics, Stack, startStack } from '@inkijk/testing';

jest.setTimeout(180_000);

let stack: Stack;
let officer: string;
const run = randomUUID().slice(0, 6);
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
const haarlem = { id: randomUUID(), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' };
const zandvoort = { id: randomUUID(), cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' };
const BSN_HAARLEM = '999990019';
const BSN_ZANDVOORT = '999990044';
const password = 'e2e-wachtwoord-lang-genoeg';
let collaborationId: string;
const queryIds: string[] = [];
const traceIds: string[] = [];

let lastSeen: unknown;
/** Polls until fn gives a value; on time-out the error shows the last response seen (see `seen`). */
const eventually = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> => {
  lastSeen = undefined;
  return poll(what, fn, { timeoutMs, everyMs: 250, lastSeen: () => lastSeen });
};
const seen = <T>(v: T): T => ((lastSeen = v), v);

beforeAll(async () => {
  stack = await startStack();
  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  officer = await issuer.issue({ userId: `so-${run}`, homeMunicipalityId: haarlem.id, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' });
  const admin = (m: string) => issuer.issue({ userId: `admin-${m}`, homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Admin' });
  const reg = stack.urls.registration;

  collaborationId = await activeCollaboration(reg, officer, admin, [haarlem, zandvoort]);
  expect((await call(reg, 'POST', '/users', await admin(haarlem.id), { username: `medewerker-${run}`, displayName: 'Mira Medewerker', homeMunicipalityId: haarlem.id, password, roles: ['WORKER'], permittedProducts: ['brp-persoon'] })).status).toBe(201);
  expect((await call(reg, 'POST', `/municipalities/${haarlem.id}/whitelist/import`, await admin(haarlem.id), { bsns: [BSN_HAARLEM], effectiveDate: '2015-01-01' })).status).toBe(200);
  expect((await call(reg, 'POST', `/municipalities/${zandvoort.id}/whitelist/import`, await admin(zandvoort.id), { bsns: [BSN_ZANDVOORT], effectiveDate: '2015-01-01' })).status).toBe(200);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the journey of one login', () => {
  let token: string;
  let userId: string;

  it('logs in once at the gateway, and the keuzelijst offers Haarlem and Zandvoort', async () => {
    const login = await call(stack.urls['query-proxy'], 'POST', '/auth/login', null, { username: `medewerker-${run}`, password });
    expect(login.status).toBe(200);
    token = login.body.token;
    userId = login.body.principal.userId;
    const list = await eventually('the keuzelijst with both municipalities', async () => {
      const r = await call(stack.urls['query-proxy'], 'GET', '/keuzelijst', token);
      return r.status === 200 && (r.body as unknown as Array<{ id: string }>).length === 2 && (r.body as unknown as Array<{ id: string; name: string }>);
    });
    expect(list.map((e) => e.name).sort()).toEqual(['Haarlem', 'Zandvoort']);
  });

  it('queries for Haarlem and then for Zandvoort with the same token', async () => {
    for (const [m, bsn] of [[haarlem, BSN_HAARLEM], [zandvoort, BSN_ZANDVOORT]] as const) {
      const r = await call(stack.urls['query-proxy'], 'POST', '/queries', token, { actingForMunicipalityId: m.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn } });
      expect(r.status).toBe(200);
      expect(r.body.actingFor).toMatchObject({ id: m.id, name: m.name });
      expect(r.body.results[0]).toMatchObject({ supplier: 'BRP', status: 'ANSWERED' });
      queryIds.push(r.body.queryId);
      traceIds.push(r.body.traceId);
    }
  });

  it('logs both queries under the municipality they were for, with the worker and the home municipality', async () => {
    for (const [i, m] of [haarlem, zandvoort].entries()) {
      const record = await eventually(`the audit record for ${m.name}`, async () => {
        const r = await call(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${m.id}`, officer);
        return r.status === 200 && (r.body.records as Array<{ audit: { event_id: string } }>).find((x) => x.audit.event_id === queryIds[i]);
      });
      expect(record).toMatchObject({ trace_id: traceIds[i], audit: { acting_for: expect.objectContaining({ id: m.id }), worker: { user_id: userId, home_municipality: expect.objectContaining({ id: haarlem.id }) } } });
    }
  });

  it('denies the next query for Zandvoort once the collaboration is terminated, and logs the denial', async () => {
    expect((await call(stack.urls.registration, 'POST', `/collaborations/${collaborationId}/termination`, officer, { effectiveTo: today, reason: 'Einde dienstverleningsovereenkomst' })).status).toBe(200);
    // The keuzelijst shows when the gateway has heard of the termination; polling it queries no one.
    await eventually('Zandvoort to leave the keuzelijst', async () => {
      const r = await call(stack.urls['query-proxy'], 'GET', '/keuzelijst', token);
      return r.status === 200 && !(r.body as unknown as Array<{ id: string }>).some((e) => e.id === zandvoort.id);
    });
    const denied = await call(stack.urls['query-proxy'], 'POST', '/queries', token, { actingForMunicipalityId: zandvoort.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN_ZANDVOORT } });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('COLLABORATION_TERMINATED');
    expect(denied.body.results).toBeUndefined();
    queryIds.push(denied.body.details.queryId);
    const record = await eventually('the audit record of the denial', async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${zandvoort.id}`, officer);
      return r.status === 200 && (r.body.records as Array<{ audit: { event_id: string } }>).find((x) => x.audit.event_id === denied.body.details.queryId);
    });
    expect(record).toMatchObject({ audit: { outcome: 'DENIED', decision: { result: 'DENY', reason_code: 'COLLABORATION_TERMINATED' } } });
  });

  it('verifies the audit log', async () => {
    const v = await call(stack.urls['audit-log'], 'POST', '/audit/verify', officer, {});
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: true, firstBroken: null });
    expect(v.body.checkedRecords).toBeGreaterThanOrEqual(3);
  });

  it("counts exactly these queries in this month's running generic report of each municipality", async () => {
    const month = today.slice(0, 7);
    for (const [m, expected] of [[haarlem, 1], [zandvoort, 2]] as const) {
      const report = await eventually(`the running report of ${m.name}`, async () => {
        const r = await call(stack.urls['supplier-reporting'], 'GET', `/reports/generic/${m.id}/running`, officer);
        const current = r.status === 200 && (r.body.months as Array<{ month: string; sourceQueries: number }>).find((x) => x.month === month);
        seen(current || r);
        return current && current.sourceQueries === expected && r.body;
      });
      expect(report.provisional).toBe(true);
      const current = (report.months as Array<Record<string, unknown>>).find((x) => x.month === month)!;
      expect(current).toMatchObject({ sourceQueries: expected, abortedSearches: 0, byProduct: { 'brp-persoon': expected } });
      expect(current.bySupplier).toEqual({ BRP: 1 }); // the denied query called no source
    }
  });

  it('follows one query through one trace: gateway, data source, audit log and reporting, with their database writes', async () => {
    // A consumer processes records that arrive together in one span, a child of the first
    // record's trace and linked to the others': one of the two permitted queries has the
    // consumers in its own trace, and each consumer's span links the other query's trace.
    const everyService = ['query-proxy', 'supplier-simulators', 'audit-log', 'supplier-reporting'];
    const { spans, other } = await eventually('the spans of a permitted query', async () => {
      const file = readSpans(stack.spansFile);
      const of = (t: string) => file.filter((s) => s.traceId === t);
      seen(traceIds.slice(0, 2).map((t) => of(t).map((s) => `${s.service}:${s.name}`)));
      const full = traceIds.slice(0, 2).find((t) => everyService.every((svc) => of(t).some((s) => s.service === svc)));
      if (!full) return undefined;
      const otherTrace = traceIds.slice(0, 2).find((t) => t !== full)!;
      const reaches = (svc: string) => file.some((s) => s.service === svc && s.name.endsWith(' process') && (s.traceId === otherTrace || (s.links ?? []).some((l) => l.traceId === otherTrace)));
      return ['audit-log', 'supplier-reporting'].every(reaches) && { spans: of(full), other: otherTrace };
    }, 30_000);
    expect(other).toBeDefined();
    const byService = (s: string) => spans.filter((x) => x.service === s);
    const server = byService('query-proxy').find((s) => s.name === 'POST /queries');
    expect(server).toBeDefined();
    expect(byService('query-proxy').find((s) => s.name === 'supplier BRP')?.parentSpanId).toBe(server!.spanId);
    const decide = byService('query-proxy').find((s) => s.name === 'authorization decide');
    expect(decide?.attributes).toMatchObject({ 'inkijk.decision': 'PERMIT' });
    expect(decide?.parentSpanId).toBe(server!.spanId);
    // The data source continues the gateway's client span.
    const source = byService('supplier-simulators').find((s) => s.name === 'POST /haalcentraal/api/brp/personen');
    expect(source?.parentSpanId).toBe(byService('query-proxy').find((s) => s.name === 'supplier BRP')!.spanId);
    const publish = byService('query-proxy').find((s) => s.name === 'inkijk.query.attributed.v1 publish');
    expect(publish).toBeDefined();
    // The audit log also appends the decision record of this query (its own consumer, in this trace).
    expect(byService('audit-log').find((s) => s.name === 'inkijk.query.attributed.v1 process')?.parentSpanId).toBe(publish!.spanId);
    expect(byService('audit-log').some((s) => s.name === 'inkijk.authorization.decisions.v1 process')).toBe(true);
    expect(byService('audit-log').some((s) => s.name.endsWith(' process'))).toBe(true);
    expect(byService('audit-log').some((s) => /^(pg\.query|INSERT|SELECT)/i.test(s.name) || String(s.attributes['db.system'] ?? '') === 'postgresql')).toBe(true);
    expect(byService('supplier-reporting').some((s) => s.name.endsWith(' process'))).toBe(true);
  });

  it('reports queries, denials, logins and consumer lag on every service\'s metrics endpoint', async () => {
    const closed = await fetch(`${stack.urls['query-proxy']}/metrics`);
    expect(closed.status).toBe(401);
    const gateway = await scrapeMetrics(stack.urls['query-proxy'], stack.metricsToken);
    expect(metricSum(gateway, 'inkijk_queries_total', { outcome: 'ANSWERED', product: 'brp-persoon' })).toBe(2);
    expect(metricSum(gateway, 'inkijk_queries_total', { outcome: 'DENIED' })).toBe(1);
    expect(metricSum(gateway, 'inkijk_query_denials_total', { reason: 'COLLABORATION_TERMINATED' })).toBe(1);
    expect(metricSum(gateway, 'inkijk_authorization_decisions_total', { decision: 'DENY' })).toBe(1);
    expect(metricSum(gateway, 'inkijk_source_calls_total', { supplier: 'BRP', outcome: 'ANSWERED' })).toBe(2);
    expect(gateway.some((s) => s.name.startsWith('http_server_duration') && s.labels.http_method === 'POST')).toBe(true);

    const registration = await scrapeMetrics(stack.urls.registration, stack.metricsToken);
    expect(metricSum(registration, 'inkijk_logins_total', { outcome: 'SUCCEEDED' })).toBeGreaterThanOrEqual(1);

    // The audit log has processed the three queries and has nothing left on its partitions.
    const audit = await eventually('the audit log to catch up', async () => {
      const samples = seen(await scrapeMetrics(stack.urls['audit-log'], stack.metricsToken));
      const lag = samples.filter((s) => s.name === 'inkijk_consumer_lag' && s.labels.topic === 'inkijk.query.attributed.v1');
      return lag.length > 0 && lag.every((s) => s.value === 0) && samples;
    }, 30_000);
    expect(metricSum(audit, 'inkijk_consumer_records_total', { topic: 'inkijk.query.attributed.v1', outcome: 'processed' })).toBeGreaterThanOrEqual(3);
  });
});
