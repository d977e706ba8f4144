/**
 * The completeness check's cost against the real local broker and PostgreSQL.
 *   npm run bench -- completeness
 *
 * Produces BENCH_EVENTS (default 10000) attributed queries (6 partitions, 24 municipalities),
 * starts the service's wiring on a fresh database, waits until every event is stored and
 * indexed, then times whole-log checks (offsets, index wait, both comparisons). Asserts nothing.
 */
import 'reflect-metadata';
import { KafkaPlatform, KafkaTopicOffsets } from '@inkijk/platform';
import { testAuth, testKafka } from '@inkijk/testing';
import { CompletenessStore } from '../src/adapters/postgres/completeness-store';
import { CompletenessCheck } from '../src/app/completeness';
import { auditDatabase, countRecords, deleteRunTopics, municipalities, produceBacklog, runOverrides, runTopics, serviceEnv, startAuditLog, waitFor } from '../test/support';

const N = Number(process.env.BENCH_EVENTS ?? 10_000);

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const t = runTopics(`bench-${Date.now().toString(36)}`, 6);
  const db = await auditDatabase('audit_completeness_bench');
  const platform = await KafkaPlatform.connect({ clientId: `audit-completeness-bench-${t.run}`, ...testKafka(), requireTopics: false });
  const auth = await testAuth();
  try {
    await platform.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic, t.activityTopic, t.decisionTopic]);
    await produceBacklog(platform, t.topic, N, municipalities(24));
    const app = await startAuditLog(serviceEnv({ databaseUrl: db.writerUrl, jwks: auth.jwksJson }), runOverrides(t, `audit-completeness-bench-${t.run}`));
    try {
      await waitFor(async () => (await countRecords(db.ownerUrl)) === N, 'every event stored', 300_000, 500);
      const check = app.get(CompletenessCheck);
      await waitFor(async () => (await check.check({ period: { from: null, to: null } })).topic.lag === 0, 'nothing in flight', 60_000, 500);
      const rows: Record<string, string | number>[] = [];
      for (let i = 1; i <= 3; i++) {
        const t0 = performance.now();
        const r = await check.checkAndMeasure();
        rows.push({ run: i, records: N, 'municipality-days': r.municipalities.length, complete: String(r.complete), ms: Math.round(performance.now() - t0) });
      }
      console.table(rows);
      // The steps of one check, apart.
      const store = app.get(CompletenessStore);
      const offsets = new KafkaTopicOffsets(platform.kafka);
      let t0 = performance.now();
      const { committed } = await offsets.read(t.topic.name, t.groupId);
      const steps: Record<string, number> = { 'offsets (admin)': Math.round(performance.now() - t0) };
      t0 = performance.now();
      await store.positions(t.topic.name);
      steps['index position'] = Math.round(performance.now() - t0);
      t0 = performance.now();
      await store.topicDays(t.topic.name, committed, { from: null, to: null });
      steps['missing (SQL)'] = Math.round(performance.now() - t0);
      t0 = performance.now();
      await store.extraDays(t.topic.name, await store.maxRecordId(), { from: null, to: null });
      steps['extra (SQL)'] = Math.round(performance.now() - t0);
      console.table([steps]);
    } finally {
      await app.close();
    }
  } finally {
    await deleteRunTopics(platform, t.run);
    await platform.close();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
