/**
 * The read-model feeder after a broker restart: its group rejoins (a new kafkajs offset manager,
 * nothing committed, so from offset 0), the feeder goes on from its own position, takes in what
 * was published meanwhile, and then idles: few fetch requests and little CPU in 5 s, where it
 * used to fetch every partition from offset 0 in a loop.
 *
 * Restarts the tests' own broker (deploy/kafka/stop.sh, start.sh), restored in a finally.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { topics, TopicSpec } from '@inkijk/contracts';
import { KafkaPlatform } from '@inkijk/platform';
import { deleteTopicsStartingWith, testBrokerEnv, testKafka } from '@inkijk/testing';
import { ReadModel } from '../src';
import { ReadModelFeeder, RegistrationTopics } from '../src/adapters';
import { exampleWorld, M, RegistrationStory } from '../src/testing';

const ROOT = path.resolve(__dirname, '../../..');
const run = randomUUID().slice(0, 8);
const copy = <T>(spec: TopicSpec<T>, name: string): TopicSpec<T> => ({ ...spec, name: `inkijk.test-${run}.${name}.v1` });
const registration: RegistrationTopics = {
  organisations: copy(topics.organisations, 'organisations') as TopicSpec<unknown>,
  collaborations: copy(topics.collaborations, 'collaborations') as TopicSpec<unknown>,
  users: copy(topics.users, 'users') as TopicSpec<unknown>,
  whitelist: copy(topics.whitelist, 'whitelist') as TopicSpec<unknown>,
};

let platform: KafkaPlatform;
let feeder: ReadModelFeeder;
const model = new ReadModel();

async function publish(story: RegistrationStory): Promise<void> {
  const send = <T>(topic: TopicSpec<unknown>, events: T[]) => Promise.all(events.map((e) => platform.producerFor(topic as TopicSpec<T>).send(e)));
  await send(registration.organisations, story.organisations);
  await send(registration.collaborations, story.collaborations);
  await send(registration.users, story.users);
  await send(registration.whitelist, story.whitelist);
}

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Fetch requests and CPU time of this process in `ms` of idling. */
async function idle(ms: number): Promise<{ fetches: number; cpuMs: number }> {
  const fetches = feeder.fetches();
  const cpu = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const used = process.cpuUsage(cpu);
  return { fetches: feeder.fetches() - fetches, cpuMs: Math.round((used.user + used.system) / 1000) };
}

const broker = (script: 'stop.sh' | 'start.sh') =>
  execFileSync('bash', [path.join(ROOT, 'deploy/kafka', script)], { stdio: 'inherit', env: { ...process.env, ...testBrokerEnv(), KAFKA_PROVISION: 'false' } });

beforeAll(async () => {
  platform = await KafkaPlatform.connect({ clientId: `authz-rules-restart-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics(Object.values(registration));
  await publish(exampleWorld());
  feeder = new ReadModelFeeder({ kafka: platform.kafka, model, deadLetters: platform.sender, topics: registration, groupIdPrefix: `test-${run}.read-model` });
  await feeder.start();
  await Promise.race([feeder.ready, new Promise((_, reject) => setTimeout(() => reject(new Error('feeder not ready in 30 s')), 30_000).unref())]);
}, 60_000);

afterAll(async () => {
  await feeder?.stop().catch(() => undefined);
  if (platform) {
    await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`).catch(() => undefined);
    await platform.close();
  }
});

describe('the read-model feeder and a broker restart', () => {
  it('catches up once after the restart, takes in what came meanwhile, and then idles', async () => {
    const before = await idle(5000);
    const applied = feeder.stats.applied;
    broker('stop.sh');
    try {
      await new Promise((r) => setTimeout(r, 2000));
    } finally {
      broker('start.sh');
    }
    // A user made after the restart must reach the model: the feeder follows again.
    const story = new RegistrationStory();
    story.user(`after-restart-${run}`, { home: M.HAARLEM });
    await until('the producer to write again', async () => platform.producerFor(registration.users as TopicSpec<(typeof story.users)[number]>).send(story.users[0]).then(() => true, () => false), 90_000);
    await until('the feeder to apply the new user', () => feeder.stats.applied > applied, 90_000);
    // The rejoin may come a little after the first records: let it settle, then watch it idle.
    await new Promise((r) => setTimeout(r, 3000));
    const after = await idle(5000);
    console.log(`feeder fetches in 5 s idle: before the restart ${before.fetches} (${before.cpuMs} ms CPU), after ${after.fetches} (${after.cpuMs} ms CPU)`);

    expect(after.fetches).toBeLessThan(10);
    expect(after.cpuMs).toBeLessThan(1000);
    expect(feeder.isReady()).toBe(true);
    expect(model.stats()).toMatchObject({ users: 8, collaborations: 5, whitelistedBsns: 6 });
    // Nothing applied twice: the world once, and the one user.
    expect(feeder.stats).toMatchObject({ applied: applied + 1, parked: 0 });
  }, 240_000);
});
