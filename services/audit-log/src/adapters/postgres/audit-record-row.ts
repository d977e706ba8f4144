/**
 * The audit_record row: its columns, declared once in their order, and the mapping between a
 * row and a chained record of its kind. Every statement of the store is built from this one
 * list: the INSERT of an append, the SELECT of a search and the COPY of a verifier scan.
 *
 * Rows are read as arrays of raw text (no per-type parsing), times as epoch milliseconds and
 * bytes as base64: the verifier reads every record, and this halves the client's cost per row.
 */
import type { ActionEntry, Chained, ChainedEntry, ChainedRecord, DecisionEntry } from '../../domain/audit-entry';
import { ACTION_CANONICAL_VERSION, CANONICAL_VERSION, DECISION_CANONICAL_VERSION, sortedPairs } from '../../domain/hash-chain';
import type { ChainLink } from '../../domain/verifier';
import type { StoredQuery, StoredRecord } from '../../app/ports';

/** How a column is stored; `bytea` travels as base64 text both ways. */
type ColumnType = 'text' | 'bigint' | 'timestamptz' | 'jsonb' | 'boolean' | 'bytea';

/**
 * The columns an append writes, in the order a row is read (after the database's `id`): the
 * QUERY columns first (their positions unchanged), then kind and the columns of ACTION and
 * DECISION records (ADR 0018).
 */
const WRITTEN = [
  ['chain', 'text'], ['sequence', 'bigint'], ['hash', 'text'], ['prev_hash', 'text'], ['event_id', 'text'], ['recorded_at', 'timestamptz'],
  ['trace_id', 'text'], ['span_id', 'text'], ['parent_span_id', 'text'], ['name', 'text'], ['start_time', 'timestamptz'], ['end_time', 'timestamptz'],
  ['status_code', 'text'], ['processing_activity_id', 'text'],
  ['subject_id_type', 'text'], ['subject_pseudonym', 'text'], ['subject_sealed_bsn', 'bytea'],
  ['worker_user_id', 'text'], ['worker_home_id', 'text'], ['worker_home_cbs_code', 'text'], ['worker_home_oin', 'text'], ['worker_home_name', 'text'],
  ['acting_for_id', 'text'], ['acting_for_cbs_code', 'text'], ['acting_for_oin', 'text'], ['acting_for_name', 'text'], ['collaboration_id', 'text'],
  ['legal_domain', 'text'], ['product', 'text'], ['search_key_type', 'text'], ['sources', 'jsonb'], ['whitelist_outcome', 'text'], ['escape_reason', 'text'],
  ['decision_id', 'text'], ['decision_result', 'text'], ['decision_reason_code', 'text'], ['rules_version', 'text'], ['outcome', 'text'],
  ['kind', 'text'], ['service', 'text'], ['actor_roles', 'jsonb'], ['action', 'text'], ['category', 'text'], ['object_type', 'text'], ['object_id', 'text'],
  ['reason_code', 'text'], ['details', 'jsonb'],
  ['decision_escape', 'boolean'], ['evaluated_at', 'timestamptz'], ['reason_for_user', 'text'], ['reason_for_administrator', 'text'], ['read_model_offsets', 'jsonb'],
] as const satisfies ReadonlyArray<readonly [string, ColumnType]>;

type WrittenColumn = (typeof WRITTEN)[number][0];
type Column = 'id' | WrittenColumn;

/** A stored row as read: every column's raw text in RECORD_COLUMNS order, null for SQL NULL. */
export type RecordRow = Array<string | null>;

/** Each column's position in a row as read. */
const C = Object.fromEntries((['id', ...WRITTEN.map(([name]) => name)] as Column[]).map((name, i) => [name, i])) as Readonly<Record<Column, number>>;

// date_part is float8 arithmetic, cheaper for the server than extract's numeric; exact to the ms.
const ms = (col: string) => `(date_part('epoch', ${col}) * 1000)::int8`;
// Bytes as the base64 the canonical content holds (encode() breaks lines after 76 characters).
const base64 = (col: string) => `translate(encode(${col}, 'base64'), E'\\n', '')`;

function readExpression(name: string, type: ColumnType): string {
  if (type === 'timestamptz') return ms(name);
  if (type === 'bytea') return base64(name);
  return name;
}

/** The SELECT list of a row as read (RecordRow), for a query or a COPY. */
export const RECORD_COLUMNS = ['id', ...WRITTEN.map(([name, type]) => readExpression(name, type))].join(', ');

/** Appends rows in the text format of COPY (copyRows): one COPY per append. */
export const COPY_RECORDS_SQL = `COPY audit_record (${WRITTEN.map(([name]) => name).join(', ')}) FROM STDIN`;

type InsertRow = Partial<Record<WrittenColumn, unknown>>;

const iso = (t: number) => new Date(t).toISOString();

/** The records as COPY text: a line per record, its WRITTEN columns tab-separated, \N for null. */
export function copyRows(records: readonly ChainedEntry[]): string {
  let text = '';
  for (const r of records) {
    const row = insertRow(r);
    for (let i = 0; i < WRITTEN.length; i++) {
      const [name, type] = WRITTEN[i];
      text += (i === 0 ? '' : '\t') + copyValue(row[name], type);
    }
    text += '\n';
  }
  return text;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A value in COPY's text format: backslash, newline, return and tab escaped. */
function copyText(s: string): string {
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]) : s;
}

function copyValue(v: unknown, type: ColumnType): string {
  if (v === undefined || v === null) return '\\N';
  switch (type) {
    case 'jsonb':
      return copyText(JSON.stringify(v));
    case 'boolean':
      return v ? 't' : 'f';
    case 'bytea': // a Buffer, in bytea's hex input (\x...) with its backslash escaped for COPY
      return `\\\\x${(v as Buffer).toString('hex')}`;
    default:
      return copyText(String(v));
  }
}

function insertRow(r: ChainedEntry): InsertRow {
  if (r.kind === 'ACTION') return actionRow(r);
  if (r.kind === 'DECISION') return decisionRow(r);
  return queryRow(r);
}

// Object.assign onto the position rather than a spread into a literal: V8 builds the spread of
// ~40 keys on its slow path, which was most of the ingest's CPU per record (about 56 us).
const position = (r: ChainedEntry): InsertRow => ({ chain: r.chain, sequence: r.sequence, hash: r.hash, prev_hash: r.prevHash, event_id: r.eventId, recorded_at: iso(r.recordedAt) });

function actionRow(r: Chained<ActionEntry>): InsertRow {
  return Object.assign(position(r), {
    kind: 'ACTION',
    trace_id: r.traceId, span_id: r.spanId, name: r.name, start_time: iso(r.startTime), end_time: iso(r.endTime), status_code: r.statusCode,
    subject_pseudonym: r.subjectPseudonym, worker_user_id: r.actor.userId, worker_home_id: r.actor.homeOrganisationId, acting_for_id: r.actingForId,
    outcome: r.outcome, service: r.service, actor_roles: r.actor.roles, action: r.action, category: r.category,
    object_type: r.object.type, object_id: r.object.id, reason_code: r.reasonCode, details: r.details,
  });
}

function decisionRow(r: Chained<DecisionEntry>): InsertRow {
  return Object.assign(position(r), {
    kind: 'DECISION',
    trace_id: r.traceId, name: r.name, start_time: iso(r.startTime), end_time: iso(r.endTime), status_code: r.statusCode,
    subject_pseudonym: r.subjectPseudonym, worker_user_id: r.worker.userId, worker_home_id: r.worker.homeMunicipalityId, acting_for_id: r.actingForId,
    collaboration_id: r.collaborationId, legal_domain: r.legalDomain, product: r.product, escape_reason: r.escapeReason,
    decision_id: r.decision.decisionId, decision_result: r.decision.result, decision_reason_code: r.decision.reasonCode, rules_version: r.decision.rulesVersion,
    decision_escape: r.decision.escape, evaluated_at: iso(r.evaluatedAt), reason_for_user: r.reasonForUser, reason_for_administrator: r.reasonForAdministrator,
    read_model_offsets: r.readModelOffsets,
  });
}

function queryRow(r: ChainedRecord): InsertRow {
  return Object.assign(position(r), {
    kind: 'QUERY',
    trace_id: r.traceId, span_id: r.spanId, parent_span_id: r.parentSpanId, name: r.name, start_time: iso(r.startTime), end_time: iso(r.endTime),
    status_code: r.statusCode, processing_activity_id: r.processingActivityId,
    subject_id_type: r.dataSubject?.idType ?? null, subject_pseudonym: r.dataSubject?.pseudonym ?? null,
    subject_sealed_bsn: r.dataSubject?.sealedBsn ?? null,
    worker_user_id: r.worker.userId, worker_home_id: r.worker.homeMunicipality.id, worker_home_cbs_code: r.worker.homeMunicipality.cbsCode,
    worker_home_oin: r.worker.homeMunicipality.oin, worker_home_name: r.worker.homeMunicipality.name,
    acting_for_id: r.actingFor.id, acting_for_cbs_code: r.actingFor.cbsCode, acting_for_oin: r.actingFor.oin, acting_for_name: r.actingFor.name,
    collaboration_id: r.collaborationId, legal_domain: r.legalDomain, product: r.product, search_key_type: r.searchKeyType,
    sources: r.sources, whitelist_outcome: r.whitelist.outcome, escape_reason: r.whitelist.escapeReason,
    decision_id: r.decision.decisionId, decision_result: r.decision.result, decision_reason_code: r.decision.reasonCode,
    rules_version: r.decision.rulesVersion, outcome: r.outcome,
  });
}

type SourceJson = { supplier: string; outcome: string; durationMs: number; personListsProvided: number };

/** A stored row as a chained record of its kind. */
export function recordFromValues(v: RecordRow): StoredRecord {
  if (v[C.kind] === 'ACTION') return actionFromValues(v);
  if (v[C.kind] === 'DECISION') return decisionFromValues(v);
  return queryFromValues(v);
}

/** The columns every kind shares: the row's id and its place in its chain. */
const placeOf = (v: RecordRow) => ({
  id: v[C.id]!,
  chain: v[C.chain]!,
  sequence: Number(v[C.sequence]),
  hash: v[C.hash]!,
  prevHash: v[C.prev_hash]!,
  eventId: v[C.event_id]!,
  recordedAt: Number(v[C.recorded_at]),
});

/** A stored QUERY row as a chained record. */
export function queryFromValues(v: RecordRow): StoredQuery {
  const sealed = v[C.subject_sealed_bsn];
  return {
    kind: 'QUERY',
    ...placeOf(v),
    traceId: v[C.trace_id]!,
    spanId: v[C.span_id]!,
    parentSpanId: v[C.parent_span_id],
    name: v[C.name]!,
    startTime: Number(v[C.start_time]),
    endTime: Number(v[C.end_time]),
    statusCode: v[C.status_code] as ChainedRecord['statusCode'],
    processingActivityId: v[C.processing_activity_id]!,
    dataSubject:
      v[C.subject_id_type] === null && v[C.subject_pseudonym] === null && sealed === null
        ? null
        : { idType: v[C.subject_id_type] ?? '', pseudonym: v[C.subject_pseudonym] ?? '', sealedBsn: sealed === null ? Buffer.alloc(0) : Buffer.from(sealed, 'base64') },
    worker: {
      userId: v[C.worker_user_id]!,
      homeMunicipality: { id: v[C.worker_home_id]!, cbsCode: v[C.worker_home_cbs_code], oin: v[C.worker_home_oin]!, name: v[C.worker_home_name]! },
    },
    actingFor: { id: v[C.acting_for_id]!, cbsCode: v[C.acting_for_cbs_code], oin: v[C.acting_for_oin]!, name: v[C.acting_for_name]! },
    collaborationId: v[C.collaboration_id],
    legalDomain: v[C.legal_domain]!,
    product: v[C.product]!,
    searchKeyType: v[C.search_key_type]!,
    sources: (JSON.parse(v[C.sources]!) as SourceJson[]).map((s) => ({ supplier: s.supplier, outcome: s.outcome, durationMs: s.durationMs, personListsProvided: s.personListsProvided })),
    whitelist: { outcome: v[C.whitelist_outcome]!, escapeReason: v[C.escape_reason] },
    decision: { decisionId: v[C.decision_id]!, result: v[C.decision_result]!, reasonCode: v[C.decision_reason_code], rulesVersion: v[C.rules_version]! },
    outcome: v[C.outcome]!,
  };
}

function actionFromValues(v: RecordRow): Chained<ActionEntry> & { id: string } {
  return {
    kind: 'ACTION',
    ...placeOf(v),
    traceId: v[C.trace_id]!,
    spanId: v[C.span_id]!,
    name: v[C.name]!,
    startTime: Number(v[C.start_time]),
    endTime: Number(v[C.end_time]),
    statusCode: v[C.status_code] as ActionEntry['statusCode'],
    service: v[C.service]!,
    actor: { userId: v[C.worker_user_id], homeOrganisationId: v[C.worker_home_id], roles: JSON.parse(v[C.actor_roles]!) as string[] },
    actingForId: v[C.acting_for_id]!,
    action: v[C.action]!,
    category: v[C.category]!,
    object: { type: v[C.object_type]!, id: v[C.object_id] },
    outcome: v[C.outcome]!,
    reasonCode: v[C.reason_code],
    subjectPseudonym: v[C.subject_pseudonym],
    details: JSON.parse(v[C.details]!) as Record<string, string>,
  };
}

function decisionFromValues(v: RecordRow): Chained<DecisionEntry> & { id: string } {
  return {
    kind: 'DECISION',
    ...placeOf(v),
    traceId: v[C.trace_id],
    name: v[C.name]!,
    startTime: Number(v[C.start_time]),
    endTime: Number(v[C.end_time]),
    statusCode: v[C.status_code] as DecisionEntry['statusCode'],
    worker: { userId: v[C.worker_user_id]!, homeMunicipalityId: v[C.worker_home_id]! },
    actingForId: v[C.acting_for_id]!,
    product: v[C.product]!,
    legalDomain: v[C.legal_domain]!,
    evaluatedAt: Number(v[C.evaluated_at]),
    subjectPseudonym: v[C.subject_pseudonym],
    escapeReason: v[C.escape_reason],
    collaborationId: v[C.collaboration_id],
    decision: {
      decisionId: v[C.decision_id]!,
      result: v[C.decision_result]!,
      reasonCode: v[C.decision_reason_code],
      rulesVersion: v[C.rules_version]!,
      escape: v[C.decision_escape] === 't',
    },
    reasonForUser: v[C.reason_for_user],
    reasonForAdministrator: v[C.reason_for_administrator],
    readModelOffsets: JSON.parse(v[C.read_model_offsets]!) as Record<string, number>,
  };
}

/**
 * A stored row straight to what the verifier needs, without building the record: the same
 * canonical content as `canonicalContentOf(recordFromValues(v))` (a test holds the two equal),
 * at about half the cost per row for QUERY rows, the bulk of the log.
 */
export function linkOfRow(v: RecordRow): ChainLink {
  const kind = v[C.kind];
  let content: string;
  if (kind === 'ACTION') {
    content = JSON.stringify([
      ACTION_CANONICAL_VERSION, v[C.chain], Number(v[C.sequence]), v[C.event_id], Number(v[C.recorded_at]),
      v[C.trace_id], v[C.span_id], v[C.name], Number(v[C.start_time]), Number(v[C.end_time]), v[C.status_code],
      v[C.service], v[C.worker_user_id], v[C.worker_home_id], JSON.parse(v[C.actor_roles]!), v[C.acting_for_id], v[C.action], v[C.category],
      v[C.object_type], v[C.object_id], v[C.outcome], v[C.reason_code], v[C.subject_pseudonym], sortedPairs(JSON.parse(v[C.details]!) as Record<string, string>),
    ]);
  } else if (kind === 'DECISION') {
    content = JSON.stringify([
      DECISION_CANONICAL_VERSION, v[C.chain], Number(v[C.sequence]), v[C.event_id], Number(v[C.recorded_at]),
      v[C.trace_id], v[C.name], Number(v[C.start_time]), Number(v[C.end_time]), v[C.status_code],
      v[C.worker_user_id], v[C.worker_home_id], v[C.acting_for_id], v[C.product], v[C.legal_domain], Number(v[C.evaluated_at]),
      v[C.subject_pseudonym], v[C.escape_reason], v[C.collaboration_id],
      v[C.decision_id], v[C.decision_result], v[C.decision_reason_code], v[C.rules_version], v[C.decision_escape] === 't' ? 1 : 0,
      v[C.reason_for_user], v[C.reason_for_administrator], sortedPairs(JSON.parse(v[C.read_model_offsets]!) as Record<string, number>),
    ]);
  } else {
    const sealed = v[C.subject_sealed_bsn];
    const noSubject = v[C.subject_id_type] === null && v[C.subject_pseudonym] === null && sealed === null;
    const sources = (JSON.parse(v[C.sources]!) as SourceJson[]).map((s) => [s.supplier, s.outcome, s.durationMs, s.personListsProvided]);
    content = JSON.stringify([
      CANONICAL_VERSION, v[C.chain], Number(v[C.sequence]), v[C.event_id], Number(v[C.recorded_at]),
      v[C.trace_id], v[C.span_id], v[C.parent_span_id], v[C.name], Number(v[C.start_time]), Number(v[C.end_time]), v[C.status_code], v[C.processing_activity_id],
      noSubject ? null : (v[C.subject_id_type] ?? ''), noSubject ? null : (v[C.subject_pseudonym] ?? ''), noSubject ? null : (sealed ?? ''),
      v[C.worker_user_id], v[C.worker_home_id], v[C.worker_home_cbs_code], v[C.worker_home_oin], v[C.worker_home_name],
      v[C.acting_for_id], v[C.acting_for_cbs_code], v[C.acting_for_oin], v[C.acting_for_name], v[C.collaboration_id],
      v[C.legal_domain], v[C.product], v[C.search_key_type], sources, v[C.whitelist_outcome], v[C.escape_reason],
      v[C.decision_id], v[C.decision_result], v[C.decision_reason_code], v[C.rules_version], v[C.outcome],
    ]);
  }
  return { chain: v[C.chain]!, sequence: Number(v[C.sequence]), hash: v[C.hash]!, prevHash: v[C.prev_hash]!, content };
}
