/**
 * The fault suite (issue 19): the whole system, every service its own process, on the 3-broker
 * replicated cluster and a PostgreSQL server of the suite's own, under a steady open-loop load of
 * permitted queries through the gateway while, one after another, faults are injected and
 * undone. After catching up it asserts: every answered query has exactly one audit record and is
 * counted once in reporting; no duplicates; every 503 carried no data; every attributed query on
 * the topic reached the audit log (completeness); the chains verify; no record was parked as
 * PROCESSING_FAILED; the gateway counted every 503. It prints a table per fault.
 *
 * FAULTS_FORM=short (npm test): the partition leader broker killed and restarted, the audit log
 * killed -9 and restarted, PostgreSQL stopped for 30 s. FAULTS_FORM=long (npm run bench --
 * faults): also a hung broker (SIGSTOP), every other consumer service and the gateway killed -9
 * (the gateway while requests are in flight), at a higher rate.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JWK } from 'jose';
import { Pool } from 'pg';
import { isBsn, topics, TopicSpec } from '@inkijk/contracts';
import { codecFor, TokenIssuer } from '@inkijk/platform';
import { activeCollaboration, brokerCredentials, callJson as call, metricSum, scrapeMetrics, ServiceName, Stack, startStack, TestMunicipality } from '@inkijk/testing';
import { FaultCluster, leaderOf, OwnPostgres, ROOT, underReplicated, waitFor } from './infra';
import { faultRow, FaultWindow, LoadQuery, markdownTable, OpenLoad } from './load';

const FORM = process.env.FAULTS_FORM === 'long' ? 'long' : 'short';
const RATE = Number(process.env.FAULTS_RATE ?? (FORM === 'long' ? 40 : 20));
const PG_OUTAGE_MS = Number(process.env.FAULTS_PG_OUTAGE_S ?? 30) * 1000;
const BROKER_DOWN_MS = Number(process.env.FAULTS_BROKER_DOWN_S ?? 10) * 1000;
const WORKERS = 3;

jest.setTimeout(30 * 60_000);

const run = randomUUID().slice(0, 6);
const suiteStarted = Date.now();
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
const cluster = new FaultCluster();
const pg = new OwnPostgres();
/** Whether this run started the cluster (then it stops it at the end, unless FAULTS_KEEP_CLUSTER=true). */
let clusterStartedHere = false;
let stack: Stack;
let auditDb: Pool;
let officer: string;
let load: OpenLoad;
const windows: FaultWindow[] = [];
const restartedServices = new Set<ServiceName>();
const municipalities: TestMunicipality[] = [
  { id: randomUUID(), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' },
  { id: randomUUID(), cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' },
  { id: randomUUID(), cbsCode: 'GM0383', oin: '00000099000000000383', name: 'Velsen' },
];

/** Valid BSNs (the one check: contracts' isBsn), from 999990000 on. */
function validBsns(n: number): string[] {
  const out: string[] = [];
  for (let x = 999990000; out.length < n; x++) if (isBsn(String(x))) out.push(String(x));
  return out;
}
const bsns = validBsns(9);
const whitelistOf = (m: number) => bsns.slice(m * 3, m * 3 + 3);
const workerTokens: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => process.stdout.write(`[faults] ${line}\n`);

/** Answered query ids whose answer came before `until` (ms since the load started). */
const answeredIds = (until = Infinity) => load.samples.filter((s) => s.status === 200 && s.queryId && s.at + s.ms <= until).map((s) => s.queryId!);

async function auditCount(ids: string[]): Promise<number> {
  const r = await auditDb.query<{ n: string }>(`select count(*) as n from audit_record where kind = 'QUERY' and event_id = any($1::text[])`, [ids]);
  return Number(r.rows[0].n);
}

async function everyServiceReady(timeoutMs = 180_000): Promise<void> {
  for (const [name, url] of Object.entries(stack.urls) as Array<[ServiceName, string]>) {
    await waitFor(`${name} to be ready`, async () => {
      if (stack.pid(name) === undefined) {
        const log = fs.readFileSync(path.join(stack.logsDir, `${name}.log`), 'utf8').split('\n');
        const crash = log.findIndex((l) => /^\S+Error|throw er|Unhandled/.test(l));
        throw new Error(`${name} exited (no fault of this suite killed it); its log:\n${log.slice(crash >= 0 ? Math.max(0, crash - 3) : -30, crash >= 0 ? crash + 12 : undefined).join('\n')}`);
      }
      return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.status === 200;
    }, timeoutMs, 500);
  }
}

/**
 * One fault: inject, hold, restore (always), then wait until the audit log holds every query
 * answered before the fault ended, every service is ready and every partition fully replicated
 * again, so that each fault starts from a whole system.
 */
async function fault(name: string, inject: () => Promise<void>, holdMs: number, restore: () => Promise<void>): Promise<void> {
  const from = load.now();
  say(`${name}: begins at ${(from / 1000).toFixed(1)} s`);
  try {
    await inject();
    await sleep(holdMs);
  } finally {
    await restore();
  }
  const w: FaultWindow = { name, from, to: load.now(), until: Infinity };
  windows.push(w);
  say(`${name}: undone after ${((w.to - from) / 1000).toFixed(1)} s`);
  const ids = answeredIds(w.to);
  try {
    await waitFor(`the audit log to hold the ${ids.length} queries answered so far`, async () => (await auditCount(ids).catch(() => -1)) === ids.length, 180_000, 500);
    w.caughtUpMs = load.now() - w.to;
  } catch (e) {
    say(`${name}: ${(e as Error).message}`);
  }
  await everyServiceReady();
  const admin = cluster.kafka(brokerCredentials());
  await waitFor('every partition in sync on three brokers', async () => (await underReplicated(admin, await allTopics()).catch(() => 1)) === 0, 180_000, 1000);
  await sleep(3000); // a few seconds of plain load between faults
  w.until = load.now();
}

let topicList: string[] | undefined;
async function allTopics(): Promise<string[]> {
  if (topicList) return topicList;
  const admin = cluster.kafka(brokerCredentials()).admin();
  await admin.connect();
  try {
    topicList = (await admin.listTopics()).filter((t) => t.startsWith('inkijk.') || t.startsWith('__'));
    return topicList;
  } finally {
    await admin.disconnect();
  }
}

async function killService(name: ServiceName, opts: { midRequest?: boolean } = {}): Promise<void> {
  if (opts.midRequest) await waitFor('a query in flight', () => load.inFlightCount() > 0, 10_000, 1);
  await stack.kill(name, 'SIGKILL');
  restartedServices.add(name);
}

/** Every record of `topic` up to its current end, through a consumer group of its own. */
async function readTopic<T>(topic: TopicSpec<T>): Promise<T[]> {
  const kafka = cluster.kafka(brokerCredentials());
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic.name)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `fault-suite-${run}-${randomUUID().slice(0, 4)}` });
  const out: T[] = [];
  const done = new Map([...ends].filter(([, high]) => high > 0).map(([p]) => [p, false]));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: topic.name, fromBeginning: true });
    const codec = codecFor(topic);
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        try {
          out.push(codec.decode(message.value));
        } catch {
          /* not ours to judge here */
        }
        if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) done.set(partition, true);
      },
    });
    await waitFor(`the end of ${topic.name}`, () => [...done.values()].every(Boolean), 120_000, 200);
  } finally {
    await consumer.disconnect();
  }
  return out;
}

beforeAll(async () => {
  const fresh = process.env.FAULTS_FRESH_CLUSTER === 'true';
  clusterStartedHere = fresh || cluster.running().length < cluster.nodes.length;
  say(`form ${FORM}, ${RATE} queries/s; cluster ${cluster.brokers} (${fresh ? 'fresh' : clusterStartedHere ? 'starting' : 'running'}, data ${path.relative(ROOT, cluster.dir)}), own PostgreSQL on 127.0.0.1:${pg.port}`);
  let t0 = Date.now();
  await Promise.all([cluster.start({ fresh }), pg.create()]);
  say(`cluster and PostgreSQL ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.env.KAFKA_BROKERS = cluster.brokers;
  process.env.KAFKA_CREDENTIALS_FILE = cluster.credentialsFile;
  process.env.DATABASE_URL = pg.url;
  t0 = Date.now();
  stack = await startStack({ env: { 'query-proxy': { LOG_LEVEL: 'warn' }, 'audit-log': { LOG_LEVEL: 'warn' }, 'supplier-reporting': { LOG_LEVEL: 'warn' } } });
  say(`stack ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; logs in ${stack.logsDir}`);
  auditDb = new Pool({ connectionString: stack.databaseUrls['audit-log'], max: 2, connectionTimeoutMillis: 2000 });
  auditDb.on('error', () => undefined); // the server goes away on purpose

  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  officer = await issuer.issue({ userId: `so-${run}`, homeMunicipalityId: municipalities[0].id, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' });
  const admin = (m: string) => issuer.issue({ userId: `admin-${m}`, homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Admin' });
  const reg = stack.urls.registration;
  await activeCollaboration(reg, officer, admin, municipalities, 'Zuid-Kennemerland');
  for (const [i, m] of municipalities.entries()) {
    const imported = await call(reg, 'POST', `/municipalities/${m.id}/whitelist/import`, await admin(m.id), { bsns: whitelistOf(i), effectiveDate: '2015-01-01' });
    expect(imported.status).toBe(200);
  }
  const password = 'fouten-wachtwoord-lang-genoeg';
  for (let w = 0; w < WORKERS; w++) {
    const home = municipalities[w % municipalities.length].id;
    const created = await call(reg, 'POST', '/users', await admin(home), { username: `faults-${w}-${run}`, displayName: `Medewerker ${w}`, homeMunicipalityId: home, password, roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
    expect(created.status).toBe(201);
    const login = await call(stack.urls['query-proxy'], 'POST', '/auth/login', null, { username: `faults-${w}-${run}`, password });
    expect(login.status).toBe(200);
    workerTokens.push(login.body.token);
  }
  for (const token of workerTokens) {
    await waitFor('the keuzelijst with the three municipalities', async () => {
      const r = await call(stack.urls['query-proxy'], 'GET', '/keuzelijst', token);
      return r.status === 200 && (r.body as unknown as unknown[]).length === municipalities.length;
    }, 60_000, 250);
  }
  say(`world registered (3 municipalities, ${WORKERS} workers logged in) in ${((Date.now() - t0) / 1000).toFixed(1)} s since the stack started`);
}, 600_000);

afterAll(async () => {
  await load?.stop().catch(() => undefined);
  // Whatever a failed fault left broken is restored before the stack goes (it drops its databases).
  for (const n of cluster.running()) cluster.signal(n, 'SIGCONT');
  if (!(await pg.running())) await pg.start().catch((e) => say(`PostgreSQL did not start again: ${(e as Error).message}`));
  await auditDb?.end().catch(() => undefined);
  await stack?.stop();
  await pg.destroy();
  if (clusterStartedHere && process.env.FAULTS_KEEP_CLUSTER !== 'true') await cluster.stop().catch(() => undefined);
  else if (cluster.running().length < cluster.nodes.length) await cluster.start().catch(() => undefined);
}, 180_000);

describe(`the fault suite (${FORM} form)`, () => {
  it('keeps answering or refusing with 503 through every fault, and catches up after each', async () => {
    load = new OpenLoad(
      () => stack.urls['query-proxy'],
      (i): LoadQuery => {
        const m = Math.floor(i / WORKERS) % municipalities.length;
        return { token: workerTokens[i % WORKERS], body: { actingForMunicipalityId: municipalities[m].id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: whitelistOf(m)[i % 3] } } };
      },
      RATE,
    );
    await sleep(Number(process.env.FAULTS_BASELINE_S ?? 5) * 1000);
    windows.push({ name: 'none (baseline)', from: 0, to: 0, until: load.now() });
    const admin = cluster.kafka(brokerCredentials());

    const leader = async () => (await leaderOf(admin, topics.attributedQueries.name)).node;
    const brokerKill = async () => {
      const node = await leader();
      await fault(`broker ${node} (partition leader) kill -9, ${BROKER_DOWN_MS / 1000} s down`, () => cluster.kill(node), BROKER_DOWN_MS, () => cluster.startNode(node));
    };
    const serviceKill = (name: ServiceName, opts: { midRequest?: boolean } = {}) => fault(`${name} kill -9${opts.midRequest ? ' mid-request' : ''}`, () => killService(name, opts), 2000, () => stack.restart(name));
    const pgStop = () => fault(`PostgreSQL stopped ${PG_OUTAGE_MS / 1000} s`, () => pg.stop(), PG_OUTAGE_MS, () => pg.start());

    try {
      await brokerKill();
      if (FORM === 'long') {
        const node = await leader();
        await fault(`broker ${node} (partition leader) hangs (SIGSTOP) 15 s`, async () => cluster.signal(node, 'SIGSTOP'), 15_000, async () => cluster.signal(node, 'SIGCONT'));
      }
      await serviceKill('audit-log');
      if (FORM === 'long') {
        await serviceKill('supplier-reporting');
        await serviceKill('authorization');
        await serviceKill('registration');
        await serviceKill('query-proxy', { midRequest: true });
      }
      await pgStop();
    } finally {
      // The load stops and the table is printed also when a fault did not recover.
      await load.stop();
      if (windows.length && windows[windows.length - 1].until === Infinity) windows[windows.length - 1].until = load.now();
      const rows = windows.map((w) => faultRow(load.samples, w));
      const table = markdownTable(rows);
      process.stdout.write(`\nFault suite, ${FORM} form: ${RATE} queries/s offered, ${WORKERS} workers, 3 municipalities; latency from the scheduled moment; recovery: to the first 200 for a query sent after the fault ended\n${table}\n\n`);
      const all = load.samples;
      say(`totals: ${all.length} sent, ${all.filter((s) => s.status === 200).length} answered, ${all.filter((s) => s.status === 503).length} 503, ${all.filter((s) => s.status === 0).length} without answer; errors ${JSON.stringify(countBy(all.filter((s) => s.status === 0).map((s) => s.error ?? '?')))}; codes ${JSON.stringify(countBy(all.filter((s) => s.status !== 200).map((s) => s.code ?? String(s.status))))}`);
      fs.mkdirSync(path.join(ROOT, '.data/faults'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, `.data/faults/${FORM}-${run}.md`), `${FORM} form, ${RATE} queries/s, ${new Date().toISOString()}\n\n${table}\n`);
    }
    const total = load.samples;
    // Every phase, the baseline included, answered most queries offered to it.
    expect(total.filter((s) => s.status === 200).length).toBeGreaterThan(total.length * 0.5);
    expect(countBy(total.filter((s) => s.status !== 200 && s.status !== 503 && s.status !== 0).map((s) => `${s.status} ${s.code}`))).toEqual({});
  });

  it('gives every 503 without data, and never data without a 200', () => {
    const leaks = load.samples.filter((s) => s.status !== 200 && s.data);
    expect(leaks).toEqual([]);
    // No log (LOG_UNAVAILABLE), or a gateway just started whose read model is still replaying.
    expect(countBy(load.samples.filter((s) => s.status === 503 && s.code !== 'LOG_UNAVAILABLE' && s.code !== 'READ_MODEL_NOT_READY').map((s) => s.code ?? '?'))).toEqual({});
  });

  it('has exactly one audit record for every answered query, and no duplicates', async () => {
    const ids = answeredIds();
    expect(new Set(ids).size).toBe(ids.length);
    await waitFor('the audit log to hold every answered query', async () => (await auditCount(ids)) === ids.length, 120_000, 500).catch(() => undefined);
    const r = await auditDb.query<{ event_id: string; n: string }>(`select event_id, count(*) as n from audit_record where kind = 'QUERY' and event_id = any($1::text[]) group by event_id`, [ids]);
    const found = new Map(r.rows.map((x) => [x.event_id, Number(x.n)]));
    const missing = ids.filter((id) => !found.has(id));
    expect({ answered: ids.length, missing: missing.length, missingIds: missing.slice(0, 10) }).toEqual({ answered: ids.length, missing: 0, missingIds: [] });
    expect([...found.values()].filter((n) => n !== 1)).toEqual([]);
    const dup = await auditDb.query(`select event_id from audit_record group by event_id having count(*) > 1`);
    expect(dup.rows).toEqual([]);
  });

  it('has every attributed query on the topic in the audit log, once (completeness)', async () => {
    const ours = new Set(municipalities.map((m) => m.id));
    const onTopic = (await readTopic(topics.attributedQueries)).filter((e) => ours.has(e.actingFor.id));
    const ids = [...new Set(onTopic.map((e) => e.eventId))];
    expect(await auditCount(ids)).toBe(ids.length);
    const answered = new Set(answeredIds());
    const logged = new Set(ids);
    say(`completeness: ${ids.length} attributed queries on the topic for this run, ${ids.filter((id) => !answered.has(id)).length} of them without a 200 (logged, then answered 503 or not at all)`);
    expect([...answered].filter((id) => !logged.has(id))).toEqual([]);
  });

  it("counts every query once in each municipality's running generic report, as many as the audit log holds", async () => {
    const month = today.slice(0, 7);
    for (const m of municipalities) {
      const audit = Number((await auditDb.query<{ n: string }>(`select count(*) as n from audit_record where kind = 'QUERY' and acting_for_id = $1`, [m.id])).rows[0].n);
      let last: unknown;
      await waitFor(`the running report of ${m.name} to count ${audit}`, async () => {
        const r = await call(stack.urls['supplier-reporting'], 'GET', `/reports/generic/${m.id}/running`, officer);
        last = r.status === 200 ? (r.body.months as Array<{ month: string; sourceQueries: number }>).find((x) => x.month === month) : r;
        return (last as { sourceQueries?: number } | undefined)?.sourceQueries === audit;
      }, 60_000, 1000).catch(() => undefined);
      expect({ municipality: m.name, sourceQueries: (last as { sourceQueries?: number } | undefined)?.sourceQueries }).toEqual({ municipality: m.name, sourceQueries: audit });
    }
  });

  it('verifies every chain of the audit log', async () => {
    const v = await call(stack.urls['audit-log'], 'POST', '/audit/verify', officer, {});
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: true, firstBroken: null });
  });

  it('parked nothing as PROCESSING_FAILED during the faults', async () => {
    const parked = (await readTopic(topics.deadLetters)).filter((d) => d.parkedAt >= suiteStarted);
    if (parked.length) say(`dead letters since the start: ${JSON.stringify(countBy(parked.map((d) => `${d.consumerGroup} ${d.originTopic} ${d.reason}: ${d.error.slice(0, 160)}`)))}`);
    expect(parked.filter((d) => d.reason === 'PROCESSING_FAILED').map((d) => `${d.consumerGroup} ${d.originTopic}: ${d.error}`)).toEqual([]);
  });

  it("counts every answer of the gateway's process in inkijk_queries_total, 503s included", async () => {
    if (restartedServices.has('query-proxy')) return; // a restarted gateway counts from zero
    const samples = await scrapeMetrics(stack.urls['query-proxy'], stack.metricsToken);
    const got = load.samples;
    expect({
      answered: metricSum(samples, 'inkijk_queries_total', { outcome: 'ANSWERED' }) + metricSum(samples, 'inkijk_queries_total', { outcome: 'PARTIALLY_ANSWERED' }) + metricSum(samples, 'inkijk_queries_total', { outcome: 'SUPPLIER_ERROR' }),
      notLogged: metricSum(samples, 'inkijk_queries_total', { outcome: 'NOT_LOGGED' }),
      notReady: metricSum(samples, 'inkijk_queries_total', { outcome: 'NOT_READY' }),
    }).toEqual({ answered: got.filter((s) => s.status === 200).length, notLogged: got.filter((s) => s.status === 503 && s.code === 'LOG_UNAVAILABLE').length, notReady: got.filter((s) => s.status === 503 && s.code === 'READ_MODEL_NOT_READY').length });
  });
});

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
