/**
 * Content checks on the real broker and database: attributed queries and actions that fit their
 * Avro schemas but are impossible (municipality "ehs", product "kAKnpe", a time of 1970 on a
 * record produced today, an event id that is no UUID, a refusal without its code, a BSN in the
 * details) are parked on the dead-letter topic with reason INVALID_CONTENT and count in no
 * report; the plausible query and account-management action beside them count once each.
 */
process.env.LOG_LEVEL ??= 'warn';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { audit, platformContract, query, reporting, topics, TopicSpec } from '@inkijk/contracts';
import { codecFor, createHttpApp, KafkaPlatform } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { attributedQuery, HAARLEM, kafkaEnvOf, testAuth, testKafka, ZANDVOORT, deleteTopicsStartingWith } from '@inkijk/testing';
import { SupplierReportingModule } from '../src/app.module';
import { ReportingTopics } from '../src/adapters/kafka/reporting-topics';
import { loadSupplierReportingConfig } from '../src/config';
import { reportingTopicsOf } from './run-topics';

const run = randomUUID().slice(0, 8);
const TOPICS: ReportingTopics = reportingTopicsOf(run, 'content');
const GROUPS = { attributedQueries: `test-${run}-content-queries`, activity: `test-${run}-content-activity` };
const BKWI_ID = '4f1c2a52-0000-4000-8000-0000000b4b01';
const JAN_15_1970 = Date.UTC(1970, 0, 15, 10);

/** A query for Zandvoort as the gateway publishes it now. */
const queryNow = (over: Partial<query.AttributedQuery> = {}): query.AttributedQuery => {
  const now = Date.now();
  return attributedQuery({ occurredAt: now - 300, completedAt: now - 100, ...over });
};
/** An account-management action for Haarlem as registration publishes it now. */
const accountActionNow = (over: Partial<audit.ActivityEvent> = {}): audit.ActivityEvent => ({
  eventId: randomUUID(), occurredAt: Date.now(), traceId: randomUUID().replace(/-/g, ''), spanId: randomUUID().replace(/-/g, '').slice(0, 16), service: 'registration',
  actor: { userId: 'admin-haarlem', homeOrganisationId: HAARLEM.id, roles: ['USER_ADMINISTRATOR'] }, actingForId: HAARLEM.id, action: 'USER_CREATED',
  object: { type: 'USER', id: `user-${randomUUID().slice(0, 8)}` }, outcome: 'SUCCEEDED', reasonCode: null, subjectPseudonym: null, details: {}, ...over,
});

const plausibleQuery = queryNow();
const plausibleAction = accountActionNow();
const garbageQueries = [
  queryNow({ actingFor: { ...ZANDVOORT, cbsCode: 'ehs' }, product: 'kAKnpe', occurredAt: JAN_15_1970, completedAt: JAN_15_1970 + 200 }),
  queryNow({ actingFor: { ...ZANDVOORT, cbsCode: 'ehs' } }),
  queryNow({ product: 'kAKnpe' }),
  queryNow({ occurredAt: JAN_15_1970, completedAt: JAN_15_1970 + 200 }),
  queryNow({ whitelist: { outcome: 'ESCAPE', escapeReason: 'WANT_TO_KNOW' } }),
];
const garbageActions = [
  accountActionNow({ eventId: 'not-a-uuid' }),
  accountActionNow({ occurredAt: JAN_15_1970 }),
  accountActionNow({ actingForId: 'ehs' }),
  accountActionNow({ outcome: 'REFUSED' }),
  accountActionNow({ details: { note: 'bsn 999993653' } }),
];

let platform: KafkaPlatform;
let app: INestApplication;
let pool: Pool;
let drop: () => Promise<void>;
let officer: string;

const running = async (org: string) => {
  const res = await request(app.getHttpServer()).get(`/reports/generic/${org}/running`).set('Authorization', `Bearer ${officer}`);
  expect(res.status).toBe(200);
  return res.body as reporting.CustomerUsageReport;
};
const total = (r: reporting.CustomerUsageReport, f: (m: reporting.CustomerUsageReport['months'][number]) => number) => r.months.reduce((sum, m) => sum + f(m), 0);
const processed = async (group: string) => (await pool.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1', [group])).rows[0].n as number;

async function deadLetters(until: (letters: platformContract.DeadLetter[]) => boolean): Promise<platformContract.DeadLetter[]> {
  const consumer = platform.kafka.consumer({ groupId: `test-${run}-dead-letter-reader-${randomUUID()}` });
  const got: platformContract.DeadLetter[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: topics.deadLetters.name, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const d = codecFor(topics.deadLetters).decode(message.value);
      if (d.originTopic.startsWith(`inkijk.test-${run}.`)) got.push(d);
    },
  });
  const deadline = Date.now() + 30_000;
  while (!until(got) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await consumer.disconnect();
  return got;
}

beforeAll(async () => {
  const auth = await testAuth();
  officer = await auth.token({ userId: 'officer-1', homeMunicipalityId: BKWI_ID, roles: ['SECURITY_OFFICER'] });
  platform = await KafkaPlatform.connect({ clientId: `reporting-content-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([TOPICS.attributedQueries, TOPICS.activity, TOPICS.customerUsage, ...Object.values(TOPICS.supplierUsage), ...Object.values(TOPICS.protocol), topics.deadLetters]);
  // Produced now, as anyone who can reach the topics could: the record timestamps are today's.
  for (const q of [...garbageQueries, plausibleQuery]) await platform.producerFor(TOPICS.attributedQueries).send(q);
  for (const u of [...garbageActions, plausibleAction]) await platform.producerFor(TOPICS.activity).send(u);

  const db = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: 'reporting_content_test' });
  drop = () => db.drop();
  pool = new Pool({ connectionString: db.url, max: 2 });
  const config = loadSupplierReportingConfig({ DATABASE_URL: db.url, ...kafkaEnvOf(), KAFKA_CLIENT_ID: `reporting-content-${run}`, AUTH_JWKS: auth.jwksJson, REPORT_SCHEDULER_INTERVAL_MS: '0', LOG_LEVEL: 'warn' });
  app = await createHttpApp(SupplierReportingModule.forConfig(config, { topics: TOPICS, groups: GROUPS }), { service: 'supplier-reporting-content' });
  await app.init();
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

describe('reporting: impossible content counts in no report', () => {
  let letters: platformContract.DeadLetter[];

  beforeAll(async () => {
    letters = await deadLetters((l) => l.length >= garbageQueries.length + garbageActions.length);
    // The plausible records come with (or right after) the parked ones.
    const deadline = Date.now() + 30_000;
    while (((await processed(GROUPS.attributedQueries)) < 1 || (await processed(GROUPS.activity)) < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  }, 90_000);

  it('parks every impossible query and account action with reason INVALID_CONTENT, saying what is wrong', () => {
    // The reporting groups' letters (the misuse-signal groups read the same topics and park the same records: ADR 0021).
    const ofTopic = (t: TopicSpec<unknown>) => letters.filter((d) => d.originTopic === t.name && Object.values(GROUPS).includes(d.consumerGroup));
    expect(ofTopic(TOPICS.attributedQueries as TopicSpec<unknown>).map((d) => [codecFor(TOPICS.attributedQueries).decode(d.value!).eventId, d.reason]).sort())
      .toEqual(garbageQueries.map((q) => [q.eventId, 'INVALID_CONTENT']).sort());
    expect(ofTopic(TOPICS.activity as TopicSpec<unknown>).map((d) => [codecFor(TOPICS.activity).decode(d.value!).eventId, d.reason]).sort())
      .toEqual(garbageActions.map((u) => [u.eventId, 'INVALID_CONTENT']).sort());
    const errors = letters.map((d) => d.error).join('\n');
    for (const expected of ['actingFor.cbsCode "ehs" is not a municipality code', 'product "kAKnpe" is not an Inkijk product', 'occurredAt 1970-01-15T10:00:00.000Z lies too long before',
      'whitelist.escapeReason "WANT_TO_KNOW" is not on the escape list', 'eventId "not-a-uuid" is not a UUID', 'actingForId "ehs" is not a UUID',
      'a REFUSED action names no reasonCode', 'details.note holds what looks like a BSN']) {
      expect(errors).toContain(expected);
    }
  });

  it('processes only the plausible query and account-management action', async () => {
    expect(await processed(GROUPS.attributedQueries)).toBe(1);
    expect(await processed(GROUPS.activity)).toBe(1);
    const usage = (await pool.query('SELECT DISTINCT organisation_id, product FROM query_usage')).rows.map((r) => [r.organisation_id, r.product]);
    expect(usage).toEqual([[ZANDVOORT.id, 'brp-persoon']]);
    const actions = (await pool.query('SELECT organisation_id, sum(actions)::int AS n FROM activity_usage GROUP BY organisation_id')).rows.map((r) => [r.organisation_id, r.n]);
    expect(actions).toEqual([[HAARLEM.id, 1]]);
  });

  it("counts the plausible query once in Zandvoort's report, under a known product and supplier, and nothing of the rest", async () => {
    const z = await running(ZANDVOORT.id);
    expect(total(z, (m) => m.sourceQueries)).toBe(1);
    expect(z.months.flatMap((m) => Object.keys(m.byProduct))).toEqual(['brp-persoon']);
    expect(total(z, (m) => m.bySupplier.BRP ?? 0)).toBe(1);
    expect(z.months.flatMap((m) => Object.keys(m.escapes))).toEqual([]);
  });

  it("counts the plausible account-management action once in Haarlem's report", async () => {
    expect(total(await running(HAARLEM.id), (m) => m.accountManagementActions)).toBe(1);
  });
});
