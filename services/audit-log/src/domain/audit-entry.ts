/**
 * The audit entry: one attributed query (bevraging) as the audit log keeps it. The Logboek
 * Dataverwerkingen part (trace, span, name, times, status, processing activity, pseudonymised
 * data subject) and the audit part (who acted, on whose behalf, what, with which outcome),
 * linked by the trace id. Built once from the attributed-query event; never changed after.
 */
import type { query } from '@inkijk/contracts';

export interface OrganisationRef {
  id: string;
  cbsCode: string | null;
  oin: string;
  name: string;
}

export interface SourceCallEntry {
  supplier: string;
  outcome: string;
  durationMs: number;
  personListsProvided: number;
}

/** Logboek status codes (the OpenTelemetry names the standard reuses). */
export type StatusCode = 'STATUS_CODE_OK' | 'STATUS_CODE_ERROR';

export interface AuditEntry {
  eventId: string;
  /** When the audit log stored it (epoch ms). */
  recordedAt: number;
  // Logboek Dataverwerkingen
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startTime: number;
  endTime: number;
  statusCode: StatusCode;
  processingActivityId: string;
  /** The citizen: pseudonym (dpl.core.data_subject_id) and the BSN sealed by the gateway. */
  dataSubject: { idType: string; pseudonym: string; sealedBsn: Buffer } | null;
  // Audit part
  worker: { userId: string; homeMunicipality: OrganisationRef };
  actingFor: OrganisationRef;
  collaborationId: string | null;
  legalDomain: string;
  product: string;
  searchKeyType: string;
  sources: SourceCallEntry[];
  whitelist: { outcome: string; escapeReason: string | null };
  decision: { decisionId: string; result: string; reasonCode: string | null; rulesVersion: string };
  outcome: string;
}

/** An entry as a link of its hash chain. */
export interface ChainedRecord extends AuditEntry {
  chain: string;
  sequence: number;
  prevHash: string;
  hash: string;
}

/** Logboek name of the processing: one Inkijk query of one product (page). */
export const processingName = (product: string) => `inkijk.bevraging.${product}`;

/** A query that answered (fully or partly) processed data: OK; a denial or failure: ERROR. */
export function statusOf(outcome: string): StatusCode {
  return outcome === 'ANSWERED' || outcome === 'PARTIALLY_ANSWERED' ? 'STATUS_CODE_OK' : 'STATUS_CODE_ERROR';
}

const org = (o: query.OrganisationRef): OrganisationRef => ({ id: o.id, cbsCode: o.cbsCode ?? null, oin: o.oin, name: o.name });

/** The audit entry of an attributed-query event, stored at `recordedAt`. */
export function auditEntryOf(q: query.AttributedQuery, recordedAt: number): AuditEntry {
  return {
    eventId: q.eventId,
    recordedAt,
    traceId: q.traceId,
    spanId: q.spanId,
    parentSpanId: q.parentSpanId ?? null,
    name: processingName(q.product),
    startTime: q.occurredAt,
    endTime: q.completedAt,
    statusCode: statusOf(q.outcome),
    processingActivityId: q.processingActivityId,
    dataSubject: q.dataSubject ? { idType: q.dataSubject.idType, pseudonym: q.dataSubject.pseudonym, sealedBsn: Buffer.from(q.dataSubject.sealedBsn) } : null,
    worker: { userId: q.worker.userId, homeMunicipality: org(q.worker.homeMunicipality) },
    actingFor: org(q.actingFor),
    collaborationId: q.collaborationId ?? null,
    legalDomain: q.legalDomain,
    product: q.product,
    searchKeyType: q.searchKeyType,
    sources: q.sources.map((s) => ({ supplier: s.supplier, outcome: s.outcome, durationMs: s.durationMs, personListsProvided: s.personListsProvided ?? 0 })),
    whitelist: { outcome: q.whitelist.outcome, escapeReason: q.whitelist.escapeReason ?? null },
    decision: { decisionId: q.decision.decisionId, result: q.decision.result, reasonCode: q.decision.reasonCode ?? null, rulesVersion: q.decision.rulesVersion },
    outcome: q.outcome,
  };
}

/**
 * The chain an entry belongs to: the municipality the query was made for. The topic is keyed
 * by actingFor.id, so one chain's events arrive in order on one partition (ADR 0005).
 */
export const chainOf = (e: Pick<AuditEntry, 'actingFor'>) => e.actingFor.id;
