/**
 * Calendar days and half-open periods, as the contracts define them: ISO dates (YYYY-MM-DD) in
 * the Europe/Amsterdam calendar; a period is `from` inclusive, `to` exclusive, `to = null` open.
 * Days are kept as integers (days since 1970-01-01) so that comparisons cost nothing.
 */

/** A calendar day: days since 1970-01-01. */
export type Day = number;

/** The `to` of an open-ended period. */
export const FOREVER: Day = Number.MAX_SAFE_INTEGER;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidDateError extends Error {
  override readonly name = 'InvalidDateError';
}

const parsed = new Map<string, Day>();

/** The day of an ISO date (YYYY-MM-DD); refuses anything else, such as 2026-02-30. */
export function dayOf(iso: string): Day {
  const cached = parsed.get(iso);
  if (cached !== undefined) return cached;
  const m = ISO_DATE.exec(iso);
  if (!m) throw new InvalidDateError(`"${iso}" is not an ISO date (YYYY-MM-DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new InvalidDateError(`"${iso}" is not a calendar date`);
  }
  const day = ms / DAY_MS;
  if (parsed.size > 100_000) parsed.clear();
  parsed.set(iso, day);
  return day;
}

/** The `to` of a period: an ISO date, or open-ended. */
export function dayOrForever(iso: string | null | undefined): Day {
  return iso === null || iso === undefined ? FOREVER : dayOf(iso);
}

export function isoOf(day: Day): string {
  return day === FOREVER ? 'open' : new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 01:00 UTC on the last Sunday of a month: when EU summer time starts (March) or ends (October). */
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Hours Europe/Amsterdam is ahead of UTC at an instant: 2 in summer time, else 1. */
export function amsterdamOffsetHours(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  return epochMs >= lastSundayAt0100Utc(year, 2) && epochMs < lastSundayAt0100Utc(year, 9) ? 2 : 1;
}

/** The instant of a local Europe/Amsterdam date and time (YYYY-MM-DD, optional HH:MM). */
export function amsterdamInstant(date: string, time = '12:00'): number {
  const day = dayOf(date);
  const [h, m] = time.split(':').map(Number);
  const local = day * DAY_MS + h * HOUR_MS + m * 60_000;
  for (const offset of [2, 1]) {
    const t = local - offset * HOUR_MS;
    if (amsterdamOffsetHours(t) === offset) return t;
  }
  return local - HOUR_MS; // the hour skipped when summer time starts
}

const amsterdamDays = new Map<number, Day>();

/**
 * The Europe/Amsterdam calendar day of an instant (epoch ms): CET (UTC+1), or CEST (UTC+2)
 * from the last Sunday of March to the last Sunday of October at 01:00 UTC (EU rule since
 * 1996). Offsets change only on whole UTC hours, so the answer is cached per hour.
 */
export function amsterdamDay(epochMs: number): Day {
  const hour = Math.floor(epochMs / HOUR_MS);
  const cached = amsterdamDays.get(hour);
  if (cached !== undefined) return cached;
  const day = Math.floor((epochMs + amsterdamOffsetHours(epochMs) * HOUR_MS) / DAY_MS);
  if (amsterdamDays.size > 10_000) amsterdamDays.clear();
  amsterdamDays.set(hour, day);
  return day;
}

/** A half-open period of days: from <= D < to. */
export interface Period {
  from: Day;
  to: Day;
}

export const covers = (p: Period, day: Day): boolean => p.from <= day && day < p.to;
