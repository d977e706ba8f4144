/**
 * Separation of duties against the real database and broker (ADR 0016): granting the escape
 * right, the mandated-person or the security-officer role takes a second authorised person, and
 * both steps travel on the users topic with who asked and who approved; the requester and the
 * account holder cannot approve; security officers are homed at the operator (BKWI), which is
 * no municipality, and the officer role combines with no other, also not in steps.
 */
import { randomUUID } from 'node:crypto';
import { registration, topics } from '@inkijk/contracts';
import type { Principal } from '@inkijk/platform';
import { RegistrationDb } from '../src/adapters/prisma/prisma.service';
import { randomOin, registrationUnderTest } from './registration-under-test';

jest.setTimeout(120_000);

const run = randomUUID().slice(0, 8);
const PASSWORD = 'correct horse battery';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const reg = registrationUnderTest({ database: 'registration_4eyes_it', name: 'reg-4eyes-test' });
const { http, as, count } = reg;
const haarlem = randomUUID();
const zandvoort = randomUUID();
const bkwi = randomUUID();

const officer: Principal = { userId: randomUUID(), homeMunicipalityId: bkwi, roles: ['SECURITY_OFFICER'], displayName: 'Security officer 1' };
const officer2: Principal = { userId: randomUUID(), homeMunicipalityId: bkwi, roles: ['SECURITY_OFFICER'], displayName: 'Security officer 2' };
const admin1: Principal = { userId: randomUUID(), homeMunicipalityId: haarlem, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder 1' };
const admin2: Principal = { userId: randomUUID(), homeMunicipalityId: haarlem, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder 2' };
const adminZandvoort: Principal = { userId: randomUUID(), homeMunicipalityId: zandvoort, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder Zandvoort' };
/** The account itself, as its token would show it. */
const holder = (id: string, roles: Principal['roles'], home = haarlem): Principal => ({ userId: id, homeMunicipalityId: home, roles, displayName: 'Holder' });

beforeAll(async () => {
  for (const [id, name] of [[haarlem, 'Haarlem'], [zandvoort, 'Zandvoort']]) await reg.addMunicipality(officer, { id, name });
  const operator = await http().post('/organisations/operators').set('Authorization', await as(officer)).send({ id: bkwi, oin: randomOin(), name: `BKWI ${run}`, validFrom: '2000-01-01' });
  expect([operator.status, operator.body]).toEqual([201, expect.objectContaining({ id: bkwi, kind: 'OPERATOR', cbsCode: null })]);
});

const userEvents = (userId: string, n: number) => reg.eventsOn(topics.users, (e) => e.userId === userId, (es) => es.length >= n);
/** Each event as [kind, body]. */
const changes = (es: registration.UserEvent[]) =>
  es.map((e) => {
    const [k, v] = Object.entries(e.change)[0];
    return [k.split('.').pop(), JSON.parse(JSON.stringify(v))] as [string, Record<string, unknown>];
  });

async function createUser(by: Principal, body: { username: string; roles: string[]; permittedProducts?: string[]; escapeRight?: boolean; home?: string }) {
  return http()
    .post('/users')
    .set('Authorization', await as(by))
    .send({ username: body.username, displayName: body.username, homeMunicipalityId: body.home ?? haarlem, password: PASSWORD, roles: body.roles, permittedProducts: body.permittedProducts ?? [], escapeRight: body.escapeRight ?? false });
}
const changeTasks = async (by: Principal, id: string, tasks: object) => http().put(`/users/${id}/tasks`).set('Authorization', await as(by)).send(tasks);
const approve = async (by: Principal, userId: string, grantId: string) => http().post(`/users/${userId}/grants/${grantId}/approval`).set('Authorization', await as(by)).send({});
const reject = async (by: Principal, userId: string, grantId: string, reason?: string) => http().post(`/users/${userId}/grants/${grantId}/rejection`).set('Authorization', await as(by)).send({ reason });
const userIn = async (home: string, id: string) => (await http().get(`/users?municipalityId=${home}`).set('Authorization', await as(officer))).body.find((u: { id: string }) => u.id === id);
const pendingFor = async (p: Principal) => http().get('/users/grants/pending').set('Authorization', await as(p));

describe('the escape right takes two persons', () => {
  it('is not given by one user administrator: only when a second approves, and both steps are on the users topic', async () => {
    const created = await createUser(admin1, { username: `mira-${run}`, roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const asked = await changeTasks(admin1, id, { roles: ['WORKER'], permittedProducts: ['brp-persoon', 'uwv-inkomen'], escapeRight: true });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'PENDING_APPROVAL', grant: { userId: id, account: 'EXISTING', sensitiveRights: ['ESCAPE_RIGHT'], requestedBy: admin1.userId, status: 'PENDING' } });
    expect(asked.body.message).toMatch(/second person/);
    const grantId = asked.body.grant.id as string;
    // Nothing changed yet, also not the products asked for with it (the whole change waits).
    expect(await userIn(haarlem, id)).toMatchObject({ escapeRight: false, permittedProducts: ['brp-persoon'] });

    // Another change while it waits is refused; so is another grant.
    const meanwhile = await changeTasks(admin2, id, { roles: ['WORKER'], permittedProducts: ['brp-persoon', 'rdw-voertuigen'] });
    expect([meanwhile.status, meanwhile.body.code]).toEqual([409, 'GRANT_PENDING']);

    // Who sees it waiting: the second administrator and the officer may approve; the requester sees his own; a worker nothing.
    const forAdmin2 = (await pendingFor(admin2)).body.find((g: { id: string }) => g.id === grantId);
    expect(forAdmin2).toMatchObject({ mayApprove: true, username: `mira-${run}`, requested: { escapeRight: true }, current: { escapeRight: false } });
    expect(forAdmin2.passwordHash).toBeUndefined();
    expect((await pendingFor(admin1)).body.find((g: { id: string }) => g.id === grantId)).toMatchObject({ mayApprove: false });
    expect((await pendingFor(adminZandvoort)).body.find((g: { id: string }) => g.id === grantId)).toBeUndefined();
    const byWorker = await pendingFor(holder(id, ['WORKER']));
    expect([byWorker.status, byWorker.body.code]).toEqual([403, 'USER_MANAGER_REQUIRED']);

    // Refused approvals leave everything as it was: not the requester, not the holder, not another municipality.
    // Refused attempts are recorded as actions (ADR 0018), and announce nothing.
    const announcements = () => count("outbox_message WHERE topic <> 'inkijk.audit.activity.v1'");
    const outboxBefore = await announcements();
    const own = await approve(admin1, id, grantId);
    expect([own.status, own.body.code]).toEqual([403, 'GRANT_OWN_REQUEST']);
    expect(own.body.message).toMatch(/four eyes/);
    const byHolder = await approve(holder(id, ['WORKER']), id, grantId);
    expect([byHolder.status, byHolder.body.code]).toEqual([403, 'OWN_RIGHTS']);
    const foreign = await approve(adminZandvoort, id, grantId);
    expect([foreign.status, foreign.body.code]).toEqual([403, 'NOT_ADMINISTRATOR_OF_MUNICIPALITY']);
    expect(await announcements()).toBe(outboxBefore);
    expect(await userIn(haarlem, id)).toMatchObject({ escapeRight: false });

    const approved = await approve(admin2, id, grantId);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: grantId, status: 'APPROVED', requestedBy: admin1.userId, decidedBy: admin2.userId });
    expect(await userIn(haarlem, id)).toMatchObject({ escapeRight: true, permittedProducts: ['brp-persoon', 'uwv-inkomen'] });
    const again = await approve(officer, id, grantId);
    expect([again.status, again.body.code]).toEqual([409, 'GRANT_DECIDED']);

    const events = changes(await userEvents(id, 4));
    expect(events).toEqual([
      ['UserCreated', expect.objectContaining({ escapeRight: false, grantId: null })],
      ['GrantRequested', { grantId, requestedBy: admin1.userId, account: 'EXISTING', roles: ['WORKER'], permittedProducts: ['brp-persoon', 'uwv-inkomen'], escapeRight: true, sensitiveRights: ['ESCAPE_RIGHT'] }],
      ['GrantApproved', { grantId, requestedBy: admin1.userId, approvedBy: admin2.userId }],
      ['UserRolesChanged', { roles: ['WORKER'], permittedProducts: ['brp-persoon', 'uwv-inkomen'], escapeRight: true, grantId }],
    ]);
  });

  it('needs no second person to take the escape right away', async () => {
    const asked = await createUser(admin1, { username: `esc-${run}`, roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true });
    expect(asked.status).toBe(202);
    expect(asked.body.grant).toMatchObject({ account: 'NEW', username: `esc-${run}`, sensitiveRights: ['ESCAPE_RIGHT'] });
    const id = asked.body.grant.userId as string;
    expect((await approve(officer, id, asked.body.grant.id)).status).toBe(200);
    const taken = await changeTasks(admin1, id, { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false });
    expect([taken.status, taken.body.escapeRight]).toEqual([200, false]);
  });
});

describe('a new account with a sensitive role', () => {
  it('exists only when a second person approves; its username is held meanwhile', async () => {
    const username = `gemandateerde-${run}`;
    const asked = await createUser(admin1, { username, roles: ['MANDATED_PERSON'] });
    expect(asked.status).toBe(202);
    const { id: grantId, userId } = asked.body.grant as { id: string; userId: string };
    expect(asked.body.grant).toMatchObject({ account: 'NEW', sensitiveRights: ['MANDATED_PERSON'], current: null });
    expect(await userIn(haarlem, userId)).toBeUndefined();
    const login = await http().post('/auth/login').send({ username, password: PASSWORD });
    expect([login.status, login.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const taken = await createUser(admin2, { username, roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
    expect([taken.status, taken.body.code]).toEqual([409, 'USERNAME_TAKEN']);

    expect((await approve(officer, userId, grantId)).status).toBe(200);
    expect(await userIn(haarlem, userId)).toMatchObject({ username, roles: ['MANDATED_PERSON'], active: true });
    expect((await http().post('/auth/login').send({ username, password: PASSWORD })).status).toBe(200);
    // The password hash asked with it is gone from the grant once decided.
    const left = await reg.app().get(RegistrationDb).$queryRawUnsafe<Array<{ password_hash: string | null; pending_username: string | null }>>('SELECT password_hash, pending_username FROM rights_grant WHERE id = $1::uuid', grantId);
    expect(left).toEqual([{ password_hash: null, pending_username: null }]);

    expect(changes(await userEvents(userId, 3))).toEqual([
      ['GrantRequested', expect.objectContaining({ grantId, requestedBy: admin1.userId, account: 'NEW', roles: ['MANDATED_PERSON'], sensitiveRights: ['MANDATED_PERSON'] })],
      ['GrantApproved', { grantId, requestedBy: admin1.userId, approvedBy: officer.userId }],
      ['UserCreated', { roles: ['MANDATED_PERSON'], permittedProducts: [], escapeRight: false, grantId }],
    ]);
  });

  it('cannot be approved by the account holder; a rejection changes nothing and is announced with who rejected', async () => {
    const created = await createUser(officer, { username: `beheer-${run}`, roles: ['USER_ADMINISTRATOR'] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const asked = await changeTasks(admin1, id, { roles: ['USER_ADMINISTRATOR', 'MANDATED_PERSON'] });
    expect(asked.status).toBe(202);
    const grantId = asked.body.grant.id as string;
    // The holder is a user administrator of Haarlem too, so authorised by role: still not for his own rights.
    const himself = holder(id, ['USER_ADMINISTRATOR']);
    const own = await approve(himself, id, grantId);
    expect([own.status, own.body.code]).toEqual([403, 'OWN_RIGHTS']);
    expect((await reject(himself, id, grantId)).body.code).toBe('OWN_RIGHTS');
    expect((await pendingFor(himself)).body.find((g: { id: string }) => g.id === grantId)).toBeUndefined();

    const rejected = await reject(officer, id, grantId, 'Geen mandaatbesluit ontvangen');
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', decidedBy: officer.userId, reason: 'Geen mandaatbesluit ontvangen' });
    expect(await userIn(haarlem, id)).toMatchObject({ roles: ['USER_ADMINISTRATOR'] });
    expect((await approve(admin2, id, grantId)).body.code).toBe('GRANT_DECIDED');
    expect(changes(await userEvents(id, 3)).slice(1)).toEqual([
      ['GrantRequested', expect.objectContaining({ grantId, requestedBy: admin1.userId })],
      ['GrantRejected', { grantId, requestedBy: admin1.userId, rejectedBy: officer.userId, reason: 'Geen mandaatbesluit ontvangen' }],
    ]);
  });

  it('drops a grant still waiting when the account is deactivated', async () => {
    const created = await createUser(admin1, { username: `vertrekker-${run}`, roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
    const id = created.body.id as string;
    const grantId = (await changeTasks(admin1, id, { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true })).body.grant.id as string;
    expect((await http().post(`/users/${id}/deactivation`).set('Authorization', await as(admin2)).send({ reason: 'Uit dienst' })).status).toBe(200);
    expect((await pendingFor(officer)).body.find((g: { id: string }) => g.id === grantId)).toBeUndefined();
    expect((await approve(officer, id, grantId)).body.code).toBe('GRANT_DECIDED');
    expect(changes(await userEvents(id, 4)).slice(1)).toEqual([
      ['GrantRequested', expect.objectContaining({ grantId, requestedBy: admin1.userId })],
      ['GrantRejected', { grantId, requestedBy: admin1.userId, rejectedBy: admin2.userId, reason: 'The account was deactivated.' }],
      ['UserDeactivated', { reason: 'Uit dienst' }],
    ]);
  });

  it('refuses bad grant ids with a 4xx and a code', async () => {
    const created = await createUser(admin1, { username: `ids-${run}`, roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
    const id = created.body.id as string;
    const grantId = (await changeTasks(admin1, id, { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true })).body.grant.id as string;
    const notUuid = await http().post(`/users/${id}/grants/not-a-uuid/approval`).set('Authorization', await as(admin2)).send({});
    expect(notUuid.status).toBe(400);
    expect(typeof notUuid.body.message).toBe('string');
    expect((await approve(admin2, id, randomUUID())).body).toMatchObject({ code: 'GRANT_NOT_FOUND' });
    const otherUser = await approve(admin2, randomUUID(), grantId);
    expect([otherUser.status, otherUser.body.code]).toEqual([404, 'GRANT_NOT_FOUND']);
    const longReason = await reject(admin2, id, grantId, 'x'.repeat(2001));
    expect([longReason.status, longReason.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await pendingFor(admin2)).body.find((g: { id: string }) => g.id === grantId)).toMatchObject({ status: 'PENDING' });
  });
});

describe('the security officer', () => {
  it('is homed at the operator, granted only by a security officer and approved by another', async () => {
    const username = `so-${run}`;
    const byAdmin = await createUser(admin1, { username, roles: ['SECURITY_OFFICER'], home: bkwi });
    expect([byAdmin.status, byAdmin.body.code]).toEqual([403, 'SECURITY_OFFICER_REQUIRED']);
    const atMunicipality = await createUser(officer, { username, roles: ['SECURITY_OFFICER'], home: haarlem });
    expect([atMunicipality.status, atMunicipality.body.code]).toEqual([400, 'SECURITY_OFFICER_AT_OPERATOR']);
    const combined = await createUser(officer, { username, roles: ['SECURITY_OFFICER', 'USER_ADMINISTRATOR'], home: bkwi });
    expect([combined.status, combined.body.code]).toEqual([400, 'SEPARATION_OF_DUTIES']);

    const asked = await createUser(officer, { username, roles: ['SECURITY_OFFICER'], home: bkwi });
    expect(asked.status).toBe(202);
    expect(asked.body.message).toMatch(/another security officer/);
    const { id: grantId, userId } = asked.body.grant as { id: string; userId: string };
    expect((await approve(officer, userId, grantId)).body.code).toBe('GRANT_OWN_REQUEST');
    // A user administrator may not approve an officer, also not one of the officer's "own" municipality.
    expect((await pendingFor(admin2)).body.find((g: { id: string }) => g.id === grantId)).toBeUndefined();
    const byUserAdmin = await approve(admin2, userId, grantId);
    expect([byUserAdmin.status, byUserAdmin.body.code]).toEqual([403, 'SECURITY_OFFICER_REQUIRED']);
    expect((await pendingFor(officer2)).body.find((g: { id: string }) => g.id === grantId)).toMatchObject({ mayApprove: true });
    expect((await approve(officer2, userId, grantId)).status).toBe(200);
    expect(await userIn(bkwi, userId)).toMatchObject({ username, roles: ['SECURITY_OFFICER'], homeMunicipalityId: bkwi });

    const events = await userEvents(userId, 3);
    expect(events.every((e) => e.homeMunicipalityId === bkwi)).toBe(true);
    expect(changes(events)).toEqual([
      ['GrantRequested', expect.objectContaining({ grantId, requestedBy: officer.userId, account: 'NEW', roles: ['SECURITY_OFFICER'], sensitiveRights: ['SECURITY_OFFICER'] })],
      ['GrantApproved', { grantId, requestedBy: officer.userId, approvedBy: officer2.userId }],
      ['UserCreated', { roles: ['SECURITY_OFFICER'], permittedProducts: [], escapeRight: false, grantId }],
    ]);

    // The officer role combines with no other, also not in steps: not added, not swapped for another role at the operator.
    const plus = await changeTasks(officer2, userId, { roles: ['SECURITY_OFFICER', 'WORKER'], permittedProducts: ['brp-persoon'] });
    expect([plus.status, plus.body.code]).toEqual([400, 'SEPARATION_OF_DUTIES']);
    const swapped = await changeTasks(officer2, userId, { roles: ['USER_ADMINISTRATOR'] });
    expect([swapped.status, swapped.body.code]).toEqual([400, 'OPERATOR_HOMES_SECURITY_OFFICERS']);
    const byAdminChange = await changeTasks(admin1, userId, { roles: ['SECURITY_OFFICER'] });
    expect([byAdminChange.status, byAdminChange.body.code]).toEqual([403, 'SECURITY_OFFICER_REQUIRED']);
    // ...and a municipal user administrator (or worker) never becomes an officer.
    const ua = (await createUser(officer, { username: `ua-so-${run}`, roles: ['USER_ADMINISTRATOR'] })).body.id as string;
    const promoted = await changeTasks(officer, ua, { roles: ['SECURITY_OFFICER'] });
    expect([promoted.status, promoted.body.code]).toEqual([400, 'SECURITY_OFFICER_AT_OPERATOR']);
    expect(await userIn(haarlem, ua)).toMatchObject({ roles: ['USER_ADMINISTRATOR'] });
  });
});

describe('the operator (BKWI)', () => {
  it('homes nobody but security officers, joins no collaboration and has no whitelist', async () => {
    const bkwiAdmin: Principal = { userId: randomUUID(), homeMunicipalityId: bkwi, roles: ['USER_ADMINISTRATOR'], displayName: 'Forged' };
    const worker = await createUser(bkwiAdmin, { username: `bkwi-worker-${run}`, roles: ['WORKER'], permittedProducts: ['brp-persoon'], home: bkwi });
    expect([worker.status, worker.body.code]).toEqual([400, 'OPERATOR_HOMES_SECURITY_OFFICERS']);
    const before = await count('collaboration');
    const proposal = { name: `Met BKWI ${run}`, legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: haarlem, legalDomains: ['PARTICIPATIEWET'], members: [haarlem, bkwi].map((m) => ({ municipalityId: m, effectiveFrom: '2026-01-01' })), effectiveFrom: '2026-01-01' };
    const proposed = await http().post('/collaborations').set('Authorization', await as(officer)).field('collaboration', JSON.stringify(proposal)).attach('agreement', PDF, 'overeenkomst.pdf');
    expect([proposed.status, proposed.body.code]).toEqual([400, 'UNKNOWN_MUNICIPALITY']);
    expect(await count('collaboration')).toBe(before);
    const whitelist = await http().post(`/municipalities/${bkwi}/whitelist/import`).set('Authorization', await as(officer)).send({ bsns: ['123456782'], effectiveDate: '2026-01-01' });
    expect([whitelist.status, whitelist.body.code]).toEqual([404, 'UNKNOWN_MUNICIPALITY']);
    const twice = await http().post('/organisations/operators').set('Authorization', await as(officer)).send({ id: randomUUID(), oin: (await http().get('/organisations').set('Authorization', await as(officer))).body.find((o: { id: string }) => o.id === bkwi).oin, name: 'BKWI', validFrom: '2000-01-01' });
    expect([twice.status, twice.body.code]).toEqual([409, 'ORGANISATION_EXISTS']);
    const byAdmin = await http().post('/organisations/operators').set('Authorization', await as(admin1)).send({ oin: randomOin(), name: 'BKWI', validFrom: '2000-01-01' });
    expect([byAdmin.status, byAdmin.body.code]).toEqual([403, 'SECURITY_OFFICER_REQUIRED']);

    const organisations = await reg.eventsOn(topics.organisations, (e) => e.organisationId === bkwi, (es) => es.length >= 1);
    expect(organisations[0]).toMatchObject({ kind: 'OPERATOR', cbsCode: null, name: `BKWI ${run}` });
  });
});
