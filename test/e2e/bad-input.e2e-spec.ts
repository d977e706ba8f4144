/**
 * Bad input over every endpoint of every service (issue 17): the whole system as its own
 * processes, every service's OpenAPI document fetched from GET /openapi.json, and cases
 * GENERATED per operation from it (missing and wrong bodies, wrong types per field, over-long
 * strings, too-long arrays, deep JSON, NUL in path, query and body, malformed, non-UUID and
 * unknown ids, wrong content types, a gzip header on a plain body, a huge body, no token, a role
 * that may not call it), plus a hand list of attacks (token forgeries, the cases issue 17 found).
 * Asserted: never a 5xx; every refusal of an API is {code, message}; the portal answers pages
 * (a readable page or a redirect); refused callers see no data; every service is healthy after.
 * The figures are printed at the end (console.log) and kept in the README.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { gzipSync } from 'node:zlib';
import { importJWK, JWK, SignJWT } from 'jose';
import { generateSigningKey, TokenIssuer } from '@inkijk/platform';
import { activeCollaboration, callJson as call, eventually, ServiceName, Stack, startStack } from '@inkijk/testing';

jest.setTimeout(900_000);

type Json = Record<string, unknown>;
type Schema = Json & { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[]; format?: string; pattern?: string; maxLength?: number; minLength?: number; maxItems?: number; minItems?: number; minimum?: number; const?: unknown; contentSchema?: Schema };
interface Parameter { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }
interface Operation { operationId: string; 'x-roles'?: string[]; security?: Array<Record<string, string[]>>; parameters?: Parameter[]; requestBody?: { required: boolean; content: Record<string, { schema: Schema }> } }
interface Doc { openapi: string; paths: Record<string, Record<string, Operation>> }

/** What a case must get besides the rules every answer keeps (no 5xx, {code, message}, no leak). */
type Expect = 'any' | '4xx' | 400 | 401 | 404 | 413 | 415 | 'refused';
interface Case {
  service: ServiceName;
  /** The operation, "POST /users/{id}/tasks", or "hand" for the hand list. */
  op: string;
  what: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | FormData;
  expect: Expect;
}
interface Answer {
  status: number;
  type: string;
  text: string;
}

const SERVICES: ServiceName[] = ['registration', 'authorization', 'query-proxy', 'audit-log', 'supplier-reporting', 'supplier-simulators', 'portal'];
const ROLES = ['WORKER', 'USER_ADMINISTRATOR', 'SECURITY_OFFICER', 'MANDATED_PERSON'] as const;
type Role = (typeof ROLES)[number];

const run = randomUUID().slice(0, 6);
const haarlem = { id: randomUUID(), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' };
const zandvoort = { id: randomUUID(), cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' };
const BSN_HAARLEM = '999990019';
const BSN_ZANDVOORT = '999990044';
/** Clear BSNs that no refusal may ever contain. */
const BSNS = [BSN_HAARLEM, BSN_ZANDVOORT];
const password = 'e2e-wachtwoord-lang-genoeg';
const OIN = '00000099000000000392';

let stack: Stack;
let issuer: TokenIssuer;
const docs = {} as Record<ServiceName, Doc>;
const tokens = {} as Record<Role, string>;
/** The portal's sessions: tokens of their own (a logout there ends only these), the worker's real login. */
const portalTokens = {} as Record<Role, string>;
const session = (role: Role) => `inkijk_sessie=${encodeURIComponent(portalTokens[role])}`;
let workerUserId: string;
let ownAdmin: { id: string; token: string };
let collaborationId: string;
const csrf: Partial<Record<Role, string>> = {};
const cases: Case[] = [];
const answers: Array<{ c: Case; a: Answer }> = [];

// ---- the world: two municipalities in one collaboration, a worker who logged in -----------------

beforeAll(async () => {
  stack = await startStack({ portal: true });
  issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  const mint = (role: Role, home = haarlem.id) => issuer.issue({ userId: `bad-input-${role.toLowerCase()}-${run}`, homeMunicipalityId: home, roles: [role], displayName: `Bad input ${role}` }, 3600);
  tokens.SECURITY_OFFICER = await mint('SECURITY_OFFICER');
  tokens.USER_ADMINISTRATOR = await mint('USER_ADMINISTRATOR');
  tokens.MANDATED_PERSON = await mint('MANDATED_PERSON');
  for (const role of ['SECURITY_OFFICER', 'USER_ADMINISTRATOR', 'MANDATED_PERSON'] as const) {
    portalTokens[role] = await issuer.issue({ userId: `bad-input-portal-${role.toLowerCase()}-${run}`, homeMunicipalityId: haarlem.id, roles: [role], displayName: `Portaal ${role}` }, 3600);
  }
  const reg = stack.urls.registration;
  const officer = tokens.SECURITY_OFFICER;
  const admin = (m: string) => issuer.issue({ userId: `bad-input-admin-${m}`, homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder' }, 3600);

  collaborationId = await activeCollaboration(reg, officer, admin, [haarlem, zandvoort]);
  expect((await call(reg, 'POST', '/users', await admin(haarlem.id), { username: `bad-input-${run}`, displayName: 'Mira Medewerker', homeMunicipalityId: haarlem.id, password, roles: ['WORKER'], permittedProducts: ['brp-persoon'] })).status).toBe(201);
  // A user administrator with an account, to try raising his own rights.
  const created = await call(reg, 'POST', '/users', officer, { username: `bad-input-beheer-${run}`, displayName: 'Beheerder', homeMunicipalityId: haarlem.id, password, roles: ['USER_ADMINISTRATOR'] });
  expect(created.status).toBe(201);
  ownAdmin = { id: created.body.id, token: await issuer.issue({ userId: created.body.id, homeMunicipalityId: haarlem.id, roles: ['USER_ADMINISTRATOR'], displayName: 'Beheerder' }, 3600) };
  for (const [m, bsn] of [[haarlem, BSN_HAARLEM], [zandvoort, BSN_ZANDVOORT]] as const) {
    expect((await call(reg, 'POST', `/municipalities/${m.id}/whitelist/import`, await admin(m.id), { bsns: [bsn], effectiveDate: '2015-01-01' })).status).toBe(200);
  }
  const login = await call(stack.urls['query-proxy'], 'POST', '/auth/login', null, { username: `bad-input-${run}`, password });
  expect(login.status).toBe(200);
  tokens.WORKER = login.body.token;
  portalTokens.WORKER = login.body.token;
  workerUserId = login.body.principal.userId;
  // The gateway and authorization know the worker and the collaboration once their read models caught up.
  for (const base of [stack.urls['query-proxy'], stack.urls.authorization]) {
    await eventually('the keuzelijst with both municipalities', async () => {
      const r = await call(base, 'GET', '/keuzelijst', tokens.WORKER);
      const list = (Array.isArray(r.body) ? r.body : r.body.municipalities) as Array<{ id: string }> | undefined;
      return r.status === 200 && list?.length === 2;
    }, { timeoutMs: 90_000 });
  }
  // One permitted query, so the audit log and the reports hold something a refusal could leak.
  const q = await call(stack.urls['query-proxy'], 'POST', '/queries', tokens.WORKER, { actingForMunicipalityId: zandvoort.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN_ZANDVOORT } });
  expect(q.status).toBe(200);

  for (const s of SERVICES) {
    const r = await fetch(`${stack.urls[s]}/openapi.json`);
    expect([s, r.status]).toEqual([s, 200]);
    docs[s] = (await r.json()) as Doc;
    expect([s, docs[s].openapi]).toEqual([s, '3.1.0']);
  }
  // The portal's forms carry the session's CSRF token: read it from a page.
  for (const [role, page] of [['WORKER', '/bevraging'], ['SECURITY_OFFICER', '/aanmeldingen']] as const) {
    const html = await (await fetch(`${stack.urls.portal}${page}`, { headers: { cookie: session(role) }, redirect: 'manual' })).text();
    csrf[role] = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect([role, csrf[role]]).toEqual([role, expect.any(String)]);
  }

  for (const s of SERVICES) for (const [path, ops] of Object.entries(docs[s].paths)) for (const [method, op] of Object.entries(ops)) generate(s, method.toUpperCase(), path, op);
  await handList();
  await runAll();
}, 900_000);

afterAll(async () => {
  await stack?.stop();
});

// ---- values that pass, to vary one thing at a time ------------------------------------------------

const SAMPLES: Array<[RegExp, string]> = [
  [/\\d\{4\}-\\d\{2\}-\\d\{2\}/, '2026-01-01'],
  [/0\[1-9\]\|1\[0-2\]/, '2026-10'],
  [/\^GM/, 'GM0999'],
  [/\\d\{20\}/, OIN],
  [/0-9a-f\]\{64\}/, 'a'.repeat(64)],
  [/0-9a-f\]\{32\}/, '0af7651916cd43dd8448eb211c80319c'],
  [/\\d\{6\}/, '123456'],
  [/\[1-9\]\\d\{0,8\}/, '1'],
  [/\\d\{4\}\[A-Z\]\{2\}/, '2011AB'],
];

/** Values by name: the collaboration of this run where one is meant; never an account of this run (no case may change one). */
function namedValue(name: string, s: Schema, template: string): unknown {
  if (/bsn|burgerservicenummer/i.test(name)) return s.type === 'array' ? [BSN_HAARLEM] : BSN_HAARLEM;
  if (/collaborationId/.test(name) || (name === 'id' && /^\/(collaborations|samenwerkingsverbanden)\//.test(template))) return collaborationId;
  if (/municipalityId|organisationId|executingOrganisationId/.test(name)) return haarlem.id;
  if (name === 'userId') return workerUserId;
  if (name === 'username' || name === 'gebruikersnaam') return `nobody-${run}`;
  if (name === 'password' || name === 'wachtwoord') return 'not-the-password-1';
  if (name === 'supplier') return 'BRP';
  if (name === 'x-origin-oin') return OIN;
  return undefined;
}

function sample(s: Schema | undefined, name = '', template = ''): unknown {
  if (!s) return 'x';
  const named = namedValue(name, s, template);
  if (named !== undefined) return named;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const options = s.anyOf ?? s.oneOf;
  if (options) return sample(options.find((o) => o.type !== 'null') ?? options[0], name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties?.[k], k)]));
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, name));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string': {
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'binary') return 'x';
      if (s.contentSchema) return JSON.stringify(sample(s.contentSchema));
      const known = s.pattern && SAMPLES.find(([re]) => re.test(s.pattern!));
      if (known) return known[1];
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    }
    default:
      return 'x';
  }
}

/** A value of another JSON type than the schema's. */
function wrongType(s: Schema): unknown {
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (s.enum || s.const !== undefined) return 12345;
  switch (type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not a list';
    case 'object':
      return ['not', 'an', 'object'];
    default:
      return undefined;
  }
}

const nest = (depth: number): unknown => (depth === 0 ? 'x' : { a: nest(depth - 1) });

// ---- generated cases --------------------------------------------------------------------------------

function tokenFor(op: Operation): Record<string, string> {
  const scheme = op.security ? Object.keys(op.security[0] ?? {})[0] : 'bearer';
  if (!scheme) return {};
  if (scheme === 'scrapeToken') return { authorization: `Bearer ${stack.metricsToken}` };
  if (scheme === 'adminToken') return { authorization: `Bearer ${stack.simulatorAdminToken}` };
  const roles = op['x-roles'] as Role[] | undefined;
  const role: Role = roles?.length ? roles[0] : 'SECURITY_OFFICER';
  if (scheme === 'session') return { cookie: session(role) };
  return { authorization: `Bearer ${tokens[role]}` };
}

function roleOf(op: Operation): Role {
  const roles = op['x-roles'] as Role[] | undefined;
  return roles?.length ? roles[0] : 'SECURITY_OFFICER';
}

/** A urlencoded form; a list is the field given once per value. */
const formOf = (fields: Json) => new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, String(x)]) : [[k, String(v)] as [string, string]]))).toString();
const jsonFieldOf = (multipart: Schema) => Object.keys(multipart.properties ?? {}).find((k) => multipart.properties![k].contentSchema);
function multipartOf(multipart: Schema, json: string | undefined, file?: Buffer, fileName = 'overeenkomst.pdf'): FormData {
  const jsonField = jsonFieldOf(multipart);
  const fileField = Object.keys(multipart.properties ?? {}).find((k) => multipart.properties![k].format === 'binary');
  const f = new FormData();
  if (jsonField && json !== undefined) f.set(jsonField, json);
  if (fileField && file) f.set(fileField, new Blob([file], { type: 'application/pdf' }), fileName);
  return f;
}

function generate(service: ServiceName, method: string, template: string, op: Operation): void {
  const name = `${method} ${template}`;
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const auth = tokenFor(op);
  const isPortal = service === 'portal';
  const headers = { ...auth, ...Object.fromEntries(headerParams.map((h) => [h.name, String(sample(h.schema, h.name))])) };
  const pathWith = (over: Record<string, string> = {}) =>
    template.replace(/\{(\w+)\}/g, (_m, n: string) => over[n] ?? encodeURIComponent(String(sample(pathParams.find((p) => p.name === n)?.schema, n, template))));
  const validPath = pathWith();
  const add = (what: string, c: Partial<Case> & { expect: Expect }) => cases.push({ service, op: name, what, method, path: validPath, headers, ...c });

  // The documented request: valid path, headers and body (JSON, form or multipart), so that a
  // refusal of a wrong role is the role's, not the input's.
  const content = op.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const formSchema = content['application/x-www-form-urlencoded']?.schema;
  const multipart = content['multipart/form-data']?.schema;
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const formToken = csrf[roleOf(op)] ?? '';
  const documented: Pick<Case, 'headers' | 'body'> = multipart
    ? { headers, body: multipartOf(multipart, JSON.stringify(sample(multipart.properties![jsonFieldOf(multipart)!].contentSchema)), pdf) }
    : jsonSchema
      ? { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(sample(jsonSchema)) }
      : formSchema
        ? { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: formOf({ _csrf: formToken, ...(sample(formSchema) as Json) }) }
        : { headers };
  add('the documented request', { ...documented, expect: 'any' });
  if (op.security?.length !== 0) {
    const { authorization: _a, cookie: _c, ...anonymous } = documented.headers!;
    add('no token', { ...documented, headers: anonymous, expect: isPortal ? 'any' : 401 });
    if (!isPortal) add('a token that is no token', { ...documented, headers: { ...anonymous, authorization: 'Bearer not.a.token' }, expect: 401 });
  }
  // A role that may not call it: refused, and no data.
  const allowed = op['x-roles'];
  if (allowed && (!op.security || Object.keys(op.security[0] ?? {})[0] !== 'scrapeToken')) {
    for (const role of ROLES.filter((r) => !allowed.includes(r))) {
      const h = isPortal ? { ...documented.headers, cookie: session(role) } : { ...documented.headers, authorization: `Bearer ${tokens[role]}` };
      add(`the role ${role}, which may not call it`, { ...documented, headers: h, expect: 'refused' });
    }
  }

  for (const p of pathParams) {
    const variants: Array<[string, string, Expect]> = [
      ['NUL', '%00', 400],
      ['a control character', 'a%1Bb', 400],
      ['an id that is not one', 'not-a-uuid', p.schema.format === 'uuid' ? '4xx' : 'any'],
      ['over-long', 'x'.repeat(300), 'any'],
      ['path traversal', '..%2F..%2Fetc%2Fpasswd', 'any'],
      ['broken percent-encoding', '%E0%A4%A', 'any'],
      ['SQL', encodeURIComponent("1' OR '1'='1"), 'any'],
    ];
    if (p.schema.format === 'uuid') variants.push(['an unknown id', randomUUID(), 'any'], ['a nil UUID', '00000000-0000-0000-0000-000000000000', 'any'], ['an upper-case UUID', randomUUID().toUpperCase(), 'any']);
    for (const [what, value, expect] of variants) add(`path ${p.name}: ${what}`, { path: pathWith({ [p.name]: value }), expect: isPortal && expect === 400 ? '4xx' : expect });
  }

  const qs = (over: Record<string, string>) => `?${Object.entries(over).map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`;
  for (const q of queryParams) {
    const s = q.schema;
    add(`query ${q.name}: NUL`, { path: validPath + qs({ [q.name]: 'a%00b' }), expect: isPortal ? '4xx' : 400 });
    add(`query ${q.name}: over-long`, { path: validPath + qs({ [q.name]: 'x'.repeat(s.maxLength ? s.maxLength + 1 : 2000) }), expect: s.maxLength || s.enum || s.pattern ? (isPortal ? 'any' : '4xx') : 'any' });
    add(`query ${q.name}: given twice`, { path: `${validPath}?${q.name}=a&${q.name}=b`, expect: 'any' });
    add(`query ${q.name}: an object`, { path: `${validPath}?${q.name}[a]=b`, expect: 'any' });
    if (s.type === 'integer' || s.type === 'number') add(`query ${q.name}: not a number`, { path: validPath + qs({ [q.name]: 'abc' }), expect: '4xx' });
    if (s.type === 'integer') add(`query ${q.name}: out of range`, { path: validPath + qs({ [q.name]: '99999999999' }), expect: '4xx' });
    if (s.format === 'uuid' || s.pattern || s.enum) add(`query ${q.name}: malformed`, { path: validPath + qs({ [q.name]: 'not-valid' }), expect: isPortal ? 'any' : '4xx' });
  }
  for (const h of headerParams) {
    const { [h.name]: _dropped, ...without } = headers;
    add(`header ${h.name}: missing`, { headers: without, expect: '4xx' });
    add(`header ${h.name}: malformed`, { headers: { ...headers, [h.name]: 'not valid; <script>' }, expect: '4xx' });
  }

  const required = op.requestBody?.required ?? false;
  if (jsonSchema) {
    const json = { ...headers, 'content-type': 'application/json' };
    const valid = sample(jsonSchema) as Json;
    const send = (what: string, body: string | Buffer, expect: Expect, extra: Record<string, string> = {}) => add(what, { headers: { ...json, ...extra }, body, expect });
    send('body: none', '', required ? '4xx' : 'any');
    send('body: null', 'null', required ? '4xx' : 'any');
    send('body: a list', '[]', '4xx');
    send('body: a string', '"text"', '4xx');
    send('body: a number', '42', '4xx');
    send('body: malformed JSON', '{"a":', 400);
    send('body: nested 40 deep', JSON.stringify({ ...valid, deep: nest(40) }), 400);
    send('body: a string of 10,001 characters', JSON.stringify({ ...valid, extra: 'x'.repeat(10_001) }), 400);
    send('body: NUL in an unknown field', JSON.stringify({ ...valid, extra: 'a\u0000b' }), 400);
    send('body: prototype pollution', `{"__proto__":{"roles":["SECURITY_OFFICER"]},"constructor":{"prototype":{"admin":true}},${JSON.stringify(valid).slice(1)}`, 'any');
    send('body: a gzip header on a plain body', JSON.stringify(valid), 415, { 'content-encoding': 'gzip' });
    send('body: br', JSON.stringify(valid), 415, { 'content-encoding': 'br' });
    send('body: really gzipped', gzipSync(JSON.stringify(valid)), 415, { 'content-encoding': 'gzip' });
    send('body: 2 MB', JSON.stringify({ ...valid, pad: Array.from({ length: 200 }, () => 'x'.repeat(9_990)) }), 'any');
    send('body: 9 MB, past every limit', JSON.stringify({ ...valid, pad: Array.from({ length: 900 }, () => 'x'.repeat(9_990)) }), 413);
    add('body: as XML', { headers: { ...headers, 'content-type': 'application/xml' }, body: '<a>1</a>', expect: required ? '4xx' : 'any' });
    add('body: JSON sent as text/plain', { headers: { ...headers, 'content-type': 'text/plain' }, body: JSON.stringify(valid), expect: 'any' });
    for (const [field, fs] of Object.entries(jsonSchema.properties ?? {})) {
      const withField = (v: unknown) => JSON.stringify({ ...valid, [field]: v });
      const wrong = wrongType(fs);
      if (wrong !== undefined) send(`body ${field}: wrong type`, withField(wrong), '4xx');
      if ((jsonSchema.required ?? []).includes(field)) {
        const { [field]: _gone, ...rest } = valid;
        send(`body ${field}: missing`, JSON.stringify(rest), '4xx');
        send(`body ${field}: null`, withField(null), '4xx');
      }
      const t = Array.isArray(fs.type) ? fs.type : [fs.type];
      if (t.includes('string') || fs.anyOf || fs.enum) {
        send(`body ${field}: NUL`, withField('a\u0000b'), 400);
        send(`body ${field}: over-long`, withField('x'.repeat(fs.maxLength ? fs.maxLength + 1 : 10_001)), '4xx');
        send(`body ${field}: unicode and markup`, withField('<script>alert(1)</script>\u202e\u{1F4A9}'), 'any');
      }
      if (t.includes('array')) {
        send(`body ${field}: too long a list`, withField(Array.from({ length: fs.maxItems ? fs.maxItems + 1 : 20_000 }, () => sample(fs.items))), '4xx');
        send(`body ${field}: a list of wrong things`, withField([{}, null, 1, 'x']), '4xx');
      }
      if (t.includes('integer') || t.includes('number')) {
        send(`body ${field}: huge number`, withField(1e308), '4xx');
        send(`body ${field}: negative`, withField(-1), 'any');
      }
    }
  }
  if (formSchema) {
    const token = formToken;
    const fields = sample(formSchema) as Json;
    const form = (over: Record<string, unknown>) => formOf({ _csrf: token, ...fields, ...over });
    const sendForm = (what: string, body: string | Buffer, expect: Expect, extra: Record<string, string> = {}) => add(what, { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', ...extra }, body, expect });
    sendForm('form: empty', '', 'any');
    sendForm('form: without the CSRF token', new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString(), 'any');
    sendForm('form: a wrong CSRF token', form({ _csrf: 'forged' }), 'any');
    sendForm('form: 5 MB', form({ pad: 'x'.repeat(5 * 1024 * 1024) }), 413);
    sendForm('form: 500 fields', form(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, 'x']))), '4xx');
    sendForm('form: a gzip header on a plain body', form({}), 415, { 'content-encoding': 'gzip' });
    add('form: as JSON', { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ _csrf: token, ...fields }), expect: 'any' });
    for (const field of Object.keys(formSchema.properties ?? {})) {
      sendForm(`form ${field}: NUL`, form({ [field]: 'a\u0000b' }), '4xx');
      sendForm(`form ${field}: over-long`, form({ [field]: 'x'.repeat(20_000) }), 'any');
      sendForm(`form ${field}: given 50 times`, form({ [field]: Array.from({ length: 50 }, () => 'x') }), 'any');
      sendForm(`form ${field}: markup`, form({ [field]: '"><script>alert(1)</script>' }), 'any');
    }
  }
  if (multipart) {
    const valid = sample(multipart.properties![jsonFieldOf(multipart)!].contentSchema) as Json;
    const mp = (json: string | undefined, file?: Buffer, fileName = 'overeenkomst.pdf') => multipartOf(multipart, json, file, fileName);
    add('multipart: nothing', { body: mp(undefined), expect: '4xx' });
    add('multipart: malformed JSON field', { body: mp('{"a":', pdf), expect: 400 });
    add('multipart: NUL in the JSON field', { body: mp(JSON.stringify({ ...valid, name: 'a\u0000b' }), pdf), expect: '4xx' });
    add('multipart: a file that is no PDF', { body: mp(JSON.stringify(valid), Buffer.from('MZ\x90\x00 not a pdf')), expect: '4xx' });
    add('multipart: a file of 11 MB', { body: mp(JSON.stringify(valid), Buffer.concat([pdf, Buffer.alloc(11 * 1024 * 1024)])), expect: '4xx' });
    add('multipart: a file name with a path', { body: mp(JSON.stringify(valid), pdf, '../../etc/passwd'), expect: 'any' });
    add('multipart: wrong types in the JSON field', { body: mp(JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, 12345]))), pdf), expect: '4xx' });
    add('multipart: a gzip header', { headers: { ...headers, 'content-encoding': 'gzip' }, body: mp(JSON.stringify(valid), pdf), expect: 415 });
  }
  const csv = content['text/csv'];
  if (csv) {
    const text = (what: string, body: string, expect: Expect) => add(what, { path: `${validPath}?effectiveDate=2026-01-01`, headers: { ...headers, 'content-type': 'text/csv' }, body, expect });
    text('csv: garbage lines', 'bsn\nnot-a-bsn\n123456789\n', '4xx');
    text('csv: NUL', `bsn\n${BSN_HAARLEM}\u0000\n`, 400);
    text('csv: without the date', `bsn\n${BSN_HAARLEM}\n`, 'any');
  }
}

// ---- the hand list ------------------------------------------------------------------------------------

async function handList(): Promise<void> {
  const hand = (service: ServiceName, what: string, method: string, path: string, expect: Expect, headers: Record<string, string> = {}, body?: string | Buffer) => cases.push({ service, op: 'hand', what, method, path, headers, body, expect });
  const claims = { sub: workerUserId, home: haarlem.id, roles: ['WORKER'], name: 'Mira' };
  const privateJwk = JSON.parse(stack.keys.signingKey) as JWK;
  const key = await importJWK(privateJwk, 'EdDSA');
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const signed = (payload: Json, opts: { iss?: string; aud?: string; iat?: number; exp?: number } = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: privateJwk.kid, typ: 'JWT' }).setIssuer(opts.iss ?? 'inkijk-login').setAudience(opts.aud ?? 'inkijk').setIssuedAt(opts.iat ?? now).setExpirationTime(opts.exp ?? now + 600).sign(key);
  const foreign = await TokenIssuer.fromJwk({ ...(await generateSigningKey(privateJwk.kid)).privateJwk });
  const [head, body, sig] = tokens.WORKER.split('.');
  const forgeries: Array<[string, string]> = [
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: 'inkijk-login', aud: 'inkijk', exp: now + 600 })}.`],
    ['a token signed with a foreign key under our key id', await foreign.issue({ userId: workerUserId, homeMunicipalityId: haarlem.id, roles: ['SECURITY_OFFICER'], displayName: 'Mallory' })],
    ['an expired token', await signed(claims, { iat: now - 7200, exp: now - 3600 })],
    ['a token for another audience', await signed(claims, { aud: 'someone-else' })],
    ['a token of another issuer', await signed(claims, { iss: 'evil-login' })],
    ['a token without a user', await signed({ home: haarlem.id, roles: ['SECURITY_OFFICER'] })],
    ['extra roles edited in without signing again', `${head}.${b64({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), roles: ['WORKER', 'SECURITY_OFFICER'] })}.${sig}`],
    ['HS256 signed with the public key (algorithm confusion)', `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iss: 'inkijk-login', aud: 'inkijk', exp: now + 600 })}.c2lnbmF0dXJl`],
    ['garbage', 'garbage'],
    ['three empty parts', '..'],
    ['a very long token', 'a'.repeat(9000)],
  ];
  const targets: Array<[ServiceName, string, string, string?]> = [
    ['registration', 'GET', `/users?municipalityId=${haarlem.id}`],
    ['registration', 'POST', `/collaborations/${collaborationId}/whitelist/query`, JSON.stringify({ bsn: BSN_HAARLEM })],
    ['authorization', 'GET', '/keuzelijst'],
    ['query-proxy', 'POST', '/queries', JSON.stringify({ actingForMunicipalityId: zandvoort.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN_ZANDVOORT } })],
    ['audit-log', 'GET', `/audit/records?municipalityId=${zandvoort.id}`],
    ['audit-log', 'POST', '/audit/data-subject/records', JSON.stringify({ bsn: BSN_ZANDVOORT })],
    ['supplier-reporting', 'GET', `/reports/generic/${zandvoort.id}/running`],
  ];
  for (const [what, token] of forgeries) {
    for (const [service, method, path, body] of targets) hand(service, `forged token: ${what}`, method, path, 401, { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body);
    hand('portal', `forged session: ${what}`, 'GET', '/bevraging', 'any', { cookie: `inkijk_sessie=${encodeURIComponent(token)}` });
  }
  for (const [service, method, path] of targets.slice(0, 3)) {
    hand(service, 'a Basic instead of a Bearer token', method, path, 401, { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` });
    hand(service, 'two tokens', method, path, 401, { authorization: `Bearer ${tokens.WORKER} Bearer ${tokens.SECURITY_OFFICER}` });
  }

  // Issue 17: "28 answers were 5xx, five causes", and the oracles and limits it found.
  const json = { 'content-type': 'application/json' };
  const officer = { authorization: `Bearer ${tokens.SECURITY_OFFICER}` };
  const worker = { authorization: `Bearer ${tokens.WORKER}` };
  for (const service of ['registration', 'query-proxy'] as const) {
    hand(service, 'issue 17: gzip on the anonymous login', 'POST', '/auth/login', 415, { ...json, 'content-encoding': 'gzip' }, '{}');
    hand(service, 'issue 17: br on the anonymous login', 'POST', '/auth/login', 415, { ...json, 'content-encoding': 'br' }, '{}');
    hand(service, 'issue 17: NUL in the login name', 'POST', '/auth/login', 400, json, JSON.stringify({ username: 'beheer\u0000.sittard', password: 'x' }));
    hand(service, 'issue 17: JSON nested 10,000 deep at the login', 'POST', '/auth/login', 400, json, '['.repeat(10_000) + ']'.repeat(10_000));
    hand(service, 'issue 17: an 8 MB JSON body at the anonymous login', 'POST', '/auth/login', '4xx', json, JSON.stringify({ username: 'x', password: 'y', pad: Array.from({ length: 850 }, () => 'x'.repeat(9_990)) }));
  }
  hand('registration', 'issue 17: %00 as an agreement hash', 'GET', `/collaborations/${collaborationId}/agreements/%00`, 400, officer);
  hand('audit-log', 'issue 17: %00 as a worker', 'GET', '/audit/workers/%00/records', 400, officer);
  hand('audit-log', 'issue 17: %00 as a chain', 'GET', '/audit/checkpoints?chain=%00', 400, officer);
  hand('supplier-reporting', 'issue 17: %00 as an organisation', 'GET', '/reports/generic/%00/2026-12', 400, officer);
  hand('supplier-reporting', 'issue 17: %00 in the protocol lines', 'GET', '/feeds/rvig/protocol/%00/2026-11', 400, officer);
  hand('supplier-reporting', 'issue 17: protocol lines of an unknown organisation', 'GET', `/feeds/rvig/protocol/${randomUUID()}/2026-10`, 404, officer);
  hand('portal', 'issue 17: the portal metrics without a token', 'GET', '/metrics', 401);
  hand('portal', 'issue 17: the portal metrics with a wrong token', 'GET', '/metrics', 'refused', { authorization: 'Bearer wrong-token-wrong-token-wrong-token' });
  hand('portal', 'issue 17: a 5 MB form on /inloggen', 'POST', '/inloggen', 413, { 'content-type': 'application/x-www-form-urlencoded' }, `gebruikersnaam=a&wachtwoord=${'x'.repeat(5 * 1024 * 1024)}`);
  hand('portal', 'issue 17: a 5 MB form on /bevraging', 'POST', '/bevraging', 413, { 'content-type': 'application/x-www-form-urlencoded', cookie: session('WORKER') }, `_csrf=${csrf.WORKER}&bsn=${'x'.repeat(5 * 1024 * 1024)}`);
  hand('portal', 'issue 17: a collaboration that is not a UUID', 'GET', '/samenwerkingsverbanden/not-a-uuid', 404, { cookie: session('SECURITY_OFFICER') });
  hand('portal', 'issue 17: a worker opens a collaboration', 'GET', `/samenwerkingsverbanden/${collaborationId}`, 'refused', { cookie: session('WORKER') });
  hand('registration', 'issue 17: a worker asks whether a BSN is on the whitelist', 'POST', `/collaborations/${collaborationId}/whitelist/query`, 'refused', { ...json, ...worker }, JSON.stringify({ bsn: BSN_HAARLEM }));
  hand('registration', 'issue 17: a worker downloads the signed agreement', 'GET', `/collaborations/${collaborationId}`, 'refused', worker);
  hand('authorization', 'issue 17: a worker evaluates itself (whitelist oracle)', 'POST', '/access/v1/evaluation', 'refused', { ...json, ...worker }, JSON.stringify({ subject: { type: 'user', id: workerUserId, properties: { homeMunicipalityId: haarlem.id } }, action: { name: 'brp-persoon' }, resource: { type: 'person', id: BSN_ZANDVOORT }, context: { actingForMunicipalityId: zandvoort.id, legalDomain: 'PARTICIPATIEWET' } }));
  const evaluation = (bsn: string) => JSON.stringify({ subject: { type: 'user', id: workerUserId, properties: { homeMunicipalityId: haarlem.id } }, action: { name: 'brp-persoon' }, resource: { type: 'person', id: bsn }, context: { actingForMunicipalityId: zandvoort.id, legalDomain: 'PARTICIPATIEWET' } });
  for (const bsn of ['123456789', '000000000']) {
    hand('authorization', `issue 17: the BSN ${bsn} (fails the BSN check)`, 'POST', '/access/v1/evaluation', 400, { ...json, ...officer }, evaluation(bsn));
    hand('audit-log', `issue 17: the BSN ${bsn} (fails the BSN check)`, 'POST', '/audit/data-subject/records', 400, { ...json, ...officer }, JSON.stringify({ bsn }));
    hand('supplier-simulators', `issue 17: the BSN ${bsn} (fails the BSN check)`, 'POST', '/uwv/inkomstenverhoudingen', 400, { ...json, 'x-origin-oin': OIN }, JSON.stringify({ burgerservicenummer: bsn }));
    hand('query-proxy', `issue 17: a query for the BSN ${bsn}`, 'POST', '/queries', '4xx', { ...json, ...worker }, JSON.stringify({ actingForMunicipalityId: zandvoort.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn } }));
  }
  hand('registration', 'issue 17: a municipality name of 100,000 characters', 'POST', '/organisations/municipalities', '4xx', { ...json, ...officer }, JSON.stringify({ cbsCode: 'GM0998', oin: '00000099000000000998', name: 'x'.repeat(100_000), validFrom: '2026-01-01' }));
  hand('registration', 'issue 17: a municipality name of 201 characters', 'POST', '/organisations/municipalities', 400, { ...json, ...officer }, JSON.stringify({ cbsCode: 'GM0998', oin: '00000099000000000998', name: 'x'.repeat(201), validFrom: '2026-01-01' }));
  hand('registration', 'issue 17: a user administrator gives himself the worker role with the escape right', 'PUT', `/users/${ownAdmin.id}/tasks`, 'refused', { ...json, authorization: `Bearer ${ownAdmin.token}` }, JSON.stringify({ roles: ['USER_ADMINISTRATOR', 'WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true }));
  // Validly signed, but claims that name nothing: a user and a home that are not ids.
  const odd = await issuer.issue({ userId: 'x', homeMunicipalityId: 'none', roles: ['SECURITY_OFFICER', 'USER_ADMINISTRATOR', 'MANDATED_PERSON', 'WORKER'], displayName: 'Odd' }, 600);
  for (const s of SERVICES.filter((x) => x !== 'portal' && x !== 'supplier-simulators')) {
    for (const [path, ops] of Object.entries(docs[s].paths)) {
      if (ops.get && !path.includes('{') && ops.get.security?.length !== 0) hand(s, `odd claims (user "x", home "none"): GET ${path}`, 'GET', path, 'any', { authorization: `Bearer ${odd}` });
    }
  }
  hand('query-proxy', 'an escape query without the escape right', 'POST', '/queries', 'refused', { ...json, ...worker }, JSON.stringify({ actingForMunicipalityId: zandvoort.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: '999990159' }, escapeReason: 'ENFORCEMENT' }));
  hand('query-proxy', 'a query for a municipality outside the keuzelijst', 'POST', '/queries', '4xx', { ...json, ...worker }, JSON.stringify({ actingForMunicipalityId: randomUUID(), product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN_ZANDVOORT } }));
  hand('audit-log', 'a worker reads a colleague', 'GET', `/audit/workers/${randomUUID()}/records`, 'refused', worker);
  hand('audit-log', 'a mandated person reads another municipality', 'GET', `/audit/records?municipalityId=${zandvoort.id}`, 'refused', { authorization: `Bearer ${tokens.MANDATED_PERSON}` });
  hand('supplier-reporting', 'a mandated person reads another organisation', 'GET', `/reports/specific/${zandvoort.id}/2026-10`, 'refused', { authorization: `Bearer ${tokens.MANDATED_PERSON}` });
  for (const service of SERVICES) {
    hand(service, 'an unknown path', 'GET', '/no/such/path', '4xx', officer);
    hand(service, 'an unknown method', 'DELETE', '/openapi.json', '4xx', officer);
    hand(service, 'a path of 4,000 characters', 'GET', `/${'a'.repeat(4000)}`, '4xx', officer);
    hand(service, 'NUL in an unknown path', 'GET', '/%00', '4xx');
    hand(service, 'metrics with a wrong scrape token', 'GET', '/metrics', 'refused', { authorization: 'Bearer wrong-token-wrong-token-wrong-token' });
    hand(service, 'a header of 12 kB', 'GET', '/openapi.json', 'any', { 'x-padding': 'x'.repeat(12_000) });
  }
}

// ---- running them -------------------------------------------------------------------------------------

/**
 * One request over node:http, which reads an answer the server gives before it has read the whole
 * body (a 413 to a body past the limit) instead of failing on the closed connection.
 */
async function send(c: Case): Promise<Answer> {
  const base = new URL(stack.urls[c.service]);
  const headers: Record<string, string> = { ...c.headers };
  let body: Buffer | undefined;
  if (c.body instanceof FormData) {
    const encoded = new Request('http://localhost/', { method: 'POST', body: c.body });
    headers['content-type'] = encoded.headers.get('content-type')!;
    body = Buffer.from(await encoded.arrayBuffer());
  } else if (c.body !== undefined && c.method !== 'GET') {
    body = Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body);
  }
  if (body) headers['content-length'] = String(body.length);
  return new Promise<Answer>((resolve) => {
    let answered = false;
    const req = http.request({ host: base.hostname, port: base.port, method: c.method, path: c.path, headers, timeout: 60_000 }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: String(e) }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', (e) => {
      // The server may have answered and closed while the body was still being written.
      setTimeout(() => answered || resolve({ status: 0, type: '', text: String(e) }), 500);
    });
    req.end(body);
  });
}

async function runAll(): Promise<void> {
  // Logging out ends a session everywhere: those cases run last, one at a time, the ones that
  // may succeed (expect 'any') after the ones that must be refused.
  const logout = (c: Case) => /uitloggen|logout/.test(c.path);
  const last = [...cases.filter((c) => logout(c) && c.expect !== 'any'), ...cases.filter((c) => logout(c) && c.expect === 'any')];
  cases.splice(0, cases.length, ...cases.filter((c) => !logout(c)), ...last);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      answers.push({ c, a: await send(c) });
    }
  };
  const end = cases.length - last.length;
  const until = async () => {
    while (next < end) {
      const c = cases[next++];
      answers.push({ c, a: await send(c) });
    }
  };
  await Promise.all(Array.from({ length: 4 }, until));
  await worker();
}

const label = ({ c, a }: { c: Case; a: Answer }) => `${c.service} ${c.op === 'hand' ? '' : `${c.op}: `}${c.what} -> ${a.status} ${a.text.slice(0, 160)}`;
const isJson = (a: Answer) => a.type.startsWith('application/json');
const parsed = (a: Answer): Json | undefined => {
  try {
    return JSON.parse(a.text) as Json;
  } catch {
    return undefined;
  }
};

describe('bad input over every endpoint of every service', () => {
  it('runs at least 500 cases, over every documented operation of every service', () => {
    expect(answers.length).toBeGreaterThanOrEqual(500);
    const missing = SERVICES.flatMap((s) => Object.entries(docs[s].paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`).filter((op) => !answers.some(({ c }) => c.service === s && c.op === op)).map((op) => `${s} ${op}`)));
    expect(missing).toEqual([]);
  });

  it('never answers with a 5xx, and always answers', () => {
    expect(answers.filter(({ a }) => a.status >= 500 || a.status === 0).map(label)).toEqual([]);
  });

  it('answers every refusal of an API with {code, message}', () => {
    const bad = answers.filter(({ c, a }) => c.service !== 'portal' && a.status >= 400).filter(({ a }) => {
      const b = parsed(a);
      return !isJson(a) || !b || typeof b.code !== 'string' || typeof b.message !== 'string' || !b.message;
    });
    expect(bad.map(label)).toEqual([]);
  });

  it('answers the portal\'s refusals with a readable page (or JSON for machines), or sends the browser on', () => {
    const bad = answers.filter(({ c, a }) => c.service === 'portal' && a.status >= 400).filter(({ a }) => {
      if (isJson(a)) return typeof parsed(a)?.code !== 'string' || typeof parsed(a)?.message !== 'string';
      return !a.type.startsWith('text/html') || !/<h1[^>]*>[^<]+/.test(a.text);
    });
    expect(bad.map(label)).toEqual([]);
    const redirects = answers.filter(({ c, a }) => c.service === 'portal' && a.status >= 300 && a.status < 400);
    expect(redirects.filter(({ a }) => a.status !== 303 && a.status !== 302)).toEqual([]);
  });

  it('answers what each case must get: 400 for NUL and depth, 401 without a valid token, 413 too large, 415 compressed', () => {
    const wrong = answers.filter(({ c, a }) => {
      switch (c.expect) {
        case 'any':
          return false;
        case '4xx':
          return a.status < 400 || a.status >= 500;
        case 'refused':
          // Refused (a page or the login for the portal): a role, token or input refusal, never the thing itself.
          return a.status < 300 || a.status >= 500 || (c.service !== 'portal' && a.status < 400);
        default:
          return a.status !== c.expect;
      }
    });
    expect(wrong.map((x) => `${label(x)} (expected ${x.c.expect})`)).toEqual([]);
  });

  it('shows a refused caller no data: no records, no clear BSN', () => {
    const leaks = answers.filter(({ c, a }) => {
      if (a.status < 300 && c.expect !== 'refused') return false;
      if (BSNS.some((b) => a.text.includes(b))) return true;
      const b = c.service === 'portal' ? undefined : parsed(a);
      return b !== undefined && Object.keys(b).some((k) => !['code', 'message', 'details'].includes(k));
    });
    expect(leaks.map(label)).toEqual([]);
  });

  it('leaves every service healthy', async () => {
    for (const s of SERVICES) {
      const r = await fetch(`${stack.urls[s]}/health/ready`);
      expect([s, r.status]).toEqual([s, 200]);
    }
  });

  afterAll(() => {
    const byService = SERVICES.map((s) => {
      const mine = answers.filter(({ c }) => c.service === s);
      const cls = (lo: number) => mine.filter(({ a }) => a.status >= lo && a.status < lo + 100).length;
      return { service: s, operations: Object.values(docs[s]?.paths ?? {}).reduce((n, ops) => n + Object.keys(ops).length, 0), cases: mine.length, '2xx': cls(200), '3xx': cls(300), '4xx': cls(400), '5xx': cls(500), 'no answer': mine.filter(({ a }) => a.status === 0).length };
    });
    const total = byService.reduce((t, r) => ({ ...t, operations: t.operations + r.operations, cases: t.cases + r.cases, '2xx': t['2xx'] + r['2xx'], '3xx': t['3xx'] + r['3xx'], '4xx': t['4xx'] + r['4xx'], '5xx': t['5xx'] + r['5xx'], 'no answer': t['no answer'] + r['no answer'] }), { service: 'total', operations: 0, cases: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, 'no answer': 0 });
    const statuses = Object.entries(answers.reduce<Record<number, number>>((m, { a }) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {})).map(([s, n]) => `${s}: ${n}`).join(', ');
    const lines = [...byService, total].map((r) => `| ${r.service} | ${r.operations} | ${r.cases} | ${r['2xx']} | ${r['3xx']} | ${r['4xx']} | ${r['5xx']} | ${r['no answer']} |`);
    console.log(['bad-input suite: cases per service and answers by status class', '| service | operations | cases | 2xx | 3xx | 4xx | 5xx | no answer |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...lines, `by status: ${statuses}`, `hand-written cases: ${answers.filter(({ c }) => c.op === 'hand').length}`].join('\n'));
  });
});
