/**
 * One query, end to end: validate, decide (authorization, recorded), call the sources, publish
 * the attributed-query event under the chosen municipality's identity, and only then answer.
 * Denied and aborted queries are published too. When the event cannot be published the worker
 * gets an error and no data: no data without a log. A query refused before its decision is
 * recorded as a refused attempt (QueryAttempts) before the refusal is answered.
 */
import { randomUUID } from 'node:crypto';
import { ESCAPE_REASONS, Product } from '@inkijk/contracts';
import type { query } from '@inkijk/contracts';
import { attributedQuery, QueryRefusal, QueryRequest, SourceResult, validateQuery } from '../domain/query';
import type { CallContext, Suppliers } from '../adapters/suppliers/suppliers';
import type { QueryAttempts } from './query-attempts';
import type { AttributionLog, Decision, DecisionPort, Principal, SubjectForms, TraceInfo } from './ports';

export class LogUnavailableError extends Error {
  readonly code = 'LOG_UNAVAILABLE';
  readonly httpStatus = 503;
  constructor(cause: unknown) {
    super('The query could not be logged, so no data are shown. Try again in a moment; if it persists, contact your administrator.');
    this.cause = cause;
  }
}

export interface QueryAnswer {
  queryId: string;
  traceId: string;
  actingFor: query.OrganisationRef;
  product: string;
  legalDomain: string;
  whitelist: query.WhitelistResult;
  escape: boolean;
  outcome: query.QueryOutcome;
  results: Array<Omit<SourceResult, 'durationMs' | 'personListsProvided'>>;
  /**
   * Present when the citizen is not on the chosen municipality's caseload but on another
   * member's: the query is logged under the chosen one, so the worker is told whose client it is
   * and may repeat the query for that municipality (with `followsHintOf` set to this queryId).
   */
  caseloadHint?: { code: 'CITIZEN_ON_OTHER_CASELOAD'; message: string; heldBy: Array<{ id: string; name: string }> };
}

/** The hint for a citizen on another member's caseload (Dutch, for the worker). */
export function caseloadHintOf(actingFor: query.OrganisationRef, check: { actingForHolds: boolean; heldBy: query.OrganisationRef[] } | null): QueryAnswer['caseloadHint'] {
  if (!check || check.actingForHolds || check.heldBy.length === 0) return undefined;
  const names = check.heldBy.map((o) => o.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} of ${names[names.length - 1]}`;
  return {
    code: 'CITIZEN_ON_OTHER_CASELOAD',
    message: `Deze persoon staat niet op de cliëntenlijst van ${actingFor.name}, maar wel op die van ${list}. De bevraging is vastgelegd voor ${actingFor.name}; werkt u voor ${list}, herhaal haar dan voor die gemeente.`,
    heldBy: check.heldBy.map((o) => ({ id: o.id, name: o.name })),
  };
}

export class QueryDenied extends Error {
  readonly httpStatus = 403;
  constructor(
    readonly code: string,
    message: string,
    readonly queryId: string,
    readonly actingFor: query.OrganisationRef | null,
    readonly escape: { allowed: boolean; reasons: typeof ESCAPE_REASONS } | null,
  ) {
    super(message);
  }
}

export interface QueryServiceOptions {
  processingActivityId: string;
  clock?: () => number;
}

export class QueryService {
  constructor(
    private readonly decisions: DecisionPort,
    private readonly suppliers: Suppliers,
    private readonly log: AttributionLog,
    private readonly subjects: SubjectForms,
    private readonly attempts: QueryAttempts,
    private readonly opts: QueryServiceOptions,
  ) {}

  async query(principal: Principal, request: QueryRequest, trace: TraceInfo): Promise<QueryAnswer> {
    let admitted: ReturnType<QueryService['admit']>;
    try {
      admitted = this.admit(principal, request);
    } catch (e) {
      if (e instanceof QueryRefusal) await this.attempts.refused(principal, request, e.code);
      throw e;
    }
    const { product, home, actingForKnown } = admitted;
    const now = this.opts.clock ?? Date.now;
    const startedAt = now();
    const eventId = randomUUID();
    const ctx: CallContext = { actingForOin: actingForKnown.oin, legalDomain: request.legalDomain, userId: principal.userId, processingActivityId: this.opts.processingActivityId };
    const ask = (bsn: string | null) =>
      this.decisions.decide({
        userId: principal.userId,
        homeMunicipalityId: principal.homeMunicipalityId,
        actingForMunicipalityId: request.actingForMunicipalityId,
        product: product.id,
        legalDomain: request.legalDomain,
        bsn,
        escapeReason: request.escapeReason ?? null,
        at: startedAt,
        traceId: trace.traceId,
      });

    // A search by address or name (BRP), licence plate (RDW) or parcel (Kadaster) first finds the
    // person (after a check of who, for whom and what), then decides on that person like a BSN query.
    let bsn: string | null = request.searchKey.type === 'BSN' ? request.searchKey.bsn : null;
    const searchCalls: SourceResult[] = [];
    if (request.searchKey.type !== 'BSN') {
      const pre = await ask(null);
      if (!pre.permitted) return this.deny(principal, request, product, pre, null, eventId, startedAt, trace, home);
      const found = await this.suppliers.searchPersons(request.searchKey, ctx);
      searchCalls.push(found.result);
      if (found.result.status !== 'ANSWERED' && found.result.status !== 'NO_DATA') {
        await this.publish({ principal, request, product, decision: pre, bsn: null, sources: searchCalls, eventId, startedAt, trace, home });
        throw new QueryRefusal('CONFLICT', 'SEARCH_FAILED', found.result.message ?? `${found.result.supplier} could not be searched right now.`);
      }
      if (found.bsns.length !== 1) {
        await this.publish({ principal, request, product, decision: pre, bsn: null, sources: searchCalls, eventId, startedAt, trace, home });
        if (found.bsns.length === 0) throw new QueryRefusal('NOT_FOUND', 'NO_PERSON_FOUND', 'No person was found with this search key.');
        throw new QueryRefusal('CONFLICT', 'MULTIPLE_PERSONS_FOUND', `${found.bsns.length} persons match this search key: search by BSN or narrow the search.`);
      }
      bsn = found.bsns[0];
    }

    const decision = await ask(bsn);
    if (!decision.permitted) return this.deny(principal, request, product, decision, bsn, eventId, startedAt, trace, home);

    const results = await this.suppliers.fetch(product.suppliers, bsn!, ctx);
    const actingFor = decision.actingFor ?? actingForKnown;
    // Whose client the citizen is: logged with the query, and a hint to the worker when it is another member's.
    const caseload = this.decisions.caseload({ collaborationId: decision.collaborationId, actingForMunicipalityId: request.actingForMunicipalityId, bsn, at: startedAt });
    const caseloadHint = caseloadHintOf(actingFor, caseload);
    const event = await this.publish({ principal, request, product, decision, bsn, sources: [...searchCalls, ...results], eventId, startedAt, trace, home, actingFor, caseload });
    return {
      queryId: eventId,
      traceId: trace.traceId,
      actingFor,
      product: product.id,
      legalDomain: request.legalDomain,
      whitelist: decision.whitelist,
      escape: decision.escape,
      outcome: event.outcome,
      results: results.map(({ supplier, status, data, message }) => ({ supplier, status, ...(data !== undefined ? { data } : {}), ...(message ? { message } : {}) })),
      ...(caseloadHint ? { caseloadHint } : {}),
    };
  }

  /** What is checked before any decision; a refusal here is recorded as a refused attempt. */
  private admit(principal: Principal, request: QueryRequest) {
    const product = validateQuery(request);
    const home = this.decisions.organisation(principal.homeMunicipalityId);
    const actingForKnown = this.decisions.organisation(request.actingForMunicipalityId);
    if (!home) throw new QueryRefusal('FORBIDDEN', 'HOME_MUNICIPALITY_UNKNOWN', 'Your home municipality is not registered for Inkijk.');
    if (!actingForKnown) throw new QueryRefusal('INVALID', 'UNKNOWN_MUNICIPALITY', 'The chosen municipality is not registered for Inkijk.');
    return { product, home, actingForKnown };
  }

  private async deny(principal: Principal, request: QueryRequest, product: Product, decision: Decision, bsn: string | null, eventId: string, startedAt: number, trace: TraceInfo, home: query.OrganisationRef): Promise<never> {
    await this.publish({ principal, request, product, decision, bsn, sources: [], eventId, startedAt, trace, home });
    const offerEscape = decision.reasonCode === 'NOT_ON_WHITELIST' && this.decisions.hasEscapeRight(principal.userId);
    throw new QueryDenied(
      decision.reasonCode ?? 'DENIED',
      decision.reasonForUser ?? 'This query is not allowed.',
      eventId,
      decision.actingFor,
      decision.reasonCode === 'NOT_ON_WHITELIST' ? { allowed: offerEscape, reasons: ESCAPE_REASONS } : null,
    );
  }

  private async publish(p: { principal: Principal; request: QueryRequest; product: Product; decision: Decision; bsn: string | null; sources: SourceResult[]; eventId: string; startedAt: number; trace: TraceInfo; home: query.OrganisationRef; actingFor?: query.OrganisationRef; caseload?: { actingForHolds: boolean; heldBy: query.OrganisationRef[] } | null }): Promise<query.AttributedQuery> {
    const actingFor = p.actingFor ?? p.decision.actingFor ?? this.decisions.organisation(p.request.actingForMunicipalityId)!;
    const event = attributedQuery({
      eventId: p.eventId,
      startedAt: p.startedAt,
      completedAt: (this.opts.clock ?? Date.now)(),
      ...p.trace,
      processingActivityId: this.opts.processingActivityId,
      worker: { userId: p.principal.userId, homeMunicipality: p.home },
      actingFor,
      collaborationId: p.decision.collaborationId,
      request: p.request,
      dataSubject: p.bsn ? this.subjects.dataSubject(p.bsn) : null,
      decision: { decisionId: p.decision.decisionId, permitted: p.decision.permitted, reasonCode: p.decision.reasonCode, rulesVersion: p.decision.rulesVersion, whitelist: p.decision.whitelist },
      sources: p.sources,
      product: p.product,
      caseload: p.caseload ? { actingForHolds: p.caseload.actingForHolds, heldBy: p.caseload.heldBy.map((o) => o.id) } : null,
    });
    try {
      await this.log.publish(event);
    } catch (e) {
      throw new LogUnavailableError(e);
    }
    return event;
  }
}
