/**
 * The detectors of misuse signals (issue 22, ADR 0021): per worker, per organisation and per data
 * subject, counts in windows of event time, and a signal the moment a count reaches its threshold.
 *
 * Deterministic: time is the events' own (`at`), never the clock; windows are aligned (to the
 * epoch, or to the local calendar day in Europe/Amsterdam), so an event belongs to the same
 * window however the events arrive, and a signal's id comes from its kind, key and window. A
 * signal fires once per window, with the count equal to the threshold; so the same events give
 * the same signals in any order within the allowed lateness.
 *
 * Bounded memory: a window is dropped once the newest event time has passed its end by the
 * allowed lateness (an event for a dropped window is late and counts nowhere); a worker's or an
 * organisation's baseline keeps only the days it needs (a ring of days), and baselines without a
 * day in reach are dropped.
 */
import { isOutsideOfficeHours, localTime } from '../month';
import { Counted, SEVERITY, Signal, SignalKind, signalIdOf } from './signal';
import type { SignalThresholds } from './thresholds';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An attributed query, as the detectors see it. */
export interface QueryObservation {
  eventId: string;
  /** occurredAt of the query (epoch ms). */
  at: number;
  workerUserId: string;
  homeOrganisationId: string;
  actingForId: string;
  subjectPseudonym: string | null;
  whitelist: 'ON_WHITELIST' | 'ESCAPE' | 'ABORTED' | 'NOT_CHECKED';
  escapeReason: string | null;
  denied: boolean;
}

/** An action (ActivityEvent), as the detectors see it; only logins and query attempts matter. */
export interface ActivityObservation {
  eventId: string;
  at: number;
  userId: string | null;
  homeOrganisationId: string | null;
  actingForId: string;
  action: string;
  outcome: 'SUCCEEDED' | 'REFUSED' | 'FAILED';
}

export interface EngineStats {
  events: number;
  duplicates: number;
  /** Events whose window had already been dropped. */
  late: number;
  signals: number;
}

interface Window {
  start: number;
  end: number;
  count: number;
  /** Distinct subjects: a small array below SMALL_SET members, a Set above (kept for the baselines). */
  members: string[] | Set<string>;
  fired: boolean;
  threshold: number;
  workerBaseline: number | null;
  organisationBaseline: number | null;
}

interface Target {
  kind: SignalKind;
  key: string;
  organisationId: string | null;
  workerUserId: string | null;
  subjectPseudonym: string | null;
  escapeReason?: string | null;
  counted: Counted;
}

/**
 * A counting window's state, as small as it can be (most windows hold one or two events): the
 * count, or the distinct members so far, or null once it fired. Start, end and threshold are the
 * same for every window of a detector that ends at the same time, so they are not kept per key.
 */
type CountState = number | string[] | Set<string> | null;

/** The open windows of one detector, grouped by window end so that dropping them is cheap. */
class WindowTable<V> {
  private readonly byEnd = new Map<number, Map<string, V>>();
  private open = 0;

  get(end: number, key: string): V | undefined {
    return this.byEnd.get(end)?.get(key);
  }

  /** Sets a window's state (`isNew`: a window not held before). */
  set(end: number, key: string, value: V, isNew: boolean): void {
    let group = this.byEnd.get(end);
    if (!group) this.byEnd.set(end, (group = new Map()));
    group.set(key, value);
    if (isNew) this.open++;
  }

  /** Drops windows ending at or before `limit`. */
  dropEndingBy(limit: number): void {
    for (const [end, group] of this.byEnd) {
      if (end > limit) continue;
      this.open -= group.size;
      this.byEnd.delete(end);
    }
  }

  get size(): number {
    return this.open;
  }
}

/**
 * Distinct subjects per active hour over the last days, in a ring of days (one slot per day):
 * [day, hours, sum of distinct subjects] per slot.
 */
class Baselines {
  private readonly rings = new Map<string, Float64Array>();

  constructor(private readonly days: number) {}

  private slots(): number {
    return this.days + 1;
  }

  /** Adds active hours and distinct subjects to a day (as they are seen, not when a window closes). */
  add(key: string, day: number, hours: number, distinct: number): void {
    let ring = this.rings.get(key);
    if (!ring) {
      ring = new Float64Array(this.slots() * 3).fill(-1);
      this.rings.set(key, ring);
    }
    const i = (day % this.slots()) * 3;
    if (ring[i] > day) return; // a day older than the ring holds
    if (ring[i] !== day) {
      ring[i] = day;
      ring[i + 1] = 0;
      ring[i + 2] = 0;
    }
    ring[i + 1] += hours;
    ring[i + 2] += distinct;
  }

  /** Mean distinct subjects per active hour over the days before `day`, or null below `minHours`. */
  mean(key: string, day: number, minHours: number): number | null {
    const ring = this.rings.get(key);
    if (!ring) return null;
    let hours = 0;
    let sum = 0;
    for (let i = 0; i < ring.length; i += 3) {
      const d = ring[i];
      if (d >= day - this.days && d < day) {
        hours += ring[i + 1];
        sum += ring[i + 2];
      }
    }
    return hours >= minHours ? sum / hours : null;
  }

  /** Drops every key whose newest day is older than the days a baseline of `day` looks at. */
  dropOlderThan(day: number): void {
    for (const [key, ring] of this.rings) {
      let newest = -1;
      for (let i = 0; i < ring.length; i += 3) newest = Math.max(newest, ring[i]);
      if (newest < day - this.days) this.rings.delete(key);
    }
  }

  get size(): number {
    return this.rings.size;
  }
}

/** The start of the local (Europe/Amsterdam) calendar day an instant falls in. */
export function startOfLocalDay(epochMs: number): number {
  const t = localTime(epochMs);
  const utcMidnight = Date.UTC(t.year, t.month - 1, t.day);
  // Amsterdam changes its offset at 01:00 UTC: local midnight has the offset of UTC midnight.
  const m = localTime(utcMidnight);
  const localAsUtc = Date.UTC(m.year, m.month - 1, m.day, m.hour, m.minute);
  return utcMidnight - (localAsUtc - utcMidnight);
}

const localDayOf = (at: number): { start: number; end: number } => {
  const start = startOfLocalDay(at);
  // The next local day begins 23, 24 or 25 hours later; 25.5 hours on is always inside it.
  return { start, end: startOfLocalDay(start + 25 * HOUR + 30 * MINUTE) };
};
const alignedWindow = (at: number, minutes: number): { start: number; end: number } => {
  const size = minutes * MINUTE;
  const start = Math.floor(at / size) * size;
  return { start, end: start + size };
};

const SMALL_SET = 16;
/** Adds a member to a small array, or a Set once it has SMALL_SET; returns the members. */
function withMember(m: string[] | Set<string>, member: string): string[] | Set<string> {
  if (!Array.isArray(m)) return m.add(member);
  if (m.includes(member)) return m;
  if (m.length < SMALL_SET) {
    m.push(member);
    return m;
  }
  return new Set([...m, member]);
}
const sizeOf = (m: string[] | Set<string>): number => (Array.isArray(m) ? m.length : m.size);

const FAILED_LOGIN_ACTIONS = new Set(['LOGIN', 'LOGIN_SECOND_FACTOR']);
/** Event ids remembered to skip a second delivery within one process (a retried chunk). */
const RECENT_IDS = 20_000;

export class SignalEngine {
  private readonly bulkWindows = new WindowTable<Window>();
  private readonly tables = new Map<SignalKind, WindowTable<CountState>>();
  private readonly workerBaselines: Baselines;
  private readonly organisationBaselines: Baselines;
  private readonly recent = new Set<string>();
  /** The detectors' clock: the newest event time, held back by sources still catching up. */
  private watermark = Number.NEGATIVE_INFINITY;
  private newest = Number.NEGATIVE_INFINITY;
  /** Sources (topic partitions) that hold the clock back until they have caught up: their newest event time. */
  private readonly held = new Map<string, number>();
  private lastSweep = Number.NEGATIVE_INFINITY;
  private lastBaselineDay = Number.NEGATIVE_INFINITY;
  readonly stats: EngineStats = { events: 0, duplicates: 0, late: 0, signals: 0 };

  constructor(private readonly t: SignalThresholds) {
    this.workerBaselines = new Baselines(t.bulkQuerying.baselineDays);
    this.organisationBaselines = new Baselines(t.bulkQuerying.baselineDays);
  }

  private table(kind: SignalKind): WindowTable<CountState> {
    let table = this.tables.get(kind);
    if (!table) this.tables.set(kind, (table = new WindowTable()));
    return table;
  }

  private get lateness(): number {
    return this.t.allowedLatenessMinutes * MINUTE;
  }

  /** The newest event time seen (the detectors' clock). */
  get now(): number {
    return this.watermark;
  }

  /** Open windows and baselines held (what memory grows with). */
  get footprint(): { windows: number; baselines: number; rememberedIds: number } {
    let windows = this.bulkWindows.size;
    for (const t of this.tables.values()) windows += t.size;
    return { windows, baselines: this.workerBaselines.size + this.organisationBaselines.size, rememberedIds: this.recent.size };
  }

  /**
   * A source (a topic partition) with records still to read holds the clock at its own newest
   * event time until `release`: while one partition or topic is read ahead of another (a replay
   * from offset 0), no window is dropped that the other still adds to.
   */
  hold(source: string): void {
    if (!this.held.has(source)) this.held.set(source, Number.NEGATIVE_INFINITY);
    this.advance();
  }

  release(source: string): void {
    if (this.held.delete(source)) this.advance();
  }

  get holding(): number {
    return this.held.size;
  }

  /** Feeds one attributed query (from `source`, a topic partition); returns the signals it completes. */
  onQuery(q: QueryObservation, source = ''): Signal[] {
    if (!this.accept(q.eventId, q.at, source)) return [];
    const out: Signal[] = [];
    const worker = (kind: SignalKind, counted: Counted, extra: Partial<Target> = {}): Target => ({
      kind,
      key: q.workerUserId,
      organisationId: q.homeOrganisationId,
      workerUserId: q.workerUserId,
      subjectPseudonym: null,
      counted,
      ...extra,
    });
    const t = this.t;
    if (q.subjectPseudonym) {
      this.bulk(q, out);
      this.count(out, q.at, alignedWindow(q.at, t.subjectManyWorkers.windowMinutes), t.subjectManyWorkers.threshold, q.workerUserId, {
        kind: 'SUBJECT_MANY_WORKERS',
        key: `${q.actingForId}|${q.subjectPseudonym}`,
        organisationId: q.actingForId,
        workerUserId: null,
        subjectPseudonym: q.subjectPseudonym,
        counted: 'WORKERS',
      });
      this.count(out, q.at, alignedWindow(q.at, t.subjectManyMunicipalities.windowMinutes), t.subjectManyMunicipalities.threshold, q.actingForId, {
        kind: 'SUBJECT_MANY_MUNICIPALITIES',
        key: q.subjectPseudonym,
        organisationId: null,
        workerUserId: null,
        subjectPseudonym: q.subjectPseudonym,
        counted: 'MUNICIPALITIES',
      });
    }
    if (isOutsideOfficeHours(q.at)) {
      this.count(out, q.at, localDayOf(q.at), t.outOfHoursQuerying.threshold, null, worker('OUT_OF_HOURS_QUERYING', 'QUERIES'));
    }
    if (q.whitelist === 'ESCAPE') {
      this.count(out, q.at, alignedWindow(q.at, t.escapeRate.windowMinutes), t.escapeRate.threshold, null, worker('ESCAPE_RATE', 'ESCAPES'));
      const reason = q.escapeReason ?? 'UNKNOWN';
      this.count(out, q.at, alignedWindow(q.at, t.escapeReasonBurst.windowMinutes), t.escapeReasonBurst.threshold, null, worker('ESCAPE_REASON_BURST', 'ESCAPES', { key: `${q.workerUserId}|${reason}`, escapeReason: reason }));
    }
    if (q.whitelist === 'ABORTED') {
      this.count(out, q.at, alignedWindow(q.at, t.whitelistProbing.windowMinutes), t.whitelistProbing.threshold, null, worker('WHITELIST_PROBING', 'ABORTED_SEARCHES'));
    }
    if (q.denied) {
      this.count(out, q.at, alignedWindow(q.at, t.refusedAttempts.windowMinutes), t.refusedAttempts.threshold, null, worker('REFUSED_ATTEMPTS', 'REFUSALS'));
    }
    return out;
  }

  /** Feeds one action; returns the signals it completes. */
  onActivity(a: ActivityObservation, source = ''): Signal[] {
    if (!this.accept(a.eventId, a.at, source)) return [];
    const out: Signal[] = [];
    const t = this.t;
    const organisationId = a.homeOrganisationId ?? a.actingForId;
    if (a.action === 'QUERY_ATTEMPT' && a.outcome === 'REFUSED' && a.userId) {
      this.count(out, a.at, alignedWindow(a.at, t.refusedAttempts.windowMinutes), t.refusedAttempts.threshold, null, {
        kind: 'REFUSED_ATTEMPTS',
        key: a.userId,
        organisationId,
        workerUserId: a.userId,
        subjectPseudonym: null,
        counted: 'REFUSALS',
      });
    } else if (a.action === 'LOGIN' && a.outcome === 'SUCCEEDED' && a.userId && isOutsideOfficeHours(a.at)) {
      this.count(out, a.at, localDayOf(a.at), t.loginUnusualTime.threshold, null, {
        kind: 'LOGIN_UNUSUAL_TIME',
        key: a.userId,
        organisationId,
        workerUserId: a.userId,
        subjectPseudonym: null,
        counted: 'LOGINS',
      });
    } else if (FAILED_LOGIN_ACTIONS.has(a.action) && a.outcome !== 'SUCCEEDED') {
      // Without a known account the login name is not in the event: counted per organisation.
      this.count(out, a.at, alignedWindow(a.at, t.failedLogins.windowMinutes), t.failedLogins.threshold, null, {
        kind: 'FAILED_LOGINS',
        key: a.userId ?? `no-account|${a.actingForId}`,
        organisationId,
        workerUserId: a.userId,
        subjectPseudonym: null,
        counted: 'FAILED_LOGINS',
      });
    }
    return out;
  }

  /** Advances the clock; false for a duplicate. */
  private accept(eventId: string, at: number, source: string): boolean {
    if (this.recent.has(eventId)) {
      this.stats.duplicates++;
      return false;
    }
    this.recent.add(eventId);
    if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value as string);
    this.stats.events++;
    const heldAt = this.held.get(source);
    if (heldAt !== undefined && at > heldAt) {
      this.held.set(source, at);
      if (at > this.newest) this.newest = at;
      this.advance();
    } else if (at > this.newest) {
      this.newest = at;
      if (this.held.size === 0) this.advance();
    }
    return true;
  }

  private advance(): void {
    let clock = this.newest;
    for (const at of this.held.values()) if (at < clock) clock = at;
    if (clock > this.watermark) {
      this.watermark = clock;
      if (clock - this.lastSweep >= MINUTE) this.sweep();
    }
  }

  /** Drops windows the allowed lateness has passed, and baselines without a day in reach. */
  private sweep(): void {
    this.lastSweep = this.watermark;
    const limit = this.watermark - this.lateness;
    this.bulkWindows.dropEndingBy(limit);
    for (const table of this.tables.values()) table.dropEndingBy(limit);
    const day = Math.floor(this.watermark / DAY);
    if (day !== this.lastBaselineDay) {
      this.lastBaselineDay = day;
      this.workerBaselines.dropOlderThan(day);
      this.organisationBaselines.dropOlderThan(day);
    }
  }

  /** Many distinct subjects in the window, above a floor and the baselines of the days before. */
  private bulk(q: QueryObservation, out: Signal[]): void {
    const b = this.t.bulkQuerying;
    const span = alignedWindow(q.at, b.windowMinutes);
    if (span.end <= this.watermark - this.lateness) {
      this.stats.late++;
      return;
    }
    const table = this.bulkWindows;
    let w = table.get(span.end, q.workerUserId);
    const day = Math.floor(span.start / DAY);
    if (!w) {
      const workerBaseline = this.workerBaselines.mean(q.workerUserId, day, b.minBaselineHours);
      const organisationBaseline = this.organisationBaselines.mean(q.homeOrganisationId, day, b.minBaselineHours);
      const threshold = Math.max(
        b.minDistinctSubjects,
        workerBaseline === null ? 0 : Math.ceil(b.workerFactor * workerBaseline),
        organisationBaseline === null ? 0 : Math.ceil(b.organisationFactor * organisationBaseline),
      );
      w = { ...span, count: 0, members: [], fired: false, threshold, workerBaseline: round(workerBaseline), organisationBaseline: round(organisationBaseline) };
      table.set(span.end, q.workerUserId, w, true);
      this.workerBaselines.add(q.workerUserId, day, 1, 0);
      this.organisationBaselines.add(q.homeOrganisationId, day, 1, 0);
    }
    const before = w.count;
    w.members = withMember(w.members, q.subjectPseudonym as string);
    w.count = sizeOf(w.members);
    if (w.count > before) {
      this.workerBaselines.add(q.workerUserId, day, 0, 1);
      this.organisationBaselines.add(q.homeOrganisationId, day, 0, 1);
    }
    if (!w.fired && w.count >= w.threshold) {
      w.fired = true;
      out.push(this.signal({ kind: 'BULK_QUERYING', key: q.workerUserId, organisationId: q.homeOrganisationId, workerUserId: q.workerUserId, subjectPseudonym: null, counted: 'SUBJECTS' }, w, w.threshold, w));
    }
  }

  /** Counts an event (or, with `member`, a distinct member) in the target's window. */
  private count(out: Signal[], at: number, span: { start: number; end: number }, threshold: number, member: string | null, target: Target): void {
    if (span.end <= this.watermark - this.lateness) {
      this.stats.late++;
      return;
    }
    const table = this.table(target.kind);
    const state = table.get(span.end, target.key);
    if (state === null) return; // fired: nothing more to count in this window
    let next: CountState;
    let n: number;
    if (member === null) n = next = ((state as number | undefined) ?? 0) + 1;
    else {
      next = withMember((state as string[] | Set<string> | undefined) ?? [], member);
      n = sizeOf(next);
    }
    if (n >= threshold) {
      table.set(span.end, target.key, null, state === undefined);
      out.push(this.signal(target, span, threshold));
    } else if (next !== state) table.set(span.end, target.key, next, state === undefined);
  }

  private signal(target: Target, w: { start: number; end: number }, threshold: number, baselines?: Pick<Window, 'workerBaseline' | 'organisationBaseline'>): Signal {
    this.stats.signals++;
    return {
      signalId: signalIdOf(target.kind, target.key, w.start),
      kind: target.kind,
      severity: SEVERITY[target.kind],
      organisationId: target.organisationId,
      workerUserId: target.workerUserId,
      subjectPseudonym: target.subjectPseudonym,
      windowStart: w.start,
      windowEnd: w.end,
      evidence: {
        counted: target.counted,
        count: threshold,
        threshold,
        workerBaseline: baselines?.workerBaseline ?? null,
        organisationBaseline: baselines?.organisationBaseline ?? null,
        escapeReason: target.escapeReason ?? null,
      },
    };
  }
}

const round = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100);
