/**
 * The broker of the tests and benchmarks: the project's own, on a port and data dir of its own
 * (never the demo's topics: `npm start` after `npm test` shows exactly the demo world), with
 * SASL/SCRAM and ACLs like every broker of this project. Tests act as the operator where they
 * make topics of their own, and as a service's or an outside party's principal where what that
 * principal may do is the point (e2e, the ACL tests).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { KafkaCredentials } from '@inkijk/platform';

/** contracts' OPERATOR_PRINCIPAL; spelled out because jest's global setup resolves no path aliases. */
const OPERATOR_PRINCIPAL = 'admin';

const ROOT = path.resolve(__dirname, '../../..');
export const TEST_KAFKA_PORT = Number(process.env.TEST_KAFKA_PORT ?? 19092);
export const TEST_KAFKA_CONTROLLER_PORT = Number(process.env.TEST_KAFKA_CONTROLLER_PORT ?? TEST_KAFKA_PORT + 1);
export const TEST_KAFKA_DATA_DIR = process.env.TEST_KAFKA_DATA_DIR ?? path.join(ROOT, '.data/test/kafka');

/** The environment deploy/kafka/*.sh need to manage the test broker. */
export function testBrokerEnv(): Record<string, string> {
  return { KAFKA_PORT: String(TEST_KAFKA_PORT), KAFKA_CONTROLLER_PORT: String(TEST_KAFKA_CONTROLLER_PORT), KAFKA_DATA_DIR: TEST_KAFKA_DATA_DIR, KAFKA_BROKERS: `127.0.0.1:${TEST_KAFKA_PORT}` };
}

export function testBrokers(): string {
  return process.env.KAFKA_BROKERS ?? `127.0.0.1:${TEST_KAFKA_PORT}`;
}

function credentialsFile(): string {
  return process.env.KAFKA_CREDENTIALS_FILE ?? path.join(TEST_KAFKA_DATA_DIR, 'credentials.json');
}

/** A principal's credentials at the test broker (made by deploy/kafka/start.sh). */
export function brokerCredentials(principal: string = OPERATOR_PRINCIPAL): KafkaCredentials {
  const file = credentialsFile();
  if (!fs.existsSync(file)) throw new Error(`no broker credentials at ${file}: start the test broker (deploy/kafka/start.sh with its data dir) or set KAFKA_CREDENTIALS_FILE`);
  const password = (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>)[principal];
  if (!password) throw new Error(`${file} has no credentials of principal ${principal}`);
  return { username: principal, password };
}

/** Client options for KafkaPlatform.connect / createKafka as a principal (default: the operator). */
export function testKafka(principal: string = OPERATOR_PRINCIPAL): { brokers: string; credentials: KafkaCredentials } {
  return { brokers: testBrokers(), credentials: brokerCredentials(principal) };
}

/** The KAFKA_* variables of a service's configuration as a principal (default: the operator). */
export function kafkaEnvOf(principal: string = OPERATOR_PRINCIPAL): { KAFKA_BROKERS: string; KAFKA_USERNAME: string; KAFKA_PASSWORD: string } {
  const c = brokerCredentials(principal);
  return { KAFKA_BROKERS: testBrokers(), KAFKA_USERNAME: c.username, KAFKA_PASSWORD: c.password };
}

/** A copy of a catalogue topic under a name of this run only (`inkijk.test-<run>.<suffix>.v1`). */
export function runTopic<T extends { readonly name: string; readonly partitions: number }>(run: string, spec: T, suffix: string): T {
  return { ...spec, name: `inkijk.test-${run}.${suffix}.v1`, partitions: Math.min(spec.partitions, 3) };
}

/** Deletes the topics whose names start with `prefix` (a run's own: the broker outlives the run). */
export async function deleteTopicsStartingWith(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}
