/**
 * A second, independent calculation of every figure, straight from the list of events. It
 * shares no code with src/: Amsterdam time comes from the EU summer-time rule (last Sunday of
 * March 01:00 UTC to last Sunday of October 01:00 UTC, +2 h, else +1 h), not from Intl.
 */
import type { query, registration } from '@inkijk/contracts';

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

export function expectedGenericReport(organisationId: string, reportMonth: string, version: number, queries: query.AttributedQuery[], users: registration.UserEvent[]) {
  const months = periodOf(reportMonth);
  const mine = queries.filter((q) => q.actingFor.id === organisationId);
  const inPeriod = mine.filter((q) => months.includes(amsterdam(q.occurredAt).month));
  const actions = users.filter((u) => u.homeMunicipalityId === organisationId && months.includes(amsterdam(u.occurredAt).month));
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
      return {
        month,
        sourceQueries: qs.length,
        accountManagementActions: actions.filter((u) => amsterdam(u.occurredAt).month === month).length,
        abortedSearches: qs.filter((q) => q.whitelist.outcome === 'ABORTED').length,
        nonBsnSearchKeyQueries: nonBsn,
        nonBsnSearchKeyShare: rounded(nonBsn, qs.length),
        outsideOfficeHoursQueries: outside,
        outsideOfficeHoursShare: rounded(outside, qs.length),
        escapes: tally(qs.filter((q) => q.whitelist.outcome === 'ESCAPE').map((q) => q.whitelist.escapeReason ?? 'UNKNOWN')),
        byProduct: tally(qs.map((q) => q.product)),
        byCollaboration: tally(qs.map((q) => q.collaborationId ?? 'none')),
        bySupplier: tally(qs.flatMap((q) => [...new Set(called(q).map((s) => s.supplier))])),
      };
    }),
  };
}

/** The organisations a report month has generic reports for: any query for them or account action of them in the period. */
export function organisationsWithUse(reportMonth: string, queries: query.AttributedQuery[], users: registration.UserEvent[]): string[] {
  const months = periodOf(reportMonth);
  return [
    ...new Set([
      ...queries.filter((q) => months.includes(amsterdam(q.occurredAt).month)).map((q) => q.actingFor.id),
      ...users.filter((u) => months.includes(amsterdam(u.occurredAt).month)).map((u) => u.homeMunicipalityId),
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

export function expectedSpecificReport(organisationId: string, reportMonth: string, queries: query.AttributedQuery[]) {
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
  return {
    customerOrganisationId: organisationId,
    month: reportMonth,
    months,
    workers,
    topSubjects: subjects,
    generatedAt: qs.length ? Math.max(...qs.map((q) => q.occurredAt)) : monthStart(reportMonth),
  };
}
