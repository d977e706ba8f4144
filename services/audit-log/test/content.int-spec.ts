/**
 * Content checks on the real broker and database: attributed queries that fit the Avro schema
 * but are impossible (municipality "ehs", product "kAKnpe", a query of 15 January 1970 produced
 * today, an event id that is no UUID) are parked on the dead-letter topic with reason
 * INVALID_CONTENT and never enter the append-only hash chains; a plausible query beside them does.
 */
import type { INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { platformContract, query, topics } from '@inkijk/contracts';
import { codecFor, KafkaPlatform } from '@inkijk/platform';
import { attributedQuery, testAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { AuditLogRuntime } from '../src/adapters/kafka/audit-log.runtime';
import { auditDatabase, countRecords, deleteRunTopics, runOverrides, runTopics, serviceEnv, startAuditLog, waitFor } from './support';

/** A query as the gateway publishes it now. */
const fresh = (over: Partial<query.AttributedQuery> = {}): query.AttributedQuery => {
  const now = Date.now();
  return attributedQuery({ occurredAt: now - 300, completedAt: now - 100, ...over });
};
const JAN_15_1970 = Date.UTC(1970, 0, 15, 10);

/** Every dead letter parked from this run's topic. */
async function deadLettersOf(kafka: Kafka, originTopic: string, until: (n: number) => boolean): Promise<platformContract.DeadLetter[]> {
  const codec = codecFor(topics.deadLetters);
  const consumer = kafka.consumer({ groupId: `${originTopic}.dead-letter-reader-${Date.now()}` });
  const got: platformContract.DeadLetter[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: topics.deadLetters.name, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const d = codec.decode(message.value);
      if (d.originTopic === originTopic) got.push(d);
    },
  });
  try {
    await waitFor(async () => until(got.length), `dead letters from ${originTopic}`, 20_000);
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describe('audit log: impossible content never enters the chain', () => {
  const t = runTopics();
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let app: INestApplication;
  let platform: KafkaPlatform;

  const plausible = fresh();
  const garbage: Array<{ what: string; event: query.AttributedQuery; error: RegExp }> = [
    { what: 'the issue\'s record: municipality "ehs", product "kAKnpe", 1970', event: fresh({ actingFor: { ...ZANDVOORT, cbsCode: 'ehs' }, product: 'kAKnpe', occurredAt: JAN_15_1970, completedAt: JAN_15_1970 + 200 }), error: /^occurredAt 1970-01-15T10:00:00.000Z lies too long before.*; actingFor.cbsCode "ehs" is not a municipality code.*; product "kAKnpe" is not an Inkijk product/ },
    { what: 'an unknown municipality', event: fresh({ actingFor: { ...ZANDVOORT, cbsCode: 'ehs' } }), error: /^actingFor.cbsCode "ehs" is not a municipality code/ },
    { what: 'an unknown product', event: fresh({ product: 'kAKnpe' }), error: /^product "kAKnpe" is not an Inkijk product/ },
    { what: 'a time far from the record', event: fresh({ occurredAt: JAN_15_1970, completedAt: JAN_15_1970 + 200 }), error: /^occurredAt 1970-01-15T10:00:00.000Z lies too long before the record's timestamp/ },
    { what: 'an event id that is no UUID', event: fresh({ eventId: 'not-a-uuid' }), error: /^eventId "not-a-uuid" is not a UUID$/ },
  ];

  beforeAll(async () => {
    db = await auditDatabase('audit_content_test');
    const auth = await testAuth();
    platform = await KafkaPlatform.connect({ clientId: `audit-content-${t.run}`, ...testKafka(), requireTopics: false });
    await platform.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic, topics.deadLetters]);
    // Produced now, as anyone who can reach the topic could: the record timestamp is today's.
    for (const g of garbage) await platform.producerFor(t.topic).send(g.event);
    await platform.producerFor(t.topic).send(plausible);
    app = await startAuditLog(serviceEnv({ databaseUrl: db.writerUrl, jwks: auth.jwksJson }), runOverrides(t, `audit-content-${t.run}`));
    const runtime = app.get(AuditLogRuntime);
    await waitFor(async () => runtime.consumerStats.parked === garbage.length && (await countRecords(db.ownerUrl)) === 1, 'the plausible query stored and the others parked');
  });

  afterAll(async () => {
    await app?.close();
    if (platform) await deleteRunTopics(platform, t.run);
    await platform?.close();
    await db?.drop();
  });

  it('stores the plausible query, and nothing else, in the hash chain', async () => {
    const pool = new Pool({ connectionString: db.ownerUrl, max: 1 });
    try {
      const stored = (await pool.query('SELECT event_id FROM audit_record')).rows.map((r) => r.event_id as string);
      expect(stored).toEqual([plausible.eventId]);
    } finally {
      await pool.end();
    }
    expect(app.get(AuditLogRuntime).consumerStats).toMatchObject({ processed: 1, parked: garbage.length });
  });

  it('parks every impossible query on the dead-letter topic with reason INVALID_CONTENT and a sentence saying what is wrong', async () => {
    const letters = await deadLettersOf(platform.kafka, t.topic.name, (n) => n >= garbage.length);
    expect(letters).toHaveLength(garbage.length);
    const byEventId = new Map(letters.map((d) => [codecFor(t.topic).decode(d.value!).eventId, d]));
    for (const g of garbage) {
      const d = byEventId.get(g.event.eventId);
      expect({ what: g.what, reason: d?.reason, consumerGroup: d?.consumerGroup }).toEqual({ what: g.what, reason: 'INVALID_CONTENT', consumerGroup: t.groupId });
      expect({ what: g.what, error: d!.error }).toEqual({ what: g.what, error: expect.stringMatching(g.error) });
    }
  });
});
