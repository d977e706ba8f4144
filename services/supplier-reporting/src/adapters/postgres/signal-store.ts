/**
 * Signals in PostgreSQL (table misuse_signal), in plain SQL: inserted once per signal id (a second insert of
 * the same id changes nothing), listed per scope, reviewed once. Every method runs on the
 * caller's transaction.
 */
import type { SqlQuery } from '@inkijk/platform';
import type { SignalFilter, SignalRepository } from '../../app/ports';
import type { ReviewDecision, SignalStatus, StoredSignal } from '../../domain/signals/review';
import type { Signal, SignalEvidence, SignalKind, SignalSeverity } from '../../domain/signals/signal';

const ms = (column: string) => `round(extract(epoch from ${column}) * 1000)::float8`;
const COLUMNS = `signal_id, kind, severity, organisation_id, worker_user_id, subject_pseudonym, ${ms('window_start')} AS window_start, ${ms('window_end')} AS window_end,
  evidence, status, review_reason, reviewed_by, ${ms('reviewed_at')} AS reviewed_at, ${ms('detected_at')} AS detected_at`;

const num = (v: unknown): number => Number(v);
const evidenceOf = (v: unknown): SignalEvidence => (typeof v === 'string' ? JSON.parse(v) : v) as SignalEvidence;

function rowToSignal(r: Record<string, unknown>): StoredSignal {
  return {
    signalId: r.signal_id as string,
    kind: r.kind as SignalKind,
    severity: r.severity as SignalSeverity,
    organisationId: (r.organisation_id as string | null) ?? null,
    workerUserId: (r.worker_user_id as string | null) ?? null,
    subjectPseudonym: (r.subject_pseudonym as string | null) ?? null,
    windowStart: num(r.window_start),
    windowEnd: num(r.window_end),
    evidence: evidenceOf(r.evidence),
    status: r.status as SignalStatus,
    reviewReason: (r.review_reason as string | null) ?? null,
    reviewedBy: (r.reviewed_by as string | null) ?? null,
    reviewedAt: r.reviewed_at === null || r.reviewed_at === undefined ? null : num(r.reviewed_at),
    detectedAt: num(r.detected_at),
  };
}

export class PgSignalStore implements SignalRepository {
  async insertNew(sql: SqlQuery, signals: readonly Signal[]): Promise<Signal[]> {
    if (signals.length === 0) return [];
    const rows = signals.map((s) => ({
      signal_id: s.signalId,
      kind: s.kind,
      severity: s.severity,
      organisation_id: s.organisationId,
      worker_user_id: s.workerUserId,
      subject_pseudonym: s.subjectPseudonym,
      window_start: new Date(s.windowStart).toISOString(),
      window_end: new Date(s.windowEnd).toISOString(),
      evidence: s.evidence,
    }));
    const inserted = await sql(
      `INSERT INTO misuse_signal (signal_id, kind, severity, organisation_id, worker_user_id, subject_pseudonym, window_start, window_end, evidence)
       SELECT signal_id, kind, severity, organisation_id, worker_user_id, subject_pseudonym, window_start, window_end, evidence
         FROM jsonb_to_recordset($1::jsonb) AS x(signal_id text, kind text, severity text, organisation_id text, worker_user_id text, subject_pseudonym text,
                                                 window_start timestamptz, window_end timestamptz, evidence jsonb)
        ORDER BY signal_id
       ON CONFLICT (signal_id) DO NOTHING
       RETURNING signal_id`,
      [JSON.stringify(rows)],
    );
    const ids = new Set(inserted.map((r) => r.signal_id as string));
    return signals.filter((s) => ids.has(s.signalId));
  }

  async list(sql: SqlQuery, f: SignalFilter): Promise<StoredSignal[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (!f.scope.all) add((n) => `organisation_id = ${n}`, f.scope.organisationId);
    if (f.organisationId) add((n) => `organisation_id = ${n}`, f.organisationId);
    if (f.status) add((n) => `status = ${n}`, f.status);
    if (f.kind) add((n) => `kind = ${n}`, f.kind);
    params.push(f.limit);
    const rows = await sql(
      `SELECT ${COLUMNS} FROM misuse_signal ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY window_start DESC, signal_id LIMIT $${params.length}`,
      params,
    );
    return rows.map(rowToSignal);
  }

  async get(sql: SqlQuery, signalId: string, forUpdate = false): Promise<StoredSignal | null> {
    const rows = await sql(`SELECT ${COLUMNS} FROM misuse_signal WHERE signal_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [signalId]);
    return rows.length ? rowToSignal(rows[0]) : null;
  }

  async review(sql: SqlQuery, signalId: string, status: ReviewDecision, reason: string, by: string, at: number): Promise<void> {
    await sql('UPDATE misuse_signal SET status = $2, review_reason = $3, reviewed_by = $4, reviewed_at = $5 WHERE signal_id = $1', [signalId, status, reason, by, new Date(at).toISOString()]);
  }

  /** Signals per kind and status (for the metrics and the tests). */
  async countByKind(sql: SqlQuery): Promise<Array<{ kind: SignalKind; status: SignalStatus; n: number }>> {
    const rows = await sql('SELECT kind, status, count(*)::int AS n FROM misuse_signal GROUP BY kind, status ORDER BY kind, status', []);
    return rows.map((r) => ({ kind: r.kind as SignalKind, status: r.status as SignalStatus, n: num(r.n) }));
  }
}
