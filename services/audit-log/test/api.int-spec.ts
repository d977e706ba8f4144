/**
 * The audit log end to end on the real broker and database: attributed-query events produced
 * on a topic of this run are consumed into the hash chains, then read back through the
 * authenticated HTTP API as the different roles would, exported as Logboek JSON lines,
 * verified, and checkpointed (signed, stored and published).
 */
import { createPublicKey, verify } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { codecFor, KafkaPlatform } from '@inkijk/platform';
import { attributedQuery, HAARLEM, testAuth, TestAuth, ZANDVOORT, testKafka } from '@inkijk/testing';
import type { query } from '@inkijk/contracts';
import { AuditLogRuntime } from '../src/adapters/kafka/audit-log.runtime';
import { checkpointMessage } from '../src/domain/checkpoint';
import { auditDatabase, countRecords, deleteRunTopics, runOverrides, runTopics, serviceEnv, startAuditLog, waitFor } from './support';

const BSN_A = '123456782';
const BSN_B = '111222333';
const BSN_C = '999990019';
const BLOEMENDAAL: query.OrganisationRef = { id: '4f1c2a52-0000-4000-8000-000000000377', cbsCode: 'GM0377', oin: '00000099000000000377', name: 'Bloemendaal' };
const at = (h: number, m = 0) => Date.UTC(2026, 10, 16, h, m);

describe('audit-log service (Kafka -> hash chains -> HTTP)', () => {
  const t = runTopics();
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let app: INestApplication;
  let producer: KafkaPlatform;
  let auth: TestAuth;
  let events: query.AttributedQuery[];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await auditDatabase('audit_api_test');
    auth = await testAuth();
    producer = await KafkaPlatform.connect({ clientId: `audit-test-producer-${t.run}`, ...testKafka(), requireTopics: false });
    await producer.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic]);
    // Haarlem workers act for Haarlem and (in the collaboration) for Zandvoort; a Bloemendaal worker for Bloemendaal.
    events = [
      attributedQuery({ bsn: BSN_A, actingFor: HAARLEM, collaborationId: null, occurredAt: at(9), product: 'brp-persoon' }),
      attributedQuery({ bsn: BSN_A, actingFor: ZANDVOORT, occurredAt: at(10), product: 'uwv-inkomen' }),
      attributedQuery({ bsn: BSN_A, actingFor: ZANDVOORT, occurredAt: at(11), product: 'brp-persoon', worker: { userId: 'user-haarlem-2', homeMunicipality: HAARLEM } }),
      attributedQuery({ bsn: BSN_B, actingFor: HAARLEM, collaborationId: null, occurredAt: at(12), product: 'overzicht-inkomen' }),
      attributedQuery({ bsn: BSN_B, actingFor: ZANDVOORT, occurredAt: at(13), product: 'brp-persoon', outcome: 'DENIED', decision: { decisionId: 'd-deny', result: 'DENY', reasonCode: 'NOT_ON_WHITELIST', rulesVersion: 'rules-1' }, whitelist: { outcome: 'ABORTED', escapeReason: null } }),
      attributedQuery({ bsn: BSN_A, actingFor: BLOEMENDAAL, collaborationId: null, occurredAt: at(14), worker: { userId: 'user-bloemendaal-1', homeMunicipality: BLOEMENDAAL } }),
      attributedQuery({ actingFor: HAARLEM, collaborationId: null, occurredAt: at(15), searchKeyType: 'LICENCE_PLATE', dataSubject: null, product: 'rdw-voertuigen' }),
    ];
    // Each with the time the gateway would have published it: consumers park events far from their record's time.
    await Promise.all(events.map((e) => producer.producerFor(t.topic).send(e, { timestamp: e.completedAt })));
    const env = serviceEnv({ databaseUrl: db.writerUrl, jwks: auth.jwksJson });
    app = await startAuditLog(env, runOverrides(t, `audit-test-${t.run}`));
    await waitFor(async () => (await countRecords(db.ownerUrl)) === events.length, 'every event stored');
    tokens.soBkwi = await auth.token({ userId: 'so-bkwi', homeMunicipalityId: 'bkwi', roles: ['SECURITY_OFFICER'] });
    tokens.mpHaarlem = await auth.token({ userId: 'mp-haarlem', homeMunicipalityId: HAARLEM.id, roles: ['MANDATED_PERSON'] });
    tokens.mpZandvoort = await auth.token({ userId: 'mp-zandvoort', homeMunicipalityId: ZANDVOORT.id, roles: ['MANDATED_PERSON'] });
    tokens.worker1 = await auth.token({ userId: 'user-haarlem-1', homeMunicipalityId: HAARLEM.id, roles: ['WORKER'] });
    tokens.admin = await auth.token({ userId: 'admin-haarlem', homeMunicipalityId: HAARLEM.id, roles: ['USER_ADMINISTRATOR'] });
  });

  afterAll(async () => {
    await app?.close();
    if (producer) await deleteRunTopics(producer, t.run);
    await producer?.close();
    await db?.drop();
  });

  const get = (path: string, token?: string) => {
    const r = request(app.getHttpServer()).get(path);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  const post = (path: string, body: object, token?: string) => {
    const r = request(app.getHttpServer()).post(path).send(body);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  const traces = (res: request.Response) => (res.body.records as Array<{ trace_id: string }>).map((r) => r.trace_id);
  const traceIdsOf = (pred: (e: query.AttributedQuery) => boolean) => events.filter(pred).map((e) => e.traceId);

  it('needs a token on every audit endpoint', async () => {
    for (const path of ['/audit/records', `/audit/workers/x/records`, `/audit/traces/${'a'.repeat(32)}`, '/audit/export', '/audit/checkpoints', '/audit/checkpoint-key']) {
      const res = await get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 401, code: 'TOKEN_MISSING' });
    }
    expect((await post('/audit/data-subject/records', { bsn: BSN_A })).status).toBe(401);
    expect((await get('/health/live')).status).toBe(200);
  });

  describe('a municipality sees only the queries made under its own identity', () => {
    it('Haarlem reads its own log for a period', async () => {
      const res = await get(`/audit/records?municipalityId=${HAARLEM.id}&from=2026-11-16&to=2026-11-17`, tokens.mpHaarlem);
      expect(res.status).toBe(200);
      expect(traces(res)).toEqual(traceIdsOf((e) => e.actingFor.id === HAARLEM.id));
      expect(res.body.records[0].audit.acting_for).toEqual({ id: HAARLEM.id, cbs_code: 'GM0392', oin: HAARLEM.oin, name: 'Haarlem' });
    });

    it('Haarlem cannot read Zandvoort\'s log, even though Haarlem workers made those queries', async () => {
      const res = await get(`/audit/records?municipalityId=${ZANDVOORT.id}`, tokens.mpHaarlem);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ code: 'OTHER_MUNICIPALITY', message: expect.stringContaining('own municipality') });
      const exp = await get(`/audit/export?municipalityId=${ZANDVOORT.id}`, tokens.mpHaarlem);
      expect(exp.status).toBe(403);
    });

    it('Zandvoort sees the queries made for it, by Haarlem workers too', async () => {
      const res = await get(`/audit/records`, tokens.mpZandvoort);
      expect(traces(res)).toEqual(traceIdsOf((e) => e.actingFor.id === ZANDVOORT.id));
    });

    it('a security officer sees every municipality', async () => {
      const res = await get(`/audit/records?from=2026-11-16T00:00:00Z&to=2026-11-17T00:00:00Z`, tokens.soBkwi);
      expect(traces(res)).toEqual(events.map((e) => e.traceId));
    });

    it('pages with a cursor, in time order', async () => {
      const first = await get(`/audit/records?limit=4`, tokens.soBkwi);
      expect(first.body.records).toHaveLength(4);
      const second = await get(`/audit/records?limit=4&cursor=${first.body.nextCursor}`, tokens.soBkwi);
      expect(second.body.nextCursor).toBeNull();
      expect([...traces(first), ...traces(second)]).toEqual(events.map((e) => e.traceId));
    });

    it('refuses a worker and a user administrator the municipality log, with a code', async () => {
      for (const token of [tokens.worker1, tokens.admin]) {
        const res = await get(`/audit/records?municipalityId=${HAARLEM.id}`, token);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('AUDIT_ROLE_REQUIRED');
      }
    });

    it('refuses a malformed period with 400 INVALID_PERIOD', async () => {
      const res = await get(`/audit/records?from=yesterday`, tokens.soBkwi);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_PERIOD');
    });
  });

  describe('per data subject (the citizen\'s right to see who looked)', () => {
    it('lists exactly the queries about that BSN, with the organisations, times and products', async () => {
      const res = await post('/audit/data-subject/records', { bsn: BSN_A }, tokens.soBkwi);
      expect(res.status).toBe(200);
      expect(traces(res)).toEqual(traceIdsOf((e) => e.dataSubject?.pseudonym === events[0].dataSubject!.pseudonym));
      expect(res.body.records).toHaveLength(4);
      expect(res.body.organisations).toEqual([
        { organisation: HAARLEM, queries: 1, first: '2026-11-16T09:00:00.000Z', last: '2026-11-16T09:00:00.000Z', products: ['brp-persoon'] },
        { organisation: ZANDVOORT, queries: 2, first: '2026-11-16T10:00:00.000Z', last: '2026-11-16T11:00:00.000Z', products: ['brp-persoon', 'uwv-inkomen'] },
        { organisation: BLOEMENDAAL, queries: 1, first: '2026-11-16T14:00:00.000Z', last: '2026-11-16T14:00:00.000Z', products: ['brp-persoon'] },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(BSN_A);
    });

    it('lists a BSN nobody queried as empty', async () => {
      const res = await post('/audit/data-subject/records', { bsn: BSN_C }, tokens.soBkwi);
      expect(res.body).toEqual({ organisations: [], records: [], nextCursor: null });
    });

    it('shows a municipality only its own queries about the BSN', async () => {
      const res = await post('/audit/data-subject/records', { bsn: BSN_B }, tokens.mpZandvoort);
      expect(traces(res)).toEqual([events[4].traceId]);
      expect(res.body.records[0]).toMatchObject({ status_code: 'STATUS_CODE_ERROR', audit: { outcome: 'DENIED', whitelist: { outcome: 'ABORTED' }, decision: { result: 'DENY', reason_code: 'NOT_ON_WHITELIST' } } });
    });

    it('refuses something that is not a BSN, and a worker', async () => {
      const bad = await post('/audit/data-subject/records', { bsn: '123456789' }, tokens.soBkwi);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('INVALID_BSN');
      expect(JSON.stringify(bad.body)).not.toContain('123456789');
      const worker = await post('/audit/data-subject/records', { bsn: BSN_A }, tokens.worker1);
      expect(worker.status).toBe(403);
    });
  });

  describe('by worker and by trace', () => {
    it('a worker lists their own queries, not a colleague\'s', async () => {
      const own = await get('/audit/workers/user-haarlem-1/records', tokens.worker1);
      expect(traces(own)).toEqual(traceIdsOf((e) => e.worker.userId === 'user-haarlem-1'));
      const other = await get('/audit/workers/user-haarlem-2/records', tokens.worker1);
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('OTHER_WORKER');
    });

    it('a mandated person sees a worker\'s queries made for their municipality only', async () => {
      const res = await get('/audit/workers/user-haarlem-1/records', tokens.mpZandvoort);
      expect(traces(res)).toEqual(traceIdsOf((e) => e.worker.userId === 'user-haarlem-1' && e.actingFor.id === ZANDVOORT.id));
    });

    it('finds a query by its trace id, within what the caller may see', async () => {
      const e = events[1];
      const so = await get(`/audit/traces/${e.traceId}`, tokens.soBkwi);
      expect(so.body.records).toHaveLength(1);
      expect(so.body.records[0]).toMatchObject({ trace_id: e.traceId, span_id: e.spanId, audit: { event_id: e.eventId, worker: { user_id: 'user-haarlem-1' } } });
      expect((await get(`/audit/traces/${e.traceId}`, tokens.mpZandvoort)).status).toBe(200);
      const hidden = await get(`/audit/traces/${e.traceId}`, tokens.mpHaarlem);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('TRACE_NOT_FOUND');
    });
  });

  describe('export', () => {
    it('streams a period as JSON lines in the Logboek Dataverwerkingen shape: a line per query and per source call it made', async () => {
      const res = await get(`/audit/export?municipalityId=${ZANDVOORT.id}&from=2026-11-16&to=2026-11-17`, tokens.mpZandvoort);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
      const zandvoort = events.filter((e) => e.actingFor.id === ZANDVOORT.id);
      expect(lines.filter((l) => l.parent_span_id === null).map((l) => l.trace_id)).toEqual(zandvoort.map((e) => e.traceId));
      expect(lines).toHaveLength(zandvoort.reduce((n, e) => n + 1 + e.sources.filter((c) => c.outcome !== 'NOT_CALLED').length, 0));
      expect(lines[0]).toEqual({
        trace_id: events[1].traceId,
        span_id: events[1].spanId,
        parent_span_id: null,
        name: 'inkijk.bevraging.uwv-inkomen',
        start_time: '2026-11-16T10:00:00.000Z',
        end_time: '2026-11-16T10:00:00.120Z',
        status_code: 'STATUS_CODE_OK',
        resource: { name: 'inkijk' },
        attributes: {
          'dpl.core.processing_activity_id': 'inkijk-participatiewet-bevraging',
          'dpl.core.data_subject_id': events[1].dataSubject!.pseudonym,
          'dpl.core.data_subject_id_type': 'BSN',
        },
      });
      expect(lines[1]).toMatchObject({ trace_id: events[1].traceId, parent_span_id: events[1].spanId, name: 'inkijk.bronbevraging.brp' });
      expect(res.text).not.toContain('user-haarlem');
    });

    it('adds the audit part on request, a line of its own linked by the trace id', async () => {
      const res = await get(`/audit/export?audit=true`, tokens.soBkwi);
      const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
      const audits = lines.filter((l) => l.audit);
      expect(audits.map((l) => l.audit.trace_id)).toEqual(events.map((e) => e.traceId));
      const pages = new Set(lines.filter((l) => !l.audit && l.parent_span_id === null).map((l) => l.trace_id));
      for (const l of audits) expect(pages.has(l.audit.trace_id)).toBe(true);
      for (const l of lines.filter((x) => !x.audit)) expect(JSON.stringify(l)).not.toContain('user_id');
    });
  });

  describe('verification and checkpoints', () => {
    it('lets a security officer verify every chain', async () => {
      const res = await post('/audit/verify', {}, tokens.soBkwi);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, checkedRecords: events.length, chains: 3, firstBroken: null });
      expect((await post('/audit/verify', {}, tokens.mpHaarlem)).status).toBe(403);
    });

    it('signs, stores and publishes a checkpoint per chain, verifiable with the served public key', async () => {
      const runtime = app.get(AuditLogRuntime);
      const written = await runtime.checkpointWriter!.writeDue();
      expect(written.map((c) => [c.chain, c.headSequence]).sort()).toEqual(
        [[HAARLEM.id, 3], [ZANDVOORT.id, 3], [BLOEMENDAAL.id, 1]].sort(),
      );
      const key = await get('/audit/checkpoint-key', tokens.worker1);
      expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: written[0].keyId });
      const publicKey = createPublicKey({ key: Buffer.from(key.body.publicKeySpkiBase64, 'base64'), format: 'der', type: 'spki' });

      const listed = await get('/audit/checkpoints', tokens.soBkwi);
      expect(listed.body.checkpoints).toHaveLength(3);

      // Published on the checkpoint topic through the outbox: an outside verifier keeps these.
      const codec = codecFor(t.checkpointTopic);
      const consumer = producer.kafka.consumer({ groupId: `reader-${t.run}` });
      const seen: ReturnType<typeof codec.decode>[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: t.checkpointTopic.name, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(codec.decode(message.value)) });
      await waitFor(async () => seen.length >= 3, 'checkpoints on the topic', 20_000);
      await consumer.disconnect();
      for (const c of seen) expect(verify(null, checkpointMessage(c), publicKey, c.signature)).toBe(true);

      // The kept checkpoints, given back to the verifier, hold.
      const kept = seen.map((c) => ({ ...c, signature: c.signature.toString('base64') }));
      const res = await post('/audit/verify', { checkpoints: kept, useStoredCheckpoints: false }, tokens.soBkwi);
      expect(res.body).toMatchObject({ ok: true, checkpointsChecked: 3 });
      const forged = await post('/audit/verify', { checkpoints: [{ ...kept[0], headSequence: 2 }], useStoredCheckpoints: false }, tokens.soBkwi);
      expect(forged.body.firstBroken).toMatchObject({ reason: 'CHECKPOINT_SIGNATURE_INVALID' });
    });
  });
});
