/**
 * The Kafka platform against the real local broker and PostgreSQL: typed round trips for every
 * contract, poison records parked while the next good record is processed, no second effect on
 * redelivery, and the producer's trace id seen by the consumer.
 */
import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Consumer, Kafka } from 'kafkajs';
import { Pool, PoolClient } from 'pg';
import { catalogue, topics, TopicSpec } from '@inkijk/contracts';
import type { caseloadContract, platformContract } from '@inkijk/contracts';
import { createTemporaryDatabase, TemporaryDatabase } from '@inkijk/prisma-tools';
import { codecFor } from '../avro/codec';
import { prometheusText } from '../metrics/metrics';
import { ConsumedRecord, PoisonError } from './consumer';
import { pgTransactor } from '../database/transactor';
import { Inbox, INBOX_TABLE_SQL } from './inbox';
import { KafkaPlatform } from './kafka-platform';
import { testKafka, deleteTopicsStartingWith } from '@inkijk/testing';

const run = randomUUID().slice(0, 8);
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });

/** A copy of a catalogue topic under a name of this run only. */
function testTopic<T>(spec: TopicSpec<T>, suffix: string): TopicSpec<T> {
  return { ...spec, name: `inkijk.test-${run}.${suffix}.v1`, partitions: Math.min(spec.partitions, 3) };
}

let platform: KafkaPlatform;
let db: TemporaryDatabase;
let pool: Pool;
const raw: Consumer[] = [];

beforeAll(async () => {
  platform = await KafkaPlatform.connect({ clientId: `platform-test-${run}`, ...testKafka(), requireTopics: false });
  db = await createTemporaryDatabase({ prefix: 'platform_kafka_test' });
  pool = new Pool({ connectionString: db.url, max: 4 });
  await pool.query(INBOX_TABLE_SQL);
  await pool.query('CREATE TABLE effect (event_id text primary key, bsn text not null, trace_id text)');
});

afterAll(async () => {
  await Promise.allSettled(raw.map((c) => c.disconnect()));
  if (platform) {
    // Topics of this run only; the broker's data outlive the run.
    await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
  }
  await platform?.close();
  await pool?.end();
  await db?.drop();
  await provider.shutdown();
});

/** Reads every record of a topic from the beginning until `until` holds or time runs out. */
async function readAll(kafka: Kafka, topic: string, until: (n: number) => boolean, timeoutMs = 20_000) {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  raw.push(consumer);
  const got: { value: Buffer | null; headers: Record<string, unknown>; partition: number; offset: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message, partition }) => void got.push({ value: message.value, headers: message.headers ?? {}, partition, offset: message.offset }) });
  const deadline = Date.now() + timeoutMs;
  while (!until(got.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await consumer.disconnect();
  return got;
}

/** Dead letters parked from one origin topic, read from the beginning until at least n are there. */
async function deadLettersFrom(originTopic: string, n: number, timeoutMs = 20_000): Promise<platformContract.DeadLetter[]> {
  const codec = codecFor(topics.deadLetters);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const letters = (await readAll(platform.kafka, topics.deadLetters.name, () => false, 1500))
      .map((m) => codec.decode(m.value))
      .filter((d) => d.originTopic === originTopic);
    if (letters.length >= n || Date.now() > deadline) return letters;
  }
}

async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const caseloadEvent = (bsn: string, eventId = randomUUID()): caseloadContract.CaseloadEvent => ({
  eventId, occurredAt: Date.now(), municipalityCbsCode: 'GM0392', caseId: `Z-${bsn}`, bsn, relation: 'STARTED', effectiveDate: '2026-11-01', legalDomain: 'PARTICIPATIEWET',
});

describe('typed round trip for every contract', () => {
  const cases = catalogue.map((spec) => {
    const topic = testTopic(spec, spec.name.replace(/^inkijk\.|\.v\d+$/g, '').replace(/\./g, '-'));
    const codec = codecFor(topic);
    return { topic, codec, values: [codec.reader.random(), codec.reader.random()] };
  });
  let received: Map<string, unknown[]>;

  beforeAll(async () => {
    await platform.ensureTopics(cases.map((c) => c.topic));
    await Promise.all(cases.flatMap((c) => c.values.map((v) => platform.producerFor(c.topic).send(v, { key: 'k' }))));
    const consumer = platform.kafka.consumer({ groupId: `reader-${randomUUID()}` });
    raw.push(consumer);
    received = new Map(cases.map((c) => [c.topic.name, []]));
    await consumer.connect();
    await consumer.subscribe({ topics: cases.map((c) => c.topic.name), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const c = cases.find((x) => x.topic.name === topic)!;
        received.get(topic)!.push(c.codec.decode(message.value));
      },
    });
    await waitFor(async () => [...received.values()].every((v) => v.length >= 2), 'two records on every topic', 30_000);
    await consumer.disconnect();
  });

  it.each(cases.map((c) => [c.topic.value.fullName, c.topic.name, c] as const))('%s (%s)', (_f, name, c) => {
    expect(received.get(name)).toHaveLength(2);
    expect(received.get(name)).toEqual(expect.arrayContaining(c.values.map((v) => expect.objectContaining(v as object))));
  });
});

describe('idempotent consumer', () => {
  const topic = testTopic(topics.caseload, 'caseload-consumer');
  const group = `test-${run}-caseload`;
  const seen: ConsumedRecord<caseloadContract.CaseloadEvent>[] = [];
  let consumerStats: { processed: number; duplicates: number; parked: number };

  async function startConsumer(groupId = group) {
    const c = await platform.consume<caseloadContract.CaseloadEvent, PoolClient>({
      topic,
      groupId,
      inbox: new Inbox(pgTransactor(pool)),
      eventIdOf: (v) => v.eventId,
      retryDelayMs: 10,
      handle: async (records, tx) => {
        for (const r of records) {
          if (r.value.caseId === 'Z-FAIL') throw new PoisonError(`case system rejected case for ${r.value.bsn}`);
          await tx.query('INSERT INTO effect (event_id, bsn, trace_id) VALUES ($1, $2, $3)', [r.eventId, r.value.bsn, r.traceId ?? null]);
          seen.push(r);
        }
      },
    });
    consumerStats = c.stats;
    return c;
  }

  beforeAll(async () => {
    await platform.ensureTopics([{ ...topic, partitions: 1 }]);
  });

  it('parks undecodable, unknown-schema and truncated records with reason and origin, and processes the next good record', async () => {
    const producer = platform.kafka.producer();
    await producer.connect();
    const good = codecFor(topic).encode(caseloadEvent('123456782'));
    const otherFp = codecFor(topics.deadLetters).fingerprint;
    await producer.send({
      topic: topic.name,
      messages: [
        { key: 'x', value: Buffer.from('not avro at all') },
        { key: 'x', value: Buffer.concat([good.subarray(0, 2), otherFp, good.subarray(10)]) },
        { key: 'x', value: good.subarray(0, good.length - 4) },
        { key: 'x', value: good },
      ],
    });
    await producer.disconnect();
    const consumer = await startConsumer();
    await waitFor(async () => (await pool.query('SELECT 1 FROM effect WHERE bsn = $1', ['123456782'])).rowCount === 1, 'the good record');

    const letters = await deadLettersFrom(topic.name, 3);
    const byOffset = letters.sort((a, b) => Number(a.originOffset) - Number(b.originOffset));
    expect(byOffset.map((l) => [l.originOffset, l.reason])).toEqual([
      ['0', 'UNDECODABLE'],
      ['1', 'UNKNOWN_SCHEMA'],
      ['2', 'UNDECODABLE'],
    ]);
    expect(byOffset[0].consumerGroup).toBe(group);
    expect(byOffset[0].value).toEqual(Buffer.from('not avro at all'));
    expect(consumerStats.parked).toBe(3);
    // Counted per reason for the operators' dead-letter alert (deploy/prometheus).
    const metrics = await prometheusText();
    const parkedFor = (reason: string) => Number(new RegExp(`^inkijk_dead_letters_total\\{consumer_group="${group}",topic="${topic.name}",reason="${reason}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    expect([parkedFor('UNDECODABLE'), parkedFor('UNKNOWN_SCHEMA')]).toEqual([2, 1]);
    await consumer.stop();
  });

  it('parks a record whose processing keeps failing (without a BSN in the reason) and goes on', async () => {
    const consumer = await startConsumer();
    const failing = { ...caseloadEvent('999999990'), caseId: 'Z-FAIL' };
    const after = caseloadEvent('111222333');
    await platform.producerFor(topic).send(failing);
    await platform.producerFor(topic).send(after);
    await waitFor(async () => (await pool.query('SELECT 1 FROM effect WHERE bsn = $1', ['111222333'])).rowCount === 1, 'the record after the failing one');
    const letters = (await deadLettersFrom(topic.name, 4)).filter((d) => d.reason === 'PROCESSING_FAILED');
    expect(letters).toHaveLength(1);
    expect(letters[0].attempts).toBe(3);
    expect(letters[0].error).toContain('case system rejected case');
    expect(letters[0].error).not.toContain('999999990');
    await consumer.stop();
  });

  it('has no second effect when the same event is delivered twice, or the whole topic is replayed', async () => {
    const consumer = await startConsumer();
    const once = caseloadEvent('222333455');
    await platform.producerFor(topic).send(once);
    await platform.producerFor(topic).send(once); // a producer retry or a redelivery
    const marker = caseloadEvent('333444565');
    await platform.producerFor(topic).send(marker);
    await waitFor(async () => (await pool.query('SELECT 1 FROM effect WHERE bsn = $1', ['333444565'])).rowCount === 1, 'the marker');
    expect((await pool.query('SELECT count(*)::int AS n FROM effect WHERE event_id = $1', [once.eventId])).rows[0].n).toBe(1);
    await consumer.stop();

    // A crash before the offset commit means redelivery of everything: rewind the group to 0.
    const before = (await pool.query('SELECT count(*)::int AS n FROM effect')).rows[0].n;
    const admin = platform.kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: group, topic: topic.name, earliest: true });
    await admin.disconnect();
    const replay = await startConsumer();
    const marker2 = caseloadEvent('444555675');
    await platform.producerFor(topic).send(marker2);
    await waitFor(async () => (await pool.query('SELECT 1 FROM effect WHERE bsn = $1', ['444555675'])).rowCount === 1, 'the replay to pass the end');
    expect((await pool.query('SELECT count(*)::int AS n FROM effect')).rows[0].n).toBe(before + 1);
    expect(replay.stats.duplicates).toBeGreaterThanOrEqual(before);
    await replay.stop();
  });

  it('gives the consumer the trace id the producer wrote, and its processing span joins that trace', async () => {
    const consumer = await startConsumer();
    const event = caseloadEvent('555666785');
    const producerTraceId = await trace.getTracer('test').startActiveSpan('gateway query', async (span) => {
      await platform.producerFor(topic).send(event);
      span.end();
      return span.spanContext().traceId;
    });
    await waitFor(async () => (await pool.query('SELECT 1 FROM effect WHERE bsn = $1', ['555666785'])).rowCount === 1, 'the traced record');
    const row = (await pool.query('SELECT trace_id FROM effect WHERE event_id = $1', [event.eventId])).rows[0];
    expect(row.trace_id).toBe(producerTraceId);
    expect(seen.find((r) => r.eventId === event.eventId)?.traceId).toBe(producerTraceId);
    const processSpan = exporter.getFinishedSpans().find((s) => s.name === `${topic.name} process` && s.spanContext().traceId === producerTraceId);
    expect(processSpan).toBeDefined();
    expect(context.active()).toBeDefined();
    await consumer.stop();
  });

  it('processes records that arrive together in one span of the first trace, linked to the traces of the others', async () => {
    const events = ['555666001', '555666013', '555666025'].map((bsn) => caseloadEvent(bsn));
    // Sent while no consumer runs, so they arrive together.
    const traceIds: string[] = [];
    for (const e of events) {
      traceIds.push(await trace.getTracer('test').startActiveSpan('gateway query', async (span) => {
        await platform.producerFor(topic).send(e);
        span.end();
        return span.spanContext().traceId;
      }));
    }
    const consumer = await startConsumer();
    await waitFor(async () => (await pool.query('SELECT 1 FROM effect WHERE bsn = ANY($1)', [events.map((e) => e.bsn)])).rowCount === 3, 'the three records');
    // Only this test's chunks: an earlier test's chunk of three (a record, its redelivery, a marker) has the same size.
    const ours = (s: { spanContext(): { traceId: string }; links: Array<{ context: { traceId: string } }> }) => traceIds.includes(s.spanContext().traceId) || s.links.some((l) => traceIds.includes(l.context.traceId));
    const spans = exporter.getFinishedSpans().filter((s) => s.name === `${topic.name} process` && s.attributes['messaging.batch.message_count'] === 3 && ours(s));
    // A rebalance while the new member joins may deliver the batch again (its records then count
    // as duplicates): every delivery of it has the same span shape.
    expect(spans.length).toBeGreaterThanOrEqual(1);
    for (const span of spans) {
      expect(span.spanContext().traceId).toBe(traceIds[0]);
      expect(span.links.map((l) => l.context.traceId)).toEqual(traceIds.slice(1));
    }
    await consumer.stop();
  });

  it('parks a record that fits its schema but whose content is impossible as INVALID_CONTENT (no BSN in the reason), and goes on', async () => {
    const consumer = await startConsumer();
    const impossible = [
      { ...caseloadEvent('123456782'), municipalityCbsCode: 'ehs' },
      caseloadEvent('123456789'), // fails the 11-proef
      { ...caseloadEvent('999990032'), occurredAt: Date.UTC(1970, 0, 15) }, // produced today
    ];
    const after = caseloadEvent('999990019');
    for (const e of impossible) await platform.producerFor(topic).send(e);
    await platform.producerFor(topic).send(after);
    await waitFor(async () => (await pool.query('SELECT 1 FROM effect WHERE bsn = $1', ['999990019'])).rowCount === 1, 'the record after the impossible ones');
    let letters: platformContract.DeadLetter[] = [];
    const invalid = async () => (letters = (await deadLettersFrom(topic.name, 0)).filter((d) => d.reason === 'INVALID_CONTENT')).length >= impossible.length;
    await waitFor(invalid, 'the impossible records parked');
    expect(letters.map((d) => d.error)).toEqual([
      'municipalityCbsCode "ehs" is not a municipality code (GM and four digits, e.g. GM0392)',
      'bsn is not a BSN (9 digits passing the 11-proef)',
      expect.stringMatching(/^occurredAt 1970-01-15T00:00:00.000Z lies too long before the record's timestamp .* \(at most 30 days\)$/),
    ]);
    expect((await pool.query('SELECT count(*)::int AS n FROM effect WHERE event_id = ANY($1)', [impossible.map((e) => e.eventId)])).rows[0].n).toBe(0);
    await consumer.stop();
  });
});

describe('gathering consumer', () => {
  const topic = testTopic(topics.caseload, 'gathering');

  beforeAll(async () => {
    await platform.ensureTopics([{ ...topic, partitions: 1 }]);
  });

  it('with a gathering wait, records sent 25 ms apart reach the handler in a few chunks; without, nearly one chunk each', async () => {
    const chunks = { gathering: [] as number[], eager: [] as number[] };
    const start = (name: keyof typeof chunks, gatherMs: number) =>
      platform.consume<caseloadContract.CaseloadEvent, PoolClient>({
        topic,
        groupId: `test-${run}-gathering-${name}`,
        gatherMs,
        inbox: new Inbox(pgTransactor(pool)),
        eventIdOf: (v) => `${name}-${v.eventId}`,
        handle: async (records) => void chunks[name].push(records.length),
      });
    await Promise.all([start('gathering', 1000), start('eager', 0)]);
    const total = (name: keyof typeof chunks) => chunks[name].reduce((a, b) => a + b, 0);
    // Both groups joined and caught up: the first record reached both.
    await platform.producerFor(topic).send(caseloadEvent('123456782'));
    await waitFor(async () => total('gathering') === 1 && total('eager') === 1, 'the first record in both groups', 30_000);
    chunks.gathering.length = 0;
    chunks.eager.length = 0;
    for (let i = 0; i < 12; i++) {
      await platform.producerFor(topic).send(caseloadEvent('123456782'));
      await new Promise((r) => setTimeout(r, 25));
    }
    await waitFor(async () => total('gathering') === 12 && total('eager') === 12, 'twelve records in both groups');
    expect(chunks.gathering.length).toBeLessThanOrEqual(3);
    expect(chunks.eager.length).toBeGreaterThanOrEqual(6);
  });
});

describe('durable sender', () => {
  const topic = testTopic(topics.caseload, 'durable-sender');

  beforeAll(async () => {
    await platform.ensureTopics([topic]);
  });

  it('acknowledges each of many concurrent callers, sharing batches, and every record is on the topic', async () => {
    const before = platform.sender.stats.batches;
    const events = Array.from({ length: 300 }, (_, i) => caseloadEvent(String(100000000 + i)));
    const acks = await Promise.all(events.map((e) => platform.producerFor(topic).send(e)));
    expect(acks).toHaveLength(300);
    expect(platform.sender.stats.batches - before).toBeLessThan(300);
    const got = await readAll(platform.kafka, topic.name, (n) => n >= 300);
    expect(new Set(got.map((g) => codecFor(topic).decode(g.value).eventId))).toEqual(new Set(events.map((e) => e.eventId)));
  });

  it('leaves an idle connection quiet: no timer loop after an answer (kafkajs-fixes.ts)', async () => {
    const { createHook } = await import('node:async_hooks');
    const { DurableSender, DURABLE_PRODUCER_CONFIG } = await import('./durable-sender');
    const producer = platform.kafka.producer(DURABLE_PRODUCER_CONFIG);
    await producer.connect();
    try {
      await new DurableSender(producer).send(topic, caseloadEvent('123456782'));
      // Timers made in this process while its Kafka connections have nothing to do for a second.
      let timers = 0;
      const hook = createHook({ init: (_id, type) => void (type === 'Timeout' && timers++) });
      await new Promise((r) => setTimeout(r, 100));
      hook.enable();
      await new Promise((r) => setTimeout(r, 1000));
      hook.disable();
      // Unfixed, the connection re-arms a 1 ms timer again and again (several hundred a second).
      expect(timers).toBeLessThan(20);
    } finally {
      await producer.disconnect();
    }
  });

  it('with a linger, records sent a few milliseconds apart share one produce request; without, each goes alone', async () => {
    const { DurableSender, DURABLE_PRODUCER_CONFIG } = await import('./durable-sender');
    const producer = platform.kafka.producer(DURABLE_PRODUCER_CONFIG);
    await producer.connect();
    try {
      await new DurableSender(producer).send(topic, caseloadEvent('123456782')); // metadata known, connection open
      const apart = async (sender: InstanceType<typeof DurableSender>) => {
        const sent: Promise<unknown>[] = [];
        for (let i = 0; i < 4; i++) {
          sent.push(sender.send(topic, caseloadEvent('123456782')));
          await new Promise((r) => setTimeout(r, 3));
        }
        await Promise.all(sent);
        return sender.stats;
      };
      expect(await apart(new DurableSender(producer, { lingerMs: 50 }))).toMatchObject({ batches: 1, records: 4 });
      expect((await apart(new DurableSender(producer))).batches).toBeGreaterThan(1);
    } finally {
      await producer.disconnect();
    }
  });

  it('refuses a value that does not fit the schema, and publishes nothing for it', async () => {
    const bad = { ...caseloadEvent('123456782'), relation: 'PAUSED' } as unknown as caseloadContract.CaseloadEvent;
    await expect(platform.producerFor(topic).send(bad)).rejects.toThrow(/does not fit nl.inkijk.caseload.CaseloadEvent/);
  });

  it('fails the caller with a DurableSendError within its timeout when no broker answers', async () => {
    const { createKafka } = await import('./kafka-client');
    const { DurableSender, DurableSendError, DURABLE_PRODUCER_CONFIG } = await import('./durable-sender');
    const nowhere = createKafka({ clientId: 'nowhere', brokers: '127.0.0.1:1', connectionTimeout: 200 });
    const sender = new DurableSender(nowhere.producer(DURABLE_PRODUCER_CONFIG), { sendTimeoutMs: 1500 });
    const started = Date.now();
    await expect(sender.send(topic, caseloadEvent('123456782'))).rejects.toBeInstanceOf(DurableSendError);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('transactional outbox', () => {
  const topic = testTopic(topics.caseload, 'outbox');

  beforeAll(async () => {
    const { OUTBOX_TABLE_SQL } = await import('./outbox');
    await pool.query(OUTBOX_TABLE_SQL);
    await platform.ensureTopics([topic]);
  });

  it('publishes committed events in order and marks them; a rolled-back change leaves no event', async () => {
    const { addToOutbox, OutboxRelay } = await import('./outbox');
    const db = pgTransactor(pool);
    const events = Array.from({ length: 5 }, (_, i) => caseloadEvent(String(200000000 + i)));
    await db.transaction(async (_tx, query) => {
      for (const e of events) await addToOutbox(query, topic, e, 'same-key');
    });
    await expect(
      db.transaction(async (_tx, query) => {
        await addToOutbox(query, topic, caseloadEvent('299999999'), 'same-key');
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    const relay = new OutboxRelay(db, platform.sender);
    expect(await relay.drain()).toBe(5);
    expect(await relay.drain()).toBe(0);
    const got = await readAll(platform.kafka, topic.name, (n) => n >= 5);
    expect(got.map((g) => codecFor(topic).decode(g.value).eventId)).toEqual(events.map((e) => e.eventId));
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL')).rows[0].n).toBe(0);
  });

  it('refuses to store an event that does not fit its schema, so the change rolls back with it', async () => {
    const { addToOutbox } = await import('./outbox');
    const bad = { ...caseloadEvent('123456782'), relation: 'PAUSED' } as unknown as caseloadContract.CaseloadEvent;
    await expect(pgTransactor(pool).transaction((_tx, query) => addToOutbox(query, topic, bad))).rejects.toThrow(/does not fit/);
  });
});
