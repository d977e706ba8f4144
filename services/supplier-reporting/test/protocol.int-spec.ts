/**
 * Protocol lines on Kafka (issue 20, ADR 0020), on the real broker and database: attributed
 * queries for two municipalities on (a copy of) the attributed-query topic become one protocol
 * line per provision on (a copy of) the supplier's protocol topic: keyed and ordered by the
 * customer organisation's OIN, with the request id the gateway sent, the LO-BRP numbers of the
 * fields, no BSN and no pseudonym; a failed, denied or empty call makes no line; a second delivery
 * of the same queries makes none either; a query logged without request ids (v1) still gets a
 * line with a stable id.
 */
process.env.LOG_LEVEL ??= 'warn';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { query, reporting, TopicSpec } from '@inkijk/contracts';
import { codecFor, createHttpApp, KafkaPlatform } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { attributedQuery, dataSubject, deleteTopicsStartingWith, HAARLEM, kafkaEnvOf, testAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { SupplierReportingModule } from '../src/app.module';
import { ReportingTopics } from '../src/adapters/kafka/reporting-topics';
import { loadSupplierReportingConfig } from '../src/config';
import { reportingTopicsOf } from './run-topics';

const run = randomUUID().slice(0, 8);
const TOPICS: ReportingTopics = reportingTopicsOf(run, 'protocol');
const GROUPS = { attributedQueries: `test-${run}-protocol-queries`, activity: `test-${run}-protocol-activity` };
const BSN = '999990019';
const BRP_FIELDS = ['burgerservicenummer', 'naam', 'geboorte', 'geslacht', 'verblijfplaats'];

const T0 = Date.now() - 60_000;
let n = 0;
/** A BRP call as the gateway records it (AttributedQuery v2). */
const brpCall = (over: Partial<query.SourceCall> = {}): query.SourceCall => ({
  supplier: 'BRP',
  outcome: 'ANSWERED',
  durationMs: 30,
  personListsProvided: 1,
  requestId: randomUUID(),
  requestType: 'RaadpleegMetBurgerservicenummer',
  searchFields: ['burgerservicenummer'],
  requestedFields: BRP_FIELDS,
  ...over,
});
const q = (actingFor: query.OrganisationRef, sources: query.SourceCall[], over: Partial<query.AttributedQuery> = {}) =>
  attributedQuery({ bsn: BSN, occurredAt: T0 + ++n * 1000, actingFor, worker: { userId: 'user-haarlem-1', homeMunicipality: HAARLEM }, collaborationId: actingFor.id === HAARLEM.id ? null : 'collab-haarlem-zandvoort', sources, ...over });

const zandvoort1 = q(ZANDVOORT, [brpCall()]);
const haarlem1 = q(HAARLEM, [brpCall()]);
const zandvoortSearch = q(ZANDVOORT, [brpCall({ personListsProvided: 0, requestType: 'ZoekMetPostcodeEnHuisnummer', searchFields: ['postcode', 'huisnummer'], requestedFields: ['burgerservicenummer'] }), brpCall()], { searchKeyType: 'POSTCODE_HOUSENUMBER' });
const haarlemFailed = q(HAARLEM, [brpCall({ outcome: 'ERROR', personListsProvided: 0 })], { outcome: 'SUPPLIER_ERROR' });
const haarlemEmpty = q(HAARLEM, [brpCall({ outcome: 'NO_DATA', personListsProvided: 0 })]);
const zandvoortDenied = q(ZANDVOORT, [{ supplier: 'BRP', outcome: 'NOT_CALLED', durationMs: 0, personListsProvided: 0 }], {
  outcome: 'DENIED',
  decision: { decisionId: randomUUID(), result: 'DENY', reasonCode: 'NOT_ON_WHITELIST', rulesVersion: 'rules-1' },
  whitelist: { outcome: 'ABORTED', escapeReason: null },
});
/** Written before the gateway sent request ids: no request id, type or fields. */
const zandvoortV1 = q(ZANDVOORT, [{ supplier: 'BRP', outcome: 'ANSWERED', durationMs: 25, personListsProvided: 1 }]);
const QUERIES = [zandvoort1, haarlem1, zandvoortSearch, haarlemFailed, haarlemEmpty, zandvoortDenied, zandvoortV1];

let platform: KafkaPlatform;
let app: INestApplication;
let pool: Pool;
let drop: () => Promise<void>;

const publish = (events: query.AttributedQuery[]) => Promise.all(events.map((e) => platform.producerFor(TOPICS.attributedQueries).send(e, { timestamp: e.occurredAt })));
const processed = async (ids: string[]) =>
  (await pool.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1 AND event_id = ANY($2::text[])', [GROUPS.attributedQueries, ids])).rows[0].n as number;

async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Read<T> {
  value: T;
  key: string;
  partition: number;
  offset: number;
  raw: Buffer;
}
/** Every record on a topic from the beginning, read until `until` holds and then 2 s more (nothing may follow). */
async function readTopic<T>(topic: TopicSpec<T>, until: (records: Read<T>[]) => boolean): Promise<Read<T>[]> {
  const consumer = platform.kafka.consumer({ groupId: `test-${run}-reader-${randomUUID()}` });
  const got: Read<T>[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) =>
      void got.push({ value: codecFor(topic).decode(message.value), key: String(message.key), partition, offset: Number(message.offset), raw: message.value! }),
  });
  try {
    await waitFor(async () => until(got), `records on ${topic.name}`);
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    await consumer.disconnect();
  }
  return got.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

beforeAll(async () => {
  const auth = await testAuth();
  platform = await KafkaPlatform.connect({ clientId: `reporting-protocol-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([TOPICS.attributedQueries, TOPICS.activity, TOPICS.customerUsage, ...Object.values(TOPICS.supplierUsage), ...Object.values(TOPICS.protocol)]);
  const db = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: 'reporting_protocol_test' });
  drop = () => db.drop();
  pool = new Pool({ connectionString: db.url, max: 2 });
  const config = loadSupplierReportingConfig({ DATABASE_URL: db.url, ...kafkaEnvOf(), KAFKA_CLIENT_ID: `reporting-protocol-${run}`, AUTH_JWKS: auth.jwksJson, REPORT_SCHEDULER_INTERVAL_MS: '0', REPORT_COMPLETENESS_INTERVAL_MS: '0', LOG_LEVEL: 'warn' });
  app = await createHttpApp(SupplierReportingModule.forConfig(config, { topics: TOPICS, groups: GROUPS }), { service: 'supplier-reporting-protocol' });
  await app.init();
  // One at a time, in order: the order of one municipality's queries is what the lines must keep.
  for (const e of QUERIES) await publish([e]);
  await waitFor(async () => (await processed(QUERIES.map((e) => e.eventId))) === QUERIES.length, 'every query to be consumed');
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

describe('protocol lines on the supplier topic', () => {
  const EXPECTED = 5; // zandvoort1, haarlem1, the search step and the fetch of zandvoortSearch, zandvoortV1
  let lines: Read<reporting.ProtocolLine>[];

  beforeAll(async () => {
    lines = await readTopic(TOPICS.protocol.BRP, (r) => r.length >= EXPECTED);
  }, 60_000);

  it('writes one line per provision, per customer organisation: none for a failed, empty or denied call', () => {
    expect(lines).toHaveLength(EXPECTED);
    const perOin = (oin: string) => lines.filter((l) => l.value.customerOin === oin).length;
    expect([perOin(ZANDVOORT.oin), perOin(HAARLEM.oin)]).toEqual([4, 1]);
    const queryIds = new Set(lines.map((l) => l.value.queryId));
    for (const none of [haarlemFailed, haarlemEmpty, zandvoortDenied]) expect(queryIds.has(none.eventId)).toBe(false);
  });

  it("keys each line by the customer's OIN, one customer on one partition, in the order of its queries", () => {
    for (const l of lines) expect(l.key).toBe(l.value.customerOin);
    const zandvoort = lines.filter((l) => l.value.customerOin === ZANDVOORT.oin);
    expect(new Set(zandvoort.map((l) => l.partition)).size).toBe(1);
    expect(zandvoort.map((l) => l.value.queryId)).toEqual([zandvoort1.eventId, zandvoortSearch.eventId, zandvoortSearch.eventId, zandvoortV1.eventId]);
  });

  it('carries the request id the gateway sent, what was asked (with LO-BRP numbers) and the count, and nothing that names the citizen', () => {
    const first = lines.find((l) => l.value.queryId === zandvoort1.eventId)!.value;
    expect(first).toEqual({
      lineId: zandvoort1.sources[0].requestId,
      supplier: 'BRP',
      requestId: zandvoort1.sources[0].requestId,
      queryId: zandvoort1.eventId,
      occurredAt: zandvoort1.occurredAt,
      customerOin: ZANDVOORT.oin,
      customerName: 'Zandvoort',
      legalDomain: 'PARTICIPATIEWET',
      processingActivityId: zandvoort1.processingActivityId,
      product: 'brp-persoon',
      requestType: 'RaadpleegMetBurgerservicenummer',
      searchFields: [{ name: 'burgerservicenummer', loBrpElement: '01.01.20' }],
      requestedFields: [
        { name: 'burgerservicenummer', loBrpElement: '01.01.20' },
        { name: 'naam', loBrpElement: '01.02' },
        { name: 'geboorte', loBrpElement: '01.03' },
        { name: 'geslacht', loBrpElement: '01.04.10' },
        { name: 'verblijfplaats', loBrpElement: '08' },
      ],
      personListsProvided: 1,
      outcome: 'ANSWERED',
    });
    const search = lines.find((l) => l.value.requestId === zandvoortSearch.sources[0].requestId)!.value;
    expect([search.requestType, search.searchFields, search.personListsProvided]).toEqual([
      'ZoekMetPostcodeEnHuisnummer',
      [{ name: 'postcode', loBrpElement: '08.11.60' }, { name: 'huisnummer', loBrpElement: '08.11.20' }],
      0,
    ]);
    const pseudonym = dataSubject(BSN).pseudonym;
    for (const l of lines) {
      expect(l.raw.includes(Buffer.from(BSN))).toBe(false);
      expect(l.raw.includes(Buffer.from(pseudonym))).toBe(false);
    }
  });

  it('gives a line logged without a request id a stable id of its query and call', () => {
    const old = lines.find((l) => l.value.queryId === zandvoortV1.eventId)!.value;
    expect(old).toMatchObject({ lineId: `${zandvoortV1.eventId}/0`, requestId: null, requestType: 'UNKNOWN', searchFields: [], requestedFields: [], personListsProvided: 1 });
  });

  it('writes nothing more when the same queries are delivered again', async () => {
    const sentinel = q(HAARLEM, [brpCall()]);
    await publish(QUERIES);
    await publish([sentinel]);
    await waitFor(async () => (await processed([sentinel.eventId])) === 1, 'the query after the second delivery');
    const again = await readTopic(TOPICS.protocol.BRP, (r) => r.some((l) => l.value.queryId === sentinel.eventId));
    expect(again).toHaveLength(EXPECTED + 1);
    expect(new Set(again.map((l) => l.value.lineId)).size).toBe(EXPECTED + 1);
    const pending = await pool.query('SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL');
    expect(pending.rows[0].n).toBe(0);
  }, 60_000);
});
