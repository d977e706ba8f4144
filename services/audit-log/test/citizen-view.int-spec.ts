/**
 * The citizen's view of the audit log (issue 21, ADR 0025) on the real broker and database:
 * attributed queries on the run's topic are consumed into the chains, then read back with a
 * citizen token as the citizen portal sends it. The citizen sees exactly the queries about them,
 * without the worker; a query under a confidential processing activity only after its period; the
 * look is recorded on the activity topic with the number withheld (the security officer reads it in
 * the citizens' chain); staff tokens are refused, and the citizen token on the staff endpoints.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CitizenTokenIssuer, codecFor, generateSigningKey, KafkaPlatform, pseudonymise } from '@inkijk/platform';
import { attributedQuery, HAARLEM, TEST_PSEUDONYM_KEY, testAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { topics } from '@inkijk/contracts';
import type { audit, query } from '@inkijk/contracts';
import { CITIZEN_CHAIN_ID } from '../src/domain/citizen-view';
import { auditDatabase, countRecords, deleteRunTopics, runOverrides, runTopics, serviceEnv, startAuditLog, waitFor } from './support';

const BSN_A = '123456782';
const BSN_B = '111222333';
const DAY = 24 * 3600 * 1000;
const CONFIDENTIAL = 'inkijk-fraude-onderzoek';

describe('the citizen view of the audit log', () => {
  const t = runTopics();
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let app: INestApplication;
  let producer: KafkaPlatform;
  let events: query.AttributedQuery[];
  let citizenA: string;
  let officer: string;
  const pseudonymA = pseudonymise(BSN_A, TEST_PSEUDONYM_KEY);
  const now = Date.now();

  beforeAll(async () => {
    db = await auditDatabase('audit_citizen_test');
    const auth = await testAuth();
    const session = await generateSigningKey('citizen-test');
    producer = await KafkaPlatform.connect({ clientId: `audit-citizen-test-${t.run}`, ...testKafka(), requireTopics: false });
    await producer.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic, t.activityTopic]);
    events = [
      attributedQuery({ bsn: BSN_A, actingFor: ZANDVOORT, occurredAt: now - 3 * DAY }),
      attributedQuery({ bsn: BSN_A, actingFor: HAARLEM, collaborationId: null, occurredAt: now - 2 * DAY, sources: [{ supplier: 'UWV', outcome: 'NO_DATA', durationMs: 20, personListsProvided: 0 }] }),
      // Confidential: one older than its 30 days (shown), one within them (withheld).
      attributedQuery({ bsn: BSN_A, actingFor: HAARLEM, collaborationId: null, occurredAt: now - 45 * DAY, processingActivityId: CONFIDENTIAL }),
      attributedQuery({ bsn: BSN_A, actingFor: HAARLEM, collaborationId: null, occurredAt: now - DAY, processingActivityId: CONFIDENTIAL }),
      attributedQuery({ bsn: BSN_B, actingFor: HAARLEM, collaborationId: null, occurredAt: now - DAY }),
    ];
    await Promise.all(events.map((e) => producer.producerFor(t.topic).send(e, { timestamp: e.completedAt })));
    const env = { ...serviceEnv({ databaseUrl: db.writerUrl, jwks: auth.jwksJson }), CITIZEN_JWKS: JSON.stringify(session.publicJwks), CITIZEN_WITHHOLD: `${CONFIDENTIAL}=30` };
    app = await startAuditLog(env, runOverrides(t, `audit-citizen-test-${t.run}`));
    await waitFor(async () => (await countRecords(db.ownerUrl)) >= events.length, 'every event stored');
    citizenA = await (await CitizenTokenIssuer.fromJwk(session.privateJwk)).issue({ pseudonym: pseudonymA, assurance: 'urn:nl-eid-gdi:1.0:LoA:substantial' });
    officer = await auth.token({ userId: 'so-bkwi', homeMunicipalityId: 'bkwi', roles: ['SECURITY_OFFICER'] });
  });

  afterAll(async () => {
    await app?.close();
    if (producer) await deleteRunTopics(producer, t.run);
    await producer?.close();
    await db?.drop();
  });

  const post = (body: object, token?: string) => {
    const r = request(app.getHttpServer()).post('/audit/citizen/records').send(body);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };

  it('shows the citizen exactly the queries about them that may be shown, without the worker', async () => {
    const res = await post({ pseudonym: pseudonymA }, citizenA);
    expect(res.status).toBe(200);
    const iso = (e: query.AttributedQuery) => new Date(e.occurredAt).toISOString();
    expect(res.body.lookups.map((l: { at: string }) => l.at)).toEqual([iso(events[2]), iso(events[0]), iso(events[1])]);
    expect(res.body.lookups[1]).toEqual({
      at: iso(events[0]),
      actingFor: { name: 'Zandvoort', cbsCode: 'GM0473', oin: ZANDVOORT.oin },
      collaboration: { id: 'collab-haarlem-zandvoort', carriedOutBy: { name: 'Haarlem', cbsCode: 'GM0392', oin: HAARLEM.oin } },
      legalDomain: 'PARTICIPATIEWET',
      product: 'brp-persoon',
      sources: [{ supplier: 'BRP', outcome: 'ANSWERED' }],
      outcome: 'ANSWERED',
    });
    expect(res.body.lookups[2]).toMatchObject({ actingFor: { name: 'Haarlem' }, collaboration: null, sources: [{ supplier: 'UWV', outcome: 'NO_DATA' }] });
    expect(res.body.complete).toBe(true);
    const text = JSON.stringify(res.body);
    for (const secret of ['user-haarlem-1', events[0].traceId, events[3].traceId, 'withheld', CONFIDENTIAL, BSN_A]) expect(text).not.toContain(secret);
  });

  it('records the look for the security officer: the citizen by pseudonym, how many shown and withheld', async () => {
    // Sent durably to the catalogue's activity topic before the answer (what the chains consume).
    const codec = codecFor(topics.activity);
    const consumer = producer.kafka.consumer({ groupId: `audit-citizen-reader-${t.run}` });
    let look: audit.ActivityEvent | undefined;
    await consumer.connect();
    await consumer.subscribe({ topic: topics.activity.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const e = codec.decode(message.value);
        if (e.subjectPseudonym === pseudonymA && e.actor.userId === `citizen:${pseudonymA}`) look = e;
        if (message.value!.includes(Buffer.from(BSN_A))) throw new Error('a clear BSN on the activity topic');
      },
    });
    try {
      await waitFor(async () => look !== undefined, 'the recorded look', 20_000);
    } finally {
      await consumer.disconnect();
    }
    expect(look!.actingForId).toBe(CITIZEN_CHAIN_ID);
    expect(look).toMatchObject({ service: 'audit-log', action: 'AUDIT_SUBJECT_SEARCHED', outcome: 'SUCCEEDED', actor: { userId: `citizen:${pseudonymA}`, homeOrganisationId: null, roles: ['CITIZEN'] }, details: { query: 'CITIZEN_VIEW', records: '3', withheld: '1' } });
  });

  it('lets a citizen ask only about themselves, and takes no staff token', async () => {
    const other = await post({ pseudonym: pseudonymise(BSN_B, TEST_PSEUDONYM_KEY) }, citizenA);
    expect(other.status).toBe(403);
    expect(other.body).toEqual({ code: 'OTHER_CITIZEN', message: expect.any(String) });
    const staff = await post({ pseudonym: pseudonymA }, officer);
    expect({ status: staff.status, code: staff.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    const none = await post({ pseudonym: pseudonymA });
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 401, code: 'TOKEN_MISSING' });
    const bad = await post({ pseudonym: BSN_A }, citizenA);
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(JSON.stringify(bad.body)).not.toContain(BSN_A);
  });

  it('refuses the citizen token on the staff endpoints', async () => {
    const r = await request(app.getHttpServer()).get(`/audit/records?municipalityId=${ZANDVOORT.id}`).set('Authorization', `Bearer ${citizenA}`);
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    const s = await request(app.getHttpServer()).post('/audit/data-subject/records').send({ bsn: BSN_A }).set('Authorization', `Bearer ${citizenA}`);
    expect({ status: s.status, code: s.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
  });
});
