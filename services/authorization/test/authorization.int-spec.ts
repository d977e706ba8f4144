/**
 * The authorization service against the real broker: it replays registration events from copies
 * of the registration topics, answers AuthZEN evaluations over HTTP (authenticated: the gateway
 * for anyone, a worker only about itself) and over Kafka request-reply (Avro, BSN sealed), and
 * records every decision once on (a copy of) the decision log.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { authorization } from '@inkijk/contracts';
import {
  AccessEvaluationRequest, AccessEvaluator, amsterdamInstant, AuthorizationUnavailableError, BSN, EvaluationTopics, evaluationServerOptions, exampleWorld, KafkaAuthorizationClient, M, RegistrationTopics, RULES,
} from '@inkijk/authorization-rules';
import { codecFor, createHttpApp, KafkaPlatform } from '@inkijk/platform';
import { TEST_PSEUDONYM_KEY, testAuth, TestAuth } from '@inkijk/testing';
import { AuthorizationModule } from '../src/app.module';
import { loadAuthorizationConfig } from '../src/config';

const run = randomUUID().slice(0, 8);
const copy = <T>(spec: TopicSpec<T>, name: string): TopicSpec<T> => ({ ...spec, name: `inkijk.test-${run}.${name}.v1` });
const registration: RegistrationTopics = {
  organisations: copy(topics.organisations, 'organisations') as TopicSpec<unknown>,
  collaborations: copy(topics.collaborations, 'collaborations') as TopicSpec<unknown>,
  users: copy(topics.users, 'users') as TopicSpec<unknown>,
  whitelist: copy(topics.whitelist, 'whitelist') as TopicSpec<unknown>,
};
const decisions = copy(topics.decisions, 'decisions');
const evaluations: EvaluationTopics = { requests: copy(topics.authorizationEvaluations, 'evaluation.requests'), replies: copy(topics.authorizationEvaluationReplies, 'evaluation.replies') };
const TRANSPORT_KEY = Buffer.alloc(32, 3);

let auth: TestAuth;
let app: INestApplication;
let platform: KafkaPlatform;
let client: KafkaAuthorizationClient;
const tokens: Record<string, string> = {};
let evaluationsMade = 0;

const ask = (subject: string, home: string, actingFor: string, bsn: string | null, extra: Partial<AccessEvaluationRequest['context']> = {}): AccessEvaluationRequest => ({
  subject: { type: 'user', id: subject, properties: { homeMunicipalityId: home } },
  action: { name: 'brp-persoon' },
  resource: { type: 'person', id: bsn },
  context: { actingForMunicipalityId: actingFor, legalDomain: 'PARTICIPATIEWET', ...extra },
});
const post = (token: string | undefined, body: unknown) => {
  const r = request(app.getHttpServer()).post('/access/v1/evaluation').send(body as object);
  return token ? r.set('Authorization', `Bearer ${token}`) : r;
};
const get = (path: string, token: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

beforeAll(async () => {
  auth = await testAuth();
  const brokers = process.env.KAFKA_BROKERS!;
  platform = await KafkaPlatform.connect({ clientId: `authz-svc-test-${run}`, brokers, ensureTopics: false });
  await platform.ensureTopics([...Object.values(registration), decisions, evaluations.requests, evaluations.replies]);
  const world = exampleWorld();
  const send = <T>(topic: TopicSpec<unknown>, events: T[]) => Promise.all(events.map((e) => platform.producerFor(topic as TopicSpec<T>).send(e)));
  await Promise.all([send(registration.organisations, world.organisations), send(registration.collaborations, world.collaborations), send(registration.users, world.users), send(registration.whitelist, world.whitelist)]);

  const config = loadAuthorizationConfig({ NODE_ENV: 'test', KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: `authz-${run}`, AUTH_JWKS: auth.jwksJson, BSN_TRANSPORT_KEY: TRANSPORT_KEY.toString('base64'), SUBJECT_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY.toString('base64'), LOG_LEVEL: 'warn' });
  app = await createHttpApp(AuthorizationModule.forConfig(config, { registration, decisions, evaluations }), { service: 'authorization' });
  app.connectMicroservice(evaluationServerOptions({ brokers, clientId: `authz-${run}-evaluations`, groupId: `test-${run}.evaluations`, topics: evaluations }));
  await app.startAllMicroservices();
  await app.init();

  client = new KafkaAuthorizationClient({ brokers, clientId: `gateway-test-${run}`, groupId: `test-${run}.replies`, transportKey: TRANSPORT_KEY, requestTopic: evaluations.requests, replyTopic: evaluations.replies, timeoutMs: 10_000 });
  await client.connect();

  tokens.worker = await auth.token({ userId: 'haarlem-worker', homeMunicipalityId: M.HAARLEM });
  tokens.gateway = await auth.token({ userId: 'service:query-proxy', homeMunicipalityId: 'none', roles: [] });
  tokens.admin = await auth.token({ userId: 'haarlem-admin', homeMunicipalityId: M.HAARLEM, roles: ['USER_ADMINISTRATOR'] });

  const deadline = Date.now() + 30_000;
  while ((await request(app.getHttpServer()).get('/health/ready')).status !== 200) {
    if (Date.now() > deadline) throw new Error('the service did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await client?.close();
  await app?.close();
  if (platform) {
    const admin = platform.kafka.admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(`inkijk.test-${run}.`));
    if (mine.length) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
    await platform.close();
  }
});

describe('HTTP: POST /access/v1/evaluation (AuthZEN)', () => {
  it('answers a worker asking about its own query, with the reasons and the decision id', async () => {
    const permit = await post(tokens.worker, ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
    const deny = await post(tokens.worker, ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.STRANGER));
    evaluationsMade += 2;
    expect(permit.status).toBe(200);
    expect(permit.body).toMatchObject({ decision: true, context: { reason_code: null, escape: false, whitelist: 'ON_WHITELIST', actingFor: { name: 'Zandvoort', cbsCode: 'GM0473' } } });
    expect(deny.body).toMatchObject({ decision: false, context: { reason_code: 'NOT_ON_WHITELIST', whitelist: 'ABORTED', reason_user: RULES[14].worker } });
    expect(deny.body.context.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(deny.body)).not.toContain(BSN.STRANGER);
  });

  it('lets the gateway ask about any worker, and nobody else', async () => {
    const gateway = await post(tokens.gateway, ask('sittard-worker', M.SITTARD_GELEEN, M.SITTARD_GELEEN, null));
    evaluationsMade += 1;
    expect(gateway.status).toBe(200);
    expect(gateway.body.decision).toBe(true);

    const other = await post(tokens.worker, ask('sittard-worker', M.SITTARD_GELEEN, M.SITTARD_GELEEN, null));
    expect([other.status, other.body.code]).toEqual([403, 'SUBJECT_NOT_CALLER']);
    const otherHome = await post(tokens.worker, ask('haarlem-worker', M.ZANDVOORT, M.ZANDVOORT, null));
    expect([otherHome.status, otherHome.body.code]).toEqual([403, 'SUBJECT_NOT_CALLER']);
    const admin = await post(tokens.admin, ask('haarlem-admin', M.HAARLEM, M.HAARLEM, null));
    expect([admin.status, admin.body.code]).toEqual([403, 'CALLER_NOT_ALLOWED']);
    const anonymous = await post(undefined, ask('haarlem-worker', M.HAARLEM, M.HAARLEM, null));
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'TOKEN_MISSING']);
  });

  it('refuses a malformed question with 400, naming the problems but not the BSN', async () => {
    const res = await post(tokens.worker, { ...ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, '12345678'), context: { actingForMunicipalityId: M.ZANDVOORT, legalDomain: 'WWB' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(/resource\.id: a BSN is 9 digits.*context\.legalDomain/);
    expect(res.body.message).not.toContain('12345678');
  });
});

describe('HTTP: GET /keuzelijst and GET /access/v1/rules', () => {
  it('gives the calling worker its drop-down list on a date, own municipality first', async () => {
    const res = await get(`/keuzelijst?at=${encodeURIComponent('2026-05-31T12:00:00+02:00')}`, tokens.worker);
    expect(res.status).toBe(200);
    expect(res.body.day).toBe('2026-05-31');
    expect(res.body.municipalities.map((m: { name: string }) => m.name)).toEqual(['Haarlem', 'Heemstede', 'Zandvoort']);
    expect(res.body.municipalities[2]).toMatchObject({ cbsCode: 'GM0473', oin: '00000099000000000473', own: false, via: [{ name: 'Sociaal Domein Kennemerland' }] });
  });

  it('has no list for a user without the worker role', async () => {
    const res = await get('/keuzelijst', tokens.admin);
    expect([res.status, res.body.code]).toEqual([403, 'ROLE_REQUIRED']);
  });

  it('publishes the rules table and the escape list (for the gateway and administrators)', async () => {
    const res = await get('/access/v1/rules', tokens.worker);
    expect(res.body.rules.map((r: { code: string }) => r.code)).toEqual(RULES.map((r) => r.code));
    expect(res.body.escapeReasons.map((r: { code: string }) => r.code)).toContain('NEW_APPLICATION');
  });
});

describe('Kafka request-reply (Avro, BSN sealed)', () => {
  const cases: Array<[string, AccessEvaluationRequest, string]> = [
    ['permit through the collaboration', ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT), '2026-03-10'],
    ['escape', ask('haarlem-escaper', M.HAARLEM, M.ZANDVOORT, BSN.STRANGER, { escapeReason: 'NEW_APPLICATION' }), '2026-03-10'],
    ['terminated collaboration', ask('sittard-worker', M.SITTARD_GELEEN, M.BEEK, BSN.BEEK_CLIENT), '2026-12-01'],
    ['not a member the day after leaving', ask('haarlem-worker', M.HAARLEM, M.HEEMSTEDE, null), '2026-06-02'],
  ];

  it.each(cases)('answers like the read model decides: %s', async (_, req, day) => {
    const at = amsterdamInstant(day);
    const requestId = randomUUID();
    const answer = await client.evaluate(req, { at, decisionId: requestId });
    evaluationsMade += 1;
    const expected = app.get(AccessEvaluator).model.decide(req, at);
    expect(answer).toEqual({ decision: expected.decision, context: { ...expected.context, decisionId: requestId } });
  });

  it('answers many concurrent requests, each with its own reply', async () => {
    const reqs = Array.from({ length: 30 }, (_, i) => ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, i % 2 ? BSN.ZANDVOORT_CLIENT : BSN.STRANGER));
    const answers = await Promise.all(reqs.map((r) => client.evaluate(r, { at: amsterdamInstant('2026-03-10') })));
    evaluationsMade += reqs.length;
    expect(answers.map((a) => a.decision)).toEqual(reqs.map((_, i) => i % 2 === 1));
    expect(new Set(answers.map((a) => a.context.decisionId)).size).toBe(reqs.length);
  });

  it('refuses a request sealed with another key: the gateway gets an error, not a decision', async () => {
    const stranger = new KafkaAuthorizationClient({ brokers: process.env.KAFKA_BROKERS!, clientId: `gateway-test-${run}-b`, groupId: `test-${run}.replies-b`, transportKey: Buffer.alloc(32, 4), requestTopic: evaluations.requests, replyTopic: evaluations.replies });
    await stranger.connect();
    try {
      await expect(stranger.evaluate(ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT))).rejects.toThrow(AuthorizationUnavailableError);
      await expect(stranger.evaluate(ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT))).rejects.toThrow(/VALIDATION_FAILED|unsealed/);
    } finally {
      await stranger.close();
    }
  });
});

describe('the decision log', () => {
  it('holds every decision once (HTTP and Kafka alike), with its reason and no clear BSN', async () => {
    const codec = codecFor(decisions);
    const consumer = platform.kafka.consumer({ groupId: `test-${run}.decisions-${randomUUID()}` });
    const records: authorization.AccessDecisionRecord[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: decisions.name, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void records.push(codec.decode(message.value)) });
    const deadline = Date.now() + 20_000;
    while (records.length < evaluationsMade && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
    await consumer.disconnect();
    expect(records).toHaveLength(evaluationsMade);
    expect(new Set(records.map((r) => r.decisionId)).size).toBe(evaluationsMade);
    expect(records.filter((r) => r.reasonCode === 'COLLABORATION_TERMINATED')).toHaveLength(1);
    for (const r of records) {
      expect(r.rulesVersion).toBe('authorization-rules/1');
      expect(Object.keys(r.readModelOffsets).length).toBeGreaterThan(0);
      expect(JSON.stringify(r)).not.toMatch(new RegExp(Object.values(BSN).join('|')));
    }
  });
});
