/**
 * One query, end to end: validate, decide (authorization, recorded), call the sources, publish
 * the attributed-query event under the chosen municipality's identity, and only then answer.
 * Denied and aborted queries are published too. When the event cannot be published the worker
 * gets an error and no data: no data without a log. A query refused before its decision is
 * recorded as a refused attempt (QueryAttempts) before the refusal is answered.
 */
import { randomUUID } from 'node:crypto';
import { ESCAPE_REASONS, Refusal } from '@inkijk/contracts';
import type { GatewayQueryAnswer, query } from '@inkijk/contracts';
import { attributedQuery, QueryRefusal, QueryRequest, SearchKey, SourceResult, validateQuery } from '../domain/query';
import type { QueryAttempts } from './query-attempts';
import type { QueryContext } from './query-context';
import type { AttributionLog, DataSources, Decision, DecisionPort, Principal, SubjectForms, TraceInfo } from './ports';

/** The query, its decision or a refused attempt could not be logged: no data without a log (503). */
export class LogUnavailableError extends Refusal {
  override readonly name = 'LogUnavailableError';
  constructor(cause: unknown) {
    super('UNAVAILABLE', 'LOG_UNAVAILABLE', 'The query could not be logged, so no data are shown. Try again in a moment; if it persists, contact your administrator.');
    this.cause = cause;
  }
}

/** The answer of POST /queries (declared once in contracts/src/gateway-api.ts); sent only after the attributed query is logged. */
export type QueryAnswer = GatewayQueryAnswer;

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

/**
 * The decision denied the query (403). The details name the logged query and the municipality;
 * after a whitelist refusal also the escape list, and whether the worker may use it.
 */
export class QueryDenied extends Refusal {
  override readonly name = 'QueryDenied';
  constructor(code: string, message: string, queryId: string, actingFor: query.OrganisationRef | null, escape: { allowed: boolean; reasons: typeof ESCAPE_REASONS } | null) {
    super('FORBIDDEN', code, message, { queryId, actingFor, ...(escape ? { escape } : {}) });
  }
}

export interface QueryServiceOptions {
  processingActivityId: string;
  clock?: () => number;
}

/** Whose client the citizen is (DecisionPort.caseload). */
type CaseloadCheck = ReturnType<DecisionPort['caseload']>;

export class QueryService {
  constructor(
    private readonly decisions: DecisionPort,
    private readonly sources: DataSources,
    private readonly log: AttributionLog,
    private readonly subjects: Pick<SubjectForms, 'sealedBsn'>,
    private readonly attempts: QueryAttempts,
    private readonly opts: QueryServiceOptions,
  ) {}

  async query(principal: Principal, request: QueryRequest, trace: TraceInfo): Promise<QueryAnswer> {
    let ctx: QueryContext;
    try {
      ctx = this.admit(principal, request, trace);
    } catch (e) {
      if (e instanceof QueryRefusal) await this.attempts.refused(principal, request, e.code);
      throw e;
    }
    // A search by address or name (BRP), licence plate (RDW) or parcel (Kadaster) first finds the
    // person (after a check of who, for whom and what), then decides on that person like a BSN query.
    const found = request.searchKey.type === 'BSN' ? { bsn: request.searchKey.bsn, calls: [] } : await this.findPerson(ctx, request.searchKey);
    const decision = await this.decide(ctx, found.bsn);
    // The pseudonym came with the decision (made once, for its record): the event reuses it.
    const about: QueryContext = { ...ctx, subject: { bsn: found.bsn, pseudonym: decision.dataSubjectPseudonym! } };
    if (!decision.permitted) return this.deny(about, decision);

    const results = await this.sources.fetch(ctx.product.suppliers, found.bsn, ctx.calls);
    const actingFor = decision.actingFor ?? ctx.actingFor;
    // Whose client the citizen is: logged with the query, and a hint to the worker when it is another member's.
    const caseload = this.decisions.caseload({ collaborationId: decision.collaborationId, actingForMunicipalityId: request.actingForMunicipalityId, bsn: found.bsn, at: ctx.startedAt });
    const caseloadHint = caseloadHintOf(actingFor, caseload);
    const event = await this.publish(about, decision, [...found.calls, ...results], { actingFor, caseload });
    return {
      queryId: ctx.queryId,
      traceId: trace.traceId,
      actingFor,
      product: ctx.product.id,
      legalDomain: request.legalDomain,
      whitelist: decision.whitelist,
      escape: decision.escape,
      outcome: event.outcome,
      results: results.map(({ supplier, status, data, message }) => ({ supplier, status, ...(data !== undefined ? { data } : {}), ...(message ? { message } : {}) })),
      ...(caseloadHint ? { caseloadHint } : {}),
    };
  }

  /** What is checked before any decision (a refusal here is recorded as a refused attempt); then the query's context. */
  private admit(principal: Principal, request: QueryRequest, trace: TraceInfo): QueryContext {
    const product = validateQuery(request);
    const home = this.decisions.organisation(principal.homeMunicipalityId);
    const actingFor = this.decisions.organisation(request.actingForMunicipalityId);
    if (!home) throw new QueryRefusal('FORBIDDEN', 'HOME_MUNICIPALITY_UNKNOWN', 'Your home municipality is not registered for Inkijk.');
    if (!actingFor) throw new QueryRefusal('INVALID', 'UNKNOWN_MUNICIPALITY', 'The chosen municipality is not registered for Inkijk.');
    return {
      principal,
      request,
      product,
      home,
      actingFor,
      queryId: randomUUID(),
      startedAt: (this.opts.clock ?? Date.now)(),
      trace,
      calls: { actingForOin: actingFor.oin, legalDomain: request.legalDomain, userId: principal.userId, processingActivityId: this.opts.processingActivityId },
      subject: null,
    };
  }

  /** The decision on this query about `bsn` (null: no person chosen yet), recorded before it counts. */
  private decide(ctx: QueryContext, bsn: string | null): Promise<Decision> {
    return this.decisions.decide({
      userId: ctx.principal.userId,
      homeMunicipalityId: ctx.principal.homeMunicipalityId,
      actingForMunicipalityId: ctx.request.actingForMunicipalityId,
      product: ctx.product.id,
      legalDomain: ctx.request.legalDomain,
      bsn,
      escapeReason: ctx.request.escapeReason ?? null,
      at: ctx.startedAt,
      traceId: ctx.trace.traceId,
    });
  }

  /** The one person a search key finds, once who, for whom and what are allowed; the search call is logged with the query. */
  private async findPerson(ctx: QueryContext, key: Exclude<SearchKey, { type: 'BSN' }>): Promise<{ bsn: string; calls: SourceResult[] }> {
    const pre = await this.decide(ctx, null);
    if (!pre.permitted) return this.deny(ctx, pre);
    const found = await this.sources.searchPersons(key, ctx.calls);
    const calls = [found.result];
    if (found.result.status !== 'ANSWERED' && found.result.status !== 'NO_DATA') {
      await this.publish(ctx, pre, calls);
      throw new QueryRefusal('CONFLICT', 'SEARCH_FAILED', found.result.message ?? `${found.result.supplier} could not be searched right now.`);
    }
    if (found.bsns.length !== 1) {
      await this.publish(ctx, pre, calls);
      if (found.bsns.length === 0) throw new QueryRefusal('NOT_FOUND', 'NO_PERSON_FOUND', 'No person was found with this search key.');
      throw new QueryRefusal('CONFLICT', 'MULTIPLE_PERSONS_FOUND', `${found.bsns.length} persons match this search key: search by BSN or narrow the search.`);
    }
    return { bsn: found.bsns[0], calls };
  }

  /** Logs the denied query, then refuses it. */
  private async deny(ctx: QueryContext, decision: Decision): Promise<never> {
    await this.publish(ctx, decision, []);
    const offerEscape = decision.reasonCode === 'NOT_ON_WHITELIST' && this.decisions.hasEscapeRight(ctx.principal.userId);
    throw new QueryDenied(
      decision.reasonCode ?? 'DENIED',
      decision.reasonForUser ?? 'This query is not allowed.',
      ctx.queryId,
      decision.actingFor,
      decision.reasonCode === 'NOT_ON_WHITELIST' ? { allowed: offerEscape, reasons: ESCAPE_REASONS } : null,
    );
  }

  /** Publishes the attributed-query event (acknowledged by Kafka before it returns); `permitted`: what only a permitted query has. */
  private async publish(ctx: QueryContext, decision: Decision, sources: SourceResult[], permitted?: { actingFor: query.OrganisationRef; caseload: CaseloadCheck }): Promise<query.AttributedQuery> {
    const event = attributedQuery({
      eventId: ctx.queryId,
      startedAt: ctx.startedAt,
      completedAt: (this.opts.clock ?? Date.now)(),
      ...ctx.trace,
      processingActivityId: this.opts.processingActivityId,
      worker: { userId: ctx.principal.userId, homeMunicipality: ctx.home },
      actingFor: permitted?.actingFor ?? decision.actingFor ?? ctx.actingFor,
      collaborationId: decision.collaborationId,
      request: ctx.request,
      dataSubject: ctx.subject ? { idType: 'BSN', pseudonym: ctx.subject.pseudonym, sealedBsn: this.subjects.sealedBsn(ctx.subject.bsn) } : null,
      decision: { decisionId: decision.decisionId, permitted: decision.permitted, reasonCode: decision.reasonCode, rulesVersion: decision.rulesVersion, whitelist: decision.whitelist },
      sources,
      product: ctx.product,
      caseload: permitted?.caseload ? { actingForHolds: permitted.caseload.actingForHolds, heldBy: permitted.caseload.heldBy.map((o) => o.id) } : null,
    });
    try {
      await this.log.publish(event);
    } catch (e) {
      throw new LogUnavailableError(e);
    }
    return event;
  }
}
