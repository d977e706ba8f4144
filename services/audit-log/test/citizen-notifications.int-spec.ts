/**
 * Opt-in notifications to citizens (issue 21 item 4, ADR 0025) on the real broker and database:
 * citizen A subscribes with their citizen token; attributed queries on the run's topic are stored
 * and, in the same transaction, yield at most one notification per citizen, municipality acted
 * for and day on the run's notification topic: none for a second query of the same municipality
 * that day, a redelivered query, a query from before subscribing, a query under a confidential
 * processing activity or about citizen B (not subscribed); none after A unsubscribed. The
 * subscribing and unsubscribing are actions (through the outbox) on the activity topic.
 */
import type { INestApplication } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import request from 'supertest';
import { CitizenTokenIssuer, codecFor, generateSigningKey, KafkaPlatform, pseudonymise } from '@inkijk/platform';
import { attributedQuery, HAARLEM, TEST_PSEUDONYM_KEY, testAuth, testKafka, ZANDVOORT } from '@inkijk/testing';
import { topics } from '@inkijk/contracts';
import type { audit, query } from '@inkijk/contracts';
import { amsterdamDay, notificationIdOf } from '../src/domain/citizen-notification';
import { CITIZEN_CHAIN_ID } from '../src/domain/citizen-view';
import { auditDatabase, countRecords, deleteRunTopics, municipalities, runOverrides, runTopics, serviceEnv, startAuditLog, waitFor } from './support';

const BSN_A = '123456782';
const BSN_B = '111222333';
const DAY = 24 * 3600 * 1000;
const CONFIDENTIAL = 'inkijk-fraude-onderzoek';

describe('notifications to citizens who asked for them', () => {
  const t = runTopics();
  const [bloemendaal, heemstede] = municipalities(2);
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let app: INestApplication;
  let producer: KafkaPlatform;
  let reader: Consumer;
  const received: audit.CitizenNotification[] = [];
  const actions: audit.ActivityEvent[] = [];
  let citizenA: string;
  let officer: string;
  const pseudonymA = pseudonymise(BSN_A, TEST_PSEUDONYM_KEY);
  let stored = 0;
  // The activity topic is the catalogue's (earlier runs' actions of the same test citizen are on it).
  const started = Date.now();

  const subscription = (body: object | null, token?: string) => {
    const r = body === null ? request(app.getHttpServer()).get('/audit/citizen/subscription') : request(app.getHttpServer()).put('/audit/citizen/subscription').send(body);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  const send = async (...events: query.AttributedQuery[]) => {
    await Promise.all(events.map((e) => producer.producerFor(t.topic).send(e, { timestamp: e.completedAt })));
  };
  /** Stored in the chains (and so, in the same transaction, notified or not), then time for the outbox relay (0.5 s polls). */
  const storedAndRelayed = async (distinctEvents: number) => {
    stored += distinctEvents;
    await waitFor(async () => (await countRecords(db.ownerUrl)) >= stored, `${stored} queries stored`);
    await new Promise((r) => setTimeout(r, 2500));
  };

  beforeAll(async () => {
    db = await auditDatabase('audit_notify_test');
    const auth = await testAuth();
    const session = await generateSigningKey('citizen-notify-test');
    producer = await KafkaPlatform.connect({ clientId: `audit-notify-test-${t.run}`, ...testKafka(), requireTopics: false });
    await producer.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic, t.activityTopic, t.citizenNotificationTopic]);
    const env = { ...serviceEnv({ databaseUrl: db.writerUrl, jwks: auth.jwksJson }), CITIZEN_JWKS: JSON.stringify(session.publicJwks), CITIZEN_WITHHOLD: `${CONFIDENTIAL}=30` };
    app = await startAuditLog(env, runOverrides(t, `audit-notify-test-${t.run}`));
    citizenA = await (await CitizenTokenIssuer.fromJwk(session.privateJwk)).issue({ pseudonym: pseudonymA, assurance: 'urn:nl-eid-gdi:1.0:LoA:substantial' });
    officer = await auth.token({ userId: 'so-bkwi', homeMunicipalityId: 'bkwi', roles: ['SECURITY_OFFICER'] });
    // What the berichtenbox would read: the run's notification topic, and the actions.
    const notifications = codecFor(t.citizenNotificationTopic);
    const activity = codecFor(topics.activity);
    reader = producer.kafka.consumer({ groupId: `audit-notify-reader-${t.run}` });
    await reader.connect();
    await reader.subscribe({ topics: [t.citizenNotificationTopic.name, topics.activity.name], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        if (message.value!.includes(Buffer.from(BSN_A))) throw new Error(`a clear BSN on ${topic}`);
        if (topic === t.citizenNotificationTopic.name) received.push(notifications.decode(message.value));
        else {
          const e = activity.decode(message.value);
          if (e.subjectPseudonym === pseudonymA && e.action.startsWith('CITIZEN_NOTIFICATIONS_') && e.occurredAt >= started) actions.push(e);
        }
      },
    });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await app?.close();
    if (producer) await deleteRunTopics(producer, t.run);
    await producer?.close();
    await db?.drop();
  });

  it('subscribes and answers whether subscribed, for the citizen\'s own token only', async () => {
    expect((await subscription(null, citizenA)).body).toEqual({ subscribed: false, since: null });
    const on = await subscription({ subscribed: true }, citizenA);
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ subscribed: true, since: expect.any(String) });
    expect((await subscription(null, citizenA)).body).toEqual(on.body);
    const bad = await subscription({ subscribed: 'ja' }, citizenA);
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    const staff = await subscription({ subscribed: true }, officer);
    expect({ status: staff.status, code: staff.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    const none = await subscription({ subscribed: true });
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 401, code: 'TOKEN_MISSING' });
  });

  it('yields one notification per municipality and day, exactly once', async () => {
    const now = Date.now() + 1000;
    const first = attributedQuery({ bsn: BSN_A, actingFor: ZANDVOORT, occurredAt: now });
    await send(
      first,
      attributedQuery({ bsn: BSN_A, actingFor: ZANDVOORT, occurredAt: now + 1 }), // same municipality, same day
      attributedQuery({ bsn: BSN_A, actingFor: HAARLEM, collaborationId: null, occurredAt: now + 2, legalDomain: 'IOAW' }),
      attributedQuery({ bsn: BSN_A, actingFor: bloemendaal, occurredAt: now + 3, processingActivityId: CONFIDENTIAL }),
      attributedQuery({ bsn: BSN_A, actingFor: heemstede, occurredAt: now - DAY }), // before subscribing
      attributedQuery({ bsn: BSN_B, actingFor: heemstede, occurredAt: now + 4 }), // not subscribed
    );
    await send(first); // redelivered
    await storedAndRelayed(6);
    const day = amsterdamDay(now);
    expect(received.map((n) => [n.organisation.name, n.day, n.notificationId]).sort()).toEqual(
      [
        ['Haarlem', day, notificationIdOf(pseudonymA, HAARLEM.id, day)],
        ['Zandvoort', day, notificationIdOf(pseudonymA, ZANDVOORT.id, day)],
      ].sort(),
    );
    const zandvoort = received.find((n) => n.organisation.id === ZANDVOORT.id)!;
    expect(zandvoort).toMatchObject({ subjectPseudonym: pseudonymA, organisation: { id: ZANDVOORT.id, cbsCode: 'GM0473', name: 'Zandvoort' }, firstQueryAt: now, legalDomain: 'PARTICIPATIEWET' });
    expect(JSON.stringify(received)).not.toContain('user-haarlem-1');
  });

  it('yields none after unsubscribing, and records both choices as the citizen\'s actions', async () => {
    expect((await subscription({ subscribed: false }, citizenA)).body).toEqual({ subscribed: false, since: null });
    await send(attributedQuery({ bsn: BSN_A, actingFor: heemstede, occurredAt: Date.now() }));
    await storedAndRelayed(1);
    expect(received).toHaveLength(2);
    await waitFor(async () => actions.length >= 2, 'both actions on the activity topic', 20_000);
    expect(actions.map((a) => a.action)).toEqual(['CITIZEN_NOTIFICATIONS_ON', 'CITIZEN_NOTIFICATIONS_OFF']);
    expect(actions[0]).toMatchObject({ service: 'audit-log', actingForId: CITIZEN_CHAIN_ID, outcome: 'SUCCEEDED', actor: { userId: `citizen:${pseudonymA}`, homeOrganisationId: null, roles: ['CITIZEN'] }, details: { changed: 'true' } });
  });
});
