/**
 * Audit-log ingest against the real local broker and PostgreSQL: an A/B with a baseline revision
 * and the floor of a raw COPY, measured in ONE run (issue 25, ratio 5: "audit ingest >= 2.5x
 * today's in an A/B with the current commit in one run, printed beside a raw COPY of the same
 * rows into PostgreSQL as the floor"). Then the verifier's rates.
 *   npm run bench -- audit-ingest
 *   BENCH_BASELINE=<git revision> npm run bench -- audit-ingest
 *
 * 1. Produces a backlog of BENCH_EVENTS (default 200,000) attributed-query events (6 partitions,
 *    24 municipalities) once, to a topic of this run (durable sends, acks=all, shared batches).
 * 2. Measures ingest in a child process per variant (ingest-child.ts): each creates its own fresh
 *    migrated database, starts the service's own wiring (consumer groups of its own, so every
 *    child reads the whole backlog from offset 0; inbox + chain append in one transaction; the
 *    writer role) and prints one JSON line: seconds including the start, the steady window (from a tenth stored to the last),
 *    events/s, chunks, records and handler ms per chunk, its own CPU, and the PostgreSQL
 *    server's CPU (every `postgres` process, from /proc; and its own backends apart).
 * 3. Variants: `current` (this checkout) and, with BENCH_BASELINE=<rev>, `baseline <sha>`: the same
 *    child script run in that revision's tree (git archive into os.tmpdir() with this checkout's
 *    node_modules, as gateway.bench.ts does; this checkout's ingest-child.ts copied in, so both
 *    sides are measured alike while the child uses the revision's own src and test/support). They take
 *    turns: BENCH_SLICES (default 2) rounds of [current, baseline], each child on a fresh
 *    database. A table per child, then the median events/s per variant and current/baseline.
 * 4. The floor: the rows the last `current` child stored (its database kept) are copied out
 *    (COPY ... TO STDOUT, every column but id, in id order, into memory) and COPYed into the
 *    audit_record table of a fresh migrated database (same indexes and triggers, as the writer
 *    role), timed from BEGIN to COMMIT: once records only, once records + as many event ids into
 *    inbox_message in the same transaction (what the service writes too), each into a database
 *    of its own. The floor of ratio 5 is the latter.
 * 5. Verifies every chain of the kept database (recompute every hash) and measures records per
 *    second; BENCH_VERIFY=0 skips it. Then drops the databases and the run's topics.
 * 6. Ends with one line: ratio 5 (current/baseline, target >= 2.5), the floor and current's share
 *    of it, and the CPU model; records them (recordRatios) for the summary at the end of
 *    npm run bench.
 * Env: BENCH_EVENTS (default 200000), BENCH_BASELINE (a git revision), BENCH_SLICES (default 2),
 * BENCH_VERIFY (default 1), BENCH_CHILD_NODE_ARGS (extra node flags of the `current` children,
 * e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), AUDIT_INGEST_CHUNK_SIZE (default 500),
 * AUDIT_INGEST_CONSUMERS (group members in the process; unset, each revision's own default). Asserts nothing.
 */
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, Pool } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { KafkaPlatform } from '@inkijk/platform';
import { dropDatabase } from '@inkijk/prisma-tools';
import { baselineTree as revisionTree, localKafkaPid, printTable, processCpuSeconds, recordRatios, testKafka } from '@inkijk/testing';
import { AuditStore } from '../src/adapters/postgres/audit-store';
import { defaultThreads, VerifierThreads, verifyAuditLog } from '../src/app/verify-log';
import { auditDatabase, deleteRunTopics, municipalities, produceBacklog, runTopics } from '../test/support';

const ROOT = path.resolve(__dirname, '../../..');
const CHILD = 'services/audit-log/bench/ingest-child.ts';
const { brokers, credentials } = testKafka();
const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const PARTITIONS = 6;
const SLICES = Math.max(1, Number(process.env.BENCH_SLICES ?? 2));
const BASELINE = process.env.BENCH_BASELINE;
const VERIFY = process.env.BENCH_VERIFY !== '0';
const CHILD_NODE_ARGS = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
const chunk = process.env.AUDIT_INGEST_CHUNK_SIZE ?? '500';
/** Group members per child: the revision's own default unless set. */
const consumers = process.env.AUDIT_INGEST_CONSUMERS;
const TARGET = 2.5;

/** The JSON line of one child (ingest-child.ts). */
interface ChildFigures {
  child: 'audit-ingest';
  id: string;
  events: number;
  secondsInclStart: number;
  startSeconds: number;
  secondsFlowing: number;
  /** Events stored in the steady window (from a tenth of them to the last). */
  eventsFlowing: number;
  eventsPerSecond: number;
  chunks: number | null;
  recordsPerChunk: number | null;
  handlerMsPerChunk: number | null;
  nodeCpuMs: number;
  nodeCpuMsFlowing: number;
  eventLoopUtilization: number;
  gcMsFlowing: number;
  pgCpuMs: number;
  pgCpuMsFlowing: number;
  pgOwnBackendsCpuMs: number;
  brokerCpuMsFlowing: number | null;
  database: string;
  ownerUrl: string;
  writerUrl: string;
  groupId: string;
}

interface Variant {
  name: string;
  /** The tree the child runs in (its cwd: the revision's own src, libs and tsconfig paths). */
  dir: string;
  nodeArgs: string[];
}

/** A revision's source tree, for the A/B (libs/testing's baselineTree), with the child script and the Prisma client it needs. */
function baselineTree(revision: string): { dir: string; sha: string } {
  const { dir, sha } = revisionTree(ROOT, revision);
  // One instrument for both sides: this checkout's child, on the revision's own src and support.
  fs.mkdirSync(path.dirname(path.join(dir, CHILD)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, CHILD), path.join(dir, CHILD));
  // The Prisma client is generated (git-ignored): generated from the revision's own schema.
  if (!fs.existsSync(path.join(dir, 'services/audit-log/src/generated/prisma'))) {
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'libs/prisma-tools/src/cli.ts', 'generate', 'services/audit-log'], { cwd: dir, stdio: 'ignore' });
  }
  return { dir, sha };
}

/** Runs one child to its end; its JSON line parsed, its other output passed on with a prefix. */
function runChild(variant: Variant, env: Record<string, string>): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...variant.nodeArgs, '-r', '@swc-node/register', CHILD], { cwd: variant.dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let figures: ChildFigures | undefined;
    let out = '';
    const prefix = (text: string) => text.split('\n').filter(Boolean).map((l) => `[${variant.name}] ${l}`).join('\n') + '\n';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('{"child":"audit-ingest"')) figures = JSON.parse(line) as ChildFigures;
        else if (line.trim()) process.stdout.write(prefix(line));
      }
    });
    child.stderr.on('data', (c: Buffer) => process.stderr.write(prefix(c.toString())));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (out.startsWith('{"child":"audit-ingest"')) figures = JSON.parse(out) as ChildFigures;
      if (code === 0 && figures) resolve(figures);
      else reject(new Error(`${variant.name}: the ingest child ended with code ${code}, signal ${signal}${figures ? '' : ', without figures'}`));
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const perEvent = (ms: number, n: number) => ((ms / n) * 1000).toFixed(1); // microseconds per event

function childRow(variant: string, f: ChildFigures): Record<string, string | number> {
  const n = f.eventsFlowing;
  return {
    variant,
    'incl. start s': f.secondsInclStart.toFixed(2),
    'steady s': f.secondsFlowing.toFixed(2),
    'events/s': f.eventsPerSecond,
    chunks: f.chunks ?? '-',
    'records/chunk': f.recordsPerChunk ?? '-',
    'handler ms/chunk': f.handlerMsPerChunk ?? '-',
    'node cpu ms': f.nodeCpuMs,
    'node µs/event': perEvent(f.nodeCpuMsFlowing, n),
    'loop busy': `${Math.round(f.eventLoopUtilization * 100)}%`,
    'gc µs/event': perEvent(f.gcMsFlowing, n),
    'pg cpu ms': f.pgCpuMs,
    'pg µs/event': perEvent(f.pgCpuMsFlowing, n),
    'own backends µs/event': perEvent(f.pgOwnBackendsCpuMs, n),
    'broker µs/event': f.brokerCpuMsFlowing === null ? '-' : perEvent(f.brokerCpuMsFlowing, n),
    database: f.database,
  };
}

// ---- the floor ------------------------------------------------------------------------------

/** Every column of audit_record but id, in table order. */
async function writtenColumns(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit_record' AND column_name <> 'id' ORDER BY ordinal_position`,
    );
    return rows.map((r) => r.name);
  } finally {
    await c.end();
  }
}

/** The output of a COPY ... TO STDOUT, in memory. */
async function copyOut(url: string, sql: string): Promise<Buffer[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const chunks: Buffer[] = [];
    for await (const b of c.query(copyTo(sql)) as AsyncIterable<Buffer>) chunks.push(b);
    return chunks;
  } finally {
    await c.end();
  }
}

/** COPYs into a fresh migrated database in one transaction, timed from BEGIN to COMMIT; returns seconds and the server's CPU. */
async function copyIn(loads: Array<{ sql: string; data: Buffer[] }>): Promise<{ seconds: number; pgCpuMs: number; rows: number }> {
  const db = await auditDatabase('audit_ingest_floor');
  try {
    const c = new Client({ connectionString: db.writerUrl });
    await c.connect();
    try {
      const pg0 = postgresCpuMs();
      const t0 = performance.now();
      await c.query('BEGIN');
      for (const load of loads) await pipeline(Readable.from(load.data), c.query(copyFrom(load.sql)));
      await c.query('COMMIT');
      const seconds = (performance.now() - t0) / 1000;
      const pgCpuMs = postgresCpuMs() - pg0;
      const rows = (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_record')).rows[0].n;
      return { seconds, pgCpuMs, rows };
    } finally {
      await c.end();
    }
  } finally {
    await db.drop();
  }
}

/** The CPU of every `postgres` process (utime + stime from /proc/<pid>/stat, in ms). */
function postgresCpuMs(): number {
  let sum = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const cpu = processCpuSeconds(pid);
      if (!Number.isNaN(cpu)) sum += cpu * 1000;
    } catch {
      // ended meanwhile
    }
  }
  return sum;
}

async function floorOf(kept: ChildFigures): Promise<{ records: number; withInbox: number; rows: Record<string, string | number>[] }> {
  const cols = (await writtenColumns(kept.ownerUrl)).join(', ');
  const records = await copyOut(kept.ownerUrl, `COPY (SELECT ${cols} FROM audit_record ORDER BY id) TO STDOUT`);
  const ids = await copyOut(kept.ownerUrl, `COPY (SELECT 'audit-ingest-floor', event_id FROM audit_record ORDER BY id) TO STDOUT`);
  const mib = records.reduce((a, b) => a + b.length, 0) / 2 ** 20;
  const recordsOnly = await copyIn([{ sql: `COPY audit_record (${cols}) FROM STDIN`, data: records }]);
  const withInbox = await copyIn([
    { sql: `COPY audit_record (${cols}) FROM STDIN`, data: records },
    { sql: 'COPY inbox_message (consumer_group, event_id) FROM STDIN', data: ids },
  ]);
  const row = (step: string, r: typeof recordsOnly) => ({
    step, rows: r.rows, seconds: r.seconds.toFixed(2), 'events/s': Math.round(r.rows / r.seconds), 'pg µs/event': perEvent(r.pgCpuMs, r.rows),
  });
  return {
    records: recordsOnly.rows / recordsOnly.seconds,
    withInbox: withInbox.rows / withInbox.seconds,
    rows: [row(`COPY records only (${mib.toFixed(1)} MiB of COPY text)`, recordsOnly), row('COPY records + inbox ids, one transaction', withInbox)],
  };
}

// ---- verify ---------------------------------------------------------------------------------

async function verify(writerUrl: string): Promise<Record<string, string | number>[]> {
  const rows: Record<string, string | number>[] = [];
  const pool = new Pool({ connectionString: writerUrl, max: 2 });
  try {
    const verified = (step: string, report: Awaited<ReturnType<typeof verifyAuditLog>>) => {
      const secs = report.durationMs / 1000;
      rows.push({ step: `${step} (${report.chains} chains, ${report.threads} thread(s), ok=${report.ok})`, records: report.checkedRecords, seconds: secs.toFixed(2), 'per second': Math.round(report.checkedRecords / secs) });
    };
    // Threads started for one verification (the command line, the service's first), then the
    // service's kept threads (one per core, at most 4), three verifications in a row.
    for (const threads of [1, 2]) verified('verify, threads started for the call', await verifyAuditLog(new AuditStore(pool), { databaseUrl: writerUrl, workers: threads, parallelFrom: 0 }));
    const kept = new VerifierThreads(defaultThreads());
    try {
      kept.start();
      await new Promise((r) => setTimeout(r, 2000)); // the service has been up for a while
      for (const n of [1, 2, 3]) verified(`verify #${n}, the service's kept threads`, await verifyAuditLog(new AuditStore(pool), { databaseUrl: writerUrl, threads: kept, parallelFrom: 0 }));
    } finally {
      await kept.close();
    }
  } finally {
    await pool.end();
  }
  return rows;
}

// ---- the run --------------------------------------------------------------------------------

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const cpuModel = os.cpus()[0]?.model ?? '?';
  console.log(`machine: ${os.cpus().length} cores (${cpuModel}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const t = runTopics(`bench-${Date.now().toString(36)}`, PARTITIONS);
  const platform = await KafkaPlatform.connect({ clientId: `audit-bench-${t.run}`, brokers, credentials, requireTopics: false, sender: { sendTimeoutMs: 30_000 } });
  const kept: ChildFigures[] = [];
  try {
    await platform.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic]);
    const t0 = performance.now();
    await produceBacklog(platform, t.topic, N, municipalities(24), 20_000);
    const produceS = (performance.now() - t0) / 1000;
    console.log(`produced a backlog of ${N} events to ${t.topic.name} (${PARTITIONS} partitions, acks=all) in ${produceS.toFixed(2)} s, ${Math.round(N / produceS)}/s`);

    const variants: Variant[] = [{ name: 'current', dir: ROOT, nodeArgs: CHILD_NODE_ARGS }];
    if (BASELINE) {
      const b = baselineTree(BASELINE);
      variants.push({ name: `baseline ${b.sha}`, dir: b.dir, nodeArgs: [] });
    }
    const broker = localKafkaPid();
    const childEnv = (variant: Variant, slice: number, keep: boolean): Record<string, string> => ({
      BENCH_RUN: t.run,
      BENCH_EVENTS: String(N),
      BENCH_PARTITIONS: String(PARTITIONS),
      BENCH_CHILD_ID: `${variant.name === 'current' ? 'cur' : 'base'}${slice}-${randomUUID().slice(0, 6)}`,
      BENCH_DB_PREFIX: `audit_ingest_${variant.name === 'current' ? 'cur' : 'base'}`,
      BENCH_KEEP_DB: keep ? '1' : '0',
      BENCH_BROKER_PID: String(broker ?? 0),
      AUDIT_INGEST_CHUNK_SIZE: chunk,
      ...(consumers ? { AUDIT_INGEST_CONSUMERS: consumers } : {}),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // The broker's credentials are in this checkout's data dir, not in a baseline's tree.
      TEST_KAFKA_DATA_DIR: process.env.TEST_KAFKA_DATA_DIR ?? path.join(ROOT, '.data/test/kafka'),
      KAFKA_BROKERS: brokers,
    });
    const results = new Map<string, ChildFigures[]>(variants.map((v) => [v.name, []]));
    for (let slice = 1; slice <= SLICES; slice++) {
      for (const v of variants) {
        const keep = v.name === 'current' && slice === SLICES;
        const f = await runChild(v, childEnv(v, slice, keep));
        if (keep) kept.push(f);
        // Profiled: the child's figures whole, whose monotonic times window its .cpuprofile.
        if (v.nodeArgs.length > 0) console.log(`[${v.name}] ${JSON.stringify(f)}`);
        results.get(v.name)!.push(f);
        printTable(`audit ingest, ${v.name}, slice ${slice} of ${SLICES}: ${N} events, chunk size ${chunk}, ${consumers ?? 'its default number of'} group members (start took ${f.startSeconds.toFixed(2)} s; µs/event = CPU microseconds per event in the steady window, from a tenth stored to the last; pg = every postgres process of the machine)`, [childRow(v.name, f)]);
      }
    }

    const medians = new Map([...results].map(([name, fs_]) => [name, median(fs_.map((f) => f.eventsPerSecond))]));
    const current = medians.get('current')!;
    const baselineName = variants[1]?.name;
    const baseline = baselineName ? medians.get(baselineName)! : null;
    const ratio5 = baseline ? current / baseline : null;
    printTable(
      `audit ingest per variant, ${SLICES} slice(s) taking turns, ${N} events each`,
      [...results].map(([name, fs_]) => ({
        variant: name,
        'median events/s': Math.round(medians.get(name)!),
        'each events/s': fs_.map((f) => f.eventsPerSecond).join(' '),
        'median node µs/event': perEvent(median(fs_.map((f) => f.nodeCpuMsFlowing / f.eventsFlowing)), 1),
        'median pg µs/event': perEvent(median(fs_.map((f) => f.pgCpuMsFlowing / f.eventsFlowing)), 1),
        'ratio to baseline': baseline ? (medians.get(name)! / baseline).toFixed(2) : '-',
      })),
    );

    const last = kept[0];
    const floor = await floorOf(last);
    printTable(`the floor: the ${N} rows the last current child stored, COPYed into a fresh migrated database (indexes and triggers), from memory, as the writer role`, floor.rows);

    if (VERIFY) printTable(`verify the last current child's log (${last.database})`, await verify(last.writerUrl));

    const share = current / floor.withInbox;
    console.log(`\nCOPY floor: records only ${Math.round(floor.records)} events/s, records + inbox ids ${Math.round(floor.withInbox)} events/s (the floor below)`);
    console.log(
      `issue 25 ratio 5: ingest current/baseline = ${ratio5 === null ? '- (no BENCH_BASELINE)' : ratio5.toFixed(2)} (target >= ${TARGET}); floor COPY = ${Math.round(floor.withInbox)} events/s; current = ${Math.round(current)} events/s (${(share * 100).toFixed(0)}% of the floor)`,
    );
    console.log(`cpu: ${cpuModel}, ${os.cpus().length} cores`);
    recordRatios(ROOT, 'audit-ingest', [
      {
        id: '5',
        ratio: `audit ingest: current / ${baselineName ?? 'baseline (none given)'}, A/B in one run`,
        value: ratio5,
        target: `>= ${TARGET}`,
        figures: `${Math.round(current)} / ${baseline === null ? '-' : Math.round(baseline)} events/s; COPY floor ${Math.round(floor.withInbox)} events/s (records only ${Math.round(floor.records)}); current ${(share * 100).toFixed(0)}% of it`,
      },
    ]);
  } finally {
    for (const k of kept) await dropDatabase(k.ownerUrl).catch((e: Error) => console.error(`could not drop ${k.database}: ${e.message}`));
    await deleteRunTopics(platform, t.run).catch(() => undefined);
    await platform.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
