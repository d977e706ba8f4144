/**
 * Storage of the audit log: appending batches to the hash chains (inside the consumer's inbox
 * transaction), and reading records back for the queries, the export and the verifier.
 *
 * Appends take a transaction-scoped advisory lock per chain, read each chain's head from its
 * newest record, link the new records in memory and insert them with one statement. The role
 * needs no UPDATE anywhere; the unique (chain, sequence) is the last guard against two writers.
 */
import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { ActionEntry, ChainedEntry, ChainedRecord, Chained, DecisionEntry, LogEntry, RecordKind } from '../../domain/audit-entry';
import { chainOfEntry } from '../../domain/audit-entry';
import { ACTION_CANONICAL_VERSION, appendToChain, CANONICAL_VERSION, ChainHead, DECISION_CANONICAL_VERSION, emptyHead, sortedPairs } from '../../domain/hash-chain';
import type { ChainLink } from '../../domain/verifier';
import { CopyTextReader } from './copy-text';
import type { Period } from '../../domain/period';
import type { Scope } from '../../domain/access-policy';

/** What the append needs of a transaction: raw statements (Prisma's transaction client has these). */
export interface RawTx {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

/** The same over a pg client inside a transaction (the inbox's pgTransactor). */
export function rawTxOf(client: Pick<PoolClient, 'query'>): RawTx {
  return {
    $queryRawUnsafe: async <T,>(sql: string, ...values: unknown[]) => (await client.query(sql, values)).rows as T,
    $executeRawUnsafe: async (sql: string, ...values: unknown[]) => (await client.query(sql, values)).rowCount ?? 0,
  };
}

// date_part is float8 arithmetic, cheaper for the server than extract's numeric; exact to the ms.
const ms = (col: string) => `(date_part('epoch', ${col}) * 1000)::int8`;
// Bytes as the base64 the canonical content holds (encode() breaks lines after 76 characters).
const base64 = (col: string) => `translate(encode(${col}, 'base64'), E'\\n', '')`;

/**
 * Every stored column, in the order recordFromValues reads them, times as epoch milliseconds,
 * bytes as base64: the QUERY columns first (their positions unchanged), then kind and the
 * columns of ACTION and DECISION records (ADR 0018).
 * Rows are read as arrays of raw text (no per-type parsing): the verifier reads every record,
 * and this halves the client's cost per row.
 */
export const RECORD_COLUMNS = [
  'id', 'chain', 'sequence', 'hash', 'prev_hash', 'event_id', ms('recorded_at'),
  'trace_id', 'span_id', 'parent_span_id', 'name', ms('start_time'), ms('end_time'), 'status_code', 'processing_activity_id',
  'subject_id_type', 'subject_pseudonym', base64('subject_sealed_bsn'),
  'worker_user_id', 'worker_home_id', 'worker_home_cbs_code', 'worker_home_oin', 'worker_home_name',
  'acting_for_id', 'acting_for_cbs_code', 'acting_for_oin', 'acting_for_name', 'collaboration_id',
  'legal_domain', 'product', 'search_key_type', 'sources', 'whitelist_outcome', 'escape_reason',
  'decision_id', 'decision_result', 'decision_reason_code', 'rules_version', 'outcome',
  'kind', 'service', 'actor_roles', 'action', 'category', 'object_type', 'object_id', 'reason_code', 'details',
  'decision_escape', ms('evaluated_at'), 'reason_for_user', 'reason_for_administrator', 'read_model_offsets',
].join(', ');

/** pg settings: rows as arrays of the server's text, unparsed. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };
export const rawRows = (text: string, values: unknown[]) => ({ text, values, rowMode: 'array' as const, types: RAW_TEXT });

const INSERT_SQL = `
INSERT INTO audit_record (
  chain, sequence, hash, prev_hash, event_id, recorded_at,
  trace_id, span_id, parent_span_id, name, start_time, end_time, status_code, processing_activity_id,
  subject_id_type, subject_pseudonym, subject_sealed_bsn,
  worker_user_id, worker_home_id, worker_home_cbs_code, worker_home_oin, worker_home_name,
  acting_for_id, acting_for_cbs_code, acting_for_oin, acting_for_name, collaboration_id,
  legal_domain, product, search_key_type, sources, whitelist_outcome, escape_reason,
  decision_id, decision_result, decision_reason_code, rules_version, outcome,
  kind, service, actor_roles, action, category, object_type, object_id, reason_code, details,
  decision_escape, evaluated_at, reason_for_user, reason_for_administrator, read_model_offsets)
SELECT
  chain, sequence, hash, prev_hash, event_id, recorded_at,
  trace_id, span_id, parent_span_id, name, start_time, end_time, status_code, processing_activity_id,
  subject_id_type, subject_pseudonym, decode(subject_sealed_bsn, 'base64'),
  worker_user_id, worker_home_id, worker_home_cbs_code, worker_home_oin, worker_home_name,
  acting_for_id, acting_for_cbs_code, acting_for_oin, acting_for_name, collaboration_id,
  legal_domain, product, search_key_type, sources, whitelist_outcome, escape_reason,
  decision_id, decision_result, decision_reason_code, rules_version, outcome,
  kind, service, actor_roles, action, category, object_type, object_id, reason_code, details,
  decision_escape, evaluated_at, reason_for_user, reason_for_administrator, read_model_offsets
FROM json_to_recordset($1::json) AS x(
  chain text, sequence bigint, hash text, prev_hash text, event_id text, recorded_at timestamptz,
  trace_id text, span_id text, parent_span_id text, name text, start_time timestamptz, end_time timestamptz, status_code text, processing_activity_id text,
  subject_id_type text, subject_pseudonym text, subject_sealed_bsn text,
  worker_user_id text, worker_home_id text, worker_home_cbs_code text, worker_home_oin text, worker_home_name text,
  acting_for_id text, acting_for_cbs_code text, acting_for_oin text, acting_for_name text, collaboration_id text,
  legal_domain text, product text, search_key_type text, sources jsonb, whitelist_outcome text, escape_reason text,
  decision_id text, decision_result text, decision_reason_code text, rules_version text, outcome text,
  kind text, service text, actor_roles jsonb, action text, category text, object_type text, object_id text, reason_code text, details jsonb,
  decision_escape boolean, evaluated_at timestamptz, reason_for_user text, reason_for_administrator text, read_model_offsets jsonb)`;

const iso = (t: number) => new Date(t).toISOString();

function insertRow(r: ChainedEntry): Record<string, unknown> {
  if (r.kind === 'ACTION') return actionRow(r);
  if (r.kind === 'DECISION') return decisionRow(r);
  return queryRow(r);
}

const position = (r: ChainedEntry) => ({ chain: r.chain, sequence: r.sequence, hash: r.hash, prev_hash: r.prevHash, event_id: r.eventId, recorded_at: iso(r.recordedAt) });

function actionRow(r: Chained<ActionEntry>): Record<string, unknown> {
  return {
    ...position(r), kind: 'ACTION',
    trace_id: r.traceId, span_id: r.spanId, name: r.name, start_time: iso(r.startTime), end_time: iso(r.endTime), status_code: r.statusCode,
    subject_pseudonym: r.subjectPseudonym, worker_user_id: r.actor.userId, worker_home_id: r.actor.homeOrganisationId, acting_for_id: r.actingForId,
    outcome: r.outcome, service: r.service, actor_roles: r.actor.roles, action: r.action, category: r.category,
    object_type: r.object.type, object_id: r.object.id, reason_code: r.reasonCode, details: r.details,
  };
}

function decisionRow(r: Chained<DecisionEntry>): Record<string, unknown> {
  return {
    ...position(r), kind: 'DECISION',
    trace_id: r.traceId, name: r.name, start_time: iso(r.startTime), end_time: iso(r.endTime), status_code: r.statusCode,
    subject_pseudonym: r.subjectPseudonym, worker_user_id: r.worker.userId, worker_home_id: r.worker.homeMunicipalityId, acting_for_id: r.actingForId,
    collaboration_id: r.collaborationId, legal_domain: r.legalDomain, product: r.product, escape_reason: r.escapeReason,
    decision_id: r.decision.decisionId, decision_result: r.decision.result, decision_reason_code: r.decision.reasonCode, rules_version: r.decision.rulesVersion,
    decision_escape: r.decision.escape, evaluated_at: iso(r.evaluatedAt), reason_for_user: r.reasonForUser, reason_for_administrator: r.reasonForAdministrator,
    read_model_offsets: r.readModelOffsets,
  };
}

function queryRow(r: ChainedRecord): Record<string, unknown> {
  return {
    kind: 'QUERY',
    chain: r.chain, sequence: r.sequence, hash: r.hash, prev_hash: r.prevHash, event_id: r.eventId, recorded_at: iso(r.recordedAt),
    trace_id: r.traceId, span_id: r.spanId, parent_span_id: r.parentSpanId, name: r.name, start_time: iso(r.startTime), end_time: iso(r.endTime),
    status_code: r.statusCode, processing_activity_id: r.processingActivityId,
    subject_id_type: r.dataSubject?.idType ?? null, subject_pseudonym: r.dataSubject?.pseudonym ?? null,
    subject_sealed_bsn: r.dataSubject ? r.dataSubject.sealedBsn.toString('base64') : null,
    worker_user_id: r.worker.userId, worker_home_id: r.worker.homeMunicipality.id, worker_home_cbs_code: r.worker.homeMunicipality.cbsCode,
    worker_home_oin: r.worker.homeMunicipality.oin, worker_home_name: r.worker.homeMunicipality.name,
    acting_for_id: r.actingFor.id, acting_for_cbs_code: r.actingFor.cbsCode, acting_for_oin: r.actingFor.oin, acting_for_name: r.actingFor.name,
    collaboration_id: r.collaborationId, legal_domain: r.legalDomain, product: r.product, search_key_type: r.searchKeyType,
    sources: r.sources, whitelist_outcome: r.whitelist.outcome, escape_reason: r.whitelist.escapeReason,
    decision_id: r.decision.decisionId, decision_result: r.decision.result, decision_reason_code: r.decision.reasonCode,
    rules_version: r.decision.rulesVersion, outcome: r.outcome,
  };
}

type SourceJson = { supplier: string; outcome: string; durationMs: number; personListsProvided: number };

/** A stored row (RECORD_COLUMNS, raw text; null for SQL NULL) as a chained record of its kind. */
export function recordFromValues(v: Array<string | null>): ChainedEntry & { id: string } {
  if (v[39] === 'ACTION') return actionFromValues(v);
  if (v[39] === 'DECISION') return decisionFromValues(v);
  return queryFromValues(v);
}

/** The columns every kind shares: the row's id and its place in its chain. */
const placeOf = (v: Array<string | null>) => ({
  id: v[0]!,
  chain: v[1]!,
  sequence: Number(v[2]),
  hash: v[3]!,
  prevHash: v[4]!,
  eventId: v[5]!,
  recordedAt: Number(v[6]),
});

/** A stored QUERY row as a chained record. */
export function queryFromValues(v: Array<string | null>): ChainedRecord & { id: string; kind: 'QUERY' } {
  const sealed = v[17];
  return {
    kind: 'QUERY',
    ...placeOf(v),
    traceId: v[7]!,
    spanId: v[8]!,
    parentSpanId: v[9],
    name: v[10]!,
    startTime: Number(v[11]),
    endTime: Number(v[12]),
    statusCode: v[13] as ChainedRecord['statusCode'],
    processingActivityId: v[14]!,
    dataSubject:
      v[15] === null && v[16] === null && sealed === null
        ? null
        : { idType: v[15] ?? '', pseudonym: v[16] ?? '', sealedBsn: sealed === null ? Buffer.alloc(0) : Buffer.from(sealed, 'base64') },
    worker: { userId: v[18]!, homeMunicipality: { id: v[19]!, cbsCode: v[20], oin: v[21]!, name: v[22]! } },
    actingFor: { id: v[23]!, cbsCode: v[24], oin: v[25]!, name: v[26]! },
    collaborationId: v[27],
    legalDomain: v[28]!,
    product: v[29]!,
    searchKeyType: v[30]!,
    sources: (JSON.parse(v[31]!) as SourceJson[]).map((s) => ({ supplier: s.supplier, outcome: s.outcome, durationMs: s.durationMs, personListsProvided: s.personListsProvided })),
    whitelist: { outcome: v[32]!, escapeReason: v[33] },
    decision: { decisionId: v[34]!, result: v[35]!, reasonCode: v[36], rulesVersion: v[37]! },
    outcome: v[38]!,
  };
}

function actionFromValues(v: Array<string | null>): Chained<ActionEntry> & { id: string } {
  return {
    kind: 'ACTION',
    ...placeOf(v),
    traceId: v[7]!,
    spanId: v[8]!,
    name: v[10]!,
    startTime: Number(v[11]),
    endTime: Number(v[12]),
    statusCode: v[13] as ActionEntry['statusCode'],
    service: v[40]!,
    actor: { userId: v[18], homeOrganisationId: v[19], roles: JSON.parse(v[41]!) as string[] },
    actingForId: v[23]!,
    action: v[42]!,
    category: v[43]!,
    object: { type: v[44]!, id: v[45] },
    outcome: v[38]!,
    reasonCode: v[46],
    subjectPseudonym: v[16],
    details: JSON.parse(v[47]!) as Record<string, string>,
  };
}

function decisionFromValues(v: Array<string | null>): Chained<DecisionEntry> & { id: string } {
  return {
    kind: 'DECISION',
    ...placeOf(v),
    traceId: v[7],
    name: v[10]!,
    startTime: Number(v[11]),
    endTime: Number(v[12]),
    statusCode: v[13] as DecisionEntry['statusCode'],
    worker: { userId: v[18]!, homeMunicipalityId: v[19]! },
    actingForId: v[23]!,
    product: v[29]!,
    legalDomain: v[28]!,
    evaluatedAt: Number(v[49]),
    subjectPseudonym: v[16],
    escapeReason: v[33],
    collaborationId: v[27],
    decision: { decisionId: v[34]!, result: v[35]!, reasonCode: v[36], rulesVersion: v[37]!, escape: v[48] === 't' },
    reasonForUser: v[50],
    reasonForAdministrator: v[51],
    readModelOffsets: JSON.parse(v[52]!) as Record<string, number>,
  };
}

export type StoredRecord = ReturnType<typeof recordFromValues>;
export type StoredQuery = ReturnType<typeof queryFromValues>;

/**
 * A stored row straight to what the verifier needs, without building the record: the same
 * canonical content as `canonicalContentOf(recordFromValues(v))` (a test holds the two equal),
 * at about half the cost per row for QUERY rows, the bulk of the log.
 */
export function linkOfRow(v: Array<string | null>): ChainLink {
  const kind = v[39];
  let content: string;
  if (kind === 'ACTION') {
    content = JSON.stringify([
      ACTION_CANONICAL_VERSION, v[1], Number(v[2]), v[5], Number(v[6]), v[7], v[8], v[10], Number(v[11]), Number(v[12]), v[13],
      v[40], v[18], v[19], JSON.parse(v[41]!), v[23], v[42], v[43], v[44], v[45], v[38], v[46], v[16], sortedPairs(JSON.parse(v[47]!) as Record<string, string>),
    ]);
  } else if (kind === 'DECISION') {
    content = JSON.stringify([
      DECISION_CANONICAL_VERSION, v[1], Number(v[2]), v[5], Number(v[6]), v[7], v[10], Number(v[11]), Number(v[12]), v[13],
      v[18], v[19], v[23], v[29], v[28], Number(v[49]), v[16], v[33], v[27],
      v[34], v[35], v[36], v[37], v[48] === 't' ? 1 : 0, v[50], v[51], sortedPairs(JSON.parse(v[52]!) as Record<string, number>),
    ]);
  } else {
    const sealed = v[17];
    const noSubject = v[15] === null && v[16] === null && sealed === null;
    const sources = (JSON.parse(v[31]!) as SourceJson[]).map((s) => [s.supplier, s.outcome, s.durationMs, s.personListsProvided]);
    content = JSON.stringify([
      CANONICAL_VERSION, v[1], Number(v[2]), v[5], Number(v[6]), v[7], v[8], v[9], v[10], Number(v[11]), Number(v[12]), v[13], v[14],
      noSubject ? null : (v[15] ?? ''), noSubject ? null : (v[16] ?? ''), noSubject ? null : (sealed ?? ''),
      v[18], v[19], v[20], v[21], v[22],
      v[23], v[24], v[25], v[26], v[27],
      v[28], v[29], v[30], sources, v[32], v[33],
      v[34], v[35], v[36], v[37], v[38],
    ]);
  }
  return { chain: v[1]!, sequence: Number(v[2]), hash: v[3]!, prevHash: v[4]!, content };
}

/** Criteria of a record search; every given criterion must hold, and at least one scope. */
export interface RecordSearch {
  scopes: Scope[];
  actingForId?: string;
  workerUserId?: string;
  subjectPseudonym?: string;
  traceId?: string;
  /** Only these kinds (absent: every kind). */
  kinds?: readonly RecordKind[];
  /** ACTION records of this category / action only (no other kind). */
  category?: string;
  action?: string;
  period?: Period;
  /** Keyset position: records after (startTime, id). */
  after?: { startTime: number; id: string };
  limit: number;
}

export class AuditStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Appends entries to their chains inside the caller's transaction, in the given order per
   * chain. Returns the stored records.
   */
  async append(tx: RawTx, entries: LogEntry[]): Promise<ChainedEntry[]> {
    if (entries.length === 0) return [];
    const byChain = new Map<string, LogEntry[]>();
    for (const e of entries) {
      const chain = chainOfEntry(e);
      const list = byChain.get(chain);
      if (list) list.push(e);
      else byChain.set(chain, [e]);
    }
    const chains = [...byChain.keys()].sort();
    await tx.$executeRawUnsafe('INSERT INTO audit_chain (chain) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', chains);
    // One writer per chain at a time; locks taken in a fixed order, released at commit.
    await tx.$queryRawUnsafe('SELECT pg_advisory_xact_lock(hashtextextended(c, 0))::text FROM (SELECT c FROM unnest($1::text[]) AS c ORDER BY c) s', chains);
    const heads = await tx.$queryRawUnsafe<Array<{ chain: string; sequence: string; hash: string }>>(
      `SELECT c.chain, r.sequence::text AS sequence, r.hash FROM unnest($1::text[]) AS c(chain)
       CROSS JOIN LATERAL (SELECT sequence, hash FROM audit_record WHERE audit_record.chain = c.chain ORDER BY sequence DESC LIMIT 1) r`,
      chains,
    );
    const headOf = new Map<string, ChainHead>(heads.map((h) => [h.chain, { chain: h.chain, sequence: Number(h.sequence), hash: h.hash }]));
    const records: ChainedEntry[] = [];
    for (const chain of chains) records.push(...appendToChain(headOf.get(chain) ?? emptyHead(chain), byChain.get(chain)!).records);
    await tx.$executeRawUnsafe(INSERT_SQL, JSON.stringify(records.map(insertRow)));
    return records;
  }

  /** Records matching the search, ordered by start time, then id. */
  async search(s: RecordSearch): Promise<StoredRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (s.actingForId !== undefined) where.push(`acting_for_id = ${p(s.actingForId)}`);
    if (s.workerUserId !== undefined) where.push(`worker_user_id = ${p(s.workerUserId)}`);
    if (s.subjectPseudonym !== undefined) where.push(`subject_pseudonym = ${p(s.subjectPseudonym)}`);
    if (s.traceId !== undefined) where.push(`trace_id = ${p(s.traceId)}`);
    if (s.kinds !== undefined) where.push(`kind = ANY(${p(s.kinds)}::text[])`);
    if (s.category !== undefined) where.push(`kind = 'ACTION' AND category = ${p(s.category)}`);
    if (s.action !== undefined) where.push(`kind = 'ACTION' AND action = ${p(s.action)}`);
    if (s.period?.from != null) where.push(`start_time >= ${p(iso(s.period.from))}::timestamptz`);
    if (s.period?.to != null) where.push(`start_time < ${p(iso(s.period.to))}::timestamptz`);
    if (s.after) where.push(`(start_time, id) > (${p(iso(s.after.startTime))}::timestamptz, ${p(s.after.id)}::bigint)`);
    // A worker's own records: the queries they made and the actions they performed.
    const scopes = s.scopes.map((sc) =>
      sc.kind === 'ALL' ? 'TRUE' : sc.kind === 'ACTING_FOR' ? `acting_for_id = ${p(sc.municipalityId)}` : `(worker_user_id = ${p(sc.userId)} AND kind IN ('QUERY', 'ACTION'))`,
    );
    where.push(scopes.length ? `(${scopes.join(' OR ')})` : 'FALSE');
    const sql = `SELECT ${RECORD_COLUMNS} FROM audit_record WHERE ${where.join(' AND ')} ORDER BY start_time, id LIMIT ${p(s.limit)}`;
    const { rows } = await this.pool.query<Array<string | null>>(rawRows(sql, params));
    return rows.map(recordFromValues);
  }

  /**
   * The chains that have records (from the records, not audit_chain), each with its highest
   * sequence as its size (its record count when intact; the verifier uses it to share the work).
   * A skip scan over the (chain, sequence) index: one index descent per chain, not a full count.
   */
  async chains(): Promise<Array<{ chain: string; records: number }>> {
    const { rows } = await this.pool.query(`
      WITH RECURSIVE c AS (
        SELECT min(chain) AS chain FROM audit_record
        UNION ALL
        SELECT (SELECT min(chain) FROM audit_record WHERE chain > c.chain) FROM c WHERE c.chain IS NOT NULL)
      SELECT chain, (SELECT max(sequence) FROM audit_record r WHERE r.chain = c.chain)::int AS records FROM c WHERE chain IS NOT NULL ORDER BY chain`);
    return rows as Array<{ chain: string; records: number }>;
  }

  /**
   * Every record of the given chains (all when absent), chain by chain in sequence order, as
   * verifier links, in pages as the rows arrive. One COPY per call: the server streams the rows
   * while `onPage` hashes the previous ones.
   */
  async scanLinks(onPage: (links: ChainLink[]) => void, opts: { chains?: string[] } = {}): Promise<void> {
    const chains = opts.chains ?? (await this.chains()).map((c) => c.chain);
    if (chains.length === 0) return;
    const client = await this.pool.connect();
    try {
      // The order comes from the (chain, sequence) index, never from sorting wide rows (which
      // would spill to disk); the parallelism is the verifier's own threads, not the server's.
      await client.query('BEGIN READ ONLY');
      await client.query('SET LOCAL enable_sort = off');
      await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
      // COPY takes no parameters: the chain ids go in as escaped literals.
      const list = chains.map((c) => client.escapeLiteral(c)).join(', ');
      const stream = client.query(copyTo(`COPY (SELECT ${RECORD_COLUMNS} FROM audit_record WHERE chain IN (${list}) ORDER BY chain, sequence) TO STDOUT`));
      const reader = new CopyTextReader();
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const rows = reader.push(chunk);
        if (rows.length > 0) onPage(rows.map(linkOfRow));
      }
      reader.end();
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query('SELECT count(*)::int AS n FROM audit_record');
    return rows[0].n as number;
  }
}
