/**
 * The reports' completeness check on the real broker and database: attributed queries on a
 * topic of this run are counted and indexed; a count lost from an aggregate row and a record the
 * reporting consumer parked are found per organisation and Amsterdam month; the metric shows it.
 */
process.env.LOG_LEVEL ??= 'warn';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { audit, query, topics } from '@inkijk/contracts';
import { codecFor, createHttpApp, KafkaPlatform, prometheusText } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { attributedQuery, deleteTopicsStartingWith, HAARLEM, kafkaEnvOf, testAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { SupplierReportingModule } from '../src/app.module';
import { ReportingCompletenessCheck } from '../src/app/completeness';
import { loadSupplierReportingConfig } from '../src/config';
import { reportingTopicsOf } from './run-topics';

const run = randomUUID().slice(0, 8);
const TOPICS = reportingTopicsOf(run, 'completeness');
const GROUPS = { attributedQueries: `test-${run}-completeness-queries`, activity: `test-${run}-completeness-activity` };
// 30 November 23:30 UTC is 1 December 00:30 in Amsterdam.
const at = (day: number, h: number, m = 0) => Date.UTC(2026, 10, day, h, m);

let app: INestApplication;
let platform: KafkaPlatform;
let pool: Pool;
let drop: () => Promise<void>;
const tokens: Record<string, string> = {};
const events: query.AttributedQuery[] = [];

const processed = async () => (await pool.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1', [GROUPS.attributedQueries])).rows[0].n as number;
async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const get = (p: string, token: string) => request(app.getHttpServer()).get(p).set('Authorization', `Bearer ${token}`);
type Month = { municipalityId: string; month: string; onTopic: number; inReports: number; difference: number; missing: string[] };
const month = (body: { municipalities: Month[] }, m: string, mm: string) => body.municipalities.find((x) => x.municipalityId === m && x.month === mm);
const caughtUp = () => waitFor(async () => (await get('/reports/completeness', tokens.officer)).body.topic?.lag === 0, 'the group committed everything');

beforeAll(async () => {
  const auth = await testAuth();
  tokens.officer = await auth.token({ userId: 'officer-1', homeMunicipalityId: '4f1c2a52-0000-4000-8000-0000000b4b01', roles: ['SECURITY_OFFICER'] });
  tokens.mandated = await auth.token({ userId: 'mp-1', homeMunicipalityId: HAARLEM.id, roles: ['MANDATED_PERSON'] });
  platform = await KafkaPlatform.connect({ clientId: `reporting-completeness-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([TOPICS.attributedQueries, TOPICS.activity, TOPICS.customerUsage, ...Object.values(TOPICS.supplierUsage), ...Object.values(TOPICS.protocol), topics.deadLetters]);
  for (let i = 0; i < 12; i++) events.push(attributedQuery({ actingFor: i % 3 === 0 ? ZANDVOORT : HAARLEM, occurredAt: i < 8 ? at(20, 10, i) : at(30, 23, 30 + i) }));
  await Promise.all(events.map((e) => platform.producerFor(TOPICS.attributedQueries).send(e, { timestamp: e.completedAt })));
  const db = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: 'reporting_completeness_test' });
  drop = () => db.drop();
  pool = new Pool({ connectionString: db.url, max: 2 });
  const config = loadSupplierReportingConfig({ DATABASE_URL: db.url, ...kafkaEnvOf(), KAFKA_CLIENT_ID: `reporting-completeness-${run}`, AUTH_JWKS: auth.jwksJson, REPORT_SCHEDULER_INTERVAL_MS: '0', REPORT_COMPLETENESS_INTERVAL_MS: '0', LOG_LEVEL: 'warn' });
  app = await createHttpApp(SupplierReportingModule.forConfig(config, { topics: TOPICS, groups: GROUPS }), { service: 'supplier-reporting-completeness' });
  await app.init();
  await waitFor(async () => (await processed()) === events.length, 'every event counted');
}, 120_000);

afterAll(async () => {
  await app?.close().catch(() => undefined);
  await pool?.end().catch(() => undefined);
  await drop?.().catch(() => undefined);
  if (platform) {
    await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
    await platform.close();
  }
}, 60_000);

describe('reporting completeness (topic against the aggregates)', () => {
  it('reports complete with per organisation and Amsterdam month the events on the topic and in the reports', async () => {
    await caughtUp();
    const res = await get('/reports/completeness', tokens.officer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ complete: true, missingTotal: 0, topic: { name: TOPICS.attributedQueries.name, consumerGroup: GROUPS.attributedQueries, lag: 0, unreadable: 0 } });
    // 0..7 on 20 November; 8..11 on 1 December in Amsterdam. Zandvoort: 0, 3, 6, 9.
    expect(month(res.body, HAARLEM.id, '2026-11')).toMatchObject({ onTopic: 5, inReports: 5, difference: 0 });
    expect(month(res.body, ZANDVOORT.id, '2026-11')).toMatchObject({ onTopic: 3, inReports: 3 });
    expect(month(res.body, HAARLEM.id, '2026-12')).toMatchObject({ onTopic: 3, inReports: 3 });
    expect(month(res.body, ZANDVOORT.id, '2026-12')).toMatchObject({ onTopic: 1, inReports: 1 });
  });

  it('finds a count lost from an aggregate row (difference -1) and shows it in the metric', async () => {
    const changed = await pool.query("UPDATE query_usage SET queries = queries - 1 WHERE ctid = (SELECT ctid FROM query_usage WHERE organisation_id = $1 AND month = '2026-12' LIMIT 1)", [HAARLEM.id]);
    expect(changed.rowCount).toBe(1);
    const res = await get('/reports/completeness', tokens.officer);
    expect(res.body).toMatchObject({ complete: false, missingTotal: 1 });
    expect(month(res.body, HAARLEM.id, '2026-12')).toMatchObject({ onTopic: 3, inReports: 2, difference: -1, missing: [] });
    expect((await get('/reports/completeness?from=2026-11&to=2026-11', tokens.officer)).body).toMatchObject({ complete: true, period: { from: '2026-11', to: '2026-11' } });
    await app.get(ReportingCompletenessCheck).checkAndMeasure();
    expect(await prometheusText()).toMatch(/^inkijk_reporting_completeness_missing 1$/m);
  });

  it('names a record the reporting consumer parked', async () => {
    const parked = attributedQuery({ actingFor: ZANDVOORT, occurredAt: at(20, 12) });
    await platform.producerFor(TOPICS.attributedQueries).send(parked, { timestamp: parked.completedAt + 2 * 86_400_000 });
    await caughtUp();
    const res = await get(`/reports/completeness?municipalityId=${ZANDVOORT.id}`, tokens.officer);
    expect(res.body).toMatchObject({ complete: false, missingTotal: 1, municipalityId: ZANDVOORT.id });
    expect(res.body.municipalities).toEqual([
      expect.objectContaining({ month: '2026-11', onTopic: 4, inReports: 3, difference: -1, missing: [parked.eventId] }),
      expect.objectContaining({ month: '2026-12', onTopic: 1, inReports: 1, missing: [] }),
    ]);
  });

  it('is for the security officer only, and refuses bad input with {code, message}', async () => {
    const mp = await get('/reports/completeness', tokens.mandated);
    expect([mp.status, mp.body.code]).toEqual([403, 'COMPLETENESS_FORBIDDEN']);
    const bad = await get('/reports/completeness?from=2026-13', tokens.officer);
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_MONTH']);
    const reversed = await get('/reports/completeness?from=2026-12&to=2026-11', tokens.officer);
    expect([reversed.status, reversed.body.code]).toEqual([400, 'INVALID_MONTH']);
  });

  it('records each check as an action (the officer as actor, the outcome in the details) and a refusal too', async () => {
    const codec = codecFor(TOPICS.activity);
    const consumer = platform.kafka.consumer({ groupId: `reporting-completeness-reader-${run}` });
    const found: audit.ActivityEvent[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.activity.name, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void found.push(codec.decode(message.value)) });
    try {
      await waitFor(async () => found.some((e) => e.details?.kind === 'completeness' && e.outcome === 'REFUSED') && found.some((e) => e.details?.complete === 'false'), 'the recorded checks', 20_000);
    } finally {
      await consumer.disconnect();
    }
    expect(found.find((e) => e.details?.complete === 'false')).toMatchObject({ service: 'supplier-reporting', action: 'OTHER', outcome: 'SUCCEEDED', object: { type: 'REPORT', id: 'completeness' }, actor: { userId: 'officer-1' } });
    expect(found.find((e) => e.details?.kind === 'completeness' && e.outcome === 'REFUSED')).toMatchObject({ reasonCode: 'COMPLETENESS_FORBIDDEN', actor: { userId: 'mp-1' } });
  });
});
