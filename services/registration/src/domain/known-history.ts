/**
 * Bitemporal history of a collaboration: every change has the day it takes effect and the moment
 * it was reported (recorded). "As effective on" a day reads the state on that day with everything
 * known now; "as known at" a moment reads it with only what had been reported by then, which is
 * what a query or decision at that moment could rely on (the seed: BKWI may treat registered data
 * as correct until new data are reported). A change that takes effect before the day it was
 * reported is backdated, and shown as such. Pure: the change log comes from the store.
 */
import type { Change, Collaboration } from './collaboration';
import { today, IsoDate } from './dates';
import { refuse } from './errors';

/** One change as recorded: its event sequence, what changed, when and by whom it was reported. */
export interface RecordedChange {
  sequence: number;
  change: Change;
  recordedAt: Date;
  recordedBy: string;
}

/** A line of the recorded history, for people: what, effective when, reported when, backdated or not. */
export interface HistoryLine {
  sequence: number;
  type: Change['type'];
  /** The day the change takes effect (null for application decisions, which have none). */
  effectiveOn: IsoDate | null;
  recordedAt: string;
  /** The day it was reported, Europe/Amsterdam. */
  recordedOn: IsoDate;
  recordedBy: string;
  /** Takes effect before the day it was reported. */
  backdated: boolean;
}

export function effectiveOn(change: Change): IsoDate | null {
  switch (change.type) {
    case 'CollaborationRegistered':
    case 'CollaborationActivated':
    case 'MemberJoined':
    case 'CollaborationChanged':
      return change.effectiveFrom;
    case 'MemberLeft':
    case 'CollaborationTerminated':
      return change.effectiveTo;
    case 'ApplicationDecided':
      return null;
  }
}

export function historyLines(changes: readonly RecordedChange[]): HistoryLine[] {
  return [...changes]
    .sort((a, b) => a.sequence - b.sequence)
    .map((r) => {
      const on = effectiveOn(r.change);
      const recordedOn = today(r.recordedAt);
      return { sequence: r.sequence, type: r.change.type, effectiveOn: on, recordedAt: r.recordedAt.toISOString(), recordedOn, recordedBy: r.recordedBy, backdated: on !== null && on < recordedOn };
    });
}

/** A moment to read "as known at": an ISO date-time, or a day (everything reported on or before it, Europe/Amsterdam). */
export type KnownAt = { instant: Date } | { day: IsoDate };

export function knownAt(value: string): KnownAt {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return { day: value as IsoDate };
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return { instant: d };
  }
  return refuse('INVALID', 'INVALID_KNOWN_AT', `knownAt must be a day (YYYY-MM-DD) or a moment with its offset (e.g. 2026-12-06T10:15:00Z); "${value.slice(0, 40)}" is neither.`);
}

/** The changes reported by a moment (a day: reported on or before it, Europe/Amsterdam), in sequence. */
export function reportedBy(changes: readonly RecordedChange[], at: KnownAt): RecordedChange[] {
  return changes.filter((r) => ('day' in at ? today(r.recordedAt) <= at.day : r.recordedAt.getTime() <= at.instant.getTime())).sort((a, b) => a.sequence - b.sequence);
}

/**
 * The collaboration as it was known at a moment: the changes reported by then, applied in order.
 * Null when it had not been registered yet. Applications are not part of the change log (a form's
 * submission announces nothing), so the result has none; `asOf` does not need them.
 */
export function asKnownAt(id: string, changes: readonly RecordedChange[], at: KnownAt): Collaboration | null {
  let c: Collaboration | null = null;
  for (const { change } of reportedBy(changes, at)) c = apply(id, c, change);
  return c;
}

function apply(id: string, c: Collaboration | null, ch: Change): Collaboration | null {
  if (ch.type === 'CollaborationRegistered') {
    return {
      id,
      legalForm: ch.legalForm,
      executingOrganisationId: ch.executingOrganisationId,
      status: 'PROPOSED',
      activeFrom: null,
      endsOn: null,
      terminationReason: null,
      memberships: ch.members.map((m) => ({ ...m })),
      terms: [{ effectiveFrom: ch.effectiveFrom, name: ch.name, legalDomains: [...ch.legalDomains], agreementSha256: ch.agreementSha256 }],
      applications: [],
    };
  }
  if (!c) return c;
  switch (ch.type) {
    case 'ApplicationDecided':
      return c;
    case 'CollaborationActivated':
      return { ...c, status: 'ACTIVE', activeFrom: ch.effectiveFrom };
    case 'MemberJoined':
      return { ...c, memberships: [...c.memberships, { municipalityId: ch.municipalityId, from: ch.effectiveFrom, to: null }] };
    case 'MemberLeft':
      return { ...c, memberships: c.memberships.map((m) => (m.municipalityId === ch.municipalityId && m.to === null ? { ...m, to: ch.effectiveTo } : m)) };
    case 'CollaborationChanged': {
      const current = c.terms[c.terms.length - 1];
      return {
        ...c,
        terms: [...c.terms, { effectiveFrom: ch.effectiveFrom, name: ch.name ?? current.name, legalDomains: ch.legalDomains ?? current.legalDomains, agreementSha256: ch.agreementSha256 ?? current.agreementSha256 }],
      };
    }
    case 'CollaborationTerminated':
      return { ...c, status: 'TERMINATED', endsOn: ch.effectiveTo, terminationReason: ch.reason };
  }
}
