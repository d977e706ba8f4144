/**
 * The completeness check on the real broker and database: attributed queries on a topic of
 * this run are consumed into the log and indexed by the completeness consumer; the check finds
 * a record deleted from the log (triggers off, as a superuser) and a record the audit consumer
 * parked, by event id, municipality and Amsterdam day, while the chains still verify for the
 * parked one; the metric shows the gap; each check over HTTP is recorded as a read of the log.
 */
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { audit, query, topics } from '@inkijk/contracts';
import { codecFor, KafkaPlatform, prometheusText } from '@inkijk/platform';
import { attributedQuery, HAARLEM, testAuth, TestAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { AuditLogRuntime } from '../src/adapters/kafka/audit-log.runtime';
import { CompletenessCheck } from '../src/app/completeness';
import { auditDatabase, countRecords, deleteRunTopics, runOverrides, runTopics, serviceEnv, startAuditLog, waitFor } from './support';

// 23:30 UTC on 16 November is 00:30 on 17 November in Amsterdam.
const at = (day: number, h: number, m = 0) => Date.UTC(2026, 10, day, h, m);

describe('completeness check (topic against the audit log)', () => {
  const t = runTopics(undefined, 3);
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let app: INestApplication;
  let platform: KafkaPlatform;
  let auth: TestAuth;
  const events: query.AttributedQuery[] = [];
  const tokens: Record<string, string> = {};
  const so = `so-${t.run}`;

  beforeAll(async () => {
    db = await auditDatabase('audit_completeness_test');
    auth = await testAuth();
    platform = await KafkaPlatform.connect({ clientId: `audit-completeness-${t.run}`, ...testKafka(), requireTopics: false });
    await platform.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic, t.activityTopic, t.decisionTopic]);
    for (let i = 0; i < 30; i++) {
      events.push(attributedQuery({ actingFor: i % 3 === 0 ? ZANDVOORT : HAARLEM, occurredAt: i < 20 ? at(16, 10, i) : at(16, 23, i) }));
    }
    await Promise.all(events.map((e) => platform.producerFor(t.topic).send(e, { timestamp: e.completedAt })));
    app = await startAuditLog(serviceEnv({ databaseUrl: db.writerUrl, jwks: auth.jwksJson }), runOverrides(t, `audit-completeness-${t.run}`));
    await waitFor(async () => (await countRecords(db.ownerUrl)) === events.length, 'every event stored');
    tokens.so = await auth.token({ userId: so, homeMunicipalityId: 'bkwi', roles: ['SECURITY_OFFICER'] });
    tokens.mpZandvoort = await auth.token({ userId: `mp-${t.run}`, homeMunicipalityId: ZANDVOORT.id, roles: ['MANDATED_PERSON'] });
    tokens.worker = await auth.token({ userId: 'w-1', homeMunicipalityId: HAARLEM.id, roles: ['WORKER'] });
  });

  afterAll(async () => {
    await app?.close();
    if (platform) await deleteRunTopics(platform, t.run);
    await platform?.close();
    await db?.drop();
  });

  const get = (path: string, token: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);
  type Day = { municipalityId: string; day: string; onTopic: number; inAuditLog: number; missing: string[]; extra: string[] };
  const day = (body: { municipalities: Day[] }, municipalityId: string, d: string) => body.municipalities.find((m) => m.municipalityId === municipalityId && m.day === d);

  /** Waits until the audit consumer group has committed every record (nothing in flight). */
  const committedAll = () => waitFor(async () => (await get('/audit/completeness', tokens.so)).body.topic?.lag === 0, 'the audit group committed everything');

  it('reports complete with per municipality and Amsterdam day what is on the topic and in the log', async () => {
    await committedAll();
    const res = await get('/audit/completeness', tokens.so);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ complete: true, missingTotal: 0, extraTotal: 0, topic: { name: t.topic.name, consumerGroup: t.groupId, lag: 0, unreadable: 0 } });
    expect(res.body.topic.partitions).toHaveLength(3);
    expect(res.body.topic.partitions.reduce((n: number, p: { committedOffset: number }) => n + p.committedOffset, 0)).toBe(30);
    // Events 0..19 at 10:xx UTC (16 Nov in Amsterdam), 20..29 at 23:xx UTC (17 Nov in Amsterdam).
    expect(day(res.body, HAARLEM.id, '2026-11-16')).toMatchObject({ onTopic: 13, inAuditLog: 13, missing: [], extra: [] });
    expect(day(res.body, ZANDVOORT.id, '2026-11-16')).toMatchObject({ onTopic: 7, inAuditLog: 7 });
    expect(day(res.body, HAARLEM.id, '2026-11-17')).toMatchObject({ onTopic: 7, inAuditLog: 7 });
    expect(day(res.body, ZANDVOORT.id, '2026-11-17')).toMatchObject({ onTopic: 3, inAuditLog: 3 });
  });

  it('names a record deleted from the log by its event id, municipality and day; the metric shows it', async () => {
    const gone = events[22]; // Haarlem, 17 November in Amsterdam
    const owner = new Pool({ connectionString: db.ownerUrl, max: 1 });
    const c = await owner.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      expect((await c.query('DELETE FROM audit_record WHERE event_id = $1', [gone.eventId])).rowCount).toBe(1);
      await c.query('COMMIT');
    } finally {
      c.release();
      await owner.end();
    }
    const res = await get('/audit/completeness', tokens.so);
    expect(res.body).toMatchObject({ complete: false, missingTotal: 1, extraTotal: 0 });
    expect(day(res.body, HAARLEM.id, '2026-11-17')).toMatchObject({ onTopic: 7, inAuditLog: 6, missingCount: 1, missing: [gone.eventId] });
    expect(res.body.municipalities.filter((m: Day) => m.missing.length > 0)).toHaveLength(1);
    // A period without that day is complete.
    expect((await get('/audit/completeness?from=2026-11-16&to=2026-11-17', tokens.so)).body).toMatchObject({ complete: true, period: { from: '2026-11-15T23:00:00.000Z', to: '2026-11-16T23:00:00.000Z' } });

    await app.get(CompletenessCheck).checkAndMeasure();
    const metrics = await prometheusText();
    expect(metrics).toMatch(/^inkijk_audit_completeness_missing 1$/m);
    expect(metrics).toMatch(/^inkijk_audit_completeness_checked_at_seconds [1-9]\d{9}$/m);
  });

  it('names a record the audit consumer parked (never appended, so its chain verifies)', async () => {
    // A valid record whose time is far from its record timestamp: the audit consumer parks it (INVALID_CONTENT).
    const parked = attributedQuery({ actingFor: ZANDVOORT, occurredAt: at(16, 12) });
    await platform.producerFor(t.topic).send(parked, { timestamp: parked.completedAt + 2 * 86_400_000 });
    await waitFor(async () => app.get(AuditLogRuntime).consumerStats.parked === 1, 'the record parked');
    await committedAll();
    const res = await get('/audit/completeness', tokens.so);
    expect(res.body).toMatchObject({ complete: false, missingTotal: 2 });
    expect(day(res.body, ZANDVOORT.id, '2026-11-16')).toMatchObject({ onTopic: 8, inAuditLog: 7, missing: [parked.eventId] });
    const verify = await request(app.getHttpServer()).post('/audit/verify').set('Authorization', `Bearer ${tokens.so}`).send({});
    // Zandvoort's chain verifies: the parked record was never appended (only the deletion above breaks a chain, Haarlem's).
    expect(verify.status).toBe(200);
    expect(verify.body.checkedRecords).toBe(29);
    expect((verify.body.broken as Array<{ chain: string }>).map((b) => b.chain)).not.toContain(ZANDVOORT.id);
  });

  it('gives a mandated person the own municipality only; refuses another and workers with {code, message}', async () => {
    const own = await get('/audit/completeness', tokens.mpZandvoort);
    expect(own.status).toBe(200);
    expect(own.body.municipalityId).toBe(ZANDVOORT.id);
    expect(new Set(own.body.municipalities.map((m: Day) => m.municipalityId))).toEqual(new Set([ZANDVOORT.id]));
    const other = await get(`/audit/completeness?municipalityId=${HAARLEM.id}`, tokens.mpZandvoort);
    expect([other.status, other.body.code]).toEqual([403, 'OTHER_MUNICIPALITY']);
    const worker = await get('/audit/completeness', tokens.worker);
    expect([worker.status, worker.body.code]).toEqual([403, 'AUDIT_ROLE_REQUIRED']);
    const bad = await get('/audit/completeness?from=16-11-2026', tokens.so);
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_PERIOD']);
  });

  it('records each check as a read of the log (AUDIT_SEARCHED, query COMPLETENESS, with its outcome)', async () => {
    const codec = codecFor(topics.activity);
    const consumer = platform.kafka.consumer({ groupId: `audit-completeness-reader-${t.run}` });
    const found: audit.ActivityEvent[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topics.activity.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const e = codec.decode(message.value);
        if (e.actor.userId === so && e.details?.query === 'COMPLETENESS') found.push(e);
      },
    });
    try {
      await waitFor(async () => found.some((e) => e.details?.complete === 'false'), 'a recorded check', 20_000);
    } finally {
      await consumer.disconnect();
    }
    expect(found.find((e) => e.details?.complete === 'false')).toMatchObject({ action: 'AUDIT_SEARCHED', outcome: 'SUCCEEDED', service: 'audit-log', object: { type: 'AUDIT_LOG' } });
  });
});
