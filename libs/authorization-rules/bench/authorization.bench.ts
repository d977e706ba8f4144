/**
 * Authorization figures: the read model of 1,000 collaborations, 100,000 users and 1,000,000
 * whitelisted BSNs (built through apply(), as the feeder does), its memory, and decisions per
 * second with p50/p99 latency in-process and over Kafka request-reply (a Nest microservice in
 * a child process, as deployed, on the local broker: Avro, BSN sealed, each decision recorded
 * before the reply; the parent plays the gateway with KafkaAuthorizationClient).
 * Prints figures; asserts nothing.   npm run bench -- authorization
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import 'reflect-metadata';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { registration } from '@inkijk/contracts';
import { KafkaPlatform, pseudonymise } from '@inkijk/platform';
import { percentile, printTable, testKafka, deleteTopicsStartingWith } from '@inkijk/testing';
import { AccessEvaluationRequest, AccessEvaluator, amsterdamDay, amsterdamInstant, decide, ReadModel } from '../src';
import { durableDecisionRecorder, evaluateWireRequest, evaluationServerOptions, InProcessAuthorization, KafkaAuthorizationClient, ReadModelFeeder, WireRequest } from '../src/adapters';
import { collaborationIdOf, municipalityId } from '../src/testing';

const COLLABORATIONS = Number(process.env.BENCH_COLLABORATIONS ?? 1000);
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const BSNS = Number(process.env.BENCH_BSNS ?? 1_000_000);
const MEMBERS = 3; // municipalities per collaboration
const { brokers, credentials } = testKafka();
const run = process.env.BENCH_RUN ?? randomUUID().slice(0, 8);
const copy = <T>(spec: TopicSpec<T>, name: string): TopicSpec<T> => ({ ...spec, name: `inkijk.bench-${run}.${name}.v1` });
const decisionsTopic = copy(topics.decisions, 'decisions');
const evaluations = { requests: copy(topics.authorizationEvaluations, 'evaluation.requests'), replies: copy(topics.authorizationEvaluationReplies, 'evaluation.replies') };
const KEY = Buffer.alloc(32, 7);
const AT = amsterdamInstant('2026-06-15', '10:30');

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (setFlagsFromString('--expose-gc'), runInNewContext('gc'));
const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const municipalities = COLLABORATIONS * MEMBERS;
const mun = (i: number) => municipalityId(`GM${String(i).padStart(4, '0')}`);
const userId = (i: number) => `user-${i}`;
const homeOf = (u: number) => u % municipalities;
/**
 * The i-th BSN of the bench, one per i and valid (11-proef; consumers park invalid ones): the
 * prefix 1xxxxxxx and its check digit, or 2xxxxxxx when 1xxxxxxx has none (remainder 10).
 */
function bsnOf(i: number): string {
  const prefix = (p: number) => String(p).split('').reduce((sum, d, k) => sum + (9 - k) * Number(d), 0) % 11;
  const first = 10_000_000 + i;
  const base = prefix(first) === 10 ? 20_000_000 + i : first;
  return `${base}${prefix(base)}`;
}
const PRODUCT_SETS = [['brp-persoon'], ['brp-persoon', 'uwv-inkomen'], ['brp-persoon', 'uwv-inkomen', 'svb-uitkering'], ['rdw-voertuig', 'kadaster-eigendom', 'brp-persoon']];

/** Builds the model event by event (nothing kept but the model) and returns events applied. */
function build(model: ReadModel): number {
  let n = 0;
  const apply = (e: Parameters<ReadModel['apply']>[0]) => (model.apply(e), n++);
  const at = Date.UTC(2026, 0, 1);
  for (let m = 0; m < municipalities; m++) {
    apply({ eventId: randomUUID(), occurredAt: at, organisationId: mun(m), kind: 'MUNICIPALITY', cbsCode: `GM${String(m).padStart(4, '0')}`, oin: `0000009900000000${String(m).padStart(4, '0')}`, name: `Gemeente ${m}`, validFrom: '2000-01-01', validTo: null });
  }
  for (let c = 0; c < COLLABORATIONS; c++) {
    const id = collaborationIdOf(c + 1);
    const members = Array.from({ length: MEMBERS }, (_, k) => mun(c * MEMBERS + k));
    let seq = 0;
    const ev = (change: registration.CollaborationEvent['change']) => apply({ eventId: randomUUID(), occurredAt: at, collaborationId: id, sequence: ++seq, recordedBy: 'so', change });
    ev({ 'nl.inkijk.registration.CollaborationRegistered': { name: `Samenwerking ${c}`, legalForm: 'WGR_WITHOUT_PUBLIC_BODY', executingOrganisationId: members[0], legalDomains: ['PARTICIPATIEWET', 'IOAW'], members: members.map((m) => ({ municipalityId: m, effectiveFrom: '2026-01-01', effectiveTo: null })), effectiveFrom: '2026-01-01', agreementSha256: 'a'.repeat(64) } });
    for (const m of members) ev({ 'nl.inkijk.registration.ApplicationDecided': { applicationId: randomUUID(), municipalityId: m, decision: 'APPROVED', reason: null } });
    ev({ 'nl.inkijk.registration.CollaborationActivated': { effectiveFrom: '2026-01-01' } });
  }
  for (let u = 0; u < USERS; u++) {
    apply({ eventId: randomUUID(), occurredAt: at, userId: userId(u), homeMunicipalityId: mun(homeOf(u)), change: { 'nl.inkijk.registration.UserCreated': { roles: ['WORKER'], permittedProducts: PRODUCT_SETS[u % PRODUCT_SETS.length], escapeRight: u % 10 === 7 } } });
  }
  for (let i = 0; i < BSNS; i++) {
    apply({ eventId: randomUUID(), occurredAt: at, municipalityId: mun(i % municipalities), bsn: bsnOf(i), change: 'ADDED', effectiveDate: '2026-01-01', source: 'BULK_IMPORT' });
  }
  for (let i = 0; i < BSNS / 50; i++) {
    apply({ eventId: randomUUID(), occurredAt: at, municipalityId: mun((i * 50) % municipalities), bsn: bsnOf(i * 50), change: 'REMOVED', effectiveDate: '2026-05-01', source: 'CASELOAD_EVENT' });
  }
  return n;
}

/** A mix of questions: via the collaboration on and off the whitelist, escapes, own municipality, strangers. */
function requests(count: number): AccessEvaluationRequest[] {
  const out: AccessEvaluationRequest[] = [];
  for (let i = 0; i < count; i++) {
    const u = (i * 7919) % USERS;
    const h = homeOf(u);
    const c = Math.floor(h / MEMBERS);
    const m = c * MEMBERS + ((h + 1 + (i % 2)) % MEMBERS);
    const kind = i % 5;
    const bsnIndex = kind === 3 ? BSNS + i : (kind === 4 ? h : m) + municipalities * (i % Math.floor(BSNS / municipalities));
    out.push({
      subject: { type: 'user', id: userId(u), properties: { homeMunicipalityId: mun(h) } },
      action: { name: 'brp-persoon' },
      resource: { type: 'person', id: bsnOf(bsnIndex) },
      context: { actingForMunicipalityId: kind === 4 ? mun(h) : mun(m), legalDomain: kind === 2 ? 'IOAZ' : 'PARTICIPATIEWET', escapeReason: kind === 3 ? 'NEW_APPLICATION' : null },
    });
  }
  return out;
}

function row(mode: string, callers: number, latencies: number[], seconds: number, extra: Record<string, string | number> = {}) {
  return { mode, callers, decisions: latencies.length, 'decisions/s': Math.round(latencies.length / seconds), 'p50 ms': percentile(latencies, 50), 'p99 ms': percentile(latencies, 99), 'p99.9 ms': percentile(latencies, 99.9), ...extra };
}

async function concurrently(callers: number, total: number, one: (i: number) => Promise<unknown>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: callers }, async () => {
    while (next < total) {
      const i = next++;
      const s = performance.now();
      await one(i);
      latencies.push(performance.now() - s);
    }
  }));
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, Kafka at ${brokers}`);

  // ---- the read model ----
  const before = heapMiB();
  const model = new ReadModel();
  let t0 = performance.now();
  const events = build(model);
  const buildSeconds = (performance.now() - t0) / 1000;
  const after = heapMiB();
  const stats = model.stats();
  printTable('Read model (built through apply(), one event at a time)', [{
    collaborations: stats.collaborations, users: stats.users, 'whitelisted BSNs': stats.whitelistedBsns, events, 'build s': buildSeconds.toFixed(1),
    'events/s': Math.round(events / buildSeconds), 'heap MiB (after GC)': (after - before).toFixed(0), 'RSS MiB': (process.memoryUsage().rss / 2 ** 20).toFixed(0),
  }]);

  const rows: Record<string, string | number>[] = [];
  const qs = requests(200_000);
  const outcomes = new Map<string, number>();

  // ---- in-process: the decision itself ----
  for (let i = 0; i < 20_000; i++) decide(model, qs[i % qs.length], amsterdamDay(AT)); // warm-up
  const lat: number[] = new Array(qs.length);
  t0 = performance.now();
  for (let i = 0; i < qs.length; i++) {
    const s = performance.now();
    const d = decide(model, qs[i], amsterdamDay(AT));
    lat[i] = performance.now() - s;
    const k = d.decision ? (d.context.escape ? 'PERMIT (escape)' : 'PERMIT') : d.context.reason_code!;
    outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
  }
  rows.push(row('in-process decide()', 1, lat, (performance.now() - t0) / 1000));

  // ---- in-process with the durable decision record (as the gateway would run it) ----
  const platform = await KafkaPlatform.connect({ clientId: `bench-authz-${run}`, brokers, credentials, requireTopics: false });
  await platform.ensureTopics([decisionsTopic, evaluations.requests, evaluations.replies]);
  const feeder = { isReady: () => true, offsets: () => ({ 'inkijk.registration.whitelist.v1:0': 1 }) };
  const inProcess = new InProcessAuthorization({ model, feeder, sender: platform.sender, pseudonymKey: KEY, decisionsTopic });
  for (const callers of [1, 50]) {
    const r = await concurrently(callers, callers === 1 ? 1000 : 10_000, (i) => inProcess.evaluate(qs[i], { at: AT }));
    rows.push(row('in-process + decision record (acks=all)', callers, r.latencies, r.seconds));
  }

  // ---- Kafka request-reply: the Nest microservice in a process of its own (as deployed) ----
  const child = fork(__filename, [], { execArgv: ['-r', '@swc-node/register'], env: { ...process.env, BENCH_ROLE: 'server', BENCH_RUN: run }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the benchmark server stopped (${code})`)));
  });
  const client = new KafkaAuthorizationClient({ brokers, credentials, clientId: `bench-gateway-${run}`, groupId: `bench-${run}.replies`, transportKey: KEY, requestTopic: evaluations.requests, replyTopic: evaluations.replies, timeoutMs: 30_000 });
  await client.connect();
  await concurrently(10, 500, (i) => client.evaluate(qs[i], { at: AT })); // warm-up
  for (const [callers, total] of [[1, 2000], [10, 5000], [50, 10_000]] as const) {
    const r = await concurrently(callers, total, (i) => client.evaluate(qs[i], { at: AT }));
    rows.push(row('Kafka request-reply (Nest, Avro)', callers, r.latencies, r.seconds));
  }
  await client.close();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  // ---- replay through the feeder: a smaller model via the topics ----
  const replayCount = Number(process.env.BENCH_REPLAY ?? 100_000);
  const registration = {
    organisations: copy(topics.organisations, 'organisations') as TopicSpec<unknown>,
    collaborations: copy(topics.collaborations, 'collaborations') as TopicSpec<unknown>,
    users: copy(topics.users, 'users') as TopicSpec<unknown>,
    whitelist: copy(topics.whitelist, 'whitelist') as TopicSpec<unknown>,
  };
  await platform.ensureTopics(Object.values(registration));
  const wl = platform.producerFor(registration.whitelist as TopicSpec<registration.WhitelistChange>);
  await concurrently(500, replayCount, (i) => wl.send({ eventId: randomUUID(), occurredAt: Date.now(), municipalityId: mun(i % municipalities), bsn: bsnOf(i), change: 'ADDED', effectiveDate: '2026-01-01', source: 'BULK_IMPORT' }));
  const replayModel = new ReadModel();
  const replayFeeder = new ReadModelFeeder({ kafka: platform.kafka, model: replayModel, deadLetters: platform.sender, topics: registration, groupIdPrefix: `bench-${run}.read-model` });
  t0 = performance.now();
  await replayFeeder.start();
  await replayFeeder.ready;
  const replaySeconds = (performance.now() - t0) / 1000;
  await replayFeeder.stop();
  printTable('Replay from offset 0 through the feeder (whitelist topic, 6 partitions, local broker)', [{ events: replayCount, 'ready after s': replaySeconds.toFixed(1), 'events/s': Math.round(replayCount / replaySeconds), 'whitelisted BSNs': replayModel.stats().whitelistedBsns }]);

  printTable(`Decisions (${qs.length.toLocaleString('en')} questions; T = 2026-06-15)`, rows);
  printTable('Outcomes of the in-process run', [...outcomes].map(([outcome, n]) => ({ outcome, share: `${((100 * n) / qs.length).toFixed(0)}%` })));

  await deleteTopicsStartingWith(platform.kafka, `inkijk.bench-${run}.`);
  await platform.close();
}

/** The authorization side of request-reply: the same model, a Nest Kafka microservice, decisions recorded. */
async function serverMain(): Promise<void> {
  const model = new ReadModel();
  build(model);
  const platform = await KafkaPlatform.connect({ clientId: `bench-authz-server-${run}`, brokers, credentials, requireTopics: false });
  const evaluator = new AccessEvaluator(model, {
    recorder: durableDecisionRecorder(platform.sender, decisionsTopic),
    pseudonymise: (bsn) => pseudonymise(bsn, KEY),
    readModelOffsets: () => ({ 'inkijk.registration.whitelist.v1:0': 1 }),
    isReady: () => true,
  });
  @Controller()
  class BenchRpcController {
    @MessagePattern(evaluations.requests.name)
    evaluate(@Payload() data: WireRequest) {
      return evaluateWireRequest(evaluator, data, { transportKey: KEY });
    }
  }
  @Module({ controllers: [BenchRpcController] })
  class BenchModule {}
  const server: INestMicroservice = await NestFactory.createMicroservice(BenchModule, { ...evaluationServerOptions({ platform, groupId: `bench-${run}.evaluations`, topics: evaluations }), logger: ['error'] });
  await server.listen();
  process.send!('ready');
  await new Promise((resolve) => process.once('SIGTERM', resolve));
  await server.close();
  await platform.close();
}

const role = process.env.BENCH_ROLE === 'server' ? serverMain : main;
role().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
