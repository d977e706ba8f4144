/**
 * A second, independent calculation of every figure, straight from the list of events. It
 * shares no code with src/: Amsterdam time comes from the EU summer-time rule (last Sunday of
 * March 01:00 UTC to last Sunday of October 01:00 UTC, +2 h, else +1 h), not from Intl.
 */
import type { audit, query } from '@inkijk/contracts';

/** Account management (accountbeheer), written out here rather than taken from the contracts' table. */
const ACCOUNT_MANAGEMENT = ['USER_CREATED', 'USER_CHANGED', 'USER_DEACTIVATED', 'GRANT_REQUESTED', 'GRANT_APPROVED', 'GRANT_REJECTED', 'LOCKOUT_LIFTED', 'SECOND_FACTOR_ENROLLED', 'SECOND_FACTOR_RESET', 'PASSWORD_CHANGED'];
const isAccountManagement = (a: audit.ActivityEvent) => ACCOUNT_MANAGEMENT.includes(a.action);

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

export function amsterdam(t: number) {
  const year = new Date(t).getUTCFullYear();
  const summer = t >= lastSundayUtc(year, 2) && t < lastSundayUtc(year, 9);
  const local = new Date(t + (summer ? 2 : 1) * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    month: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}`,
    date: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    hour: local.getUTCHours(),
    weekend: local.getUTCDay() === 0 || local.getUTCDay() === 6,
  };
}

export const outsideOfficeHours = (t: number) => {
  const a = amsterdam(t);
  return a.weekend || a.hour >= 19 || a.hour < 6;
};

export function periodOf(reportMonth: string): string[] {
  const [y, m] = reportMonth.split('-').map(Number);
  const out: string[] = [];
  for (let i = 6; i >= 1; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The instant the local month begins. */
function monthStart(month: string): number {
  const [y, m] = month.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, 1);
  return amsterdam(guess - 2 * 3_600_000).month === month ? guess - 2 * 3_600_000 : guess - 3_600_000;
}

const called = (q: query.AttributedQuery) => q.sources.filter((s) => s.outcome !== 'NOT_CALLED');
const rounded = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10000) / 10000);

function tally(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

export function expectedGenericReport(organisationId: string, reportMonth: string, version: number, queries: query.AttributedQuery[], activity: audit.ActivityEvent[]) {
  const months = periodOf(reportMonth);
  const mine = queries.filter((q) => q.actingFor.id === organisationId);
  const inPeriod = mine.filter((q) => months.includes(amsterdam(q.occurredAt).month));
  const actions = activity.filter((a) => isAccountManagement(a) && a.actingForId === organisationId && months.includes(amsterdam(a.occurredAt).month));
  // The organisation as seen in any query: acted for, or home of the worker.
  const refs = queries.flatMap((q) => [q.actingFor, q.worker.homeMunicipality]).filter((r) => r.id === organisationId);
  const ref = refs.length ? refs[refs.length - 1] : null;
  const times = [...inPeriod.map((q) => q.occurredAt), ...actions.map((u) => u.occurredAt)];
  return {
    reportId: `generic/${organisationId}/${reportMonth}/v${version}`,
    customerOrganisationId: organisationId,
    customerOin: ref?.oin ?? null,
    customerName: ref?.name ?? null,
    month: reportMonth,
    version,
    generatedAt: times.length ? Math.max(...times) : monthStart(reportMonth),
    months: months.map((month) => {
      const qs = inPeriod.filter((q) => amsterdam(q.occurredAt).month === month);
      const nonBsn = qs.filter((q) => q.searchKeyType !== 'BSN').length;
      const outside = qs.filter((q) => outsideOfficeHours(q.occurredAt)).length;
      // v2: the citizen was on another member's caseload, not on this organisation's own.
      const notOnCaseload = qs.filter((q) => q.caseload != null && !q.caseload.actingForHolds).length;
      return {
        month,
        sourceQueries: qs.length,
        accountManagementActions: actions.filter((u) => amsterdam(u.occurredAt).month === month).length,
        abortedSearches: qs.filter((q) => q.whitelist.outcome === 'ABORTED').length,
        nonBsnSearchKeyQueries: nonBsn,
        nonBsnSearchKeyShare: rounded(nonBsn, qs.length),
        outsideOfficeHoursQueries: outside,
        outsideOfficeHoursShare: rounded(outside, qs.length),
        notOnCaseloadQueries: notOnCaseload,
        notOnCaseloadShare: rounded(notOnCaseload, qs.length),
        escapes: tally(qs.filter((q) => q.whitelist.outcome === 'ESCAPE').map((q) => q.whitelist.escapeReason ?? 'UNKNOWN')),
        byProduct: tally(qs.map((q) => q.product)),
        byCollaboration: tally(qs.map((q) => q.collaborationId ?? 'none')),
        bySupplier: tally(qs.flatMap((q) => [...new Set(called(q).map((s) => s.supplier))])),
      };
    }),
  };
}

/** The organisations a report month has generic reports for: any query for them or account-management action for them in the period. */
export function organisationsWithUse(reportMonth: string, queries: query.AttributedQuery[], activity: audit.ActivityEvent[]): string[] {
  const months = periodOf(reportMonth);
  return [
    ...new Set([
      ...queries.filter((q) => months.includes(amsterdam(q.occurredAt).month)).map((q) => q.actingFor.id),
      ...activity.filter((a) => isAccountManagement(a) && months.includes(amsterdam(a.occurredAt).month)).map((a) => a.actingForId),
    ]),
  ].sort();
}

export function expectedSupplierFeed(supplier: string, month: string, version: number, queries: query.AttributedQuery[]) {
  const used = queries.filter((q) => amsterdam(q.occurredAt).month === month && called(q).some((s) => s.supplier === supplier));
  const orgs = [...new Set(used.map((q) => q.actingFor.id))].sort();
  return {
    reportId: `supplier/${supplier}/${month}/v${version}`,
    supplier,
    month,
    version,
    generatedAt: used.length ? Math.max(...used.map((q) => q.occurredAt)) : monthStart(nextMonth(month)),
    lines: orgs.map((id) => {
      const qs = used.filter((q) => q.actingFor.id === id);
      const ref = qs[qs.length - 1].actingFor;
      return {
        customerOrganisationId: id,
        customerOin: ref.oin,
        customerName: ref.name,
        queries: qs.length,
        personListsProvided: qs.reduce((n, q) => n + called(q).filter((s) => s.supplier === supplier).reduce((m, s) => m + (s.personListsProvided ?? 0), 0), 0),
      };
    }),
  };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function expectedProtocolLines(organisationId: string, month: string, queries: query.AttributedQuery[]) {
  return queries
    .filter((q) => q.actingFor.id === organisationId && amsterdam(q.occurredAt).month === month)
    .flatMap((q) => {
      const lists = called(q).filter((s) => s.supplier === 'BRP').reduce((n, s) => n + (s.personListsProvided ?? 0), 0);
      return lists > 0
        ? [{ date: amsterdam(q.occurredAt).date, customerOin: q.actingFor.oin, product: q.product, subjectPseudonym: q.dataSubject?.pseudonym ?? null, personListsProvided: lists }]
        : [];
    })
    .sort((a, b) => a.date.localeCompare(b.date) || a.product.localeCompare(b.product) || (a.subjectPseudonym ?? '').localeCompare(b.subjectPseudonym ?? '') || a.personListsProvided - b.personListsProvided);
}

export function expectedSpecificReport(organisationId: string, reportMonth: string, queries: query.AttributedQuery[], activity: audit.ActivityEvent[]) {
  const months = periodOf(reportMonth);
  const qs = queries.filter((q) => q.actingFor.id === organisationId && months.includes(amsterdam(q.occurredAt).month));
  const workers = [...new Set(qs.map((q) => q.worker.userId))].map((userId) => {
    const mine = qs.filter((q) => q.worker.userId === userId);
    return { userId, queries: mine.length, byMonth: tally(mine.map((q) => amsterdam(q.occurredAt).month)) };
  });
  workers.sort((a, b) => b.queries - a.queries || (a.userId < b.userId ? -1 : 1));
  const subjects = Object.entries(tally(qs.filter((q) => q.dataSubject).map((q) => q.dataSubject!.pseudonym)))
    .map(([pseudonym, n]) => ({ pseudonym, queries: n }))
    .sort((a, b) => b.queries - a.queries || (a.pseudonym < b.pseudonym ? -1 : 1))
    .slice(0, 10);

  const acts = activity.filter((a) => a.actingForId === organisationId && months.includes(amsterdam(a.occurredAt).month));
  const login = (a: audit.ActivityEvent) => a.action === 'LOGIN' && a.outcome === 'SUCCEEDED';
  const failed = (a: audit.ActivityEvent) => (a.action === 'LOGIN' || a.action === 'LOGIN_SECOND_FACTOR') && a.outcome !== 'SUCCEEDED';
  const lockout = (a: audit.ActivityEvent) => a.action === 'ACCOUNT_LOCKED';
  const people = [...new Set(acts.filter((a) => a.actor.userId && (login(a) || failed(a) || lockout(a))).map((a) => a.actor.userId!))];
  const logins = people
    .map((userId) => {
      const mine = acts.filter((a) => a.actor.userId === userId);
      const byMonth: Record<string, { logins: number; failedLogins: number; lockouts: number }> = {};
      for (const month of months) {
        const m = mine.filter((a) => amsterdam(a.occurredAt).month === month);
        const c = { logins: m.filter(login).length, failedLogins: m.filter(failed).length, lockouts: m.filter(lockout).length };
        if (c.logins + c.failedLogins + c.lockouts > 0) byMonth[month] = c;
      }
      return { userId, logins: mine.filter(login).length, failedLogins: mine.filter(failed).length, lockouts: mine.filter(lockout).length, byMonth };
    })
    .sort((a, b) => b.logins - a.logins || b.failedLogins - a.failedLogins || (a.userId < b.userId ? -1 : 1));
  const anonymous = acts.filter((a) => !a.actor.userId && failed(a));
  const administrators = [...new Set(acts.filter((a) => a.actor.userId && isAccountManagement(a)).map((a) => a.actor.userId!))]
    .map((userId) => {
      const mine = acts.filter((a) => a.actor.userId === userId && isAccountManagement(a));
      return { userId, actions: mine.length, byMonth: tally(mine.map((a) => amsterdam(a.occurredAt).month)) };
    })
    .sort((a, b) => b.actions - a.actions || (a.userId < b.userId ? -1 : 1))
    .slice(0, 10);
  const counted = acts.filter((a) => isAccountManagement(a) || login(a) || failed(a) || lockout(a) || a.action === 'LOGIN_SECOND_FACTOR' || a.action === 'LOGOUT');
  const times = [...qs.map((q) => q.occurredAt), ...counted.map((a) => a.occurredAt)];
  return {
    customerOrganisationId: organisationId,
    month: reportMonth,
    months,
    workers,
    topSubjects: subjects,
    logins,
    failedLoginsWithoutAccount: { total: anonymous.length, byMonth: sortedTally(anonymous.map((a) => amsterdam(a.occurredAt).month)) },
    topAdministrators: administrators,
    generatedAt: times.length ? Math.max(...times) : monthStart(reportMonth),
  };
}

function sortedTally(keys: string[]): Record<string, number> {
  const t = tally(keys);
  return Object.fromEntries(Object.keys(t).sort().map((k) => [k, t[k]]));
}
