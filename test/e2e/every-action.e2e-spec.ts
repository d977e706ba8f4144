/**
 * Every action in the tamper-evident log (issue 18, ADR 0018), every service as its own process
 * against the real broker and database: a login, a refused login, a user change, a four-eyes
 * approval, a report download, an audit search and a query refused before its decision each
 * appear in the audit log with their actor and the trace id their caller sent; the log verifies;
 * the month's running generic report counts the account management; a permitted query's decision
 * record is in the audit store, found by the query's trace id together with the query.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { JWK } from 'jose';
import { TokenIssuer } from '@inkijk/platform';
import { callJson as call, eventually, JsonAnswer, Stack, startStack } from '@inkijk/testing';

jest.setTimeout(240_000);

let stack: Stack;
let officer: string;
let admin: string;
let admin2: string;
let mandated: string;
const run = randomUUID().slice(0, 6);
const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date()).slice(0, 7);
const haarlem = { id: randomUUID(), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' };
const BSN = '999990019';
const password = 'e2e-wachtwoord-lang-genoeg';
let workerId: string;

/** A call in a trace of the test's own making (W3C traceparent, sampled): returns the answer and its trace id. */
async function traced(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<JsonAnswer & { traceId: string }> {
  const traceId = randomBytes(16).toString('hex');
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, traceId };
}

type AuditRecord = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The audit log's records of one trace, as the security officer sees them, once `pred` finds one. */
async function recordOfTrace(traceId: string, what: string, pred: (r: AuditRecord) => boolean): Promise<AuditRecord> {
  let last: unknown;
  return eventually(
    what,
    async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/traces/${traceId}`, officer);
      last = r.body;
      return r.status === 200 && (r.body.records as AuditRecord[]).find(pred);
    },
    { timeoutMs: 60_000, everyMs: 300, lastSeen: () => last },
  );
}

const action = (name: string, outcome = 'SUCCEEDED') => (r: AuditRecord) => r.kind === 'ACTION' && r.action === name && r.outcome === outcome;

beforeAll(async () => {
  stack = await startStack();
  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  officer = await issuer.issue({ userId: `so-${run}`, homeMunicipalityId: haarlem.id, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' });
  admin = await issuer.issue({ userId: `admin-${run}`, homeMunicipalityId: haarlem.id, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder een' });
  admin2 = await issuer.issue({ userId: `admin2-${run}`, homeMunicipalityId: haarlem.id, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder twee' });
  mandated = await issuer.issue({ userId: `mp-${run}`, homeMunicipalityId: haarlem.id, roles: ['MANDATED_PERSON'], displayName: 'Gemandateerde' });
  const reg = stack.urls.registration;
  expect((await call(reg, 'POST', '/organisations/municipalities', officer, { ...haarlem, validFrom: '2000-01-01' })).status).toBe(201);
  const created = await call(reg, 'POST', '/users', admin, { username: `medewerker-${run}`, displayName: 'Mira Medewerker', homeMunicipalityId: haarlem.id, password, roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
  expect(created.status).toBe(201);
  workerId = created.body.id;
  expect((await call(reg, 'POST', `/municipalities/${haarlem.id}/whitelist/import`, admin, { bsns: [BSN], effectiveDate: '2015-01-01' })).status).toBe(200);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('every action in the audit log', () => {
  const traces: Record<string, string> = {};

  it('records a login and a refused login, with the account and the trace id', async () => {
    const ok = await traced(stack.urls.registration, 'POST', '/auth/login', null, { username: `medewerker-${run}`, password });
    expect(ok.status).toBe(200);
    const refused = await traced(stack.urls.registration, 'POST', '/auth/login', null, { username: `medewerker-${run}`, password: 'fout-wachtwoord-lang-genoeg' });
    expect(refused.status).toBe(401);
    const good = await recordOfTrace(ok.traceId, 'the login', action('LOGIN'));
    expect(good).toMatchObject({ trace_id: ok.traceId, actor: { userId: workerId }, actingForId: haarlem.id, service: 'registration' });
    const bad = await recordOfTrace(refused.traceId, 'the refused login', action('LOGIN', 'REFUSED'));
    expect(bad).toMatchObject({ trace_id: refused.traceId, actor: { userId: workerId }, reasonCode: 'INVALID_CREDENTIALS' });
    traces.login = ok.traceId;
  });

  it('records a user change and a four-eyes approval with who did each', async () => {
    const change = await traced(stack.urls.registration, 'PUT', `/users/${workerId}/tasks`, admin, { roles: ['WORKER'], permittedProducts: ['brp-persoon', 'uwv-inkomen'], escapeRight: false });
    expect(change.status).toBe(200);
    expect(await recordOfTrace(change.traceId, 'the user change', action('USER_CHANGED'))).toMatchObject({ actor: { userId: `admin-${run}`, roles: ['USER_ADMINISTRATOR'] }, object: { type: 'USER', id: workerId }, actingForId: haarlem.id });

    const request = await call(stack.urls.registration, 'PUT', `/users/${workerId}/tasks`, admin, { roles: ['WORKER'], permittedProducts: ['brp-persoon', 'uwv-inkomen'], escapeRight: true });
    expect(request.status).toBe(202);
    const grantId = request.body.grant.id as string;
    const approval = await traced(stack.urls.registration, 'POST', `/users/${workerId}/grants/${grantId}/approval`, admin2, {});
    expect(approval.status).toBe(200);
    expect(await recordOfTrace(approval.traceId, 'the approval', action('GRANT_APPROVED'))).toMatchObject({ actor: { userId: `admin2-${run}` }, actingForId: haarlem.id });
  });

  it('records a query refused before its decision, without a clear BSN', async () => {
    const q = await traced(stack.urls['query-proxy'], 'POST', '/queries', admin, { actingForMunicipalityId: haarlem.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN } });
    expect(q.status).toBe(403);
    expect(q.body.code).toBe('NOT_A_WORKER');
    const record = await recordOfTrace(q.traceId, 'the refused query', action('QUERY_ATTEMPT', 'REFUSED'));
    expect(record).toMatchObject({ actor: { userId: `admin-${run}` }, reasonCode: 'NOT_A_WORKER', actingForId: haarlem.id, service: 'query-proxy' });
    expect(JSON.stringify(record)).not.toContain(BSN);
  });

  it('records a report download and a search in the audit log', async () => {
    const report = await traced(stack.urls['supplier-reporting'], 'GET', `/reports/specific/${haarlem.id}/${month}`, mandated);
    expect(report.status).toBe(200);
    expect(await recordOfTrace(report.traceId, 'the report download', action('REPORT_DOWNLOADED'))).toMatchObject({ actor: { userId: `mp-${run}` }, actingForId: haarlem.id, service: 'supplier-reporting' });
    const search = await traced(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${haarlem.id}`, mandated);
    expect(search.status).toBe(200);
    expect(await recordOfTrace(search.traceId, 'the audit search', action('AUDIT_SEARCHED'))).toMatchObject({ actor: { userId: `mp-${run}` }, actingForId: haarlem.id, service: 'audit-log' });
  });

  it("keeps a query's decision record, found with the query by the query's trace id", async () => {
    const login = await call(stack.urls.registration, 'POST', '/auth/login', null, { username: `medewerker-${run}`, password });
    const token = login.body.token as string;
    const q = await eventually('a permitted query', async () => {
      const r = await call(stack.urls['query-proxy'], 'POST', '/queries', token, { actingForMunicipalityId: haarlem.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN } });
      return r.status === 200 && r;
    });
    const traceId = q.body.traceId as string;
    const query = await recordOfTrace(traceId, 'the query', (r) => r.kind === 'QUERY');
    const decision = await recordOfTrace(traceId, 'its decision record', (r) => r.kind === 'DECISION');
    expect(decision.decision).toMatchObject({ decisionId: query.audit.decision.decision_id, result: 'PERMIT' });
    expect(decision).toMatchObject({ worker: { userId: query.audit.worker.user_id }, actingForId: haarlem.id });
  });

  it('verifies the whole log, actions and decisions included', async () => {
    const v = await call(stack.urls['audit-log'], 'POST', '/audit/verify', officer, {});
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: true, firstBroken: null });
  });

  it("counts in this month's running generic report exactly the account management the audit log holds", async () => {
    const audit = await call(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${haarlem.id}&kind=ACTION&category=ACCOUNT_MANAGEMENT&limit=500`, officer);
    expect(audit.status).toBe(200);
    const actions = (audit.body.records as AuditRecord[]).map((r) => r.action as string).sort();
    // created, changed, the escape right requested and approved (and what carried it out)
    expect(actions).toEqual(expect.arrayContaining(['GRANT_APPROVED', 'GRANT_REQUESTED', 'USER_CHANGED', 'USER_CREATED']));
    let last: unknown;
    const current = await eventually(
      'the account management in the running report',
      async () => {
        const r = await call(stack.urls['supplier-reporting'], 'GET', `/reports/generic/${haarlem.id}/running`, officer);
        const m = r.status === 200 && (r.body.months as Array<{ month: string; accountManagementActions: number }>).find((x) => x.month === month);
        last = m || r.body;
        return m && m.accountManagementActions === actions.length && m;
      },
      { timeoutMs: 60_000, everyMs: 500, lastSeen: () => last },
    );
    expect(current).toMatchObject({ accountManagementActions: actions.length, sourceQueries: 1 });
  });
});
