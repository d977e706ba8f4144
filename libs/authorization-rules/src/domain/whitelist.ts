/**
 * One municipality's whitelist (caseload filter): the BSNs it has a service relationship with,
 * with the dates from which each was added or removed.
 *
 * Memory: BSNs are 9 digits, so they are kept as small integers (no string, no object per
 * BSN). Nearly every BSN has one change, "added from day d": the map then holds just d. A BSN
 * with more history points to a short list of changes kept aside.
 */
import type { Day } from './dates';

export type WhitelistChangeKind = 'ADDED' | 'REMOVED';

/** A BSN as the integer it spells, or null when it is not 9 digits. */
export function bsnNumber(bsn: string): number | null {
  if (bsn.length !== 9) return null;
  for (let i = 0; i < 9; i++) {
    const c = bsn.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(bsn);
}

/** Changes of one BSN, ordered by effective day; on the same day the later change wins. */
interface History {
  days: Day[];
  added: boolean[];
}

export class MunicipalWhitelist {
  /** bsn -> day it was added (>= 0), or -(index + 1) into `histories`. */
  private readonly entries = new Map<number, number>();
  private readonly histories: History[] = [];

  get size(): number {
    return this.entries.size;
  }

  change(bsn: number, kind: WhitelistChangeKind, day: Day): void {
    const current = this.entries.get(bsn);
    if (current === undefined && kind === 'ADDED') {
      this.entries.set(bsn, day);
      return;
    }
    let history: History;
    if (current === undefined) {
      history = { days: [], added: [] };
      this.entries.set(bsn, -(this.histories.push(history)));
    } else if (current >= 0) {
      history = { days: [current], added: [true] };
      this.entries.set(bsn, -(this.histories.push(history)));
    } else {
      history = this.histories[-current - 1];
    }
    // Insert after every change effective on or before `day` (stable: a later change of the same day wins).
    let i = history.days.length;
    while (i > 0 && history.days[i - 1] > day) i--;
    history.days.splice(i, 0, day);
    history.added.splice(i, 0, kind === 'ADDED');
  }

  /** True when the newest change effective on `day` added the BSN. */
  contains(bsn: number, day: Day): boolean {
    const v = this.entries.get(bsn);
    if (v === undefined) return false;
    if (v >= 0) return v <= day;
    const h = this.histories[-v - 1];
    for (let i = h.days.length - 1; i >= 0; i--) if (h.days[i] <= day) return h.added[i];
    return false;
  }
}
