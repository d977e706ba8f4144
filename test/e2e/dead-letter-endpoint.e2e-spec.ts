/**
 * The security officer replays a dead letter through the operations service (issue 19, item 2),
 * every service as its own process against the real broker and database:
 * - a caseload event arrives for Haarlem before Haarlem is registered: registration parks it
 *   (its handler refuses an unknown municipality three times, PROCESSING_FAILED);
 * - the officer lists it (no key, no value, not replayed; the read is in the audit log), registers
 *   Haarlem (the fix) and replays it: the BSN is on Haarlem's whitelist exactly once, with one
 *   caseload batch in the audit log, and the run is there as the officer's action;
 * - a second replay answers "already" and publishes nothing; a worker gets 403; a topic read
 *   without an inbox is refused 409 (and the refusal is recorded), an unknown id 400; bad input
 *   gets a 4xx with {code, message}, never a 5xx.
 * The durations of the list and the replays are printed at the end (console.log).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { JWK } from 'jose';
import { caseloadTopicFor, ConsumerGroups } from '@inkijk/contracts';
import { codecFor, createKafka, TokenIssuer } from '@inkijk/platform';
import { callJson as call, eventually, JsonAnswer, Stack, startStack, testKafka } from '@inkijk/testing';

jest.setTimeout(300_000);

let stack: Stack;
let officer: string;
let worker: string;
const run = randomUUID().slice(0, 6);
/** The operator organisation (BKWI) the officer is homed at: the chain the officer's actions join. */
const operatorOrg = randomUUID();
const haarlem = { id: randomUUID(), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' };
const BSN = '999990019';
const topic = caseloadTopicFor('GM0392');
const group = ConsumerGroups.registrationCaseload;
let origin: { partition: number; offset: string };
let deadLetterId: string;
/** ms per request, printed at the end. */
const figures: Record<string, number[]> = { list: [], replay: [], 'replay (already)': [] };
const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    figures[what].push(Math.round(performance.now() - t0));
  }
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A call in a trace of the test's own making: the answer and its trace id. */
async function traced(base: string, method: string, path: string, token: string, body?: unknown): Promise<JsonAnswer & { traceId: string }> {
  const traceId = randomBytes(16).toString('hex');
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Json, traceId };
}

/** The officer's actions of one trace in the audit log, once one is there. */
async function actionsOfTrace(traceId: string, what: string): Promise<Json[]> {
  let last: unknown;
  return eventually(
    what,
    async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/traces/${traceId}`, officer);
      last = r.body;
      const actions = r.status === 200 ? (r.body.records as Json[]).filter((x) => x.kind === 'ACTION' && x.service === 'operations') : [];
      return actions.length > 0 && actions;
    },
    { timeoutMs: 60_000, everyMs: 300, lastSeen: () => last },
  );
}

const listed = async (): Promise<Json[]> => {
  const r = await call(stack.urls.operations, 'GET', `/dead-letters?group=${group}&topic=${topic.name}`, officer);
  expect(r.status).toBe(200);
  return (r.body.deadLetters as Json[]).filter((d) => d.originPartition === origin.partition && d.originOffset === origin.offset);
};

const whitelistCount = async (): Promise<number> => {
  const r = await call(stack.urls.registration, 'GET', `/municipalities/${haarlem.id}/whitelist/count`, officer);
  expect(r.status).toBe(200);
  return r.body.count as number;
};

beforeAll(async () => {
  stack = await startStack();
  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  officer = await issuer.issue({ userId: `so-${run}`, homeMunicipalityId: operatorOrg, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' }, 3600);
  worker = await issuer.issue({ userId: `mw-${run}`, homeMunicipalityId: haarlem.id, roles: ['WORKER'], displayName: 'Medewerker' }, 3600);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  console.log(`dead-letter endpoint, ms per request: ${Object.entries(figures).map(([k, v]) => `${k} ${v.join(', ')}`).join('; ')}`);
});

describe('the security officer replays a dead letter through the operations service', () => {
  it('lists the record registration parked (no key, no value, not replayed), and records the read', async () => {
    // Haarlem's case system reports a service relationship before Haarlem is registered.
    const kafka = createKafka({ clientId: `e2e-case-system-${run}`, ...testKafka('case-system-gm0392') });
    const producer = kafka.producer();
    await producer.connect();
    const event = { eventId: randomUUID(), occurredAt: Date.now(), municipalityCbsCode: 'GM0392', caseId: `Z-${run}`, bsn: BSN, relation: 'STARTED' as const, effectiveDate: '2015-01-01', legalDomain: 'PARTICIPATIEWET' as const };
    const [sent] = await producer.send({ topic: topic.name, acks: -1, messages: [{ key: 'GM0392', value: codecFor(topic).encode(event) }] });
    await producer.disconnect();
    origin = { partition: sent.partition, offset: sent.baseOffset! };

    const [parked] = await eventually('the record parked by registration', async () => {
      const found = await listed();
      return found.length > 0 && found;
    }, { timeoutMs: 90_000, everyMs: 1000 });
    expect(parked).toMatchObject({ consumerGroup: group, originTopic: topic.name, reason: 'PROCESSING_FAILED', error: expect.stringContaining('GM0392'), replayedAs: null, replayOf: null });
    expect(Object.keys(parked)).not.toEqual(expect.arrayContaining(['key']));
    expect(Object.keys(parked)).not.toContain('value');
    expect(JSON.stringify(parked)).not.toContain(BSN);
    deadLetterId = parked.deadLetterId;

    const read = await timed('list', () => traced(stack.urls.operations, 'GET', `/dead-letters?group=${group}`, officer));
    for (let i = 0; i < 4; i++) expect((await timed('list', () => call(stack.urls.operations, 'GET', `/dead-letters?group=${group}`, officer))).status).toBe(200);
    expect(read.status).toBe(200);
    const [record] = await actionsOfTrace(read.traceId, 'the list in the audit log');
    expect(record).toMatchObject({ action: 'OTHER', outcome: 'SUCCEEDED', actor: { userId: `so-${run}` }, actingForId: operatorOrg, object: { type: 'DEAD_LETTER' }, details: { kind: 'dead-letter-list', group, count: String(read.body.count) } });
  });

  it('refuses a worker (403), a topic whose readers keep no inbox (409, recorded as refused) and an id that is no dead letter of that group and topic (400)', async () => {
    const asWorker = await call(stack.urls.operations, 'POST', '/dead-letters/replay', worker, { group, topic: topic.name, ids: [deadLetterId] });
    expect(asWorker).toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED', message: expect.any(String) } });
    expect((await call(stack.urls.operations, 'GET', '/dead-letters', worker)).status).toBe(403);

    const followers = await traced(stack.urls.operations, 'POST', '/dead-letters/replay', officer, { group: ConsumerGroups.authorizationReadModel, topic: 'inkijk.registration.users.v1' });
    expect(followers).toMatchObject({ status: 409, body: { code: 'NOT_REPLAYABLE', message: expect.stringMatching(/without an inbox.*restart the service/) } });
    const [refused] = await actionsOfTrace(followers.traceId, 'the refused replay in the audit log');
    expect(refused).toMatchObject({ outcome: 'REFUSED', reasonCode: 'NOT_REPLAYABLE', actor: { userId: `so-${run}` }, details: { kind: 'dead-letter-replay', topic: 'inkijk.registration.users.v1' } });
    const unknown = await call(stack.urls.operations, 'POST', '/dead-letters/replay', officer, { group, topic: topic.name, ids: [randomUUID()] });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'UNKNOWN_DEAD_LETTER' } });
    const noGroup = await call(stack.urls.operations, 'POST', '/dead-letters/replay', officer, { topic: topic.name });
    expect(noGroup).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: expect.stringContaining('group') } });
    expect(await listed()).toMatchObject([{ deadLetterId, replayedAs: null }]);
  });

  it('replays it after the fix: the BSN is on the whitelist once, one caseload batch is logged, and the run is the officer\'s action', async () => {
    expect((await call(stack.urls.registration, 'POST', '/organisations/municipalities', officer, { ...haarlem, validFrom: '2000-01-01' })).status).toBe(201);
    expect(await whitelistCount()).toBe(0);

    const replay = await timed('replay', () => traced(stack.urls.operations, 'POST', '/dead-letters/replay', officer, { group, topic: topic.name, ids: [deadLetterId] }));
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ dryRun: false, replayed: 1, already: 0, skipped: 0, results: [{ deadLetterId, outcome: 'replayed', origin: `${topic.name}[${origin.partition}]@${origin.offset}`, offset: expect.any(String) }] });

    await eventually('the replayed record applied by registration', async () => (await whitelistCount()) === 1, { timeoutMs: 60_000, everyMs: 500 });
    const [runRecord] = await actionsOfTrace(replay.traceId, 'the replay in the audit log');
    expect(runRecord).toMatchObject({
      action: 'OTHER', outcome: 'SUCCEEDED', service: 'operations',
      actor: { userId: `so-${run}`, homeOrganisationId: operatorOrg, roles: ['SECURITY_OFFICER'] },
      actingForId: operatorOrg, object: { type: 'DEAD_LETTER', id: deadLetterId },
      details: { kind: 'dead-letter-replay', group, topic: topic.name, count: '1', runId: replay.body.runId },
    });

    // Exactly one caseload batch for Haarlem: the replay, applied once.
    const batches = await eventually('the caseload batch in the audit log', async () => {
      const r = await call(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${haarlem.id}&kind=ACTION&action=CASELOAD_BATCH`, officer);
      return r.status === 200 && (r.body.records as Json[]).length > 0 && (r.body.records as Json[]);
    }, { timeoutMs: 60_000, everyMs: 500 });
    expect(batches).toHaveLength(1);
    expect(batches[0].details).toMatchObject({ started: '1', events: '1' });
    expect(await listed()).toMatchObject([{ deadLetterId, replayedAs: { deadLetterId, run: replay.body.runId } }]);
  });

  it('answers "already" to a second replay, publishes nothing, and the whitelist still holds the BSN once', async () => {
    const again = await timed('replay (already)', () => traced(stack.urls.operations, 'POST', '/dead-letters/replay', officer, { group, topic: topic.name, ids: [deadLetterId] }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: 0, already: 1, skipped: 0, results: [{ deadLetterId, outcome: 'already', replayOffset: expect.any(String) }] });
    const [record] = await actionsOfTrace(again.traceId, 'the second request in the audit log');
    expect(record).toMatchObject({ outcome: 'SUCCEEDED', details: { kind: 'dead-letter-replay', replayed: '0', already: '1' } });
    await new Promise((r) => setTimeout(r, 2000));
    expect(await whitelistCount()).toBe(1);
    const batches = await call(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${haarlem.id}&kind=ACTION&action=CASELOAD_BATCH`, officer);
    expect(batches.body.records).toHaveLength(1);
  });

  it('answers bad input with a 4xx and {code, message}, never a 5xx, and publishes nothing', async () => {
    const ops = stack.urls.operations;
    const raw = (method: string, path: string, body: string, type = 'application/json') =>
      fetch(`${ops}${path}`, { method, headers: { Authorization: `Bearer ${officer}`, 'Content-Type': type }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    const cases: Array<[string, Promise<{ status: number; body: Json }>, number]> = [
      ['an unknown group', call(ops, 'GET', '/dead-letters?group=nobody.reads', officer), 400],
      ['an unknown reason', call(ops, 'GET', '/dead-letters?reason=BORED', officer), 400],
      ['an unknown query field', call(ops, 'GET', '/dead-letters?key=1', officer), 400],
      ['a topic outside the catalogue', call(ops, 'POST', '/dead-letters/replay', officer, { group, topic: 'inkijk.test.other.v1' }), 400],
      ['a group that does not read the topic', call(ops, 'POST', '/dead-letters/replay', officer, { group, topic: 'inkijk.query.attributed.v1' }), 409],
      ['an id that is no UUID', call(ops, 'POST', '/dead-letters/replay', officer, { group, topic: topic.name, ids: ['999990019'] }), 400],
      ['too many ids', call(ops, 'POST', '/dead-letters/replay', officer, { group, topic: topic.name, ids: Array.from({ length: 101 }, () => randomUUID()) }), 400],
      ['force that is no boolean', call(ops, 'POST', '/dead-letters/replay', officer, { group, topic: topic.name, force: 'yes' }), 400],
      ['an unknown body field', call(ops, 'POST', '/dead-letters/replay', officer, { group, topic: topic.name, key: 'x' }), 400],
      ['an array body', call(ops, 'POST', '/dead-letters/replay', officer, [group]), 400],
      ['broken JSON', raw('POST', '/dead-letters/replay', '{"group": '), 400],
      ['no token', call(ops, 'GET', '/dead-letters', null), 401],
    ];
    for (const [what, answer, status] of cases) {
      const a = await answer;
      expect({ what, status: a.status, code: typeof a.body.code, message: typeof a.body.message }).toEqual({ what, status, code: 'string', message: 'string' });
      expect(JSON.stringify(a.body)).not.toContain('999990019');
    }
    expect(await listed()).toMatchObject([{ deadLetterId, replayedAs: { deadLetterId } }]);
  });
});
