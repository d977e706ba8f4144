/**
 * An Inkijk query (bevraging) as the worker asks it, and the attributed-query event it becomes.
 * Plain TypeScript: validation of the question and construction of the event; no I/O.
 */
import { ESCAPE_REASONS, isBsn, isEscapeReason, Product, productById, Refusal } from '@inkijk/contracts';
import type { GatewayQueryRequest, GatewaySearchKey, query } from '@inkijk/contracts';

/** What the worker searches by (the gateway's API type, declared once in contracts/src/gateway-api.ts). */
export type SearchKey = GatewaySearchKey;

/** The body of POST /queries (declared once in contracts/src/gateway-api.ts). */
export type QueryRequest = GatewayQueryRequest;

/** A query refused as asked (invalid, nobody found, ...); a refusal before the decision is recorded as a refused attempt. */
export class QueryRefusal extends Refusal {
  override readonly name = 'QueryRefusal';
  constructor(kind: 'INVALID' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN', code: string, message: string) {
    super(kind, code, message);
  }
}

/** Checks what can be checked without asking anyone: product, search key, BSN, escape reason. */
export function validateQuery(q: QueryRequest): Product {
  const product = productById(q.product);
  if (!product) throw new QueryRefusal('INVALID', 'UNKNOWN_PRODUCT', `"${q.product}" is not an Inkijk product.`);
  if (!product.searchKeys.includes(q.searchKey.type)) {
    throw new QueryRefusal('INVALID', 'SEARCH_KEY_NOT_SUPPORTED', `${product.name} cannot be searched by ${q.searchKey.type}; use ${product.searchKeys.join(' or ')}.`);
  }
  if (q.searchKey.type === 'BSN' && !isBsn(q.searchKey.bsn)) {
    throw new QueryRefusal('INVALID', 'INVALID_BSN', 'The BSN is not valid: it must be 9 digits and pass the 11-proef.');
  }
  if (q.escapeReason != null && !isEscapeReason(q.escapeReason)) {
    throw new QueryRefusal('INVALID', 'UNKNOWN_ESCAPE_REASON', `Choose a reason from the escape list: ${ESCAPE_REASONS.map((r) => r.code).join(', ')}.`);
  }
  return product;
}

export type SourceStatus = query.SourceOutcome;

export interface SourceResult {
  supplier: query.Supplier;
  status: SourceStatus;
  durationMs: number;
  personListsProvided: number;
  data?: unknown;
  message?: string;
  /** The x-request-id sent with the call (absent when the source was not called). */
  requestId?: string;
  /** What was asked (protocol lines): request type, fields searched by and asked for; never values. */
  requestType?: string;
  searchFields?: string[];
  requestedFields?: string[];
}

/** The query's outcome from its sources: all answered, some, or none. */
export function outcomeOf(results: SourceResult[]): query.QueryOutcome {
  const answered = results.filter((r) => r.status === 'ANSWERED' || r.status === 'NO_DATA').length;
  if (answered === results.length) return 'ANSWERED';
  return answered === 0 ? 'SUPPLIER_ERROR' : 'PARTIALLY_ANSWERED';
}

export interface Attribution {
  eventId: string;
  startedAt: number;
  completedAt: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  processingActivityId: string;
  worker: { userId: string; homeMunicipality: query.OrganisationRef };
  actingFor: query.OrganisationRef;
  collaborationId: string | null;
  request: QueryRequest;
  dataSubject: query.DataSubject | null;
  decision: { decisionId: string; permitted: boolean; reasonCode: string | null; rulesVersion: string; whitelist: query.WhitelistResult };
  sources: SourceResult[];
  product: Product;
  /** Whose client the citizen is, for a permit through a collaboration (null: nothing to check). */
  caseload?: { actingForHolds: boolean; heldBy: string[] } | null;
}

export function attributedQuery(a: Attribution): query.AttributedQuery {
  const sources: query.SourceCall[] = a.decision.permitted
    ? a.sources.map((s) => ({
        supplier: s.supplier,
        outcome: s.status,
        durationMs: Math.round(s.durationMs),
        personListsProvided: s.personListsProvided,
        requestId: s.requestId ?? null,
        requestType: s.requestType ?? null,
        searchFields: s.searchFields ?? [],
        requestedFields: s.requestedFields ?? [],
      }))
    : a.product.suppliers.map((supplier) => ({ supplier, outcome: 'NOT_CALLED', durationMs: 0, personListsProvided: 0, requestId: null, requestType: null, searchFields: [], requestedFields: [] }));
  return {
    eventId: a.eventId,
    occurredAt: a.startedAt,
    completedAt: a.completedAt,
    traceId: a.traceId,
    spanId: a.spanId,
    parentSpanId: a.parentSpanId,
    processingActivityId: a.processingActivityId,
    worker: a.worker,
    actingFor: a.actingFor,
    collaborationId: a.collaborationId,
    legalDomain: a.request.legalDomain,
    product: a.product.id,
    searchKeyType: a.request.searchKey.type,
    dataSubject: a.dataSubject,
    sources,
    whitelist: { outcome: a.decision.whitelist, escapeReason: a.decision.whitelist === 'ESCAPE' ? (a.request.escapeReason ?? null) : null },
    decision: { decisionId: a.decision.decisionId, result: a.decision.permitted ? 'PERMIT' : 'DENY', reasonCode: a.decision.reasonCode, rulesVersion: a.decision.rulesVersion },
    outcome: a.decision.permitted ? outcomeOf(a.sources) : 'DENIED',
    caseload: a.decision.permitted ? (a.caseload ?? null) : null,
    followsHintOf: a.request.followsHintOf ?? null,
  };
}
