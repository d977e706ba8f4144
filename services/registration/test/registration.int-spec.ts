/**
 * The registration service against the real broker and database: a collaboration's life
 * (propose, apply, approve, activate, add a member, terminate) with its events on the topics and
 * its state as of dates around each change; eligibility; roles; bad input leaving nothing behind;
 * caseload events maintaining the merged whitelist.
 */
import { createHash, randomUUID } from 'node:crypto';
import { topics, TopicSpec } from '@inkijk/contracts';
import type { caseloadContract, registration } from '@inkijk/contracts';
import { KafkaPlatform, Principal } from '@inkijk/platform';
import { Whitelists } from '../src/app/whitelist';
import { startCaseloadConsumer } from '../src/adapters/kafka/caseload.consumer';
import { RegistrationDb } from '../src/adapters/prisma/prisma.service';
import { OutboxRelay } from '@inkijk/platform';
import { randomCbsCode, registrationUnderTest } from './registration-under-test';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const run = randomUUID().slice(0, 8);

const reg = registrationUnderTest({ database: 'registration_it', name: 'reg-test' });
const { http, as, eventsOn, count } = reg;
const ids = { haarlem: randomUUID(), zandvoort: randomUUID(), bloemendaal: randomUUID() };
const codes = { haarlem: randomCbsCode(), zandvoort: randomCbsCode(), bloemendaal: randomCbsCode() };

const officer: Principal = { userId: 'so-1', homeMunicipalityId: randomUUID(), roles: ['SECURITY_OFFICER'], displayName: 'Security officer' };
const adminOf = (m: string): Principal => ({ userId: `admin-${m}`, homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Admin' });

beforeAll(async () => {
  for (const [name, id] of Object.entries(ids)) await reg.addMunicipality(officer, { id, name, cbsCode: codes[name as keyof typeof codes] });
});

function proposal(members: string[], legalForm = 'SERVICE_AGREEMENT') {
  return {
    name: `Haarlem-Zandvoort ${run}`,
    legalForm,
    executingOrganisationId: ids.haarlem,
    legalDomains: ['PARTICIPATIEWET', 'IOAW'],
    members: members.map((m) => ({ municipalityId: m, effectiveFrom: '2026-01-01' })),
    effectiveFrom: '2026-01-01',
  };
}

async function propose(p: Principal, body: object, file: Buffer = PDF, filename = 'overeenkomst.pdf') {
  return http().post('/collaborations').set('Authorization', await as(p)).field('collaboration', JSON.stringify(body)).attach('agreement', file, filename);
}

describe("a collaboration's life", () => {
  let id: string;

  it('walks propose, apply, approve, activate, join, terminate, with events and history as of dates', async () => {
    const proposed = await propose(adminOf(ids.haarlem), proposal([ids.haarlem, ids.zandvoort]));
    expect(proposed.status).toBe(201);
    id = proposed.body.id;
    expect(proposed.body.status).toBe('PROPOSED');

    const apply = async (m: string, role: string) =>
      http().post(`/collaborations/${id}/applications`).set('Authorization', await as(adminOf(m))).send({ municipalityId: m, role, signedBy: 'Wethouder', signedOn: '2025-12-01' });
    expect((await apply(ids.haarlem, 'EXECUTING')).status).toBe(201);
    expect((await apply(ids.zandvoort, 'OUTSOURCING')).status).toBe(201);

    const pending = await http().get('/applications/pending').set('Authorization', await as(officer));
    const mine = pending.body.filter((a: { collaborationId: string }) => a.collaborationId === id);
    expect(mine).toHaveLength(2);

    // Not all approved yet: activation refused.
    const decide = async (appId: string, decision: string, reason?: string) =>
      http().post(`/collaborations/${id}/applications/${appId}/decision`).set('Authorization', await as(officer)).send({ decision, reason });
    expect((await decide(mine[0].id, 'APPROVED')).status).toBe(200);
    const early = await http().post(`/collaborations/${id}/activation`).set('Authorization', await as(officer)).send({ effectiveFrom: '2026-02-01' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('APPLICATIONS_NOT_APPROVED');
    expect((await decide(mine[1].id, 'APPROVED')).status).toBe(200);
    expect((await http().post(`/collaborations/${id}/activation`).set('Authorization', await as(officer)).send({ effectiveFrom: '2026-02-01' })).status).toBe(200);

    // Bloemendaal applies, is approved, joins from 1 June.
    expect((await apply(ids.bloemendaal, 'OUTSOURCING')).status).toBe(201);
    const bl = (await http().get('/applications/pending').set('Authorization', await as(officer))).body.find((a: { municipalityId: string; collaborationId: string }) => a.municipalityId === ids.bloemendaal && a.collaborationId === id);
    expect((await decide(bl.id, 'APPROVED')).status).toBe(200);
    expect((await http().post(`/collaborations/${id}/members`).set('Authorization', await as(officer)).send({ municipalityId: ids.bloemendaal, effectiveFrom: '2026-06-01' })).status).toBe(201);
    expect((await http().post(`/collaborations/${id}/termination`).set('Authorization', await as(officer)).send({ effectiveTo: '2026-12-01', reason: 'Powers delegated to a public body' })).status).toBe(200);

    const at = async (day: string) => (await http().get(`/collaborations/${id}?asOf=${day}`).set('Authorization', await as(officer))).body;
    expect(await at('2026-01-31')).toMatchObject({ status: 'NOT_YET_ACTIVE', members: [ids.haarlem, ids.zandvoort] });
    expect(await at('2026-02-01')).toMatchObject({ status: 'ACTIVE', members: [ids.haarlem, ids.zandvoort] });
    expect((await at('2026-05-31')).members).toEqual([ids.haarlem, ids.zandvoort]);
    expect((await at('2026-06-01')).members).toEqual([ids.haarlem, ids.zandvoort, ids.bloemendaal]);
    expect(await at('2026-11-30')).toMatchObject({ status: 'ACTIVE' });
    expect(await at('2026-12-01')).toMatchObject({ status: 'TERMINATED', members: [] });

    const events = await eventsOn(topics.collaborations, (e) => e.collaborationId === id, (es) => es.length >= 7);
    const kinds = events.sort((a, b) => a.sequence - b.sequence).map((e) => Object.keys(e.change)[0].split('.').pop());
    expect(kinds).toEqual(['CollaborationRegistered', 'ApplicationDecided', 'ApplicationDecided', 'CollaborationActivated', 'ApplicationDecided', 'MemberJoined', 'CollaborationTerminated']);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const registered = events[0].change as { 'nl.inkijk.registration.CollaborationRegistered': registration.CollaborationRegistered };
    expect(registered['nl.inkijk.registration.CollaborationRegistered']).toMatchObject({ legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: ids.haarlem });
  });

  it('keeps the signed agreement with its SHA-256 and serves it back', async () => {
    const c = (await http().get(`/collaborations/${id}`).set('Authorization', await as(officer))).body;
    const sha = c.agreementSha256 ?? c.history.terms[0].agreementSha256;
    expect(sha).toBe(createHash('sha256').update(PDF).digest('hex'));
    const doc = await http().get(`/collaborations/${id}/agreements/${sha}`).set('Authorization', await as(officer)).buffer(true);
    expect(doc.status).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(doc.body)).toEqual(PDF);
  });
});

describe('two collaborations between the same two municipalities', () => {
  it('needs one application form per collaboration: a form for one does not count for the other', async () => {
    // Haarlem and Zandvoort work together for the Participatiewet (A) and, separately, for the
    // IOAZ (B): two agreements, two collaborations, and each municipality signs a form for each.
    const proposeFor = async (name: string, legalDomains: string[]) => {
      const res = await propose(adminOf(ids.haarlem), { ...proposal([ids.haarlem, ids.zandvoort]), name: `${name} ${run}`, legalDomains });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const a = await proposeFor('Werk Haarlem-Zandvoort', ['PARTICIPATIEWET']);
    const b = await proposeFor('Zelfstandigen Haarlem-Zandvoort', ['IOAZ']);
    expect(a).not.toBe(b);

    const apply = async (c: string, m: string, role: string) =>
      http().post(`/collaborations/${c}/applications`).set('Authorization', await as(adminOf(m))).send({ municipalityId: m, role, signedBy: 'Wethouder', signedOn: '2025-12-01' });
    const pendingOf = async (c: string) =>
      ((await http().get('/applications/pending').set('Authorization', await as(officer))).body as { id: string; collaborationId: string; municipalityId: string }[]).filter((x) => x.collaborationId === c);
    const decideAll = async (c: string) => {
      for (const x of await pendingOf(c)) expect((await http().post(`/collaborations/${c}/applications/${x.id}/decision`).set('Authorization', await as(officer)).send({ decision: 'APPROVED' })).status).toBe(200);
    };
    const activate = async (c: string) => http().post(`/collaborations/${c}/activation`).set('Authorization', await as(officer)).send({ effectiveFrom: '2026-02-01' });

    // A: both forms, approved, active.
    expect((await apply(a, ids.haarlem, 'EXECUTING')).status).toBe(201);
    expect((await apply(a, ids.zandvoort, 'OUTSOURCING')).status).toBe(201);
    await decideAll(a);
    expect((await activate(a)).status).toBe(200);

    // B: A's approved forms do not carry over; without B's own forms it cannot be activated.
    const early = await activate(b);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('APPLICATIONS_NOT_APPROVED');
    // Zandvoort's form for B is its own, even though it has one for A with the same partner.
    expect((await apply(b, ids.zandvoort, 'OUTSOURCING')).status).toBe(201);
    // ...but one form per municipality per collaboration.
    const twice = await apply(b, ids.zandvoort, 'OUTSOURCING');
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DUPLICATE_APPLICATION');
    await decideAll(b);
    // Haarlem has not signed for B yet.
    expect((await activate(b)).body.code).toBe('APPLICATIONS_NOT_APPROVED');
    expect((await apply(b, ids.haarlem, 'EXECUTING')).status).toBe(201);
    await decideAll(b);
    expect((await activate(b)).status).toBe(200);

    // Both are active side by side, each with its own legal basis and its own two forms.
    const at = async (c: string) => (await http().get(`/collaborations/${c}?asOf=2026-03-01`).set('Authorization', await as(officer))).body;
    const [ca, cb] = [await at(a), await at(b)];
    expect(ca).toMatchObject({ status: 'ACTIVE', members: [ids.haarlem, ids.zandvoort] });
    expect(cb).toMatchObject({ status: 'ACTIVE', members: [ids.haarlem, ids.zandvoort] });
    expect(await count('application WHERE collaboration_id = $1::uuid', a)).toBe(2);
    expect(await count('application WHERE collaboration_id = $1::uuid', b)).toBe(2);
    const listed = (await http().get('/collaborations?asOf=2026-03-01').set('Authorization', await as(adminOf(ids.zandvoort)))).body as { id: string }[];
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining([a, b]));
  });
});

describe('history as effective on a day and as known at a moment', () => {
  it('shows a backdated departure as such, and the state as it was known before it was reported', async () => {
    const res = await propose(adminOf(ids.haarlem), { ...proposal([ids.haarlem, ids.zandvoort, ids.bloemendaal]), name: `Kennemerland ${run}` });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    for (const [m, role] of [[ids.haarlem, 'EXECUTING'], [ids.zandvoort, 'OUTSOURCING'], [ids.bloemendaal, 'OUTSOURCING']]) {
      expect((await http().post(`/collaborations/${id}/applications`).set('Authorization', await as(adminOf(m))).send({ municipalityId: m, role, signedBy: 'Wethouder', signedOn: '2025-12-01' })).status).toBe(201);
    }
    const pending = ((await http().get('/applications/pending').set('Authorization', await as(officer))).body as { id: string; collaborationId: string }[]).filter((a) => a.collaborationId === id);
    for (const a of pending) expect((await http().post(`/collaborations/${id}/applications/${a.id}/decision`).set('Authorization', await as(officer)).send({ decision: 'APPROVED' })).status).toBe(200);
    expect((await http().post(`/collaborations/${id}/activation`).set('Authorization', await as(officer)).send({ effectiveFrom: '2026-02-01' })).status).toBe(200);
    const beforeReport = new Date();
    await new Promise((r) => setTimeout(r, 20));
    // Bloemendaal left on 1 June; it is reported only now.
    expect((await http().post(`/collaborations/${id}/members/${ids.bloemendaal}/departure`).set('Authorization', await as(officer)).send({ effectiveTo: '2026-06-01' })).status).toBe(200);

    const read = async (query: string) => http().get(`/collaborations/${id}?${query}`).set('Authorization', await as(officer));
    // As effective on 1 July with everything known now: Bloemendaal is gone, and the history says the departure was backdated.
    const now = (await read('asOf=2026-07-01')).body;
    expect(now.members).toEqual([ids.haarlem, ids.zandvoort]);
    const left = now.recorded.find((l: { type: string }) => l.type === 'MemberLeft');
    expect(left).toMatchObject({ effectiveOn: '2026-06-01', backdated: true, recordedBy: 'so-1' });
    expect(left.recordedOn > left.effectiveOn).toBe(true);
    expect(now.recorded.find((l: { type: string }) => l.type === 'CollaborationActivated')).toMatchObject({ effectiveOn: '2026-02-01', backdated: true });

    // As known just before the departure was reported, on the same day of effect: Bloemendaal was still a member.
    const then = await read(`asOf=2026-07-01&knownAt=${encodeURIComponent(beforeReport.toISOString())}`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({ status: 'ACTIVE', members: [ids.haarlem, ids.zandvoort, ids.bloemendaal], knownAt: beforeReport.toISOString() });
    expect(then.body.recorded.map((l: { type: string }) => l.type)).not.toContain('MemberLeft');

    // Before it was registered at all, nothing was known; a malformed moment is refused with a code.
    const never = await read('asOf=2026-07-01&knownAt=2020-01-01');
    expect(never.status).toBe(404);
    expect(never.body.code).toBe('NOT_KNOWN_YET');
    const bad = await read('asOf=2026-07-01&knownAt=gisteren');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_KNOWN_AT');
    expect(await count('collaboration_change WHERE collaboration_id = $1::uuid', id)).toBe(now.recorded.length);
  });
});

describe('eligibility, roles and bad input', () => {
  it('refuses an openbaar lichaam with its reason, and stores nothing', async () => {
    const before = await count('collaboration');
    const res = await propose(officer, proposal([ids.haarlem, ids.zandvoort], 'WGR_PUBLIC_BODY'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_ELIGIBLE_PUBLIC_BODY');
    expect(res.body.message).toMatch(/openbaar lichaam/);
    expect(await count('collaboration')).toBe(before);
  });

  it.each([
    ['a non-PDF agreement', () => propose(officer, proposal([ids.haarlem, ids.zandvoort]), Buffer.from('MZ not a pdf'), 'x.exe'), 400, 'AGREEMENT_NOT_PDF'],
    ['an oversized agreement', () => propose(officer, proposal([ids.haarlem, ids.zandvoort]), Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)])), 413, 'PAYLOAD_TOO_LARGE'],
    ['an unknown member', () => propose(officer, proposal([ids.haarlem, randomUUID()])), 400, 'UNKNOWN_MUNICIPALITY'],
    ['overlapping memberships', () => propose(officer, { ...proposal([ids.haarlem, ids.zandvoort]), members: [ids.haarlem, ids.zandvoort, ids.zandvoort].map((m) => ({ municipalityId: m, effectiveFrom: '2026-01-01' })) }), 409, 'OVERLAPPING_MEMBERSHIP'],
    ['malformed JSON', async () => http().post('/collaborations').set('Authorization', await as(officer)).field('collaboration', '{nope').attach('agreement', PDF, 'a.pdf'), 400, 'VALIDATION_FAILED'],
  ])('refuses %s with a code, and stores nothing (but the refused attempt as an action)', async (_what, send, status, errorCode) => {
    const announcements = () => count("outbox_message WHERE topic <> 'inkijk.audit.activity.v1'");
    const before = [await count('collaboration'), await count('agreement_document'), await announcements()];
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(errorCode);
    expect(typeof res.body.message).toBe('string');
    expect([await count('collaboration'), await count('agreement_document'), await announcements()]).toEqual(before);
  });

  it.each([
    [{ cbsCode: 'GM12', oin: '00000099000000000001', name: 'X', validFrom: '2026-01-01' }, 'INVALID_CBS_CODE'],
    [{ cbsCode: 'GM9999', oin: '123', name: 'X', validFrom: '2026-01-01' }, 'INVALID_OIN'],
    [{ cbsCode: 'GM9998', oin: '00000099000000000002', name: 'X', validFrom: '2026-02-30' }, 'INVALID_DATE'],
    // A name of 100,000 characters once filled the officer's list: names are at most 200.
    [{ cbsCode: 'GM9997', oin: '00000099000000000003', name: 'X'.repeat(201), validFrom: '2026-01-01' }, 'VALIDATION_FAILED'],
  ])('refuses a municipality with invalid identifiers (%j): %s, and records the refused attempt', async (body, errorCode) => {
    const actions = () => count("outbox_message WHERE topic = 'inkijk.audit.activity.v1'");
    const before = [await count('organisation'), await actions()];
    const res = await http().post('/organisations/municipalities').set('Authorization', await as(officer)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(errorCode);
    // Nothing registered; the refused attempt is an action (malformed JSON fields are refused at the edge, before any use case).
    expect([await count('organisation'), await actions()]).toEqual([before[0], before[1] + (errorCode === 'VALIDATION_FAILED' ? 0 : 1)]);
  });

  it('refuses a duplicate application with 409', async () => {
    const c = await propose(officer, { ...proposal([ids.haarlem, ids.zandvoort]), name: `dup ${run}` });
    const apply = async () => http().post(`/collaborations/${c.body.id}/applications`).set('Authorization', await as(adminOf(ids.zandvoort))).send({ municipalityId: ids.zandvoort, role: 'OUTSOURCING', signedBy: 'W', signedOn: '2025-12-01' });
    expect((await apply()).status).toBe(201);
    const dup = await apply();
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DUPLICATE_APPLICATION');
  });

  it('lets a user administrator manage only their own municipality\'s users; only a security officer approves', async () => {
    const create = async (actor: Principal, home: string, username: string) =>
      http().post('/users').set('Authorization', await as(actor)).send({ username, displayName: 'Medewerker', homeMunicipalityId: home, password: 'correct horse battery', roles: ['WORKER'], permittedProducts: ['brp-persoon'] });
    const own = await create(adminOf(ids.haarlem), ids.haarlem, `w-${run}`);
    expect(own.status).toBe(201);
    const other = await create(adminOf(ids.haarlem), ids.zandvoort, `w2-${run}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('NOT_ADMINISTRATOR_OF_MUNICIPALITY');
    const deactivateOther = await http().post(`/users/${own.body.id}/deactivation`).set('Authorization', await as(adminOf(ids.zandvoort))).send({});
    expect(deactivateOther.status).toBe(403);
    const listOther = await http().get(`/users?municipalityId=${ids.haarlem}`).set('Authorization', await as(adminOf(ids.zandvoort)));
    expect(listOther.status).toBe(403);

    const sod = await http().post('/users').set('Authorization', await as(officer)).send({ username: `so-${run}`, displayName: 'SO', homeMunicipalityId: ids.haarlem, password: 'correct horse battery', roles: ['SECURITY_OFFICER', 'WORKER'], permittedProducts: ['brp-persoon'] });
    expect(sod.body.code).toBe('SEPARATION_OF_DUTIES');

    const login = await http().post('/auth/login').send({ username: `w-${run}`, password: 'correct horse battery' });
    expect(login.status).toBe(200);
    expect(login.body.principal).toMatchObject({ homeMunicipalityId: ids.haarlem, roles: ['WORKER'] });
    const wrong = await http().post('/auth/login').send({ username: `w-${run}`, password: 'wrong password!!' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    // The same answer for an account that does not exist: no oracle of account names.
    const unknown = await http().post('/auth/login').send({ username: `nobody-${run}`, password: 'wrong password!!' });
    expect([unknown.status, unknown.body]).toEqual([401, wrong.body]);
    const approveAsWorker = await http().post(`/collaborations/${randomUUID()}/activation`).set('Authorization', `Bearer ${login.body.token}`).send({ effectiveFrom: '2026-01-01' });
    expect(approveAsWorker.status).toBe(403);
    expect(approveAsWorker.body.code).toBe('SECURITY_OFFICER_REQUIRED');
    expect((await http().get('/collaborations')).status).toBe(401);

    const users = await eventsOn(topics.users, (e) => e.userId === own.body.id, (es) => es.length >= 1);
    expect(Object.keys(users[0].change)).toEqual(['nl.inkijk.registration.UserCreated']);
  });

  it('refuses a user administrator who gives himself the worker role with the escape right (no self-escalation)', async () => {
    const admin = await http().post('/users').set('Authorization', await as(officer)).send({ username: `beheer-${run}`, displayName: 'Beheer', homeMunicipalityId: ids.haarlem, password: 'correct horse battery', roles: ['USER_ADMINISTRATOR'], permittedProducts: [] });
    expect(admin.status).toBe(201);
    const himself: Principal = { userId: admin.body.id, homeMunicipalityId: ids.haarlem, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheer' };
    const escalate = await http().put(`/users/${admin.body.id}/tasks`).set('Authorization', await as(himself)).send({ roles: ['USER_ADMINISTRATOR', 'WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true });
    expect(escalate.status).toBe(403);
    expect(escalate.body.code).toBe('OWN_RIGHTS');
    const after = (await http().get(`/users?municipalityId=${ids.haarlem}`).set('Authorization', await as(officer))).body.find((u: { id: string }) => u.id === admin.body.id);
    expect(after).toMatchObject({ roles: ['USER_ADMINISTRATOR'], escapeRight: false });
    // Another authorised person may.
    const byOfficer = await http().put(`/users/${admin.body.id}/tasks`).set('Authorization', await as(officer)).send({ roles: ['USER_ADMINISTRATOR', 'WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false });
    expect(byOfficer.status).toBe(200);
  });
});

describe('whitelists', () => {
  it('imports all valid BSNs or nothing, naming positions but not values', async () => {
    const res = await http().post(`/municipalities/${ids.zandvoort}/whitelist/import`).set('Authorization', await as(adminOf(ids.zandvoort))).send({ bsns: ['123456782', '123456789'], effectiveDate: '2026-01-01' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_BSN');
    expect(res.body.message).toContain('position');
    expect(res.body.message).not.toContain('123456789');
    expect(await count('whitelist_entry')).toBe(0);
  });

  it('reads a large body only for a whitelist import with a token: 64 kB elsewhere, also anonymously', async () => {
    // ~240 kB of BSNs failing the 11-proef: read, refused as a whole, nothing written.
    const big = { bsns: Array.from({ length: 20_000 }, () => '123456789'), effectiveDate: '2026-01-01' };
    const anonymous = await http().post('/auth/login').send({ username: 'x'.repeat(300_000), password: 'y' });
    expect([anonymous.status, anonymous.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const elsewhere = await http().post('/users').set('Authorization', await as(adminOf(ids.zandvoort))).send(big);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const withoutToken = await http().post(`/municipalities/${ids.zandvoort}/whitelist/import`).send(big);
    expect(withoutToken.status).toBe(413);
    const imported = await http().post(`/municipalities/${ids.zandvoort}/whitelist/import`).set('Authorization', await as(adminOf(ids.zandvoort))).send(big);
    expect([imported.status, imported.body.code]).toEqual([400, 'INVALID_BSN']);
  });

  it('maintains the merged whitelist from bulk imports and caseload events, as of dates', async () => {
    const c = await propose(officer, { ...proposal([ids.haarlem, ids.zandvoort]), name: `wl ${run}` });
    const cid = c.body.id;
    for (const [m, role] of [[ids.haarlem, 'EXECUTING'], [ids.zandvoort, 'OUTSOURCING']]) {
      await http().post(`/collaborations/${cid}/applications`).set('Authorization', await as(adminOf(m))).send({ municipalityId: m, role, signedBy: 'W', signedOn: '2025-12-01' });
    }
    const pend = (await http().get('/applications/pending').set('Authorization', await as(officer))).body.filter((a: { collaborationId: string }) => a.collaborationId === cid);
    for (const a of pend) await http().post(`/collaborations/${cid}/applications/${a.id}/decision`).set('Authorization', await as(officer)).send({ decision: 'APPROVED' });
    await http().post(`/collaborations/${cid}/activation`).set('Authorization', await as(officer)).send({ effectiveFrom: '2026-01-01' });

    const csv = 'bsn\n999999990\n123456782\n';
    const imported = await http().post(`/municipalities/${ids.haarlem}/whitelist/import?effectiveDate=2026-01-01`).set('Authorization', await as(adminOf(ids.haarlem))).set('Content-Type', 'text/csv').send(csv);
    expect(imported.body).toEqual({ added: 2, alreadyListed: 0 });

    // Caseload events from Zandvoort's case system, on a test copy of the topic.
    const platform = reg.app().get(KafkaPlatform);
    const topic: TopicSpec<caseloadContract.CaseloadEvent> = { ...topics.caseload, name: `inkijk.test-${run}.caseload.v1` };
    await platform.ensureTopics([topic]);
    const consumer = await startCaseloadConsumer(platform, reg.app().get(RegistrationDb), reg.app().get(Whitelists), () => reg.app().get(OutboxRelay).nudge(), topic, `reg-caseload-${run}`);
    const ev = (bsn: string, relation: 'STARTED' | 'ENDED', effectiveDate: string): caseloadContract.CaseloadEvent => ({ eventId: randomUUID(), occurredAt: Date.now(), municipalityCbsCode: codes.zandvoort, caseId: `Z-${bsn}`, bsn, relation, effectiveDate, legalDomain: 'PARTICIPATIEWET' });
    const started = ev('111222333', 'STARTED', '2026-03-01');
    await platform.producerFor(topic).send(started);
    await platform.producerFor(topic).send(started); // redelivered: no second effect
    await platform.producerFor(topic).send(ev('123456782', 'STARTED', '2026-03-01')); // also on Haarlem's list
    await platform.producerFor(topic).send(ev('111222333', 'ENDED', '2026-09-01'));
    const query = async (asOf: string, bsn?: string) => (await http().post(`/collaborations/${cid}/whitelist/query`).set('Authorization', await as(officer)).send({ asOf, bsn })).body;
    // Until all four records are applied: the STARTED ones (count 3 in August) and the ENDED one
    // (gone in September); they may arrive in different batches.
    const applied = async () => (await query('2026-08-31')).count === 3 && (await query('2026-09-01')).count === 2;
    const deadline = Date.now() + 20_000;
    while (!(await applied()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await consumer.stop();

    expect(await query('2026-02-28')).toMatchObject({ count: 2 });
    expect(await query('2026-03-01', '111222333')).toMatchObject({ count: 3, contains: true });
    expect(await query('2026-09-01', '111222333')).toMatchObject({ count: 2, contains: false });
    expect((await query('2026-03-01', '100000009')).contains).toBe(false);
    // No oracle: a worker of a member municipality is not told whether a BSN is on the list.
    const worker: Principal = { userId: randomUUID(), homeMunicipalityId: ids.haarlem, roles: ['WORKER'], displayName: 'Medewerker' };
    const asWorker = await http().post(`/collaborations/${cid}/whitelist/query`).set('Authorization', await as(worker)).send({ asOf: '2026-03-01', bsn: '111222333' });
    expect([asWorker.status, asWorker.body.code]).toEqual([403, 'NOT_ADMINISTRATOR_OF_MUNICIPALITY']);
    expect(asWorker.body.contains).toBeUndefined();
    const asAdmin = await http().post(`/collaborations/${cid}/whitelist/query`).set('Authorization', await as(adminOf(ids.haarlem))).send({ asOf: '2026-03-01', bsn: '111222333' });
    expect([asAdmin.status, asAdmin.body.contains]).toEqual([200, true]);
    // Nor does a worker see the collaboration, its members or its signed agreement.
    const read = await http().get(`/collaborations/${cid}`).set('Authorization', await as(worker));
    expect([read.status, read.body.code]).toEqual([404, 'COLLABORATION_NOT_FOUND']);
    expect(read.body.memberships).toBeUndefined();
    expect((await http().get('/collaborations').set('Authorization', await as(worker))).body).toEqual([]);
    expect((await http().get(`/collaborations/${cid}`).set('Authorization', await as(adminOf(ids.haarlem)))).status).toBe(200);

    const changes = await eventsOn(topics.whitelist, (e) => e.municipalityId === ids.zandvoort, (es) => es.length >= 3);
    expect(changes.map((e) => [e.bsn, e.change])).toEqual([['111222333', 'ADDED'], ['123456782', 'ADDED'], ['111222333', 'REMOVED']]);

    // Each applied batch is one action per municipality (the case system's, no account): counts, never a BSN.
    const batches = await eventsOn(topics.activity, (e) => e.action === 'CASELOAD_BATCH' && e.actingForId === ids.zandvoort, (es) => es.reduce((n, e) => n + Number(e.details?.events), 0) >= 3);
    const sum = (k: string) => batches.reduce((n, e) => n + Number(e.details?.[k]), 0);
    expect([sum('started'), sum('ended'), sum('unchanged')]).toEqual([2, 1, 0]);
    expect(batches.every((e) => e.actor.userId === null && e.actor.homeOrganisationId === ids.zandvoort && e.object.id === ids.zandvoort && e.subjectPseudonym === null)).toBe(true);
    expect(JSON.stringify(batches)).not.toMatch(/111222333|123456782/);
  });
});

describe('the OpenAPI document', () => {
  it('describes exactly the routes the service serves', async () => {
    const doc = (await http().get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    const router = (reg.app().getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router.stack;
    const served = router
      .filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`))
      .sort();
    expect(served).toEqual(documented);
  });
});
