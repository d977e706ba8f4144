/**
 * Durable sends per second against the local broker: one awaited send at a time, versus many
 * concurrent callers sharing batches through the DurableSender. Prints figures; asserts nothing.
 *   npm run bench -- durable-send
 * The tests' broker authenticates with SASL/SCRAM. To compare connection security, also give
 *   BENCH_PLAINTEXT_BROKERS=host:port              a broker without authentication
 *   BENCH_TLS_BROKERS=host:port BENCH_TLS_DATA_DIR=dir   a broker started with KAFKA_TLS=true
 * and the figures of each are printed with their ratio to SASL/SCRAM.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { caseloadContract } from '@inkijk/contracts';
import { codecFor } from '../src/avro/codec';
import type { KafkaCredentials } from '../src/kafka/kafka-client';
import { KafkaPlatform } from '../src/kafka/kafka-platform';
import { DURABLE_PRODUCER_CONFIG } from '../src/kafka/durable-sender';
import { percentile, printTable, testKafka } from '@inkijk/testing';

const run = randomUUID().slice(0, 8);
const topic: TopicSpec<caseloadContract.CaseloadEvent> = { ...topics.caseload, name: `inkijk.bench-${run}.caseload.v1`, partitions: 3 };

const event = (i: number): caseloadContract.CaseloadEvent => ({
  eventId: randomUUID(), occurredAt: Date.now(), municipalityCbsCode: `GM0${(i % 900) + 100}`, caseId: `Z-${i}`,
  bsn: '123456782', relation: 'STARTED', effectiveDate: '2026-11-01', legalDomain: 'PARTICIPATIEWET',
});

type Row = Record<string, string | number>;

async function measure(brokers: string, credentials: KafkaCredentials | undefined): Promise<Row[]> {
  const platform = await KafkaPlatform.connect({ clientId: `bench-${run}`, brokers, credentials, requireTopics: false });
  await platform.ensureTopics([topic]);
  const rows: Row[] = [];

  // 1. One awaited send at a time, each its own request (kafkajs producer.send, acks=all, idempotent).
  const single = platform.kafka.producer(DURABLE_PRODUCER_CONFIG);
  await single.connect();
  const codec = codecFor(topic);
  const n1 = Number(process.env.BENCH_SINGLE ?? 2000);
  const lat1: number[] = [];
  let t0 = performance.now();
  for (let i = 0; i < n1; i++) {
    const s = performance.now();
    const e = event(i);
    await single.send({ topic: topic.name, acks: -1, messages: [{ key: e.municipalityCbsCode, value: codec.encode(e) }] });
    lat1.push(performance.now() - s);
  }
  let secs = (performance.now() - t0) / 1000;
  rows.push({ mode: 'one at a time', callers: 1, sends: n1, 'sends/s': Math.round(n1 / secs), 'p50 ms': percentile(lat1, 50), 'p99 ms': percentile(lat1, 99), 'batches': n1 });
  await single.disconnect();

  // 2. Concurrent callers sharing batches; each awaits its own acknowledgement.
  for (const callers of [10, 100, 500]) {
    const n2 = Number(process.env.BENCH_SHARED ?? 20000);
    const lat2: number[] = [];
    const before = { ...platform.sender.stats };
    let next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (next < n2) {
          const i = next++;
          const s = performance.now();
          await platform.sender.send(topic, event(i));
          lat2.push(performance.now() - s);
        }
      }),
    );
    secs = (performance.now() - t0) / 1000;
    const batches = platform.sender.stats.batches - before.batches;
    rows.push({ mode: 'shared batches', callers, sends: n2, 'sends/s': Math.round(n2 / secs), 'p50 ms': percentile(lat2, 50), 'p99 ms': percentile(lat2, 99), batches });
  }

  const admin = platform.kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic.name] });
  await admin.disconnect();
  await platform.close();
  return rows;
}

async function main(): Promise<void> {
  const { brokers, credentials } = testKafka();
  const modes: Array<{ label: string; brokers: string; credentials?: KafkaCredentials }> = [{ label: 'SASL/SCRAM', brokers, credentials }];
  if (process.env.BENCH_TLS_BROKERS && process.env.BENCH_TLS_DATA_DIR) {
    const dir = process.env.BENCH_TLS_DATA_DIR;
    const password = (JSON.parse(fs.readFileSync(path.join(dir, 'credentials.json'), 'utf8')) as Record<string, string>).admin;
    modes.push({ label: 'SASL/SCRAM over TLS', brokers: process.env.BENCH_TLS_BROKERS, credentials: { username: 'admin', password, tlsCaFile: path.join(dir, 'tls/ca.pem') } });
  }
  if (process.env.BENCH_PLAINTEXT_BROKERS) modes.push({ label: 'no authentication', brokers: process.env.BENCH_PLAINTEXT_BROKERS });
  const results: Array<{ label: string; rows: Row[] }> = [];
  for (const m of modes) {
    const rows = await measure(m.brokers, m.credentials);
    printTable(`durable sends (acks=all, idempotent) to ${m.brokers}, ${m.label}`, rows);
    results.push({ label: m.label, rows });
  }
  if (results.length > 1) {
    const base = results[0].rows;
    printTable(
      'sends/s relative to SASL/SCRAM',
      base.map((r, i) => ({ mode: r.mode, callers: r.callers, ...Object.fromEntries(results.slice(1).map((x) => [x.label, (Number(x.rows[i]['sends/s']) / Number(r['sends/s'])).toFixed(2)])) })),
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
