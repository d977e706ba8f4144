/**
 * The broker is a trust boundary (SECURITY.md, ADR 0014): against the tests' own real broker,
 * every party authenticates, and each principal can do exactly what the ACLs generated from the
 * topic catalogue let it do. Each case fails when its rule is broken (an anonymous listener, an
 * ACL that is too wide, topic auto-creation, ACLs drifting from the contracts).
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { aclsFor, allPrincipals, caseloadTopicFor, catalogue, REPLAY_TRANSACTIONAL_ID, topics } from '@inkijk/contracts';
import { codecFor, createKafka, kafkaErrorTypeOf, KafkaPlatform } from '@inkijk/platform';
import { attributedQuery, brokerCredentials, testBrokers, testKafka } from '@inkijk/testing';

jest.setTimeout(60_000);

const quiet = { logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 }, connectionTimeout: 3000 };
const as = (principal: string) => new Kafka({ ...quiet, clientId: `acl-test-${principal}`, brokers: testBrokers().split(','), sasl: { mechanism: 'scram-sha-512', username: principal, password: brokerCredentials(principal).password } });
const operator = () => as('admin');

async function endOffsets(topic: string): Promise<string> {
  const admin = operator().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => `${p.partition}:${p.high}`).join(',');
  } finally {
    await admin.disconnect();
  }
}

/** The Kafka error type of a failure (through kafkajs' wrappers), else the error's name. */
const typeOf = (e: unknown): string => kafkaErrorTypeOf(e) ?? (e as Error).name;

/** Tries to produce one record as a principal; resolves to the error's type, or 'WRITTEN'. */
async function produceAs(principal: string, topic: string, value: Buffer = Buffer.from('x'), timestamp?: number): Promise<string> {
  const producer = as(principal).producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value, ...(timestamp ? { timestamp: String(timestamp) } : {}) }] });
    return 'WRITTEN';
  } catch (e) {
    return typeOf(e);
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/** Tries to read a topic as a principal, in a group of its own prefix. */
async function readAs(principal: string, topic: string): Promise<string> {
  const consumer = as(principal).consumer({ groupId: `${principal}.acl-test-${randomUUID().slice(0, 8)}`, allowAutoTopicCreation: false });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let failure: string | undefined;
    let joined = false;
    consumer.on(consumer.events.CRASH, (e) => (failure = typeOf(e.payload.error)));
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.run({ eachMessage: async () => undefined });
    const deadline = Date.now() + 10_000;
    while (!joined && !failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return failure ?? (joined ? 'READ' : 'NO_ANSWER');
  } catch (e) {
    return typeOf(e);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

describe('the broker authenticates every connection', () => {
  it('refuses an anonymous connection', async () => {
    const anonymous = new Kafka({ ...quiet, clientId: 'anonymous', brokers: testBrokers().split(',') });
    const admin = anonymous.admin();
    await expect(admin.connect().then(() => admin.listTopics())).rejects.toThrow();
    await admin.disconnect().catch(() => undefined);
  });

  it('refuses a wrong password, and a service given one fails its start with a readable reason', async () => {
    const wrong = createKafka({ clientId: 'wrong', brokers: testBrokers(), credentials: { username: 'audit-log', password: 'not-the-password-of-audit-log' } });
    const admin = wrong.admin();
    await expect(admin.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
    await expect(KafkaPlatform.connect({ clientId: 'wrong', brokers: testBrokers(), credentials: { username: 'audit-log', password: 'not-the-password-of-audit-log' } })).rejects.toThrow(/authentication failed/);
  });
});

describe('each principal can do what the contracts give it, and nothing else', () => {
  it("refuses reporting's principal to write attributed queries, and nothing is written", async () => {
    const before = await endOffsets(topics.attributedQueries.name);
    expect(await produceAs('supplier-reporting', topics.attributedQueries.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await endOffsets(topics.attributedQueries.name)).toBe(before);
  });

  it("lets a supplier read its own feed, but not another supplier's nor the whitelist", async () => {
    expect(await readAs('supplier-brp', topics.supplierUsage.BRP.name)).toBe('READ');
    expect(await readAs('supplier-brp', topics.supplierUsage.UWV.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await readAs('supplier-brp', topics.whitelist.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it("does not let Haarlem's case system change Zandvoort's whitelist", async () => {
    const zandvoort = caseloadTopicFor('GM0473');
    const event = codecFor(zandvoort).encode({ eventId: randomUUID(), occurredAt: Date.now(), municipalityCbsCode: 'GM0473', caseId: 'Z-1', bsn: '999990044', relation: 'ENDED', effectiveDate: '2026-12-01', legalDomain: 'PARTICIPATIEWET' });
    const before = await endOffsets(zandvoort.name);
    expect(await produceAs('case-system-gm0392', zandvoort.name, event)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await endOffsets(zandvoort.name)).toBe(before);
    expect(await produceAs('case-system-gm0392', topics.whitelist.name, event)).toBe('TOPIC_AUTHORIZATION_FAILED');
    // Its own topic it may write.
    expect(await produceAs('case-system-gm0392', caseloadTopicFor('GM0392').name, codecFor(caseloadTopicFor('GM0392')).encode({ eventId: randomUUID(), occurredAt: Date.now(), municipalityCbsCode: 'GM0392', caseId: 'H-1', bsn: '999990044', relation: 'STARTED', effectiveDate: '2026-12-01', legalDomain: 'PARTICIPATIEWET' }))).toBe('WRITTEN');
  });

  it('refuses a record stamped far in the future, so the yardstick of the content checks cannot be moved', async () => {
    const before = await endOffsets(topics.attributedQueries.name);
    expect(await produceAs('query-proxy', topics.attributedQueries.name, Buffer.from('x'), Date.now() + 60 * 60 * 1000)).toBe('INVALID_TIMESTAMP');
    expect(await endOffsets(topics.attributedQueries.name)).toBe(before);
  });

  it('lets the operations service read the dead letters and replay in its own transaction, but not write what registration owns nor read the whitelist', async () => {
    expect(await readAs('operations', topics.deadLetters.name)).toBe('READ');
    expect(await readAs('operations', topics.whitelist.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
    const before = await endOffsets(topics.users.name);
    expect(await produceAs('operations', topics.users.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await endOffsets(topics.users.name)).toBe(before);
    const inTransaction = async (transactionalId: string) => {
      const producer = as('operations').producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
      try {
        await producer.connect();
        const tx = await producer.transaction();
        await tx.abort();
        return 'BEGUN';
      } catch (e) {
        return typeOf(e);
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    };
    expect(await inTransaction(REPLAY_TRANSACTIONAL_ID)).toBe('BEGUN');
    // Another id is refused at the coordinator look-up, which kafkajs reports as no coordinator found.
    expect(['TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'KafkaJSGroupCoordinatorNotFound']).toContain(await inTransaction('inkijk-operations.something-else'));
  });

  it('lets the outside verifier read the checkpoints only', async () => {
    expect(await readAs('audit-verifier', topics.auditCheckpoints.name)).toBe('READ');
    expect(await readAs('audit-verifier', topics.attributedQueries.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('lets the berichtenbox read the citizen notifications only', async () => {
    expect(await readAs('berichtenbox', topics.citizenNotifications.name)).toBe('READ');
    expect(await readAs('berichtenbox', topics.attributedQueries.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await readAs('audit-verifier', topics.citizenNotifications.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('creates no topic for a client: neither by producing to an unknown name nor by asking', async () => {
    const name = `inkijk.test-${randomUUID().slice(0, 8)}.unknown.v1`;
    expect(await produceAs('query-proxy', name)).not.toBe('WRITTEN');
    const admin = as('query-proxy').admin();
    await admin.connect();
    await expect(admin.createTopics({ topics: [{ topic: name }] })).rejects.toThrow();
    await admin.disconnect();
    const operatorAdmin = createKafka({ clientId: 'acl-test-operator', ...testKafka() }).admin();
    await operatorAdmin.connect();
    expect(await operatorAdmin.listTopics()).not.toContain(name);
    await operatorAdmin.disconnect();
  });

  it('makes a service that meets a refusal say so once, with topic and principal, and show it in health', async () => {
    const reporting = await KafkaPlatform.connect({ clientId: 'acl-test-reporting', ...testKafka('supplier-reporting') });
    try {
      const logged: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), write(chunk, ...rest))) as typeof process.stdout.write;
      try {
        for (let i = 0; i < 3; i++) await expect(reporting.sender.send(topics.attributedQueries, attributedQuery())).rejects.toThrow(/Not authorized/);
      } finally {
        process.stdout.write = write;
      }
      const lines = logged.filter((l) => l.includes('may not write inkijk.query.attributed.v1'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('principal supplier-reporting may not write inkijk.query.attributed.v1 (TOPIC_AUTHORIZATION_FAILED)');
      expect(reporting.status.check()).toMatchObject({ status: 'down', detail: expect.stringContaining('producer: refused, principal supplier-reporting may not write inkijk.query.attributed.v1') });

      // A consumer the broker refuses fails its start with a readable reason, and is not restarted for ever.
      await expect(
        reporting.consume({ topic: topics.whitelist, groupId: 'supplier-reporting.acl-test', inbox: { runOnce: async () => undefined } as never, eventIdOf: (e) => e.eventId, handle: async () => undefined }),
      ).rejects.toThrow(/refused consumer group supplier-reporting\.acl-test reading inkijk\.registration\.whitelist\.v1 \(TOPIC_AUTHORIZATION_FAILED\)/);
      expect(reporting.status.check().detail).toContain('consumer:supplier-reporting.acl-test: refused, principal supplier-reporting may not read inkijk.registration.whitelist.v1');
    } finally {
      await reporting.close();
    }
  });

  it('holds exactly the ACLs generated from the contracts (no drift, nothing extra)', async () => {
    const admin = operator().admin();
    await admin.connect();
    const described = await admin.describeAcls({ resourceType: 1, resourcePatternType: 1, operation: 1, permissionType: 1 });
    await admin.disconnect();
    const OP: Record<number, string> = { 3: 'READ', 4: 'WRITE', 6: 'DELETE', 8: 'DESCRIBE', 12: 'IDEMPOTENT_WRITE' };
    const RES: Record<number, string> = { 2: 'TOPIC', 3: 'GROUP', 4: 'CLUSTER', 5: 'TRANSACTIONAL_ID' };
    const onBroker = described.resources.flatMap((r) => r.acls.map((a) => `${a.principal} ${OP[a.operation] ?? a.operation} ${RES[r.resourceType] ?? r.resourceType} ${r.resourceName} ${r.resourcePatternType === 4 ? 'PREFIXED' : 'LITERAL'}`)).sort();
    const generated = aclsFor(catalogue, allPrincipals()).map((a) => `User:${a.principal} ${a.operation} ${a.resourceType} ${a.resourceName} ${a.patternType}`).sort();
    expect(onBroker).toEqual(generated);
  });
});
