/**
 * The Inkijk gateway with the real broker, a registered world on (test copies of) the
 * registration topics, and the supplier simulators as their own process: one login and the
 * keuzelijst, queries for one municipality and then another without logging in again, denials
 * and aborted searches logged, an escape with its reason, partial source failures, bad input,
 * and no data while the broker is down.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { query } from '@inkijk/contracts';
import { BSN, exampleWorld, M, REGISTRATION_TOPICS, RegistrationTopics } from '@inkijk/authorization-rules';
import { codecFor, configureHttpApp, KafkaPlatform, pseudonymise, unsealBsn } from '@inkijk/platform';
import { testAuth, TestAuth } from '@inkijk/testing';
import { QueryProxyModule } from '../src/app.module';
import { loadQueryProxyConfig } from '../src/config';

const run = randomUUID().slice(0, 8);
const ROOT = path.resolve(__dirname, '../../..');
const copy = <T>(t: TopicSpec<T>, n: string): TopicSpec<T> => ({ ...t, name: `inkijk.test-${run}.${n}.v1` });
const registrationTopics: RegistrationTopics = {
  organisations: copy(REGISTRATION_TOPICS.organisations, 'organisations'),
  collaborations: copy(REGISTRATION_TOPICS.collaborations, 'collaborations'),
  users: copy(REGISTRATION_TOPICS.users, 'users'),
  whitelist: copy(REGISTRATION_TOPICS.whitelist, 'whitelist'),
};
const attributed = copy(topics.attributedQueries, 'attributed');
const decisions = copy(topics.decisions, 'decisions');
const pseudonymKey = randomBytes(32);
const sealKey = randomBytes(32);
const SIM_ADMIN = randomBytes(16).toString('hex');

let app: INestApplication;
let auth: TestAuth;
let simulators: ChildProcess;
let simulatorsUrl: string;
const events = new Map<string, query.AttributedQuery>();

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  auth = await testAuth();
  const port = 20000 + Math.floor(Math.random() * 20000);
  simulatorsUrl = `http://127.0.0.1:${port}`;
  simulators = spawn(process.execPath, ['-r', '@swc-node/register', 'services/supplier-simulators/src/main.ts'], { cwd: ROOT, env: { ...process.env, HTTP_PORT: String(port), SIM_ADMIN_TOKEN: SIM_ADMIN, LOG_LEVEL: 'warn' }, stdio: 'inherit' });
  await until('the simulators', () => fetch(`${simulatorsUrl}/health/live`).then((r) => r.ok, () => false));

  const config = loadQueryProxyConfig({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    AUTH_JWKS: auth.jwksJson,
    SUBJECT_PSEUDONYM_KEY: pseudonymKey.toString('base64'),
    AUDIT_SEAL_KEY: sealKey.toString('base64'),
    SUPPLIERS_URL: simulatorsUrl,
    SUPPLIER_TIMEOUT_MS: '500',
    LOG_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'warn',
  });
  const ref = await Test.createTestingModule({ imports: [QueryProxyModule.forConfig(config, { registration: registrationTopics, attributedQueries: attributed, decisions })] }).compile();
  app = ref.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, {});
  const platform = app.get(KafkaPlatform);
  await platform.ensureTopics([...Object.values(registrationTopics), attributed]);
  const world = exampleWorld().user('haarlem-overview', { home: M.HAARLEM, products: ['overzicht-inkomen'] });
  for (const e of world.organisations) await platform.producerFor(registrationTopics.organisations).send(e);
  for (const e of world.collaborations) await platform.producerFor(registrationTopics.collaborations).send(e);
  for (const e of world.users) await platform.producerFor(registrationTopics.users).send(e);
  for (const e of world.whitelist) await platform.producerFor(registrationTopics.whitelist).send(e);
  await app.init();
  await until('the read model', async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200);

  const reader = platform.kafka.consumer({ groupId: `gw-test-${run}` });
  await reader.connect();
  await reader.subscribe({ topic: attributed.name, fromBeginning: true });
  await reader.run({ eachMessage: async ({ message }) => {
    const e = codecFor(attributed).decode(message.value);
    events.set(e.eventId, e);
  } });
  afterAllCleanups.push(() => reader.disconnect());
  afterAllCleanups.push(async () => {
    const admin = platform.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [...Object.values(registrationTopics), attributed, decisions].map((t) => t.name) });
    await admin.disconnect();
  });
}, 120_000);

const afterAllCleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of afterAllCleanups) await c().catch(() => undefined);
  await app?.close();
  simulators?.kill();
});

const worker = (id: string, home: string) => auth.token({ userId: id, homeMunicipalityId: home, roles: ['WORKER'] });
const ask = async (token: string, body: object) => request(app.getHttpServer()).post('/queries').set('Authorization', `Bearer ${token}`).send(body);
const eventFor = async (queryId: string) => {
  await until(`the attributed event ${queryId}`, () => events.has(queryId), 15_000);
  return events.get(queryId)!;
};
const bsnQuery = (actingFor: string, bsn: string, product = 'brp-persoon', extra: object = {}) => ({ actingForMunicipalityId: actingFor, product, legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn }, ...extra });

describe('scratch', () => {
  it('what a query answers when the decision cannot be recorded', async () => {
    const res = await ask(await worker('haarlem-worker', M.HAARLEM), bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
    console.log('SCRATCH', res.status, JSON.stringify(res.body));
  });
});
