/**
 * From a query to its trace in the trace UI (ADR 0023), every service as its own process exporting
 * its spans to Zipkin (started by deploy/zipkin/zipkin.sh, as `npm start` does): a worker's query
 * at the gateway gets an audit record with a trace id, and Zipkin shows under that trace id (the
 * address the portal's audit page links to) the spans of the gateway, the data source and both
 * consumers of the attributed query, the audit log and reporting, without the BSN.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { JWK } from 'jose';
import { TokenIssuer } from '@inkijk/platform';
import { activeCollaboration, callJson as call, eventually, freePort, ROOT, ServiceName, Stack, startStack } from '@inkijk/testing';

jest.setTimeout(180_000);

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, 'deploy/zipkin/zipkin.sh');
const SERVICES: ServiceName[] = ['supplier-simulators', 'registration', 'authorization', 'audit-log', 'supplier-reporting', 'query-proxy', 'operations'];
const id = randomUUID().slice(0, 6);
const haarlem = { id: randomUUID(), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' };
const zandvoort = { id: randomUUID(), cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' };
const BSN = '999990019';
const password = 'e2e-wachtwoord-lang-genoeg';

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: string;
  localEndpoint?: { serviceName?: string };
}

let stack: Stack | undefined;
let officer: string;
let zipkin: string;
const zipkinEnv: NodeJS.ProcessEnv = { ...process.env, ZIPKIN_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'inkijk-zipkin-e2e-')) };

beforeAll(async () => {
  zipkinEnv.ZIPKIN_PORT = String(await freePort());
  try {
    await run('bash', [SCRIPT, 'start'], { env: zipkinEnv, timeout: 240_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`deploy/zipkin/zipkin.sh start failed (Java, Maven and Maven Central are needed for the trace UI): ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
  zipkin = (await run('bash', [SCRIPT, 'url'], { env: zipkinEnv })).stdout.trim();
  const spans = { ZIPKIN_ENDPOINT: `${zipkin}/api/v2/spans` };
  stack = await startStack({ env: Object.fromEntries(SERVICES.map((s) => [s, spans])) });

  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  officer = await issuer.issue({ userId: `so-${id}`, homeMunicipalityId: haarlem.id, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' });
  const admin = (m: string) => issuer.issue({ userId: `admin-${m}`, homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Admin' });
  const reg = stack.urls.registration;
  await activeCollaboration(reg, officer, admin, [haarlem, zandvoort]);
  expect((await call(reg, 'POST', '/users', await admin(haarlem.id), { username: `medewerker-${id}`, displayName: 'Mira Medewerker', homeMunicipalityId: haarlem.id, password, roles: ['WORKER'], permittedProducts: ['brp-persoon'] })).status).toBe(201);
  expect((await call(reg, 'POST', `/municipalities/${haarlem.id}/whitelist/import`, await admin(haarlem.id), { bsns: [BSN], effectiveDate: '2015-01-01' })).status).toBe(200);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await run('bash', [SCRIPT, 'stop'], { env: zipkinEnv }).catch(() => undefined);
  fs.rmSync(zipkinEnv.ZIPKIN_DATA_DIR!, { recursive: true, force: true });
}, 120_000);

describe('from a query to its trace in the trace UI', () => {
  it("finds, under the audit record's trace id, the spans of the gateway, the data source, the audit log and reporting", async () => {
    const gateway = stack!.urls['query-proxy'];
    const login = await call(gateway, 'POST', '/auth/login', null, { username: `medewerker-${id}`, password });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    await eventually('Haarlem in the keuzelijst', async () => {
      const r = await call(gateway, 'GET', '/keuzelijst', token);
      return r.status === 200 && (r.body as unknown as Array<{ id: string }>).some((e) => e.id === haarlem.id);
    }, { timeoutMs: 60_000, everyMs: 250 });
    const q = await call(gateway, 'POST', '/queries', token, { actingForMunicipalityId: haarlem.id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: BSN } });
    expect(q.status).toBe(200);
    const traceId = q.body.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    // The audit record carries the trace id the portal's audit page links to.
    const records = await eventually('the audit record of the query, by its trace id', async () => {
      const r = await call(stack!.urls['audit-log'], 'GET', `/audit/traces/${traceId}`, officer);
      return r.status === 200 && (r.body.records as Array<{ trace_id: string; audit: { event_id?: string } }>).some((x) => x.audit.event_id === q.body.queryId) && (r.body.records as Array<{ trace_id: string }>);
    }, { timeoutMs: 60_000, everyMs: 500 });
    expect(records.every((r) => r.trace_id === traceId)).toBe(true);

    // Zipkin's API: the data of its page /zipkin/traces/<trace id>.
    const everyService = ['query-proxy', 'supplier-simulators', 'audit-log', 'supplier-reporting'];
    const spans = await eventually('the spans of every service in Zipkin', async () => {
      const r = await fetch(`${zipkin}/api/v2/trace/${traceId}`);
      if (r.status !== 200) return undefined;
      const body = (await r.json()) as ZipkinSpan[];
      return everyService.every((s) => body.some((x) => x.localEndpoint?.serviceName === s)) && body;
    }, { timeoutMs: 45_000, everyMs: 1000 });
    const of = (service: string, name: string) => spans.find((s) => s.localEndpoint?.serviceName === service && s.name === name);
    const server = of('query-proxy', 'post /queries');
    expect(server?.kind).toBe('SERVER');
    const supplierCall = of('query-proxy', 'supplier brp');
    expect(supplierCall?.parentId).toBe(server!.id);
    expect(of('supplier-simulators', 'post /haalcentraal/api/brp/personen')?.parentId).toBe(supplierCall!.id);
    expect(of('audit-log', 'inkijk.query.attributed.v1 process')).toBeDefined();
    expect(of('supplier-reporting', 'inkijk.query.attributed.v1 process')).toBeDefined();
    expect(spans.every((s) => s.traceId === traceId)).toBe(true);
    expect(JSON.stringify(spans)).not.toContain(BSN);

    const page = await fetch(`${zipkin}/zipkin/traces/${traceId}`);
    expect(page.status).toBe(200);
  });
});
