/**
 * The Inkijk gateway with the real broker, a registered world on (test copies of) the
 * registration topics, and the supplier simulators as their own process: one login and the
 * keuzelijst, queries for one municipality and then another without logging in again, denials
 * and aborted searches logged, an escape with its reason, partial source failures, bad input,
 * queries refused before their decision recorded as actions (ADR 0018), and no data (nor a
 * refusal) while the broker is down.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { checkActivityEvent, topics, TopicSpec } from '@inkijk/contracts';
import type { audit, query } from '@inkijk/contracts';
import { REGISTRATION_TOPICS, RegistrationTopics } from '@inkijk/authorization-rules/kafka';
import { BSN, exampleWorld, M } from '@inkijk/authorization-rules/testing';
import { codecFor, createHttpApp, initHttpApp, KafkaPlatform, pseudonymise, unsealBsn } from '@inkijk/platform';
import { localKafkaPid, testAuth, TestAuth, kafkaEnvOf, testBrokerEnv } from '@inkijk/testing';
import { HTTP_APP, QueryProxyModule } from '../src/app.module';
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
const activity = copy(topics.activity, 'activity');
const pseudonymKey = randomBytes(32);
const sealKey = randomBytes(32);
const SIM_ADMIN = randomBytes(16).toString('hex');

let app: INestApplication;
let auth: TestAuth;
let simulators: ChildProcess;
let simulatorsUrl: string;
const events = new Map<string, query.AttributedQuery>();
/** The simulators' own request log (one JSON line per request received), as a supplier keeps it. */
const received: Array<{ supplier: string; requestId: string | null; originOin: string | null; requestType: string; protocol?: { doelbinding: string | null; verwerking: string | null; gebruiker: string | null }; status: number }> = [];
/** The actions on the activity topic copy, each with the bytes it travelled as. */
const actions: Array<{ event: audit.ActivityEvent; bytes: Buffer; timestamp: number }> = [];

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
  simulators = spawn(process.execPath, ['-r', '@swc-node/register', 'services/supplier-simulators/src/main.ts'], { cwd: ROOT, env: { ...process.env, HTTP_PORT: String(port), SIM_ADMIN_TOKEN: SIM_ADMIN, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  // Read the simulators' request log from their output, line by line.
  let pending = '';
  simulators.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const entry = JSON.parse(line);
        if (entry.context === 'request-log') received.push(entry);
      } catch {
        // not a JSON line
      }
    }
  });
  await until('the simulators', () => fetch(`${simulatorsUrl}/health/live`).then((r) => r.ok, () => false));

  const config = loadQueryProxyConfig({
    ...kafkaEnvOf(),
    AUTH_JWKS: auth.jwksJson,
    SUBJECT_PSEUDONYM_KEY: pseudonymKey.toString('base64'),
    AUDIT_SEAL_KEY: sealKey.toString('base64'),
    SUPPLIERS_URL: simulatorsUrl,
    SUPPLIER_TIMEOUT_MS: '500',
    LOG_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'warn',
  });
  app = await createHttpApp(QueryProxyModule.forConfig(config, { registration: registrationTopics, attributedQueries: attributed, decisions, activity }), HTTP_APP);
  const platform = app.get(KafkaPlatform);
  await platform.ensureTopics([...Object.values(registrationTopics), attributed, decisions, activity]);
  const world = exampleWorld()
    .user('haarlem-overview', { home: M.HAARLEM, products: ['overzicht-inkomen'] })
    .user('haarlem-assets', { home: M.HAARLEM, products: ['rdw-voertuigen', 'kadaster-eigendom', 'overzicht-vermogen'] });
  for (const e of world.organisations) await platform.producerFor(registrationTopics.organisations).send(e);
  for (const e of world.collaborations) await platform.producerFor(registrationTopics.collaborations).send(e);
  for (const e of world.users) await platform.producerFor(registrationTopics.users).send(e);
  for (const e of world.whitelist) await platform.producerFor(registrationTopics.whitelist).send(e);
  await initHttpApp(app);
  await until('the read model', async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200);

  const reader = platform.kafka.consumer({ groupId: `gw-test-${run}` });
  await reader.connect();
  await reader.subscribe({ topics: [attributed.name, activity.name], fromBeginning: true });
  await reader.run({ eachMessage: async ({ topic, message }) => {
    if (topic === activity.name) {
      actions.push({ event: codecFor(activity).decode(message.value), bytes: message.value!, timestamp: Number(message.timestamp) });
      return;
    }
    const e = codecFor(attributed).decode(message.value);
    events.set(e.eventId, e);
  } });
  afterAllCleanups.push(() => reader.disconnect());
  afterAllCleanups.push(async () => {
    const admin = platform.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [...Object.values(registrationTopics), attributed, decisions, activity].map((t) => t.name) });
    await admin.disconnect();
  });
}, 120_000);

const afterAllCleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  // Close the gateway (its feeder and producers) before the test topics go away.
  await app?.close();
  for (const c of afterAllCleanups) await c().catch(() => undefined);
  simulators?.kill();
});

const worker = (id: string, home: string) => auth.token({ userId: id, homeMunicipalityId: home, roles: ['WORKER'] });
const ask = async (token: string, body: object) => request(app.getHttpServer()).post('/queries').set('Authorization', `Bearer ${token}`).send(body);
const eventFor = async (queryId: string) => {
  await until(`the attributed event ${queryId}`, () => events.has(queryId), 15_000);
  return events.get(queryId)!;
};
const bsnQuery = (actingFor: string, bsn: string, product = 'brp-persoon', extra: object = {}) => ({ actingForMunicipalityId: actingFor, product, legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn }, ...extra });

describe('one login, the keuzelijst and attributed queries', () => {
  it('lists exactly the municipalities the worker may act for now', async () => {
    const res = await request(app.getHttpServer()).get('/keuzelijst').set('Authorization', `Bearer ${await worker('haarlem-worker', M.HAARLEM)}`);
    expect(res.status).toBe(200);
    expect(res.body.map((e: { name: string }) => e.name).sort()).toEqual(['Bloemendaal', 'Haarlem', 'Zandvoort']);
    expect(res.body.find((e: { own: boolean }) => e.own).id).toBe(M.HAARLEM);
  });

  it('queries for Zandvoort and then for Haarlem with the same login, each logged under its municipality', async () => {
    const token = await worker('haarlem-worker', M.HAARLEM);
    const forZandvoort = await ask(token, bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
    expect(forZandvoort.status).toBe(200);
    expect(forZandvoort.body.actingFor).toMatchObject({ id: M.ZANDVOORT, name: 'Zandvoort' });
    expect(forZandvoort.body.results[0]).toMatchObject({ supplier: 'BRP', status: 'ANSWERED' });
    expect(forZandvoort.body.results[0].data[0].burgerservicenummer).toBe(BSN.ZANDVOORT_CLIENT);

    const forHaarlem = await ask(token, bsnQuery(M.HAARLEM, BSN.HAARLEM_CLIENT));
    expect(forHaarlem.status).toBe(200);

    const z = await eventFor(forZandvoort.body.queryId);
    expect(z).toMatchObject({
      actingFor: { id: M.ZANDVOORT, name: 'Zandvoort', cbsCode: 'GM0473' },
      worker: { userId: 'haarlem-worker', homeMunicipality: { id: M.HAARLEM, name: 'Haarlem' } },
      decision: { result: 'PERMIT' },
      whitelist: { outcome: 'ON_WHITELIST', escapeReason: null },
      outcome: 'ANSWERED',
      searchKeyType: 'BSN',
      product: 'brp-persoon',
      traceId: forZandvoort.body.traceId,
    });
    expect(z.collaborationId).not.toBeNull();
    expect(z.sources).toEqual([expect.objectContaining({ supplier: 'BRP', outcome: 'ANSWERED', personListsProvided: 1, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), requestType: 'RaadpleegMetBurgerservicenummer', searchFields: ['burgerservicenummer'] })]);
    expect(z.dataSubject!.pseudonym).toBe(pseudonymise(BSN.ZANDVOORT_CLIENT, pseudonymKey));
    expect(unsealBsn(z.dataSubject!.sealedBsn, sealKey)).toBe(BSN.ZANDVOORT_CLIENT);
    expect(codecFor(attributed).encode(z).includes(Buffer.from(BSN.ZANDVOORT_CLIENT))).toBe(false);

    const h = await eventFor(forHaarlem.body.queryId);
    expect(h.actingFor.id).toBe(M.HAARLEM);
    expect(h.collaborationId).toBeNull();
  });

  it("tells the worker whose client the citizen is when the chosen municipality's caseload does not hold them", async () => {
    const token = await worker('haarlem-worker', M.HAARLEM);
    // Haarlem's client, queried for Zandvoort: permitted through Kennemerland's merged whitelist.
    const res = await ask(token, bsnQuery(M.ZANDVOORT, BSN.HAARLEM_CLIENT));
    expect(res.status).toBe(200);
    expect(res.body.actingFor).toMatchObject({ id: M.ZANDVOORT });
    expect(res.body.caseloadHint).toMatchObject({ code: 'CITIZEN_ON_OTHER_CASELOAD', heldBy: [{ id: M.HAARLEM, name: 'Haarlem' }] });
    expect(res.body.caseloadHint.message).toContain('niet op de cliëntenlijst van Zandvoort');
    // The hint is logged with the query: the audit log and the reports see whose client it was.
    expect((await eventFor(res.body.queryId)).caseload).toEqual({ actingForHolds: false, heldBy: [M.HAARLEM] });
    // The worker follows it: the same query for Haarlem, naming the query it follows; no hint now.
    const followed = await ask(token, bsnQuery(M.HAARLEM, BSN.HAARLEM_CLIENT, 'brp-persoon', { followsHintOf: res.body.queryId }));
    expect(followed.status).toBe(200);
    expect(followed.body.caseloadHint).toBeUndefined();
    expect(await eventFor(followed.body.queryId)).toMatchObject({ actingFor: { id: M.HAARLEM }, followsHintOf: res.body.queryId, caseload: null });
    // Zandvoort's own client: nothing to say, and logged as held.
    const own = await ask(token, bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
    expect(own.status).toBe(200);
    expect(own.body.caseloadHint).toBeUndefined();
    expect((await eventFor(own.body.queryId)).caseload).toEqual({ actingForHolds: true, heldBy: [] });
    // Not a query id: refused at the edge.
    expect((await ask(token, bsnQuery(M.HAARLEM, BSN.HAARLEM_CLIENT, 'brp-persoon', { followsHintOf: 'gisteren' }))).status).toBe(400);
  });

  it('denies a municipality outside the keuzelijst, and logs the denial', async () => {
    const res = await ask(await worker('haarlem-worker', M.HAARLEM), bsnQuery(M.HEEMSTEDE, BSN.HEEMSTEDE_CLIENT));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('MUNICIPALITY_NOT_MEMBER');
    expect(res.body.message).toBeTruthy();
    expect(res.body.results).toBeUndefined();
    const e = await eventFor(res.body.details.queryId);
    expect(e).toMatchObject({ outcome: 'DENIED', decision: { result: 'DENY', reasonCode: 'MUNICIPALITY_NOT_MEMBER' }, actingFor: { id: M.HEEMSTEDE } });
    expect(e.sources.every((s) => s.outcome === 'NOT_CALLED')).toBe(true);
  });

  it('stops a search for someone not on the whitelist (aborted, logged) and offers no escape without the right', async () => {
    const res = await ask(await worker('haarlem-worker', M.HAARLEM), bsnQuery(M.ZANDVOORT, BSN.STRANGER));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('NOT_ON_WHITELIST');
    expect(res.body.details.escape.allowed).toBe(false);
    const e = await eventFor(res.body.details.queryId);
    expect(e).toMatchObject({ outcome: 'DENIED', whitelist: { outcome: 'ABORTED' } });
  });

  it('lets a worker with the escape right proceed with a reason from the escape list, logged as an escape', async () => {
    const token = await worker('haarlem-escaper', M.HAARLEM);
    const first = await ask(token, bsnQuery(M.ZANDVOORT, BSN.STRANGER));
    expect(first.status).toBe(403);
    expect(first.body.details.escape.allowed).toBe(true);
    expect(first.body.details.escape.reasons.length).toBeGreaterThan(0);
    const escaped = await ask(token, bsnQuery(M.ZANDVOORT, BSN.STRANGER, 'brp-persoon', { escapeReason: 'NEW_APPLICATION' }));
    expect(escaped.status).toBe(200);
    expect(escaped.body).toMatchObject({ escape: true, whitelist: 'ESCAPE' });
    const e = await eventFor(escaped.body.queryId);
    expect(e.whitelist).toEqual({ outcome: 'ESCAPE', escapeReason: 'NEW_APPLICATION' });
  });

  it('answers an overview page per source and says clearly which source failed', async () => {
    const setFault = (supplier: string, mode: string) => fetch(`${simulatorsUrl}/_faults/${supplier}`, { method: 'PUT', headers: { authorization: `Bearer ${SIM_ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
    await setFault('SVB', 'error');
    await setFault('DUO', 'slow:2000');
    try {
      const res = await ask(await worker('haarlem-overview', M.HAARLEM), bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT, 'overzicht-inkomen'));
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('PARTIALLY_ANSWERED');
      const bySupplier = Object.fromEntries(res.body.results.map((r: { supplier: string; status: string }) => [r.supplier, r]));
      expect(['ANSWERED', 'NO_DATA']).toContain(bySupplier.UWV.status);
      expect(bySupplier.SVB).toMatchObject({ status: 'ERROR', message: 'SVB could not supply data right now.' });
      expect(bySupplier.DUO).toMatchObject({ status: 'TIMEOUT', message: 'DUO did not answer in time.' });
      const e = await eventFor(res.body.queryId);
      expect(e.outcome).toBe('PARTIALLY_ANSWERED');
      expect(e.sources.map((x) => [x.supplier, x.outcome]).sort()).toEqual([['DUO', 'TIMEOUT'], ['SVB', 'ERROR'], ['UWV', bySupplier.UWV.status]]);
    } finally {
      await setFault('SVB', 'ok');
      await setFault('DUO', 'ok');
    }
  });
});

describe('what the sources receive', () => {
  it('sends each source the protocol headers by value: the OIN of the municipality acted for, the legal domain, the processing activity, the user', async () => {
    const res = await ask(await worker('haarlem-worker', M.HAARLEM), bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT, 'brp-persoon', { legalDomain: 'IOAW' }));
    expect(res.status).toBe(200);
    const e = await eventFor(res.body.queryId);
    const requestId = e.sources[0].requestId!;
    await until('the BRP request in the simulators\' log', () => received.some((r) => r.requestId === requestId));
    const seen = received.find((r) => r.requestId === requestId)!;
    // Zandvoort's OIN, not Haarlem's: the query is for Zandvoort.
    expect(seen).toMatchObject({ supplier: 'BRP', originOin: e.actingFor.oin, status: 200, protocol: { doelbinding: 'IOAW', verwerking: e.processingActivityId, gebruiker: 'haarlem-worker' } });
    expect(e.actingFor.oin).not.toBe(e.worker.homeMunicipality.oin);
  });
});

describe('searches through a source of their own', () => {
  // What the source holds, asked directly (as a supplier's own test would).
  const simulator = async (path: string, body: object) =>
    (await (await fetch(`${simulatorsUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-origin-oin': '00000099000000000392' }, body: JSON.stringify(body) })).json()) as { voertuigen: Array<{ kenteken: string }>; eigendom: Array<{ perceel: string }> };
  const query = (product: string, searchKey: object) => ({ actingForMunicipalityId: M.HAARLEM, product, legalDomain: 'PARTICIPATIEWET', searchKey });

  it('finds the holder of a licence plate at the RDW, decides on that person, and logs the search key and both calls', async () => {
    const { voertuigen } = await simulator('/rdw/voertuigen', { burgerservicenummer: BSN.HAARLEM_CLIENT });
    expect(voertuigen.length).toBeGreaterThan(0);
    const plate: string = voertuigen[0].kenteken;
    const token = await worker('haarlem-assets', M.HAARLEM);
    const res = await ask(token, query('rdw-voertuigen', { type: 'LICENCE_PLATE', plate: plate.replace(/-/g, '').toLowerCase() }));
    expect(res.status).toBe(200);
    expect(res.body.results[0].data.map((v: { kenteken: string }) => v.kenteken)).toContain(plate);
    const e = await eventFor(res.body.queryId);
    expect(e).toMatchObject({ searchKeyType: 'LICENCE_PLATE', outcome: 'ANSWERED', whitelist: { outcome: 'ON_WHITELIST' } });
    expect(e.dataSubject!.pseudonym).toBe(pseudonymise(BSN.HAARLEM_CLIENT, pseudonymKey));
    expect(e.sources.map((x) => [x.supplier, x.requestType, x.searchFields])).toEqual([['RDW', 'voertuigen', ['kenteken']], ['RDW', 'voertuigen', ['burgerservicenummer']]]);
  });

  it('finds the owner of a parcel at the Kadaster', async () => {
    const { eigendom } = await simulator('/kadaster/eigendom', { burgerservicenummer: BSN.HAARLEM_CLIENT });
    expect(eigendom.length).toBeGreaterThan(0);
    const res = await ask(await worker('haarlem-assets', M.HAARLEM), query('kadaster-eigendom', { type: 'PARCEL', parcel: eigendom[0].perceel.toLowerCase() }));
    expect(res.status).toBe(200);
    expect(res.body.results[0].data[0].perceel).toBe(eigendom[0].perceel);
    expect((await eventFor(res.body.queryId)).searchKeyType).toBe('PARCEL');
  });

  it('stops at the whitelist for a holder who is no client, and says when nobody holds the plate', async () => {
    const { voertuigen } = await simulator('/rdw/voertuigen', { burgerservicenummer: BSN.STRANGER });
    const token = await worker('haarlem-assets', M.HAARLEM);
    if (voertuigen.length > 0) {
      const stranger = await ask(token, query('rdw-voertuigen', { type: 'LICENCE_PLATE', plate: voertuigen[0].kenteken }));
      expect([stranger.status, stranger.body.code]).toEqual([403, 'NOT_ON_WHITELIST']);
    }
    const nobody = await ask(token, query('rdw-voertuigen', { type: 'LICENCE_PLATE', plate: 'ZZ-000-Z' }));
    expect([nobody.status, nobody.body.code]).toEqual([404, 'NO_PERSON_FOUND']);
    const bad = await ask(token, query('rdw-voertuigen', { type: 'LICENCE_PLATE', plate: 'not a plate' }));
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const badParcel = await ask(token, query('kadaster-eigendom', { type: 'PARCEL', parcel: '12345' }));
    expect([badParcel.status, badParcel.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('shows the Belastingdienst and the KvK on the overview of assets, each with its own status', async () => {
    const res = await ask(await worker('haarlem-assets', M.HAARLEM), bsnQuery(M.HAARLEM, BSN.HAARLEM_CLIENT, 'overzicht-vermogen'));
    expect(res.status).toBe(200);
    const bySupplier = Object.fromEntries(res.body.results.map((r: { supplier: string; status: string }) => [r.supplier, r.status]));
    expect(Object.keys(bySupplier).sort()).toEqual(['BELASTINGDIENST', 'KADASTER', 'KVK', 'RDW']);
    expect(bySupplier.BELASTINGDIENST).toBe('ANSWERED');
    expect(['ANSWERED', 'NO_DATA']).toContain(bySupplier.KVK);
  });
});

describe('bad input', () => {
  it.each([
    ['an invalid BSN', (t: string) => ask(t, bsnQuery(M.ZANDVOORT, '123456789')), 400, 'INVALID_BSN'],
    ['an unknown municipality', (t: string) => ask(t, bsnQuery(randomUUID(), BSN.ZANDVOORT_CLIENT)), 400, 'UNKNOWN_MUNICIPALITY'],
    ['an unknown product', (t: string) => ask(t, bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT, 'alles')), 400, 'UNKNOWN_PRODUCT'],
    ['an escape reason not on the list', (t: string) => ask(t, bsnQuery(M.ZANDVOORT, BSN.STRANGER, 'brp-persoon', { escapeReason: 'nieuwsgierig' })), 400, 'UNKNOWN_ESCAPE_REASON'],
    ['a malformed body', (t: string) => request(app.getHttpServer()).post('/queries').set('Authorization', `Bearer ${t}`).set('Content-Type', 'application/json').send('{"actingFor'), 400, 'MALFORMED_BODY'],
    ['an oversized body', (t: string) => ask(t, { ...bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT), pad: 'x'.repeat(100_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    ['a missing field', (t: string) => ask(t, { product: 'brp-persoon' }), 400, 'VALIDATION_FAILED'],
  ])('refuses %s with a code and a readable message', async (_what, send, status, code) => {
    const res = await send(await worker('haarlem-worker', M.HAARLEM));
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.message.length).toBeGreaterThan(10);
    expect(JSON.stringify(res.body)).not.toContain('123456789');
  });

  it('refuses expired and forged tokens', async () => {
    const expired = await auth.token({ userId: 'haarlem-worker', homeMunicipalityId: M.HAARLEM, roles: ['WORKER'] }, -5);
    expect((await ask(expired, bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT))).body.code).toBe('TOKEN_EXPIRED');
    const forged = await (await testAuth()).token({ userId: 'haarlem-worker', homeMunicipalityId: M.HAARLEM, roles: ['WORKER'] });
    const res = await ask(forged, bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });
});

describe('queries refused before their decision (ADR 0018)', () => {
  const actionsOf = (userId: string) => actions.filter((a) => a.event.actor.userId === userId);
  /** The one QUERY_ATTEMPT of `userId`: waits for it, then for a moment more to see that no second one follows. */
  const onlyAttemptOf = async (userId: string) => {
    await until(`the refused attempt of ${userId}`, () => actionsOf(userId).length > 0, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    const mine = actionsOf(userId);
    expect(mine).toHaveLength(1);
    return mine[0];
  };
  const person = (roles: string[]) => {
    const userId = `attempt-${randomUUID().slice(0, 8)}`;
    return { userId, roles, token: () => auth.token({ userId, homeMunicipalityId: M.HAARLEM, roles: roles as never }) };
  };

  it.each([
    ['a user administrator querying', ['USER_ADMINISTRATOR'], bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT), 403, 'NOT_A_WORKER', M.ZANDVOORT, BSN.ZANDVOORT_CLIENT, { product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKeyType: 'BSN' }],
    ['a security officer querying', ['SECURITY_OFFICER'], bsnQuery(M.HAARLEM, BSN.HAARLEM_CLIENT), 403, 'NOT_A_WORKER', M.HAARLEM, BSN.HAARLEM_CLIENT, { product: 'brp-persoon' }],
    ['an escape reason not on the list', ['WORKER'], bsnQuery(M.ZANDVOORT, BSN.STRANGER, 'brp-persoon', { escapeReason: 'nieuwsgierig' }), 400, 'UNKNOWN_ESCAPE_REASON', M.ZANDVOORT, BSN.STRANGER, { product: 'brp-persoon', searchKeyType: 'BSN' }],
    ['an invalid BSN', ['WORKER'], bsnQuery(M.ZANDVOORT, '123456789'), 400, 'INVALID_BSN', M.ZANDVOORT, null, { searchKeyType: 'BSN' }],
    ['a missing municipality (the body fails its schema)', ['WORKER'], { product: 'uwv-inkomen', legalDomain: 'IOAW', searchKey: { type: 'BSN', bsn: BSN.ZANDVOORT_CLIENT } }, 400, 'VALIDATION_FAILED', M.HAARLEM, BSN.ZANDVOORT_CLIENT, { product: 'uwv-inkomen', legalDomain: 'IOAW' }],
    ['a search key the product does not take', ['WORKER'], { ...bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT, 'uwv-inkomen'), searchKey: { type: 'NAME_BIRTHDATE', surname: 'Jansen', birthDate: '1980-01-01' } }, 400, 'SEARCH_KEY_NOT_SUPPORTED', M.ZANDVOORT, null, { searchKeyType: 'NAME_BIRTHDATE' }],
  ])('records %s once, with actor, municipality, reason and no clear BSN', async (_what, roles, body, status, code, actingForId, bsn, details) => {
    const p = person(roles);
    const res = await ask(await p.token(), body);
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(res.body.message.length).toBeGreaterThan(10);

    const { event, bytes, timestamp } = await onlyAttemptOf(p.userId);
    expect(event).toMatchObject({
      service: 'query-proxy',
      actor: { userId: p.userId, homeOrganisationId: M.HAARLEM, roles },
      actingForId,
      action: 'QUERY_ATTEMPT',
      object: { type: 'QUERY' },
      outcome: 'REFUSED',
      reasonCode: res.body.code,
      subjectPseudonym: bsn ? pseudonymise(bsn, pseudonymKey) : null,
      details: expect.objectContaining(details),
    });
    // What the audit log's consumer checks before it appends the record.
    expect(checkActivityEvent(event, timestamp)).toBeNull();
    // Of the search key only its type: no BSN (valid or not) and no name, in the bytes or decoded.
    for (const [k, v] of Object.entries((body as { searchKey: Record<string, unknown> }).searchKey)) {
      if (k === 'type') continue;
      expect(bytes.includes(Buffer.from(String(v)))).toBe(false);
      expect(JSON.stringify(event)).not.toContain(String(v));
    }
  });

  it("records an unregistered municipality under the worker's home, naming the id asked for", async () => {
    const p = person(['WORKER']);
    const unknown = randomUUID();
    const res = await ask(await p.token(), bsnQuery(unknown, BSN.ZANDVOORT_CLIENT));
    expect([res.status, res.body.code]).toEqual([400, 'UNKNOWN_MUNICIPALITY']);
    const { event } = await onlyAttemptOf(p.userId);
    expect(event).toMatchObject({ actingForId: M.HAARLEM, reasonCode: 'UNKNOWN_MUNICIPALITY', object: { id: 'brp-persoon' }, details: { unknownMunicipalityId: unknown } });
  });

  it('records neither a request without a valid token nor a query that reached its decision', async () => {
    // Not a registered worker: the decision denies it, and the attributed query logs it.
    const p = person(['WORKER']);
    const forged = await (await testAuth()).token({ userId: p.userId, homeMunicipalityId: M.HAARLEM, roles: ['WORKER'] });
    expect((await ask(forged, bsnQuery(M.ZANDVOORT, '123456789'))).status).toBe(401);
    const decided = await ask(await p.token(), bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
    expect(decided.status).toBe(403);
    expect((await eventFor(decided.body.details.queryId)).decision.result).toBe('DENY');
    // A last refusal for the same municipality (same key, same partition): once it is read, so is anything before it.
    expect((await ask(await p.token(), bsnQuery(M.ZANDVOORT, '123456789'))).body.code).toBe('INVALID_BSN');
    await until('the last refusal', () => actionsOf(p.userId).length > 0, 15_000);
    expect(actionsOf(p.userId).map((a) => a.event.reasonCode)).toEqual(['INVALID_BSN']);
  });
});

describe('no data without a log', () => {
  it('answers 503 without data while the broker is stopped', async () => {
    const token = await worker('haarlem-worker', M.HAARLEM);
    execFileSync('bash', [path.join(ROOT, 'deploy/kafka/stop.sh')], { stdio: 'inherit', env: { ...process.env, ...testBrokerEnv() } });
    try {
      const res = await ask(token, bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
      expect(res.status).toBe(503);
      expect(['LOG_UNAVAILABLE', 'AUTHORIZATION_UNAVAILABLE']).toContain(res.body.code);
      expect(res.body.results).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toMatch(/geslachtsnaam|burgerservicenummer/);
    } finally {
      execFileSync('bash', [path.join(ROOT, 'deploy/kafka/start.sh')], { stdio: 'inherit', env: { ...process.env, ...testBrokerEnv() } });
      // Let the gateway's clients reconnect before the suite closes them, so nothing retries after the end.
      await until('the gateway to be ready again', async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200, 90_000);
    }
  }, 180_000);

  it('answers each worker 503 within the log timeout while the broker hangs', async () => {
    const token = await worker('haarlem-worker', M.HAARLEM);
    // A hung broker (stopped process): connections stay open, nothing is answered.
    const pid = localKafkaPid()!;
    expect(pid).toBeGreaterThan(0);
    const timed = async () => {
      const started = Date.now();
      // Given up after 6 s, so that a gateway that keeps waiting fails here and the broker resumes.
      const res = await request(app.getHttpServer()).post('/queries').set('Authorization', `Bearer ${token}`).timeout(6000).send(bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT));
      return { res, ms: Date.now() - started };
    };
    process.kill(pid, 'SIGSTOP');
    try {
      // The second worker asks while the first still waits: each waits the log timeout (2 s) of its own.
      const first = timed();
      await new Promise((r) => setTimeout(r, 1000));
      for (const { res, ms } of await Promise.all([first, timed()])) {
        expect(res.status).toBe(503);
        expect(res.body.code).toBe('LOG_UNAVAILABLE');
        expect(res.body.results).toBeUndefined();
        expect(ms).toBeGreaterThanOrEqual(1900);
        expect(ms).toBeLessThan(3500);
      }
    } finally {
      process.kill(pid, 'SIGCONT');
      await until('the gateway to be ready again', async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200, 90_000);
    }
    // The broker answers again, and so does the gateway.
    await until('a permitted query to be answered again', async () => (await ask(token, bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT))).status === 200, 60_000);
  }, 180_000);

  it('answers a refused attempt 503 instead of its refusal while its record cannot be written', async () => {
    const admin = await auth.token({ userId: `attempt-${randomUUID().slice(0, 8)}`, homeMunicipalityId: M.HAARLEM, roles: ['USER_ADMINISTRATOR'] });
    const workerToken = await worker('haarlem-worker', M.HAARLEM);
    const pid = localKafkaPid()!;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const [notAWorker, invalidBsn] = await Promise.all([
        request(app.getHttpServer()).post('/queries').set('Authorization', `Bearer ${admin}`).timeout(6000).send(bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT)),
        request(app.getHttpServer()).post('/queries').set('Authorization', `Bearer ${workerToken}`).timeout(6000).send(bsnQuery(M.ZANDVOORT, '123456789')),
      ]);
      for (const res of [notAWorker, invalidBsn]) {
        expect(res.status).toBe(503);
        expect(res.body.code).toBe('LOG_UNAVAILABLE');
      }
      expect(Date.now() - started).toBeLessThan(3500);
    } finally {
      process.kill(pid, 'SIGCONT');
      await until('the gateway to be ready again', async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200, 90_000);
    }
    // Recorded again once the broker answers: the refusal itself.
    await until('the refusal to be answered again', async () => (await ask(admin, bsnQuery(M.ZANDVOORT, BSN.ZANDVOORT_CLIENT))).status === 403, 60_000);
  }, 180_000);
});
