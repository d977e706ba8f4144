/**
 * Supplier reporting against the real broker and PostgreSQL: a known set of events goes through
 * Kafka into the service; every figure of every report, feed and protocol list is compared with
 * a second calculation made here from the same events (test/expected.ts). Then a replay from
 * offset 0 into a fresh database must give byte-identical reports, a late event for a closed
 * month must give version 2, and one municipality must not read another's report.
 */
process.env.LOG_LEVEL ??= 'warn';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { query, reporting, TopicSpec } from '@inkijk/contracts';
import { codecFor, createHttpApp, KafkaPlatform } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { testAuth, TestAuth, testKafka, kafkaEnvOf, deleteTopicsStartingWith } from '@inkijk/testing';
import { SupplierReportingModule } from '../src/app.module';
import { ReportingRuntime } from '../src/adapters/kafka/reporting-runtime';
import { ReportingTopics } from '../src/adapters/kafka/reporting-topics';
import { loadSupplierReportingConfig } from '../src/config';
import { reportingTopicsOf } from './run-topics';
import { expectedGenericReport, expectedProtocolLines, expectedSpecificReport, expectedSupplierFeed, organisationsWithUse, periodOf } from './expected';
import { actions, BEEK, BEEKDAELEN_ID, BKWI_ID, HAARLEM, lateQuery, publishedAt, queries, SITTARD, STEIN, ZANDVOORT } from './scenario';

const run = randomUUID().slice(0, 8);
const TOPICS: ReportingTopics = reportingTopicsOf(run, 'reporting');
/** The service's clock: 22 November 2026, so October is closed and November is open. */
const NOW = Date.parse('2026-11-22T11:00:00Z');
const REPORT_MONTHS = ['2026-11', '2026-04'];
const USAGE_MONTHS = [...periodOf('2026-11'), ...periodOf('2026-04')];
const SUPPLIERS = query.SupplierValues;

const QUERIES = queries();
const USERS = actions();
const LATE = lateQuery();

interface Instance {
  name: string;
  app: INestApplication;
  pool: Pool;
  groups: { attributedQueries: string; activity: string };
  drop: () => Promise<void>;
}

let auth: TestAuth;
let platform: KafkaPlatform;
const instances: Instance[] = [];
let officer: string;
const mandated = (org: string) => auth.token({ userId: `mandated-${org}`, homeMunicipalityId: org, roles: ['MANDATED_PERSON'] });

async function startInstance(name: string): Promise<Instance> {
  const db = await createMigratedDatabase({ migrationsDir: path.join(__dirname, '../prisma/migrations'), prefix: `reporting_test_${name}` });
  const config = loadSupplierReportingConfig({
    DATABASE_URL: db.url,
    ...kafkaEnvOf(),
    KAFKA_CLIENT_ID: `reporting-test-${run}-${name}`,
    AUTH_JWKS: auth.jwksJson,
    REPORT_SCHEDULER_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
  });
  const groups = { attributedQueries: `test-${run}-${name}-queries`, activity: `test-${run}-${name}-activity` };
  const app = await createHttpApp(SupplierReportingModule.forConfig(config, { topics: TOPICS, groups, clock: { now: () => NOW } }), { service: `supplier-reporting-${name}` });
  await app.init();
  const instance: Instance = { name, app, pool: new Pool({ connectionString: db.url, max: 2 }), groups, drop: () => db.drop() };
  instances.push(instance);
  return instance;
}

async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const processed = async (i: Instance, group: string) => (await i.pool.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1', [group])).rows[0].n as number;
/** Every action of the scenario processed (the topic also carries the downloads of this test, which count in no report). */
const actionsProcessed = async (i: Instance) =>
  (await i.pool.query('SELECT count(*)::int AS n FROM inbox_message WHERE consumer_group = $1 AND event_id = ANY($2::text[])', [i.groups.activity, USERS.map((u) => u.eventId)])).rows[0].n as number;
async function waitUntilConsumed(i: Instance, queryCount: number, actionCount: number) {
  await waitFor(async () => (await processed(i, i.groups.attributedQueries)) === queryCount && (await actionsProcessed(i)) === actionCount, `${i.name} to consume every event`);
}

const get = (i: Instance, url: string, token?: string) => {
  const r = request(i.app.getHttpServer()).get(url);
  return token ? r.set('Authorization', `Bearer ${token}`) : r;
};
const post = (i: Instance, url: string, token: string) => request(i.app.getHttpServer()).post(url).set('Authorization', `Bearer ${token}`);
const tick = (i: Instance) => i.app.get(ReportingRuntime).tick();

/** Builds like the service does in production: the timer for the current month, the officer's endpoint for an older one. */
async function buildReports(i: Instance) {
  const timer = await tick(i);
  const older = await post(i, '/reports/builds/2026-04', officer);
  expect(older.status).toBe(200);
  return { timer, older: older.body as { reports: Array<{ kind: string; scope: string; created: boolean }> } };
}

/** Every record on a topic, decoded, read from the beginning until `until` holds. */
async function readTopic<T>(topic: TopicSpec<T>, until: (records: T[]) => boolean, timeoutMs = 30_000): Promise<T[]> {
  const consumer = platform.kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const got: T[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(codecFor(topic).decode(message.value)) });
  try {
    await waitFor(async () => until(got), `records on ${topic.name}`, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return got;
}

/**
 * Every download of both instances' reports, by path: the byte-for-byte comparison of a replay.
 * Eight at a time, as several readers would: each download is recorded durably before it is sent.
 */
async function everyDownload(i: Instance): Promise<Map<string, string>> {
  const urls: Array<[string, string]> = [];
  for (const month of REPORT_MONTHS) {
    for (const org of organisationsWithUse(month, QUERIES, USERS)) {
      for (const file of ['report.json', 'report.csv', 'report.html']) urls.push([`/reports/generic/${org}/${month}/${file}`, officer]);
      urls.push([`/reports/specific/${org}/${month}/report.json`, await mandated(org)]);
    }
  }
  for (const month of USAGE_MONTHS) {
    for (const supplier of SUPPLIERS) for (const file of ['feed.json', 'feed.csv']) urls.push([`/feeds/suppliers/${supplier}/${month}/${file}`, officer]);
    for (const org of [ZANDVOORT.id, HAARLEM.id, BEEK.id]) urls.push([`/feeds/rvig/protocol/${org}/${month}/protocol.csv`, officer]);
  }
  const bodies = new Map<string, string>();
  for (let k = 0; k < urls.length; k += 8) {
    await Promise.all(
      urls.slice(k, k + 8).map(async ([url, token]) => {
        const res = await get(i, url, token);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        bodies.set(url, res.text);
      }),
    );
  }
  return new Map(urls.map(([url]) => [url, bodies.get(url)!]));
}

let a: Instance;

beforeAll(async () => {
  auth = await testAuth();
  officer = await auth.token({ userId: 'officer-1', homeMunicipalityId: BKWI_ID, roles: ['SECURITY_OFFICER'] });
  platform = await KafkaPlatform.connect({ clientId: `reporting-test-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([TOPICS.attributedQueries, TOPICS.activity, TOPICS.customerUsage, ...Object.values(TOPICS.supplierUsage), ...Object.values(TOPICS.protocol)]);
  // Every event once, and one of them twice (a producer retry): it must count once.
  await Promise.all([...QUERIES, QUERIES[0]].map((q) => platform.producerFor(TOPICS.attributedQueries).send(q, { timestamp: publishedAt(q) })));
  await Promise.all(USERS.map((u) => platform.producerFor(TOPICS.activity).send(u, { timestamp: publishedAt(u) })));
  a = await startInstance('a');
  await waitUntilConsumed(a, QUERIES.length, USERS.length);
  await buildReports(a);
}, 120_000);

afterAll(async () => {
  for (const i of instances) {
    await i.app.close().catch(() => undefined);
    await i.pool.end().catch(() => undefined);
    await i.drop().catch(() => undefined);
  }
  if (platform) {
    await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
    await platform.close();
  }
}, 60_000);

describe('reports built from a known set of events', () => {
  it('has a generic report for every organisation with use in the period, every figure as computed independently', async () => {
    for (const month of REPORT_MONTHS) {
      const orgs = organisationsWithUse(month, QUERIES, USERS);
      expect(orgs.length).toBeGreaterThanOrEqual(4);
      for (const org of orgs) {
        const res = await get(a, `/reports/generic/${org}/${month}`, officer);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toContain('application/json');
        expect(res.headers['x-report-version']).toBe('1');
        expect(res.body).toEqual(expectedGenericReport(org, month, 1, QUERIES, USERS));
      }
    }
    // The figures the scenario was written for, spelled out once.
    const z = (await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11`, officer)).body as reporting.CustomerUsageReport;
    const october = z.months.find((m) => m.month === '2026-10')!;
    expect(october).toMatchObject({ sourceQueries: 15, abortedSearches: 2, nonBsnSearchKeyQueries: 2, outsideOfficeHoursQueries: 8, accountManagementActions: 1, notOnCaseloadQueries: 1 });
    expect(october.escapes).toEqual({ ENFORCEMENT: 2, NEW_APPLICATION: 2 });
    expect(october.byCollaboration).toEqual({ 'collab-beek-zandvoort-ioaz': 3, 'collab-haarlem-zandvoort': 12 });
    const beekdaelen = (await get(a, `/reports/generic/${BEEKDAELEN_ID}/2026-11`, officer)).body as reporting.CustomerUsageReport;
    expect(beekdaelen).toMatchObject({ customerOin: null, customerName: null });
    expect(beekdaelen.months.map((m) => m.accountManagementActions)).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it('builds one report per organisation with use and one feed per supplier and month, as the officer asked', async () => {
    const second = await post(a, '/reports/builds/2026-04', officer);
    expect(second.status).toBe(200);
    const reports = second.body.reports as Array<{ kind: string; scope: string; month: string; version: number; created: boolean }>;
    expect(reports.filter((r) => r.kind === 'GENERIC').map((r) => r.scope).sort()).toEqual(organisationsWithUse('2026-04', QUERIES, USERS));
    expect(reports.filter((r) => r.kind === 'SUPPLIER')).toHaveLength(6 * SUPPLIERS.length);
    // A rebuild that changes nothing keeps every version.
    expect(second.body.created).toBe(0);
    expect(reports.every((r) => r.version === 1)).toBe(true);
  });

  it('feeds every supplier its queries per customer organisation, month by month', async () => {
    for (const month of USAGE_MONTHS) {
      for (const supplier of SUPPLIERS) {
        const res = await get(a, `/feeds/suppliers/${supplier}/${month}`, officer);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(expectedSupplierFeed(supplier, month, 1, QUERIES));
      }
    }
    const brp = (await get(a, '/feeds/suppliers/rvig/2026-10', officer)).body as reporting.SupplierUsageReport;
    // In organisation id order. Aborted, denied and overview queries did not call BRP; a household lists 3 persons.
    expect(brp.lines.map((l) => [l.customerName, l.queries, l.personListsProvided])).toEqual([
      ['Haarlem', 2, 2],
      ['Zandvoort', 10, 12],
      ['Beek', 1, 3],
      ['Stein', 1, 1],
    ]);
    const csv = (await get(a, '/feeds/suppliers/BRP/2026-10/feed.csv', officer)).text.trimEnd().split('\r\n');
    expect(csv[0]).toBe('supplier,month,version,customer_organisation_id,customer_oin,customer_name,queries,person_lists_provided');
    expect(csv.slice(1)).toEqual(brp.lines.map((l) => ['BRP', '2026-10', 1, l.customerOrganisationId, l.customerOin, l.customerName, l.queries, l.personListsProvided].join(',')));
  });

  it("gives RvIG the protocol lines per customer organisation: which person lists were provided, pseudonymised", async () => {
    for (const month of USAGE_MONTHS) {
      for (const org of [ZANDVOORT, HAARLEM, BEEK, STEIN, SITTARD]) {
        const res = await get(a, `/feeds/rvig/protocol/${org.id}/${month}`, officer);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ supplier: 'BRP', customerOrganisationId: org.id, month, lines: expectedProtocolLines(org.id, month, QUERIES) });
      }
    }
    const csv = (await get(a, `/feeds/rvig/protocol/${ZANDVOORT.id}/2026-10?format=csv`, officer)).text;
    const expected = expectedProtocolLines(ZANDVOORT.id, '2026-10', QUERIES);
    expect(csv.trimEnd().split('\r\n')).toEqual([
      'date,customer_oin,product,subject_pseudonym,person_lists_provided',
      ...expected.map((l) => [l.date, l.customerOin, l.product, l.subjectPseudonym ?? '', l.personListsProvided].join(',')),
    ]);
    expect(expected.map((l) => l.date)).toContain('2026-10-31'); // 23:59 local on the 31st, 22:59 UTC
    expect(csv).not.toMatch(/(?<!\d)\d{9}(?!\d)/); // no BSN
    // An organisation nobody ever queried for has no protocol list at all, not an empty one.
    const unknown = await get(a, '/feeds/rvig/protocol/0a000000-0000-4000-8000-00000000dead/2026-10', officer);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ORGANISATION_UNKNOWN']);
  });

  it("gives an organisation's mandated person the specific report: queries per worker and the most-queried pseudonyms", async () => {
    for (const org of organisationsWithUse('2026-11', QUERIES, USERS)) {
      const res = await get(a, `/reports/specific/${org}/2026-11`, await mandated(org));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expectedSpecificReport(org, '2026-11', QUERIES, USERS));
    }
    const z = await get(a, `/reports/specific/${ZANDVOORT.id}/2026-11?format=csv`, await mandated(ZANDVOORT.id));
    expect(z.text).toContain('worker,user-haarlem-1,2026-10,12');
    expect(z.text).not.toMatch(/(?<!\d)\d{9}(?!\d)/);
  });

  it('lists logins per person, failed logins and lockouts, failures without an account, and the most active administrators', async () => {
    const z = (await get(a, `/reports/specific/${ZANDVOORT.id}/2026-11`, await mandated(ZANDVOORT.id))).body;
    const none = { logins: 0, failedLogins: 0, lockouts: 0 };
    expect(z.logins).toEqual([
      { userId: 'user-zandvoort-1', logins: 3, failedLogins: 0, lockouts: 0, byMonth: { '2026-09': { ...none, logins: 1 }, '2026-10': { ...none, logins: 2 } } },
      { userId: 'user-zandvoort-2', logins: 0, failedLogins: 3, lockouts: 1, byMonth: { '2026-10': { logins: 0, failedLogins: 3, lockouts: 1 } } },
    ]);
    expect(z.failedLoginsWithoutAccount).toEqual({ total: 1, byMonth: { '2026-10': 1 } });
    const h = (await get(a, `/reports/specific/${HAARLEM.id}/2026-11`, await mandated(HAARLEM.id))).body;
    expect(h.topAdministrators).toEqual([
      { userId: 'admin-0392', actions: 6, byMonth: { '2026-09': 2, '2026-10': 4 } },
      { userId: 'admin-second', actions: 1, byMonth: { '2026-10': 1 } },
    ]);
    // The generic report counts the same account management, four-eyes steps and the lifted lockout included; no login.
    const generic = (await get(a, `/reports/generic/${HAARLEM.id}/2026-11`, officer)).body as reporting.CustomerUsageReport;
    expect(generic.months.map((m) => m.accountManagementActions)).toEqual([0, 0, 0, 0, 2, 5]);
    const csv = (await get(a, `/reports/specific/${ZANDVOORT.id}/2026-11/report.csv`, await mandated(ZANDVOORT.id))).text.split('\r\n');
    expect(csv[0]).toBe('kind,id,month,count');
    expect(csv).toEqual(expect.arrayContaining(['login,user-zandvoort-1,2026-10,2', 'failed_login,user-zandvoort-2,2026-10,3', 'lockout,user-zandvoort-2,2026-10,1', 'failed_login_without_account,,2026-10,1']));
    expect(csv.filter((l) => l.startsWith('administrator,'))).toEqual(['administrator,admin-0473,2026-05,0', 'administrator,admin-0473,2026-06,0', 'administrator,admin-0473,2026-07,0', 'administrator,admin-0473,2026-08,0', 'administrator,admin-0473,2026-09,0', 'administrator,admin-0473,2026-10,1']);
  });

  it('renders the generic report as CSV and as a readable HTML page with a chart, with the same figures', async () => {
    const expected = expectedGenericReport(ZANDVOORT.id, '2026-11', 1, QUERIES, USERS);
    const csv = await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11?format=csv`, await mandated(ZANDVOORT.id));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment;');
    const rows = csv.text.trimEnd().split('\r\n').slice(1).map((l) => l.split(','));
    for (const m of expected.months) {
      for (const measure of ['sourceQueries', 'accountManagementActions', 'abortedSearches', 'nonBsnSearchKeyQueries', 'nonBsnSearchKeyShare', 'outsideOfficeHoursQueries', 'outsideOfficeHoursShare', 'notOnCaseloadQueries', 'notOnCaseloadShare'] as const) {
        expect(rows).toContainEqual([ZANDVOORT.id, '2026-11', '1', m.month, measure, '', String(m[measure])]);
      }
      for (const measure of ['escapes', 'byProduct', 'byCollaboration', 'bySupplier'] as const) {
        for (const [k, v] of Object.entries(m[measure])) expect(rows).toContainEqual([ZANDVOORT.id, '2026-11', '1', m.month, measure, k, String(v)]);
      }
    }
    const html = await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11/report.html`, await mandated(ZANDVOORT.id));
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toMatch(/<svg[^>]+role="img"/);
    expect(html.text.match(/<rect class="bar"/g)).toHaveLength(12);
    for (const m of expected.months) expect(html.text).toContain(`<tr><th scope="row">${m.month}</th><td>${m.sourceQueries}</td><td>${m.accountManagementActions}</td><td>${m.abortedSearches}</td>`);
  });

  it('publishes each report version as an Avro record on the customer-usage and supplier topics', async () => {
    const generic = REPORT_MONTHS.flatMap((m) => organisationsWithUse(m, QUERIES, USERS).map((org) => expectedGenericReport(org, m, 1, QUERIES, USERS)));
    const records = await readTopic(TOPICS.customerUsage, (r) => r.length >= generic.length);
    expect(records).toHaveLength(generic.length);
    expect(records).toEqual(expect.arrayContaining(generic));
    const brp = await readTopic(TOPICS.supplierUsage.BRP, (r) => r.length >= USAGE_MONTHS.length);
    expect(brp.sort((x, y) => x.month.localeCompare(y.month))).toEqual(USAGE_MONTHS.sort().map((m) => expectedSupplierFeed('BRP', m, 1, QUERIES)));
  });
});

describe('who may read what', () => {
  it("refuses one municipality another's report, and the specific report to anyone but the organisation's mandated persons", async () => {
    const haarlemMandated = await mandated(HAARLEM.id);
    expect((await get(a, `/reports/generic/${HAARLEM.id}/2026-11`, haarlemMandated)).status).toBe(200);
    const other = await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11`, haarlemMandated);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('GENERIC_REPORT_FORBIDDEN');
    expect(JSON.stringify(other.body)).not.toContain('sourceQueries');
    expect((await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11/report.csv`, haarlemMandated)).status).toBe(403);
    expect((await get(a, `/reports/specific/${ZANDVOORT.id}/2026-11`, haarlemMandated)).body.code).toBe('SPECIFIC_REPORT_FORBIDDEN');
    expect((await get(a, `/reports/specific/${ZANDVOORT.id}/2026-11`, officer)).status).toBe(403);
    const worker = await auth.token({ userId: 'w', homeMunicipalityId: ZANDVOORT.id, roles: ['WORKER'] });
    expect((await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11`, worker)).body.code).toBe('GENERIC_REPORT_FORBIDDEN');
    expect((await get(a, '/feeds/suppliers/BRP/2026-10', haarlemMandated)).body.code).toBe('SUPPLIER_FEED_FORBIDDEN');
    expect((await get(a, `/feeds/rvig/protocol/${HAARLEM.id}/2026-10`, haarlemMandated)).body.code).toBe('PROTOCOL_LINES_FORBIDDEN');
    expect((await post(a, '/reports/builds/2026-11', haarlemMandated)).body.code).toBe('REPORT_BUILD_FORBIDDEN');
    expect((await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11`)).status).toBe(401);
  });

  it('answers bad input with a code: month format, open months, versions, suppliers, unknown organisations', async () => {
    const expectCode = async (url: string, status: number, code: string) => {
      const res = await get(a, url, officer);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(typeof res.body.message).toBe('string');
    };
    await expectCode(`/reports/generic/${ZANDVOORT.id}/2026-13`, 400, 'INVALID_MONTH');
    await expectCode(`/reports/generic/${ZANDVOORT.id}/oct-2026`, 400, 'INVALID_MONTH');
    await expectCode(`/feeds/suppliers/BRP/2026-1`, 400, 'INVALID_MONTH');
    await expectCode(`/reports/generic/${ZANDVOORT.id}/2026-12`, 409, 'MONTH_NOT_CLOSED');
    await expectCode('/feeds/suppliers/BRP/2026-11', 409, 'MONTH_NOT_CLOSED');
    await expectCode(`/reports/generic/${ZANDVOORT.id}/2026-11?version=7`, 404, 'REPORT_VERSION_NOT_FOUND');
    await expectCode(`/reports/generic/${ZANDVOORT.id}/2026-11?version=x`, 400, 'INVALID_VERSION');
    await expectCode(`/reports/generic/${ZANDVOORT.id}/2026-11?format=pdf`, 400, 'UNKNOWN_FORMAT');
    await expectCode('/feeds/suppliers/ACME/2026-10', 400, 'UNKNOWN_SUPPLIER');
    await expectCode(`/reports/generic/${randomUUID()}/2026-11`, 404, 'ORGANISATION_UNKNOWN');
  });
});

describe('replay and late events', () => {
  let b: Instance;
  let before: Map<string, string>;

  it('rebuilds byte-identical reports from offset 0 into a fresh database (new consumer groups)', async () => {
    b = await startInstance('b');
    await waitUntilConsumed(b, QUERIES.length, USERS.length);
    await buildReports(b);
    before = await everyDownload(a);
    const replayed = await everyDownload(b);
    expect(replayed.size).toBe(before.size);
    expect(before.size).toBeGreaterThan(200);
    for (const [url, body] of before) expect({ url, body: replayed.get(url) }).toEqual({ url, body });
  });

  it('turns a late event for a closed month into version 2 of the reports it changes, keeping version 1', async () => {
    await platform.producerFor(TOPICS.attributedQueries).send(LATE, { timestamp: publishedAt(LATE) });
    for (const i of [a, b]) await waitUntilConsumed(i, QUERIES.length + 1, USERS.length);
    const withLate = [...QUERIES, LATE];
    for (const i of [a, b]) {
      const { refreshed } = await tick(i);
      expect(refreshed.filter((r) => r.created).map((r) => `${r.kind}/${r.scope}/${r.month}/v${r.version}`).sort()).toEqual(
        [`GENERIC/${ZANDVOORT.id}/2026-11/v2`, ...['BRP'].map((s) => `SUPPLIER/${s}/2026-10/v2`)].sort(),
      );
    }
    const v2 = await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11`, officer);
    expect(v2.headers['x-report-version']).toBe('2');
    expect(v2.body).toEqual(expectedGenericReport(ZANDVOORT.id, '2026-11', 2, withLate, USERS));
    expect(v2.body.months[5].escapes).toEqual({ ENFORCEMENT: 3, NEW_APPLICATION: 2 });
    const v1 = await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11?version=1`, officer);
    expect(v1.text).toBe(before.get(`/reports/generic/${ZANDVOORT.id}/2026-11/report.json`));
    const versions = await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11/versions`, officer);
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await get(a, '/feeds/suppliers/BRP/2026-10', officer)).body).toEqual(expectedSupplierFeed('BRP', '2026-10', 2, withLate));
    expect((await get(a, '/feeds/suppliers/UWV/2026-10', officer)).headers['x-report-version']).toBe('1');
    expect((await get(a, `/reports/generic/${HAARLEM.id}/2026-11`, officer)).headers['x-report-version']).toBe('1');
    expect((await get(a, `/reports/generic/${ZANDVOORT.id}/2026-11/report.html`, officer)).text).toContain('<dt>Version</dt><dd>2</dd>');
    expect((await get(a, `/feeds/rvig/protocol/${ZANDVOORT.id}/2026-10`, officer)).body.lines).toEqual(expectedProtocolLines(ZANDVOORT.id, '2026-10', withLate));

    // Both databases went through the same history: the same bytes again, version 2 included.
    const afterA = await everyDownload(a);
    const afterB = await everyDownload(b);
    for (const [url, body] of afterA) expect({ url, body: afterB.get(url) }).toEqual({ url, body });
    expect((await get(b, `/reports/generic/${ZANDVOORT.id}/2026-11?version=1`, officer)).text).toBe(v1.text);

    // The officer's rebuild finds nothing new; the new version went out on the feed topic.
    expect((await post(a, '/reports/builds/2026-11', officer)).body.created).toBe(0);
    const records = await readTopic(TOPICS.customerUsage, (r) => r.some((x) => x.customerOrganisationId === ZANDVOORT.id && x.month === '2026-11' && x.version === 2));
    expect(records.find((x) => x.customerOrganisationId === ZANDVOORT.id && x.month === '2026-11' && x.version === 2)).toEqual(v2.body);
  });

  it('replays the whole topic, late event included, into the newest content as one version', async () => {
    const c = await startInstance('c');
    await waitUntilConsumed(c, QUERIES.length + 1, USERS.length);
    await buildReports(c);
    const latestA = await everyDownload(a);
    const replayed = await everyDownload(c);
    const content = (json: string) => {
      const { reportId: _id, version: _v, ...rest } = JSON.parse(json);
      return rest;
    };
    for (const [url, body] of latestA) {
      if (url.includes(`/generic/${ZANDVOORT.id}/2026-11/`) || url.includes('/suppliers/BRP/2026-10/')) {
        // Version 2 there, version 1 here: the same content under another version number.
        if (url.endsWith('.json')) expect(content(replayed.get(url)!)).toEqual(content(body));
        continue;
      }
      expect({ url, body: replayed.get(url) }).toEqual({ url, body });
    }
  });
});
