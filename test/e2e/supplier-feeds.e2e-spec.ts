/**
 * Suppliers receive their feeds (issue 20, ADR 0020), every service as its own process against
 * the real broker and database: a worker of a collaboration queries for two municipalities; RvIG's
 * own broker principal (supplier-brp) then reads, from its protocol topic, exactly as many lines
 * per customer organisation (OIN) as the audit log holds answered BRP provisions for it; each line
 * joins the simulator's own request log by request id (same OIN, same count of person lists), as
 * RvIG would join them with its log; no line names the citizen; UWV's principal is refused on
 * RvIG's topic by the broker; and a small Java program written without the project's code
 * (test/outside/rvig-consumer: Apache Avro and the Kafka client from Maven Central, the published
 * schema, the documented framing) reads the same lines as RvIG.
 */
import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JWK } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import { isBsn, reporting, supplierPrincipal, topics } from '@inkijk/contracts';
import { codecFor, kafkaErrorTypeOf, TokenIssuer } from '@inkijk/platform';
import { activeCollaboration, brokerCredentials, callJson as call, eventually, ROOT, Stack, startStack, testBrokers } from '@inkijk/testing';

jest.setTimeout(240_000);

const run = randomUUID().slice(0, 6);
/** Test OINs (prefix 00000099) of this run only: the lines of other runs on the same topic are not ours. */
const testOin = () => `00000099${String(randomInt(0, 1e6)).padStart(6, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
const haarlem = { id: randomUUID(), cbsCode: 'GM0392', oin: testOin(), name: 'Haarlem' };
const zandvoort = { id: randomUUID(), cbsCode: 'GM0473', oin: testOin(), name: 'Zandvoort' };
const BSN_HAARLEM = '999990019';
const BSN_ZANDVOORT = '999990044';
/** A valid BSN on neither whitelist: its query is denied and calls no source. */
const BSN_ELSEWHERE = Array.from({ length: 2000 }, (_, i) => String(999990000 + i)).find((b) => isBsn(b) && b !== BSN_HAARLEM && b !== BSN_ZANDVOORT)!;
const password = 'e2e-wachtwoord-lang-genoeg';
const RVIG_TOPIC = topics.supplierProtocol.BRP.name;

let stack: Stack;
let officer: string;
let token: string;
/** When each permitted query was answered, by query id. */
const answeredAt = new Map<string, number>();

const quiet = { logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 }, connectionTimeout: 3000 };
/** A Kafka client as an outside party's own principal, with nothing of the project but its credentials. */
const as = (principal: string) => new Kafka({ ...quiet, clientId: `e2e-${principal}`, brokers: testBrokers().split(','), sasl: { mechanism: 'scram-sha-512', username: principal, password: brokerCredentials(principal).password } });

interface SeenLine {
  line: reporting.ProtocolLine;
  key: string;
  raw: Buffer;
  /** The record's timestamp: when reporting's relay produced it. */
  producedAt: number;
}

/** Reads RvIG's protocol topic as RvIG (supplier-brp), in a group of its own, until `until` holds, then 2 s more. */
async function readAsRvig(until: (lines: SeenLine[]) => boolean): Promise<SeenLine[]> {
  const consumer = as(supplierPrincipal('BRP')).consumer({ groupId: `${supplierPrincipal('BRP')}.e2e-${run}-${randomUUID().slice(0, 6)}`, allowAutoTopicCreation: false });
  const mine = new Set([haarlem.oin, zandvoort.oin]);
  const seen: SeenLine[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: RVIG_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const line = codecFor(topics.supplierProtocol.BRP).decode(message.value);
        if (mine.has(line.customerOin)) seen.push({ line, key: String(message.key), raw: message.value!, producedAt: Number(message.timestamp) });
      },
    });
    await eventually('the protocol lines of this run on the RvIG topic', async () => until(seen), { timeoutMs: 60_000, everyMs: 200 });
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** Tries to read a topic as a principal; resolves to the broker's refusal, or READ. */
async function readAs(principal: string, topic: string): Promise<string> {
  const consumer = as(principal).consumer({ groupId: `${principal}.e2e-${run}-${randomUUID().slice(0, 6)}`, allowAutoTopicCreation: false });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let failure: string | undefined;
    let joined = false;
    consumer.on(consumer.events.CRASH, (e) => (failure = kafkaErrorTypeOf(e.payload.error) ?? (e.payload.error as Error).name));
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.run({ eachMessage: async () => undefined });
    const deadline = Date.now() + 10_000;
    while (!joined && !failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return failure ?? (joined ? 'READ' : 'NO_ANSWER');
  } catch (e) {
    return kafkaErrorTypeOf(e) ?? (e as Error).name;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

const JAVA_READER = path.join(ROOT, 'test/outside/rvig-consumer');
/** Runs the outside Java reader as a principal; resolves to its exit code and output. */
async function javaReader(principal: string, topic: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const exec = (cmd: string, args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(cmd, args, { cwd: JAVA_READER, env: { ...process.env, ...env }, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr }),
      ),
    );
  if (!fs.existsSync(path.join(JAVA_READER, '.cache/libs'))) {
    const mvn = await exec('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', 'pom.xml', 'dependency:copy-dependencies']);
    if (mvn.code !== 0) throw new Error(`mvn could not fetch the reader's jars: ${mvn.stdout}${mvn.stderr}`);
  }
  return exec('java', ['-cp', '.cache/libs/*', 'RvigProtocolReader.java'], {
    BOOTSTRAP: testBrokers().split(',')[0],
    USERNAME: principal,
    PASSWORD: brokerCredentials(principal).password,
    TOPIC: topic,
    GROUP: `${principal}.java-${run}-${randomUUID().slice(0, 6)}`,
    SCHEMA: path.join(ROOT, 'contracts/schemas/reporting/ProtocolLine.v1.avsc'),
    OINS: `${haarlem.oin},${zandvoort.oin}`,
    IDLE_MS: '4000',
  });
}

interface LoggedRequest {
  supplier: string;
  requestId: string | null;
  originOin: string | null;
  requestType: string;
  status: number;
  records: number | null;
}
/** The simulators' own request log: the request-log lines of their JSON log. */
function simulatorRequestLog(): LoggedRequest[] {
  const text = fs.readFileSync(path.join(stack.logsDir, 'supplier-simulators.log'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.context === 'request-log') as unknown as LoggedRequest[];
}

/** Answered BRP provisions per customer organisation, counted from the audit log's query records. */
async function answeredBrpProvisionsInAuditLog(m: { id: string }): Promise<number> {
  const r = await call(stack.urls['audit-log'], 'GET', `/audit/records?municipalityId=${m.id}&limit=500`, officer);
  expect(r.status).toBe(200);
  const records = r.body.records as Array<{ audit?: { sources?: Array<{ supplier: string; outcome: string }> } }>;
  return records.flatMap((x) => x.audit?.sources ?? []).filter((s) => s.supplier === 'BRP' && s.outcome === 'ANSWERED').length;
}

beforeAll(async () => {
  stack = await startStack();
  const issuer = await TokenIssuer.fromJwk(JSON.parse(stack.keys.signingKey) as JWK);
  officer = await issuer.issue({ userId: `so-${run}`, homeMunicipalityId: haarlem.id, roles: ['SECURITY_OFFICER'], displayName: 'Security officer' });
  const admin = (m: string) => issuer.issue({ userId: `admin-${m}`, homeMunicipalityId: m, roles: ['USER_ADMINISTRATOR'], displayName: 'Admin' });
  const reg = stack.urls.registration;
  await activeCollaboration(reg, officer, admin, [haarlem, zandvoort]);
  expect((await call(reg, 'POST', '/users', await admin(haarlem.id), { username: `medewerker-${run}`, displayName: 'Mira Medewerker', homeMunicipalityId: haarlem.id, password, roles: ['WORKER'], permittedProducts: ['brp-persoon', 'overzicht-inkomen'] })).status).toBe(201);
  expect((await call(reg, 'POST', `/municipalities/${haarlem.id}/whitelist/import`, await admin(haarlem.id), { bsns: [BSN_HAARLEM], effectiveDate: '2015-01-01' })).status).toBe(200);
  expect((await call(reg, 'POST', `/municipalities/${zandvoort.id}/whitelist/import`, await admin(zandvoort.id), { bsns: [BSN_ZANDVOORT], effectiveDate: '2015-01-01' })).status).toBe(200);
  const login = await call(stack.urls['query-proxy'], 'POST', '/auth/login', null, { username: `medewerker-${run}`, password });
  expect(login.status).toBe(200);
  token = login.body.token;
  await eventually('the keuzelijst with both municipalities', async () => {
    const r = await call(stack.urls['query-proxy'], 'GET', '/keuzelijst', token);
    return r.status === 200 && (r.body as unknown as unknown[]).length === 2;
  }, { timeoutMs: 60_000, everyMs: 250 });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe('RvIG receives its protocol lines', () => {
  let rvigLines: SeenLine[] = [];

  it('answers queries for two municipalities: BRP pages, an overview page of other sources, and a denied query', async () => {
    const ask = async (m: { id: string }, product: string, bsn: string) => {
      const r = await call(stack.urls['query-proxy'], 'POST', '/queries', token, { actingForMunicipalityId: m.id, product, legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn } });
      if (r.status === 200) answeredAt.set(r.body.queryId, Date.now());
      return r;
    };
    for (let i = 0; i < 3; i++) expect((await ask(haarlem, 'brp-persoon', BSN_HAARLEM)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await ask(zandvoort, 'brp-persoon', BSN_ZANDVOORT)).status).toBe(200);
    expect((await ask(haarlem, 'overzicht-inkomen', BSN_HAARLEM)).status).toBe(200);
    const denied = await ask(zandvoort, 'brp-persoon', BSN_ELSEWHERE);
    expect([denied.status, denied.body.code]).toEqual([403, 'NOT_ON_WHITELIST']);
  });

  it("lets RvIG's principal read as many lines per customer organisation as the audit log has answered BRP provisions, within seconds", async () => {
    const expected = {
      [haarlem.oin]: await eventually('the audit records of Haarlem', async () => (await answeredBrpProvisionsInAuditLog(haarlem)) === 3 && 3, { timeoutMs: 60_000, everyMs: 250 }),
      [zandvoort.oin]: await eventually('the audit records of Zandvoort', async () => (await answeredBrpProvisionsInAuditLog(zandvoort)) === 2 && 2, { timeoutMs: 60_000, everyMs: 250 }),
    };
    const count = (lines: SeenLine[], oin: string) => lines.filter((l) => l.line.customerOin === oin).length;
    const lines = await readAsRvig((seen) => count(seen, haarlem.oin) >= expected[haarlem.oin] && count(seen, zandvoort.oin) >= expected[zandvoort.oin]);
    expect({ [haarlem.oin]: count(lines, haarlem.oin), [zandvoort.oin]: count(lines, zandvoort.oin) }).toEqual(expected);
    expect(new Set(lines.map((l) => l.line.lineId)).size).toBe(lines.length); // each provision once
    for (const { line, key } of lines) {
      expect(line).toMatchObject({ supplier: 'BRP', outcome: 'ANSWERED', product: 'brp-persoon', requestType: 'RaadpleegMetBurgerservicenummer', personListsProvided: 1, legalDomain: 'PARTICIPATIEWET' });
      expect(key).toBe(line.customerOin);
      expect(line.searchFields).toEqual([{ name: 'burgerservicenummer', loBrpElement: '01.01.20' }]);
      expect(answeredAt.has(line.queryId)).toBe(true);
    }
    // Within seconds: each line was on RvIG's topic a few seconds at most after its query was answered.
    const delays = lines.map((l) => l.producedAt - answeredAt.get(l.line.queryId)!);
    process.stdout.write(`protocol lines: ${lines.length}; ms from the answer to the line on the topic: ${delays.join(', ')}\n`);
    expect(Math.max(...delays)).toBeLessThan(5000);
    // No clear BSN, and not even the pseudonym: RvIG joins by request id.
    for (const { raw } of lines) for (const bsn of [BSN_HAARLEM, BSN_ZANDVOORT]) expect(raw.includes(Buffer.from(bsn))).toBe(false);

    // Each line joins the simulator's own request log by request id: same supplier, same customer, same count.
    const log = simulatorRequestLog();
    for (const { line } of lines) {
      const logged = log.filter((r) => r.requestId === line.requestId);
      expect(logged).toEqual([{ supplier: 'BRP', requestId: line.requestId, originOin: line.customerOin, requestType: line.requestType, status: 200, records: line.personListsProvided }].map((e) => expect.objectContaining(e)));
    }
    // And the other way round: every answered BRP request of this run's customers has its line.
    const answeredBrp = log.filter((r) => r.supplier === 'BRP' && r.status === 200 && r.records! > 0 && (r.originOin === haarlem.oin || r.originOin === zandvoort.oin));
    expect(answeredBrp.map((r) => r.requestId).sort()).toEqual(lines.map((l) => l.line.requestId).sort());
    rvigLines = lines;
  });

  it("reads the same lines with RvIG's own tooling: a Java program with Apache Avro, the published schema and the documented framing", async () => {
    expect(rvigLines.length).toBeGreaterThan(0);
    const java = await javaReader(supplierPrincipal('BRP'), RVIG_TOPIC);
    expect([java.code, java.stderr]).toEqual([0, '']);
    const out = java.stdout.trim().split('\n');
    expect(out[out.length - 1]).toMatch(new RegExp(`^read: ${rvigLines.length} lines, \\d+ skipped$`));
    const read = out.slice(0, -1).map((l) => JSON.parse(l) as { lineId: string; requestId: string; customerOin: string; key: string; supplier: string; personListsProvided: number });
    const byId = (a: { lineId: string }, b: { lineId: string }) => (a.lineId < b.lineId ? -1 : 1);
    expect(read.map(({ lineId, requestId, customerOin, key, supplier, personListsProvided }) => ({ lineId, requestId, customerOin, key, supplier, personListsProvided })).sort(byId)).toEqual(
      rvigLines.map(({ line, key }) => ({ lineId: line.lineId, requestId: line.requestId, customerOin: line.customerOin, key, supplier: 'BRP', personListsProvided: line.personListsProvided })).sort(byId),
    );
    // The same program as UWV: the broker refuses it.
    const uwv = await javaReader(supplierPrincipal('UWV'), RVIG_TOPIC);
    expect([uwv.code, uwv.stderr]).toEqual([3, expect.stringMatching(/^refused by the broker: TopicAuthorizationException/)]);
  });

  it("refuses UWV's principal on RvIG's topic (the broker's ACL), while RvIG's own principal reads it", async () => {
    expect(await readAs(supplierPrincipal('UWV'), RVIG_TOPIC)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await readAs(supplierPrincipal('BRP'), topics.supplierProtocol.UWV.name)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await readAs(supplierPrincipal('BRP'), RVIG_TOPIC)).toBe('READ');
  });
});
