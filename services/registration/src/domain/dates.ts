/**
 * Calendar dates (ISO YYYY-MM-DD, Europe/Amsterdam calendar) and half-open periods:
 * `from` inclusive, `to` exclusive, `to = null` open-ended. ISO dates compare as strings.
 */
import { refuse } from './errors';

declare const isoDate: unique symbol;
export type IsoDate = string & { readonly [isoDate]: true };

export function date(value: string, field = 'date'): IsoDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    return refuse('INVALID', 'INVALID_DATE', `${field} must be a calendar date written as YYYY-MM-DD; "${value}" is not.`);
  }
  return value as IsoDate;
}

/** Today in the Europe/Amsterdam calendar. */
export function today(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now) as IsoDate;
}

export interface Period {
  from: IsoDate;
  to: IsoDate | null;
}

export const covers = (p: Period, day: IsoDate): boolean => p.from <= day && (p.to === null || day < p.to);

export const overlaps = (a: Period, b: Period): boolean =>
  (b.to === null || a.from < b.to) && (a.to === null || b.from < a.to);
