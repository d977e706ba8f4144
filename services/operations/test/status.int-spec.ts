/**
 * The status page on the real test broker, as the `operations` principal with the ACLs the
 * contracts generate: a consumer group that stopped with records waiting shows its lag and no
 * running consumer; a stopped service shows as not ready, one that hangs as unknown within the
 * time box, a ready one as up; the broker with its controller; the read recorded in the audit log.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ConsumerGroups, topics } from '@inkijk/contracts';
import { createKafka, KafkaPlatform } from '@inkijk/platform';
import { testKafka } from '@inkijk/testing';
import { HttpAndKafkaStatusProbes } from '../src/adapters/status-probes';
import { KafkaActionLog } from '../src/adapters/kafka/action-log';
import { KafkaDeadLetterStore } from '../src/adapters/kafka/dead-letter-store';
import { StatusReport } from '../src/app/status';

jest.setTimeout(90_000);

const officer = { userId: randomUUID(), homeMunicipalityId: randomUUID(), roles: ['SECURITY_OFFICER' as const] };
const servers: http.Server[] = [];
let platform: KafkaPlatform;
let probes: HttpAndKafkaStatusProbes;

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An address nothing listens on: a stopped service. */
async function stoppedAddress(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  platform = await KafkaPlatform.connect({ clientId: 'status-test-operations', ...testKafka('operations'), requireTopics: false });
});

afterAll(async () => {
  await probes?.close();
  await platform?.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

it("shows a stopped consumer group's lag, a stopped service as not ready and a hanging one as unknown, within the time box", async () => {
  // The audit log's consumer group reads the attributed queries, then stops; more arrive while it is away.
  const topic = topics.attributedQueries.name;
  const operator = createKafka({ clientId: 'status-test-operator', ...testKafka() });
  const producer = operator.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const send = (n: number) => producer.send({ topic, acks: -1, messages: Array.from({ length: n }, () => ({ key: randomUUID(), value: Buffer.from('status-test') })) });
  await send(3);

  const consumer = createKafka({ clientId: 'status-test-audit-log', ...testKafka('audit-log') }).consumer({ groupId: ConsumerGroups.auditLog, allowAutoTopicCreation: false });
  const admin = operator.admin();
  await admin.connect();
  // Caught up: the group's committed offsets reach the topic's end (whatever earlier runs left on it).
  const caughtUp = async () => {
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId: ConsumerGroups.auditLog, topics: [topic] })]);
    const at = new Map(committed[0].partitions.map((p) => [p.partition, p.offset]));
    return ends.every((e) => e.high === '0' || at.get(e.partition) === e.high);
  };
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommitThreshold: 1, eachMessage: async () => undefined });
  const deadline = Date.now() + 30_000;
  while (!(await caughtUp())) {
    if (Date.now() > deadline) throw new Error('the audit log group did not catch up within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  await consumer.disconnect();
  await send(2);
  await producer.disconnect();
  await admin.disconnect();

  const ready = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'up', checks: { kafka: { status: 'up' }, database: { status: 'up' } } }));
  });
  const hanging = await serve(() => undefined);
  const stopped = await stoppedAddress();
  probes = new HttpAndKafkaStatusProbes(platform, { auditLogUrl: stopped, requestTimeoutMs: 1500 });
  const report = new StatusReport(probes, new KafkaDeadLetterStore(platform, { readTimeoutMs: 8000 }), new KafkaActionLog(platform.sender), {
    services: [
      { name: 'ready-service', url: ready },
      { name: 'stopped-service', url: stopped },
      { name: 'hanging-service', url: hanging },
    ],
    probeTimeoutMs: 1500,
    deadLetterTimeoutMs: 20_000,
    maxLag: 1000n,
  });

  const started = Date.now();
  const status = await report.read(officer, 'a-token-the-stopped-audit-log-never-sees');
  const tookMs = Date.now() - started;

  const group = status.consumerGroups.find((g) => g.group === ConsumerGroups.auditLog && g.topic === topic)!;
  expect(group).toMatchObject({ state: 'down', members: 0, detail: expect.stringContaining('no consumer is running') });
  expect(BigInt(group.lag!)).toBe(2n);
  // Every committing group of the catalogue is described: the operations principal may (DESCRIBE), none is refused.
  expect(status.consumerGroups.filter((g) => g.state === 'unknown')).toEqual([]);

  const byName = Object.fromEntries(status.services.map((s) => [s.name, s]));
  expect(byName['ready-service']).toMatchObject({ state: 'up', checks: [{ name: 'database', state: 'up', detail: null }, { name: 'kafka', state: 'up', detail: null }] });
  expect(byName['stopped-service']).toMatchObject({ state: 'down', detail: expect.stringContaining('not reachable') });
  expect(byName['hanging-service']).toMatchObject({ state: 'unknown', detail: 'no answer within 1500 ms' });

  expect(status.broker).toMatchObject({ state: 'up', controller: expect.any(Number) });
  expect(status.broker.brokers.length).toBeGreaterThan(0);
  expect(status.deadLetters.state).not.toBe('unknown');
  expect(status.checkpoints).toMatchObject({ state: 'unknown', chains: [] });
  expect(status.state).toBe('down');
  expect(status.recorded).toBe(true);
  // The hanging service and the stopped audit log cost at most one time box each, at the same time.
  expect(tookMs).toBeLessThan(20_000);
});
