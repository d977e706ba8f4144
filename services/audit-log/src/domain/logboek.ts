/**
 * The export shape (Logboek Dataverwerkingen 1.0): one record per processing and data subject,
 * with the user identities kept out of it. A query is the processing of one page; each source
 * call it made (BRP, UWV, ...) is a processing of its own, a child span of the page's. So a page
 * that called three sources gives four Logboek lines with the same trace id. Who acted and for
 * whom (the audit part) is a separate line, linked by the trace id, as the standard decides.
 */
import * as crypto from 'node:crypto';
import type { AuditEntry, ChainedRecord } from './audit-entry';

export interface LogboekRecord {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  start_time: string;
  end_time: string;
  status_code: string;
  resource: { name: string };
  attributes: Record<string, string>;
}

/** The audit part of a record: who acted, on whose behalf, what and with which outcome. */
export interface AuditPart {
  trace_id: string;
  event_id: string;
  chain: string;
  sequence: number;
  hash: string;
  recorded_at: string;
  worker: { user_id: string; home_municipality: OrganisationJson };
  acting_for: OrganisationJson;
  collaboration_id: string | null;
  legal_domain: string;
  product: string;
  search_key_type: string;
  sources: { supplier: string; outcome: string; duration_ms: number; person_lists_provided: number }[];
  whitelist: { outcome: string; escape_reason: string | null };
  decision: { decision_id: string; result: string; reason_code: string | null; rules_version: string };
  outcome: string;
}

interface OrganisationJson {
  id: string;
  cbs_code: string | null;
  oin: string;
  name: string;
}

export const LOGBOEK_RESOURCE = 'inkijk';

export function toLogboekRecord(e: AuditEntry): LogboekRecord {
  const attributes: Record<string, string> = { 'dpl.core.processing_activity_id': e.processingActivityId };
  if (e.dataSubject) {
    attributes['dpl.core.data_subject_id'] = e.dataSubject.pseudonym;
    attributes['dpl.core.data_subject_id_type'] = e.dataSubject.idType;
  }
  return {
    trace_id: e.traceId,
    span_id: e.spanId,
    parent_span_id: e.parentSpanId,
    name: e.name,
    start_time: new Date(e.startTime).toISOString(),
    end_time: new Date(e.endTime).toISOString(),
    status_code: e.statusCode,
    resource: { name: LOGBOEK_RESOURCE },
    attributes,
  };
}

/** Logboek name of one source call within a query. */
export const sourceCallName = (supplier: string) => `inkijk.bronbevraging.${supplier.toLowerCase()}`;

/**
 * The span id of a query's n-th source call in the Logboek: derived from the query's trace and
 * span, so every export of the same record gives the same ids (16 hex, never all zeros).
 */
export function sourceCallSpanId(traceId: string, spanId: string, index: number, supplier: string): string {
  const id = crypto.createHash('sha256').update(`${traceId}:${spanId}:${index}:${supplier}`).digest('hex').slice(0, 16);
  return /^0+$/.test(id) ? '0000000000000001' : id;
}

/** Source outcomes of a call that processed the data subject's data (found or not). */
const SOURCE_OK = new Set(['ANSWERED', 'NO_DATA']);

/** The query's Logboek record and one child record per source call it made (not the calls it skipped). */
export function toLogboekRecords(e: AuditEntry): LogboekRecord[] {
  const page = toLogboekRecord(e);
  const made = e.sources.map((c, i) => ({ c, i })).filter(({ c }) => c.outcome !== 'NOT_CALLED');
  const children = made.map(({ c, i }): LogboekRecord => ({
    ...page,
    span_id: sourceCallSpanId(e.traceId, e.spanId, i, c.supplier),
    parent_span_id: e.spanId,
    name: sourceCallName(c.supplier),
    end_time: new Date(e.startTime + c.durationMs).toISOString(),
    status_code: SOURCE_OK.has(c.outcome) ? 'STATUS_CODE_OK' : 'STATUS_CODE_ERROR',
    attributes: { ...page.attributes },
  }));
  return [page, ...children];
}

const orgJson = (o: AuditEntry['actingFor']): OrganisationJson => ({ id: o.id, cbs_code: o.cbsCode, oin: o.oin, name: o.name });

export function toAuditPart(r: ChainedRecord): AuditPart {
  return {
    trace_id: r.traceId,
    event_id: r.eventId,
    chain: r.chain,
    sequence: r.sequence,
    hash: r.hash,
    recorded_at: new Date(r.recordedAt).toISOString(),
    worker: { user_id: r.worker.userId, home_municipality: orgJson(r.worker.homeMunicipality) },
    acting_for: orgJson(r.actingFor),
    collaboration_id: r.collaborationId,
    legal_domain: r.legalDomain,
    product: r.product,
    search_key_type: r.searchKeyType,
    sources: r.sources.map((s) => ({ supplier: s.supplier, outcome: s.outcome, duration_ms: s.durationMs, person_lists_provided: s.personListsProvided })),
    whitelist: { outcome: r.whitelist.outcome, escape_reason: r.whitelist.escapeReason },
    decision: { decision_id: r.decision.decisionId, result: r.decision.result, reason_code: r.decision.reasonCode, rules_version: r.decision.rulesVersion },
    outcome: r.outcome,
  };
}

/**
 * The export lines of one query: its Logboek records (the page and each source call), and,
 * when asked for, its audit part as a line of its own ({"audit": ...}), linked by trace_id.
 */
export function exportLines(r: ChainedRecord, withAudit: boolean): string[] {
  const lines = toLogboekRecords(r).map((l) => JSON.stringify(l));
  if (withAudit) lines.push(JSON.stringify({ audit: toAuditPart(r) }));
  return lines;
}

/** The export lines of one query as one block of JSON lines (no trailing newline). */
export const exportLine = (r: ChainedRecord, withAudit: boolean): string => exportLines(r, withAudit).join('\n');
