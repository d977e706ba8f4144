/**
 * Signals of misuse on the real broker and database (issue 22, ADR 0021): a synthetic week (a
 * few thousand ordinary queries and logins, plus planted misuse of every kind) published on
 * copies of the attributed-query and activity topics gives exactly the planted signals, each
 * once in the store and once on the signals topic (precision and recall printed); a second
 * instance reading the same topics from offset 0 into a fresh database gives the same signals;
 * the security officer and a mandated person list and review them, each review an action in the
 * audit log; the signals are counted by kind on /metrics.
 */
process.env.LOG_LEVEL ??= 'warn';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { audit, TopicSpec, topics } from '@inkijk/contracts';
import { codecFor, createHttpApp, KafkaPlatform } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { deleteTopicsStartingWith, HAARLEM, kafkaEnvOf, runTopic, testAuth, TestAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { SupplierReportingModule } from '../src/app.module';
import type { ReportingTopics } from '../src/adapters/kafka/reporting-topics';
import { loadSupplierReportingConfig } from '../src/config';
import { signalIdOf } from '../src/domain/signals/signal';
import { reportingTopicsOf } from './run-topics';
import { BKWI_ID } from './scenario';
import { signalScenario } from './signals-scenario';

const run = randomUUID().slice(0, 8);
const TOPICS: ReportingTopics = reportingTopicsOf(run, 'signals');
const SIGNALS = runTopic(run, topics.signals, 'signals-signals');
const METRICS_TOKEN = 'signals-test-metrics-token-0123456789abcdef';
const scenario = signalScenario();
const expectedIds = new Map(scenario.planted.map((p) => [signalIdOf(p.kind, p.key, p.windowStart), p]));
const allEventIds = [...scenario.queries.map((q) => q.eventId), ...scenario.actions.map((a) => a.eventId)];

interface Instance {
  app: INestApplication;
  pool: Pool;
  drop: () => Promise<void>;
  groups: { attributedQueries: string; activity: string };
  url: string;
}

let auth: TestAuth;
let platform: KafkaPlatform;
let first: Instance;
let replay: Instance | undefined;
let officer: string;
let mandatedHaarlem: string;
let mandatedZandvoort: string;
let worker: string;

async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every topic the module may write or read, as they are nested in ReportingTopics. */
const topicList = (t: ReportingTopics): TopicSpec<unknown>[] =>
  Object.values(t).flatMap((v) => ('name' in (v as object) ? [v as TopicSpec<unknown>] : (Object.values(v as object) as TopicSpec<unknown>[])));

async function start(name: string, again?: Instance): Promise<Instance> {
  const db = again ? { url: again.url, drop: again.drop } : await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: `reporting_signals_${name}` });
  const pool = again?.pool ?? new Pool({ connectionString: db.url, max: 2 });
  const groups = again?.groups ?? { attributedQueries: `test-${run}-${name}-queries`, activity: `test-${run}-${name}-activity` };
  const config = loadSupplierReportingConfig({
    DATABASE_URL: db.url,
    ...kafkaEnvOf(),
    KAFKA_CLIENT_ID: `reporting-signals-${name}-${run}`,
    AUTH_JWKS: auth.jwksJson,
    REPORT_SCHEDULER_INTERVAL_MS: '0',
    REPORT_COMPLETENESS_INTERVAL_MS: '0',
    METRICS_TOKEN,
    LOG_LEVEL: 'warn',
  });
  const app = await createHttpApp(SupplierReportingModule.forConfig(config, { topics: TOPICS, groups, signals: { topic: SIGNALS } }), { service: `supplier-reporting-signals-${name}` });
  await app.init();
  return { app, pool, drop: () => db.drop(), groups, url: db.url };
}

const processed = async (i: Instance) =>
  (await i.pool.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = ANY($1::text[])', [[`${i.groups.attributedQueries}.signals`, `${i.groups.activity}.signals`]])).rows[0].n as number;
const storedSignals = async (i: Instance) => (await i.pool.query('SELECT signal_id, kind, severity, organisation_id, worker_user_id, subject_pseudonym, window_start, window_end, evidence FROM misuse_signal ORDER BY signal_id')).rows;
const unpublished = async (i: Instance) => (await i.pool.query('SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL')).rows[0].n as number;

/** The records on a topic from the beginning, once `until` holds (and a moment more, to see any extra). */
async function readTopic<T>(topic: TopicSpec<T>, until: (records: T[]) => boolean): Promise<T[]> {
  const consumer = platform.kafka.consumer({ groupId: `test-${run}-reader-${randomUUID()}` });
  const got: T[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(codecFor(topic).decode(message.value)) });
  try {
    await waitFor(async () => until(got), `records on ${topic.name}`);
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await consumer.disconnect();
  }
  return got;
}

const http = (i: Instance) => request(i.app.getHttpServer());
const get = (url: string, token: string) => http(first).get(url).set('Authorization', `Bearer ${token}`);
const post = (url: string, token: string, body: unknown) => http(first).post(url).set('Authorization', `Bearer ${token}`).send(body as object);

beforeAll(async () => {
  auth = await testAuth();
  officer = await auth.token({ userId: 'officer-1', homeMunicipalityId: BKWI_ID, roles: ['SECURITY_OFFICER'] });
  mandatedHaarlem = await auth.token({ userId: 'gemandateerde-haarlem', homeMunicipalityId: HAARLEM.id, roles: ['MANDATED_PERSON'] });
  mandatedZandvoort = await auth.token({ userId: 'gemandateerde-zandvoort', homeMunicipalityId: ZANDVOORT.id, roles: ['MANDATED_PERSON'] });
  worker = await auth.token({ userId: 'worker-01', homeMunicipalityId: HAARLEM.id, roles: ['WORKER'] });
  platform = await KafkaPlatform.connect({ clientId: `reporting-signals-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([...topicList(TOPICS), SIGNALS]);
  // The whole week is on the topics before the detectors start: they read it as a replay from offset 0.
  const t0 = Date.now();
  await Promise.all([
    ...scenario.queries.map((q) => platform.producerFor(TOPICS.attributedQueries).send(q, { timestamp: q.occurredAt })),
    ...scenario.actions.map((a) => platform.producerFor(TOPICS.activity).send(a, { timestamp: a.occurredAt })),
  ]);
  console.log(`published ${scenario.queries.length} queries and ${scenario.actions.length} actions of ${scenario.workers} workers in ${Date.now() - t0} ms; planted ${scenario.planted.length} signals of ${new Set(scenario.planted.map((p) => p.kind)).size} kinds`);
  first = await start('first');
  const t1 = Date.now();
  await waitFor(async () => (await processed(first)) === allEventIds.length, 'every query and action to reach the detectors', 180_000);
  console.log(`the detectors read ${allEventIds.length} events in ${Date.now() - t1} ms (the reporting consumers on the same topics meanwhile)`);
  await waitFor(async () => (await unpublished(first)) === 0, 'the outbox to be published');
}, 300_000);

afterAll(async () => {
  for (const i of [first, replay]) {
    await i?.app.close().catch(() => undefined);
    await i?.pool.end().catch(() => undefined);
    await i?.drop().catch(() => undefined);
  }
  if (platform) {
    await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
    await platform.close();
  }
}, 60_000);

describe('signals of misuse from a synthetic week', () => {
  it('gives exactly the planted signals, each once in the store and once on the signals topic', async () => {
    const rows = await storedSignals(first);
    const found = rows.map((r) => r.signal_id as string);
    const hits = found.filter((id) => expectedIds.has(id));
    const precision = found.length ? hits.length / found.length : 0;
    const recall = hits.length / expectedIds.size;
    console.log(
      `signals: ${found.length} found, ${expectedIds.size} planted, ${hits.length} right; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n` +
        rows.map((r) => `  ${expectedIds.has(r.signal_id) ? 'planted ' : 'EXTRA   '} ${r.kind.padEnd(28)} ${r.severity.padEnd(6)} ${r.worker_user_id ?? r.subject_pseudonym?.slice(0, 12) ?? '-'} ${JSON.stringify(r.evidence)}`).join('\n'),
    );
    expect(precision).toBe(1);
    expect(recall).toBe(1);
    for (const r of rows) {
      const p = expectedIds.get(r.signal_id)!;
      expect([r.kind, new Date(r.window_start).getTime()]).toEqual([p.kind, p.windowStart]);
    }

    const records = await readTopic(SIGNALS, (got) => got.length >= expectedIds.size);
    expect(records.map((r) => r.signalId).sort()).toEqual([...expectedIds.keys()].sort());
    const bulk = records.find((r) => r.kind === 'BULK_QUERYING')!;
    expect(bulk).toMatchObject({ severity: 'HIGH', organisationId: HAARLEM.id, workerUserId: 'worker-01', subjectPseudonym: null });
    expect(bulk.evidence).toMatchObject({ counted: 'SUBJECTS', count: 30, threshold: 30 });
    const curiosity = records.find((r) => r.kind === 'SUBJECT_MANY_MUNICIPALITIES')!;
    expect(curiosity.organisationId).toBeNull();
    expect(curiosity.subjectPseudonym).toMatch(/^[0-9a-f]{64}$/);
    // No clear BSN anywhere on the topic.
    const text = JSON.stringify(records);
    expect(text.match(/\b\d{9}\b/g) ?? []).toEqual([]);
  });

  it('gives the same signals when the topics are read again from offset 0 into a fresh store', async () => {
    replay = await start('replay');
    await waitFor(async () => (await processed(replay!)) === allEventIds.length, 'the replay to read every event', 180_000);
    const strip = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ ...r, evidence: { ...(r.evidence as object), workerBaseline: undefined, organisationBaseline: undefined } }));
    const a = await storedSignals(first);
    const b = await storedSignals(replay);
    expect(strip(b)).toEqual(strip(a));
    const baselinesEqual = JSON.stringify(a.map((r) => r.evidence)) === JSON.stringify(b.map((r) => r.evidence));
    console.log(`replay from offset 0: ${b.length} signals, the same ids, kinds, windows and counts; baselines ${baselinesEqual ? 'equal too' : 'differ (they depend on what had arrived when the window opened)'}`);
  }, 240_000);

  it('lets the security officer see every signal and a mandated person only those of the own organisation', async () => {
    const all = await get('/signals?status=open', officer);
    expect(all.status).toBe(200);
    expect(all.body.signals).toHaveLength(expectedIds.size);
    const haarlem = await get('/signals', mandatedHaarlem);
    expect(haarlem.status).toBe(200);
    const organisations = new Set((haarlem.body.signals as Array<{ organisationId: string }>).map((s) => s.organisationId));
    expect([...organisations]).toEqual([HAARLEM.id]);
    expect(haarlem.body.signals.length).toBeGreaterThanOrEqual(3);
    const byKind = await get('/signals?kind=failed_logins', officer);
    expect(byKind.body.signals).toHaveLength(2);
    expect((await get('/signals', worker)).body).toMatchObject({ code: 'SIGNALS_FORBIDDEN' });
    expect((await get('/signals?status=closed', officer)).body).toMatchObject({ code: 'UNKNOWN_STATUS' });
    expect((await get('/signals?limit=9999', officer)).status).toBe(400);
  });

  it('records a review as an action, closes the signal once, and answers 404 for a signal of another organisation', async () => {
    const [signal] = (await get('/signals?kind=BULK_QUERYING', mandatedHaarlem)).body.signals;
    expect((await get(`/signals/${signal.signalId}`, mandatedZandvoort)).body).toMatchObject({ code: 'SIGNAL_NOT_FOUND' });
    expect((await post(`/signals/${signal.signalId}/review`, mandatedZandvoort, { decision: 'DISMISSED', reason: 'not ours' })).status).toBe(404);
    expect((await post(`/signals/${signal.signalId}/review`, mandatedHaarlem, { decision: 'MAYBE', reason: 'looked' })).body).toMatchObject({ code: 'UNKNOWN_DECISION' });
    expect((await post(`/signals/${signal.signalId}/review`, mandatedHaarlem, { decision: 'REVIEWED', reason: 'about 123456782' })).body).toMatchObject({ code: 'INVALID_REASON' });
    expect((await post(`/signals/${signal.signalId}/review`, mandatedHaarlem, { decision: 'REVIEWED' })).status).toBe(400);

    const reviewed = await post(`/signals/${signal.signalId}/review`, mandatedHaarlem, { decision: 'REVIEWED', reason: 'Spoke with the worker: a batch check ordered by the team lead.' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ signalId: signal.signalId, status: 'REVIEWED', reviewedBy: 'gemandateerde-haarlem' });
    const again = await post(`/signals/${signal.signalId}/review`, officer, { decision: 'DISMISSED', reason: 'second look' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SIGNAL_ALREADY_REVIEWED');
    expect((await get('/signals?status=OPEN', officer)).body.signals).toHaveLength(expectedIds.size - 1);
    expect((await get('/signals?status=REVIEWED', officer)).body.signals.map((s: { signalId: string }) => s.signalId)).toEqual([signal.signalId]);

    const actions = await readTopic(TOPICS.activity, (got) => got.some((e) => e.object.type === 'SIGNAL' && e.details?.kind === 'signal-review'));
    const review = actions.find((e) => e.object.type === 'SIGNAL' && e.details?.kind === 'signal-review')! as audit.ActivityEvent;
    expect(review).toMatchObject({
      service: 'supplier-reporting',
      actor: { userId: 'gemandateerde-haarlem', homeOrganisationId: HAARLEM.id, roles: ['MANDATED_PERSON'] },
      actingForId: HAARLEM.id,
      action: 'OTHER',
      object: { type: 'SIGNAL', id: signal.signalId },
      outcome: 'SUCCEEDED',
    });
    expect(review.details).toMatchObject({ decision: 'REVIEWED', signalKind: 'BULK_QUERYING', reason: 'Spoke with the worker: a batch check ordered by the team lead.' });
    expect(actions.filter((e) => e.object.type === 'SIGNAL' && e.details?.kind === 'signals-listed').length).toBeGreaterThanOrEqual(3);
    expect(actions.some((e) => e.object.type === 'SIGNAL' && e.outcome === 'REFUSED' && e.reasonCode === 'SIGNALS_FORBIDDEN')).toBe(true);
  });

  it('counts the signals by kind on /metrics', async () => {
    const res = await http(first).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    const line = (kind: string) => res.text.split('\n').find((l) => l.startsWith('inkijk_signals_total{') && l.includes(`kind="${kind}"`));
    expect(line('FAILED_LOGINS')).toMatch(/ [1-9]\d*$/);
    expect(line('BULK_QUERYING')).toMatch(/severity="HIGH"/);
    for (const p of scenario.planted) expect(line(p.kind)).toBeDefined();
  });

  it('keeps a window open across a restart: three failed logins before it and two after make the signal', async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000; // the past hour: every event in one window
    const failed = (i: number): audit.ActivityEvent => ({
      eventId: randomUUID(),
      occurredAt: hour + (i + 1) * 60_000,
      traceId: randomUUID().replace(/-/g, ''),
      spanId: randomUUID().replace(/-/g, '').slice(0, 16),
      service: 'registration',
      actor: { userId: 'restart-worker', homeOrganisationId: HAARLEM.id, roles: ['WORKER'] },
      actingForId: HAARLEM.id,
      action: 'LOGIN',
      object: { type: 'SESSION', id: null },
      outcome: 'REFUSED',
      reasonCode: 'INVALID_CREDENTIALS',
      subjectPseudonym: null,
      details: {},
    });
    const publish = (events: audit.ActivityEvent[]) => Promise.all(events.map((e) => platform.producerFor(TOPICS.activity).send(e, { timestamp: e.occurredAt })));
    const id = signalIdOf('FAILED_LOGINS', 'restart-worker', hour);
    const stored = async (i: Instance) => (await i.pool.query('SELECT count(*)::int AS n FROM misuse_signal WHERE signal_id = $1', [id])).rows[0].n as number;
    const events = [0, 1, 2, 3, 4].map(failed);
    const read = async (i: Instance) =>
      (await i.pool.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1 AND event_id = ANY($2::text[])', [`${i.groups.activity}.signals`, events.map((e) => e.eventId)])).rows[0].n as number;
    await publish(events.slice(0, 3));
    await waitFor(async () => (await read(first)) === 3, 'the first three failed logins to be read');
    expect(await stored(first)).toBe(0);

    await first.app.close();
    await publish(events.slice(3));
    first = await start('first', first);
    await waitFor(async () => (await read(first)) === 5, 'the last two to be read after the restart');
    await waitFor(async () => (await stored(first)) === 1, 'the signal made of events on both sides of the restart', 30_000);
  }, 120_000);
});

