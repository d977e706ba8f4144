/**
 * Actions and decision records in the hash chains (ADR 0018), on the real broker and database:
 * ActivityEvents and decision records published on this run's copies of their topics are
 * appended to the chain of the organisation acted for, between the queries; the whole log
 * verifies, and an edited ACTION or DECISION row is found. Read through the HTTP API: a trace
 * gives its query and its decision, kind and category filter, a worker's roles come from the
 * users topic. Every read is itself recorded on the activity topic, and a read that cannot be
 * recorded is answered 503 without records.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { audit, authorization, query, registration, topics } from '@inkijk/contracts';
import { codecFor, DurableSender, KafkaPlatform, pseudonymise } from '@inkijk/platform';
import { attributedQuery, HAARLEM, TEST_PSEUDONYM_KEY, testAuth, TestAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { AuditStore } from '../src/adapters/postgres/audit-store';
import { verifyAuditLog } from '../src/app/verify-log';
import { auditDatabase, countRecords, deleteRunTopics, runOverrides, runTopics, serviceEnv, startAuditLog, waitFor } from './support';

jest.setTimeout(120_000);

const at = (h: number, m = 0) => Date.UTC(2026, 10, 16, h, m);
const BSN = '123456782';
const OPERATOR = '4f1c2a52-0000-4000-8000-0000000b4b41';

function activity(over: Partial<audit.ActivityEvent>): audit.ActivityEvent {
  return {
    eventId: randomUUID(),
    occurredAt: at(9),
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    service: 'registration',
    actor: { userId: 'user-haarlem-1', homeOrganisationId: HAARLEM.id, roles: ['WORKER'] },
    actingForId: HAARLEM.id,
    action: 'LOGIN',
    object: { type: 'SESSION', id: null },
    outcome: 'SUCCEEDED',
    reasonCode: null,
    subjectPseudonym: null,
    details: {},
    ...over,
  };
}

function decisionFor(q: query.AttributedQuery, over: Partial<authorization.AccessDecisionRecord> = {}): authorization.AccessDecisionRecord {
  return {
    decisionId: q.decision.decisionId,
    decidedAt: q.occurredAt + 10,
    traceId: q.traceId,
    subject: { userId: q.worker.userId, homeMunicipalityId: q.worker.homeMunicipality.id },
    action: q.product,
    resource: { dataSubjectPseudonym: q.dataSubject?.pseudonym ?? null },
    context: { actingForMunicipalityId: q.actingFor.id, legalDomain: q.legalDomain, at: q.occurredAt, escapeReason: null },
    decision: q.decision.result as authorization.Decision,
    escape: false,
    collaborationId: q.collaborationId ?? null,
    reasonCode: q.decision.reasonCode ?? null,
    reasonForUser: null,
    reasonForAdministrator: null,
    rulesVersion: q.decision.rulesVersion,
    readModelOffsets: { 'inkijk.registration.users.v1:0': 12, 'inkijk.registration.collaborations.v1:0': 3 },
    ...over,
  };
}

describe('actions and decision records in the audit chains', () => {
  const t = runTopics();
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let app: INestApplication;
  let platform: KafkaPlatform;
  let auth: TestAuth;
  let owner: Pool;
  const tokens: Record<string, string> = {};
  const so = `so-${t.run}`;

  const queries = [
    attributedQuery({ bsn: BSN, actingFor: HAARLEM, collaborationId: null, occurredAt: at(10) }),
    attributedQuery({ bsn: BSN, actingFor: ZANDVOORT, occurredAt: at(11) }),
    attributedQuery({
      actingFor: HAARLEM,
      collaborationId: null,
      occurredAt: at(12),
      outcome: 'DENIED',
      whitelist: { outcome: 'ABORTED', escapeReason: null },
      decision: { decisionId: randomUUID(), result: 'DENY', reasonCode: 'NOT_ON_WHITELIST', rulesVersion: 'rules-1' },
    }),
    attributedQuery({ actingFor: HAARLEM, collaborationId: null, occurredAt: at(13), worker: { userId: 'user-unknown', homeMunicipality: HAARLEM } }),
  ];
  const decisions = [
    decisionFor(queries[0]),
    decisionFor(queries[1]),
    decisionFor(queries[2], { reasonCode: 'NOT_ON_WHITELIST', reasonForUser: 'Niet in het klantenbestand.', reasonForAdministrator: 'whitelist miss' }),
    // A decision without a trace (asked for outside a request span): stored with trace_id null.
    { ...decisionFor(queries[3]), decisionId: randomUUID(), traceId: null, decidedAt: at(14) },
  ];
  const actions = [
    activity({ occurredAt: at(9, 30) }),
    activity({
      occurredAt: at(10, 30),
      action: 'USER_CHANGED',
      actor: { userId: 'admin-haarlem', homeOrganisationId: HAARLEM.id, roles: ['USER_ADMINISTRATOR'] },
      object: { type: 'USER', id: 'user-haarlem-2' },
      details: { roles: 'WORKER', products: '3' },
    }),
    activity({ occurredAt: at(11, 30), action: 'LOGIN', outcome: 'REFUSED', reasonCode: 'INVALID_CREDENTIALS', actor: { userId: null, homeOrganisationId: null, roles: [] }, actingForId: ZANDVOORT.id }),
    activity({ occurredAt: at(12, 30), action: 'QUERY_ATTEMPT', service: 'query-proxy', outcome: 'REFUSED', reasonCode: 'INVALID_BSN', object: { type: 'QUERY', id: null }, subjectPseudonym: pseudonymise(BSN, TEST_PSEUDONYM_KEY) }),
  ];
  const total = queries.length + decisions.length + actions.length;

  beforeAll(async () => {
    db = await auditDatabase('audit_actions_test');
    owner = new Pool({ connectionString: db.ownerUrl, max: 2 });
    auth = await testAuth();
    platform = await KafkaPlatform.connect({ clientId: `audit-actions-${t.run}`, ...testKafka(), requireTopics: false });
    await platform.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic, t.activityTopic, t.decisionTopic]);
    const users: registration.UserEvent[] = [
      {
        eventId: randomUUID(),
        occurredAt: at(8),
        userId: 'user-haarlem-1',
        homeMunicipalityId: HAARLEM.id,
        change: { 'nl.inkijk.registration.UserCreated': { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false, grantId: null } },
      },
    ];
    // Each with the time its producer would have published it: consumers check event times against it.
    await Promise.all([
      ...users.map((u) => platform.producerFor(t.usersTopic).send(u, { timestamp: u.occurredAt })),
      ...queries.map((q) => platform.producerFor(t.topic).send(q, { timestamp: q.completedAt })),
      ...decisions.map((d) => platform.producerFor(t.decisionTopic).send(d, { timestamp: d.decidedAt })),
      ...actions.map((a) => platform.producerFor(t.activityTopic).send(a, { timestamp: a.occurredAt })),
    ]);
    app = await startAuditLog(serviceEnv({ databaseUrl: db.writerUrl, jwks: auth.jwksJson }), runOverrides(t, `audit-actions-${t.run}`));
    await waitFor(async () => (await countRecords(db.ownerUrl)) === total, 'every query, action and decision stored');
    tokens.so = await auth.token({ userId: so, homeMunicipalityId: OPERATOR, roles: ['SECURITY_OFFICER'] });
    tokens.mpHaarlem = await auth.token({ userId: `mp-haarlem-${t.run}`, homeMunicipalityId: HAARLEM.id, roles: ['MANDATED_PERSON'] });
    tokens.worker1 = await auth.token({ userId: 'user-haarlem-1', homeMunicipalityId: HAARLEM.id, roles: ['WORKER'] });
  });

  afterAll(async () => {
    await app?.close();
    if (platform) await deleteRunTopics(platform, t.run);
    await platform?.close();
    await owner?.end();
    await db?.drop();
  });

  const get = (path: string, token: string, on: INestApplication = app) => request(on.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object, token: string) => request(app.getHttpServer()).post(path).send(body).set('Authorization', `Bearer ${token}`);

  async function verify() {
    const store = new AuditStore(owner);
    const here = await verifyAuditLog(store);
    const threads = await verifyAuditLog(store, { databaseUrl: db.ownerUrl, workers: 2, parallelFrom: 0 });
    const strip = ({ durationMs: _d, threads: _t, ...r }: typeof here) => r;
    expect(strip(threads)).toEqual(strip(here));
    return here;
  }

  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    const c = await owner.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      await c.query(sql, params);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  }

  it('appends every kind to the chain of the organisation acted for, one sequence per chain, and the log verifies', async () => {
    const { rows } = await owner.query('SELECT chain, kind, sequence::int AS sequence, event_id FROM audit_record ORDER BY chain, sequence');
    const chain = (id: string) => rows.filter((r) => r.chain === id);
    expect(chain(HAARLEM.id).map((r) => r.sequence)).toEqual(Array.from({ length: chain(HAARLEM.id).length }, (_, i) => i + 1));
    expect(chain(ZANDVOORT.id).map((r) => r.sequence)).toEqual(Array.from({ length: chain(ZANDVOORT.id).length }, (_, i) => i + 1));
    const kinds = (id: string) => chain(id).map((r) => r.kind).sort();
    expect(kinds(HAARLEM.id)).toEqual(['ACTION', 'ACTION', 'ACTION', 'DECISION', 'DECISION', 'DECISION', 'QUERY', 'QUERY', 'QUERY']);
    expect(kinds(ZANDVOORT.id)).toEqual(['ACTION', 'DECISION', 'QUERY']);
    expect(rows.find((r) => r.event_id === decisions[3].decisionId)).toMatchObject({ chain: HAARLEM.id, kind: 'DECISION' });
    expect(await verify()).toMatchObject({ ok: true, checkedRecords: total, chains: 2, firstBroken: null });
  });

  it('finds an edited ACTION row and an edited DECISION row, at their sequence', async () => {
    const row = async (eventId: string) => (await owner.query('SELECT chain, sequence::int AS sequence FROM audit_record WHERE event_id = $1', [eventId])).rows[0];
    const action = await row(actions[1].eventId);
    await tamper("UPDATE audit_record SET details = '{\"roles\": \"SECURITY_OFFICER\", \"products\": \"3\"}' WHERE event_id = $1", [actions[1].eventId]);
    expect((await verify()).firstBroken).toEqual({ chain: action.chain, sequence: action.sequence, reason: 'CONTENT_ALTERED' });
    await tamper("UPDATE audit_record SET details = '{\"roles\": \"WORKER\", \"products\": \"3\"}' WHERE event_id = $1", [actions[1].eventId]);
    expect((await verify()).ok).toBe(true);

    const decision = await row(decisions[2].decisionId);
    await tamper("UPDATE audit_record SET decision_result = 'PERMIT' WHERE event_id = $1", [decisions[2].decisionId]);
    expect((await verify()).firstBroken).toEqual({ chain: decision.chain, sequence: decision.sequence, reason: 'CONTENT_ALTERED' });
    await tamper("UPDATE audit_record SET decision_result = 'DENY' WHERE event_id = $1", [decisions[2].decisionId]);
    expect((await verify()).ok).toBe(true);
  });

  it('gives a query and its decision record by their trace id', async () => {
    const q = queries[2];
    const res = await get(`/audit/traces/${q.traceId}`, tokens.so);
    expect(res.status).toBe(200);
    expect(res.body.records.map((r: { kind: string }) => r.kind)).toEqual(['QUERY', 'DECISION']);
    expect(res.body.records[0]).toMatchObject({ kind: 'QUERY', trace_id: q.traceId, audit: { event_id: q.eventId, decision: { decision_id: q.decision.decisionId } } });
    expect(res.body.records[1]).toEqual({
      kind: 'DECISION',
      trace_id: q.traceId,
      span_id: null,
      parent_span_id: null,
      name: 'inkijk.beslissing',
      start_time: new Date(q.occurredAt + 10).toISOString(),
      end_time: new Date(q.occurredAt + 10).toISOString(),
      status_code: 'STATUS_CODE_ERROR',
      decision: { decisionId: q.decision.decisionId, result: 'DENY', reasonCode: 'NOT_ON_WHITELIST', rulesVersion: 'rules-1', escape: false },
      worker: { userId: 'user-haarlem-1', homeMunicipalityId: HAARLEM.id },
      actingForId: HAARLEM.id,
      product: 'brp-persoon',
      legalDomain: 'PARTICIPATIEWET',
      subjectPseudonym: q.dataSubject!.pseudonym,
      escapeReason: null,
      collaborationId: null,
      evaluatedAt: new Date(q.occurredAt).toISOString(),
      reasonForUser: 'Niet in het klantenbestand.',
      reasonForAdministrator: 'whitelist miss',
      readModelOffsets: { 'inkijk.registration.users.v1:0': 12, 'inkijk.registration.collaborations.v1:0': 3 },
      audit: { trace_id: q.traceId, event_id: q.decision.decisionId, chain: HAARLEM.id, sequence: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), recorded_at: expect.any(String) },
    });
  });

  it('filters by kind, category and action; every kind by default', async () => {
    const list = async (filter: string) => {
      const res = await get(`/audit/records?municipalityId=${HAARLEM.id}&from=2026-11-16&to=2026-11-17${filter}`, tokens.so);
      expect(res.status).toBe(200);
      return res.body.records as Array<{ kind: string; action?: string; audit: { event_id: string } }>;
    };
    expect((await list('')).length).toBe(9);
    expect((await list('&kind=QUERY')).map((r) => r.audit.event_id)).toEqual([queries[0], queries[2], queries[3]].map((q) => q.eventId));
    expect((await list('&kind=DECISION')).map((r) => r.audit.event_id)).toEqual([decisions[0], decisions[2], decisions[3]].map((d) => d.decisionId));
    expect((await list('&kind=ACTION')).map((r) => r.action)).toEqual(['LOGIN', 'USER_CHANGED', 'QUERY_ATTEMPT']);
    expect((await list('&category=ACCOUNT_MANAGEMENT')).map((r) => r.action)).toEqual(['USER_CHANGED']);
    expect((await list('&action=QUERY_ATTEMPT')).map((r) => r.action)).toEqual(['QUERY_ATTEMPT']);
    const action = (await list('&category=ACCOUNT_MANAGEMENT'))[0];
    expect(action).toEqual({
      kind: 'ACTION',
      trace_id: actions[1].traceId,
      span_id: actions[1].spanId,
      parent_span_id: null,
      name: 'inkijk.actie.user-changed',
      start_time: new Date(at(10, 30)).toISOString(),
      end_time: new Date(at(10, 30)).toISOString(),
      status_code: 'STATUS_CODE_OK',
      action: 'USER_CHANGED',
      category: 'ACCOUNT_MANAGEMENT',
      object: { type: 'USER', id: 'user-haarlem-2' },
      outcome: 'SUCCEEDED',
      reasonCode: null,
      actor: { userId: 'admin-haarlem', homeOrganisationId: HAARLEM.id, roles: ['USER_ADMINISTRATOR'] },
      actingForId: HAARLEM.id,
      subjectPseudonym: null,
      service: 'registration',
      details: { roles: 'WORKER', products: '3' },
      audit: { trace_id: actions[1].traceId, event_id: actions[1].eventId, chain: HAARLEM.id, sequence: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), recorded_at: expect.any(String) },
    });
    const bad = await get(`/audit/records?kind=EVERYTHING`, tokens.so);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
  });

  it("shows a query's worker with the roles from the users topic (null for an account it does not know)", async () => {
    const res = await get(`/audit/records?municipalityId=${HAARLEM.id}&kind=QUERY`, tokens.so);
    const worker = (eventId: string) => res.body.records.find((r: { audit: { event_id: string } }) => r.audit.event_id === eventId).audit.worker;
    expect(worker(queries[0].eventId)).toEqual({ user_id: 'user-haarlem-1', home_municipality: expect.objectContaining({ id: HAARLEM.id }), roles: ['WORKER'] });
    expect(worker(queries[3].eventId).roles).toBeNull();
  });

  it('shows a worker their own queries and actions, not the decision records', async () => {
    const res = await get('/audit/workers/user-haarlem-1/records', tokens.worker1);
    expect(res.status).toBe(200);
    const kinds = (res.body.records as Array<{ kind: string }>).map((r) => r.kind);
    expect(kinds).toContain('ACTION');
    expect(kinds).toContain('QUERY');
    expect(kinds).not.toContain('DECISION');
  });

  describe('reads of the audit log are actions', () => {
    /** The actions this run's callers caused on the catalogue's activity topic. */
    async function recordedReads(until: (found: audit.ActivityEvent[]) => boolean): Promise<audit.ActivityEvent[]> {
      const codec = codecFor(topics.activity);
      const consumer = platform.kafka.consumer({ groupId: `audit-actions-reader-${t.run}-${Date.now()}` });
      const found: audit.ActivityEvent[] = [];
      const callers = new Set([so, `mp-haarlem-${t.run}`]);
      await consumer.connect();
      await consumer.subscribe({ topic: topics.activity.name, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const e = codec.decode(message.value);
          if (e.actor.userId && callers.has(e.actor.userId)) found.push(e);
          if (message.value!.includes(Buffer.from(BSN))) throw new Error('a clear BSN on the activity topic');
        },
      });
      try {
        await waitFor(async () => until(found), 'the recorded reads', 20_000);
      } finally {
        await consumer.disconnect();
      }
      return found;
    }

    it('records a search (AUDIT_SEARCHED, the caller as actor, the municipality searched as chain), a refused one and a data-subject search', async () => {
      expect((await get(`/audit/records?municipalityId=${ZANDVOORT.id}&kind=QUERY`, tokens.so)).status).toBe(200);
      expect((await get(`/audit/records?municipalityId=${ZANDVOORT.id}`, tokens.mpHaarlem)).status).toBe(403);
      expect((await post('/audit/data-subject/records', { bsn: BSN }, tokens.so)).status).toBe(200);
      const found = await recordedReads((f) => f.some((e) => e.action === 'AUDIT_SUBJECT_SEARCHED') && f.some((e) => e.outcome === 'REFUSED') && f.some((e) => e.details?.query === 'BY_MUNICIPALITY'));
      expect(found.find((e) => e.action === 'AUDIT_SEARCHED' && e.outcome === 'SUCCEEDED' && e.details?.query === 'BY_MUNICIPALITY' && e.actingForId === ZANDVOORT.id)).toMatchObject({
        service: 'audit-log',
        actor: { userId: so, homeOrganisationId: OPERATOR, roles: ['SECURITY_OFFICER'] },
        actingForId: ZANDVOORT.id,
        object: { type: 'AUDIT_LOG', id: ZANDVOORT.id },
        details: { query: 'BY_MUNICIPALITY', kind: 'QUERY', records: '1' },
      });
      expect(found.find((e) => e.outcome === 'REFUSED' && e.actor.userId === `mp-haarlem-${t.run}`)).toMatchObject({ action: 'AUDIT_SEARCHED', actingForId: ZANDVOORT.id, reasonCode: 'OTHER_MUNICIPALITY', actor: { userId: `mp-haarlem-${t.run}` } });
      expect(found.find((e) => e.action === 'AUDIT_SUBJECT_SEARCHED')).toMatchObject({ actingForId: OPERATOR, subjectPseudonym: pseudonymise(BSN, TEST_PSEUDONYM_KEY), outcome: 'SUCCEEDED' });
    });

    it('answers 503 AUDIT_TRAIL_UNAVAILABLE, without records, when the read cannot be recorded', async () => {
      const t2 = runTopics();
      const db2 = await auditDatabase('audit_actions_503_test');
      // A sender whose producer reaches no broker: every send fails.
      const unreachable = new Kafka({ clientId: 'unreachable', brokers: ['127.0.0.1:1'], retry: { retries: 0 } }).producer();
      const sender = new DurableSender(unreachable, { sendTimeoutMs: 1000 });
      await platform.ensureTopics([t2.usersTopic]);
      const app2 = await startAuditLog(serviceEnv({ databaseUrl: db2.writerUrl, jwks: auth.jwksJson }), { ...runOverrides(t2, `audit-actions-503-${t2.run}`), activitySender: sender });
      try {
        const res = await get(`/audit/records?municipalityId=${HAARLEM.id}`, tokens.so, app2);
        expect(res.status).toBe(503);
        expect(res.body).toEqual({ code: 'AUDIT_TRAIL_UNAVAILABLE', message: expect.any(String) });
        const exported = await get('/audit/export', tokens.so, app2);
        expect(exported.status).toBe(503);
        expect(exported.text).not.toContain('trace_id');
        // A refusal is still answered as one, recorded or not.
        expect((await get(`/audit/records?municipalityId=${ZANDVOORT.id}`, tokens.mpHaarlem, app2)).status).toBe(403);
      } finally {
        await app2.close();
        await deleteRunTopics(platform, t2.run);
        await db2.drop();
      }
    });
  });
});
