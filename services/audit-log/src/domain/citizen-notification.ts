/**
 * Opt-in notifications to citizens (issue 21 item 4, ADR 0025): which of a chunk of stored
 * queries announce themselves to a subscribed citizen. At most one per citizen, organisation
 * (the municipality acted for) and calendar day in Europe/Amsterdam; a query from before the
 * subscription, and a query under a confidential processing activity (withheld from the
 * citizen's view, ADR 0025), announces nothing. The id is derived from the three, so a repeat
 * carries the same id. Pure: the store decides what was announced already.
 */
import { createHash } from 'node:crypto';
import type { Withholding } from './citizen-view';

/** What the notifier needs of an attributed query. */
export interface NotifiableQuery {
  occurredAt: number;
  processingActivityId: string;
  actingFor: { id: string; cbsCode?: string | null; name: string };
  legalDomain: string;
  dataSubject?: { pseudonym: string } | null;
}

export interface NotificationCandidate {
  notificationId: string;
  subjectPseudonym: string;
  organisation: { id: string; cbsCode: string | null; name: string };
  day: string;
  firstQueryAt: number;
  legalDomain: string;
}

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in Europe/Amsterdam, YYYY-MM-DD. */
export function amsterdamDay(at: number): string {
  return AMSTERDAM_DAY.format(new Date(at));
}

/** A UUID (version 8, name-based) of citizen, organisation and day: the same notification, the same id. */
export function notificationIdOf(pseudonym: string, organisationId: string, day: string): string {
  const h = createHash('sha256').update(`citizen-notification\n${pseudonym}\n${organisationId}\n${day}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * The notifications a chunk of queries may yield, first query of each (citizen, organisation,
 * day) in the chunk, given the subscriptions (pseudonym -> subscribed since, epoch ms).
 */
export function notificationCandidates(queries: readonly NotifiableQuery[], subscribedSince: ReadonlyMap<string, number>, withholding: Withholding): NotificationCandidate[] {
  const byKey = new Map<string, NotificationCandidate>();
  for (const q of queries) {
    const pseudonym = q.dataSubject?.pseudonym;
    if (!pseudonym) continue;
    const since = subscribedSince.get(pseudonym);
    if (since === undefined || q.occurredAt < since) continue;
    if (withholding.has(q.processingActivityId)) continue;
    const day = amsterdamDay(q.occurredAt);
    const key = `${pseudonym}\n${q.actingFor.id}\n${day}`;
    const earlier = byKey.get(key);
    if (earlier && earlier.firstQueryAt <= q.occurredAt) continue;
    byKey.set(key, {
      notificationId: notificationIdOf(pseudonym, q.actingFor.id, day),
      subjectPseudonym: pseudonym,
      organisation: { id: q.actingFor.id, cbsCode: q.actingFor.cbsCode ?? null, name: q.actingFor.name },
      day,
      firstQueryAt: q.occurredAt,
      legalDomain: q.legalDomain,
    });
  }
  return [...byKey.values()];
}
