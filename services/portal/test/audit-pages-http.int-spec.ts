/**
 * The audit pages over real sockets against stand-ins of registration, the gateway and the audit
 * log that answer in the shapes of ADR 0018 (a local HTTP server that records what it was asked):
 * one directory call per page with the ids of the page, the names shown instead of ids, the ids
 * when the directory fails, the type filter sent as kind/category, and the trace page.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { testAuth, TestAuth } from '@inkijk/testing';
import { loadPortalConfig } from '../src/config';
import { createPortalApp } from '../src/portal-app';

const WORKER = '3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f';
const OFFICER = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const HAARLEM = '0a000000-0000-4000-8000-000000000392';
const ZANDVOORT = '0a000000-0000-4000-8000-000000000473';
const TRACE = '0123456789abcdef0123456789abcdef';

const queryRecord = {
  kind: 'QUERY',
  trace_id: TRACE,
  start_time: new Date().toISOString(),
  attributes: {},
  audit: {
    worker: { user_id: WORKER, home_municipality: { id: HAARLEM, name: 'Haarlem' }, roles: ['WORKER'] },
    acting_for: { id: ZANDVOORT, name: 'Zandvoort', cbs_code: 'GM0473' },
    legal_domain: 'PARTICIPATIEWET',
    product: 'brp-persoon',
    search_key_type: 'BSN',
    sources: [],
    whitelist: { outcome: 'ON_WHITELIST', escape_reason: null },
    decision: { decision_id: 'd-1', result: 'PERMIT', reason_code: null, rules_version: 'authorization-rules/1' },
    outcome: 'ANSWERED',
  },
};
// Actions and decision records as the audit log serves them: their fields beside the audit part (the place in the chain).
const envelope = (trace: string, name: string) => ({ trace_id: trace, span_id: null, parent_span_id: null, name, start_time: new Date().toISOString(), end_time: new Date().toISOString(), status_code: 'STATUS_CODE_OK' });
const chain = (trace: string, org: string) => ({ audit: { trace_id: trace, event_id: `e-${trace.slice(0, 4)}`, chain: org, sequence: 1, hash: 'h', recorded_at: new Date().toISOString() } });
const loginRecord = { kind: 'ACTION', ...envelope('b'.repeat(32), 'inkijk.actie.login'), action: 'LOGIN', category: 'LOGIN', object: { type: 'SESSION', id: null }, outcome: 'SUCCEEDED', reasonCode: null, actor: { userId: OFFICER, homeOrganisationId: HAARLEM, roles: ['USER_ADMINISTRATOR'] }, actingForId: HAARLEM, subjectPseudonym: null, service: 'registration', details: {}, ...chain('b'.repeat(32), HAARLEM) };
const decisionRecord = { kind: 'DECISION', ...envelope(TRACE, 'inkijk.beslissing'), decision: { decisionId: 'd-1', result: 'PERMIT', reasonCode: null, rulesVersion: 'authorization-rules/1', escape: false }, worker: { userId: WORKER, homeMunicipalityId: HAARLEM }, actingForId: ZANDVOORT, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', ...chain(TRACE, ZANDVOORT) };

interface Asked {
  method: string;
  url: string;
  body: unknown;
}

describe('the audit pages over HTTP, against services answering in the new shapes', () => {
  let app: INestApplication;
  let auth: TestAuth;
  let backend: http.Server;
  const asked: Asked[] = [];
  let directory: 'ok' | 'down' = 'ok';

  beforeAll(async () => {
    backend = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = raw ? JSON.parse(raw) : undefined;
        asked.push({ method: req.method!, url: req.url!, body });
        const url = new URL(req.url!, 'http://x');
        const send = (status: number, b: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(b));
        if (url.pathname === '/organisations') return send(200, [{ id: HAARLEM, name: 'Haarlem', cbsCode: 'GM0392', oin: '1', kind: 'MUNICIPALITY' }, { id: ZANDVOORT, name: 'Zandvoort', cbsCode: 'GM0473', oin: '2', kind: 'MUNICIPALITY' }]);
        if (url.pathname === '/products') return send(200, [{ id: 'brp-persoon', name: 'Persoonsgegevens (BRP)', kind: 'SOURCE_PAGE', suppliers: ['BRP'], searchKeys: ['BSN'] }]);
        if (url.pathname === '/escape-reasons') return send(200, []);
        if (url.pathname === '/users/directory') {
          if (directory === 'down') return send(500, { code: 'INTERNAL_ERROR', message: 'down' });
          const known = [{ userId: WORKER, displayName: 'Mira Medewerker', roles: ['WORKER'], homeOrganisationId: HAARLEM, homeOrganisationName: 'Haarlem' }, { userId: OFFICER, displayName: 'Bea Beheer', roles: ['USER_ADMINISTRATOR'], homeOrganisationId: HAARLEM, homeOrganisationName: 'Haarlem' }];
          return send(200, { users: known.filter((u) => (body as { userIds: string[] }).userIds.includes(u.userId)) });
        }
        if (url.pathname === '/audit/verify') return send(200, { ok: true, checkedRecords: 3, chains: 2, checkpointsChecked: 1, firstBroken: null });
        if (url.pathname === '/audit/records') {
          const kind = url.searchParams.get('kind');
          const earlier = { ...queryRecord, trace_id: 'e'.repeat(32), audit: { ...queryRecord.audit, worker: { ...queryRecord.audit.worker, user_id: 'demo-historie-1' } } };
          const all = [queryRecord, loginRecord, decisionRecord, earlier];
          return send(200, { records: kind ? all.filter((r) => r.kind === kind) : all, nextCursor: null });
        }
        if (url.pathname === `/audit/traces/${TRACE}`) return send(200, { records: [queryRecord, decisionRecord] });
        if (url.pathname.startsWith('/audit/traces/')) return send(404, { code: 'TRACE_NOT_FOUND', message: 'No audit record you may see has this trace id.' });
        send(404, { code: 'NOT_FOUND', message: 'not here' });
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    auth = await testAuth();
    const config = loadPortalConfig({ AUTH_JWKS: auth.jwksJson, GATEWAY_URL: base, REGISTRATION_URL: base, AUDIT_LOG_URL: base, REPORTING_URL: base, AUTHORIZATION_URL: base, BACKEND_TIMEOUT_MS: '2000', LOG_LEVEL: 'error' });
    app = await createPortalApp(config);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((r) => backend?.close(r));
  });

  beforeEach(() => {
    asked.length = 0;
    directory = 'ok';
  });

  const officerCookie = async () => `inkijk_sessie=${await auth.token({ userId: 'u-so', homeMunicipalityId: 'bkwi', roles: ['SECURITY_OFFICER'], displayName: 'Sam' })}`;
  const get = async (p: string) => request(app.getHttpServer()).get(p).set('Cookie', await officerCookie());

  it('asks the directory once for the account ids of the page and shows names and roles, not ids', async () => {
    const res = await get(`/auditlog?gemeente=${ZANDVOORT}`);
    expect(res.status).toBe(200);
    const calls = asked.filter((a) => a.url === '/users/directory');
    expect(calls).toHaveLength(1);
    expect((calls[0].body as { userIds: string[] }).userIds.sort()).toEqual([OFFICER, WORKER].sort());
    expect(res.text).toContain('Mira Medewerker');
    expect(res.text).toContain('Bea Beheer');
    expect(res.text).toContain('Gebruikersbeheerder · Haarlem');
    expect(res.text).not.toContain(WORKER);
    // An id that is no account id (not a UUID) is not asked for, and shown as it is.
    expect(res.text).toContain('<code class="persoon-id">demo-historie-1</code>');
    expect(res.text).toContain(`<a href="/auditlog/spoor/${TRACE}">Beslissing en spoor</a>`);
  });

  it('shows the ids when the directory fails, and the page still answers', async () => {
    directory = 'down';
    const res = await get('/auditlog');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<code class="persoon-id">${WORKER}</code>`);
    expect(res.text).toContain('Het auditlog is intact');
  });

  it('sends the type as kind and category to the audit log, and shows only that type', async () => {
    const res = await get('/auditlog?soort=inloggen');
    const records = asked.find((a) => a.url.startsWith('/audit/records'))!;
    const q = new URL(records.url, 'http://x').searchParams;
    expect([q.get('kind'), q.get('category')]).toEqual(['ACTION', 'LOGIN']);
    expect(res.text).toContain('data-actie="LOGIN"');
    expect(res.text).not.toContain('data-soort="QUERY"');
    expect(res.text).toMatch(/aria-current="page" data-soort="inloggen">Inloggen</);
    const decisions = await get('/auditlog?soort=beslissingen');
    expect(decisions.text).toContain('data-soort="DECISION"');
    expect(decisions.text).not.toContain('data-actie=');
  });

  it('refuses a type it does not offer with 400 and a code, before asking any service', async () => {
    const res = await get('/auditlog?soort=alles-en-nog-wat');
    expect(res.status).toBe(400);
    expect(res.text).toContain('INVALID_FILTER');
    expect(asked.filter((a) => a.url.startsWith('/audit/'))).toEqual([]);
  });

  it('shows a trace with its decision record; an unknown or malformed trace is a 404 page', async () => {
    const res = await get(`/auditlog/spoor/${TRACE}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="beslissing" data-beslissing="d-1" data-uitkomst="PERMIT"');
    expect(res.text).toContain('Mira Medewerker');
    expect(asked.filter((a) => a.url === '/users/directory')).toHaveLength(1);
    const unknown = await get(`/auditlog/spoor/${'f'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Bij dit spoor staat niets in het auditlog dat u mag zien.');
    asked.length = 0;
    const malformed = await get('/auditlog/spoor/not-a-trace');
    expect(malformed.status).toBe(404);
    expect(asked.filter((a) => a.url.startsWith('/audit/'))).toEqual([]);
  });

  it('keeps the trace page from workers', async () => {
    const worker = `inkijk_sessie=${await auth.token({ userId: WORKER, homeMunicipalityId: HAARLEM, roles: ['WORKER'], displayName: 'Mira' })}`;
    const res = await request(app.getHttpServer()).get(`/auditlog/spoor/${TRACE}`).set('Cookie', worker);
    expect(res.status).toBe(403);
    expect(res.text).toContain('ROLE_REQUIRED');
  });
});
