/**
 * The whole system on one node (issue 25, ratio 6): every service running as `npm start` runs
 * them (with the broker, PostgreSQL, the trace UI and Prometheus), loaded from outside with
 * Debian's wrk, against the bare path: a bare reverse proxy (services/query-proxy/bench/
 * bare-proxy.ts) in front of the same simulators, loaded the same way, in the same run.
 *   npm run bench -- system
 *
 * Uses the running system when the gateway answers on :3000; otherwise starts `scripts/start.sh`
 * itself and stops it at the end. It queries as the demo worker medewerker.haarlem (brp-persoon,
 * acting for Haarlem and Zandvoort in turn, BSNs on their caseloads), so the demo's audit log and
 * reports gain these queries.
 * Per path: answered queries/s, p50/p99 as wrk sees them, and the CPU milliseconds per answered
 * query of every process of the path (from /proc), the sum, and the ratio of the sums.
 * Env: BENCH_CONNECTIONS (default 50), BENCH_SECONDS (default 15), BENCH_WARMUP_SECONDS (5),
 * BENCH_SETTLE_SECONDS (after starting the system itself, default 20). KAFKA_CONSUMER_GATHER_MS
 * and the services' other settings pass through to the system it starts (A/B by two runs).
 * Prints figures; asserts nothing.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CASELOADS, municipality } from '@inkijk/demo-world';
import { printTable, processCpuSeconds, recordRatios } from '@inkijk/testing';

const ROOT = path.resolve(__dirname, '../..');
const GATEWAY = 'http://127.0.0.1:3000';
const SIMULATORS = 'http://127.0.0.1:3090';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const SETTLE = Number(process.env.BENCH_SETTLE_SECONDS ?? 20);
const OUT = path.join(ROOT, '.data/bench');
/** What scripts/lib.sh's use_test_broker sets (scripts/bench.sh does). */
const TEST_BROKER_ENV = ['KAFKA_PORT', 'KAFKA_CONTROLLER_PORT', 'KAFKA_DATA_DIR', 'KAFKA_BROKERS', 'KAFKA_CREDENTIALS_FILE'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ready = (url: string) => fetch(`${url}/health/ready`).then((r) => r.ok, () => false);

async function until(what: string, cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

// ---- processes and their CPU --------------------------------------------------------------------

/** What a process is, from its command line; null for processes that are not the system's. */
function roleOf(pid: string): string | null {
  let cmd: string;
  let comm: string;
  try {
    cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
  const service = /services\/([a-z-]+)\/src\/main\.ts/.exec(cmd);
  if (service) return service[1];
  if (cmd.includes('bare-proxy.ts')) return 'bare proxy';
  if (comm === 'postgres') return 'postgresql';
  if (comm === 'prometheus') return 'prometheus';
  if (cmd.includes('zipkin')) return 'zipkin';
  // The demo broker (deploy/kafka, .data/kafka); the tests' own broker idles and is left out.
  if (cmd.includes('kafka.Kafka') && !cmd.includes('/test')) return 'broker';
  return null;
}

/** CPU seconds (user + system) per process of the system, by pid. */
function snapshot(): Map<string, { role: string; cpu: number }> {
  const out = new Map<string, { role: string; cpu: number }>();
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const role = roleOf(pid);
    if (!role) continue;
    const cpu = processCpuSeconds(pid);
    if (!Number.isNaN(cpu)) out.set(pid, { role, cpu }); // else gone meanwhile
  }
  return out;
}

/** CPU seconds per role between two snapshots (a process born in between counts from zero). */
function cpuByRole(before: Map<string, { role: string; cpu: number }>, after: Map<string, { role: string; cpu: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pid, a] of after) out.set(a.role, (out.get(a.role) ?? 0) + a.cpu - (before.get(pid)?.cpu ?? 0));
  return out;
}

function machineBusy(): number {
  const n = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (n.reduce((a, b) => a + b, 0) - n[3] - n[4]) / 100;
}

// ---- load with wrk ---------------------------------------------------------------------------------

interface WrkResult {
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** A wrk script that POSTs the given bodies in turn and prints its summary as JSON. */
function wrkScript(file: string, token: string, bodies: string[]): void {
  const lua = [
    'wrk.method = "POST"',
    'wrk.headers["content-type"] = "application/json"',
    `wrk.headers["authorization"] = "Bearer ${token}"`,
    `local bodies = { ${bodies.map((b) => `[[${b}]]`).join(', ')} }`,
    'local i = 0',
    'request = function() i = i % #bodies + 1; return wrk.format(nil, nil, nil, bodies[i]) end',
    'done = function(s, latency, r)',
    '  local e = s.errors',
    '  io.write(string.format(\'WRK {"requests":%d,"non2xx":%d,"errors":%d,"seconds":%f,"p50":%f,"p99":%f}\\n\', s.requests, e.status, e.connect + e.read + e.write + e.timeout, s.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))',
    'end',
  ].join('\n');
  fs.writeFileSync(file, lua, { mode: 0o600 });
}

function wrk(url: string, script: string, seconds: number): WrkResult {
  const out = execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith('WRK '));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  return JSON.parse(line.slice(4)) as WrkResult;
}

interface PathFigures {
  name: string;
  result: WrkResult;
  cpu: Map<string, number>;
  machine: number;
}

async function measure(name: string, url: string, script: string): Promise<PathFigures> {
  wrk(url, script, WARMUP);
  const before = snapshot();
  const busy = machineBusy();
  const result = wrk(url, script, SECONDS);
  const cpu = cpuByRole(before, snapshot());
  return { name, result, cpu, machine: machineBusy() - busy };
}

// ---- the run ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  execFileSync('bash', [path.join(ROOT, 'scripts/install-wrk.sh')], { stdio: 'inherit' });
  fs.mkdirSync(OUT, { recursive: true });
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  let system: ChildProcess | undefined;
  if (!(await ready(GATEWAY))) {
    console.log('starting the whole system (scripts/start.sh) ...');
    // The demo's own broker (deploy/kafka, .data/kafka), not the tests' one `npm run bench` points at.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !TEST_BROKER_ENV.includes(k)));
    system = spawn('bash', [path.join(ROOT, 'scripts/start.sh')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let started = false;
    system.stdout!.on('data', (c: Buffer) => { if (c.toString().includes('one-login Inkijk is running')) started = true; });
    await until('the whole system (scripts/start.sh)', async () => started, 600_000);
    // The demo's seeding and the consumers' first catch-up are not the load measured here.
    console.log(`letting the system settle for ${SETTLE} s ...`);
    await sleep(SETTLE * 1000);
  }
  const children: ChildProcess[] = [];
  try {
    const login = await fetch(`${GATEWAY}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'medewerker.haarlem', password: 'inkijk-demo-2026' }) });
    const { token } = (await login.json()) as { token?: string };
    if (!token) throw new Error(`the demo login answered ${login.status}`);
    const bodies = (['haarlem', 'zandvoort'] as const).flatMap((m) =>
      CASELOADS[m].map((bsn) => JSON.stringify({ actingForMunicipalityId: municipality(m).id, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn } })),
    );
    const check = await fetch(`${GATEWAY}/queries`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: bodies[0] });
    if (check.status !== 200) throw new Error(`a permitted demo query answered ${check.status}: ${(await check.text()).slice(0, 300)}`);
    const script = path.join(OUT, 'system-queries.lua');
    wrkScript(script, token, bodies);

    const whole = await measure('whole system (npm start)', `${GATEWAY}/queries`, script);

    const port = 3990;
    const bare = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'services/query-proxy/bench/bare-proxy.ts')], { cwd: ROOT, env: { ...process.env, HTTP_PORT: String(port), SUPPLIERS_URL: SIMULATORS }, stdio: 'inherit' });
    children.push(bare);
    await until('the bare proxy', () => ready(`http://127.0.0.1:${port}`), 60_000);
    const barePath = await measure('bare path (proxy + simulators)', `http://127.0.0.1:${port}/queries`, script);

    const answered = (p: PathFigures) => p.result.requests - p.result.non2xx - p.result.errors;
    const perQuery = (p: PathFigures, cpuS: number) => (cpuS * 1000) / Math.max(1, answered(p));
    const roles = (p: PathFigures, only?: string[]) => [...p.cpu].filter(([role]) => !only || only.includes(role)).sort((a, b) => b[1] - a[1]);
    const sum = (p: PathFigures, only?: string[]) => roles(p, only).reduce((a, [, c]) => a + c, 0);
    const bareRoles = ['bare proxy', 'supplier-simulators'];
    printTable(`the whole system and the bare path, loaded with wrk (-c${CONNECTIONS}, ${SECONDS} s after ${WARMUP} s warm-up), POST /queries brp-persoon`, [whole, barePath].map((p) => ({
      path: p.name,
      'answered/s': Math.round(answered(p) / p.result.seconds),
      'non-2xx': p.result.non2xx,
      errors: p.result.errors,
      'p50 ms': p.result.p50.toFixed(1),
      'p99 ms': p.result.p99.toFixed(1),
      'all its processes ms/q': perQuery(p, sum(p, p === barePath ? bareRoles : undefined)).toFixed(2),
      'machine busy ms/q': perQuery(p, p.machine).toFixed(2),
    })));
    printTable('CPU milliseconds per answered query, by process (whole system)', roles(whole).map(([role, cpu]) => ({ process: role, 'ms/q': perQuery(whole, cpu).toFixed(3), 'share of a core': `${Math.round((cpu / whole.result.seconds) * 100)}%` })));
    printTable('CPU milliseconds per answered query, by process (bare path)', roles(barePath, bareRoles).map(([role, cpu]) => ({ process: role, 'ms/q': perQuery(barePath, cpu).toFixed(3) })));
    const ratio = perQuery(whole, sum(whole)) / perQuery(barePath, sum(barePath, bareRoles));
    recordRatios(ROOT, 'system', [
      { id: '6', ratio: 'whole system: CPU of all processes per query / bare path (proxy + simulators)', value: ratio, target: '<= 3', figures: `${perQuery(whole, sum(whole)).toFixed(2)} / ${perQuery(barePath, sum(barePath, bareRoles)).toFixed(2)} ms (${Math.round(answered(whole) / whole.result.seconds)} / ${Math.round(answered(barePath) / barePath.result.seconds)} q/s)` },
    ]);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    if (system?.pid) {
      process.kill(-system.pid, 'SIGTERM');
      await new Promise((r) => system!.once('exit', r));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
