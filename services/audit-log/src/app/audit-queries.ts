/**
 * Use cases: the searches of the audit log, each checked against the access policy first
 * (domain/access-policy.ts), and the export as Logboek Dataverwerkingen JSON lines. Every read
 * is itself an action (ADR 0018): `recorded` sends its ActivityEvent before the answer, and
 * refuses with AUDIT_TRAIL_UNAVAILABLE (503), without the result, when it cannot.
 */
import { isBsn, isRefusal, Refusal } from '@inkijk/contracts';
import { ActionRecord, JsonLogger, pseudonymise } from '@inkijk/platform';
import { AccessRequest, Caller, decideAccess, Scope } from '../domain/access-policy';
import { exportLine, LogboekRecord, AuditPart, toAuditPart, toLogboekRecord } from '../domain/logboek';
import type { ActionEntry, Chained, DecisionEntry, RecordKind } from '../domain/audit-entry';
import type { Period } from '../domain/period';
import { lookupsByOrganisation, OrganisationLookups } from '../domain/subject-view';
import { CITIZEN_CHAIN_ID, citizenLookup, CitizenLookup, splitForCitizen, Withholding } from '../domain/citizen-view';
import type { AuditRepository, RecordSearch, StoredQuery, StoredRecord } from './ports';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/** Which records of the log: one kind, or ACTION records of one category or action (absent: every kind). */
export interface RecordFilter {
  kind?: RecordKind;
  category?: string;
  action?: string;
}

/** Where a record sits in its chain (every kind). */
export interface ChainPart {
  trace_id: string | null;
  event_id: string;
  chain: string;
  sequence: number;
  hash: string;
  recorded_at: string;
}

/** The Logboek-style envelope every kind has. */
interface Envelope {
  trace_id: string | null;
  span_id: string | null;
  parent_span_id: string | null;
  name: string;
  start_time: string;
  end_time: string;
  status_code: string;
}

/** A query: the Logboek record with its audit part; the worker's roles now (null: unknown account). */
export type QueryView = { kind: 'QUERY' } & LogboekRecord & { audit: AuditPart & { worker: AuditPart['worker'] & { roles: string[] | null } } };

/** An action (ActivityEvent). */
export type ActionView = { kind: 'ACTION' } & Envelope & {
  action: string;
  category: string;
  object: { type: string; id: string | null };
  outcome: string;
  reasonCode: string | null;
  actor: { userId: string | null; homeOrganisationId: string | null; roles: string[] };
  actingForId: string;
  subjectPseudonym: string | null;
  service: string;
  details: Record<string, string>;
  audit: ChainPart;
};

/** A decision record (the decision log). */
export type DecisionView = { kind: 'DECISION' } & Envelope & {
  decision: { decisionId: string; result: string; reasonCode: string | null; rulesVersion: string; escape: boolean };
  worker: { userId: string; homeMunicipalityId: string };
  actingForId: string;
  product: string;
  legalDomain: string;
  subjectPseudonym: string | null;
  escapeReason: string | null;
  collaborationId: string | null;
  evaluatedAt: string;
  reasonForUser: string | null;
  reasonForAdministrator: string | null;
  readModelOffsets: Record<string, number>;
  audit: ChainPart;
};

/** One record in a query answer. */
export type RecordView = QueryView | ActionView | DecisionView;

export interface RecordPage {
  records: RecordView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The roles an account holds now, or null when unknown. */
export type RolesOf = (userId: string) => string[] | null;

const isoOf = (t: number) => new Date(t).toISOString();

function chainPart(r: Chained<ActionEntry | DecisionEntry>): ChainPart {
  return { trace_id: r.traceId, event_id: r.eventId, chain: r.chain, sequence: r.sequence, hash: r.hash, recorded_at: isoOf(r.recordedAt) };
}

export function toView(r: StoredRecord, rolesOf: RolesOf = () => null): RecordView {
  if (r.kind === 'ACTION') {
    return {
      kind: 'ACTION',
      trace_id: r.traceId,
      span_id: r.spanId,
      parent_span_id: null,
      name: r.name,
      start_time: isoOf(r.startTime),
      end_time: isoOf(r.endTime),
      status_code: r.statusCode,
      action: r.action,
      category: r.category,
      object: r.object,
      outcome: r.outcome,
      reasonCode: r.reasonCode,
      actor: r.actor,
      actingForId: r.actingForId,
      subjectPseudonym: r.subjectPseudonym,
      service: r.service,
      details: r.details,
      audit: chainPart(r),
    };
  }
  if (r.kind === 'DECISION') {
    return {
      kind: 'DECISION',
      trace_id: r.traceId,
      span_id: null,
      parent_span_id: null,
      name: r.name,
      start_time: isoOf(r.startTime),
      end_time: isoOf(r.endTime),
      status_code: r.statusCode,
      decision: r.decision,
      worker: r.worker,
      actingForId: r.actingForId,
      product: r.product,
      legalDomain: r.legalDomain,
      subjectPseudonym: r.subjectPseudonym,
      escapeReason: r.escapeReason,
      collaborationId: r.collaborationId,
      evaluatedAt: isoOf(r.evaluatedAt),
      reasonForUser: r.reasonForUser,
      reasonForAdministrator: r.reasonForAdministrator,
      readModelOffsets: r.readModelOffsets,
      audit: chainPart(r),
    };
  }
  const q = r as StoredQuery;
  const audit = toAuditPart(q);
  return { kind: 'QUERY', ...toLogboekRecord(q), audit: { ...audit, worker: { ...audit.worker, roles: rolesOf(q.worker.userId) } } };
}

/** The export lines of one record: a query's Logboek lines (and audit part); an action or decision as one line of its own. */
function exportLinesOf(r: StoredRecord, withAudit: boolean): string {
  if (r.kind === 'ACTION') return JSON.stringify({ action: toView(r) });
  if (r.kind === 'DECISION') return JSON.stringify({ decision: toView(r) });
  return exportLine(r as StoredQuery, withAudit);
}

/** The search criteria of a filter. */
function filterSearch(f: RecordFilter): Pick<RecordSearch, 'kinds' | 'category' | 'action'> {
  return { kinds: f.kind ? [f.kind] : undefined, category: f.category, action: f.action };
}

/** What a read of the log is, as an action: filled in by the caller as far as it knows. */
export interface AuditRead {
  action: 'AUDIT_SEARCHED' | 'AUDIT_SUBJECT_SEARCHED' | 'AUDIT_EXPORTED' | 'AUDIT_VERIFIED';
  /** The municipality asked for, when it is an id; else the caller's home is acted for. */
  municipalityId?: string;
  /** What was read: a municipality, a worker, a trace (object AUDIT_LOG, this id). */
  objectId?: string | null;
  subjectPseudonym?: string | null;
  /** A few facts (never a BSN or a name): which search, period, filters, how many records. */
  details: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const AUDIT_TRAIL_UNAVAILABLE = 'AUDIT_TRAIL_UNAVAILABLE';

/** A read of the log that could not be recorded, so it is not answered (fail closed). */
export class AuditTrailUnavailable extends Refusal {
  constructor(message: string) {
    super('UNAVAILABLE', AUDIT_TRAIL_UNAVAILABLE, message);
    this.name = 'AuditTrailUnavailable';
  }
}

export function encodeCursor(r: Pick<StoredRecord, 'startTime' | 'id'>): string {
  return Buffer.from(JSON.stringify([r.startTime, r.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { startTime: number; id: string } {
  try {
    const [startTime, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof startTime === 'number' && typeof id === 'string' && /^\d+$/.test(id)) return { startTime, id };
  } catch {
    // fall through
  }
  throw new Refusal('INVALID', 'INVALID_CURSOR', 'The cursor is not one this service gave out.');
}

export class AuditQueries {
  private readonly log = new JsonLogger('audit-reads');

  /**
   * @param record sends one action durably (the ActivityRecorder): resolves once the broker
   *   acknowledged it, throws otherwise;
   * @param rolesOf the roles directory (a query's worker's roles).
   */
  constructor(
    private readonly store: AuditRepository,
    private readonly pseudonymKey: Buffer,
    private readonly record: (a: ActionRecord) => Promise<unknown> = async () => undefined,
    private readonly rolesOf: RolesOf = () => null,
    /** Processing activities whose queries a citizen sees only after a period (citizen view). */
    private readonly citizenWithholding: Withholding = new Map(),
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs one read of the log and records it as an action before its answer: SUCCEEDED (or a
   * search that found nothing, NOT_FOUND) is sent durably and the answer is AUDIT_TRAIL_UNAVAILABLE
   * without the result when that fails; any other refusal (but UNAVAILABLE) is recorded as
   * REFUSED with its code, best effort.
   */
  async recorded<T>(caller: Caller, read: AuditRead, run: (read: AuditRead) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await run(read);
    } catch (e) {
      if (isRefusal(e) && e.kind === 'NOT_FOUND') {
        await this.send(caller, read, 'SUCCEEDED');
      } else if (isRefusal(e) && e.kind !== 'UNAVAILABLE') {
        await this.send(caller, read, 'REFUSED', e.code).catch((err: unknown) => this.log.warn(`a refused read (${e.code}) was not recorded: ${(err as Error).message}`));
      }
      throw e;
    }
    await this.send(caller, read, 'SUCCEEDED');
    return result;
  }

  private async send(caller: Caller, read: AuditRead, outcome: 'SUCCEEDED' | 'REFUSED', reasonCode?: string): Promise<void> {
    const municipality = read.municipalityId !== undefined && UUID.test(read.municipalityId) ? read.municipalityId : undefined;
    const action: ActionRecord = {
      actor: { userId: caller.userId, homeOrganisationId: caller.homeMunicipalityId, roles: [...caller.roles] },
      actingForId: municipality ?? caller.homeMunicipalityId,
      action: read.action,
      object: { type: 'AUDIT_LOG', id: read.objectId ?? municipality ?? null },
      outcome,
      reasonCode: reasonCode ?? null,
      subjectPseudonym: read.subjectPseudonym ?? null,
      details: read.details,
    };
    if (outcome === 'REFUSED') {
      await this.record(action);
      return;
    }
    try {
      await this.record(action);
    } catch (e) {
      this.log.warn(`a read of the audit log could not be recorded, answered 503: ${(e as Error).message}`);
      throw new AuditTrailUnavailable('This read of the audit log could not be recorded, so it is not answered. Try again shortly.');
    }
  }

  /** The pseudonym of a BSN (null for something that is not a BSN): what a data-subject search records. */
  pseudonymOf(bsn: string): string | null {
    return isBsn(bsn) ? pseudonymise(bsn, this.pseudonymKey) : null;
  }

  private scopes(caller: Caller, req: AccessRequest): Scope[] {
    const d = decideAccess(caller, req);
    if (!d.allowed) throw new Refusal('FORBIDDEN', d.code, d.message);
    return d.scopes;
  }

  private view = (r: StoredRecord): RecordView => toView(r, this.rolesOf);

  private async page(search: Omit<RecordSearch, 'limit' | 'after'>, page: PageRequest): Promise<RecordPage> {
    const limit = page.limit ?? DEFAULT_PAGE;
    const rows = await this.store.search({ ...search, limit: limit + 1, after: page.cursor ? decodeCursor(page.cursor) : undefined });
    const records = rows.slice(0, limit);
    return { records: records.map(this.view), nextCursor: rows.length > limit ? encodeCursor(records[records.length - 1]) : null };
  }

  /** Records of a municipality's chain (all the caller may see when none is given), in a period. */
  byMunicipality(caller: Caller, q: { municipalityId?: string; period: Period } & PageRequest & RecordFilter): Promise<RecordPage> {
    const scopes = this.scopes(caller, { kind: 'BY_MUNICIPALITY', municipalityId: q.municipalityId });
    return this.page({ scopes, actingForId: q.municipalityId, period: q.period, ...filterSearch(q) }, q);
  }

  /** A worker's records: the queries they made and the actions they performed (and decisions about their queries, for the officer and mandated person). */
  byWorker(caller: Caller, q: { workerUserId: string; period: Period } & PageRequest & RecordFilter): Promise<RecordPage> {
    const scopes = this.scopes(caller, { kind: 'BY_WORKER', workerUserId: q.workerUserId });
    return this.page({ scopes, workerUserId: q.workerUserId, period: q.period, ...filterSearch(q) }, q);
  }

  /**
   * The citizen's view: every query about this BSN the caller may see, and per organisation
   * how often, when and which products. The BSN is only pseudonymised, never stored or logged.
   */
  async byDataSubject(caller: Caller, q: { bsn: string; period: Period } & PageRequest & RecordFilter): Promise<RecordPage & { organisations: OrganisationLookups[] }> {
    const scopes = this.scopes(caller, { kind: 'BY_DATA_SUBJECT' });
    if (!isBsn(q.bsn)) throw new Refusal('INVALID', 'INVALID_BSN', 'bsn must be a BSN: 9 digits that pass the 11-proef.');
    const limit = q.limit ?? DEFAULT_PAGE;
    const rows = await this.store.search({
      scopes,
      subjectPseudonym: pseudonymise(q.bsn, this.pseudonymKey),
      period: q.period,
      ...filterSearch(q),
      limit: limit + 1,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    const records = rows.slice(0, limit);
    return {
      organisations: lookupsByOrganisation(records.filter((r): r is StoredQuery => r.kind === 'QUERY')),
      records: records.map(this.view),
      nextCursor: rows.length > limit ? encodeCursor(records[records.length - 1]) : null,
    };
  }

  /**
   * The citizen's own view (issue 21): the queries about them, by the pseudonym of their
   * citizen token, as `citizenLookup` shows them (no worker). The look is itself an action,
   * recorded before the answer (503 without the result when it cannot be): actor the citizen
   * by pseudonym (`citizen:<pseudonym>`, role CITIZEN), in the citizens' chain. Queries under a
   * confidential processing activity are left out until their period has passed; how many were
   * is in the record of the look (`details.withheld`), not in the answer.
   */
  async citizenView(pseudonym: string, q: { period: Period; limit?: number }): Promise<{ lookups: CitizenLookup[]; complete: boolean }> {
    const limit = q.limit ?? MAX_PAGE;
    const rows = await this.store.search({ scopes: [{ kind: 'ALL' }], subjectPseudonym: pseudonym, period: q.period, kinds: ['QUERY'], limit: limit + 1 });
    const { shown, withheld } = splitForCitizen(rows.slice(0, limit) as StoredQuery[], this.citizenWithholding, this.now());
    const lookups = shown.map(citizenLookup);
    // The withholding is recorded with the look (for the security officer), never shown to the citizen.
    const details: Record<string, string> = { query: 'CITIZEN_VIEW', records: String(lookups.length), withheld: String(withheld) };
    if (q.period.from != null) details.from = new Date(q.period.from).toISOString();
    if (q.period.to != null) details.to = new Date(q.period.to).toISOString();
    try {
      await this.record({
        actor: { userId: `citizen:${pseudonym}`, homeOrganisationId: null, roles: ['CITIZEN'] },
        actingForId: CITIZEN_CHAIN_ID,
        action: 'AUDIT_SUBJECT_SEARCHED',
        object: { type: 'AUDIT_LOG', id: null },
        outcome: 'SUCCEEDED',
        subjectPseudonym: pseudonym,
        details,
      });
    } catch (e) {
      this.log.warn(`a citizen's look at the audit log could not be recorded, answered 503: ${(e as Error).message}`);
      throw new AuditTrailUnavailable('Uw inzage kon niet worden vastgelegd en wordt daarom niet getoond. Probeer het zo nog eens.');
    }
    return { lookups, complete: rows.length <= limit };
  }

  /** Every record of a trace the caller may see: a query, its decision and the actions of that request. */
  async byTrace(caller: Caller, traceId: string): Promise<{ records: RecordView[] }> {
    const scopes = this.scopes(caller, { kind: 'BY_TRACE' });
    const rows = await this.store.search({ scopes, traceId, limit: MAX_PAGE });
    if (rows.length === 0) throw new Refusal('NOT_FOUND', 'TRACE_NOT_FOUND', 'No audit record you may see has this trace id.');
    return { records: rows.map(this.view) };
  }

  /**
   * Checks access, then returns the lines of a period, page by page: the Logboek lines of the
   * queries; with the audit part, also every action ({"action": ...}) and decision record
   * ({"decision": ...}) as a line of its own, linked by trace_id.
   */
  exportLines(caller: Caller, q: { municipalityId?: string; period: Period; withAudit: boolean }, pageSize = 2000): AsyncIterable<string[]> {
    const scopes = this.scopes(caller, { kind: 'EXPORT', municipalityId: q.municipalityId });
    const store = this.store;
    return {
      async *[Symbol.asyncIterator]() {
        let after: { startTime: number; id: string } | undefined;
        for (;;) {
          const rows = await store.search({ scopes, actingForId: q.municipalityId, period: q.period, kinds: q.withAudit ? undefined : ['QUERY'], after, limit: pageSize });
          if (rows.length === 0) return;
          yield rows.map((r) => exportLinesOf(r, q.withAudit));
          if (rows.length < pageSize) return;
          after = { startTime: rows[rows.length - 1].startTime, id: rows[rows.length - 1].id };
        }
      },
    };
  }

  /**
   * Access check of the completeness check: the municipality it covers (undefined: every one, the
   * security officer without a municipalityId); a mandated person's is always the own.
   */
  completenessMunicipality(caller: Caller, municipalityId?: string): string | undefined {
    const [scope] = this.scopes(caller, { kind: 'COMPLETENESS', municipalityId });
    return scope.kind === 'ACTING_FOR' ? scope.municipalityId : undefined;
  }

  /** Access check of the security-officer-only parts. */
  requireAccess(caller: Caller, kind: 'VERIFY' | 'CHECKPOINTS'): void {
    this.scopes(caller, { kind });
  }
}
