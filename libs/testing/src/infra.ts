/**
 * The real infrastructure every integration and end-to-end test runs against: one Kafka
 * broker and one PostgreSQL server. Reused when KAFKA_BROKERS / DATABASE_URL are set;
 * otherwise started once per run: with testcontainers where a Docker engine answers, else as
 * local processes (deploy/kafka/start.sh, the machine's PostgreSQL).
 * Never a silent skip: when they cannot be reached, the run stops with a readable reason.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import { createRequire } from 'node:module';
import type { probeKafka as ProbeKafka } from '@inkijk/kafka-deploy/ready';
import { brokerCredentials, testBrokerEnv } from './broker';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The operator's readiness probe (deploy/kafka/ready.js), loaded by path: jest's global setup resolves no aliases. */
const { probeKafka } = createRequire(__filename)(path.join(WORKSPACE_ROOT, 'deploy/kafka/ready.js')) as { probeKafka: typeof ProbeKafka };

export class InfrastructureUnavailableError extends Error {
  override readonly name = 'InfrastructureUnavailableError';
}

/** Null when the brokers serve Kafka requests, else why not (deploy/kafka/ready.js's probe, as the operator). */
export async function kafkaReachable(brokers: string, timeoutMs = 5000): Promise<string | null> {
  let credentials;
  try {
    credentials = brokerCredentials();
  } catch {
    credentials = undefined; // not made yet: the probe's failure says the broker is not there
  }
  try {
    await probeKafka({ brokers: brokers.split(','), credentials, connectionTimeoutMs: timeoutMs, requestTimeoutMs: timeoutMs });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

export async function postgresReachable(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function dockerEngineAvailable(): boolean {
  if (process.env.TESTCONTAINERS_DISABLED === 'true') return false;
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

/** The pid of the local broker of deploy/kafka (its status script), or undefined when none runs. */
export function localKafkaPid(): number | undefined {
  try {
    const m = /pid:\s+(\d+)/.exec(execFileSync('bash', [path.join(WORKSPACE_ROOT, 'deploy/kafka/status.sh')], { encoding: 'utf8', env: { ...process.env, ...testBrokerEnv() } }));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the tests' own local broker (idempotent; waits until it answers and is provisioned). */
export function startLocalKafka(): void {
  execFileSync('bash', [path.join(WORKSPACE_ROOT, 'deploy/kafka/start.sh')], { stdio: 'inherit', env: { ...process.env, ...testBrokerEnv() } });
}
