/**
 * Shared by the audit log's integration tests and benchmark: a migrated database with the
 * writer role's URL, topics of one run only, test keys, and the service's own wiring started
 * in-process against the real broker and database.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { authorization, query, registration, topics, TopicSpec, audit } from '@inkijk/contracts';
import { createHttpApp, KafkaPlatform } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { attributedQuery, dataSubject, TEST_PSEUDONYM_KEY, kafkaEnvOf, deleteTopicsStartingWith } from '@inkijk/testing';
import { AuditLogModule, AuditLogOverrides } from '../src/app.module';
import { AUDIT_WRITER_ROLE, loadAuditLogConfig } from '../src/config';

export const MIGRATIONS_DIR = path.join(__dirname, '../prisma/migrations');

/** A fresh migrated database; `ownerUrl` is the migrating superuser, `writerUrl` the service's role. */
export async function auditDatabase(prefix = 'audit_log_test') {
  const db = await createMigratedDatabase({ migrationsDir: MIGRATIONS_DIR, prefix });
  const writer = new URL(db.url);
  writer.username = AUDIT_WRITER_ROLE;
  writer.password = '';
  return { ...db, ownerUrl: db.url, writerUrl: writer.toString() };
}

/** Topics of one run (and unique consumer groups), copies of the catalogue entries. */
export function runTopics(run = randomUUID().slice(0, 8), partitions = 6) {
  const topic: TopicSpec<query.AttributedQuery> = { ...topics.attributedQueries, name: `inkijk.test-${run}.audit-attributed.v1`, partitions };
  const checkpointTopic: TopicSpec<audit.AuditCheckpoint> = { ...topics.auditCheckpoints, name: `inkijk.test-${run}.audit-checkpoints.v1` };
  const activityTopic: TopicSpec<audit.ActivityEvent> = { ...topics.activity, name: `inkijk.test-${run}.audit-activity.v1` };
  const decisionTopic: TopicSpec<authorization.AccessDecisionRecord> = { ...topics.decisions, name: `inkijk.test-${run}.audit-decisions.v1` };
  const usersTopic: TopicSpec<registration.UserEvent> = { ...topics.users, name: `inkijk.test-${run}.audit-users.v1` };
  const citizenNotificationTopic: TopicSpec<audit.CitizenNotification> = { ...topics.citizenNotifications, name: `inkijk.test-${run}.audit-citizen-notifications.v1` };
  return {
    run,
    topic,
    checkpointTopic,
    groupId: `audit-log-test-${run}`,
    completenessGroupId: `audit-log-test-${run}.completeness`,
    activityTopic,
    activityGroupId: `audit-log-test-${run}.activity`,
    decisionTopic,
    decisionGroupId: `audit-log-test-${run}.decisions`,
    usersTopic,
    citizenNotificationTopic,
  };
}

/** The service's overrides for the topics and groups of a run. */
export function runOverrides(t: ReturnType<typeof runTopics>, clientId: string): AuditLogOverrides {
  const { topic, checkpointTopic, groupId, completenessGroupId, activityTopic, activityGroupId, decisionTopic, decisionGroupId, usersTopic, citizenNotificationTopic } = t;
  return { topic, checkpointTopic, groupId, completenessGroupId, activityTopic, activityGroupId, decisionTopic, decisionGroupId, usersTopic, citizenNotificationTopic, clientId };
}

export async function deleteRunTopics(platform: KafkaPlatform, run: string): Promise<void> {
  await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
}

/** A fresh checkpoint signing key as the service reads it (PKCS#8 DER, base64). */
export function checkpointKeyBase64(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

/** The environment the service needs, for one test database and token key. */
export function serviceEnv(opts: { databaseUrl: string; jwks: string; checkpointKey?: string; checkpointIntervalMs?: number }): Record<string, string> {
  return {
    ...kafkaEnvOf(),
    DATABASE_URL: opts.databaseUrl,
    AUTH_JWKS: opts.jwks,
    SUBJECT_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY.toString('base64'),
    AUDIT_CHECKPOINT_KEY: opts.checkpointKey ?? checkpointKeyBase64(),
    AUDIT_CHECKPOINT_INTERVAL_MS: String(opts.checkpointIntervalMs ?? 3_600_000),
    AUDIT_COMPLETENESS_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
  };
}

/** The service, wired as main.ts does, in this process (HTTP not listening; use supertest). */
export async function startAuditLog(env: Record<string, string>, overrides: AuditLogOverrides): Promise<INestApplication> {
  process.env.LOG_LEVEL ??= env.LOG_LEVEL; // the JSON logger reads it from the process
  const config = loadAuditLogConfig(env);
  const app = await createHttpApp(AuditLogModule.forConfig(config, overrides), { service: 'audit-log' });
  await app.init();
  return app;
}

export async function countRecords(url: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    return (await pool.query('SELECT count(*)::int AS n FROM audit_record')).rows[0].n as number;
  } finally {
    await pool.end();
  }
}

export async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 30_000, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `n` municipalities (GM9001, GM9002, ...) acting as customer organisations. */
export function municipalities(n: number): query.OrganisationRef[] {
  return Array.from({ length: n }, (_, i) => {
    const code = String(9001 + i);
    return { id: `4f1c2a52-0000-4000-8000-00000000${code.padStart(4, '0')}`, cbsCode: `GM${code}`, oin: `0000009900000000${code}`, name: `Gemeente ${code}` };
  });
}

/**
 * Produces a backlog of `n` valid attributed-query events spread over `orgs`, in waves of
 * concurrent durable sends (acks=all) sharing batches, each with the time the gateway would have
 * published it as its record timestamp (consumers park events far from it). Returns the event ids.
 */
export async function produceBacklog(platform: KafkaPlatform, topic: TopicSpec<query.AttributedQuery>, n: number, orgs = municipalities(12), wave = 10_000): Promise<string[]> {
  const base = attributedQuery();
  const ids: string[] = [];
  const producer = platform.producerFor(topic);
  const subjects = Array.from({ length: 50 }, (_, i) => dataSubject(String(100000000 + i * 7919).slice(0, 9)));
  for (let start = 0; start < n; start += wave) {
    const sends: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(n, start + wave); i++) {
      const e: query.AttributedQuery = {
        ...base,
        eventId: randomUUID(),
        traceId: randomBytes(16).toString('hex'),
        spanId: randomBytes(8).toString('hex'),
        occurredAt: base.occurredAt + i,
        completedAt: base.occurredAt + i + 120,
        actingFor: orgs[i % orgs.length],
        dataSubject: subjects[i % subjects.length],
        decision: { ...base.decision, decisionId: randomUUID() },
      };
      ids.push(e.eventId);
      sends.push(producer.send(e, { timestamp: e.completedAt }));
    }
    await Promise.all(sends);
  }
  return ids;
}
