/**
 * The audit log as its own process, for the crash test and the benchmark: main.ts's wiring
 * (same module, same consumer, same database role), on the topics and consumer group given in
 * AUDIT_TEST_TOPIC / AUDIT_TEST_CHECKPOINT_TOPIC / AUDIT_TEST_GROUP (and AUDIT_TEST_RUN for the other
 * topics). No HTTP listener.
 * Prints "ready" once consuming, and its consumer's figures when stopped with SIGTERM.
 */
import 'reflect-metadata';
import { runMain } from '@inkijk/platform';
import { AuditLogRuntime } from '../src/adapters/kafka/audit-log.runtime';
import { runOverrides, runTopics, startAuditLog } from './support';

runMain(async () => {
  // AUDIT_TEST_RUN: the run's own copies of the action, decision and users topics too.
  const base = runTopics(process.env.AUDIT_TEST_RUN);
  const app = await startAuditLog(process.env as Record<string, string>, {
    ...runOverrides(base, `audit-log-process-${process.pid}`),
    topic: { ...base.topic, name: process.env.AUDIT_TEST_TOPIC!, partitions: Number(process.env.AUDIT_TEST_PARTITIONS ?? 6) },
    checkpointTopic: { ...base.checkpointTopic, name: process.env.AUDIT_TEST_CHECKPOINT_TOPIC! },
    groupId: process.env.AUDIT_TEST_GROUP!,
  });
  process.stdout.write('ready\n');
  // Nest's shutdown hooks close the app on SIGTERM; the figures are printed first.
  process.once('SIGTERM', () => {
    const stats = app.get(AuditLogRuntime).consumerStats;
    process.stdout.write(`stored: ${stats?.processed ?? 0}, duplicates skipped: ${stats?.duplicates ?? 0}, parked: ${stats?.parked ?? 0}\n`);
  });
});
