/**
 * Audit-log ingest and verify rates against the real local broker and PostgreSQL.
 *   npm run bench -- audit-ingest
 *
 * 1. Produces a backlog of 200,000 attributed-query events (6 partitions, 24 municipalities) to
 *    a topic of this run (durable sends, acks=all, shared batches).
 * 2. Starts the service's own wiring (consumer group, inbox + chain append in one transaction,
 *    writer role) on a fresh migrated database and measures until every event is stored.
 * 3. Verifies every chain (recompute every hash) and measures records per second.
 * Env: BENCH_EVENTS (default 200000), AUDIT_INGEST_CHUNK_SIZE (default 500),
 * AUDIT_INGEST_CONSUMERS (group members in the process, default 2). Asserts nothing.
 */
import 'reflect-metadata';
import * as os from 'node:os';
import { Pool } from 'pg';
import { KafkaPlatform } from '@inkijk/platform';
import { testAuth, testKafka } from '@inkijk/testing';
import { AuditLogRuntime } from '../src/adapters/kafka/audit-log.runtime';
import { AuditStore } from '../src/adapters/postgres/audit-store';
import { IngestAttributedQueries } from '../src/app/ingest';
import { defaultThreads, VerifierThreads, verifyAuditLog } from '../src/app/verify-log';
import { auditDatabase, deleteRunTopics, municipalities, produceBacklog, runOverrides, runTopics, serviceEnv, startAuditLog } from '../test/support';

const { brokers, credentials } = testKafka();
const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const chunk = process.env.AUDIT_INGEST_CHUNK_SIZE ?? '500';
const consumers = process.env.AUDIT_INGEST_CONSUMERS ?? '2';

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const t = runTopics(`bench-${Date.now().toString(36)}`, 6);
  const db = await auditDatabase('audit_bench');
  const platform = await KafkaPlatform.connect({ clientId: `audit-bench-${t.run}`, brokers, credentials, requireTopics: false, sender: { sendTimeoutMs: 30_000 } });
  const rows: Record<string, string | number>[] = [];
  try {
    await platform.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic]);
    let t0 = performance.now();
    await produceBacklog(platform, t.topic, N, municipalities(24), 20_000);
    let secs = (performance.now() - t0) / 1000;
    rows.push({ step: 'produce backlog (acks=all)', records: N, seconds: secs.toFixed(2), 'per second': Math.round(N / secs) });

    const env = { ...serviceEnv({ databaseUrl: db.writerUrl, jwks: (await testAuth()).jwksJson }), AUDIT_INGEST_CHUNK_SIZE: chunk, AUDIT_INGEST_CONSUMERS: consumers };
    t0 = performance.now();
    const app = await startAuditLog(env, runOverrides(t, `audit-bench-svc-${t.run}`));
    const runtime = app.get(AuditLogRuntime);
    let firstAt = 0;
    for (;;) {
      const done = runtime.consumerStats?.processed ?? 0;
      if (done > 0 && firstAt === 0) firstAt = performance.now();
      if (done >= N) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const end = performance.now();
    const ingestStats = app.get(IngestAttributedQueries).stats;
    await app.close();
    const all = (end - t0) / 1000;
    const flowing = (end - firstAt) / 1000;
    rows.push({ step: 'ingest incl. start and group join', records: N, seconds: all.toFixed(2), 'per second': Math.round(N / all) });
    rows.push({ step: 'ingest, first record to last', records: N, seconds: flowing.toFixed(2), 'per second': Math.round(N / flowing) });
    console.log(`ingest: ${ingestStats.chunks} chunks of on average ${Math.round(ingestStats.stored / ingestStats.chunks)} records, ${(ingestStats.handlerMs / ingestStats.chunks).toFixed(1)} ms per chunk in the handler (hash + insert), ${consumers} group members`);

    const pool = new Pool({ connectionString: db.writerUrl, max: 2 });
    try {
      const verified = (step: string, report: Awaited<ReturnType<typeof verifyAuditLog>>) => {
        secs = report.durationMs / 1000;
        rows.push({ step: `${step} (${report.chains} chains, ${report.threads} thread(s), ok=${report.ok})`, records: report.checkedRecords, seconds: secs.toFixed(2), 'per second': Math.round(report.checkedRecords / secs) });
      };
      // Threads started for one verification (the command line, the service's first), then the
      // service's kept threads (one per core, at most 4), three verifications in a row.
      for (const threads of [1, 2]) verified('verify, threads started for the call', await verifyAuditLog(new AuditStore(pool), { databaseUrl: db.writerUrl, workers: threads, parallelFrom: 0 }));
      const kept = new VerifierThreads(defaultThreads());
      try {
        kept.start();
        await new Promise((r) => setTimeout(r, 2000)); // the service has been up for a while
        for (const n of [1, 2, 3]) verified(`verify #${n}, the service's kept threads`, await verifyAuditLog(new AuditStore(pool), { databaseUrl: db.writerUrl, threads: kept, parallelFrom: 0 }));
      } finally {
        await kept.close();
      }
    } finally {
      await pool.end();
    }
  } finally {
    await deleteRunTopics(platform, t.run).catch(() => undefined);
    await platform.close();
    await db.drop();
  }
  console.log(`audit-log ingest and verify: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, chunk size ${chunk}, ${consumers} group members, targets: ingest >= 10,000/s, verify >= 100,000/s`);
  console.table(rows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
