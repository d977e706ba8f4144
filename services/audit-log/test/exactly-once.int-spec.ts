/**
 * Exactly-once storage through a crash: the service, as its own process, ingests a backlog and
 * is killed (SIGKILL, no goodbye) in the middle of it, while chunks are being written. Then the
 * worst case is made certain: the group's offsets are rewound to the start, as if the process had
 * died after every database commit and before every Kafka commit. A new process takes over:
 * everything stored before the crash is delivered again, and the inbox makes it change nothing.
 * Every event is stored exactly once and every chain verifies.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { Pool } from 'pg';
import { KafkaPlatform } from '@inkijk/platform';
import { testAuth, testKafka } from '@inkijk/testing';
import { AuditStore } from '../src/adapters/postgres/audit-store';
import { verifyAuditLog } from '../src/app/verify-log';
import { auditDatabase, countRecords, deleteRunTopics, municipalities, produceBacklog, runTopics, serviceEnv, waitFor } from './support';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../../..');
const N = 20_000;

describe('exactly-once storage through a consumer crash', () => {
  const t = runTopics();
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let platform: KafkaPlatform;
  const children: ChildProcess[] = [];
  let env: Record<string, string>;
  let ids: string[];

  beforeAll(async () => {
    db = await auditDatabase('audit_crash_test');
    platform = await KafkaPlatform.connect({ clientId: `audit-crash-${t.run}`, ...testKafka(), requireTopics: false });
    await platform.ensureTopics([t.topic, t.checkpointTopic, t.usersTopic]);
    ids = await produceBacklog(platform, t.topic, N, municipalities(12));
    env = {
      ...process.env,
      ...serviceEnv({ databaseUrl: db.writerUrl, jwks: (await testAuth()).jwksJson }),
      AUDIT_TEST_TOPIC: t.topic.name,
      AUDIT_TEST_CHECKPOINT_TOPIC: t.checkpointTopic.name,
      AUDIT_TEST_GROUP: t.groupId,
      AUDIT_TEST_RUN: t.run,
      AUDIT_INGEST_CHUNK_SIZE: '250',
    } as Record<string, string>;
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (platform) await deleteRunTopics(platform, t.run);
    await platform?.close();
    await db?.drop();
  });

  let out = '';
  const secondOutput = () => out;
  let err = '';
  const secondErrors = () => err;
  function startService(): ChildProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'audit-log-process.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    err = '';
    out = '';
    child.stdout!.on('data', (d) => (out += d.toString()));
    child.stderr!.on('data', (d) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (code) process.stderr.write(`audit-log process exited with ${code}: ${err}\n`);
      void signal;
    });
    children.push(child);
    return child;
  }

  async function committedOffsets(): Promise<number> {
    const admin = platform.kafka.admin();
    await admin.connect();
    try {
      const [mine] = await admin.fetchOffsets({ groupId: t.groupId, topics: [t.topic.name] });
      return mine.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  }

  async function groupState(): Promise<string> {
    const admin = platform.kafka.admin();
    await admin.connect();
    try {
      return (await admin.describeGroups([t.groupId])).groups[0].state;
    } finally {
      await admin.disconnect();
    }
  }

  it('stores every event once after a SIGKILL mid-ingest and a restart, and the chains verify', async () => {
    const first = startService();
    await waitFor(async () => (await countRecords(db.ownerUrl)) >= N / 5, 'the first process to be well into the backlog', 60_000, 10);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    // The killed member leaves the group when its session expires. By then PostgreSQL has also
    // settled the dead connection's last transaction (committed or rolled back): count after it.
    await waitFor(async () => (await groupState()) === 'Empty', 'the killed consumer to leave the group', 90_000, 500);
    const storedAtCrash = await countRecords(db.ownerUrl);
    const committedAtCrash = await committedOffsets();
    expect(storedAtCrash).toBeGreaterThan(0);
    expect(storedAtCrash).toBeLessThan(N); // killed half-way, not after the end
    // Kafka offsets are committed after the database commit: never ahead of what is stored.
    expect(committedAtCrash).toBeLessThanOrEqual(storedAtCrash);

    // Lose the crashed process's commits: everything stored so far is delivered again.
    const admin = platform.kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: t.groupId, topic: t.topic.name, earliest: true });
    await admin.disconnect();
    expect(await committedOffsets()).toBe(0);
    process.stdout.write(`crash: ${storedAtCrash} of ${N} stored, ${committedAtCrash} offsets committed; all ${storedAtCrash} will be delivered again\n`);

    const second = startService();
    // Finished the backlog, and fully started: both group members joined (one member can finish
    // the backlog alone while the other still waits for its join; the figures come after "ready").
    await waitFor(async () => secondOutput().includes('ready') && (await countRecords(db.ownerUrl)) >= N && (await committedOffsets()) >= N, 'the second process to start and finish the backlog', 120_000, 200);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    // Everything stored before the crash came again and was skipped (a rebalance between the
    // process's two group members can add a few more redeliveries, skipped the same way).
    const skipped = Number(/duplicates skipped: (\d+)/.exec(secondOutput())?.[1] ?? -1);
    if (skipped < 0) process.stdout.write(`second process output: ${secondOutput()}\nits errors: ${secondErrors()}\n`);
    expect(skipped).toBeGreaterThanOrEqual(storedAtCrash);

    const pool = new Pool({ connectionString: db.ownerUrl, max: 1 });
    try {
      const { rows } = await pool.query('SELECT event_id FROM audit_record');
      expect(rows).toHaveLength(N);
      expect(new Set(rows.map((r) => r.event_id as string))).toEqual(new Set(ids));
      expect((await pool.query('SELECT count(*)::int AS n FROM inbox_message')).rows[0].n).toBe(N);
      const chains = await pool.query('SELECT chain, count(*)::int AS n, max(sequence)::int AS head FROM audit_record GROUP BY chain');
      expect(chains.rows).toHaveLength(12);
      for (const c of chains.rows) expect(c.head).toBe(c.n);
      const report = await verifyAuditLog(new AuditStore(pool));
      expect(report).toMatchObject({ ok: true, checkedRecords: N, chains: 12, firstBroken: null });
    } finally {
      await pool.end();
    }
  });
});
