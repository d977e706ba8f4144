/**
 * The account-changes follower against the real broker: it replays what the users and sessions
 * topics hold before it counts as current (health down until then), parks what it cannot read,
 * and then refuses tokens within moments of a deactivation, a change of rights or a sign-out.
 * And every service principal may follow the real topics with its catalogue group (ACLs).
 */
import { randomUUID } from 'node:crypto';
import { ACCOUNT_CHANGES_GROUPS, topics, TopicSpec } from '@inkijk/contracts';
import type { platformContract, registration } from '@inkijk/contracts';
import { deleteTopicsStartingWith, runTopic, testKafka } from '@inkijk/testing';
import { codecFor } from '../avro/codec';
import { KafkaPlatform } from '../kafka/kafka-platform';
import { AccountChangesFollower } from './account-changes';
import { Revocations } from './revocations';
import { generateSigningKey, TokenIssuer, TokenVerifier } from './tokens';

jest.setTimeout(60_000);

const run = randomUUID().slice(0, 8);
const users = runTopic(run, topics.users, 'users') as TopicSpec<registration.UserEvent>;
const sessions = runTopic(run, topics.sessions, 'sessions') as TopicSpec<registration.SessionEvent>;
const deadLetters = runTopic(run, topics.deadLetters, 'dead-letters') as TopicSpec<platformContract.DeadLetter>;
const home = randomUUID();

let platform: KafkaPlatform;
const followers: AccountChangesFollower[] = [];
const platforms: KafkaPlatform[] = [];

const userEvent = (userId: string, change: registration.UserEvent['change'], occurredAt = Date.now()): registration.UserEvent => ({ eventId: randomUUID(), occurredAt, userId, homeMunicipalityId: home, change });

async function until<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  platform = await KafkaPlatform.connect({ clientId: `account-changes-test-${run}`, ...testKafka(), requireTopics: false });
  await platform.ensureTopics([users, sessions, deadLetters]);
});

afterAll(async () => {
  await Promise.allSettled(followers.map((f) => f.stop()));
  await Promise.allSettled(platforms.map((p) => p.close()));
  if (platform) await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
  await platform?.close();
});

describe('the account-changes follower', () => {
  const revocations = new Revocations();
  let follower: AccountChangesFollower;

  it('replays what the topics held before it counts as current, and parks what it cannot read', async () => {
    await platform.producerFor(users).send(userEvent('u-gone', { 'nl.inkijk.registration.UserDeactivated': { reason: 'left' } }));
    await platform.producerFor(users).send(userEvent('u-changed', { 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false } }));
    // impossible content (a product that does not exist) and bytes that are no record at all
    await platform.producerFor(users).send(userEvent('u-odd', { 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER'], permittedProducts: ['no-such-product'], escapeRight: false } }));
    await platform.sender.sendRaw(sessions.name, { key: 'u-x', value: Buffer.from('not avro') });

    follower = new AccountChangesFollower({ kafka: platform.kafka, revocations, groupIdPrefix: 'admin.account-changes-test', deadLetters: platform.sender, topics: { users, sessions }, deadLetterTopic: deadLetters });
    followers.push(follower);
    expect(revocations.isCurrent()).toBe(false);
    expect(follower.check()).toMatchObject({ status: 'down' });
    await follower.start();
    expect(await revocations.whenCurrent(20_000)).toBe(true);
    expect(follower.check()).toEqual({ status: 'up' });

    expect(revocations.refusal({ userId: 'u-gone', issuedAt: Date.now() })).toMatch(/deactivated/);
    expect(revocations.refusal({ userId: 'u-changed', issuedAt: Date.now() - 60_000 })).toMatch(/changed/);
    expect(revocations.refusal({ userId: 'u-odd', issuedAt: Date.now() - 60_000 })).toBeNull();
    expect(follower.stats).toEqual({ applied: 2, ignored: 0, parked: 2 });

    const parked = await readDeadLetters(2);
    expect(parked.map((d) => d.reason).sort()).toEqual(['INVALID_CONTENT', 'UNDECODABLE']);
    expect(parked.every((d) => d.consumerGroup === 'admin.account-changes-test')).toBe(true);
  });

  it('refuses a token within moments of a change of rights, a deactivation and a sign-out; a login after the change is accepted', async () => {
    const key = await generateSigningKey('k');
    const issuer = await TokenIssuer.fromJwk(key.privateJwk);
    const verifier = new TokenVerifier({ jwks: key.publicJwks, revocations });
    const worker = (userId: string) => ({ userId, homeMunicipalityId: home, roles: ['WORKER' as const], displayName: userId });
    const windows: Record<string, number> = {};

    const rights = await issuer.mint(worker('u-rights'));
    const gone = await issuer.mint(worker('u-leaves'));
    const out = await issuer.mint(worker('u-out'));
    const stays = await issuer.mint(worker('u-out'));
    for (const t of [rights, gone, out, stays]) await verifier.verify(t.token);

    const measure = async (name: string, token: string, change: () => Promise<unknown>) => {
      await change();
      const sent = Date.now();
      await until(`${name} to be refused`, () => revocations.refusal(decode(token)) !== null);
      windows[name] = Date.now() - sent;
      await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    };
    const changedAt = Date.now();
    await measure('rights changed', rights.token, () => platform.producerFor(users).send(userEvent('u-rights', { 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER'], permittedProducts: [], escapeRight: false } }, changedAt)));
    await measure('deactivated', gone.token, () => platform.producerFor(users).send(userEvent('u-leaves', { 'nl.inkijk.registration.UserDeactivated': { reason: null } })));
    await measure('signed out', out.token, () => platform.producerFor(sessions).send({ eventId: randomUUID(), occurredAt: Date.now(), userId: 'u-out', homeMunicipalityId: home, tokenId: out.tokenId, tokenExpiresAt: out.expiresAt, change: { 'nl.inkijk.registration.SignedOut': { scope: 'THIS_SESSION' } } }));
    for (const [name, ms] of Object.entries(windows)) expect([name, ms < 5_000]).toEqual([name, true]);

    await expect(verifier.verify(rights.token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    // the other session of the signed-out user, and a login at the millisecond of the change, stay valid
    expect((await verifier.verify(stays.token)).userId).toBe('u-out');
    expect((await verifier.verify((await issuer.mint(worker('u-rights'), { issuedAt: changedAt })).token)).userId).toBe('u-rights');
    console.log(`account-changes follower, change published -> token refused (ms): ${JSON.stringify(windows)}`);
  });

  it('lets every service principal follow the real users and sessions topics with its catalogue group', async () => {
    // A record on each real topic, so that becoming current means having read both (READ on topic and group).
    const someone = `u-${run}`;
    await platform.producerFor(topics.users).send(userEvent(someone, { 'nl.inkijk.registration.UserDeactivated': { reason: null } }));
    await platform.producerFor(topics.sessions).send({ eventId: randomUUID(), occurredAt: Date.now(), userId: someone, homeMunicipalityId: home, tokenId: randomUUID(), tokenExpiresAt: Date.now() + 60_000, change: { 'nl.inkijk.registration.SignedOut': { scope: 'THIS_SESSION' } } });
    for (const group of ACCOUNT_CHANGES_GROUPS) {
      const principal = group.split('.')[0];
      const p = await KafkaPlatform.connect({ clientId: `${principal}-follow-test-${run}`, ...testKafka(principal) });
      platforms.push(p);
      const mine = new Revocations();
      const f = new AccountChangesFollower({ kafka: p.kafka, revocations: mine, groupIdPrefix: group, deadLetters: p.sender, status: p.status });
      followers.push(f);
      await f.start();
      expect([principal, await mine.whenCurrent(20_000)]).toEqual([principal, true]);
      expect([principal, mine.refusal({ userId: someone, issuedAt: Date.now() })]).toEqual([principal, expect.stringMatching(/deactivated/)]);
      expect(mine.stats().signedOutTokens).toBeGreaterThanOrEqual(1);
    }
  });
});

function decode(token: string): { userId: string; tokenId?: string; issuedAt: number } {
  const c = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string; jti?: string; iat_ms: number };
  return { userId: c.sub, tokenId: c.jti, issuedAt: c.iat_ms };
}

async function readDeadLetters(n: number): Promise<platformContract.DeadLetter[]> {
  const consumer = platform.kafka.consumer({ groupId: `admin.dead-letter-reader-${randomUUID()}` });
  const out: platformContract.DeadLetter[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: deadLetters.name, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void out.push(codecFor(deadLetters).decode(message.value)) });
  try {
    await until(`${n} dead letters`, () => out.length >= n);
    return out;
  } finally {
    await consumer.disconnect();
  }
}
