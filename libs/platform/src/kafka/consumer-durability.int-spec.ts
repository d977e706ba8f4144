/**
 * The idempotent consumer while its database is away (real broker, real PostgreSQL reached
 * through a TCP proxy of the test that refuses connections for a while): nothing is parked for
 * the outage, readiness is down while it waits and up after, and afterwards every record is in
 * the table exactly once and in order. A record that breaks a CHECK constraint is still parked,
 * and the consumer goes on.
 */
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import type { Kafka } from 'kafkajs';
import { Pool, PoolClient } from 'pg';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { caseloadContract, platformContract } from '@inkijk/contracts';
import { createTemporaryDatabase, TemporaryDatabase } from '@inkijk/prisma-tools';
import { deleteTopicsStartingWith, testKafka } from '@inkijk/testing';
import { codecFor } from '../avro/codec';
import { HealthRegistry, ReadinessHolds } from '../health/health';
import { prometheusText } from '../metrics/metrics';
import { IdempotentConsumer } from './consumer';
import { pgTransactor } from '../database/transactor';
import { Inbox, INBOX_TABLE_SQL } from './inbox';
import { KafkaPlatform } from './kafka-platform';

const run = randomUUID().slice(0, 8);
const topic: TopicSpec<caseloadContract.CaseloadEvent> = { ...topics.caseload, name: `inkijk.test-${run}.durable-caseload.v1`, partitions: 1 };
const group = `test-${run}-durable`;

/** A TCP proxy to PostgreSQL that can refuse every connection (and cut the open ones) for a while. */
class FlakyProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Refuses new connections and cuts the open ones. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

let platform: KafkaPlatform;
let db: TemporaryDatabase;
let direct: Pool;
let proxied: Pool;
let proxy: FlakyProxy;
const holds = new ReadinessHolds();
const health = new HealthRegistry();
let consumer: IdempotentConsumer<caseloadContract.CaseloadEvent, PoolClient> | undefined;

const event = (seq: number, caseId = `Z-${seq}`): caseloadContract.CaseloadEvent => ({
  eventId: randomUUID(), occurredAt: Date.now(), municipalityCbsCode: 'GM0392', caseId, bsn: '999990019', relation: 'STARTED', effectiveDate: '2026-11-01', legalDomain: 'PARTICIPATIEWET',
});


/** Dead letters parked from this run's topic (read from the beginning of the shared topic). */
async function deadLetters(kafka: Kafka, timeoutMs = 4000): Promise<platformContract.DeadLetter[]> {
  const reader = kafka.consumer({ groupId: `test-${run}-dead-letter-reader-${randomUUID()}` });
  const got: platformContract.DeadLetter[] = [];
  await reader.connect();
  await reader.subscribe({ topic: topics.deadLetters.name, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const letter = codecFor(topics.deadLetters).decode(message.value);
      if (letter.originTopic === topic.name) got.push(letter);
    },
  });
  await new Promise((r) => setTimeout(r, timeoutMs));
  await reader.disconnect();
  return got;
}

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  platform = await KafkaPlatform.connect({ clientId: `platform-durability-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([topic]);
  db = await createTemporaryDatabase({ prefix: 'platform_durability_test' });
  direct = new Pool({ connectionString: db.url, max: 2 });
  await direct.query(INBOX_TABLE_SQL);
  await direct.query(`CREATE TABLE effect (
    id bigserial PRIMARY KEY, event_id text NOT NULL UNIQUE, case_id text NOT NULL,
    CONSTRAINT effect_case_accepted CHECK (case_id NOT LIKE 'Z-REJECTED%'))`);
  const url = new URL(db.url);
  proxy = new FlakyProxy({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.up();
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  proxied = new Pool({ connectionString: url.toString(), max: 4, connectionTimeoutMillis: 2000 });
  // An idle client whose connection is cut reports it here (pg would throw it otherwise).
  proxied.on('error', () => undefined);
  health.useHolds(holds);
  health.register(platform.status);
}, 60_000);

afterAll(async () => {
  await consumer?.stop().catch(() => undefined);
  await proxy?.down();
  await proxied?.end().catch(() => undefined);
  await direct?.end();
  await db?.drop();
  if (platform) {
    await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
    await platform.close();
  }
});

describe('an idempotent consumer whose database goes away for a while', () => {
  it('waits instead of parking, is not ready while it waits, then has every record exactly once and in order; poison is still parked', async () => {
    consumer = await platform.consume<caseloadContract.CaseloadEvent, PoolClient>({
      topic,
      groupId: group,
      inbox: new Inbox(pgTransactor(proxied)),
      eventIdOf: (v) => v.eventId,
      chunkSize: 10,
      retryDelayMs: 10,
      backoff: { initialMs: 100, maxMs: 1000 },
      readiness: holds,
      handle: async (records, tx) => {
        for (const r of records) await tx.query('INSERT INTO effect (event_id, case_id) VALUES ($1, $2)', [r.eventId, r.value.caseId]);
      },
    });
    await until('the consumer to be ready', async () => (await health.readiness()).status === 'up');

    // 120 records at about 20 a second; the database is away from the 20th to about the 120th
    // record's time; one record in between breaks the CHECK constraint.
    const sent: caseloadContract.CaseloadEvent[] = [];
    const seen = { down: false, detail: '', upAt: 0, resumedAt: 0 };
    const watch = setInterval(() => {
      if (seen.upAt && !seen.resumedAt && consumer!.waitingPartitions().length === 0) seen.resumedAt = Date.now();
      void health.readiness().then((r) => {
        if (r.status === 'down' && r.checks.waiting) {
          seen.down = true;
          seen.detail = r.checks.waiting.detail ?? '';
        }
      });
    }, 100);
    let outage: Promise<void> | undefined;
    for (let seq = 0; seq < 120; seq++) {
      if (seq === 20) {
        await until('the first 20 records', async () => (await direct.query('SELECT count(*)::int AS n FROM effect')).rows[0].n === 20, 20_000);
        await proxy.down();
        outage = new Promise<void>((resolve) => setTimeout(() => void proxy.up().then(() => ((seen.upAt = Date.now()), resolve())), 5000));
      }
      const e = seq === 60 ? event(seq, 'Z-REJECTED-60') : event(seq);
      sent.push(e);
      await platform.producerFor(topic).send(e, { key: 'one-partition' });
      await new Promise((r) => setTimeout(r, 50));
    }
    await outage;
    const expected = sent.filter((e) => !e.caseId.startsWith('Z-REJECTED'));
    await until('every good record in the table', async () => (await direct.query('SELECT count(*)::int AS n FROM effect')).rows[0].n >= expected.length);
    await until('the consumer to stop waiting', () => consumer!.waitingPartitions().length === 0);
    clearInterval(watch);
    const resumedAfterMs = (seen.resumedAt || Date.now()) - seen.upAt;

    // Exactly once, in the order sent.
    const rows = (await direct.query('SELECT event_id, case_id FROM effect ORDER BY id')).rows;
    expect(rows.map((r) => r.event_id)).toEqual(expected.map((e) => e.eventId));
    // Readiness was down while it waited, saying where and why; up again after.
    expect(seen.down).toBe(true);
    expect(seen.detail).toContain(`consumer:${group} ${topic.name}[0]: waiting at offset`);
    expect(await health.readiness()).toEqual({ status: 'up', checks: { kafka: { status: 'up' } } });
    expect(consumer!.stats.retries).toBeGreaterThan(0);
    // Only the poison record is on the dead-letter topic, with its own reason.
    const letters = await deadLetters(platform.kafka);
    expect(letters.map((l) => [l.originOffset, l.reason])).toEqual([['60', 'PROCESSING_FAILED']]);
    expect(letters[0].error).toContain('effect_case_accepted');
    // Metrics: retries counted, not paused any more.
    const text = await prometheusText();
    expect(text).toMatch(new RegExp(`^inkijk_consumer_retries_total\\{consumer_group="${group}",topic="${topic.name.replace(/\./g, '\\.')}",kind="transient"\\} [1-9]\\d*$`, 'm'));
    expect(text).toMatch(new RegExp(`^inkijk_consumer_paused\\{consumer_group="${group}",topic="${topic.name.replace(/\./g, '\\.')}"\\} 0$`, 'm'));
    console.log(`database away 5 s: ${consumer!.stats.retries} retries, resumed ${resumedAfterMs} ms after it came back; readiness said "${seen.detail}"`);
  }, 120_000);
});
