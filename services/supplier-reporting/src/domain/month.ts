/**
 * Calendar months (YYYY-MM) in the Europe/Amsterdam calendar, and the local clock that reports
 * count in: which month an instant falls in, its local date, and whether it is outside office
 * hours. Plain Intl with an explicit time zone, so daylight-saving changes are handled by the
 * time-zone database, not by fixed offsets.
 */

/** A month as YYYY-MM. */
export type Month = string;

export const REPORT_TIME_ZONE = 'Europe/Amsterdam';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: unknown): text is Month {
  return typeof text === 'string' && MONTH_RE.test(text) && text >= '2000-01' && text <= '2999-12';
}

/** Months counted from year 0: lets months be compared and shifted as integers. */
export function monthIndex(month: Month): number {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthFromIndex(index: number): Month {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: Month, n: number): Month {
  return monthFromIndex(monthIndex(month) + n);
}

/** The months a generic or specific report of `reportMonth` covers: the six before it, oldest first. */
export const REPORT_PERIOD_MONTHS = 6;
export function coveredMonths(reportMonth: Month): Month[] {
  return Array.from({ length: REPORT_PERIOD_MONTHS }, (_, i) => addMonths(reportMonth, i - REPORT_PERIOD_MONTHS));
}

/** The report months whose period covers `month` (month+1 .. month+6). */
export function reportMonthsCovering(month: Month): Month[] {
  return Array.from({ length: REPORT_PERIOD_MONTHS }, (_, i) => addMonths(month, i + 1));
}

export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  /** 1 = Monday ... 7 = Sunday (ISO). */
  isoWeekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: REPORT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

const HOUR = 3_600_000;
const hourCache = new Map<number, LocalTime>();

function formatLocal(epochMs: number): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter.formatToParts(epochMs)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    isoWeekday: WEEKDAYS[parts.weekday],
  };
}

/**
 * Wall-clock time in Europe/Amsterdam of an instant (epoch milliseconds). Amsterdam's offset is
 * a whole number of hours and changes only on a whole UTC hour, so the time-zone database is
 * asked once per UTC hour and the minutes are added.
 */
export function localTime(epochMs: number): LocalTime {
  if (!Number.isFinite(epochMs)) throw new RangeError(`not an instant: ${epochMs}`);
  const hourIndex = Math.floor(epochMs / HOUR);
  let start = hourCache.get(hourIndex);
  if (!start) {
    if (hourCache.size >= 50_000) hourCache.clear();
    start = formatLocal(hourIndex * HOUR);
    hourCache.set(hourIndex, start);
  }
  return { ...start, minute: Math.floor((epochMs - hourIndex * HOUR) / 60_000) };
}

/** The month (Europe/Amsterdam) an instant falls in. */
export function monthOf(epochMs: number): Month {
  return monthOfLocal(localTime(epochMs));
}
export function monthOfLocal(t: LocalTime): Month {
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}`;
}

/** The local calendar date (YYYY-MM-DD, Europe/Amsterdam) of an instant. */
export function localDateOf(epochMs: number): string {
  return dateOfLocal(localTime(epochMs));
}
export function dateOfLocal(t: LocalTime): string {
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** Office hours end at 19:00 and start at 06:00 local time, Monday to Friday. */
export const OFFICE_HOURS = { from: 6, to: 19 } as const;

/** Outside office hours: local time in [19:00, 06:00), or any time on a Saturday or Sunday. */
export function isOutsideOfficeHours(epochMs: number): boolean {
  return isOutsideOfficeHoursLocal(localTime(epochMs));
}
export function isOutsideOfficeHoursLocal(t: LocalTime): boolean {
  return t.isoWeekday >= 6 || t.hour >= OFFICE_HOURS.to || t.hour < OFFICE_HOURS.from;
}

/** The instant local midnight starts the first day of `month` (Europe/Amsterdam). */
export function startOfMonth(month: Month): number {
  const index = monthIndex(month);
  const year = Math.floor(index / 12);
  const utcMidnight = Date.UTC(year, index - year * 12, 1);
  // The offset on the first of a month is never in a transition (those are on last Sundays).
  const t = formatLocal(utcMidnight);
  const localAsUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  return utcMidnight - (localAsUtc - utcMidnight);
}
