/**
 * Proof that kafkajs 2.2.4 (unmaintained, speaks the "old" Kafka protocol API versions)
 * works against the local Apache Kafka 3.9.x broker started by deploy/kafka/start.sh.
 *
 * Needs a running broker: `deploy/kafka/start.sh` (KAFKA_BROKERS, default 127.0.0.1:9092).
 * This suite never skips: an unreachable broker makes it FAIL with a clear message.
 *
 * Covers:
 *  (a) produce + consume in a consumer group, with committed offsets
 *  (b) a rebalance: a second consumer joins the group, the partitions are split between
 *      the two members and every message is consumed exactly once across them
 *  (c) the idempotent producer (idempotent, maxInFlightRequests 1, acks -1): records carry
 *      a producer id and arrive exactly once
 * Transactions are deliberately not covered.
 */
import { randomBytes } from 'crypto';
import {
  Admin,
  Consumer,
  EachMessagePayload,
  IMemberAssignment,
  Kafka,
  logCreator,
  logLevel,
  Partitioners,
  Producer,
} from 'kafkajs';
import { brokerCredentials, testBrokers } from '@inkijk/testing';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

jest.setTimeout(60_000);

const OPERATOR = brokerCredentials();
const BROKERS = testBrokers()
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const RUN_ID = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
const name = (what: string): string => `inkijk.test.kafkajs-compat.${what}.${RUN_ID}`;

const TOPIC_BASIC = name('basic');
const TOPIC_REBALANCE = name('rebalance');
const TOPIC_IDEMPOTENT = name('idempotent');
const REBALANCE_PARTITIONS = 4;

// kafkajs logs expected protocol answers (heartbeat during a rebalance, coordinator still
// loading on first use) as ERROR; keep real warnings/errors visible, drop that noise.
const BENIGN = [/group is rebalancing/i, /coordinator is loading/i, /Limiting retries for the idempotent producer/];
const quietLogCreator: logCreator =
  () =>
  ({ namespace, level, label, log }) => {
    const { message, ...extra } = log;
    const text = `${message} ${String(extra.error ?? '')}`;
    if (BENIGN.some((re) => re.test(text))) return;
    const line = `[kafkajs] ${label} ${namespace} ${message} ${JSON.stringify(extra)}`;
    if (level <= logLevel.ERROR) console.error(line);
    else console.warn(line);
  };

const kafka = new Kafka({
  sasl: { mechanism: 'scram-sha-512', username: OPERATOR.username, password: OPERATOR.password },
  clientId: `kafkajs-compat-${RUN_ID}`,
  brokers: BROKERS,
  connectionTimeout: 3_000,
  requestTimeout: 15_000,
  retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2_000 },
  logLevel: logLevel.WARN,
  logCreator: quietLogCreator,
});

let admin: Admin;
let brokerReachable = false;
const openClients: Array<Producer | Consumer> = [];

function track<T extends Producer | Consumer>(client: T): T {
  openClients.push(client);
  return client;
}

function newProducer(options: Parameters<Kafka['producer']>[0] = {}): Producer {
  return track(kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...options }));
}

function newConsumer(groupId: string): Consumer {
  return track(
    kafka.consumer({
      groupId,
      // fast rebalances / fetch loops so the test does not idle on defaults
      sessionTimeout: 10_000,
      rebalanceTimeout: 20_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 250,
      retry: { retries: 5 },
    }),
  );
}

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
}

async function committedTotal(groupId: string, topic: string): Promise<number> {
  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  return offsets
    .flatMap((t) => t.partitions)
    .reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

beforeAll(async () => {
  admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('cluster reports no brokers');
    brokerReachable = true;
  } catch (e) {
    throw new Error(
      `Kafka broker not reachable at ${BROKERS.join(',')} (${(e as Error).message}). ` +
        'Start it with deploy/kafka/start.sh (or set KAFKA_BROKERS). This test never skips.',
    );
  }
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: TOPIC_BASIC, numPartitions: 1, replicationFactor: 1 },
      { topic: TOPIC_REBALANCE, numPartitions: REBALANCE_PARTITIONS, replicationFactor: 1 },
      { topic: TOPIC_IDEMPOTENT, numPartitions: 1, replicationFactor: 1 },
    ],
  });
  expect(created).toBe(true);
});

afterAll(async () => {
  await Promise.allSettled(openClients.map((c) => c.disconnect()));
  if (!admin) return;
  try {
    if (brokerReachable) {
      await admin.deleteTopics({ topics: [TOPIC_BASIC, TOPIC_REBALANCE, TOPIC_IDEMPOTENT], timeout: 15_000 });
    }
  } finally {
    await admin.disconnect();
  }
});

describe('kafkajs 2.2.4 against the local Kafka broker', () => {
  it('talks to a single-node KRaft cluster', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const topics = await admin.listTopics();
    expect(topics).toEqual(expect.arrayContaining([TOPIC_BASIC, TOPIC_REBALANCE, TOPIC_IDEMPOTENT]));
    const meta = await admin.fetchTopicMetadata({ topics: [TOPIC_REBALANCE] });
    expect(meta.topics[0].partitions).toHaveLength(REBALANCE_PARTITIONS);
  });

  it('(a) produces and consumes a message in a consumer group', async () => {
    const groupId = name('group-basic');
    const producer = newProducer();
    await producer.connect();
    const [meta] = await producer.send({
      topic: TOPIC_BASIC,
      acks: -1,
      messages: [{ key: 'bsn-123', value: JSON.stringify({ hello: 'inkijk' }), headers: { 'x-trace': 'abc' } }],
    });
    expect(meta.errorCode).toBe(0);
    expect(meta.topicName).toBe(TOPIC_BASIC);

    const received: EachMessagePayload[] = [];
    const consumer = newConsumer(groupId);
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPIC_BASIC], fromBeginning: true });
    await consumer.run({ autoCommitThreshold: 1, eachMessage: async (payload) => void received.push(payload) });

    await waitFor('the message to be consumed', () => received.length >= 1);
    const { message, partition, topic } = received[0];
    expect(topic).toBe(TOPIC_BASIC);
    expect(partition).toBe(0);
    expect(message.offset).toBe('0');
    expect(message.key?.toString()).toBe('bsn-123');
    expect(JSON.parse(message.value!.toString())).toEqual({ hello: 'inkijk' });
    expect(message.headers?.['x-trace']?.toString()).toBe('abc');

    // the group commits its offset (OffsetCommit / OffsetFetch round trip)
    await waitFor('offset 1 to be committed', async () => (await committedTotal(groupId, TOPIC_BASIC)) === 1);
    await consumer.disconnect();
    expect(received).toHaveLength(1);
  });

  it('(b) splits partitions between two consumers after a rebalance, each message consumed once', async () => {
    const groupId = name('group-rebalance');
    type Member = { name: string; consumer: Consumer; joins: IMemberAssignment[]; got: Map<string, number> };
    const seen: Array<{ member: string; id: string; partition: number }> = [];
    const memberOf = (memberName: string): Member => {
      const member: Member = { name: memberName, consumer: newConsumer(groupId), joins: [], got: new Map() };
      member.consumer.on(member.consumer.events.GROUP_JOIN, (e) => {
        member.joins.push(e.payload.memberAssignment);
      });
      return member;
    };
    const start = async (m: Member): Promise<void> => {
      await m.consumer.connect();
      await m.consumer.subscribe({ topics: [TOPIC_REBALANCE], fromBeginning: true });
      await m.consumer.run({
        autoCommitThreshold: 1,
        eachMessage: async ({ message, partition }) => {
          const id = message.value!.toString();
          seen.push({ member: m.name, id, partition });
          m.got.set(id, (m.got.get(id) ?? 0) + 1);
        },
      });
    };
    const assigned = (m: Member): number[] => [...(m.joins.at(-1)?.[TOPIC_REBALANCE] ?? [])].sort((x, y) => x - y);

    const producer = newProducer();
    await producer.connect();
    const produce = async (from: number, count: number): Promise<void> => {
      const messages = Array.from({ length: count }, (_, i) => ({
        partition: (from + i) % REBALANCE_PARTITIONS,
        value: `msg-${from + i}`,
      }));
      await producer.send({ topic: TOPIC_REBALANCE, acks: -1, messages });
    };

    // 1. first consumer alone owns every partition
    const c1 = memberOf('c1');
    await start(c1);
    await waitFor('c1 to join the group', () => c1.joins.length >= 1);
    expect(assigned(c1)).toEqual([0, 1, 2, 3]);

    await produce(0, 20);
    await waitFor('c1 to consume the first 20 messages', () => seen.length >= 20);
    await waitFor('c1 offsets to be committed', async () => (await committedTotal(groupId, TOPIC_REBALANCE)) === 20);

    // 2. second consumer joins -> rebalance, partitions are split
    const c2 = memberOf('c2');
    await start(c2);
    await waitFor(
      'both members to hold a disjoint, complete split of the partitions',
      () => {
        const a = assigned(c1);
        const b = assigned(c2);
        const union = [...a, ...b].sort((x, y) => x - y);
        return a.length > 0 && b.length > 0 && JSON.stringify(union) === JSON.stringify([0, 1, 2, 3]);
      },
      45_000,
    );
    expect(c1.joins.length).toBeGreaterThanOrEqual(2); // c1 re-joined in the new generation
    const c1Parts = assigned(c1);
    const c2Parts = assigned(c2);
    expect(c1Parts.filter((p) => c2Parts.includes(p))).toEqual([]);

    // 3. more messages, now consumed by whichever member owns the partition
    await produce(20, 20);
    await waitFor('all 40 messages to be consumed', () => new Set(seen.map((s) => s.id)).size >= 40);
    await new Promise((r) => setTimeout(r, 1_500)); // give duplicates a chance to show up

    const ids = seen.map((s) => s.id).sort();
    const expected = Array.from({ length: 40 }, (_, i) => `msg-${i}`).sort();
    expect(ids).toEqual(expected); // every message exactly once across both consumers

    const afterRebalance = seen.filter((s) => Number(s.id.slice(4)) >= 20);
    const byC1 = afterRebalance.filter((s) => s.member === 'c1');
    const byC2 = afterRebalance.filter((s) => s.member === 'c2');
    expect(byC1.length).toBeGreaterThan(0);
    expect(byC2.length).toBeGreaterThan(0);
    expect(byC1.length + byC2.length).toBe(20);
    byC1.forEach((s) => expect(c1Parts).toContain(s.partition));
    byC2.forEach((s) => expect(c2Parts).toContain(s.partition));

    await waitFor('40 offsets committed', async () => (await committedTotal(groupId, TOPIC_REBALANCE)) === 40);
    await c2.consumer.disconnect();
    await c1.consumer.disconnect();
  }, 90_000);

  it('(c) idempotent producer (acks -1, maxInFlightRequests 1) delivers each record once', async () => {
    const producer = newProducer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();

    const total = 30;
    for (let batch = 0; batch < 3; batch++) {
      const result = await producer.send({
        topic: TOPIC_IDEMPOTENT,
        acks: -1,
        messages: Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: `idem-${batch * 10 + i}` })),
      });
      expect(result).toHaveLength(1);
      expect(result[0].errorCode).toBe(0);
      expect(result[0].baseOffset).toBe(String(batch * 10));
    }
    await producer.disconnect();

    // the log holds exactly `total` records: no duplicates were written
    const [end] = await admin.fetchTopicOffsets(TOPIC_IDEMPOTENT);
    expect(end.high).toBe(String(total));

    const received: EachMessagePayload[] = [];
    const consumer = newConsumer(name('group-idempotent'));
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPIC_IDEMPOTENT], fromBeginning: true });
    await consumer.run({ eachMessage: async (payload) => void received.push(payload) });
    await waitFor(`${total} records to be consumed`, () => received.length >= total);
    await new Promise((r) => setTimeout(r, 1_000));
    await consumer.disconnect();

    expect(received.map((r) => r.message.value!.toString())).toEqual(
      Array.from({ length: total }, (_, i) => `idem-${i}`),
    );
    expect(received.map((r) => r.message.offset)).toEqual(Array.from({ length: total }, (_, i) => String(i)));

    // records were written by an idempotent producer: a real producer id and sequence numbers
    type BatchContext = { producerId: string; producerEpoch: number; firstSequence: number; inTransaction: boolean };
    const contexts = received.map((r) => (r.message as unknown as { batchContext: BatchContext }).batchContext);
    const producerIds = new Set(contexts.map((c) => c.producerId));
    expect(producerIds.size).toBe(1);
    expect(Number([...producerIds][0])).toBeGreaterThanOrEqual(0); // -1 would mean "not idempotent"
    expect(contexts.every((c) => c.inTransaction === false)).toBe(true);
    expect([...new Set(contexts.map((c) => c.firstSequence))].sort((x, y) => x - y)).toEqual([0, 10, 20]);
  });
});
