import { testBrokers } from './broker';
import {
  DEFAULT_DATABASE_URL,
  InfrastructureUnavailableError,
  dockerEngineAvailable,
  kafkaReachable,
  postgresReachable,
  startLocalKafka,
} from './infra';

type Stoppable = { stop(): Promise<unknown> };
const started: Stoppable[] = [];

/**
 * Jest global setup for integration tests: provide a real broker and database for the run,
 * export them as KAFKA_BROKERS / DATABASE_URL to the test workers, or fail the run loudly.
 */
export default async function globalSetup(): Promise<void> {
  const explicitKafka = process.env.KAFKA_BROKERS;
  const explicitDb = process.env.DATABASE_URL;
  // The broker is always the project's own (deploy/kafka): it authenticates every party and
  // enforces the ACLs generated from the contracts, which a plain container image does not.
  // A Docker engine, where one answers, gives each run its own PostgreSQL.
  if (!explicitDb && dockerEngineAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:15').start();
    started.push(pg);
    process.env.DATABASE_URL = pg.getConnectionUri();
  }
  process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
  process.env.KAFKA_BROKERS = testBrokers();
  const brokers = process.env.KAFKA_BROKERS;
  let kafkaProblem = await kafkaReachable(brokers);
  if (kafkaProblem && !explicitKafka) {
    console.log(`\n[infra] no broker at ${brokers} (${kafkaProblem}); starting the tests' own broker`);
    try {
      startLocalKafka();
      kafkaProblem = await kafkaReachable(brokers);
    } catch (e) {
      kafkaProblem = `deploy/kafka/start.sh failed: ${(e as Error).message}`;
    }
  }
  if (kafkaProblem) {
    throw new InfrastructureUnavailableError(
      `Integration tests need a Kafka broker at ${brokers}, and none answers: ${kafkaProblem}. ` +
        'Start the tests\' broker with npm test (or deploy/kafka/start.sh with KAFKA_PORT=19092 KAFKA_DATA_DIR=.data/test/kafka), or set KAFKA_BROKERS and KAFKA_CREDENTIALS_FILE.',
    );
  }

  const dbProblem = await postgresReachable(process.env.DATABASE_URL!);
  if (dbProblem) {
    throw new InfrastructureUnavailableError(
      `Integration tests need PostgreSQL at ${redact(process.env.DATABASE_URL!)}, and it does not answer: ${dbProblem}. ` +
        'Start the local server (pg_ctlcluster <version> main start) or set DATABASE_URL.',
    );
  }
  (globalThis as { __INKIJK_INFRA__?: Stoppable[] }).__INKIJK_INFRA__ = started;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
