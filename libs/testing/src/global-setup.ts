import {
  DEFAULT_DATABASE_URL,
  DEFAULT_KAFKA_BROKERS,
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
  const useContainers = (!explicitKafka || !explicitDb) && dockerEngineAvailable();

  if (useContainers) {
    // A Docker engine answers: testcontainers gives each run its own broker and database.
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    if (!explicitKafka) {
      const kafka = await new KafkaContainer('apache/kafka:3.9.1').withKraft().start();
      started.push(kafka);
      process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    }
    if (!explicitDb) {
      const pg = await new PostgreSqlContainer('postgres:15').start();
      started.push(pg);
      process.env.DATABASE_URL = pg.getConnectionUri();
    }
  } else {
    process.env.KAFKA_BROKERS ??= DEFAULT_KAFKA_BROKERS;
    process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
    const brokers = process.env.KAFKA_BROKERS;
    let kafkaProblem = await kafkaReachable(brokers);
    if (kafkaProblem && !explicitKafka) {
      console.log(`\n[infra] no broker at ${brokers} (${kafkaProblem}); starting the local broker`);
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
          'Start it with deploy/kafka/start.sh (or set KAFKA_BROKERS).',
      );
    }
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
