/**
 * Actions in the reports, and downloads as actions (ADR 0018), on the real broker and database:
 * account-management actions and logins published on (a copy of) the activity topic show in the
 * generic and specific reports, a second delivery of the same events counts nothing, every
 * download leaves a REPORT_DOWNLOADED with the caller as actor on that topic, and when the topic
 * cannot be written a download answers 503 without the document.
 */
process.env.LOG_LEVEL ??= 'warn';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ConfigResourceTypes } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { audit, reporting, TopicSpec } from '@inkijk/contracts';
import { codecFor, createHttpApp, KafkaPlatform } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { deleteTopicsStartingWith, HAARLEM, kafkaEnvOf, testAuth, TestAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { SupplierReportingModule } from '../src/app.module';
import { ReportingTopics } from '../src/adapters/kafka/reporting-topics';
import { loadSupplierReportingConfig } from '../src/config';
import { reportingTopicsOf } from './run-topics';
import { BKWI_ID } from './scenario';

const run = randomUUID().slice(0, 8);
const TOPICS: ReportingTopics = reportingTopicsOf(run, 'activity');
const GROUPS = { attributedQueries: `test-${run}-activity-queries`, activity: `test-${run}-activity-activity` };
/** The service's clock: 22 November 2026, so the generic report of 2026-11 (May to October) can be built. */
const NOW = Date.parse('2026-11-22T11:00:00Z');

let n = 0;
/** An action for Haarlem in October 2026, as registration publishes it. */
function action(what: audit.ActivityAction, over: Partial<audit.ActivityEvent> = {}): audit.ActivityEvent {
  n++;
  return {
    eventId: randomUUID(),
    occurredAt: Date.parse('2026-10-12T08:00:00Z') + n * 60_000,
    traceId: randomUUID().replace(/-/g, ''),
    spanId: randomUUID().replace(/-/g, '').slice(0, 16),
    service: 'registration',
    actor: { userId: 'beheer-haarlem', homeOrganisationId: HAARLEM.id, roles: ['USER_ADMINISTRATOR'] },
    actingForId: HAARLEM.id,
    action: what,
    object: { type: 'USER', id: 'user-haarlem-1' },
    outcome: 'SUCCEEDED',
    reasonCode: null,
    subjectPseudonym: null,
    details: {},
    ...over,
  };
}
const session = (userId: string | null): Partial<audit.ActivityEvent> => ({
  actor: { userId, homeOrganisationId: userId ? HAARLEM.id : null, roles: userId ? ['WORKER'] : [] },
  object: { type: 'SESSION', id: null },
});

const EVENTS = [
  action('USER_CHANGED'),
  action('USER_CHANGED', { object: { type: 'USER', id: 'user-haarlem-2' } }),
  action('GRANT_APPROVED', { actor: { userId: 'tweede-beheer', homeOrganisationId: HAARLEM.id, roles: ['USER_ADMINISTRATOR'] }, object: { type: 'GRANT', id: 'grant-1' } }),
  action('LOGIN', session('user-haarlem-1')),
  action('LOGIN', { ...session('user-haarlem-2'), outcome: 'REFUSED', reasonCode: 'INVALID_CREDENTIALS' }),
  action('LOGIN', { ...session(null), outcome: 'REFUSED', reasonCode: 'INVALID_CREDENTIALS' }),
];

let auth: TestAuth;
let platform: KafkaPlatform;
let app: INestApplication;
let pool: Pool;
let drop: () => Promise<void>;
let officer: string;
let mandatedHaarlem: string;

const get = (url: string, token: string) => request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`);
const publishAt = (events: audit.ActivityEvent[]) => Promise.all(events.map((e) => platform.producerFor(TOPICS.activity).send(e, { timestamp: e.occurredAt })));
const processed = async (ids: string[]) =>
  (await pool.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1 AND event_id = ANY($2::text[])', [GROUPS.activity, ids])).rows[0].n as number;

async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The records on a topic, from the beginning, once `until` holds. */
async function readTopic<T>(topic: TopicSpec<T>, until: (records: T[]) => boolean): Promise<T[]> {
  const consumer = platform.kafka.consumer({ groupId: `test-${run}-reader-${randomUUID()}` });
  const got: T[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(codecFor(topic).decode(message.value)) });
  try {
    await waitFor(async () => until(got), `records on ${topic.name}`);
  } finally {
    await consumer.disconnect();
  }
  return got;
}

/** The largest record batch a topic accepts: below a record's size, the broker refuses every write to it while reads go on. */
async function setMaxMessageBytes(topic: string, value: number): Promise<void> {
  const admin = platform.kafka.admin();
  await admin.connect();
  try {
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: String(value) }] }] });
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  auth = await testAuth();
  officer = await auth.token({ userId: 'officer-1', homeMunicipalityId: BKWI_ID, roles: ['SECURITY_OFFICER'] });
  mandatedHaarlem = await auth.token({ userId: 'gemandateerde-haarlem', homeMunicipalityId: HAARLEM.id, roles: ['MANDATED_PERSON'] });
  platform = await KafkaPlatform.connect({ clientId: `reporting-activity-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([TOPICS.attributedQueries, TOPICS.activity, TOPICS.customerUsage, ...Object.values(TOPICS.supplierUsage), ...Object.values(TOPICS.protocol)]);
  await publishAt(EVENTS);

  const db = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: 'reporting_activity_test' });
  drop = () => db.drop();
  pool = new Pool({ connectionString: db.url, max: 2 });
  const config = loadSupplierReportingConfig({ DATABASE_URL: db.url, ...kafkaEnvOf(), KAFKA_CLIENT_ID: `reporting-activity-${run}`, AUTH_JWKS: auth.jwksJson, REPORT_SCHEDULER_INTERVAL_MS: '0', LOG_LEVEL: 'warn' });
  app = await createHttpApp(SupplierReportingModule.forConfig(config, { topics: TOPICS, groups: GROUPS, clock: { now: () => NOW } }), { service: 'supplier-reporting-activity' });
  await app.init();
  await waitFor(async () => (await processed(EVENTS.map((e) => e.eventId))) === EVENTS.length, 'every action to be consumed');
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

describe('actions in the reports', () => {
  it('counts the account-management actions (four-eyes approval included, logins not) in the generic report', async () => {
    const res = await get(`/reports/generic/${HAARLEM.id}/2026-11`, mandatedHaarlem);
    expect(res.status).toBe(200);
    const report = res.body as reporting.CustomerUsageReport;
    expect(report.months.map((m) => [m.month, m.accountManagementActions])).toEqual([
      ['2026-05', 0], ['2026-06', 0], ['2026-07', 0], ['2026-08', 0], ['2026-09', 0], ['2026-10', 3],
    ]);
    expect(report.generatedAt).toBe(EVENTS[2].occurredAt); // the newest account-management action, not a login, not the clock
  });

  it('lists logins per person, failed logins and those without an account, and the administrators in the specific report', async () => {
    const res = await get(`/reports/specific/${HAARLEM.id}/2026-11`, mandatedHaarlem);
    expect(res.status).toBe(200);
    expect(res.body.logins).toEqual([
      { userId: 'user-haarlem-1', logins: 1, failedLogins: 0, lockouts: 0, byMonth: { '2026-10': { logins: 1, failedLogins: 0, lockouts: 0 } } },
      { userId: 'user-haarlem-2', logins: 0, failedLogins: 1, lockouts: 0, byMonth: { '2026-10': { logins: 0, failedLogins: 1, lockouts: 0 } } },
    ]);
    expect(res.body.failedLoginsWithoutAccount).toEqual({ total: 1, byMonth: { '2026-10': 1 } });
    expect(res.body.topAdministrators).toEqual([
      { userId: 'beheer-haarlem', actions: 2, byMonth: { '2026-10': 2 } },
      { userId: 'tweede-beheer', actions: 1, byMonth: { '2026-10': 1 } },
    ]);
    const csv = await get(`/reports/specific/${HAARLEM.id}/2026-11/report.csv`, mandatedHaarlem);
    expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining(['kind,id,month,count', 'login,user-haarlem-1,2026-10,1', 'failed_login,user-haarlem-2,2026-10,1', 'failed_login_without_account,,2026-10,1', 'administrator,beheer-haarlem,2026-10,2']));
  });

  it('counts the same events once when they are delivered twice more (same event ids)', async () => {
    const sentinel = action('LOGIN', { ...session('user-haarlem-1'), occurredAt: Date.parse('2026-09-15T08:00:00Z') });
    await publishAt(EVENTS);
    await publishAt(EVENTS);
    await publishAt([sentinel]);
    await waitFor(async () => (await processed([sentinel.eventId])) === 1, 'the event after the second deliveries');
    const counted = await pool.query('SELECT sum(actions)::int AS n FROM activity_usage WHERE organisation_id = $1', [HAARLEM.id]);
    expect(counted.rows[0].n).toBe(EVENTS.length + 1);
    // A rebuild finds nothing new for Haarlem: version 1 stays, still 3 actions in October.
    const build = await request(app.getHttpServer()).post('/reports/builds/2026-11').set('Authorization', `Bearer ${officer}`);
    expect(build.status).toBe(200);
    expect(build.body.reports.filter((r: { kind: string }) => r.kind === 'GENERIC')).toEqual([{ kind: 'GENERIC', scope: HAARLEM.id, month: '2026-11', version: 1, created: false }]);
    const generic = await get(`/reports/generic/${HAARLEM.id}/2026-11`, mandatedHaarlem);
    expect([generic.headers['x-report-version'], generic.body.months[5].accountManagementActions]).toEqual(['1', 3]);
    const specific = await get(`/reports/specific/${HAARLEM.id}/2026-11`, mandatedHaarlem);
    expect(specific.body.logins[0]).toMatchObject({ userId: 'user-haarlem-1', logins: 2, byMonth: { '2026-09': { logins: 1 }, '2026-10': { logins: 1 } } });
  });
});

describe('downloads and builds are actions', () => {
  it('records a generic report download on the activity topic with the caller as actor, before it is sent', async () => {
    const res = await get(`/reports/generic/${HAARLEM.id}/2026-11/report.csv`, mandatedHaarlem);
    expect(res.status).toBe(200);
    const isMine = (e: audit.ActivityEvent) => e.action === 'REPORT_DOWNLOADED' && e.details?.kind === 'generic' && e.details?.format === 'csv' && e.actor.userId === 'gemandateerde-haarlem';
    const records = await readTopic(TOPICS.activity, (r) => r.some(isMine));
    expect(records.filter(isMine)).toEqual([
      expect.objectContaining({
        service: 'supplier-reporting',
        actor: { userId: 'gemandateerde-haarlem', homeOrganisationId: HAARLEM.id, roles: ['MANDATED_PERSON'] },
        actingForId: HAARLEM.id,
        action: 'REPORT_DOWNLOADED',
        object: { type: 'REPORT', id: `generic/${HAARLEM.id}/2026-11/v1` },
        outcome: 'SUCCEEDED',
        reasonCode: null,
        details: { kind: 'generic', month: '2026-11', format: 'csv' },
      }),
    ]);
  });

  it("records a refused download (another municipality's mandated person) and an officer's build and feed download", async () => {
    const zandvoort = await auth.token({ userId: 'gemandateerde-zandvoort', homeMunicipalityId: ZANDVOORT.id, roles: ['MANDATED_PERSON'] });
    const refused = await get(`/reports/generic/${HAARLEM.id}/2026-11`, zandvoort);
    expect([refused.status, refused.body.code]).toEqual([403, 'GENERIC_REPORT_FORBIDDEN']);
    expect((await get('/feeds/suppliers/BRP/2026-10/feed.csv', officer)).status).toBe(200);
    const records = await readTopic(TOPICS.activity, (r) => r.some((e) => e.outcome === 'REFUSED' && e.service === 'supplier-reporting') && r.some((e) => e.action === 'FEED_DOWNLOADED') && r.some((e) => e.object.id === 'build/2026-11'));
    expect(records.find((e) => e.outcome === 'REFUSED' && e.service === 'supplier-reporting')).toMatchObject({
      actor: { userId: 'gemandateerde-zandvoort', homeOrganisationId: ZANDVOORT.id },
      actingForId: HAARLEM.id,
      action: 'REPORT_DOWNLOADED',
      reasonCode: 'GENERIC_REPORT_FORBIDDEN',
    });
    expect(records.find((e) => e.action === 'FEED_DOWNLOADED')).toMatchObject({
      actor: { userId: 'officer-1' },
      actingForId: BKWI_ID, // a feed spans every organisation: the officer's home
      object: { type: 'FEED', id: 'supplier/BRP/2026-10/v1' },
      details: { kind: 'supplier-feed', month: '2026-10', format: 'csv' },
    });
    expect(records.find((e) => e.object.id === 'build/2026-11')).toMatchObject({ action: 'OTHER', actor: { userId: 'officer-1' }, actingForId: BKWI_ID, outcome: 'SUCCEEDED', details: { kind: 'build', month: '2026-11' } });
  });

  it('answers 503 without the document while the activity topic cannot be written, and serves it again afterwards', async () => {
    await setMaxMessageBytes(TOPICS.activity.name, 64);
    try {
      const res = await get(`/reports/generic/${HAARLEM.id}/2026-11/report.csv`, mandatedHaarlem);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('AUDIT_TRAIL_UNAVAILABLE');
      expect(typeof res.body.message).toBe('string');
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.text).not.toContain('accountManagementActions');
      const specific = await get(`/reports/specific/${HAARLEM.id}/2026-11`, mandatedHaarlem);
      expect([specific.status, specific.body.code, specific.body.logins]).toEqual([503, 'AUDIT_TRAIL_UNAVAILABLE', undefined]);
    } finally {
      await setMaxMessageBytes(TOPICS.activity.name, 1_048_588); // the broker's default
    }
    await waitFor(async () => (await get(`/reports/generic/${HAARLEM.id}/2026-11`, mandatedHaarlem)).status === 200, 'downloads to work again');
  }, 60_000);
});
