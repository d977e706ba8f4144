/**
 * The operators' Prometheus (deploy/prometheus): Debian's package, installed by the project's own
 * script where missing (scripts/install-prometheus.sh), loads the scrape config with the token
 * file and the recording and alerting rules (`promtool check config`, `promtool check rules`),
 * and every alert fires on the series that should raise it and on nothing else
 * (`promtool test rules deploy/prometheus/alerts.test.yml`). Every metric a rule reads is one the
 * services export. And for real: Prometheus, started by deploy/prometheus/prometheus.sh, scrapes a
 * running service with the token, and when the broker is stopped the not-ready alert fires.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_PORTS, type ServiceName } from '@inkijk/contracts';
import { generateSigningKey, publicJwkOf } from '@inkijk/platform';
import { freePort, kafkaEnvOf, ROOT, startLocalKafka, testBrokerEnv } from '@inkijk/testing';

const run = promisify(execFile);
const DIR = path.join(ROOT, 'deploy/prometheus');
const SCRIPT = path.join(DIR, 'prometheus.sh');

async function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string }> {
  try {
    const r = await run(cmd, args, { env, cwd: ROOT, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}${err.message}` };
  }
}

async function installed(): Promise<void> {
  const install = await sh('bash', [path.join(ROOT, 'scripts/install-prometheus.sh')]);
  if (install.code !== 0) throw new Error(`scripts/install-prometheus.sh failed (Prometheus comes from Debian's packages: apt-get, as root):\n${install.out}`);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${last})` : ''}`);
}

describe('the Prometheus rules and config (deploy/prometheus)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkijk-prometheus-'));
  const env = { ...process.env, PROMETHEUS_DATA_DIR: dataDir, METRICS_TOKEN: randomBytes(24).toString('hex') };

  beforeAll(installed, 600_000);

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('passes promtool check config (with the token file the script writes, mode 600) and check rules', async () => {
    const prepared = await sh('bash', [SCRIPT, 'prepare'], env);
    expect(prepared.code).toBe(0);
    const token = path.join(dataDir, 'config/metrics-token');
    expect(fs.readFileSync(token, 'utf8')).toBe(env.METRICS_TOKEN);
    expect(fs.statSync(token).mode & 0o777).toBe(0o600);

    const config = await sh('promtool', ['check', 'config', path.join(dataDir, 'config/prometheus.yml')]);
    expect(config.out).toContain('is valid prometheus config file syntax');
    expect(config.out).toContain('SUCCESS: 2 rule files found');
    expect(config.code).toBe(0);

    const rules = await sh('promtool', ['check', 'rules', path.join(DIR, 'rules.yml'), path.join(DIR, 'alerts.yml')]);
    expect(rules.code).toBe(0);
    expect(rules.out).toMatch(/rules\.yml[\s\S]*SUCCESS: \d+ rules found[\s\S]*alerts\.yml[\s\S]*SUCCESS: \d+ rules found/);
  });

  it('fires every alert on the series that should raise it, and not on a healthy system (promtool test rules)', async () => {
    const r = await sh('promtool', ['test', 'rules', path.join(DIR, 'alerts.test.yml')]);
    if (r.code !== 0) throw new Error(`promtool test rules failed:\n${r.out}`);
    expect(r.out).toContain('SUCCESS');
    // Each alert has a case in the tests.
    const alerts = [...fs.readFileSync(path.join(DIR, 'alerts.yml'), 'utf8').matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    const tested = new Set([...fs.readFileSync(path.join(DIR, 'alerts.test.yml'), 'utf8').matchAll(/alertname: (\w+)/g)].map((m) => m[1]));
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    expect(alerts.filter((a) => !tested.has(a))).toEqual([]);
  });

  it("scrapes every service of npm start, with the scrape token, and reads only metrics the services export", () => {
    const config = fs.readFileSync(path.join(DIR, 'prometheus.yml'), 'utf8');
    const start = fs.readFileSync(path.join(ROOT, 'scripts/start.sh'), 'utf8');
    // The services npm start starts first (the citizen's side, ADR 0025, exports no metrics), and the portal; their ports from the one list.
    const names = [...(/^START_ORDER=\(([^)]*)\)/m.exec(start)?.[1] ?? '').matchAll(/[a-z-]+/g)].map((m) => m[0]);
    if (/START_ORDER\+=\(portal\)/.test(start)) names.push('portal');
    const services = names.map((name) => ({ name, port: SERVICE_PORTS[name as ServiceName] }));
    expect(services.length).toBeGreaterThanOrEqual(7);
    for (const s of services) expect(config).toContain(`- targets: ['127.0.0.1:${s.port}']\n        labels: { service: ${s.name} }`);
    expect(config).toMatch(/authorization:\s+type: Bearer\s+credentials_file: metrics-token/);

    // Every inkijk_ metric the rules read is created somewhere in the code (counters get _total).
    const rules = fs.readFileSync(path.join(DIR, 'rules.yml'), 'utf8') + fs.readFileSync(path.join(DIR, 'alerts.yml'), 'utf8');
    const used = new Set([...rules.matchAll(/\b(inkijk_[a-z_]+)/g)].map((m) => m[1]));
    const sources = [path.join(ROOT, 'libs/platform/src'), ...fs.readdirSync(path.join(ROOT, 'services')).map((s) => path.join(ROOT, 'services', s, 'src'))];
    const code = sources
      .filter((d) => fs.existsSync(d))
      .flatMap((d) => fs.readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => path.join(d, f)))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.includes(`${path.sep}generated${path.sep}`))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const created = new Set([...code.matchAll(/create(?:Counter|ObservableGauge|Histogram|Gauge|UpDownCounter)\('(inkijk_[a-z_]+)'/g)].map((m) => m[1]));
    const missing = [...used].filter((m) => !created.has(m) && !created.has(m.replace(/_total$/, '')));
    expect(used.size).toBeGreaterThanOrEqual(10);
    expect(missing).toEqual([]);
  });
});

describe('Prometheus scraping a running service: the not-ready alert fires when the broker stops', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkijk-prometheus-live-'));
  const token = randomBytes(24).toString('hex');
  let env: NodeJS.ProcessEnv;
  let prometheus: string;
  let service: ChildProcess | undefined;
  let serviceUrl: string;
  let brokerStopped = false;
  const log = path.join(dataDir, 'authorization.log');

  const query = async (promql: string) => {
    const r = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await r.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    if (body.status !== 'success') throw new Error(`query ${promql}: ${JSON.stringify(body)}`);
    return body.data.result;
  };
  const alerts = async () => {
    const body = (await (await fetch(`${prometheus}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ labels: Record<string, string>; state: string; annotations: Record<string, string> }> } };
    return body.data.alerts;
  };

  beforeAll(async () => {
    await installed();
    // A real service that uses the broker (authorization: its read model and request-reply server).
    const key = await generateSigningKey(`prometheus-${Date.now()}`);
    const httpPort = await freePort();
    serviceUrl = `http://127.0.0.1:${httpPort}`;
    const out = fs.openSync(log, 'a');
    service = spawn(process.execPath, ['-r', '@swc-node/register', 'services/authorization/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...kafkaEnvOf('authorization'),
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        OTEL_SERVICE_NAME: 'authorization',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        METRICS_TOKEN: token,
        AUTH_JWKS: JSON.stringify({ keys: [publicJwkOf(key.privateJwk)] }),
        SUBJECT_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
        BSN_TRANSPORT_KEY: randomBytes(32).toString('base64'),
      },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    await waitFor(
      `authorization ready at ${serviceUrl}`,
      async () => {
        if (service?.exitCode !== null) throw new Error(`exited ${service?.exitCode}: ${fs.readFileSync(log, 'utf8').slice(-2000)}`);
        return (await fetch(`${serviceUrl}/health/ready`)).ok ? true : undefined;
      },
      90_000,
      500,
    );
    // Prometheus from the same script as for npm start, scraping this service every 2 s.
    env = { ...process.env, METRICS_TOKEN: token, PROMETHEUS_DATA_DIR: dataDir, PROMETHEUS_PORT: String(await freePort()), PROMETHEUS_TARGETS: `authorization=127.0.0.1:${httpPort}`, PROMETHEUS_INTERVAL: '2s', PROMETHEUS_ALERT_FOR: '6s' };
    const started = await sh('bash', [SCRIPT, 'start'], env);
    if (started.code !== 0) throw new Error(`deploy/prometheus/prometheus.sh start failed:\n${started.out}`);
    prometheus = `http://127.0.0.1:${env.PROMETHEUS_PORT}`;
  }, 300_000);

  afterAll(async () => {
    // The tests' broker is everyone's in this run: started again whatever happened.
    if (brokerStopped) startLocalKafka();
    if (env) await sh('bash', [SCRIPT, 'stop'], env);
    if (service && service.exitCode === null) {
      const exited = new Promise((r) => service!.once('exit', r));
      service.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);

  it('scrapes the service with the token (up, ready), then raises InkijkServiceNotReady for its broker connection once the broker is gone', async () => {
    const ready = await waitFor('the scraped readiness of authorization in Prometheus', async () => {
      const r = await query('inkijk_ready{job="inkijk",service="authorization",check="kafka"}');
      return r.length === 1 ? r : undefined;
    }, 30_000);
    expect(ready[0].value[1]).toBe('1');
    expect((await query('up{job="inkijk",service="authorization"}'))[0].value[1]).toBe('1');
    expect((await alerts()).filter((a) => a.labels.alertname === 'InkijkServiceNotReady')).toEqual([]);

    const stop = await sh('bash', [path.join(ROOT, 'deploy/kafka/stop.sh')], { ...process.env, ...testBrokerEnv() });
    brokerStopped = true;
    expect(stop.code).toBe(0);

    const firing = await waitFor('InkijkServiceNotReady firing', async () => {
      const a = (await alerts()).find((x) => x.labels.alertname === 'InkijkServiceNotReady' && x.labels.check === 'kafka' && x.state === 'firing');
      return a;
    }, 150_000, 2000);
    expect(firing.labels).toMatchObject({ service: 'authorization', severity: 'critical' });
    expect(firing.annotations.summary).toBe('authorization is not ready: kafka is down');
    // Only the broker is gone: the service itself still answers its scrape.
    expect((await query('up{job="inkijk",service="authorization"}'))[0].value[1]).toBe('1');
  }, 240_000);
});
