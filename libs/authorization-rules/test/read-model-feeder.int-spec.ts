/**
 * The read model fed from the real broker: registration events (generated contract types) on
 * copies of the four registration topics build the same model as applying them directly;
 * duplicates change nothing; poison is parked and the feeder moves on; a second feeder
 * replaying from offset 0 gives the same decisions; every in-process decision lands once on
 * the decision log, with the read-model offsets it was made from.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { authorization, platformContract } from '@inkijk/contracts';
import { codecFor, KafkaPlatform, pseudonymise } from '@inkijk/platform';
import { AccessEvaluationRequest, amsterdamDay, amsterdamInstant, decide, ReadModel } from '../src';
import { InProcessAuthorization, ReadModelFeeder, RegistrationTopics } from '../src/adapters';
import { BSN, exampleWorld, M, RegistrationStory } from '../src/testing';
import { testKafka, deleteTopicsStartingWith } from '@inkijk/testing';

const run = randomUUID().slice(0, 8);
const copy = <T>(spec: TopicSpec<T>, name: string): TopicSpec<T> => ({ ...spec, name: `inkijk.test-${run}.${name}.v1` });
const registration: RegistrationTopics = {
  organisations: copy(topics.organisations, 'organisations') as TopicSpec<unknown>,
  collaborations: copy(topics.collaborations, 'collaborations') as TopicSpec<unknown>,
  users: copy(topics.users, 'users') as TopicSpec<unknown>,
  whitelist: copy(topics.whitelist, 'whitelist') as TopicSpec<unknown>,
};
const decisionsTopic = copy(topics.decisions, 'decisions');
const PSEUDONYM_KEY = Buffer.alloc(32, 5);

let platform: KafkaPlatform;
const feeders: ReadModelFeeder[] = [];
const world: RegistrationStory = exampleWorld();

async function publish(story: RegistrationStory): Promise<void> {
  const send = <T>(topic: TopicSpec<unknown>, events: T[]) => Promise.all(events.map((e) => platform.producerFor(topic as TopicSpec<T>).send(e)));
  await send(registration.organisations, story.organisations);
  await send(registration.collaborations, story.collaborations);
  await send(registration.users, story.users);
  await send(registration.whitelist, story.whitelist);
}

async function startFeeder(): Promise<{ feeder: ReadModelFeeder; model: ReadModel }> {
  const model = new ReadModel();
  const feeder = new ReadModelFeeder({ kafka: platform.kafka, model, deadLetters: platform.sender, topics: registration, groupIdPrefix: `test-${run}.read-model` });
  feeders.push(feeder);
  await feeder.start();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([feeder.ready, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('feeder not ready in 30 s')), 30_000)))]);
  clearTimeout(timer);
  return { feeder, model };
}

/** Every combination of the world's users, municipalities, two domains, three persons and seven days. */
const probes = (() => {
  const users: Record<string, string> = { 'haarlem-worker': M.HAARLEM, 'haarlem-escaper': M.HAARLEM, 'heemstede-worker': M.HEEMSTEDE, 'sittard-worker': M.SITTARD_GELEEN, 'velsen-worker': M.VELSEN, 'haarlem-leaver': M.HAARLEM };
  const out: Array<{ request: AccessEvaluationRequest; at: number }> = [];
  for (const [user, home] of Object.entries(users)) for (const m of Object.values(M)) for (const legalDomain of ['PARTICIPATIEWET', 'IOAZ'])
    for (const day of ['2026-01-31', '2026-03-01', '2026-05-31', '2026-06-01', '2026-07-01', '2026-09-01', '2026-12-01'])
      for (const bsn of [null, BSN.ZANDVOORT_CLIENT, BSN.STRANGER]) {
        out.push({
          at: amsterdamInstant(day),
          request: { subject: { type: 'user', id: user, properties: { homeMunicipalityId: home } }, action: { name: 'brp-persoon' }, resource: { type: 'person', id: bsn }, context: { actingForMunicipalityId: m, legalDomain, escapeReason: bsn === BSN.STRANGER ? 'NEW_APPLICATION' : null } },
        });
      }
  return out;
})();
const decisionsOf = (model: ReadModel) => probes.map((p) => decide(model, p.request, amsterdamDay(p.at)));

/** Reads a topic from the beginning until `until` holds or the time is up. */
async function readAll(kafka: Kafka, topic: string, until: (n: number) => boolean, timeoutMs = 20_000): Promise<Buffer[]> {
  const consumer = kafka.consumer({ groupId: `test-${run}.reader-${randomUUID()}` });
  const got: Buffer[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message.value!) });
  const deadline = Date.now() + timeoutMs;
  while (!until(got.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await consumer.disconnect();
  return got;
}

beforeAll(async () => {
  platform = await KafkaPlatform.connect({ clientId: `authz-rules-test-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([...Object.values(registration), decisionsTopic, topics.deadLetters]);
  await publish(world);
  // Poison: bytes that are no Avro record, and a change for a user that was never created.
  await platform.sender.sendRaw(registration.whitelist.name, { key: M.ZANDVOORT, value: Buffer.from('not avro at all') });
  const ghost = new RegistrationStory();
  ghost.user('ghost', { home: M.HAARLEM }).deactivate('ghost');
  await platform.producerFor(registration.users as TopicSpec<(typeof ghost.users)[number]>).send(ghost.users[1]);
  // Valid Avro, impossible content: a member whose id is no organisation id (INVALID_CONTENT).
  const garbage = new RegistrationStory().join(randomUUID(), 'ehs', '2026-01-01');
  await platform.producerFor(registration.collaborations as TopicSpec<(typeof garbage.collaborations)[number]>).send(garbage.collaborations[0]);
});

afterAll(async () => {
  await Promise.allSettled(feeders.map((f) => f.stop()));
  if (platform) {
    await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
    await platform.close();
  }
});

describe('the read model fed from the registration topics', () => {
  let first: { feeder: ReadModelFeeder; model: ReadModel };
  const direct = new ReadModel();
  for (const e of world.events) direct.apply(e);

  beforeAll(async () => {
    first = await startFeeder();
  });

  it('is ready once caught up, and decides exactly like the model built from the same events directly', () => {
    expect(first.feeder.isReady()).toBe(true);
    expect(first.feeder.check()).toEqual({ status: 'up' });
    expect(first.model.stats()).toMatchObject({ users: 7, collaborations: 5, whitelistedBsns: 6 });
    expect(decisionsOf(first.model)).toEqual(decisionsOf(direct));
  });

  it('parks what it cannot decode, finds impossible or cannot apply on the dead-letter topic, and moves on', async () => {
    expect(first.feeder.stats.parked).toBe(3);
    const codec = codecFor(topics.deadLetters);
    const mine = (letters: Buffer[]) => letters.map((b) => codec.decode(b)).filter((d) => d.originTopic.startsWith(`inkijk.test-${run}.`));
    const letters: platformContract.DeadLetter[] = mine(await readAll(platform.kafka, topics.deadLetters.name, () => false, 3000));
    expect(letters.map((d) => [d.originTopic, d.reason]).sort()).toEqual([
      [registration.collaborations.name, 'INVALID_CONTENT'],
      [registration.users.name, 'PROCESSING_FAILED'],
      [registration.whitelist.name, 'UNDECODABLE'],
    ]);
    expect(letters.find((d) => d.reason === 'INVALID_CONTENT')!.error).toBe('municipalityId "ehs" is not a UUID');
    // Parked under the feeder's own group (the gateway's model runs under query-proxy.read-model, not authorization's).
    expect(new Set(letters.map((d) => d.consumerGroup))).toEqual(new Set([`test-${run}.read-model`]));
  });

  it('ignores events published a second time (same event ids): nothing changes', async () => {
    const before = first.feeder.stats.applied;
    await publish(world);
    const deadline = Date.now() + 20_000;
    while (first.feeder.stats.duplicates < world.events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(first.feeder.stats).toMatchObject({ applied: before, duplicates: world.events.length });
    expect(decisionsOf(first.model)).toEqual(decisionsOf(direct));
  });

  it('gives the same decisions when a second feeder replays the topics from offset 0', async () => {
    const second = await startFeeder();
    expect(decisionsOf(second.model)).toEqual(decisionsOf(first.model));
    expect(second.feeder.offsets()).toEqual(first.feeder.offsets());
    expect(second.feeder.stats).toMatchObject({ applied: first.feeder.stats.applied, duplicates: world.events.length, parked: 3 });
  });

  it('records every in-process decision once on the decision log, with the offsets it was made from', async () => {
    const authz = new InProcessAuthorization({ model: first.model, feeder: first.feeder, sender: platform.sender, pseudonymKey: PSEUDONYM_KEY, decisionsTopic });
    const asked = probes.filter((p) => p.request.resource.id).slice(0, 40);
    const answers = await Promise.all(asked.map((p) => authz.evaluate(p.request, { at: p.at, traceId: 'ab'.repeat(16) })));
    const codec = codecFor(decisionsTopic);
    const records = (await readAll(platform.kafka, decisionsTopic.name, (n) => n >= asked.length)).map((b) => codec.decode(b)) as authorization.AccessDecisionRecord[];
    expect(records).toHaveLength(asked.length);
    const byId = new Map(records.map((r) => [r.decisionId, r]));
    expect(byId.size).toBe(asked.length);
    answers.forEach((a, i) => {
      const r = byId.get(a.context.decisionId)!;
      expect(r).toMatchObject({
        decision: a.decision ? 'PERMIT' : 'DENY', reasonCode: a.context.reason_code, escape: a.context.escape, collaborationId: a.context.collaborationId,
        rulesVersion: a.context.rulesVersion, traceId: 'ab'.repeat(16), readModelOffsets: first.feeder.offsets(),
        subject: { userId: asked[i].request.subject.id }, context: { at: asked[i].at, actingForMunicipalityId: asked[i].request.context.actingForMunicipalityId },
        resource: { dataSubjectPseudonym: pseudonymise(asked[i].request.resource.id!, PSEUDONYM_KEY) },
      });
      expect(JSON.stringify(r)).not.toContain(asked[i].request.resource.id!);
    });
    expect(Object.keys(first.feeder.offsets()).sort()).toEqual(expect.arrayContaining([`${registration.users.name}:0`]));
  });
});
