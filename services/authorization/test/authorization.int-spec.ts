/**
 * The authorization service against the real broker: it replays registration events from copies
 * of the registration topics, answers AuthZEN evaluations over HTTP (authenticated: the gateway
 * for anyone, a worker only about itself) and over Kafka request-reply (Avro, BSN sealed), and
 * records every decision once on (a copy of) the decision log. A poison request is parked on (a
 * copy of) the dead-letter topic and the next one answered in time; readiness goes down while a
 * watched consumer is stalled or has crashed.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Consumer, KafkaMessage } from 'kafkajs';
import request from 'supertest';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { authorization, platformContract } from '@inkijk/contracts';
import { AccessEvaluationRequest, AccessEvaluator, amsterdamDay, amsterdamInstant, decide, RULES } from '@inkijk/authorization-rules';
import { AuthorizationUnavailableError, EvaluationTopics, evaluationServerOptions, KafkaAuthorizationClient, RegistrationTopics, toWireRequest } from '@inkijk/authorization-rules/kafka';
import { BSN, exampleWorld, M } from '@inkijk/authorization-rules/testing';
import { codecFor, createHttpApp, KafkaPlatform } from '@inkijk/platform';
import { TEST_PSEUDONYM_KEY, testAuth, TestAuth, testKafka, kafkaEnvOf, deleteTopicsStartingWith } from '@inkijk/testing';
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
const deadLetters = copy(topics.deadLetters, 'dead-letters');
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
  const { brokers, credentials } = testKafka();
  platform = await KafkaPlatform.connect({ clientId: `authz-svc-test-${run}`, brokers, credentials, requireTopics: false });
  await platform.ensureTopics([...Object.values(registration), decisions, evaluations.requests, evaluations.replies, deadLetters]);
  const world = exampleWorld();
  const send = <T>(topic: TopicSpec<unknown>, events: T[]) => Promise.all(events.map((e) => platform.producerFor(topic as TopicSpec<T>).send(e)));
  await Promise.all([send(registration.organisations, world.organisations), send(registration.collaborations, world.collaborations), send(registration.users, world.users), send(registration.whitelist, world.whitelist)]);

  const config = loadAuthorizationConfig({ NODE_ENV: 'test', ...kafkaEnvOf(), KAFKA_CLIENT_ID: `authz-${run}`, AUTH_JWKS: auth.jwksJson, BSN_TRANSPORT_KEY: TRANSPORT_KEY.toString('base64'), SUBJECT_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY.toString('base64'), LOG_LEVEL: 'warn' });
  app = await createHttpApp(AuthorizationModule.forConfig(config, { registration, decisions, evaluations }), { service: 'authorization' });
  app.connectMicroservice(evaluationServerOptions({ platform: app.get(KafkaPlatform), groupId: `test-${run}.evaluations`, topics: evaluations, deadLetterTopic: deadLetters }));
  await app.startAllMicroservices();
  await app.init();

  client = new KafkaAuthorizationClient({ brokers, credentials, clientId: `gateway-test-${run}`, groupId: `test-${run}.replies`, transportKey: TRANSPORT_KEY, requestTopic: evaluations.requests, replyTopic: evaluations.replies, timeoutMs: 10_000 });
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
    await deleteTopicsStartingWith(platform.kafka, `inkijk.test-${run}.`);
    await platform.close();
  }
});

describe('HTTP: POST /access/v1/evaluation (AuthZEN)', () => {
  it('answers the gateway asking about a worker\'s query, with the reasons and the decision id', async () => {
    const permit = await post(tokens.gateway, ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
    const deny = await post(tokens.gateway, ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.STRANGER));
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
    expect([other.status, other.body.code]).toEqual([403, 'CALLER_NOT_ALLOWED']);
    // Not even about itself: whether a citizen is on the whitelist is answered only inside a logged query.
    const itself = await post(tokens.worker, ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
    expect([itself.status, itself.body.code]).toEqual([403, 'CALLER_NOT_ALLOWED']);
    expect(Object.keys(itself.body).sort()).toEqual(['code', 'message']);
    expect(JSON.stringify(itself.body)).not.toMatch(/WHITELIST|ABORTED/);
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
    const expected = decide(app.get(AccessEvaluator).model, req, amsterdamDay(at));
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
    const stranger = new KafkaAuthorizationClient({ ...testKafka(), clientId: `gateway-test-${run}-b`, groupId: `test-${run}.replies-b`, transportKey: Buffer.alloc(32, 4), requestTopic: evaluations.requests, replyTopic: evaluations.replies });
    await stranger.connect();
    try {
      await expect(stranger.evaluate(ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT))).rejects.toThrow(AuthorizationUnavailableError);
      await expect(stranger.evaluate(ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT))).rejects.toThrow(/VALIDATION_FAILED|unsealed/);
    } finally {
      await stranger.close();
    }
  });
});

/** Every record of a topic from the beginning, until `until` holds or time runs out. */
async function readTopic(topic: string, until: (got: KafkaMessage[]) => boolean, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const consumer = platform.kafka.consumer({ groupId: `test-${run}.reader-${randomUUID()}` });
  const got: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
    const deadline = Date.now() + timeoutMs;
    while (!until(got) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describe('poison requests on the evaluation topic', () => {
  it('parks what is not Avro, has no reply address of its own or is invalid, and answers the next request in time', async () => {
    const codec = codecFor(evaluations.requests);
    const question = ask('haarlem-worker', M.HAARLEM, M.ZANDVOORT, BSN.ZANDVOORT_CLIENT);
    const valid = codec.encode(toWireRequest(question, { requestId: randomUUID(), transportKey: TRANSPORT_KEY }));
    const sealedElsewhere = codec.encode(toWireRequest(question, { requestId: randomUUID(), transportKey: Buffer.alloc(32, 9) }));
    // Marked, to tell them from the requests other tests had refused (and parked).
    const mark = { 'test-case': 'poison' };
    const replyTo = (correlationId: string, replyTopic = evaluations.replies.name) => ({ ...mark, kafka_correlationId: correlationId, kafka_replyTopic: replyTopic, kafka_replyPartition: '0' });
    const notAvro = (i: number) => Buffer.from(`{"not":"avro","n":${i}}`);

    // Raw records, as any writer of the topic could send them; one undecodable record ahead on
    // every partition (six, as in the incident), so the next real request is behind poison
    // wherever its key puts it.
    const producer = platform.kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: evaluations.requests.name,
        messages: [
          ...Array.from({ length: evaluations.requests.partitions }, (_, p) => ({ partition: p, value: notAvro(p), headers: mark })),
          { partition: 0, value: notAvro(99), headers: replyTo('undecodable-with-address') },
          { partition: 1, value: valid, headers: mark },
          { partition: 2, value: valid, headers: replyTo('into-the-decision-log', decisions.name) },
          { partition: 3, value: sealedElsewhere, headers: replyTo('sealed-elsewhere') },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const t0 = Date.now();
    const answer = await client.evaluate(question, { at: amsterdamInstant('2026-03-10') });
    const answeredInMs = Date.now() - t0;
    evaluationsMade += 1;
    expect(answer.decision).toBe(true);
    // Within the gateway's default AUTHORIZATION_TIMEOUT_MS (5 s), let alone this client's 10 s.
    expect(answeredInMs).toBeLessThan(5000);
    console.log(`[poison] the request behind ${evaluations.requests.partitions + 4} poison requests was answered in ${answeredInMs} ms`);

    const dlCodec = codecFor(deadLetters);
    const mine = (ms: KafkaMessage[]) => ms.map((m) => dlCodec.decode(m.value)).filter((d) => d.consumerGroup === `test-${run}.evaluations` && d.headers['test-case'] === 'poison');
    const letters: platformContract.DeadLetter[] = mine(await readTopic(deadLetters.name, (got) => mine(got).length >= evaluations.requests.partitions + 4));
    const byReason = (reason: platformContract.DeadLetterReason) => letters.filter((d) => d.reason === reason);
    expect(letters.every((d) => d.originTopic === evaluations.requests.name)).toBe(true);
    expect(byReason('UNDECODABLE').map((d) => Buffer.from(d.value!).toString()).sort()).toEqual([...Array.from({ length: evaluations.requests.partitions }, (_, p) => notAvro(p)), notAvro(99)].map(String).sort());
    expect(byReason('INVALID_VALUE').map((d) => d.error).sort()).toEqual([
      expect.stringMatching(/^VALIDATION_FAILED: The data subject cannot be unsealed/),
      expect.stringMatching(/^a request without a reply address/),
      `reply topic ${decisions.name} is not a reply topic of ${evaluations.requests.name}`,
    ]);
    expect(letters).toHaveLength(evaluations.requests.partitions + 4);
    expect(JSON.stringify(letters.map((d) => d.error))).not.toMatch(new RegExp(Object.values(BSN).join('|')));

    // A caller that named a reply address of the endpoint is told at once instead of waiting.
    const refusal = (await readTopic(evaluations.replies.name, (got) => got.some((m) => String(m.headers?.kafka_correlationId) === 'undecodable-with-address')))
      .find((m) => String(m.headers?.kafka_correlationId) === 'undecodable-with-address');
    expect(JSON.parse(String(refusal?.headers?.['kafka_nest-err']))).toMatchObject({ code: 'UNDECODABLE_REQUEST' });

    // Nothing crashed or stalled: the evaluation server's consumer is watched, and up.
    expect(app.get(KafkaPlatform).status.snapshot()[`consumer:test-${run}.evaluations`]).toBe('connected');
    expect((await request(app.getHttpServer()).get('/health/ready')).status).toBe(200);
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

describe('readiness while a consumer is stuck (last: it leaves the service not ready)', () => {
  const stuck = copy(topics.deadLetters, 'stuck');
  const watched: Consumer[] = [];
  const ready = async () => {
    const res = await request(app.getHttpServer()).get('/health/ready');
    return { status: res.status, kafka: res.body.checks?.kafka as { status: string; detail?: string } };
  };
  const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  };
  /** A consumer of the service's platform, watched like every consumer of the service. */
  const watchedConsumer = async (name: string, handle: () => Promise<void>, restart: boolean) => {
    const consumer = app.get(KafkaPlatform).kafka.consumer({ groupId: `test-${run}.${name}`, retry: { retries: 0, restartOnFailure: async () => restart } });
    watched.push(consumer);
    app.get(KafkaPlatform).status.watchConsumer(`consumer:test-${run}.${name}`, consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: stuck.name, fromBeginning: true });
    await consumer.run({ eachMessage: handle });
    return consumer;
  };

  beforeAll(async () => {
    await platform.ensureTopics([stuck]);
    const producer = platform.kafka.producer();
    await producer.connect();
    await producer.send({ topic: stuck.name, messages: [{ partition: 0, value: Buffer.from('a record') }] });
    await producer.disconnect();
  });

  afterAll(async () => {
    await Promise.allSettled(watched.map((c) => c.disconnect()));
  });

  it('is down while a batch is in process for 10 s, naming where, and up again once it ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await watchedConsumer('slow', () => gate, false);
    expect((await ready()).status).toBe(200);
    const t0 = Date.now();
    await until(async () => (await ready()).status === 503, 20_000);
    const down = await ready();
    console.log(`[readiness] down ${Date.now() - t0} ms after the batch started: ${down.kafka.detail}`);
    expect(down.status).toBe(503);
    expect(down.kafka.detail).toMatch(new RegExp(`consumer:test-${run}\\.slow: stalled at ${stuck.name.replace(/\./g, '\\.')}\\[0\\]@0 for 1\\d s`));
    release();
    await until(async () => (await ready()).status === 200, 5000);
    expect((await ready()).status).toBe(200);
  });

  it('is down when a watched consumer crashed', async () => {
    await watchedConsumer('crashing', async () => {
      throw new Error('a handler that always fails');
    }, false);
    await until(async () => (await ready()).status === 503, 20_000);
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.kafka.detail).toContain(`consumer:test-${run}.crashing: crashed`);
  });
});
