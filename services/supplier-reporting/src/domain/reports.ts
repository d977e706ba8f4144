/**
 * The reports, computed from the aggregates: pure functions, so the same aggregates always give
 * the same report, byte for byte once rendered (no wall-clock time, maps and lists in a fixed
 * order, shares rounded the same way).
 */
import type { reporting } from '@inkijk/contracts';
import { addMonths, coveredMonths, Month, startOfMonth } from './month';
import {
  ActivityUsageRow,
  isAbortedSearch,
  isAccountManagement,
  isFailedLogin,
  isLockout,
  isLogin,
  NO_ACCOUNT,
  isEscape,
  isNonBsnSearchKey,
  ProvisionLine,
  QueryUsageRow,
  SubjectUsageRow,
  SupplierUsageRow,
  WorkerUsageRow,
} from './usage';

export type Counts = Record<string, number>;

/** One month of the generic report: the contract's MonthUsage, every figure present (v2's too). */
export type MonthUsage = Required<reporting.MonthUsage>;

/**
 * The generic report (generieke gebruiksrapportage): the contract's CustomerUsageReport as built
 * here, the organisation's OIN and name always present (null while unknown), every month complete.
 */
export type GenericReport = Required<Omit<reporting.CustomerUsageReport, 'months'>> & { months: MonthUsage[] };

/** A supplier feed: the contract's SupplierUsageReport, its supplier any name (a feed topic is checked for when it is published). */
export type SupplierFeed = Omit<reporting.SupplierUsageReport, 'supplier'> & { supplier: string };

export interface KnownOrganisation {
  id: string;
  oin: string;
  name: string;
}

/** Compares strings by code unit: the same order on every machine and locale. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A map with its keys in code-unit order. */
export function sortedCounts(entries: Iterable<[string, number]>): Counts {
  const sums = new Map<string, number>();
  for (const [k, v] of entries) sums.set(k, (sums.get(k) ?? 0) + v);
  const out: Counts = {};
  for (const k of [...sums.keys()].sort(byCodeUnit)) out[k] = sums.get(k)!;
  return out;
}

/** part / whole rounded to 4 decimals; 0 when there is no whole. */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

export const genericReportId = (organisationId: string, month: Month, version: number) => `generic/${organisationId}/${month}/v${version}`;
export const supplierFeedId = (supplier: string, month: Month, version: number) => `supplier/${supplier}/${month}/v${version}`;

export interface GenericReportInput {
  organisationId: string;
  organisation: KnownOrganisation | null;
  reportMonth: Month;
  version: number;
  queryUsage: readonly Omit<QueryUsageRow, 'organisationId'>[];
  supplierUsage: readonly Omit<SupplierUsageRow, 'organisationId'>[];
  /** The organisation's counted actions; the generic report takes account management from them. */
  activityUsage: readonly Omit<ActivityUsageRow, 'organisationId'>[];
}

/** The generic report of `reportMonth`: the six months before it, nothing traceable to a person. */
export function genericReport(input: GenericReportInput): GenericReport {
  const period = coveredMonths(input.reportMonth);
  const inPeriod = <R extends { month: Month }>(rows: readonly R[]) => rows.filter((r) => period.includes(r.month));
  const queries = inPeriod(input.queryUsage);
  const supplierRows = inPeriod(input.supplierUsage);
  const accountRows = inPeriod(input.activityUsage).filter((r) => isAccountManagement(r.action));

  const months = period.map((month): MonthUsage => {
    const q = queries.filter((r) => r.month === month);
    const total = sum(q, (r) => r.queries);
    const nonBsn = sum(q.filter((r) => isNonBsnSearchKey(r.searchKeyType)), (r) => r.queries);
    const outside = sum(q.filter((r) => r.outsideOfficeHours), (r) => r.queries);
    const notOnCaseload = sum(q.filter((r) => r.notOnCaseload), (r) => r.queries);
    return {
      month,
      sourceQueries: total,
      accountManagementActions: sum(accountRows.filter((r) => r.month === month), (r) => r.actions),
      abortedSearches: sum(q.filter((r) => isAbortedSearch({ whitelist: { outcome: r.whitelistOutcome } })), (r) => r.queries),
      nonBsnSearchKeyQueries: nonBsn,
      nonBsnSearchKeyShare: share(nonBsn, total),
      outsideOfficeHoursQueries: outside,
      outsideOfficeHoursShare: share(outside, total),
      notOnCaseloadQueries: notOnCaseload,
      notOnCaseloadShare: share(notOnCaseload, total),
      escapes: sortedCounts(q.filter((r) => isEscape({ whitelist: { outcome: r.whitelistOutcome } })).map((r) => [r.escapeReason, r.queries])),
      byProduct: sortedCounts(q.map((r) => [r.product, r.queries])),
      byCollaboration: sortedCounts(q.map((r) => [r.collaborationId, r.queries])),
      bySupplier: sortedCounts(supplierRows.filter((r) => r.month === month).map((r) => [r.supplier, r.queries])),
    };
  });

  const newest = Math.max(-Infinity, ...queries.map((r) => r.lastOccurredAt), ...accountRows.map((r) => r.lastOccurredAt));
  return {
    reportId: genericReportId(input.organisationId, input.reportMonth, input.version),
    customerOrganisationId: input.organisationId,
    customerOin: input.organisation?.oin ?? null,
    customerName: input.organisation?.name ?? null,
    month: input.reportMonth,
    version: input.version,
    generatedAt: Number.isFinite(newest) ? newest : startOfMonth(input.reportMonth),
    months,
  };
}

export interface SupplierFeedInput {
  supplier: string;
  month: Month;
  version: number;
  usage: readonly (Omit<SupplierUsageRow, 'month' | 'supplier'> & { organisation: KnownOrganisation })[];
}

/** The monthly feed of one supplier: queries per customer organisation on its data. */
export function supplierFeed(input: SupplierFeedInput): SupplierFeed {
  const lines = [...input.usage]
    .sort((a, b) => byCodeUnit(a.organisationId, b.organisationId))
    .map((r) => ({
      customerOrganisationId: r.organisationId,
      customerOin: r.organisation.oin,
      customerName: r.organisation.name,
      queries: r.queries,
      personListsProvided: r.personListsProvided,
    }));
  const newest = Math.max(-Infinity, ...input.usage.map((r) => r.lastOccurredAt));
  return {
    reportId: supplierFeedId(input.supplier, input.month, input.version),
    supplier: input.supplier,
    month: input.month,
    version: input.version,
    generatedAt: Number.isFinite(newest) ? newest : startOfMonth(addMonths(input.month, 1)),
    lines,
  };
}

/** What makes two versions the same report: everything but the version and the id derived from it. */
export function reportContent<R extends { reportId: string; version: number }>(report: R): Omit<R, 'reportId' | 'version'> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { reportId, version, ...content } = report;
  return content;
}

/** The JSON a report is stored and served as: fixed key order (as built), two-space indent, final newline. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// ---- Specific report (traceable; mandated persons of the organisation only) ---------------

export const TOP_SUBJECTS = 10;
export const TOP_ADMINISTRATORS = 10;

/** A person's logins in a month: successful, failed, and lockouts started. */
export interface LoginCounts {
  logins: number;
  failedLogins: number;
  lockouts: number;
}

export interface SpecificReport {
  customerOrganisationId: string;
  month: Month;
  months: Month[];
  /** Queries made for the organisation, per worker (user id), most queries first. */
  workers: Array<{ userId: string; queries: number; byMonth: Counts }>;
  /** The most-queried data subjects (pseudonyms, never BSNs), most queries first. */
  topSubjects: Array<{ pseudonym: string; queries: number }>;
  /**
   * Logins of the organisation's accounts per person (user id): successful, failed (refused),
   * lockouts started; totals and per month of the period. Most logins first, then most failures.
   */
  logins: Array<{ userId: string } & LoginCounts & { byMonth: Record<Month, LoginCounts> }>;
  /** Failed logins under a name without an account, counted for the organisation acted for. */
  failedLoginsWithoutAccount: { total: number; byMonth: Counts };
  /** The persons with the most account-management actions for the organisation, most first. */
  topAdministrators: Array<{ userId: string; actions: number; byMonth: Counts }>;
  generatedAt: number;
}

export function specificReport(input: {
  organisationId: string;
  reportMonth: Month;
  workerUsage: readonly Omit<WorkerUsageRow, 'organisationId'>[];
  subjectUsage: readonly Omit<SubjectUsageRow, 'organisationId'>[];
  activityUsage: readonly Omit<ActivityUsageRow, 'organisationId'>[];
  generatedAt: number;
  topSubjects?: number;
  topAdministrators?: number;
}): SpecificReport {
  const period = coveredMonths(input.reportMonth);
  const workerRows = input.workerUsage.filter((r) => period.includes(r.month));
  const perWorker = new Map<string, Array<[string, number]>>();
  for (const r of workerRows) perWorker.set(r.userId, [...(perWorker.get(r.userId) ?? []), [r.month, r.queries]]);
  const workers = [...perWorker.entries()]
    .map(([userId, rows]) => ({ userId, queries: rows.reduce((n, [, c]) => n + c, 0), byMonth: sortedCounts(rows) }))
    .sort((a, b) => b.queries - a.queries || byCodeUnit(a.userId, b.userId));
  const perSubject = sortedCounts(input.subjectUsage.filter((r) => period.includes(r.month)).map((r) => [r.pseudonym, r.queries]));
  const topSubjects = Object.entries(perSubject)
    .map(([pseudonym, queries]) => ({ pseudonym, queries }))
    .sort((a, b) => b.queries - a.queries || byCodeUnit(a.pseudonym, b.pseudonym))
    .slice(0, input.topSubjects ?? TOP_SUBJECTS);

  const actions = input.activityUsage.filter((r) => period.includes(r.month));
  const loginRows = actions.filter((r) => isLogin(r) || isFailedLogin(r) || isLockout(r));
  const perPerson = new Map<string, Map<Month, LoginCounts>>();
  const withoutAccount: Array<[string, number]> = [];
  for (const r of loginRows) {
    if (r.actorUserId === NO_ACCOUNT) {
      if (isFailedLogin(r)) withoutAccount.push([r.month, r.actions]);
      continue;
    }
    const months = perPerson.get(r.actorUserId) ?? new Map<Month, LoginCounts>();
    perPerson.set(r.actorUserId, months);
    const c = months.get(r.month) ?? { logins: 0, failedLogins: 0, lockouts: 0 };
    months.set(r.month, c);
    if (isLogin(r)) c.logins += r.actions;
    else if (isFailedLogin(r)) c.failedLogins += r.actions;
    else c.lockouts += r.actions;
  }
  const logins = [...perPerson.entries()]
    .map(([userId, months]) => {
      const byMonth: Record<Month, LoginCounts> = {};
      for (const m of [...months.keys()].sort(byCodeUnit)) byMonth[m] = months.get(m)!;
      const total = (f: keyof LoginCounts) => [...months.values()].reduce((n, c) => n + c[f], 0);
      return { userId, logins: total('logins'), failedLogins: total('failedLogins'), lockouts: total('lockouts'), byMonth };
    })
    .sort((a, b) => b.logins - a.logins || b.failedLogins - a.failedLogins || byCodeUnit(a.userId, b.userId));
  const failedWithoutAccount = sortedCounts(withoutAccount);

  const perAdministrator = new Map<string, Array<[string, number]>>();
  for (const r of actions) {
    if (!isAccountManagement(r.action) || r.actorUserId === NO_ACCOUNT) continue;
    perAdministrator.set(r.actorUserId, [...(perAdministrator.get(r.actorUserId) ?? []), [r.month, r.actions]]);
  }
  const topAdministrators = [...perAdministrator.entries()]
    .map(([userId, rows]) => ({ userId, actions: rows.reduce((n, [, c]) => n + c, 0), byMonth: sortedCounts(rows) }))
    .sort((a, b) => b.actions - a.actions || byCodeUnit(a.userId, b.userId))
    .slice(0, input.topAdministrators ?? TOP_ADMINISTRATORS);

  return {
    customerOrganisationId: input.organisationId,
    month: input.reportMonth,
    months: period,
    workers,
    topSubjects,
    logins,
    failedLoginsWithoutAccount: { total: Object.values(failedWithoutAccount).reduce((n, v) => n + v, 0), byMonth: failedWithoutAccount },
    topAdministrators,
    generatedAt: input.generatedAt,
  };
}

/**
 * The time a report's data are as of: the newest occurredAt counted in its period, or the start
 * of the report month when nothing was (never the clock).
 */
export function dataAsOf(reportMonth: Month, rows: ReadonlyArray<{ month: Month; lastOccurredAt: number }>): number {
  const period = coveredMonths(reportMonth);
  const newest = Math.max(-Infinity, ...rows.filter((r) => period.includes(r.month)).map((r) => r.lastOccurredAt));
  return Number.isFinite(newest) ? newest : startOfMonth(reportMonth);
}

// ---- RvIG protocol lines ------------------------------------------------------------------

export interface ProtocolLine {
  date: string;
  customerOin: string;
  product: string;
  subjectPseudonym: string | null;
  personListsProvided: number;
}

export interface ProtocolReport {
  supplier: 'BRP';
  customerOrganisationId: string;
  month: Month;
  lines: ProtocolLine[];
}

/** RvIG's protocol lines of one customer organisation and month, in a fixed order. */
export function protocolReport(organisationId: string, month: Month, provisions: readonly Omit<ProvisionLine, 'organisationId'>[]): ProtocolReport {
  const lines = provisions
    .filter((p) => p.month === month)
    .map((p) => ({ date: p.date, customerOin: p.customerOin, product: p.product, subjectPseudonym: p.pseudonym, personListsProvided: p.personListsProvided }))
    .sort(
      (a, b) =>
        byCodeUnit(a.date, b.date) ||
        byCodeUnit(a.product, b.product) ||
        byCodeUnit(a.subjectPseudonym ?? '', b.subjectPseudonym ?? '') ||
        a.personListsProvided - b.personListsProvided ||
        byCodeUnit(a.customerOin, b.customerOin),
    );
  return { supplier: 'BRP', customerOrganisationId: organisationId, month, lines };
}

function sum<R>(rows: readonly R[], f: (r: R) => number): number {
  return rows.reduce((n, r) => n + f(r), 0);
}
