/**
 * The audit entry: one attributed query (bevraging) as the audit log keeps it. The Logboek
 * Dataverwerkingen part (trace, span, name, times, status, processing activity, pseudonymised
 * data subject) and the audit part (who acted, on whose behalf, what, with which outcome),
 * linked by the trace id. Built once from the attributed-query event; never changed after.
 */
import type { audit, authorization, query } from '@inkijk/contracts';
import { activityCategory } from '@inkijk/contracts';

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

/** The three kinds of record in the chains (ADR 0018). */
export type RecordKind = 'QUERY' | 'ACTION' | 'DECISION';
export const RECORD_KINDS: readonly RecordKind[] = ['QUERY', 'ACTION', 'DECISION'];

/**
 * An action (ActivityEvent): who did what to which object, for which organisation, with which
 * outcome. A point in time: startTime = endTime = occurredAt.
 */
export interface ActionEntry {
  kind: 'ACTION';
  eventId: string;
  recordedAt: number;
  traceId: string;
  spanId: string;
  name: string;
  startTime: number;
  endTime: number;
  statusCode: StatusCode;
  /** The service that performed the action. */
  service: string;
  actor: { userId: string | null; homeOrganisationId: string | null; roles: string[] };
  actingForId: string;
  action: string;
  category: string;
  object: { type: string; id: string | null };
  outcome: string;
  reasonCode: string | null;
  subjectPseudonym: string | null;
  details: Record<string, string>;
}

/** A decision record (the decision log): the request, the decision and what it was made from. */
export interface DecisionEntry {
  kind: 'DECISION';
  /** The decision id (a decision record has no event id of its own). */
  eventId: string;
  recordedAt: number;
  /** Null when the decision was requested without a trace. */
  traceId: string | null;
  name: string;
  /** decidedAt (startTime = endTime). */
  startTime: number;
  endTime: number;
  statusCode: StatusCode;
  /** The worker who asked (AuthZEN subject). */
  worker: { userId: string; homeMunicipalityId: string };
  actingForId: string;
  /** The product (page) asked for. */
  product: string;
  legalDomain: string;
  /** context.at: the instant the request was evaluated for. */
  evaluatedAt: number;
  subjectPseudonym: string | null;
  escapeReason: string | null;
  collaborationId: string | null;
  decision: { decisionId: string; result: string; reasonCode: string | null; rulesVersion: string; escape: boolean };
  reasonForUser: string | null;
  reasonForAdministrator: string | null;
  /** topic:partition -> next offset of the read model used. */
  readModelOffsets: Record<string, number>;
}

/** Any entry of a chain: a query (AuditEntry, kind absent or QUERY), an action or a decision. */
export type LogEntry = (AuditEntry & { kind?: 'QUERY' }) | ActionEntry | DecisionEntry;

export type Chained<E> = E & { chain: string; sequence: number; prevHash: string; hash: string };
export type ChainedEntry = Chained<ActionEntry> | Chained<DecisionEntry> | (ChainedRecord & { kind?: 'QUERY' });

export const kindOf = (e: LogEntry): RecordKind => e.kind ?? 'QUERY';

/** The chain of any entry: the organisation acted for. */
export const chainOfEntry = (e: LogEntry): string => (e.kind === 'ACTION' || e.kind === 'DECISION' ? e.actingForId : e.actingFor.id);

/** Logboek-style name of an action: inkijk.actie.<action, lower case, dashes>. */
export const actionName = (action: string) => `inkijk.actie.${action.toLowerCase().replace(/_/g, '-')}`;
export const DECISION_NAME = 'inkijk.beslissing';

/** The action entry of an ActivityEvent, stored at `recordedAt`. */
export function actionEntryOf(e: audit.ActivityEvent, recordedAt: number): ActionEntry {
  return {
    kind: 'ACTION',
    eventId: e.eventId,
    recordedAt,
    traceId: e.traceId,
    spanId: e.spanId,
    name: actionName(e.action),
    startTime: e.occurredAt,
    endTime: e.occurredAt,
    statusCode: e.outcome === 'SUCCEEDED' ? 'STATUS_CODE_OK' : 'STATUS_CODE_ERROR',
    service: e.service,
    actor: { userId: e.actor.userId ?? null, homeOrganisationId: e.actor.homeOrganisationId ?? null, roles: [...(e.actor.roles ?? [])] },
    actingForId: e.actingForId,
    action: e.action,
    category: activityCategory(e.action),
    object: { type: e.object.type, id: e.object.id ?? null },
    outcome: e.outcome,
    reasonCode: e.reasonCode ?? null,
    subjectPseudonym: e.subjectPseudonym ?? null,
    details: { ...(e.details ?? {}) },
  };
}

/** The decision entry of a decision record, stored at `recordedAt`. */
export function decisionEntryOf(d: authorization.AccessDecisionRecord, recordedAt: number): DecisionEntry {
  return {
    kind: 'DECISION',
    eventId: d.decisionId,
    recordedAt,
    traceId: d.traceId ?? null,
    name: DECISION_NAME,
    startTime: d.decidedAt,
    endTime: d.decidedAt,
    statusCode: d.decision === 'PERMIT' ? 'STATUS_CODE_OK' : 'STATUS_CODE_ERROR',
    worker: { userId: d.subject.userId, homeMunicipalityId: d.subject.homeMunicipalityId },
    actingForId: d.context.actingForMunicipalityId,
    product: d.action,
    legalDomain: d.context.legalDomain,
    evaluatedAt: d.context.at,
    subjectPseudonym: d.resource.dataSubjectPseudonym ?? null,
    escapeReason: d.context.escapeReason ?? null,
    collaborationId: d.collaborationId ?? null,
    decision: { decisionId: d.decisionId, result: d.decision, reasonCode: d.reasonCode ?? null, rulesVersion: d.rulesVersion, escape: d.escape },
    reasonForUser: d.reasonForUser ?? null,
    reasonForAdministrator: d.reasonForAdministrator ?? null,
    readModelOffsets: { ...d.readModelOffsets },
  };
}
