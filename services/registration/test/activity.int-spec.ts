/**
 * Every action registration performs is recorded as an ActivityEvent (ADR 0018) through its
 * outbox, against the real database and broker: logins (also refused), a change of tasks, a
 * four-eyes approval, a refused self-escalation, a whitelist import and look-up each write
 * exactly one record (in the change's transaction, or for a refusal in one of its own) that
 * reaches the activity topic, with the right actor, chain, outcome and code, and no clear BSN;
 * an outbox that cannot take the record leaves the change undone. Also the names directory of
 * the audit pages.
 */
import { randomUUID } from 'node:crypto';
import { audit, checkActivityEvent, isBsn, topics } from '@inkijk/contracts';
import { codecFor, Principal, pseudonymise } from '@inkijk/platform';
import { TEST_PSEUDONYM_KEY } from '@inkijk/testing';
import { RegistrationDb } from '../src/adapters/prisma/prisma.service';
import { randomOin, registrationUnderTest } from './registration-under-test';

jest.setTimeout(120_000);

const run = randomUUID().slice(0, 8);
const PASSWORD = 'correct horse battery';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const BSNS = ['999993653', '999990044'];
const reg = registrationUnderTest({ database: 'registration_activity_it', name: 'reg-activity-test' });
const { http, as } = reg;
const haarlem = randomUUID();
const zandvoort = randomUUID();
const bkwi = randomUUID();

const officer: Principal = { userId: randomUUID(), homeMunicipalityId: bkwi, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' };
const adminOf = (m: string): Principal => ({ userId: randomUUID(), homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder' });
const admin = adminOf(haarlem);
const source = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

beforeAll(async () => {
  for (const [id, name] of [[haarlem, `Haarlem ${run}`], [zandvoort, `Zandvoort ${run}`]]) await reg.addMunicipality(officer, { id, name });
  const op = await http().post('/organisations/operators').set('Authorization', await as(officer)).send({ id: bkwi, oin: randomOin(), name: `BKWI ${run}`, validFrom: '2000-01-01' });
  expect(op.status).toBe(201);
  for (const b of BSNS) expect(isBsn(b)).toBe(true);
});

const db = () => reg.app().get(RegistrationDb);
const lastOutboxId = async () => (await db().$queryRawUnsafe<Array<{ id: bigint | null }>>('SELECT max(id) AS id FROM outbox_message'))[0].id ?? 0n;

/**
 * Performs `act` and returns what it wrote to the outbox: the action records (decoded) and their
 * raw bytes, and how many other events it announced.
 */
async function recorded<T>(act: () => Promise<T>): Promise<{ result: T; records: audit.ActivityEvent[]; raw: Buffer[]; announced: number }> {
  const from = await lastOutboxId();
  const result = await act();
  const rows = await db().$queryRawUnsafe<Array<{ topic: string; payload: Uint8Array }>>('SELECT topic, payload FROM outbox_message WHERE id > $1 ORDER BY id', from);
  const mine = rows.filter((r) => r.topic === topics.activity.name);
  const records = mine.map((r) => codecFor(topics.activity).decode(Buffer.from(r.payload)));
  // Content the audit log and the reports accept (else they would park it as INVALID_CONTENT).
  for (const r of records) expect([r.action, checkActivityEvent(r, Date.now())]).toEqual([r.action, null]);
  return { result, raw: mine.map((r) => Buffer.from(r.payload)), records, announced: rows.length - mine.length };
}

/** The record as it arrived on the activity topic (the outbox relay published it). */
const onTopic = async (e: audit.ActivityEvent) => (await reg.eventsOn(topics.activity, (v) => v.eventId === e.eventId, (vs) => vs.length >= 1))[0];

async function createUser(by: Principal, username: string, roles: string[], home = haarlem): Promise<string> {
  const res = await http()
    .post('/users')
    .set('Authorization', await as(by))
    .send({ username, displayName: `Name of ${username}`, homeMunicipalityId: home, password: PASSWORD, roles, permittedProducts: roles.includes('WORKER') ? ['brp-persoon'] : [] });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('logins', () => {
  it('records a successful login as LOGIN on the session, by the account, in its home chain', async () => {
    const name = `worker-${run}`;
    const id = await createUser(admin, name, ['WORKER']);
    const { result, records } = await recorded(() => http().post('/auth/login').set('X-Forwarded-For', source()).send({ username: name, password: PASSWORD }));
    expect(result.status).toBe(200);
    const tokenId = JSON.parse(Buffer.from(result.body.token.split('.')[1], 'base64url').toString()).jti;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ service: 'registration', actor: { userId: id, homeOrganisationId: haarlem, roles: ['WORKER'] }, actingForId: haarlem, action: 'LOGIN', object: { type: 'SESSION', id: tokenId }, outcome: 'SUCCEEDED', reasonCode: null });
    expect(await onTopic(records[0])).toEqual(records[0]);
  });

  it('records a refused login under a name without an account: nobody known, in the operator chain, no name', async () => {
    const name = `nobody-${run}`;
    const { result, records, raw } = await recorded(() => http().post('/auth/login').set('X-Forwarded-For', source()).send({ username: name, password: 'wrong password!!' }));
    expect([result.status, result.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: { userId: null, homeOrganisationId: null, roles: [] }, actingForId: bkwi, action: 'LOGIN', object: { type: 'USER', id: null }, outcome: 'REFUSED', reasonCode: 'INVALID_CREDENTIALS' });
    expect(raw[0].toString('latin1')).not.toContain(name);
    expect(await onTopic(records[0])).toEqual(records[0]);
  });

  it('records a wrong password of a known account as refused, by that account, and a logout', async () => {
    const name = `typo-${run}`;
    const id = await createUser(admin, name, ['WORKER']);
    const wrong = await recorded(() => http().post('/auth/login').set('X-Forwarded-For', source()).send({ username: name, password: 'wrong password!!' }));
    expect(wrong.records.map((r) => [r.action, r.outcome, r.reasonCode, r.actor.userId, r.actingForId])).toEqual([['LOGIN', 'REFUSED', 'INVALID_CREDENTIALS', id, haarlem]]);

    const login = await http().post('/auth/login').set('X-Forwarded-For', source()).send({ username: name, password: PASSWORD });
    const out = await recorded(() => http().post('/auth/logout').set('Authorization', `Bearer ${login.body.token}`).send({}));
    expect(out.result.status).toBe(200);
    expect(out.records.map((r) => [r.action, r.outcome, r.object.type, r.object.id, r.actor.userId, r.actingForId])).toEqual([['LOGOUT', 'SUCCEEDED', 'SESSION', out.result.body.tokenId, id, haarlem]]);
  });
});

describe('account management', () => {
  it('records a change of tasks in the account home chain, in the same transaction as the change', async () => {
    const id = await createUser(admin, `change-${run}`, ['WORKER']);
    const { result, records, announced } = await recorded(async () => http().put(`/users/${id}/tasks`).set('Authorization', await as(admin)).send({ roles: ['WORKER'], permittedProducts: ['brp-persoon', 'uwv-inkomen'] }));
    expect(result.status).toBe(200);
    expect(announced).toBe(1); // UserRolesChanged
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: { userId: admin.userId, homeOrganisationId: haarlem, roles: ['USER_ADMINISTRATOR'] }, actingForId: haarlem, action: 'USER_CHANGED', object: { type: 'USER', id }, outcome: 'SUCCEEDED' });
    expect(await onTopic(records[0])).toEqual(records[0]);
  });

  it('records a four-eyes approval by the second person, and the request by the first', async () => {
    const id = await createUser(admin, `escape-${run}`, ['WORKER']);
    const asked = await recorded(async () => http().put(`/users/${id}/tasks`).set('Authorization', await as(admin)).send({ roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true }));
    expect(asked.result.status).toBe(202);
    const grantId = asked.result.body.grant.id;
    expect(asked.records.map((r) => [r.action, r.outcome, r.actor.userId, r.details?.grantId])).toEqual([['GRANT_REQUESTED', 'SUCCEEDED', admin.userId, grantId]]);

    const second = adminOf(haarlem);
    const { result, records } = await recorded(async () => http().post(`/users/${id}/grants/${grantId}/approval`).set('Authorization', await as(second)).send({}));
    expect(result.status).toBe(200);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: { userId: second.userId, roles: ['USER_ADMINISTRATOR'] }, actingForId: haarlem, action: 'GRANT_APPROVED', object: { type: 'USER', id }, outcome: 'SUCCEEDED', details: { grantId, requestedBy: admin.userId, sensitiveRights: 'ESCAPE_RIGHT' } });
    expect(await onTopic(records[0])).toEqual(records[0]);

    // Deciding again is refused, and recorded so, with the code the caller got.
    const again = await recorded(async () => http().post(`/users/${id}/grants/${grantId}/approval`).set('Authorization', await as(officer)).send({}));
    expect(again.result.body.code).toBe('GRANT_DECIDED');
    expect(again.records.map((r) => [r.action, r.outcome, r.reasonCode, r.actingForId])).toEqual([['GRANT_APPROVED', 'REFUSED', 'GRANT_DECIDED', haarlem]]);
    expect(again.announced).toBe(0);
  });

  it('records a refused self-escalation as REFUSED OWN_RIGHTS, changing and announcing nothing', async () => {
    const selfId = await createUser(officer, `self-${run}`, ['USER_ADMINISTRATOR']);
    const self: Principal = { userId: selfId, homeMunicipalityId: haarlem, roles: ['USER_ADMINISTRATOR'], displayName: 'Self' };
    const { result, records, announced } = await recorded(async () => http().put(`/users/${selfId}/tasks`).set('Authorization', await as(self)).send({ roles: ['USER_ADMINISTRATOR', 'MANDATED_PERSON'] }));
    expect([result.status, result.body.code]).toEqual([403, 'OWN_RIGHTS']);
    expect(announced).toBe(0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: { userId: selfId, homeOrganisationId: haarlem }, actingForId: haarlem, action: 'USER_CHANGED', object: { type: 'USER', id: selfId }, outcome: 'REFUSED', reasonCode: 'OWN_RIGHTS' });
    expect(await onTopic(records[0])).toEqual(records[0]);
  });

  it('does not change an account when its record cannot be written to the outbox', async () => {
    const id = await createUser(admin, `atomic-${run}`, ['WORKER']);
    await db().$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_activity() RETURNS trigger AS $$ BEGIN IF NEW.topic = '${topics.activity.name}' THEN RAISE EXCEPTION 'activity outbox unavailable'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db().$executeRawUnsafe('CREATE TRIGGER refuse_activity BEFORE INSERT ON outbox_message FOR EACH ROW EXECUTE FUNCTION refuse_activity()');
    try {
      const { result, records, announced } = await recorded(async () => http().put(`/users/${id}/tasks`).set('Authorization', await as(admin)).send({ roles: ['WORKER'], permittedProducts: ['rdw-voertuigen'] }));
      expect(result.status).toBeGreaterThanOrEqual(500);
      expect([records.length, announced]).toEqual([0, 0]);
    } finally {
      await db().$executeRawUnsafe('DROP TRIGGER refuse_activity ON outbox_message');
    }
    const now = (await http().get(`/users?municipalityId=${haarlem}`).set('Authorization', await as(admin))).body.find((u: { id: string }) => u.id === id);
    expect(now.permittedProducts).toEqual(['brp-persoon']);
  });
});

describe('whitelists', () => {
  it('records an import with its counts and a look-up with the pseudonym, never a BSN', async () => {
    const imported = await recorded(async () => http().post(`/municipalities/${haarlem}/whitelist/import`).set('Authorization', await as(admin)).send({ bsns: [...BSNS, BSNS[0]], effectiveDate: '2026-01-01' }));
    expect(imported.result.body).toEqual({ added: 2, alreadyListed: 0 });
    expect(imported.records).toHaveLength(1);
    expect(imported.records[0]).toMatchObject({ actor: { userId: admin.userId }, actingForId: haarlem, action: 'WHITELIST_IMPORTED', object: { type: 'WHITELIST', id: haarlem }, outcome: 'SUCCEEDED', subjectPseudonym: null, details: { submitted: '3', added: '2', alreadyListed: '0' } });
    expect(imported.announced).toBe(2);

    const proposed = await http()
      .post('/collaborations')
      .set('Authorization', await as(admin))
      .field('collaboration', JSON.stringify({ name: `Lookup ${run}`, legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: haarlem, legalDomains: ['PARTICIPATIEWET'], members: [haarlem, zandvoort].map((m) => ({ municipalityId: m, effectiveFrom: '2026-01-01' })), effectiveFrom: '2026-01-01' }))
      .attach('agreement', PDF, 'overeenkomst.pdf');
    expect(proposed.status).toBe(201);
    const looked = await recorded(async () => http().post(`/collaborations/${proposed.body.id}/whitelist/query`).set('Authorization', await as(admin)).send({ bsn: BSNS[1] }));
    expect(looked.result.status).toBe(200);
    expect(looked.records).toHaveLength(1);
    expect(looked.records[0]).toMatchObject({ actor: { userId: admin.userId }, actingForId: haarlem, action: 'WHITELIST_LOOKED_UP', object: { type: 'WHITELIST', id: proposed.body.id }, outcome: 'SUCCEEDED', subjectPseudonym: pseudonymise(BSNS[1], TEST_PSEUDONYM_KEY) });
    expect(await onTopic(looked.records[0])).toEqual(looked.records[0]);

    // A worker may not look: refused, recorded with the pseudonym, still no BSN.
    const worker: Principal = { userId: randomUUID(), homeMunicipalityId: haarlem, roles: ['WORKER'], displayName: 'Worker' };
    const refusedLookUp = await recorded(async () => http().post(`/collaborations/${proposed.body.id}/whitelist/query`).set('Authorization', await as(worker)).send({ bsn: BSNS[1] }));
    expect(refusedLookUp.result.status).toBe(403);
    expect(refusedLookUp.records.map((r) => [r.action, r.outcome, r.reasonCode, r.subjectPseudonym])).toEqual([['WHITELIST_LOOKED_UP', 'REFUSED', refusedLookUp.result.body.code, pseudonymise(BSNS[1], TEST_PSEUDONYM_KEY)]]);

    for (const raw of [...imported.raw, ...looked.raw, ...refusedLookUp.raw]) for (const bsn of BSNS) expect(raw.toString('latin1')).not.toContain(bsn);
    for (const r of [...imported.records, ...looked.records, ...refusedLookUp.records]) for (const bsn of BSNS) expect(JSON.stringify(r)).not.toContain(bsn);
  });
});

describe('the names directory of the audit pages', () => {
  it('tells the security officer and a mandated person who user ids are; refuses a worker', async () => {
    const a = await createUser(admin, `dir-a-${run}`, ['WORKER']);
    const b = await createUser(adminOf(zandvoort), `dir-b-${run}`, ['WORKER'], zandvoort);
    const ask = async (p: Principal, userIds: unknown) => http().post('/users/directory').set('Authorization', await as(p)).send({ userIds });

    const { result, records } = await recorded(() => ask(officer, [a, b, randomUUID(), 'not-an-id', a]));
    expect(result.status).toBe(200);
    expect(records).toHaveLength(0); // reading the audit log is recorded by the audit log
    expect(result.body.users).toEqual(
      expect.arrayContaining([
        { userId: a, displayName: `Name of dir-a-${run}`, roles: ['WORKER'], homeOrganisationId: haarlem, homeOrganisationName: `Haarlem ${run}` },
        { userId: b, displayName: `Name of dir-b-${run}`, roles: ['WORKER'], homeOrganisationId: zandvoort, homeOrganisationName: `Zandvoort ${run}` },
      ]),
    );
    expect(result.body.users).toHaveLength(2);

    const mandated: Principal = { userId: randomUUID(), homeMunicipalityId: zandvoort, roles: ['MANDATED_PERSON'], displayName: 'Gemandateerde' };
    expect((await ask(mandated, [a])).body.users.map((u: { userId: string }) => u.userId)).toEqual([a]);

    const worker: Principal = { userId: a, homeMunicipalityId: haarlem, roles: ['WORKER'], displayName: 'Worker' };
    const refusedAsk = await ask(worker, [b]);
    expect([refusedAsk.status, refusedAsk.body.code]).toEqual([403, 'AUDIT_READER_REQUIRED']);
    expect(refusedAsk.body.users).toBeUndefined();
    for (const bad of [[], Array.from({ length: 201 }, () => randomUUID()), ['x'.repeat(201)], 'a']) expect((await ask(officer, bad)).status).toBe(400);
  });
});
