/**
 * The export shape: one Logboek Dataverwerkingen record per query, with the user identities
 * (the audit part) kept apart and linked by the same trace id.
 */
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

/** One export line: the Logboek record, with the audit part beside it when asked for. */
export function exportLine(r: ChainedRecord, withAudit: boolean): string {
  return JSON.stringify(withAudit ? { ...toLogboekRecord(r), audit: toAuditPart(r) } : toLogboekRecord(r));
}
