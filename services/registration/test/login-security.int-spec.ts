/**
 * The login's protections against the real database (ADR 0015): a lockout after 5 failures in a
 * row, kept in PostgreSQL, that the user administrator sees and lifts and the holder lifts with
 * both factors; the same answers for a name without an account; throttling per account and per
 * source address (429 with Retry-After); the second factor (TOTP) required for security
 * officers, user administrators and mandated persons, enrolled with a token nothing else
 * accepts; wrong, missing and replayed codes refused.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '@inkijk/platform';
import { freshTotpCode, totpCode } from '@inkijk/testing';
import { RegistrationDb } from '../src/adapters/prisma/prisma.service';
import { randomOin, registrationUnderTest } from './registration-under-test';

// Real back-off waits (2 s doubling) and fresh TOTP steps: one test waits about 70 s by design, more on a loaded machine.
jest.setTimeout(300_000);

const run = randomUUID().slice(0, 8);
const PASSWORD = 'correct horse battery';
// A first wait of 2 s (1 s by default): the attempt that checks it must arrive within the wait
// also on a loaded machine, or it is counted as a failure and the lockout comes one early.
const reg = registrationUnderTest({ database: 'registration_login_it', name: 'reg-login-test', env: { LOGIN_BACKOFF_BASE_MS: '2000' } });
const { http, as, count } = reg;
const haarlem = randomUUID();
const zandvoort = randomUUID();
const officer: Principal = { userId: randomUUID(), homeMunicipalityId: randomUUID(), roles: ['SECURITY_OFFICER'], displayName: 'Security officer' };
let operator: string | undefined;
const adminOf = (m: string): Principal => ({ userId: randomUUID(), homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A source address of its own per test (the tests' client is a trusted proxy: loopback). */
const source = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

beforeAll(async () => {
  for (const [id, name] of [[haarlem, 'Haarlem'], [zandvoort, 'Zandvoort']]) await reg.addMunicipality(officer, { id, name });
  // The operator (BKWI) homes the security officers, where registration knows operators.
  const op = await http().post('/organisations/operators').set('Authorization', await as(officer)).send({ oin: randomOin(), name: 'BKWI', validFrom: '2020-01-01' });
  if (op.status === 201) operator = op.body.id;
});

/**
 * An account through the API, as an administrator makes it: a security officer creates officers
 * (homed at the operator, where one is registered) and user administrators, the home's user
 * administrator the others. A sensitive role that waits for a second person (four eyes, 202) is
 * approved by another officer or administrator.
 */
async function createUser(username: string, roles: string[], home = haarlem): Promise<string> {
  const worker = roles.includes('WORKER');
  const officerRole = roles.includes('SECURITY_OFFICER');
  const by = officerRole || roles.includes('USER_ADMINISTRATOR') ? officer : adminOf(home);
  const res = await http()
    .post('/users')
    .set('Authorization', await as(by))
    .send({ username, displayName: username, homeMunicipalityId: officerRole && operator ? operator : home, password: PASSWORD, roles, permittedProducts: worker ? ['brp-persoon'] : [] });
  if (res.status === 202) {
    const second = officerRole ? { ...officer, userId: randomUUID() } : adminOf(home);
    const approved = await http().post(`/users/${res.body.grant.userId}/grants/${res.body.grant.id}/approval`).set('Authorization', await as(second)).send({});
    expect(approved.status).toBe(200);
    return res.body.grant.userId;
  }
  expect(res.status).toBe(201);
  return res.body.id;
}

const login = (from: string, body: Record<string, unknown>) => http().post('/auth/login').set('X-Forwarded-For', from).send(body);

/** One counted attempt: waits out the per-account backoff (429) first, as a patient attacker would. */
async function attempt(from: string, body: Record<string, unknown>): Promise<{ status: number; code: string; token?: string; body: Record<string, unknown> }> {
  for (;;) {
    const r = await login(from, body);
    if (r.status !== 429) return { status: r.status, code: r.body.code ?? 'OK', token: r.body.token, body: r.body };
    expect(r.body.code).toBe('TOO_MANY_ATTEMPTS');
    await sleep(Number(r.headers['retry-after']) * 1000);
  }
}

describe('lockout after 5 failures in a row, throttling per account', () => {
  /** Five wrong passwords, then the right one; each counted attempt after waiting out the backoff. */
  async function fiveWrongThenRight(name: string, from: string): Promise<{ answers: string[]; held: { status: number; code: string; retryAfter: string } }> {
    const answers: string[] = [];
    let held = { status: 0, code: '', retryAfter: '' };
    for (let i = 1; i <= 5; i++) {
      const a = await attempt(from, { username: name, password: 'wrong password!!' });
      answers.push(`${a.status} ${a.code}`);
      if (i === 3) {
        // From the 3rd failure in a row the next attempt waits: 429 with Retry-After, not evaluated, not counted.
        const r = await login(from, { username: name, password: PASSWORD });
        held = { status: r.status, code: r.body.code, retryAfter: r.headers['retry-after'] };
      }
    }
    const right = await attempt(from, { username: name, password: PASSWORD });
    answers.push(`${right.status} ${right.code}`);
    return { answers, held };
  }

  it('locks an account at the 5th failure, answers a name without an account exactly alike, and keeps the lockout in PostgreSQL', async () => {
    const username = `w-lock-${run}`;
    const id = await createUser(username, ['WORKER']);
    const known = await fiveWrongThenRight(username, source());
    expect(known.answers).toEqual(['401 INVALID_CREDENTIALS', '401 INVALID_CREDENTIALS', '401 INVALID_CREDENTIALS', '401 INVALID_CREDENTIALS', '401 ACCOUNT_LOCKED', '401 ACCOUNT_LOCKED']);
    expect(known.held).toEqual({ status: 429, code: 'TOO_MANY_ATTEMPTS', retryAfter: '2' });
    // No oracle: a name without an account gets the same answers, the same waits and the same lockout.
    const unknown = await fiveWrongThenRight(`nobody-${run}`, source());
    expect(unknown).toEqual(known);
    const lockedBody = await attempt(source(), { username, password: 'wrong password!!' });
    expect(await attempt(source(), { username: `nobody-${run}`, password: 'wrong password!!' })).toEqual(lockedBody);
    expect(lockedBody.body).toEqual({ code: 'ACCOUNT_LOCKED', message: expect.stringContaining('ask your user administrator') });

    // Kept in PostgreSQL (survives a restart), under an HMAC of the name, never the name itself.
    expect(await count('login_counter WHERE locked_at IS NOT NULL AND failures >= 5')).toBeGreaterThanOrEqual(2);
    expect(await count('login_counter WHERE name_key = $1', username)).toBe(0);

    // The user administrator of the home municipality sees the lockout and the failed attempts ...
    const admin = adminOf(haarlem);
    const seen = await http().get(`/users/${id}/lockout`).set('Authorization', await as(admin));
    expect(seen.status).toBe(200);
    expect(seen.body.lockout).toMatchObject({ locked: true, failuresInARow: 6, holderMayLift: false });
    expect(seen.body.events.map((e: { kind: string }) => e.kind)).toEqual(['FAILED_PASSWORD', 'LOCKED', 'FAILED_PASSWORD', 'FAILED_PASSWORD', 'FAILED_PASSWORD', 'FAILED_PASSWORD', 'FAILED_PASSWORD']);
    expect(seen.body.events[0].sourceAddress).toMatch(/^198\.51\.100\./);
    // ... the one of another municipality does not, and cannot lift it.
    const other = adminOf(zandvoort);
    expect((await http().get(`/users/${id}/lockout`).set('Authorization', await as(other))).status).toBe(403);
    expect((await http().post(`/users/${id}/lockout/lift`).set('Authorization', await as(other))).status).toBe(403);

    // Lifted by the administrator: the password works again, and the lifting is on record.
    const lifted = await http().post(`/users/${id}/lockout/lift`).set('Authorization', await as(admin));
    expect(lifted.status).toBe(200);
    expect(lifted.body.lockout).toMatchObject({ locked: false, failuresInARow: 0 });
    expect(lifted.body.events[0]).toMatchObject({ kind: 'LIFTED_BY_ADMINISTRATOR', actorId: admin.userId });
    const again = await http().post(`/users/${id}/lockout/lift`).set('Authorization', await as(admin));
    expect([again.status, again.body.code]).toEqual([409, 'NOT_LOCKED']);
    const ok = await login(source(), { username, password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toEqual(expect.any(String));
  });
});

describe('throttling per source address', () => {
  it('holds back a source after 20 failures in 15 minutes with 429 and Retry-After; another source goes on', async () => {
    // Addresses of a range no other test uses: a random one could have failed before in this file.
    const from = '203.0.113.7';
    for (let i = 0; i < 20; i++) expect((await login(from, { username: `probe-${i}-${run}`, password: 'guess guess guess' })).status).toBe(401);
    const held = await login(from, { username: `probe-x-${run}`, password: 'guess guess guess' });
    expect(held.status).toBe(429);
    expect(held.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: expect.any(Number) } });
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(held.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect((await login('203.0.113.8', { username: `probe-x-${run}`, password: 'guess guess guess' })).status).toBe(401);
    // Held back before any check: the right password of a real account from that source waits too.
    const username = `w-source-${run}`;
    await createUser(username, ['WORKER']);
    expect((await login(from, { username, password: PASSWORD })).status).toBe(429);
  });
});

describe('the second factor (TOTP)', () => {
  const secrets = new Map<string, string>();

  it.each([
    ['a security officer', ['SECURITY_OFFICER'], 'so'],
    ['a user administrator', ['USER_ADMINISTRATOR'], 'ua'],
    ['a mandated person', ['MANDATED_PERSON'], 'mp'],
  ])('is required of %s: the password alone gives an enrolment token that nothing else accepts', async (_who, roles, prefix) => {
    const username = `${prefix}-${run}`;
    const id = await createUser(username, roles);
    const from = source();
    const first = await login(from, { username, password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ secondFactor: 'ENROLMENT_REQUIRED', enrolmentToken: expect.any(String), principal: { userId: id, roles } });
    expect(first.body.token).toBeUndefined();
    const enrolment = `Bearer ${first.body.enrolmentToken}`;
    // Refused everywhere but the enrolment (another audience): the global guard says the token is not valid.
    for (const [method, url] of [['get', '/me'], ['get', '/users'], ['get', '/me/login-security'], ['get', `/users/${id}/lockout`]] as const) {
      const r = await http()[method](url).set('Authorization', enrolment);
      expect([url, r.status, r.body.code]).toEqual([url, 401, 'TOKEN_INVALID']);
    }

    const started = await http().post('/auth/second-factor/enrolment').set('Authorization', enrolment).send({});
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ secret: expect.stringMatching(/^[A-Z2-7]{32}$/), account: username, issuer: 'Suwinet-Inkijk', digits: 6, period: 30, algorithm: 'SHA1' });
    expect(started.body.otpauthUri).toContain(`secret=${started.body.secret}`);
    const secret = started.body.secret as string;
    secrets.set(prefix, secret);
    // The same secret again while it waits for its first code; stored encrypted, never in clear.
    expect((await http().post('/auth/second-factor/enrolment').set('Authorization', enrolment).send({})).body.secret).toBe(secret);
    const stored = await reg.app().get(RegistrationDb).$queryRawUnsafe<Array<{ pending_secret: string }>>('SELECT pending_secret FROM second_factor WHERE user_id = $1::uuid', id);
    expect(stored[0].pending_secret).toMatch(/^v1\./);
    expect(stored[0].pending_secret).not.toContain(secret);

    const wrongConfirm = await http().post('/auth/second-factor/enrolment/confirmation').set('Authorization', enrolment).send({ code: totpCode(secret, Date.now() - 5 * 60_000) });
    expect([wrongConfirm.status, wrongConfirm.body.code]).toEqual([400, 'INVALID_CODE']);
    const confirmed = await http().post('/auth/second-factor/enrolment/confirmation').set('Authorization', enrolment).send({ code: await freshTotpCode(secret) });
    expect(confirmed.status).toBe(200);
    expect((await http().get('/me').set('Authorization', `Bearer ${confirmed.body.token}`)).body).toMatchObject({ userId: id, roles });
    const twice = await http().post('/auth/second-factor/enrolment').set('Authorization', `Bearer ${confirmed.body.token}`).send({});
    expect([twice.status, twice.body.code]).toEqual([409, 'SECOND_FACTOR_ENROLLED']);

    // From now on: without a code 401, with a wrong code 401, with the right one 200, the same code again 401.
    const without = await login(from, { username, password: PASSWORD });
    expect([without.status, without.body.code, without.body.token]).toEqual([401, 'SECOND_FACTOR_REQUIRED', undefined]);
    const wrong = await login(from, { username, password: PASSWORD, code: totpCode(secret, Date.now() - 10 * 60_000) });
    expect([wrong.status, wrong.body.code, wrong.body.token]).toEqual([401, 'INVALID_CODE', undefined]);
    const badFormat = await login(from, { username, password: PASSWORD, code: 'abcdef' });
    expect([badFormat.status, badFormat.body.code]).toEqual([400, 'INVALID_CODE_FORMAT']);
    const code = await freshTotpCode(secret);
    const right = await login(from, { username, password: PASSWORD, code });
    expect(right.status).toBe(200);
    expect((await http().get('/me').set('Authorization', `Bearer ${right.body.token}`)).body).toMatchObject({ userId: id });
    const replay = await login(from, { username, password: PASSWORD, code });
    expect([replay.status, replay.body.code, replay.body.token]).toEqual([401, 'CODE_ALREADY_USED', undefined]);
    // A wrong password with a right code is just a wrong password.
    const wrongPassword = await attempt(from, { username, password: 'wrong password!!', code: await freshTotpCode(secret) });
    expect(wrongPassword).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
  });

  it('lets the holder lift a lockout by logging in with password and code, and shows the holder the failed attempts', async () => {
    const username = `ua-${run}`;
    const secret = secrets.get('ua')!;
    const from = source();
    // Failures in a row so far: the replayed code and the wrong password at the end of the previous test (2).
    for (let i = 0; i < 4; i++) await attempt(from, { username, password: 'wrong password!!' });
    expect((await attempt(from, { username, password: PASSWORD })).code).toBe('ACCOUNT_LOCKED');
    expect((await attempt(from, { username, password: 'wrong password!!', code: await freshTotpCode(secret) })).code).toBe('ACCOUNT_LOCKED');
    const both = await attempt(from, { username, password: PASSWORD, code: await freshTotpCode(secret) });
    expect(both).toMatchObject({ status: 200, token: expect.any(String) });
    const own = await http().get('/me/login-security').set('Authorization', `Bearer ${both.token}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ username, secondFactor: { enrolled: true, required: true }, lockout: { locked: false, failuresInARow: 0 } });
    // Newest first: the lifting, the failures while locked (the 6th and 7th in a row), the lockout at the 5th.
    const kinds = own.body.events.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 5)).toEqual(['LIFTED_BY_HOLDER', 'FAILED_PASSWORD', 'FAILED_PASSWORD', 'LOCKED', 'FAILED_PASSWORD']);
    expect(kinds.filter((k: string) => k === 'FAILED_PASSWORD')).toHaveLength(6);
    expect(kinds).toEqual(expect.arrayContaining(['CODE_REUSED', 'FAILED_CODE']));
    expect(kinds).toContain('SECOND_FACTOR_ENROLLED');
  });

  it('is optional for a worker, who may enrol with a login token; then it is required at every login', async () => {
    const username = `w-2fa-${run}`;
    await createUser(username, ['WORKER']);
    const from = source();
    const first = await login(from, { username, password: PASSWORD });
    expect(first.body.token).toEqual(expect.any(String));
    const token = `Bearer ${first.body.token}`;
    expect((await http().get('/me/login-security').set('Authorization', token)).body.secondFactor).toEqual({ enrolled: false, enrolledAt: null, required: false });
    const started = await http().post('/auth/second-factor/enrolment').set('Authorization', token).send({});
    const secret = started.body.secret as string;
    expect((await http().post('/auth/second-factor/enrolment/confirmation').set('Authorization', token).send({ code: await freshTotpCode(secret) })).status).toBe(200);
    expect((await login(from, { username, password: PASSWORD })).body.code).toBe('SECOND_FACTOR_REQUIRED');
    expect((await login(from, { username, password: PASSWORD, code: await freshTotpCode(secret) })).status).toBe(200);
  });

  it('takes a secret offered from outside only when it has at least 160 bits', async () => {
    const username = `mp2-${run}`;
    await createUser(username, ['MANDATED_PERSON']);
    const enrolment = `Bearer ${(await login(source(), { username, password: PASSWORD })).body.enrolmentToken}`;
    const weak = await http().post('/auth/second-factor/enrolment').set('Authorization', enrolment).send({ secret: 'JBSWY3DPEHPK3PXP' });
    expect([weak.status, weak.body.code]).toEqual([400, 'INVALID_SECRET']);
    const offered = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect((await http().post('/auth/second-factor/enrolment').set('Authorization', enrolment).send({ secret: offered })).body.secret).toBe(offered);
    expect((await http().post('/auth/second-factor/enrolment/confirmation').set('Authorization', enrolment).send({ code: totpCode(offered) })).status).toBe(200);
  });

  it('is reset by the user administrator, never by the holder; the holder enrols again at the next login', async () => {
    const username = `mp-${run}`;
    const secret = secrets.get('mp')!;
    const holder = await login(source(), { username, password: PASSWORD, code: await freshTotpCode(secret) });
    expect(holder.status).toBe(200);
    const id = holder.body.principal.userId as string;
    const own = await http().post(`/users/${id}/second-factor/reset`).set('Authorization', `Bearer ${holder.body.token}`);
    expect([own.status, own.body.code]).toEqual([403, 'OWN_SECOND_FACTOR']);
    const reset = await http().post(`/users/${id}/second-factor/reset`).set('Authorization', await as(adminOf(haarlem)));
    expect(reset.status).toBe(200);
    expect(reset.body.secondFactor).toMatchObject({ enrolled: false, required: true });
    expect(reset.body.events[0]).toMatchObject({ kind: 'SECOND_FACTOR_RESET' });
    expect((await login(source(), { username, password: PASSWORD })).body.secondFactor).toBe('ENROLMENT_REQUIRED');
    expect((await login(source(), { username, password: PASSWORD, code: totpCode(secret) })).body.token).toBeUndefined();
  });
});
