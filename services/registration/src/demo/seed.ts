/**
 * Loads the demo data through the registration API (so every change is validated and announced
 * on the topics like any other). Idempotent: what exists is left alone.
 *   REGISTRATION_URL=http://127.0.0.1:3010 AUTH_SIGNING_KEY='{...}' node -r @swc-node/register services/registration/src/demo/seed.ts
 */
import { JWK } from 'jose';
import { TokenIssuer } from '@inkijk/platform';
import { totpCodeAt } from '../domain/second-factor';
import { CASELOADS, COLLABORATIONS, DEMO_AGREEMENT_PDF, DEMO_PASSWORD, DEMO_TOTP_SECRETS, homeId, municipality, MUNICIPALITIES, MunicipalityKey, OPERATOR, USERS } from './demo-data';

const base = process.env.REGISTRATION_URL ?? 'http://127.0.0.1:3010';

async function main(): Promise<void> {
  const key = process.env.AUTH_SIGNING_KEY;
  if (!key) throw new Error('AUTH_SIGNING_KEY is needed to act as the bootstrap security officer');
  const issuer = await TokenIssuer.fromJwk(JSON.parse(key) as JWK);
  const bootstrap = { userId: 'demo-bootstrap', homeMunicipalityId: OPERATOR.id, roles: ['SECURITY_OFFICER' as const], displayName: 'Demo bootstrap' };
  const officer = await issuer.issue(bootstrap, 600);
  // Four eyes (ADR 0016): the escape right, mandated persons and security officers take a second
  // person; the bootstrap officer asks for officers, this second one approves them.
  const officer2 = await issuer.issue({ ...bootstrap, userId: 'demo-bootstrap-2', displayName: 'Demo bootstrap (second officer)' }, 600);
  const adminOf = async (k: MunicipalityKey) => issuer.issue({ userId: `demo-admin-${k}`, homeMunicipalityId: municipality(k).id, roles: ['USER_ADMINISTRATOR'], displayName: 'Demo admin' }, 600);

  const call = async (token: string, method: string, path: string, body?: unknown, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}) },
      body: body instanceof FormData ? body : body !== undefined ? JSON.stringify(body) : undefined,
      ...init,
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, json };
  };
  const expectOk = (r: { status: number; json: Record<string, unknown> }, what: string, allow: string[] = []) => {
    if (r.status >= 300 && !allow.includes(String(r.json.code))) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
    return r;
  };

  expectOk(await call(officer, 'POST', '/organisations/operators', { id: OPERATOR.id, oin: OPERATOR.oin, name: OPERATOR.name, validFrom: '2000-01-01' }), `operator ${OPERATOR.name}`, ['ORGANISATION_EXISTS']);
  for (const m of MUNICIPALITIES) {
    expectOk(await call(officer, 'POST', '/organisations/municipalities', { id: m.id, cbsCode: m.cbsCode, oin: m.oin, name: m.name, validFrom: '2000-01-01' }), `municipality ${m.name}`, ['ORGANISATION_EXISTS']);
  }

  const existing = (await call(officer, 'GET', '/collaborations')).json as unknown as Array<{ name: string }>;
  for (const c of COLLABORATIONS) {
    if (existing.some((e) => e.name === c.name)) continue;
    const form = new FormData();
    form.set('collaboration', JSON.stringify({
      name: c.name,
      legalForm: c.legalForm,
      executingOrganisationId: municipality(c.executing).id,
      legalDomains: c.legalDomains,
      members: c.members.filter((m) => m.from === c.effectiveFrom).map((m) => ({ municipalityId: municipality(m.key).id, effectiveFrom: m.from })),
      effectiveFrom: c.effectiveFrom,
    }));
    form.set('agreement', new Blob([DEMO_AGREEMENT_PDF], { type: 'application/pdf' }), 'overeenkomst.pdf');
    const created = expectOk(await call(officer, 'POST', '/collaborations', form), c.name).json as { id: string };
    for (const m of c.members) {
      const role = m.key === c.executing ? 'EXECUTING' : 'OUTSOURCING';
      expectOk(await call(await adminOf(m.key), 'POST', `/collaborations/${created.id}/applications`, { municipalityId: municipality(m.key).id, role, signedBy: 'Wethouder Werk en Inkomen', signedOn: c.effectiveFrom }), `application ${m.key}`);
    }
    const pending = (await call(officer, 'GET', '/applications/pending')).json as unknown as Array<{ id: string; collaborationId: string }>;
    for (const a of pending.filter((p) => p.collaborationId === created.id)) {
      expectOk(await call(officer, 'POST', `/collaborations/${created.id}/applications/${a.id}/decision`, { decision: 'APPROVED' }), 'approval');
    }
    expectOk(await call(officer, 'POST', `/collaborations/${created.id}/activation`, { effectiveFrom: c.effectiveFrom }), 'activation');
    for (const m of c.members.filter((x) => x.from !== c.effectiveFrom)) {
      expectOk(await call(officer, 'POST', `/collaborations/${created.id}/members`, { municipalityId: municipality(m.key).id, effectiveFrom: m.from }), `join ${m.key}`);
    }
  }

  for (const u of USERS) {
    const token = u.roles.includes('SECURITY_OFFICER') || u.roles.includes('USER_ADMINISTRATOR') || u.home === OPERATOR.key ? officer : await adminOf(u.home);
    expectOk(await call(token, 'POST', '/users', { username: u.username, displayName: u.displayName, homeMunicipalityId: homeId(u.home), password: DEMO_PASSWORD, roles: u.roles, permittedProducts: u.permittedProducts, escapeRight: u.escapeRight }), `user ${u.username}`, ['USERNAME_TAKEN']);
  }
  // The second person approves the demo accounts that wait (202): the officer those asked by the
  // administrators (escape right, mandated persons), the second officer the security officer.
  // Also picks up what an interrupted earlier run left waiting.
  const demoNames = new Set(USERS.map((u) => u.username));
  for (const approver of [officer, officer2]) {
    const pending = expectOk(await call(approver, 'GET', '/users/grants/pending'), 'grants waiting').json as unknown as Array<{ id: string; userId: string; username: string | null; mayApprove: boolean }>;
    for (const g of pending.filter((x) => x.mayApprove && x.username !== null && demoNames.has(x.username))) {
      expectOk(await call(approver, 'POST', `/users/${g.userId}/grants/${g.id}/approval`), `approval of ${g.username}`);
    }
  }

  // The second factor of the officer, the administrators and the mandated persons: the published
  // demo secrets, enrolled as any holder enrols (password login, enrolment token, first code).
  for (const [username, secret] of Object.entries(DEMO_TOTP_SECRETS)) {
    const login = await call('', 'POST', '/auth/login', { username, password: DEMO_PASSWORD });
    if (login.status === 401 && login.json.code === 'SECOND_FACTOR_REQUIRED') continue; // enrolled before
    if (login.json.secondFactor !== 'ENROLMENT_REQUIRED') throw new Error(`second factor of ${username}: ${login.status} ${JSON.stringify(login.json)}`);
    const enrolment = String(login.json.enrolmentToken);
    expectOk(await call(enrolment, 'POST', '/auth/second-factor/enrolment', { secret }), `second factor of ${username}`);
    // The previous step's code (still accepted): the code an app shows right now stays unused for the first demo login.
    expectOk(await call(enrolment, 'POST', '/auth/second-factor/enrolment/confirmation', { code: totpCodeAt(secret, new Date(Date.now() - 30_000)) }), `second factor of ${username}`);
  }

  for (const [k, bsns] of Object.entries(CASELOADS) as [MunicipalityKey, string[]][]) {
    expectOk(await call(await adminOf(k), 'POST', `/municipalities/${municipality(k).id}/whitelist/import`, { bsns, effectiveDate: '2015-01-01' }), `whitelist ${k}`);
  }
  process.stdout.write(`demo data loaded into ${base}\n`);
}

main().catch((e) => {
  process.stderr.write(`demo data could not be loaded: ${(e as Error).message}\n`);
  process.exit(1);
});
