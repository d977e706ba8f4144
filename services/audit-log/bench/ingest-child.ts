/**
 * One measured ingest of the audit-ingest benchmark (audit-ingest.bench.ts), in a process of its
 * own: started by the benchmark with `node -r @swc-node/register` in this checkout or in a
 * baseline revision's tree (where it uses that revision's src and test/support).
 *
 * Creates a fresh migrated database, starts the service's own wiring on the run's topics with
 * consumer groups of its own (so it reads the whole backlog from offset 0), waits until the
 * attributed-query consumers processed BENCH_EVENTS, and prints ONE JSON line to stdout
 * (`"child": "audit-ingest"`, see ChildFigures in the benchmark): wall time including the start,
 * the steady window (from a tenth stored to the last), chunks, this process's CPU, and the PostgreSQL server's CPU from /proc.
 * Closes the service and drops its database unless BENCH_KEEP_DB=1 (and the run succeeded).
 * Env (set by the benchmark): BENCH_RUN, BENCH_EVENTS, BENCH_PARTITIONS, BENCH_CHILD_ID,
 * BENCH_DB_PREFIX, BENCH_KEEP_DB, BENCH_BROKER_PID, BENCH_CHILD_TIMEOUT_S (default 300),
 * AUDIT_INGEST_CHUNK_SIZE, AUDIT_INGEST_CONSUMERS.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { Client } from 'pg';
import { testAuth } from '@inkijk/testing';
import { AuditLogRuntime } from '../src/adapters/kafka/audit-log.runtime';
import { IngestAttributedQueries } from '../src/app/ingest';
import { auditDatabase, runOverrides, runTopics, serviceEnv, startAuditLog } from '../test/support';

const env = (name: string, fallback?: string): string => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};

const N = Number(env('BENCH_EVENTS', '200000'));
const STEADY_FROM = Math.ceil(N / 10);
const RUN = env('BENCH_RUN');
const PARTITIONS = Number(env('BENCH_PARTITIONS', '6'));
const CHILD_ID = env('BENCH_CHILD_ID', `c${process.pid}`);
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
const TIMEOUT_MS = Number(env('BENCH_CHILD_TIMEOUT_S', '300')) * 1000;
const BROKER_PID = Number(process.env.BENCH_BROKER_PID ?? 0);

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // 100 on every Linux this runs on
}

/** utime + stime of a process in milliseconds, from /proc/<pid>/stat (0 when it is gone). */
function processCpuMs(pid: number | string): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** The CPU of every `postgres` process of the machine (the server, its backends and workers). */
function postgresCpuMs(): number {
  let sum = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') sum += processCpuMs(pid);
    } catch {
      // ended meanwhile
    }
  }
  return sum;
}

/** Every consumer group of the run, made unique to this child: each child reads the whole backlog. */
function ownGroups<T extends object>(t: T): T {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, /groupid$/i.test(k) && typeof v === 'string' ? `${v}.${CHILD_ID}` : v])) as T;
}

const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const round = (x: number, digits = 0) => Number(x.toFixed(digits));

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const db = await auditDatabase(env('BENCH_DB_PREFIX', 'audit_ingest_child'));
  let app: Awaited<ReturnType<typeof startAuditLog>> | undefined;
  let measured = false;
  try {
    const t = ownGroups(runTopics(RUN, PARTITIONS));
    const serviceVars = {
      ...serviceEnv({ databaseUrl: db.writerUrl, jwks: (await testAuth()).jwksJson }),
      AUDIT_INGEST_CHUNK_SIZE: env('AUDIT_INGEST_CHUNK_SIZE', '500'),
      ...(process.env.AUDIT_INGEST_CONSUMERS ? { AUDIT_INGEST_CONSUMERS: process.env.AUDIT_INGEST_CONSUMERS } : {}),
    };
    let gcMs = 0;
    let measuring = false;
    const gc = new PerformanceObserver((list) => {
      if (measuring) for (const e of list.getEntries()) gcMs += e.duration;
    });
    gc.observe({ entryTypes: ['gc'] });

    const before = { at: performance.now(), cpu: process.cpuUsage(), pg: postgresCpuMs(), broker: BROKER_PID ? processCpuMs(BROKER_PID) : 0, mono: monoUs() };
    app = await startAuditLog(serviceVars, runOverrides(t, `audit-bench-${RUN}-${CHILD_ID}`));
    const runtime = app.get(AuditLogRuntime);
    const started = performance.now();
    let first: { done: number; at: number; cpu: NodeJS.CpuUsage; pg: number; broker: number; mono: number; elu: ReturnType<typeof performance.eventLoopUtilization> } | undefined;
    for (;;) {
      const done = runtime.consumerStats?.processed ?? 0;
      // The steady window starts once a tenth is stored: every group member has joined by then
      // (with one member per partition, the first records come during the joins' rebalances).
      if (done >= STEADY_FROM && !first) {
        first = { done, at: performance.now(), cpu: process.cpuUsage(), pg: postgresCpuMs(), broker: BROKER_PID ? processCpuMs(BROKER_PID) : 0, mono: monoUs(), elu: performance.eventLoopUtilization() };
        measuring = true;
      }
      if (done >= N) break;
      if (performance.now() - before.at > TIMEOUT_MS) throw new Error(`only ${done} of ${N} events processed after ${TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const end = { at: performance.now(), cpu: process.cpuUsage(), pg: postgresCpuMs(), broker: BROKER_PID ? processCpuMs(BROKER_PID) : 0, mono: monoUs() };
    measuring = false;
    gc.disconnect();
    const f = first!;
    const elu = performance.eventLoopUtilization(f.elu);
    // The CPU of this database's own backends (the service's pool), less noisy than the whole
    // server's on a shared machine; read while they still run.
    const own = new Client({ connectionString: db.ownerUrl });
    await own.connect();
    const pids = (await own.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name])).rows.map((r) => r.pid);
    await own.end();
    const ownBackendsCpuMs = pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
    const stats = (app.get(IngestAttributedQueries) as { stats?: { stored: number; chunks: number; handlerMs: number } }).stats;
    const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1000;
    const flowingS = (end.at - f.at) / 1000;
    const figures = {
      child: 'audit-ingest',
      id: CHILD_ID,
      events: N,
      processed: runtime.consumerStats.processed,
      secondsInclStart: round((end.at - before.at) / 1000, 2),
      startSeconds: round((started - before.at) / 1000, 2),
      secondsFlowing: round(flowingS, 2),
      eventsFlowing: N - f.done,
      eventsPerSecond: round((N - f.done) / flowingS),
      chunks: stats?.chunks ?? null,
      recordsPerChunk: stats?.chunks ? round(stats.stored / stats.chunks, 1) : null,
      handlerMsPerChunk: stats?.chunks ? round(stats.handlerMs / stats.chunks, 2) : null,
      nodeCpuMs: round(cpuMs(before.cpu, end.cpu)),
      nodeCpuMsFlowing: round(cpuMs(f.cpu, end.cpu)),
      eventLoopUtilization: round(elu.utilization, 3),
      gcMsFlowing: round(gcMs),
      pgCpuMs: round(end.pg - before.pg),
      pgCpuMsFlowing: round(end.pg - f.pg),
      pgOwnBackendsCpuMs: round(ownBackendsCpuMs),
      brokerCpuMsFlowing: BROKER_PID ? round(end.broker - f.broker) : null,
      /** CLOCK_MONOTONIC in microseconds, the clock of V8's .cpuprofile timestamps. */
      monoStartUs: before.mono,
      monoFirstUs: f.mono,
      monoEndUs: end.mono,
      database: db.name,
      ownerUrl: db.ownerUrl,
      writerUrl: db.writerUrl,
      groupId: t.groupId,
    };
    await app.close();
    app = undefined;
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    measured = true;
  } finally {
    await app?.close().catch(() => undefined);
    if (!KEEP_DB || !measured) await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
