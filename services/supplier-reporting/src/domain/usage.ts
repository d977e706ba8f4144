/**
 * What counts, and how an attributed query or an action adds to the usage aggregates.
 * The definitions here are the ones the README states; every report is computed from the
 * aggregates these functions produce.
 */
import { activityCategory, ActivityCategory } from '@inkijk/contracts';
import type { audit } from '@inkijk/contracts';
import { dateOfLocal, isOutsideOfficeHoursLocal, localTime, Month, monthOfLocal } from './month';

/** The part of an attributed query (inkijk.query.attributed.v1) that reporting reads. */
export interface ReportableQuery {
  eventId: string;
  occurredAt: number;
  worker: { userId: string; homeMunicipality: OrganisationRef };
  actingFor: OrganisationRef;
  collaborationId?: string | null;
  product: string;
  searchKeyType: string;
  dataSubject?: { pseudonym: string } | null;
  sources: ReadonlyArray<{ supplier: string; outcome: string; personListsProvided?: number }>;
  whitelist: { outcome: string; escapeReason?: string | null };
  /** v2: whether the chosen municipality's caseload held the citizen (permits through a collaboration). */
  caseload?: { actingForHolds: boolean } | null;
}

export interface OrganisationRef {
  id: string;
  oin: string;
  name: string;
  cbsCode?: string | null;
}

/** The part of an action (inkijk.audit.activity.v1, ADR 0018) that reporting reads. */
export interface ReportableAction {
  eventId: string;
  occurredAt: number;
  actor: { userId?: string | null };
  actingForId: string;
  action: string;
  outcome: string;
}

// ---- Definitions -------------------------------------------------------------------------

/** Use: every attributed query counts, denied and aborted ones included (every action is logged). */
export const countsAsUse = (_q: ReportableQuery): boolean => true;
/** Aborted search (afgebroken zoekopdracht): stopped at the not-on-whitelist message. */
export const isAbortedSearch = (q: Pick<ReportableQuery, 'whitelist'>): boolean => q.whitelist.outcome === 'ABORTED';
/** A search key other than the BSN: name + birth date, postcode + house number, licence plate, parcel. */
export const isNonBsnSearchKey = (searchKeyType: string): boolean => searchKeyType !== 'BSN';
/** A whitelist escape: proceeded past the whitelist with a reason from the escape list. */
export const isEscape = (q: Pick<ReportableQuery, 'whitelist'>): boolean => q.whitelist.outcome === 'ESCAPE';
/**
 * Made for a municipality whose own caseload did not hold the citizen on the day (the merged
 * whitelist of a collaboration held them for another member): perhaps logged under the wrong one.
 */
export const isNotOnCaseload = (q: Pick<ReportableQuery, 'caseload'>): boolean => q.caseload?.actingForHolds === false;
/** The reason an escape is reported under (a missing reason is reported as such, not dropped). */
export const UNKNOWN_ESCAPE_REASON = 'UNKNOWN';
export const escapeReasonOf = (q: Pick<ReportableQuery, 'whitelist'>): string => q.whitelist.escapeReason || UNKNOWN_ESCAPE_REASON;
/** The collaboration key of a query made without one (for the organisation by its own workers). */
export const NO_COLLABORATION = 'none';
/** A supplier was used by a query when it appears in `sources` with any outcome but NOT_CALLED. */
export const suppliersUsed = (q: Pick<ReportableQuery, 'sources'>) => q.sources.filter((s) => s.outcome !== 'NOT_CALLED');
/** The category of an action (contracts' table); an action this version does not know is OTHER. */
export const categoryOf = (action: string): ActivityCategory => activityCategory(action as audit.ActivityAction);
/** Account-management action (accountbeheer): every action of that category, whatever its outcome. */
export const isAccountManagement = (action: string): boolean => categoryOf(action) === 'ACCOUNT_MANAGEMENT';
/** The actions the reports count: account management (generic report) and logins (specific report). */
export const countsInReports = (action: string): boolean => isAccountManagement(action) || categoryOf(action) === 'LOGIN';
/** The actor key of an action without a known account (a login under an unknown name). */
export const NO_ACCOUNT = '';
/** A successful login. */
export const isLogin = (r: { action: string; outcome: string }): boolean => r.action === 'LOGIN' && r.outcome === 'SUCCEEDED';
/**
 * A failed login: a LOGIN refused (wrong password, locked, throttled) or failed, or a second
 * factor refused (a wrong or reused code: registration records that attempt as
 * LOGIN_SECOND_FACTOR, not as LOGIN as well).
 */
export const isFailedLogin = (r: { action: string; outcome: string }): boolean => (r.action === 'LOGIN' || r.action === 'LOGIN_SECOND_FACTOR') && r.outcome !== 'SUCCEEDED';
/** A lockout started (5 failures in a row, ADR 0015). */
export const isLockout = (r: { action: string }): boolean => r.action === 'ACCOUNT_LOCKED';
/** The supplier whose protocol lines (which person lists were provided) reporting keeps: BRP, supplied by RvIG. */
export const PROTOCOL_SUPPLIER = 'BRP';

// ---- Aggregate rows ----------------------------------------------------------------------

/** The cube of generic-report dimensions: one row per combination, with its count. */
export interface QueryUsageRow {
  month: Month;
  organisationId: string;
  /** NO_COLLABORATION when the query was made without one. */
  collaborationId: string;
  product: string;
  searchKeyType: string;
  outsideOfficeHours: boolean;
  whitelistOutcome: string;
  /** '' unless the whitelist outcome is ESCAPE. */
  escapeReason: string;
  /** The chosen municipality's caseload did not hold the citizen (isNotOnCaseload). */
  notOnCaseload: boolean;
  queries: number;
  lastOccurredAt: number;
}

export interface SupplierUsageRow {
  month: Month;
  supplier: string;
  organisationId: string;
  queries: number;
  personListsProvided: number;
  lastOccurredAt: number;
}

export interface WorkerUsageRow {
  month: Month;
  organisationId: string;
  userId: string;
  queries: number;
}

export interface SubjectUsageRow {
  month: Month;
  organisationId: string;
  /** The data subject's pseudonym (keyed hash); never a BSN. */
  pseudonym: string;
  queries: number;
}

/** One BRP provision for RvIG's protocol: which person lists were provided, for whom, when. */
export interface ProvisionLine {
  eventId: string;
  month: Month;
  organisationId: string;
  /** Local date, YYYY-MM-DD (Europe/Amsterdam). */
  date: string;
  customerOin: string;
  product: string;
  pseudonym: string | null;
  personListsProvided: number;
}

/** Actions per month, organisation acted for, action, outcome and acting account. */
export interface ActivityUsageRow {
  month: Month;
  organisationId: string;
  action: string;
  outcome: string;
  /** NO_ACCOUNT when no account is known. */
  actorUserId: string;
  actions: number;
  lastOccurredAt: number;
}

/** An organisation as last seen in an event: the newest (occurredAt, eventId) wins. */
export interface OrganisationSighting extends OrganisationRef {
  seenAt: number;
  seenEventId: string;
}

/** A month of one organisation or one supplier whose figures changed. */
export interface ChangedMonth {
  kind: 'ORGANISATION' | 'SUPPLIER';
  scope: string;
  month: Month;
}

export interface QueryDelta {
  queryUsage: QueryUsageRow[];
  supplierUsage: SupplierUsageRow[];
  workerUsage: WorkerUsageRow[];
  subjectUsage: SubjectUsageRow[];
  provisions: ProvisionLine[];
  organisations: OrganisationSighting[];
  changed: ChangedMonth[];
}

// ---- Folding events into deltas ----------------------------------------------------------

/** Sums rows with the same key; keys sorted, so that writers lock rows in one order. */
class Summer<R> {
  private readonly rows = new Map<string, R>();
  constructor(private readonly merge: (into: R, add: R) => void) {}
  add(key: string, row: R): void {
    const existing = this.rows.get(key);
    if (existing) this.merge(existing, row);
    else this.rows.set(key, { ...row });
  }
  sorted(): R[] {
    return [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  }
}
const key = (...parts: Array<string | number | boolean>) => JSON.stringify(parts);
const newer = (a: { seenAt: number; seenEventId: string }, b: { seenAt: number; seenEventId: string }) =>
  a.seenAt > b.seenAt || (a.seenAt === b.seenAt && a.seenEventId > b.seenEventId);

/** The aggregate increments of a batch of attributed queries (each event counted once: dedup is the inbox's job). */
export function foldQueries(queries: readonly ReportableQuery[]): QueryDelta {
  const usage = new Summer<QueryUsageRow>((a, b) => {
    a.queries += b.queries;
    a.lastOccurredAt = Math.max(a.lastOccurredAt, b.lastOccurredAt);
  });
  const suppliers = new Summer<SupplierUsageRow>((a, b) => {
    a.queries += b.queries;
    a.personListsProvided += b.personListsProvided;
    a.lastOccurredAt = Math.max(a.lastOccurredAt, b.lastOccurredAt);
  });
  const workers = new Summer<WorkerUsageRow>((a, b) => void (a.queries += b.queries));
  const subjects = new Summer<SubjectUsageRow>((a, b) => void (a.queries += b.queries));
  const changed = new Summer<ChangedMonth>(() => undefined);
  const organisations = new Map<string, OrganisationSighting>();
  const provisions: ProvisionLine[] = [];

  const sight = (ref: OrganisationRef, q: ReportableQuery) => {
    const s: OrganisationSighting = { id: ref.id, oin: ref.oin, name: ref.name, cbsCode: ref.cbsCode ?? null, seenAt: q.occurredAt, seenEventId: q.eventId };
    const known = organisations.get(ref.id);
    if (!known || newer(s, known)) organisations.set(ref.id, s);
  };

  for (const q of queries) {
    if (!countsAsUse(q)) continue;
    const local = localTime(q.occurredAt);
    const month = monthOfLocal(local);
    const organisationId = q.actingFor.id;
    const row: QueryUsageRow = {
      month,
      organisationId,
      collaborationId: q.collaborationId || NO_COLLABORATION,
      product: q.product,
      searchKeyType: q.searchKeyType,
      outsideOfficeHours: isOutsideOfficeHoursLocal(local),
      whitelistOutcome: q.whitelist.outcome,
      escapeReason: isEscape(q) ? escapeReasonOf(q) : '',
      notOnCaseload: isNotOnCaseload(q),
      queries: 1,
      lastOccurredAt: q.occurredAt,
    };
    usage.add(key(row.month, row.organisationId, row.collaborationId, row.product, row.searchKeyType, row.outsideOfficeHours, row.whitelistOutcome, row.escapeReason, row.notOnCaseload), row);
    changed.add(key('ORGANISATION', organisationId, month), { kind: 'ORGANISATION', scope: organisationId, month });
    workers.add(key(month, organisationId, q.worker.userId), { month, organisationId, userId: q.worker.userId, queries: 1 });
    if (q.dataSubject?.pseudonym) {
      subjects.add(key(month, organisationId, q.dataSubject.pseudonym), { month, organisationId, pseudonym: q.dataSubject.pseudonym, queries: 1 });
    }
    // A supplier listed twice in one query still counts that query once.
    const bySupplier = new Map<string, number>();
    for (const s of suppliersUsed(q)) bySupplier.set(s.supplier, (bySupplier.get(s.supplier) ?? 0) + (s.personListsProvided ?? 0));
    for (const [supplier, personLists] of bySupplier) {
      suppliers.add(key(month, supplier, organisationId), { month, supplier, organisationId, queries: 1, personListsProvided: personLists, lastOccurredAt: q.occurredAt });
      changed.add(key('SUPPLIER', supplier, month), { kind: 'SUPPLIER', scope: supplier, month });
      if (supplier === PROTOCOL_SUPPLIER && personLists > 0) {
        provisions.push({
          eventId: q.eventId,
          month,
          organisationId,
          date: dateOfLocal(local),
          customerOin: q.actingFor.oin,
          product: q.product,
          pseudonym: q.dataSubject?.pseudonym ?? null,
          personListsProvided: personLists,
        });
      }
    }
    sight(q.actingFor, q);
    sight(q.worker.homeMunicipality, q);
  }

  return {
    queryUsage: usage.sorted(),
    supplierUsage: suppliers.sorted(),
    workerUsage: workers.sorted(),
    subjectUsage: subjects.sorted(),
    provisions: provisions.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)),
    organisations: [...organisations.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    changed: changed.sorted(),
  };
}

/**
 * The aggregate increments of a batch of actions: those the reports count, in the month of
 * occurredAt of the organisation acted for. Only account management changes a generic report,
 * so only it marks the month changed; logins feed the specific report, computed on request.
 */
export function foldActions(actions: readonly ReportableAction[]): { rows: ActivityUsageRow[]; changed: ChangedMonth[] } {
  const rows = new Summer<ActivityUsageRow>((a, b) => {
    a.actions += b.actions;
    a.lastOccurredAt = Math.max(a.lastOccurredAt, b.lastOccurredAt);
  });
  const changed = new Summer<ChangedMonth>(() => undefined);
  for (const a of actions) {
    if (!countsInReports(a.action)) continue;
    const month = monthOfLocal(localTime(a.occurredAt));
    const organisationId = a.actingForId;
    const actorUserId = a.actor.userId ?? NO_ACCOUNT;
    rows.add(key(month, organisationId, a.action, a.outcome, actorUserId), { month, organisationId, action: a.action, outcome: a.outcome, actorUserId, actions: 1, lastOccurredAt: a.occurredAt });
    if (isAccountManagement(a.action)) changed.add(key('ORGANISATION', organisationId, month), { kind: 'ORGANISATION', scope: organisationId, month });
  }
  return { rows: rows.sorted(), changed: changed.sorted() };
}
