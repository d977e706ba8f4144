/**
 * A synthetic week for the misuse signals (issue 22): a few thousand ordinary queries and logins
 * of 24 workers in three municipalities, and planted misuse of every kind. `planted` lists the
 * signals the planted misuse must give (kind, key, window start): exactly these and no others.
 *
 * Ordinary traffic stays below every default threshold on purpose: each worker queries the
 * citizens of an own caseload (no citizen by two workers), a handful per hour, in office hours,
 * with the odd escape, aborted search, denied query and failed login.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { audit, isBsn, query } from '@inkijk/contracts';
import { attributedQuery, dataSubject, HAARLEM, ZANDVOORT } from '@inkijk/testing';
import { startOfLocalDay } from '../src/domain/signals/engine';
import type { SignalKind } from '../src/domain/signals/signal';
import { BKWI_ID } from './scenario';

export const SITTARD: query.OrganisationRef = { id: '4f1c2a52-0000-4000-8000-000000001883', cbsCode: 'GM1883', oin: '00000099000000001883', name: 'Sittard-Geleen' };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 9 November 2026, 00:00 UTC (01:00 in Amsterdam). */
const MONDAY = Date.UTC(2026, 10, 9);
/** A local (UTC+1 in November) time on a day of that week (0 = Monday). */
const local = (day: number, hour: number, minute = 0) => MONDAY + day * DAY + (hour - 1) * HOUR + minute * MIN;

export interface PlantedSignal {
  kind: SignalKind;
  /** The detectors' key: worker, worker|reason, municipality|pseudonym, pseudonym, or no-account|organisation. */
  key: string;
  windowStart: number;
  what: string;
}

export interface SignalScenario {
  queries: query.AttributedQuery[];
  actions: audit.ActivityEvent[];
  planted: PlantedSignal[];
  workers: number;
}

/** A small deterministic generator, so the week is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0; // mulberry32
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid BSNs (11-proef), each one once. */
function* bsns(): Generator<string> {
  for (let n = 100_000_000; ; n++) if (isBsn(String(n))) yield String(n);
}

export function signalScenario(): SignalScenario {
  const rnd = random(22);
  const bsn = bsns();
  const queries: query.AttributedQuery[] = [];
  const actions: audit.ActivityEvent[] = [];
  const planted: PlantedSignal[] = [];
  const collaboration = (worker: query.OrganisationRef, actingFor: query.OrganisationRef) => (worker.id === actingFor.id ? null : `collab-${worker.cbsCode}-${actingFor.cbsCode}`.toLowerCase());

  const ask = (userId: string, home: query.OrganisationRef, at: number, over: Partial<query.AttributedQuery> & { bsn?: string; actingFor?: query.OrganisationRef } = {}) => {
    const actingFor = over.actingFor ?? home;
    const q = attributedQuery({ bsn: over.bsn ?? bsn.next().value!, occurredAt: at, worker: { userId, homeMunicipality: home }, actingFor, collaborationId: collaboration(home, actingFor), ...over });
    queries.push(q);
    return q;
  };
  const act = (action: audit.ActivityAction, at: number, userId: string | null, home: string | null, over: Partial<audit.ActivityEvent> = {}) => {
    actions.push({
      eventId: randomUUID(),
      occurredAt: at,
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      service: action === 'QUERY_ATTEMPT' ? 'query-proxy' : 'registration',
      actor: { userId, homeOrganisationId: home, roles: userId ? ['WORKER'] : [] },
      actingForId: home ?? BKWI_ID,
      action,
      object: { type: action === 'QUERY_ATTEMPT' ? 'QUERY' : 'SESSION', id: null },
      outcome: 'SUCCEEDED',
      reasonCode: null,
      subjectPseudonym: null,
      details: {},
      ...over,
    });
  };
  const refused = (reasonCode: string) => ({ outcome: 'REFUSED' as const, reasonCode });

  // ---- ordinary work: 24 workers, Monday to Friday -----------------------------------------
  const homes = [HAARLEM, ZANDVOORT, SITTARD];
  const workers = Array.from({ length: 24 }, (_, i) => ({ userId: `worker-${String(i + 1).padStart(2, '0')}`, home: homes[i % 3] }));
  const reasons = ['NEW_APPLICATION', 'MOVED_IN', 'ENFORCEMENT', 'RECOVERY', 'OBJECTION_APPEAL'];
  for (const w of workers) {
    const caseload = Array.from({ length: 40 }, () => bsn.next().value!);
    // Haarlem's and Zandvoort's workers also work for each other (the collaboration): a citizen stays with one municipality.
    const partner = w.home === HAARLEM ? ZANDVOORT : w.home === ZANDVOORT ? HAARLEM : SITTARD;
    for (let day = 0; day < 5; day++) {
      if (rnd() < 0.15) act('LOGIN', local(day, 8, 40), w.userId, w.home.id, refused('INVALID_CREDENTIALS'));
      act('LOGIN', local(day, 8, 45), w.userId, w.home.id);
      const n = 20 + Math.floor(rnd() * 15);
      for (let i = 0; i < n; i++) {
        const at = local(day, 9, 0) + Math.floor(rnd() * 7 * HOUR); // 09:00-16:00
        const c = Math.floor(rnd() * caseload.length);
        const actingFor = c % 4 === 0 ? partner : w.home;
        const roll = rnd();
        if (roll < 0.03) ask(w.userId, w.home, at, { bsn: caseload[c], actingFor, whitelist: { outcome: 'ESCAPE', escapeReason: reasons[Math.floor(rnd() * reasons.length)] } });
        else if (roll < 0.06) ask(w.userId, w.home, at, { bsn: caseload[c], actingFor, whitelist: { outcome: 'ABORTED', escapeReason: null }, sources: [], outcome: 'ANSWERED' });
        else if (roll < 0.08) ask(w.userId, w.home, at, { bsn: caseload[c], actingFor, decision: { decisionId: randomUUID(), result: 'DENY', reasonCode: 'PRODUCT_NOT_PERMITTED', rulesVersion: 'rules-1' }, sources: [], outcome: 'DENIED' });
        else ask(w.userId, w.home, at, { bsn: caseload[c], actingFor });
      }
      // A query just after office hours now and then: below the out-of-hours threshold.
      if (rnd() < 0.2) ask(w.userId, w.home, local(day, 19, 10), { bsn: caseload[0] });
    }
  }
  const [w1, w2, w3, w4, w5, w6, w7, w8, w9] = workers;

  // ---- planted misuse, one of every kind ----------------------------------------------------
  // Bulk: 40 citizens outside the own caseload within one hour (Thursday 11:00-12:00).
  for (let i = 0; i < 40; i++) ask(w1.userId, w1.home, local(3, 11, i));
  planted.push({ kind: 'BULK_QUERYING', key: w1.userId, windowStart: local(3, 11), what: '40 distinct citizens in an hour' });

  // Out of hours: six queries on Wednesday evening 22:00-22:50.
  for (let i = 0; i < 6; i++) ask(w2.userId, w2.home, local(2, 22, i * 10));
  planted.push({ kind: 'OUT_OF_HOURS_QUERYING', key: w2.userId, windowStart: startOfLocalDay(local(2, 12)), what: 'six queries on Wednesday evening' });

  // Escape rate: six escapes in an hour, each reason at most twice and never twice in ten minutes.
  for (let i = 0; i < 6; i++) ask(w3.userId, w3.home, local(1, 14, i * 9), { whitelist: { outcome: 'ESCAPE', escapeReason: reasons[i % 5] } });
  planted.push({ kind: 'ESCAPE_RATE', key: w3.userId, windowStart: local(1, 14), what: 'six escapes in an hour' });

  // Escape burst: three escapes for enforcement within ten minutes.
  for (let i = 0; i < 3; i++) ask(w4.userId, w4.home, local(2, 10, 1 + i * 2), { whitelist: { outcome: 'ESCAPE', escapeReason: 'ENFORCEMENT' } });
  planted.push({ kind: 'ESCAPE_REASON_BURST', key: `${w4.userId}|ENFORCEMENT`, windowStart: local(2, 10), what: 'three enforcement escapes in ten minutes' });

  // Curiosity: a well-known citizen looked up for Haarlem by four of its workers on Tuesday.
  const famous = bsn.next().value!;
  const haarlemWorkers = workers.filter((w) => w.home === HAARLEM).slice(0, 4);
  haarlemWorkers.forEach((w, i) => ask(w.userId, w.home, local(1, 10 + i, 5), { bsn: famous }));
  planted.push({ kind: 'SUBJECT_MANY_WORKERS', key: `${HAARLEM.id}|${dataSubject(famous).pseudonym}`, windowStart: MONDAY + DAY, what: 'one citizen by four workers of Haarlem' });

  // Curiosity: one citizen looked up for three municipalities within the hour (one worker each).
  const mover = bsn.next().value!;
  ask(w5.userId, w5.home, local(4, 13, 5), { bsn: mover, actingFor: HAARLEM });
  ask(w6.userId, w6.home, local(4, 13, 20), { bsn: mover, actingFor: ZANDVOORT });
  ask(w9.userId, w9.home, local(4, 13, 40), { bsn: mover, actingFor: SITTARD });
  planted.push({ kind: 'SUBJECT_MANY_MUNICIPALITIES', key: dataSubject(mover).pseudonym, windowStart: local(4, 13), what: 'one citizen for three municipalities' });

  // Whitelist probing: six searches stopped at the not-on-whitelist message in an hour.
  for (let i = 0; i < 6; i++) ask(w7.userId, w7.home, local(0, 15, i * 7), { whitelist: { outcome: 'ABORTED', escapeReason: null }, sources: [], outcome: 'ANSWERED' });
  planted.push({ kind: 'WHITELIST_PROBING', key: w7.userId, windowStart: local(0, 15), what: 'six aborted searches' });

  // Refused attempts: three refused before the decision (actions) and two denied queries (queries), one hour.
  for (let i = 0; i < 3; i++) act('QUERY_ATTEMPT', local(3, 15, i * 10), w8.userId, w8.home.id, { ...refused('NOT_ON_KEUZELIJST'), details: { product: 'brp-persoon' } });
  for (let i = 0; i < 2; i++) ask(w8.userId, w8.home, local(3, 15, 35 + i * 10), { decision: { decisionId: randomUUID(), result: 'DENY', reasonCode: 'PRODUCT_NOT_PERMITTED', rulesVersion: 'rules-1' }, sources: [], outcome: 'DENIED' });
  planted.push({ kind: 'REFUSED_ATTEMPTS', key: w8.userId, windowStart: local(3, 15), what: 'three refused attempts and two denied queries' });

  // A login at 03:00 on Saturday night.
  act('LOGIN', local(5, 3), w9.userId, w9.home.id);
  planted.push({ kind: 'LOGIN_UNUSUAL_TIME', key: w9.userId, windowStart: startOfLocalDay(local(5, 3)), what: 'a login on Saturday at 03:00' });

  // Many failed logins: an account (six in an hour) and names without an account (five, the operator's chain).
  for (let i = 0; i < 6; i++) act(i % 2 ? 'LOGIN_SECOND_FACTOR' : 'LOGIN', local(4, 10, i * 5), w5.userId, w5.home.id, refused(i % 2 ? 'INVALID_CODE' : 'INVALID_CREDENTIALS'));
  planted.push({ kind: 'FAILED_LOGINS', key: w5.userId, windowStart: local(4, 10), what: 'six failed logins of one account' });
  for (let i = 0; i < 5; i++) act('LOGIN', local(4, 11, i * 3), null, null, refused('INVALID_CREDENTIALS'));
  planted.push({ kind: 'FAILED_LOGINS', key: `no-account|${BKWI_ID}`, windowStart: local(4, 11), what: 'five failed logins under names without an account' });

  queries.sort((a, b) => a.occurredAt - b.occurredAt);
  actions.sort((a, b) => a.occurredAt - b.occurredAt);
  return { queries, actions, planted, workers: workers.length };
}
