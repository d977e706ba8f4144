import { randomBytes } from 'node:crypto';
import { ReadModel } from '@inkijk/authorization-rules';
import { AuthorizationUnavailableError, InProcessAuthorization } from '@inkijk/authorization-rules/kafka';
import { BSN, exampleWorld, M } from '@inkijk/authorization-rules/testing';
import { createKafka, DURABLE_PRODUCER_CONFIG, DurableSender, Principal, prometheusText, toErrorResponse } from '@inkijk/platform';
import { QueryAttempts } from '../../app/query-attempts';
import { LogUnavailableError, QueryService } from '../../app/query.service';
import { AuthorizationAdapter } from '../authorization.adapter';
import { countedAttributionLog } from '../metrics';
import type { Suppliers } from '../suppliers/suppliers';
import { QueryController } from './query.controller';

/** inkijk_queries_total by outcome (all products), as GET /metrics serves it. */
async function queriesByOutcome(): Promise<Record<string, number>> {
  const text = await prometheusText();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^inkijk_queries_total\{outcome="(\w+)",product="([\w-]+)"\} (\d+)$/gm)) out[m[1]] = (out[m[1]] ?? 0) + Number(m[3]);
  return out;
}

const worker: Principal = { userId: 'haarlem-worker', homeMunicipalityId: M.HAARLEM, roles: ['WORKER'], displayName: 'Medewerker' };
const body = (over: object = {}) => ({ actingForMunicipalityId: M.ZANDVOORT, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN.ZANDVOORT_CLIENT }, ...over });

/** The gateway's POST /queries on the example world, with the decision log, the attribution log and the activity log each failing or not. */
function gateway(opts: { decisionLog?: 'up' | 'down'; attributionLog?: 'up' | 'down'; activityLog?: 'up' | 'down'; decide?: () => Promise<never>; replaying?: boolean }) {
  const model = new ReadModel();
  // A gateway still replaying has read part of the world: here nothing yet.
  if (!opts.replaying) for (const e of exampleWorld().events) model.apply(e);
  const feeder = { isReady: () => !opts.replaying, offsets: () => ({}) };
  const recorded: unknown[] = [];
  const attemptsRecorded: unknown[] = [];
  const sender =
    opts.decisionLog === 'down'
      ? new DurableSender(createKafka({ clientId: 'nowhere', brokers: '127.0.0.1:1', connectionTimeout: 100 }).producer(DURABLE_PRODUCER_CONFIG), { sendTimeoutMs: 300 })
      : ({ send: async (_t: unknown, r: unknown) => void recorded.push(r) } as unknown as DurableSender);
  const local = new InProcessAuthorization({ model, feeder, sender, pseudonymKey: randomBytes(32) });
  const adapter = new AuthorizationAdapter(local, local, model, feeder as never);
  if (opts.decide) adapter.decide = opts.decide;
  const attempts = new QueryAttempts(
    { record: async (a) => { if (opts.activityLog === 'down') throw new LogUnavailableError(new Error('no broker')); attemptsRecorded.push(a); } },
    adapter,
    { pseudonym: () => 'ab'.repeat(32) },
  );
  const suppliers = { fetch: async () => [{ supplier: 'BRP', status: 'ANSWERED', durationMs: 1, personListsProvided: 1, data: [{ naam: 'x' }] }] } as unknown as Suppliers;
  const log = countedAttributionLog({ publish: async () => { if (opts.attributionLog === 'down') throw new Error('not acknowledged'); } });
  const service = new QueryService(adapter, suppliers, log, { sealedBsn: () => Buffer.from('sealed') }, attempts, { processingActivityId: 'inkijk-bevraging-sociaal-domein' });
  return Object.assign(new QueryController(service, attempts, adapter), { recorded, attemptsRecorded });
}

/** What the caller gets: the status and body the error filter makes of the controller's answer. */
async function answer(c: QueryController, p: Principal, b: unknown) {
  try {
    return { status: 200, body: (await c.query(p, b)) as unknown as Record<string, unknown> };
  } catch (e) {
    const r = toErrorResponse(e);
    return { status: r.status, body: r.body as unknown as Record<string, unknown> };
  }
}

describe('POST /queries counts every answer of 503 in inkijk_queries_total', () => {
  it('counts 503 LOG_UNAVAILABLE as NOT_LOGGED when the decision record cannot be written, and gives no data', async () => {
    const before = await queriesByOutcome();
    const c = gateway({ decisionLog: 'down' });
    const answers = [await answer(c, worker, body()), await answer(c, worker, body())];
    expect(answers.map((a) => [a.status, a.body.code, a.body.results])).toEqual([[503, 'LOG_UNAVAILABLE', undefined], [503, 'LOG_UNAVAILABLE', undefined]]);
    const after = await queriesByOutcome();
    expect((after.NOT_LOGGED ?? 0) - (before.NOT_LOGGED ?? 0)).toBe(2);
    expect(after.ANSWERED ?? 0).toBe(before.ANSWERED ?? 0);
  });

  it('counts 503 LOG_UNAVAILABLE as NOT_LOGGED, once, when the attributed query cannot be written', async () => {
    const before = await queriesByOutcome();
    const res = await answer(gateway({ attributionLog: 'down' }), worker, body());
    expect([res.status, res.body.code, res.body.results]).toEqual([503, 'LOG_UNAVAILABLE', undefined]);
    const after = await queriesByOutcome();
    expect((after.NOT_LOGGED ?? 0) - (before.NOT_LOGGED ?? 0)).toBe(1);
  });

  it('counts a refused attempt answered 503 because its record cannot be written as NOT_LOGGED', async () => {
    const before = await queriesByOutcome();
    const c = gateway({ activityLog: 'down' });
    const answers = [await answer(c, { ...worker, roles: ['USER_ADMINISTRATOR'] }, body()), await answer(c, worker, body({ searchKey: { type: 'BSN', bsn: '123456789' } }))];
    expect(answers.map((a) => [a.status, a.body.code])).toEqual([[503, 'LOG_UNAVAILABLE'], [503, 'LOG_UNAVAILABLE']]);
    const after = await queriesByOutcome();
    expect((after.NOT_LOGGED ?? 0) - (before.NOT_LOGGED ?? 0)).toBe(2);
  });

  it('counts 503 AUTHORIZATION_UNAVAILABLE as NOT_DECIDED and an unexpected failure (500) as ERROR', async () => {
    const before = await queriesByOutcome();
    const noAnswer = await answer(gateway({ decide: () => Promise.reject(new AuthorizationUnavailableError('no answer')) }), worker, body());
    const broken = await answer(gateway({ decide: () => Promise.reject(new TypeError('bug')) }), worker, body());
    expect([noAnswer.status, noAnswer.body.code, broken.status]).toEqual([503, 'AUTHORIZATION_UNAVAILABLE', 500]);
    const after = await queriesByOutcome();
    expect([(after.NOT_DECIDED ?? 0) - (before.NOT_DECIDED ?? 0), (after.ERROR ?? 0) - (before.ERROR ?? 0)]).toEqual([1, 1]);
  });

  it('answers 503 READ_MODEL_NOT_READY while the read model replays, counted as NOT_READY: no refusal, no attempt, no decision', async () => {
    const before = await queriesByOutcome();
    const c = gateway({ replaying: true });
    const answers = [await answer(c, worker, body()), await answer(c, { ...worker, roles: ['USER_ADMINISTRATOR'] }, body())];
    expect(answers.map((a) => [a.status, a.body.code, a.body.results])).toEqual([[503, 'READ_MODEL_NOT_READY', undefined], [503, 'READ_MODEL_NOT_READY', undefined]]);
    expect([c.recorded.length, c.attemptsRecorded.length]).toEqual([0, 0]);
    const after = await queriesByOutcome();
    expect((after.NOT_READY ?? 0) - (before.NOT_READY ?? 0)).toBe(2);
  });

  it('counts an answered query once as ANSWERED and a refusal (4xx) not as a failure', async () => {
    const before = await queriesByOutcome();
    const c = gateway({});
    const ok = await answer(c, worker, body());
    const refused = await answer(c, worker, body({ product: 'alles' }));
    expect([ok.status, refused.status]).toEqual([200, 400]);
    const after = await queriesByOutcome();
    expect((after.ANSWERED ?? 0) - (before.ANSWERED ?? 0)).toBe(1);
    expect(c.recorded.length).toBe(1); // the decision record
    for (const o of ['NOT_LOGGED', 'NOT_DECIDED', 'NOT_READY', 'ERROR']) expect(after[o] ?? 0).toBe(before[o] ?? 0);
  });
});
