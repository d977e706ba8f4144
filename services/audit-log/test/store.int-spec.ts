/**
 * The audit store on a real, migrated PostgreSQL database, connected as the service's own
 * role: batches appended to per-municipality hash chains, the log tables append-only for the
 * role and (through the triggers) for the owner too, and every kind of tampering by someone
 * who switches the triggers off found by the verifier with its position.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Pool } from 'pg';
import { attributedQuery, HAARLEM, ZANDVOORT } from '@inkijk/testing';
import { pgTransactor, Inbox, prometheusText } from '@inkijk/platform';
import { AuditDb } from '../src/adapters/postgres/audit-db';
import { queryFromValues, RECORD_COLUMNS } from '../src/adapters/postgres/audit-record-row';
import { AuditStore, rawRows } from '../src/adapters/postgres/audit-store';
import { CheckpointStore } from '../src/adapters/postgres/checkpoint-store';
import { CheckpointWriter } from '../src/app/checkpoint-writer';
import { IngestAttributedQueries } from '../src/app/ingest';
import { verifyAuditLog } from '../src/app/verify-log';
import { CheckpointSigner } from '../src/domain/checkpoint';
import { canonicalContent } from '../src/domain/hash-chain';
import type { ChainLink, KeptCheckpoint } from '../src/domain/verifier';
import { topics } from '@inkijk/contracts';
import { auditDatabase } from './support';

const signer = CheckpointSigner.fromBase64Pkcs8(generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));

describe('audit store (PostgreSQL, as inkijk_audit_writer)', () => {
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let writer: AuditDb;
  let owner: Pool;
  let store: AuditStore;
  let ingest: IngestAttributedQueries;

  beforeAll(async () => {
    db = await auditDatabase('audit_store_test');
    writer = new AuditDb(db.writerUrl);
    owner = new Pool({ connectionString: db.ownerUrl, max: 2 });
    store = new AuditStore(writer.pool);
    ingest = new IngestAttributedQueries(store);
  });

  afterAll(async () => {
    await writer?.close();
    await owner?.end();
    await db?.drop();
  });

  /** Stores events through the inbox, as the consumer does. */
  const storeEvents = (events: ReturnType<typeof attributedQuery>[]) =>
    new Inbox(pgTransactor(writer.pool)).runOnce('test-group', events.map((e) => e.eventId), (fresh, client) => ingest.handle(events.filter((e) => fresh.has(e.eventId)), client));

  /** Verifies in this thread and with worker threads (each a share of the chains): same answer. */
  async function verify(kept: KeptCheckpoint[] = []) {
    const here = await verifyAuditLog(store, { kept, publicKey: signer.publicKey });
    const threads = await verifyAuditLog(store, { kept, publicKey: signer.publicKey, databaseUrl: db.writerUrl, workers: 2, parallelFrom: 0 });
    expect(threads.threads).toBe(2);
    const strip = ({ durationMs: _d, threads: _t, ...r }: typeof here) => r;
    expect(strip(threads)).toEqual(strip(here));
    return here;
  }

  /** As an attacker with superuser access: triggers off for this one statement. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    const c = await owner.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      await c.query(sql, params);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  }

  it('connects as the writer role, which may not alter the log', async () => {
    expect(await writer.mayAlterLog()).toBe(false);
    expect((await writer.pool.query('select current_user as u')).rows[0].u).toBe('inkijk_audit_writer');
  });

  it('appends a batch per municipality chain, in order, and stores each event once', async () => {
    const events = [
      ...Array.from({ length: 5 }, (_, i) => attributedQuery({ actingFor: HAARLEM, occurredAt: Date.UTC(2026, 10, 16, 9, i) })),
      ...Array.from({ length: 7 }, (_, i) => attributedQuery({ actingFor: ZANDVOORT, occurredAt: Date.UTC(2026, 10, 16, 9, i) })),
    ];
    await storeEvents(events);
    await storeEvents(events.slice(3, 9)); // redelivery: nothing new
    const { rows } = await writer.pool.query('SELECT chain, max(sequence)::int AS head, count(*)::int AS n FROM audit_record GROUP BY chain ORDER BY chain');
    expect(rows).toEqual([
      { chain: HAARLEM.id, head: 5, n: 5 },
      { chain: ZANDVOORT.id, head: 7, n: 7 },
    ]);
    expect(await verify()).toMatchObject({ ok: true, checkedRecords: 12, chains: 2 });
  });

  it('keeps one chain intact under concurrent appends (advisory lock per chain)', async () => {
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 50 }, () => attributedQuery({ actingFor: HAARLEM })));
    await Promise.all(batches.map((b) => storeEvents(b)));
    const report = await verify();
    expect(report).toMatchObject({ ok: true, checkedRecords: 312 });
  });

  it('stores the sealed BSN as bytes and the pseudonym, never a clear BSN', async () => {
    const e = attributedQuery({ bsn: '111222333', actingFor: ZANDVOORT });
    await storeEvents([e]);
    const { rows } = await owner.query('SELECT * FROM audit_record WHERE event_id = $1', [e.eventId]);
    expect(Buffer.isBuffer(rows[0].subject_sealed_bsn)).toBe(true);
    expect(rows[0].subject_sealed_bsn.equals(e.dataSubject!.sealedBsn)).toBe(true);
    expect(rows[0].subject_pseudonym).toBe(e.dataSubject!.pseudonym);
    expect(JSON.stringify(rows[0])).not.toContain('111222333');
  });

  describe('append-only', () => {
    it.each([
      ['UPDATE', "UPDATE audit_record SET product = 'x'"],
      ['DELETE', 'DELETE FROM audit_record'],
      ['TRUNCATE', 'TRUNCATE audit_record'],
      ['UPDATE of a checkpoint', "UPDATE audit_checkpoint SET head_hash = 'x'"],
      ['DELETE of an inbox claim', 'DELETE FROM inbox_message'],
    ])('refuses %s to the writer role (no privilege)', async (_n, sql) => {
      await expect(writer.pool.query(sql)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
    });

    it.each([
      ['UPDATE', "UPDATE audit_record SET product = 'x' WHERE sequence = 1"],
      ['DELETE', 'DELETE FROM audit_record WHERE sequence = 1'],
      ['TRUNCATE', 'TRUNCATE audit_record'],
      ['DELETE of a chain', 'DELETE FROM audit_chain'],
    ])('refuses %s even to the owner (trigger)', async (_n, sql) => {
      await expect(owner.query(sql)).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
      expect(await store.count()).toBe(313);
    });
  });

  it('reads records back for the verifier with exactly the content they were hashed with, whatever their fields hold', async () => {
    const odd = { id: 'odd-chain', cbsCode: null, oin: '00000099000000000999', name: 'Súdwest-Fryslân\t"de Friese"\n\\ 😀 gemeente' };
    const events = [
      attributedQuery({ actingFor: odd, occurredAt: Date.UTC(2026, 10, 18, 9, 0) }),
      { ...attributedQuery({ actingFor: odd, occurredAt: Date.UTC(2026, 10, 18, 9, 1) }), dataSubject: null, sources: [] },
      { ...attributedQuery({ actingFor: odd, occurredAt: Date.UTC(2026, 10, 18, 9, 2) }), whitelist: { outcome: 'ESCAPE' as const, escapeReason: 'RECOVERY \\N\tx' } },
    ];
    await storeEvents(events);
    const links: ChainLink[] = [];
    await store.scanLinks((page) => links.push(...page), { chains: ['odd-chain'] });
    const { rows } = await owner.query(rawRows(`SELECT ${RECORD_COLUMNS} FROM audit_record WHERE chain = 'odd-chain' ORDER BY sequence`, []));
    const records = (rows as Array<Array<string | null>>).map(queryFromValues);
    expect(links.map((l) => l.sequence)).toEqual([1, 2, 3]);
    expect(links.map((l) => l.content)).toEqual(records.map((r) => canonicalContent(r.chain, r.sequence, r)));
    expect(records[0].actingFor.name).toBe(odd.name);
    expect(records[1].dataSubject).toBeNull();
    expect(records[2].whitelist.escapeReason).toBe('RECOVERY \\N\tx');
    expect(records[0].dataSubject!.sealedBsn.equals(events[0].dataSubject!.sealedBsn)).toBe(true);
    expect(await verify()).toMatchObject({ ok: true, firstBroken: null });
  });

  describe('tampering by someone who switches the triggers off', () => {
    let chainLength: number;
    let kept: Awaited<ReturnType<CheckpointWriter['writeDue']>>;

    beforeAll(async () => {
      // A fresh chain for Zandvoort's sister municipality, with a checkpoint an outsider keeps.
      await storeEvents(Array.from({ length: 20 }, (_, i) => attributedQuery({ actingFor: { ...ZANDVOORT, id: 'tamper-chain' }, occurredAt: Date.UTC(2026, 10, 17, 9, i) })));
      const writerCp = new CheckpointWriter(pgTransactor(writer.pool), new CheckpointStore(writer.pool), signer, topics.auditCheckpoints);
      kept = await writerCp.writeDue();
      chainLength = 20;
      expect(kept.find((k) => k.chain === 'tamper-chain')).toMatchObject({ headSequence: 20, recordCount: 20 });
      expect(await verify(kept)).toMatchObject({ ok: true, checkpointsChecked: 4 }); // Haarlem, Zandvoort, odd-chain, tamper-chain
      // Another writeDue has nothing to do: no chain grew.
      expect(await writerCp.writeDue()).toEqual([]);
    });

    // Each case tampers, checks the report, then undoes its change (as superuser) for the next.
    let snapshot: Record<string, unknown>[];
    beforeEach(async () => {
      snapshot = (await owner.query("SELECT * FROM audit_record WHERE chain = 'tamper-chain' ORDER BY sequence")).rows;
    });
    afterEach(async () => {
      await tamper("DELETE FROM audit_record WHERE chain = 'tamper-chain'");
      const cols = Object.keys(snapshot[0]);
      for (const row of snapshot) {
        await tamper(`INSERT INTO audit_record (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => (c === 'sources' ? JSON.stringify(row[c]) : row[c])));
      }
      expect((await verify(kept)).ok).toBe(true);
    });

    it('finds an edited record, at its sequence', async () => {
      await tamper("UPDATE audit_record SET acting_for_name = 'Bloemendaal' WHERE chain = 'tamper-chain' AND sequence = 8");
      expect((await verify(kept)).firstBroken).toEqual({ chain: 'tamper-chain', sequence: 8, reason: 'CONTENT_ALTERED' });
    });

    it('finds a deleted record in the middle, at the missing sequence', async () => {
      await tamper("DELETE FROM audit_record WHERE chain = 'tamper-chain' AND sequence = 11");
      expect((await verify(kept)).firstBroken).toEqual({ chain: 'tamper-chain', sequence: 11, reason: 'RECORD_MISSING' });
    });

    it('finds reordered records, at the first moved one', async () => {
      await tamper("UPDATE audit_record SET sequence = -1 WHERE chain = 'tamper-chain' AND sequence = 5");
      await tamper("UPDATE audit_record SET sequence = 5 WHERE chain = 'tamper-chain' AND sequence = 6");
      await tamper("UPDATE audit_record SET sequence = 6 WHERE chain = 'tamper-chain' AND sequence = -1");
      expect((await verify(kept)).firstBroken).toEqual({ chain: 'tamper-chain', sequence: 5, reason: 'LINK_BROKEN' });
    });

    it('finds deleted newest records after a checkpoint, at the first missing sequence', async () => {
      await tamper("DELETE FROM audit_record WHERE chain = 'tamper-chain' AND sequence > 17");
      expect((await verify()).ok).toBe(true); // without a kept checkpoint a truncated chain looks whole
      expect((await verify(kept)).firstBroken).toEqual({ chain: 'tamper-chain', sequence: chainLength - 2, reason: 'RECORDS_MISSING_AFTER_CHECKPOINT' });
    });
  });

  it('tells Prometheus when the last checkpoint round finished and when checkpoints were last signed (the checkpoint-age alert)', async () => {
    const gauge = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await prometheusText())?.[1]);
    const writerCp = new CheckpointWriter(pgTransactor(writer.pool), new CheckpointStore(writer.pool), signer, topics.auditCheckpoints, () => undefined, () => Date.UTC(2026, 11, 6, 9, 0, 0));
    await storeEvents([attributedQuery({ actingFor: { ...ZANDVOORT, id: 'gauge-chain' }, occurredAt: Date.UTC(2026, 11, 6, 8, 59) })]);
    expect((await writerCp.writeDue()).map((c) => c.chain)).toContain('gauge-chain');
    expect(await gauge('inkijk_audit_checkpoint_round_at_seconds')).toBe(Date.UTC(2026, 11, 6, 9, 0, 0) / 1000);
    expect(await gauge('inkijk_audit_checkpoint_written_at_seconds')).toBe(Date.UTC(2026, 11, 6, 9, 0, 0) / 1000);
    // A round with nothing to sign still counts as a round; the last signing stays where it was.
    const later = new CheckpointWriter(pgTransactor(writer.pool), new CheckpointStore(writer.pool), signer, topics.auditCheckpoints, () => undefined, () => Date.UTC(2026, 11, 6, 9, 5, 0));
    expect(await later.writeDue()).toEqual([]);
    expect(await gauge('inkijk_audit_checkpoint_round_at_seconds')).toBe(Date.UTC(2026, 11, 6, 9, 5, 0) / 1000);
    expect(await gauge('inkijk_audit_checkpoint_written_at_seconds')).toBe(Date.UTC(2026, 11, 6, 9, 0, 0) / 1000);
  });
});
