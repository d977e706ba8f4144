/**
 * Gateway throughput with the whole stack on this machine: the real broker, the supplier
 * simulators, the gateway replicas each as their own process, and the load generator here.
 *   npm run bench -- gateway
 *
 * 1. Publishes a registered world with fresh ids for this run (3 municipalities in one
 *    activated collaboration, 40 workers of the first, 25 whitelisted BSNs per municipality) to
 *    the REAL catalogue registration topics: the gateway reads the catalogue's topics, and its
 *    configuration is not bent for a benchmark. Those records stay (compacted or retained
 *    topics); their ids are unique to this run, so they touch no one else's world.
 * 2. Starts the simulators and, per configuration (ATTRIBUTION_LOG=on and =off), BENCH_REPLICAS
 *    gateway processes (default 1; the gateway scales out by replicas, each with its own read
 *    model, ADR 0007), with keys generated here, and waits until each replica's /health/ready
 *    is 200 (read model caught up). With more than one, the load generator spreads its
 *    connections over the replicas, as a load balancer in front of them would. On this 2-core
 *    machine a second replica only competes with the broker and the simulators for the same
 *    cores (measured: +2 % queries/s, +25 % gateway CPU per query).
 * 3. Warms the gateways up, then two kinds of rows, each sending permitted POST /queries
 *    (product brp-persoon, acting for each municipality of the keuzelijst in turn, a BSN on its
 *    whitelist) over keep-alive HTTP:
 *    - closed loop, per concurrency level: N virtual workers, each sending its next query as
 *      soon as the last one answered (the most the stack does; latency is mostly queueing);
 *    - open loop, per arrival rate: queries sent on a fixed schedule whatever the answers, and
 *      latency counted from the scheduled moment (no coordinated omission): the latency a
 *      worker sees while the stack carries that load.
 *    Logging on and logging off take turns in short slices (on, off, on, off, ...) so the
 *    background load of this shared machine falls on both alike; the ratio on/off is
 *    measured in one run. Per row: queries/s (2xx only; non-2xx counted apart), p50/p99
 *    latency as the load generator sees it, and CPU per answered query of every process.
 * Every query records its decision (in-process authorization) and, with logging on, its
 * attributed event, through the gateway's one shared-batch DurableSender (acks=all), on the
 * real decisions and attributed-queries topics.
 * 4. The floor (issue 25): a bare reverse proxy (bench/bare-proxy.ts: Fastify, no auth, no log,
 *    the gateway's own kept-alive client) to the same simulator takes its turn in every slice
 *    too, and the run ends with the ratios of issue 25, each measured in this one run:
 *    throughput and CPU per query against the bare proxy; the highest open-loop rate with
 *    p99 < 50 ms as a share of the closed-loop maximum; CPU per query at about a third of
 *    capacity against saturation; logging on/off in every row.
 * The open-loop rates are fractions of the closed-loop maximum with logging on measured just
 * before (BENCH_RATE_FRACTIONS), so the tail is read at the same share of capacity on a fast
 * and on a slow machine; BENCH_RATES (queries/s) overrides them with fixed rates.
 * A/B in one run: BENCH_BASELINE=<git revision> adds that revision's gateway (logging on), taken
 * from `git archive` into a temporary folder with this checkout's node_modules, as one more
 * configuration in every slice, and prints its figures beside this commit's: a lever is kept
 * only if it pays against the commit before it, measured under the same load.
 * Env: BENCH_CONCURRENCY (default "20,50,100"), BENCH_RATE_FRACTIONS (default "0.33,0.5,0.6,0.75"),
 * BENCH_RATES (fixed queries/s instead),
 * BENCH_REPLICAS (default 1), BENCH_SECONDS (measured seconds per row, default 20),
 * BENCH_SLICES (default 4), BENCH_WARMUP_SECONDS (first warm-up, default 3),
 * BENCH_CPU_PROFILE=1 (writes .cpuprofile files of the gateways and simulators to .data/bench),
 * BENCH_GATEWAY_NODE_OPTIONS (node options for this checkout's gateways only: with
 * BENCH_BASELINE=HEAD, an A/B of a runtime flag).
 * Prints figures; asserts nothing.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { topics } from '@inkijk/contracts';
import type { registration } from '@inkijk/contracts';
import { RegistrationStory } from '@inkijk/authorization-rules/testing';
import { generateSigningKey, KafkaPlatform, TokenIssuer } from '@inkijk/platform';
import type { LoopSecond } from './loop-monitor';
import { baselineTree, localKafkaPid, percentile, processCpuSeconds, printTable, recordRatios, testKafka, kafkaEnvOf } from '@inkijk/testing';

const ROOT = path.resolve(__dirname, '../../..');
const { brokers, credentials } = testKafka();
const run = randomUUID().slice(0, 8);
const numbers = (v: string) => v.split(',').map(Number).filter((n) => n > 0);
const LEVELS = numbers(process.env.BENCH_CONCURRENCY ?? '20,50,100');
const FIXED_RATES = process.env.BENCH_RATES ? numbers(process.env.BENCH_RATES) : null;
const RATE_FRACTIONS = numbers(process.env.BENCH_RATE_FRACTIONS ?? '0.33,0.5,0.6,0.75');
const REPLICAS = Math.max(1, Number(process.env.BENCH_REPLICAS ?? 1));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const SLICES = Math.max(1, Number(process.env.BENCH_SLICES ?? 4));
/** Warm-up of each slice (connections open, the other configuration's queue drained). */
const SLICE_WARMUP = 1;
const PROFILE = process.env.BENCH_CPU_PROFILE === '1';
/** Node options for this checkout's gateways only (not the baseline's): A/B of a runtime flag against BENCH_BASELINE=HEAD. */
const NODE_OPTIONS = process.env.BENCH_GATEWAY_NODE_OPTIONS;
const BASELINE = process.env.BENCH_BASELINE;
const WORKERS = 40;
const BSNS_PER_MUNICIPALITY = 25;

// ---- the registered world of this run -------------------------------------------------------

/** RegistrationStory with municipality ids (and OINs, CBS codes) fresh for this run. */
class BenchWorld extends RegistrationStory {
  private n = 0;

  override municipality(_cbsCode: string, name: string): string {
    const id = randomUUID();
    const seq = String(++this.n).padStart(2, '0');
    this.organisations.push({
      eventId: randomUUID(), occurredAt: Date.now(), organisationId: id, kind: 'MUNICIPALITY', cbsCode: `GM99${seq}`,
      oin: `00000099${String(Date.now()).slice(-10)}${seq}`, name, validFrom: '2000-01-01', validTo: null,
    } satisfies registration.OrganisationEvent);
    return id;
  }
}

/** Valid BSNs (11-proef) from the simulators' range, a different slice per municipality. */
function validBsns(from: number, count: number): string[] {
  const out: string[] = [];
  const w = [9, 8, 7, 6, 5, 4, 3, 2, -1];
  for (let n = from; out.length < count; n++) {
    const s = String(n);
    if (w.reduce((a, x, i) => a + x * Number(s[i]), 0) % 11 === 0) out.push(s);
  }
  return out;
}

interface World {
  story: BenchWorld;
  municipalities: string[];
  workers: { userId: string; home: string }[];
  whitelist: Map<string, string[]>;
}

function buildWorld(): World {
  const story = new BenchWorld();
  const municipalities = ['Benchstad', 'Laststad', 'Meetdorp'].map((name) => story.municipality('', `${name} ${run}`));
  const collaboration = randomUUID();
  story
    .collaboration(collaboration, {
      name: `Bench samenwerking ${run}`, legalDomains: ['PARTICIPATIEWET', 'IOAW', 'IOAZ'], effectiveFrom: '2020-01-01',
      members: municipalities.map((m) => ({ municipalityId: m, from: '2020-01-01' })),
    })
    .approve(collaboration, ...municipalities)
    .activate(collaboration, '2020-01-01');
  const workers = Array.from({ length: WORKERS }, () => ({ userId: `bench-${run}-${randomUUID().slice(0, 8)}`, home: municipalities[0] }));
  for (const w of workers) story.user(w.userId, { home: w.home, products: ['brp-persoon'] });
  const whitelist = new Map<string, string[]>();
  municipalities.forEach((m, i) => {
    const bsns = validBsns(999990000 + i * 500, BSNS_PER_MUNICIPALITY);
    whitelist.set(m, bsns);
    for (const b of bsns) story.whitelisted(m, b, '2020-01-01');
  });
  return { story, municipalities, workers, whitelist };
}

async function publishWorld(platform: KafkaPlatform, world: World): Promise<number> {
  const s = world.story;
  const sends = [
    ...s.organisations.map((e) => platform.producerFor(topics.organisations).send(e)),
    ...s.collaborations.map((e) => platform.producerFor(topics.collaborations).send(e)),
    ...s.users.map((e) => platform.producerFor(topics.users).send(e)),
    ...s.whitelist.map((e) => platform.producerFor(topics.whitelist).send(e)),
  ];
  // One DurableSender: the records leave in the order given (idempotent, one in flight).
  await Promise.all(sends);
  return sends.length;
}

// ---- processes --------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function until(what: string, cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const children: ChildProcess[] = [];

function start(name: string, script: string, env: Record<string, string>, preload: string[] = [], cwd = ROOT): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...preload.flatMap((p) => ['-r', p]), script], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).map((l) => `[${name}] ${l}`).join('\n') + '\n';
  child.stdout!.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[${name}] exited early (code ${code}, signal ${signal})`);
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stopAll(): Promise<void> {
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
          c.once('exit', () => { clearTimeout(t); resolve(); });
          c.kill('SIGTERM');
        }),
    ),
  );
}

/** Busy and total jiffies of the whole machine. */
function machineCpu(): { busy: number; total: number } {
  const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = v.map(Number);
  const idle = n[3] + n[4];
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}


// ---- load -------------------------------------------------------------------------------------

/** One configuration (logging on or off): its replicas. */
interface Target {
  name: string;
  ports: number[];
  children: ChildProcess[];
  /** The names of its processes' loop-monitor files. */
  monitors?: string[];
}

interface Call {
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

function post(agent: http.Agent, port: number, call: Call): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({ agent, host: '127.0.0.1', port, method: 'POST', path: '/queries', headers: call.headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(-1));
    });
    req.on('error', () => resolve(-1));
    req.end(call.body);
  });
}

/** The figures of one configuration in one row, summed over its slices. */
class Tally {
  ok = 0;
  /** Every answer, warm-up included (for CPU per query). */
  all = 0;
  /** Open loop: queries scheduled in the measured part. */
  offered = 0;
  readonly failed = new Map<number, number>();
  latencies: number[] = [];
  measuredS = 0;
  wallS = 0;
  /** The slices' spans of time (ms since the epoch), for the processes' loop-monitor seconds. */
  readonly windows: Array<[number, number]> = [];
  /** CPU seconds over all slices, warm-ups included. */
  readonly cpu = { gateway: 0, simulators: 0, broker: 0, loadGenerator: 0, machine: 0 };

  count(status: number, latencyMs: number): void {
    if (status >= 200 && status < 300) {
      this.ok++;
      this.latencies.push(latencyMs);
    } else {
      this.failed.set(status, (this.failed.get(status) ?? 0) + 1);
    }
  }
}

/** Keep-alive agents, one per replica, each with room for `sockets` connections. */
function agentsFor(target: Target, sockets: number): http.Agent[] {
  return target.ports.map(() => new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets }));
}

/**
 * One closed-loop slice: `concurrency` virtual workers spread over the replicas, each sending its
 * next query as soon as the last one answered; answers during the warm-up are not measured.
 */
async function closedLoop(target: Target, calls: Call[], concurrency: number, warmupS: number, measureS: number, into: Tally): Promise<void> {
  const agents = agentsFor(target, Math.ceil(concurrency / target.ports.length));
  const t0 = performance.now();
  const measureFrom = t0 + warmupS * 1000;
  const end = measureFrom + measureS * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const r = w % target.ports.length;
      for (;;) {
        const started = performance.now();
        if (started >= end) return;
        const status = await post(agents[r], target.ports[r], calls[next++ % calls.length]);
        const done = performance.now();
        into.all++;
        if (started >= measureFrom && done <= end) into.count(status, done - started);
      }
    }),
  );
  for (const a of agents) a.destroy();
  into.measuredS += measureS;
}

/**
 * One open-loop slice: queries sent at `rate` per second on a fixed schedule, round robin over
 * the replicas, whether or not earlier ones have answered. Latency runs from the scheduled
 * moment, so a stalled stack shows as latency, not as fewer samples.
 */
async function openLoop(target: Target, calls: Call[], rate: number, warmupS: number, measureS: number, into: Tally): Promise<void> {
  const agents = agentsFor(target, 512);
  const t0 = performance.now();
  const measureFrom = t0 + warmupS * 1000;
  const end = measureFrom + measureS * 1000;
  const pending: Promise<void>[] = [];
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(Math.floor(((Math.min(now, end) - t0) / 1000) * rate), Math.floor(((end - t0) / 1000) * rate));
      for (; sent < due; sent++) {
        const scheduled = t0 + (sent / rate) * 1000;
        const measured = scheduled >= measureFrom;
        if (measured) into.offered++;
        const r = sent % target.ports.length;
        pending.push(
          post(agents[r], target.ports[r], calls[sent % calls.length]).then((status) => {
            into.all++;
            if (measured) into.count(status, performance.now() - scheduled);
          }),
        );
      }
      if (now >= end) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  for (const a of agents) a.destroy();
  into.measuredS += measureS;
}

// ---- the run ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, broker ${brokers}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const key = await generateSigningKey(`bench-${run}`);
  const issuer = await TokenIssuer.fromJwk(key.privateJwk);
  const secret = () => randomBytes(32).toString('base64');
  const keys = { SUBJECT_PSEUDONYM_KEY: secret(), AUDIT_SEAL_KEY: secret(), BSN_TRANSPORT_KEY: secret() };

  // 1. The world, on the real registration topics, before the gateways start (so "ready" includes it).
  const world = buildWorld();
  const platform = await KafkaPlatform.connect({ clientId: `gateway-bench-${run}`, brokers, credentials, sender: { sendTimeoutMs: 30_000 } });
  const published = await publishWorld(platform, world);
  await platform.close();
  console.log(`published a world of ${published} registration events with ids of run ${run}`);

  // 2. The processes.
  const simPort = await freePort();
  const profileDir = path.join(ROOT, '.data/bench');
  /** The loop-monitor seconds of the named processes that lie wholly inside the windows. */
  const loopSeconds = (names: string[], windows: Array<[number, number]>): LoopSecond[] =>
    names.flatMap((name) => {
      const file = loopFiles.get(name);
      if (!file || !fs.existsSync(file)) return [];
      return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LoopSecond).filter((x) => windows.some(([from, to]) => x.t - 1000 >= from && x.t <= to));
    });
  const profiles: { child: ChildProcess; file: string }[] = [];
  fs.mkdirSync(profileDir, { recursive: true });
  /** Each process's event-loop and GC seconds (loop-monitor.ts), by the process's name. */
  const loopFiles = new Map<string, string>();
  const profiled = (name: string, env: Record<string, string>): { env: Record<string, string>; preload: string[]; file?: string } => {
    const loopFile = path.join(profileDir, `loop-${name}-${run}.jsonl`);
    loopFiles.set(name, loopFile);
    const monitored = { env: { ...env, LOOP_MONITOR_FILE: loopFile }, preload: [path.join(__dirname, 'loop-monitor.ts')] };
    if (!PROFILE) return monitored;
    const file = path.join(profileDir, `${name}-${run}.cpuprofile`);
    return { env: { ...monitored.env, CPU_PROFILE_FILE: file }, preload: [...monitored.preload, path.join(__dirname, 'cpu-profiler.ts')], file };
  };
  const simStart = profiled('simulators', { HTTP_PORT: String(simPort), LOG_LEVEL: 'warn' });
  const sims = start('simulators', 'services/supplier-simulators/src/main.ts', simStart.env, simStart.preload);
  if (simStart.file) profiles.push({ child: sims, file: simStart.file });
  const simUrl = `http://127.0.0.1:${simPort}`;
  await until('the simulators', () => fetch(`${simUrl}/health/live`).then((r) => r.ok, () => false), 120_000);

  const gateways: Target[] = [];
  for (const log of ['on', 'off'] as const) {
    const target: Target = { name: `logging ${log}`, ports: [], children: [], monitors: [] };
    for (let r = 0; r < REPLICAS; r++) {
      const port = await freePort();
      const env = {
        HTTP_PORT: String(port), ATTRIBUTION_LOG: log, AUTH_JWKS: JSON.stringify(key.publicJwks), ...keys, SUPPLIERS_URL: simUrl, LOG_LEVEL: 'warn', ...kafkaEnvOf('query-proxy'),
        ...(NODE_OPTIONS ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${NODE_OPTIONS}`.trim() } : {}),
      };
      const p = profiled(`gateway-${log}-${r + 1}`, env);
      target.monitors!.push(`gateway-${log}-${r + 1}`);
      const child = start(`gateway ${log} ${r + 1}`, 'services/query-proxy/src/main.ts', p.env, p.preload);
      if (p.file) profiles.push({ child, file: p.file });
      target.ports.push(port);
      target.children.push(child);
    }
    gateways.push(target);
  }
  {
    const port = await freePort();
    const p = profiled('bare-proxy', { HTTP_PORT: String(port), SUPPLIERS_URL: simUrl });
    const child = start('bare proxy', path.join(__dirname, 'bare-proxy.ts'), p.env, p.preload);
    if (p.file) profiles.push({ child, file: p.file });
    gateways.push({ name: 'bare proxy', ports: [port], children: [child], monitors: ['bare-proxy'] });
  }
  const baseline = BASELINE ? baselineTree(ROOT, BASELINE) : undefined;
  if (baseline) {
    const port = await freePort();
    const env = { HTTP_PORT: String(port), ATTRIBUTION_LOG: 'on', AUTH_JWKS: JSON.stringify(key.publicJwks), ...keys, SUPPLIERS_URL: simUrl, LOG_LEVEL: 'warn', ...kafkaEnvOf('query-proxy') };
    const p = profiled('baseline', env);
    const child = start(`baseline ${baseline.sha}`, 'services/query-proxy/src/main.ts', p.env, p.preload, baseline.dir);
    if (p.file) profiles.push({ child, file: p.file });
    gateways.push({ name: `baseline ${baseline.sha} (logging on)`, ports: [port], children: [child], monitors: ['baseline'] });
  }
  for (const g of gateways) {
    for (const port of g.ports) await until(`${g.name} :${port}: /health/ready`, () => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false), 180_000);
  }
  console.log(`simulators and ${REPLICAS} gateway replica(s) per configuration ready`);

  // The queries: each worker acts for each municipality of its keuzelijst in turn, a BSN on that whitelist.
  const calls: Call[] = [];
  const tokens = await Promise.all(world.workers.map((w) => issuer.issue({ userId: w.userId, homeMunicipalityId: w.home, roles: ['WORKER'], displayName: 'Bench Worker' })));
  for (let i = 0; i < 600; i++) {
    const municipality = world.municipalities[i % world.municipalities.length];
    const bsns = world.whitelist.get(municipality)!;
    const body = Buffer.from(JSON.stringify({ actingForMunicipalityId: municipality, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKey: { type: 'BSN', bsn: bsns[Math.floor(i / 3) % bsns.length] } }));
    calls.push({ body, headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${tokens[i % tokens.length]}` } });
  }
  // One of each, checked: a permitted query answers 200 with the BRP data.
  for (const g of gateways) {
    for (const port of g.ports) {
      const res = await fetch(`http://127.0.0.1:${port}/queries`, { method: 'POST', headers: calls[1].headers as Record<string, string>, body: calls[1].body });
      const json = (await res.json()) as { outcome?: string; results?: { status: string }[]; code?: string };
      if (res.status !== 200 || json.results?.[0]?.status !== 'ANSWERED') throw new Error(`${g.name} :${port}: a permitted query answered ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    }
  }

  // 3. The load. The gateways warm up first (JIT), unmeasured. Then per row the two
  // configurations take turns in short slices (on, off, on, off, ...): the same background
  // load on this shared machine falls on both, and the ratio is measured in one run.
  const broker = localKafkaPid();
  for (const g of gateways) await closedLoop(g, calls, 20, 0, WARMUP + 2, new Tally());
  const sliceS = SECONDS / SLICES;
  type Row = { load: string; on: Tally; off: Tally; bare: Tally; baseline?: Tally };
  const measure = async (load: string, slice: (g: Target, t: Tally) => Promise<void>): Promise<Row> => {
    const tallies = gateways.map(() => new Tally());
    for (let n = 0; n < SLICES; n++) {
      for (const [i, g] of gateways.entries()) {
        const t = tallies[i];
        const gatewayCpu = () => g.children.reduce((sum, c) => sum + processCpuSeconds(c.pid), 0);
        const before = { gw: gatewayCpu(), sims: processCpuSeconds(sims.pid), broker: processCpuSeconds(broker), self: process.cpuUsage(), machine: machineCpu(), at: performance.now() };
        const from = Date.now();
        await slice(g, t);
        t.windows.push([from, Date.now()]);
        const self = process.cpuUsage(before.self);
        const machine = machineCpu();
        t.wallS += (performance.now() - before.at) / 1000;
        t.cpu.gateway += gatewayCpu() - before.gw;
        t.cpu.simulators += processCpuSeconds(sims.pid) - before.sims;
        t.cpu.broker += processCpuSeconds(broker) - before.broker;
        t.cpu.loadGenerator += (self.user + self.system) / 1e6;
        t.cpu.machine += (machine.busy - before.machine.busy) / 100; // jiffies at 100/s
      }
    }
    for (const t of tallies) t.latencies.sort((a, b) => a - b);
    return { load, on: tallies[0], off: tallies[1], bare: tallies[2], baseline: tallies[3] };
  };
  const closed: Row[] = [];
  for (const c of LEVELS) closed.push(await measure(`closed ${c}`, (g, t) => closedLoop(g, calls, c, SLICE_WARMUP, sliceS, t)));
  const qps = (t: Tally) => t.ok / t.measuredS;
  const closedMax = closed.length ? Math.max(...closed.map((r) => qps(r.on))) : 0;
  const rates = FIXED_RATES ?? RATE_FRACTIONS.map((f) => Math.max(10, Math.round(f * closedMax)));
  const open: Row[] = [];
  for (const rate of rates) open.push(await measure(`open ${rate}/s`, (g, t) => openLoop(g, calls, rate, SLICE_WARMUP, sliceS, t)));

  const p99 = (t: Tally) => percentile(t.latencies, 99);
  const figures = (row: Row) =>
    (['on', 'off', 'bare', 'baseline'] as const).filter((log) => row[log]).map((log) => {
      const t = row[log]!;
      const share = (cpuS: number) => `${Math.round((cpuS / t.wallS) * 100)}%`;
      const perQuery = (cpuS: number) => (Number.isNaN(cpuS) ? '?' : ((cpuS * 1000) / t.all).toFixed(2));
      const ours = t.cpu.gateway + t.cpu.simulators + (Number.isNaN(t.cpu.broker) ? 0 : t.cpu.broker) + t.cpu.loadGenerator;
      return {
        logging: log === 'bare' ? 'bare proxy' : log === 'baseline' ? `baseline ${baseline?.sha}` : log,
        load: row.load,
        'queries/s': Math.round(qps(t)),
        'p50 ms': percentile(t.latencies, 50).toFixed(1),
        'p99 ms': p99(t).toFixed(1),
        '2xx': t.ok,
        'non-2xx': [...t.failed].map(([status, n]) => `${n}x${status}`).join(' ') || 0,
        'gateway cpu': share(t.cpu.gateway),
        'gateway ms/q': perQuery(t.cpu.gateway), // the bare proxy's own CPU in its rows
        'simulators ms/q': perQuery(t.cpu.simulators),
        'broker ms/q': perQuery(t.cpu.broker),
        'load gen ms/q': perQuery(t.cpu.loadGenerator),
        'machine busy': share(t.cpu.machine),
        'other processes': share(Math.max(0, t.cpu.machine - ours)),
      };
    });
  printTable(
    `gateway POST /queries (brp-persoon, permitted, in-process decisions), ${REPLICAS} gateway replica(s) per configuration, and the bare proxy (one process; its own CPU under "gateway"): per row ${SECONDS} s measured in ${SLICES} slices taking turns with the other configuration, each after ${SLICE_WARMUP} s warm-up; closed N = N virtual workers, open R/s = R queries/s on a fixed schedule; ms/q = CPU milliseconds per answered query (gateway: all replicas); cpu and busy in % of one core (the machine has ${os.cpus().length})`,
    [...closed, ...open].flatMap(figures),
  );
  printTable(
    'logging on / off, measured in one run',
    [...closed, ...open].map((r) => ({ load: r.load, 'on q/s': Math.round(qps(r.on)), 'on p99 ms': p99(r.on).toFixed(1), 'off q/s': Math.round(qps(r.off)), 'off p99 ms': p99(r.off).toFixed(1), 'ratio on/off': (qps(r.on) / qps(r.off)).toFixed(2) })),
  );
  printTable(
    'what makes the tail: per row and configuration, the latency p99 and the event loop of its own process (worst second of its slices: delay p99 and max of a 5 ms timer) and its garbage collection (ms of pauses per second, longest pause), and the simulators\' loop in the same slices',
    [...closed, ...open].flatMap((row) =>
      (['on', 'off', 'bare', 'baseline'] as const).filter((log) => row[log]).map((log) => {
        const t = row[log]!;
        const own = loopSeconds(gateways[['on', 'off', 'bare', 'baseline'].indexOf(log)].monitors ?? [], t.windows);
        const sim = loopSeconds(['simulators'], t.windows);
        const worst = (xs: LoopSecond[], f: (x: LoopSecond) => number) => (xs.length ? Math.max(...xs.map(f)).toFixed(1) : '-');
        return {
          logging: log === 'bare' ? 'bare proxy' : log === 'baseline' ? `baseline ${baseline?.sha}` : log,
          load: row.load,
          'p99 ms': p99(t).toFixed(1),
          'loop p99 ms': worst(own, (x) => x.p99),
          'loop max ms': worst(own, (x) => x.max),
          'gc ms/s': own.length ? (own.reduce((a, x) => a + x.gcMs, 0) / own.length).toFixed(1) : '-',
          'longest gc ms': worst(own, (x) => x.gcMaxMs),
          'simulators loop p99 ms': worst(sim, (x) => x.p99),
          'simulators loop max ms': worst(sim, (x) => x.max),
        };
      }),
    ),
  );
  stopping = true; // the profiler's signal also ends the process (NestJS shutdown hooks)
  for (const p of profiles) {
    p.child.kill('SIGUSR2');
    await until(`the profile ${p.file}`, async () => fs.existsSync(p.file), 30_000).catch((e: Error) => console.error(e.message));
  }
  const cpuPerQuery = (t: Tally) => (t.cpu.gateway * 1000) / t.all;
  const bestOf = (rows: Row[], side: 'on' | 'bare') => rows.reduce((a, b) => (qps(b[side]) > qps(a[side]) ? b : a));
  if (!closed.length || !open.length) return;
  const saturation = bestOf(closed, 'on');
  const bareBest = bestOf(closed, 'bare');
  // The highest arrival rate carried in full (at least 99 % answered 2xx) with p99 under 50 ms.
  const carried = open.filter((r) => r.on.ok >= 0.99 * r.on.offered && p99(r.on) < 50);
  const top = carried.length ? carried.reduce((a, b) => (qps(b.on) > qps(a.on) ? b : a)) : undefined;
  // The open row closest to a third of capacity.
  const third = open.reduce((a, b) => (Math.abs(qps(b.on) - closedMax / 3) < Math.abs(qps(a.on) - closedMax / 3) ? b : a));
  const onOff = [...closed, ...open].map((r) => qps(r.on) / qps(r.off));
  const two = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
  recordRatios(ROOT, 'gateway', [
    { id: '1a', ratio: 'throughput: gateway (logging on) / bare proxy, closed-loop maximum', value: qps(saturation.on) / qps(bareBest.bare), target: '>= 0.5', figures: `${Math.round(qps(saturation.on))} / ${Math.round(qps(bareBest.bare))} q/s` },
    { id: '1b', ratio: 'CPU per query: gateway / bare proxy, at their maximum', value: cpuPerQuery(saturation.on) / cpuPerQuery(bareBest.bare), target: '<= 3', figures: `${cpuPerQuery(saturation.on).toFixed(2)} / ${cpuPerQuery(bareBest.bare).toFixed(2)} ms` },
    { id: '2', ratio: 'tail: highest open-loop rate with p99 < 50 ms / closed-loop maximum', value: top ? qps(top.on) / closedMax : 0, target: '>= 0.6', figures: top ? `${Math.round(qps(top.on))} q/s (p99 ${p99(top.on).toFixed(1)} ms) / ${Math.round(closedMax)} q/s` : `none of ${rates.join(', ')} q/s` },
    { id: '3', ratio: 'batching: gateway CPU per query at a third of capacity / at saturation', value: cpuPerQuery(third.on) / cpuPerQuery(saturation.on), target: '<= 1.3', figures: `${cpuPerQuery(third.on).toFixed(2)} ms (${third.load}) / ${cpuPerQuery(saturation.on).toFixed(2)} ms (${saturation.load})` },
    // The floor of ratio 3: the same ratio of the bare proxy (no auth, no log) in the same slices.
    { id: '3f', ratio: 'its floor: bare proxy CPU per query at that load / at its saturation', value: cpuPerQuery(third.bare) / cpuPerQuery(bareBest.bare), target: '<= 1.3', figures: `${cpuPerQuery(third.bare).toFixed(2)} ms (${third.load}) / ${cpuPerQuery(bareBest.bare).toFixed(2)} ms (${bareBest.load})` },
    { id: '4', ratio: 'logging on / off, lowest row', value: Math.min(...onOff), target: '>= 0.9', figures: onOff.map(two).join(' ') },
  ]);
  if (baseline) {
    printTable(`A/B in this run: this checkout against ${baseline.sha}, both with logging on`, [...closed, ...open].map((r) => ({
      load: r.load,
      'q/s': Math.round(qps(r.on)),
      [`q/s ${baseline.sha}`]: Math.round(qps(r.baseline!)),
      'p99 ms': p99(r.on).toFixed(1),
      [`p99 ms ${baseline.sha}`]: p99(r.baseline!).toFixed(1),
      'gateway ms/q': cpuPerQuery(r.on).toFixed(2),
      [`gateway ms/q ${baseline.sha}`]: cpuPerQuery(r.baseline!).toFixed(2),
    })));
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
