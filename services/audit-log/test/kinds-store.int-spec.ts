/**
 * The three kinds of record in the store (ADR 0018), on a real PostgreSQL database as the
 * writer role: a log written before the migration verifies unchanged after it; queries, actions
 * and decisions appended concurrently by their three consumers to one chain stay one intact
 * chain (the per-chain lock); rows read back for the verifier give exactly the content they
 * were hashed with; a row missing what its kind needs is refused by the database.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { audit, authorization, query } from '@inkijk/contracts';
import { Inbox, pgTransactor } from '@inkijk/platform';
import { createMigratedDatabase } from '@inkijk/prisma-tools/testing';
import { deployMigrations } from '@inkijk/prisma-tools';
import { attributedQuery, HAARLEM, ZANDVOORT } from '@inkijk/testing';
import { AuditDb } from '../src/adapters/postgres/audit-db';
import { RECORD_COLUMNS, recordFromValues } from '../src/adapters/postgres/audit-record-row';
import { AuditStore, rawRows } from '../src/adapters/postgres/audit-store';
import { IngestActivity, IngestAttributedQueries, IngestDecisions } from '../src/app/ingest';
import { verifyAuditLog } from '../src/app/verify-log';
import { auditEntryOf } from '../src/domain/audit-entry';
import { appendToChain, canonicalContentOf, emptyHead } from '../src/domain/hash-chain';
import type { ChainLink } from '../src/domain/verifier';
import { AUDIT_WRITER_ROLE } from '../src/config';
import { auditDatabase, MIGRATIONS_DIR } from './support';

const T = Date.UTC(2026, 10, 16, 10);

function activity(actingForId: string, over: Partial<audit.ActivityEvent> = {}): audit.ActivityEvent {
  return {
    eventId: randomUUID(),
    occurredAt: T,
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    service: 'registration',
    actor: { userId: 'admin-1', homeOrganisationId: actingForId, roles: ['USER_ADMINISTRATOR'] },
    actingForId,
    action: 'USER_CHANGED',
    object: { type: 'USER', id: 'u-2' },
    outcome: 'SUCCEEDED',
    reasonCode: null,
    subjectPseudonym: null,
    details: { roles: 'WORKER' },
    ...over,
  };
}

function decision(actingForId: string, over: Partial<authorization.AccessDecisionRecord> = {}): authorization.AccessDecisionRecord {
  return {
    decisionId: randomUUID(),
    decidedAt: T,
    traceId: randomBytes(16).toString('hex'),
    subject: { userId: 'user-haarlem-1', homeMunicipalityId: HAARLEM.id },
    action: 'brp-persoon',
    resource: { dataSubjectPseudonym: null },
    context: { actingForMunicipalityId: actingForId, legalDomain: 'PARTICIPATIEWET', at: T, escapeReason: null },
    decision: 'PERMIT',
    escape: false,
    collaborationId: null,
    reasonCode: null,
    reasonForUser: null,
    reasonForAdministrator: null,
    rulesVersion: 'rules-1',
    readModelOffsets: { 'inkijk.registration.users.v1:0': 3 },
    ...over,
  };
}

describe('queries, actions and decisions in the store', () => {
  let db: Awaited<ReturnType<typeof auditDatabase>>;
  let writer: AuditDb;
  let store: AuditStore;

  beforeAll(async () => {
    db = await auditDatabase('audit_kinds_test');
    writer = new AuditDb(db.writerUrl);
    store = new AuditStore(writer.pool);
  });

  afterAll(async () => {
    await writer?.close();
    await db?.drop();
  });

  const inbox = () => new Inbox(pgTransactor(writer.pool));

  it('keeps one chain intact while the three consumers append to it at the same time (per-chain lock)', async () => {
    const q = new IngestAttributedQueries(store);
    const a = new IngestActivity(store);
    const d = new IngestDecisions(store);
    const runs: Array<Promise<unknown>> = [];
    for (let i = 0; i < 4; i++) {
      const qs = Array.from({ length: 25 }, () => attributedQuery({ actingFor: HAARLEM, collaborationId: null }));
      const as = Array.from({ length: 25 }, () => activity(HAARLEM.id));
      const ds = Array.from({ length: 25 }, () => decision(HAARLEM.id));
      runs.push(inbox().runOnce('g-queries', qs.map((e) => e.eventId), (_fresh, client) => q.handle(qs, client)));
      runs.push(inbox().runOnce('g-activity', as.map((e) => e.eventId), (_fresh, client) => a.handle(as, client)));
      runs.push(inbox().runOnce('g-decisions', ds.map((e) => e.decisionId), (_fresh, client) => d.handle(ds, client)));
    }
    await Promise.all(runs);
    const { rows } = await writer.pool.query("SELECT kind, count(*)::int AS n, max(sequence)::int AS head FROM audit_record WHERE chain = $1 GROUP BY kind ORDER BY kind", [HAARLEM.id]);
    expect(rows.map((r) => [r.kind, r.n])).toEqual([['ACTION', 100], ['DECISION', 100], ['QUERY', 100]]);
    expect(Math.max(...rows.map((r) => r.head))).toBe(300);
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checkedRecords: 300, chains: 1 });
  });

  it('reads ACTION and DECISION rows back for the verifier with exactly the content they were hashed with', async () => {
    const odd = 'odd-chain';
    const a = new IngestActivity(store);
    const d = new IngestDecisions(store);
    await inbox().runOnce('g', ['x1'], (_f, client) =>
      a.handle(
        [
          activity(odd, { details: { note: 'tab\there "quoted" \\N back\\slash', 'z-last': 'ü 😀', a: '' }, object: { type: 'USER', id: null }, actor: { userId: null, homeOrganisationId: null, roles: [] } }),
          activity(odd, { outcome: 'REFUSED', reasonCode: 'INVALID_CREDENTIALS', subjectPseudonym: 'a'.repeat(64) }),
        ],
        client,
      ),
    );
    await inbox().runOnce('g', ['x2'], (_f, client) =>
      d.handle([decision(odd, { traceId: null, escape: true, reasonForUser: 'Súdwest\nFryslân', readModelOffsets: { 'b:1': 9007199254740991, 'a:0': 0 } }), decision(odd, { decision: 'DENY', reasonCode: 'NOT_ON_WHITELIST', readModelOffsets: {} })], client),
    );
    const links: ChainLink[] = [];
    await store.scanLinks((page) => links.push(...page), { chains: [odd] });
    const { rows } = await writer.pool.query(rawRows(`SELECT ${RECORD_COLUMNS} FROM audit_record WHERE chain = $1 ORDER BY sequence`, [odd]));
    const records = (rows as Array<Array<string | null>>).map(recordFromValues);
    expect(records.map((r) => r.kind)).toEqual(['ACTION', 'ACTION', 'DECISION', 'DECISION']);
    expect(links.map((l) => l.content)).toEqual(records.map((r) => canonicalContentOf(r.chain, r.sequence, r)));
    const first = records[0];
    expect(first.kind === 'ACTION' && first.details).toEqual({ note: 'tab\there "quoted" \\N back\\slash', 'z-last': 'ü 😀', a: '' });
    const third = records[2];
    expect(third.kind === 'DECISION' && [third.traceId, third.decision.escape, third.readModelOffsets['b:1']]).toEqual([null, true, 9007199254740991]);
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('refuses a row that lacks what its kind needs, and a kind it does not know', async () => {
    await expect(writer.pool.query("INSERT INTO audit_record (chain, sequence, hash, prev_hash, event_id, recorded_at, name, start_time, end_time, status_code, acting_for_id, kind) VALUES ('x', 1, $1, $1, 'e-x', now(), 'n', now(), now(), 'STATUS_CODE_OK', 'x', 'ACTION')", ['0'.repeat(64)])).rejects.toMatchObject({
      message: expect.stringMatching(/an ACTION record lacks a required column/),
    });
    await expect(writer.pool.query("INSERT INTO audit_record (chain, sequence, hash, prev_hash, event_id, recorded_at, name, start_time, end_time, status_code, acting_for_id) VALUES ('x', 1, $1, $1, 'e-y', now(), 'n', now(), now(), 'STATUS_CODE_OK', 'x')", ['0'.repeat(64)])).rejects.toMatchObject({
      message: expect.stringMatching(/a QUERY record lacks a required column/),
    });
    await expect(writer.pool.query("INSERT INTO audit_record (chain, sequence, hash, prev_hash, event_id, recorded_at, name, start_time, end_time, status_code, acting_for_id, kind) VALUES ('x', 1, $1, $1, 'e-z', now(), 'n', now(), now(), 'STATUS_CODE_OK', 'x', 'OTHER')", ['0'.repeat(64)])).rejects.toMatchObject({
      message: expect.stringMatching(/unknown kind of audit record/),
    });
  });
});

describe('a log written before actions and decisions existed', () => {
  it('verifies unchanged after the migration, and its chains go on with actions and decisions', async () => {
    // A database at the first migration only, with rows inserted as the code of that time did.
    const first = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-first-migration-'));
    const [initial] = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{14}_/.test(f)).sort();
    fs.cpSync(path.join(MIGRATIONS_DIR, initial), path.join(first, initial), { recursive: true });
    fs.copyFileSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(first, 'migration_lock.toml'));
    const db = await createMigratedDatabase({ migrationsDir: first, prefix: 'audit_upgrade_test' });
    const owner = new Pool({ connectionString: db.url, max: 2 });
    const writerUrl = new URL(db.url);
    writerUrl.username = AUDIT_WRITER_ROLE;
    writerUrl.password = '';
    try {
      const events: query.AttributedQuery[] = [
        attributedQuery({ actingFor: ZANDVOORT, occurredAt: T }),
        { ...attributedQuery({ actingFor: ZANDVOORT, occurredAt: T + 1 }), dataSubject: null, sources: [] },
        attributedQuery({ actingFor: HAARLEM, collaborationId: null, occurredAt: T + 2 }),
      ];
      const byChain = new Map<string, ReturnType<typeof auditEntryOf>[]>();
      for (const e of events) byChain.set(e.actingFor.id, [...(byChain.get(e.actingFor.id) ?? []), auditEntryOf(e, T + 10)]);
      for (const [chain, entries] of byChain) {
        for (const r of appendToChain(emptyHead(chain), entries).records) {
          await owner.query(
            `INSERT INTO audit_record (chain, sequence, hash, prev_hash, event_id, recorded_at, trace_id, span_id, parent_span_id, name, start_time, end_time, status_code,
               processing_activity_id, subject_id_type, subject_pseudonym, subject_sealed_bsn, worker_user_id, worker_home_id, worker_home_cbs_code, worker_home_oin,
               worker_home_name, acting_for_id, acting_for_cbs_code, acting_for_oin, acting_for_name, collaboration_id, legal_domain, product, search_key_type, sources,
               whitelist_outcome, escape_reason, decision_id, decision_result, decision_reason_code, rules_version, outcome)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,$36,$37,$38)`,
            [
              r.chain, r.sequence, r.hash, r.prevHash, r.eventId, new Date(r.recordedAt), r.traceId, r.spanId, r.parentSpanId, r.name, new Date(r.startTime), new Date(r.endTime), r.statusCode,
              r.processingActivityId, r.dataSubject?.idType ?? null, r.dataSubject?.pseudonym ?? null, r.dataSubject?.sealedBsn ?? null, r.worker.userId, r.worker.homeMunicipality.id,
              r.worker.homeMunicipality.cbsCode, r.worker.homeMunicipality.oin, r.worker.homeMunicipality.name, r.actingFor.id, r.actingFor.cbsCode, r.actingFor.oin, r.actingFor.name,
              r.collaborationId, r.legalDomain, r.product, r.searchKeyType, JSON.stringify(r.sources), r.whitelist.outcome, r.whitelist.escapeReason, r.decision.decisionId,
              r.decision.result, r.decision.reasonCode, r.decision.rulesVersion, r.outcome,
            ],
          );
        }
      }
      // Now the new migrations (kinds; the completeness index and the citizens' notifications, which leave the log alone), then the new code.
      expect(await deployMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR })).toEqual(['20261206042508_audit_actions_decisions', '20261206055900_completeness', '20261206090000_citizen_notifications']);
      expect((await owner.query('SELECT DISTINCT kind FROM audit_record')).rows).toEqual([{ kind: 'QUERY' }]);
      const writer = new AuditDb(writerUrl.toString());
      try {
        const store = new AuditStore(writer.pool);
        expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checkedRecords: 3, chains: 2 });
        const inbox = new Inbox(pgTransactor(writer.pool));
        await inbox.runOnce('g', ['a'], (_f, client) => new IngestActivity(store).handle([activity(ZANDVOORT.id)], client));
        await inbox.runOnce('g', ['d'], (_f, client) => new IngestDecisions(store).handle([decision(ZANDVOORT.id)], client));
        expect((await owner.query('SELECT kind, sequence::int AS s FROM audit_record WHERE chain = $1 ORDER BY sequence', [ZANDVOORT.id])).rows).toEqual([
          { kind: 'QUERY', s: 1 },
          { kind: 'QUERY', s: 2 },
          { kind: 'ACTION', s: 3 },
          { kind: 'DECISION', s: 4 },
        ]);
        expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checkedRecords: 5, chains: 2 });
        expect(await writer.mayAlterLog()).toBe(false);
      } finally {
        await writer.close();
      }
    } finally {
      await owner.end();
      await db.drop();
      fs.rmSync(first, { recursive: true, force: true });
    }
  });
});
