/**
 * Supplier reporting throughput against the local broker and PostgreSQL: attributed queries
 * consumed into the aggregates (exactly once, through the inbox), then building and rendering
 * the month's reports. Prints figures; asserts nothing.
 *   npm run bench -- supplier-reporting      (BENCH_EVENTS=50000 by default)
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { productById, query, reporting, topics, TopicSpec } from '@inkijk/contracts';
import { addToOutbox, Inbox, KafkaPlatform, prismaTransactor, SqlQuery } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { attributedQuery, dataSubject, testKafka } from '@inkijk/testing';
import * as path from 'node:path';
import { UsageIngest } from '../src/app/ingest';
import { KafkaProtocolOutbox } from '../src/adapters/kafka/protocol-outbox';
import type { ReportingTopics } from '../src/adapters/kafka/reporting-topics';
import { ReportBuilds } from '../src/app/report-builds';
import { ReportReads } from '../src/app/report-reads';
import { ReportingDb } from '../src/adapters/prisma/prisma.service';
import { PgReportingStore } from '../src/adapters/postgres/reporting-store';
import { genericReportCsv, genericReportHtml } from '../src/domain/render';
import { foldQueries } from '../src/domain/usage';
import type { GenericReport, SupplierFeed } from '../src/domain/reports';

const { brokers, credentials } = testKafka();
const run = randomUUID().slice(0, 8);
const N = Number(process.env.BENCH_EVENTS ?? 50_000);
const ORGS = 50;
const topic: TopicSpec<query.AttributedQuery> = { ...topics.attributedQueries, name: `inkijk.bench-${run}.reporting-queries.v1`, partitions: 3 };
const customerUsage: TopicSpec<reporting.CustomerUsageReport> = { ...topics.customerUsage, name: `inkijk.bench-${run}.customer-usage.v1` };

// Products of the contracts' reference list only: consumers park queries for any other.
const PRODUCTS = ['brp-persoon', 'svb-uitkeringen', 'overzicht-inkomen', 'uwv-inkomen', 'duo-studiefinanciering', 'rdw-voertuigen', 'kadaster-eigendom'];
const SUPPLIER_OF: Record<string, query.Supplier> = { 'brp-persoon': 'BRP', 'svb-uitkeringen': 'SVB', 'overzicht-inkomen': 'UWV', 'uwv-inkomen': 'UWV', 'duo-studiefinanciering': 'DUO', 'rdw-voertuigen': 'RDW', 'kadaster-eigendom': 'KADASTER' };
const KEYS: query.SearchKeyType[] = ['BSN', 'BSN', 'BSN', 'BSN', 'NAME_BIRTHDATE', 'POSTCODE_HOUSENUMBER'];
const org = (i: number): query.OrganisationRef => ({ id: `4f1c2a52-0000-4000-8000-${String(i).padStart(12, '0')}`, cbsCode: `GM${String(i).padStart(4, '0')}`, oin: `000000990000000${String(i).padStart(5, '0')}`, name: `Gemeente ${i}` });
const subjects = Array.from({ length: 2000 }, (_, i) => dataSubject(String(100000000 + i * 7)));
const from = Date.parse('2026-05-01T00:00:00Z');
const span = Date.parse('2026-10-31T00:00:00Z') - from;

function event(i: number): query.AttributedQuery {
  const product = PRODUCTS[i % PRODUCTS.length];
  const whitelist: query.WhitelistOutcome = i % 23 === 0 ? { outcome: 'ABORTED', escapeReason: null } : i % 17 === 0 ? { outcome: 'ESCAPE', escapeReason: i % 2 ? 'NEW_APPLICATION' : 'ENFORCEMENT' } : { outcome: 'ON_WHITELIST', escapeReason: null };
  return attributedQuery({
    occurredAt: from + Math.floor((((i * 2654435761) >>> 0) / 2 ** 32) * span),
    worker: { userId: `user-${i % 400}`, homeMunicipality: org(i % ORGS) },
    // Without a collaboration a worker acts for the home municipality only.
    actingFor: i % 5 === 0 ? org(i % ORGS) : org((i * 7) % ORGS),
    collaborationId: i % 5 === 0 ? null : `collab-${i % 12}`,
    product,
    searchKeyType: productById(product)!.searchKeys.includes(KEYS[i % KEYS.length]) ? KEYS[i % KEYS.length] : 'BSN',
    dataSubject: subjects[i % subjects.length],
    sources: [
      whitelist.outcome === 'ABORTED'
        ? { supplier: SUPPLIER_OF[product], outcome: 'NOT_CALLED', durationMs: 0, personListsProvided: 0 }
        : { supplier: SUPPLIER_OF[product], outcome: 'ANSWERED', durationMs: 30, personListsProvided: product.startsWith('brp') ? 1 : 0, requestId: randomUUID(), requestType: 'RaadpleegMetBurgerservicenummer', searchFields: ['burgerservicenummer'], requestedFields: ['naam', 'geboorte', 'verblijfplaats'] },
    ],
    whitelist,
  });
}

const table = (title: string, rows: Record<string, string | number>[]) => {
  console.log(`\n${title}`);
  console.table(rows);
};

async function main(): Promise<void> {
  const events = Array.from({ length: N }, (_, i) => event(i));

  // 1. The pure fold (domain only).
  let t0 = performance.now();
  for (let i = 0; i < events.length; i += 500) foldQueries(events.slice(i, i + 500));
  const foldSecs = (performance.now() - t0) / 1000;

  // 2. Through Kafka into PostgreSQL, exactly once (inbox + aggregates in one transaction per chunk).
  const platform = await KafkaPlatform.connect({ clientId: `bench-${run}`, brokers, credentials, requireTopics: false });
  await platform.ensureTopics([topic, customerUsage]);
  const db = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: 'reporting_bench' });
  const prisma = new ReportingDb(db.url);
  const store = new PgReportingStore();
  try {
    let next = 0;
    await Promise.all(Array.from({ length: 200 }, async () => {
      // Each with the time the gateway would have published it (consumers park events far from it).
      while (next < events.length) {
        const e = events[next++];
        await platform.sender.send(topic, e, { timestamp: e.completedAt });
      }
    }));
    const ingest = new UsageIngest(store);
    const group = `bench-${run}`;
    t0 = performance.now();
    const consumer = await platform.consume({
      topic,
      groupId: group,
      inbox: new Inbox(prismaTransactor(prisma)),
      eventIdOf: (v) => v.eventId,
      handle: (records, _tx, sql) => ingest.queries(records.map((r) => r.value), sql),
    });
    for (;;) {
      const [{ n }] = await prisma.$queryRawUnsafe<Array<{ n: number }>>('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1', group);
      if (n >= events.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ingestSecs = (performance.now() - t0) / 1000;
    await consumer.stop();
    const [{ rows }] = await prisma.$queryRawUnsafe<Array<{ rows: number }>>('SELECT (SELECT count(*) FROM query_usage) + (SELECT count(*) FROM supplier_usage) + (SELECT count(*) FROM worker_usage) + (SELECT count(*) FROM subject_usage) AS rows');

    // 2b. The same, with the suppliers' protocol lines written into the outbox in the same
    // transaction (issue 20), into a database of its own (the relay not running: the rows stay).
    const db2 = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: 'reporting_bench_protocol' });
    const prisma2 = new ReportingDb(db2.url);
    let protocolSecs = 0;
    let lines = 0;
    try {
      const withLines = new UsageIngest(new PgReportingStore(), new KafkaProtocolOutbox({ protocol: topics.supplierProtocol } as ReportingTopics, { nudge: () => undefined }));
      const group2 = `bench-${run}-protocol`;
      t0 = performance.now();
      const consumer2 = await platform.consume({
        topic,
        groupId: group2,
        inbox: new Inbox(prismaTransactor(prisma2)),
        eventIdOf: (v) => v.eventId,
        handle: (records, _tx, sql) => withLines.queries(records.map((r) => r.value), sql),
      });
      for (;;) {
        const [{ n }] = await prisma2.$queryRawUnsafe<Array<{ n: number }>>('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1', group2);
        if (n >= events.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      protocolSecs = (performance.now() - t0) / 1000;
      await consumer2.stop();
      [{ lines }] = await prisma2.$queryRawUnsafe<Array<{ lines: number }>>('SELECT count(*)::int AS lines FROM outbox_message');
    } finally {
      await prisma2.$disconnect();
      await db2.drop();
    }

    table(`ingest of ${N} attributed queries (${ORGS} organisations, 6 months)`, [
      { step: 'fold only (domain, no I/O)', 'events/s': Math.round(N / foldSecs), seconds: foldSecs.toFixed(2) },
      { step: 'Kafka -> inbox + aggregates (PostgreSQL)', 'events/s': Math.round(N / ingestSecs), seconds: ingestSecs.toFixed(2), 'aggregate rows': Number(rows) },
      { step: '... + protocol lines into the outbox', 'events/s': Math.round(N / protocolSecs), seconds: protocolSecs.toFixed(2), 'protocol lines': Number(lines) },
    ]);

    // 3. Building the month: every organisation's generic report and every supplier's six feeds.
    const outbox = {
      genericReport: (sql: SqlQuery, r: GenericReport) => addToOutbox(sql, customerUsage, r),
      supplierFeed: async (_sql: SqlQuery, _f: SupplierFeed) => undefined,
      flush: () => undefined,
    };
    const builds = new ReportBuilds(prismaTransactor(prisma), store, outbox, { now: () => Date.parse('2026-11-22T12:00:00Z') }, query.SupplierValues);
    const reports = new ReportReads(prismaTransactor(prisma), store, builds);
    t0 = performance.now();
    const built = await builds.buildMonth('2026-11');
    const buildSecs = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const rebuilt = await builds.buildMonth('2026-11');
    const rebuildSecs = (performance.now() - t0) / 1000;
    const caller = { homeMunicipalityId: 'bkwi', roles: ['SECURITY_OFFICER' as const] };
    const served = await reports.genericReport(caller, org(1).id, '2026-11');
    const renders = 200;
    t0 = performance.now();
    for (let i = 0; i < renders; i++) await reports.genericReport(caller, org(i % ORGS).id, '2026-11');
    const readMs = (performance.now() - t0) / renders;
    t0 = performance.now();
    for (let i = 0; i < renders; i++) genericReportHtml(served.report);
    const htmlMs = (performance.now() - t0) / renders;
    t0 = performance.now();
    for (let i = 0; i < renders; i++) genericReportCsv(served.report);
    const csvMs = (performance.now() - t0) / renders;
    table('reports of month 2026-11', [
      { step: 'build month (first versions)', reports: built.length, created: built.filter((r) => r.created).length, 'total s': buildSecs.toFixed(2), 'ms/report': ((buildSecs * 1000) / built.length).toFixed(1) },
      { step: 'rebuild month (nothing changed)', reports: rebuilt.length, created: rebuilt.filter((r) => r.created).length, 'total s': rebuildSecs.toFixed(2), 'ms/report': ((rebuildSecs * 1000) / rebuilt.length).toFixed(1) },
      { step: 'read stored generic report (JSON)', reports: renders, created: 0, 'total s': ((readMs * renders) / 1000).toFixed(2), 'ms/report': readMs.toFixed(2) },
      { step: 'render HTML with chart', reports: renders, created: 0, 'total s': ((htmlMs * renders) / 1000).toFixed(2), 'ms/report': htmlMs.toFixed(3) },
      { step: 'render CSV', reports: renders, created: 0, 'total s': ((csvMs * renders) / 1000).toFixed(2), 'ms/report': csvMs.toFixed(3) },
    ]);
  } finally {
    await prisma.$disconnect();
    await db.drop();
    const admin = platform.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic.name, customerUsage.name] });
    await admin.disconnect();
    await platform.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
