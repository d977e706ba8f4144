/**
 * The whole system for end-to-end tests: every service as its own process (as in production),
 * on free ports, with fresh databases migrated from each service's own migrations, keys made for
 * this run only, and every span written to one file so a test can follow a query's trace.
 * The broker and the PostgreSQL server are the run's real ones (see libs/testing global setup).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSigningKey, publicJwkOf } from '@inkijk/platform';
import type { TemporaryDatabase } from '@inkijk/prisma-tools';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { kafkaEnvOf } from './broker';

export const ROOT = path.resolve(__dirname, '../../..');

export type ServiceName = 'registration' | 'authorization' | 'query-proxy' | 'audit-log' | 'supplier-reporting' | 'operations' | 'supplier-simulators' | 'portal' | 'digid-simulator' | 'citizen-portal' | 'berichtenbox-simulator';

export interface Stack {
  urls: Record<ServiceName, string>;
  keys: { signingKey: string; jwks: string; pseudonymKey: string; sealKey: string; transportKey: string; checkpointKey: string; citizenSessionKey: string; citizenJwks: string };
  /** JSON-lines file every service's spans are written to. */
  spansFile: string;
  logsDir: string;
  simulatorAdminToken: string;
  /** The scrape token of every service's GET /metrics. */
  metricsToken: string;
  /** Each database of the run, as its owner (the audit log's service connects as its own role). */
  databaseUrls: Partial<Record<ServiceName, string>>;
  /** The pid of a service's current process (undefined once it exited). */
  pid(name: ServiceName): number | undefined;
  /** Sends a service's process a signal (default SIGKILL) and resolves once it has exited. */
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a service's process again, on the same port with the same database and keys; resolves once it is ready. */
  restart(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Also start the web portal (services/portal), when it exists. */
  portal?: boolean;
  /** Also start the DigiD simulator, the citizen portal and the berichtenbox simulator (services/digid-simulator, citizen-portal, berichtenbox-simulator). */
  citizen?: boolean;
  /** Extra environment per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(name: string, url: string, proc: ChildProcess, logFile: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    try {
      const r = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '(no log)';
  throw new Error(`${name} did not become ready at ${url} (exit ${proc.exitCode}). Last log lines:\n${tail}`);
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkijk-e2e-'));
  const logsDir = path.join(runDir, 'logs');
  fs.mkdirSync(logsDir);
  const spansFile = path.join(runDir, 'spans.jsonl');

  const auth = await generateSigningKey(`e2e-${Date.now()}`);
  const citizenSession = await generateSigningKey(`e2e-citizen-${Date.now()}`);
  const keys = {
    signingKey: JSON.stringify(auth.privateJwk),
    jwks: JSON.stringify({ keys: [publicJwkOf(auth.privateJwk)] }),
    pseudonymKey: randomBytes(32).toString('base64'),
    sealKey: randomBytes(32).toString('base64'),
    transportKey: randomBytes(32).toString('base64'),
    checkpointKey: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    citizenSessionKey: JSON.stringify(citizenSession.privateJwk),
    citizenJwks: JSON.stringify(citizenSession.publicJwks),
  };
  const simulatorAdminToken = randomBytes(16).toString('hex');
  const metricsToken = randomBytes(24).toString('hex');

  const names: ServiceName[] = ['supplier-simulators', 'registration', 'authorization', 'audit-log', 'supplier-reporting', 'query-proxy', 'operations'];
  if (opts.portal && fs.existsSync(path.join(ROOT, 'services/portal/src/main.ts'))) names.push('portal');
  if (opts.citizen) names.push('digid-simulator', 'citizen-portal', 'berichtenbox-simulator');
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()] as const))) as Record<ServiceName, number>;
  const urls = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${ports[n]}`])) as Record<ServiceName, string>;

  const databases: TemporaryDatabase[] = [];
  const databaseUrls: Partial<Record<ServiceName, string>> = {};
  const migrated = async (service: ServiceName) => {
    const db = await createMigratedDatabase({ migrationsDir: path.join(ROOT, 'services', service, 'prisma/migrations'), prefix: `e2e_${service.replace(/-/g, '_')}` });
    databases.push(db);
    databaseUrls[service] = db.url;
    return db.url;
  };
  const registrationDb = await migrated('registration');
  const reportingDb = await migrated('supplier-reporting');
  // The audit log connects as its own least-privilege role, created by its migrations.
  const auditDb = (await migrated('audit-log')).replace(/\/\/[^@/]+@/, '//inkijk_audit_writer@');

  const common = { LOG_LEVEL: 'info', NODE_ENV: 'test', OTEL_TRACES_FILE: spansFile, AUTH_JWKS: keys.jwks, METRICS_TOKEN: metricsToken };
  // Every service connects as its own principal, with only the ACLs the contracts give it.
  const env: Record<ServiceName, Record<string, string>> = {
    'supplier-simulators': { SIM_ADMIN_TOKEN: simulatorAdminToken },
    registration: { ...kafkaEnvOf('registration'), DATABASE_URL: registrationDb, AUTH_SIGNING_KEY: keys.signingKey, SUBJECT_PSEUDONYM_KEY: keys.pseudonymKey },
    authorization: { ...kafkaEnvOf('authorization'), SUBJECT_PSEUDONYM_KEY: keys.pseudonymKey, BSN_TRANSPORT_KEY: keys.transportKey },
    'audit-log': { ...kafkaEnvOf('audit-log'), DATABASE_URL: auditDb, SUBJECT_PSEUDONYM_KEY: keys.pseudonymKey, AUDIT_CHECKPOINT_KEY: keys.checkpointKey, AUDIT_CHECKPOINT_INTERVAL_MS: '2000', CITIZEN_JWKS: keys.citizenJwks },
    'supplier-reporting': { ...kafkaEnvOf('supplier-reporting'), DATABASE_URL: reportingDb },
    // The security officer's dead-letter list and replay, as its own principal (contracts/src/replay.ts).
    operations: {
      ...kafkaEnvOf('operations'),
      AUDIT_LOG_URL: urls['audit-log'],
      // The status page's services: the product's own (not the simulators).
      STATUS_SERVICES: names.filter((n) => !n.endsWith('-simulator') && n !== 'supplier-simulators').map((n) => `${n}=${urls[n]}`).join(','),
    },
    'query-proxy': {
      ...kafkaEnvOf('query-proxy'),
      SUBJECT_PSEUDONYM_KEY: keys.pseudonymKey,
      AUDIT_SEAL_KEY: keys.sealKey,
      BSN_TRANSPORT_KEY: keys.transportKey,
      SUPPLIERS_URL: urls['supplier-simulators'],
      REGISTRATION_URL: urls.registration,
    },
    'digid-simulator': { DIGID_ISSUER: urls['digid-simulator'], DIGID_CLIENTS: `inkijk-citizen-portal=${urls['citizen-portal']}/auth/callback` },
    'citizen-portal': {
      CITIZEN_PORTAL_URL: urls['citizen-portal'],
      DIGID_ISSUER_URL: urls['digid-simulator'],
      CITIZEN_SESSION_KEY: keys.citizenSessionKey,
      SUBJECT_PSEUDONYM_KEY: keys.pseudonymKey,
      AUDIT_LOG_URL: urls['audit-log'],
    },
    // As the outside party it stands in for: reads the citizen notifications only (credentials looked up only when it runs).
    'berichtenbox-simulator': opts.citizen ? { ...kafkaEnvOf('berichtenbox') } : {},
    portal: {
      GATEWAY_URL: urls['query-proxy'],
      REGISTRATION_URL: urls.registration,
      AUTHORIZATION_URL: urls.authorization,
      AUDIT_LOG_URL: urls['audit-log'],
      REPORTING_URL: urls['supplier-reporting'],
      OPERATIONS_URL: urls.operations,
    },
  };

  const processes: Array<{ name: ServiceName; proc: ChildProcess }> = [];
  const launch = (name: ServiceName) => {
    const logFile = path.join(logsDir, `${name}.log`);
    const out = fs.openSync(logFile, 'a');
    const proc = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
      cwd: ROOT,
      env: { ...process.env, ...common, OTEL_SERVICE_NAME: name, HTTP_PORT: String(ports[name]), HTTP_HOST: '127.0.0.1', ...env[name], ...(opts.env?.[name] ?? {}) },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    const i = processes.findIndex((p) => p.name === name);
    if (i >= 0) processes[i] = { name, proc };
    else processes.push({ name, proc });
    return { name, proc, logFile };
  };
  const current = (name: ServiceName) => {
    const entry = processes.find((p) => p.name === name);
    if (!entry) throw new Error(`no service ${name} in this stack`);
    return entry.proc;
  };
  const exited = (proc: ChildProcess) => (proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => proc.once('exit', () => resolve())));
  const stop = async () => {
    const running = (proc: ChildProcess) => proc.exitCode === null && proc.signalCode === null;
    for (const { proc } of [...processes].reverse()) if (running(proc)) proc.kill('SIGTERM');
    await Promise.all(
      processes.map(({ proc }) =>
        !running(proc)
          ? undefined
          : new Promise<void>((resolve) => {
              const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
              proc.once('exit', () => {
                clearTimeout(killer);
                resolve();
              });
            }),
      ),
    );
    for (const db of databases) await db.drop().catch(() => undefined);
  };

  try {
    // Start in dependency order, in two waves so that two cores are not swamped at once.
    const waves: ServiceName[][] = [names.filter((n) => ['supplier-simulators', 'registration', 'authorization'].includes(n)), names.filter((n) => !['supplier-simulators', 'registration', 'authorization'].includes(n))];
    for (const wave of waves) {
      const started = wave.map(launch);
      await Promise.all(started.map((s) => waitReady(s.name, urls[s.name], s.proc, s.logFile)));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const kill = async (name: ServiceName, signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = current(name);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited(proc);
  };
  const restart = async (name: ServiceName) => {
    if (current(name).exitCode === null && current(name).signalCode === null) throw new Error(`${name} still runs (pid ${current(name).pid}): kill it first`);
    const s = launch(name);
    await waitReady(name, urls[name], s.proc, s.logFile);
  };
  const pid = (name: ServiceName) => {
    const proc = current(name);
    return proc.exitCode === null && proc.signalCode === null ? proc.pid : undefined;
  };
  return { urls, keys, spansFile, logsDir, simulatorAdminToken, metricsToken, databaseUrls, pid, kill, restart, stop };
}

/** Reads the spans written so far. */
export function readSpans(file: string): Array<{ service: string; name: string; traceId: string; spanId: string; parentSpanId: string | null; kind: number; attributes: Record<string, unknown>; links?: Array<{ traceId: string; spanId: string }> }> {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Scrapes a service's GET /metrics and parses the Prometheus text format (no comments). */
export async function scrapeMetrics(url: string, token: string): Promise<MetricSample[]> {
  const r = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`GET ${url}/metrics answered ${r.status}: ${await r.text()}`);
  const samples: MetricSample[] = [];
  for (const line of (await r.text()).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples of one metric whose labels include the given ones. */
export function metricSum(samples: MetricSample[], name: string, labels: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
}
