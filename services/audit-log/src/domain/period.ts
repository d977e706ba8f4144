/**
 * A period of the log: half-open, `from` inclusive, `to` exclusive; either end may be open.
 * Ends are ISO 8601 instants with a zone (2026-11-16T10:00:00Z, ...+01:00) or calendar dates
 * (YYYY-MM-DD), which mean the start of that day in the Europe/Amsterdam calendar.
 */
import { Refusal } from '@inkijk/contracts';

export interface Period {
  from: number | null;
  to: number | null;
}

/** A period that is not one: an end that is no date or instant, or `to` not after `from`. */
export class InvalidPeriodError extends Refusal {
  constructor(message: string) {
    super('INVALID', 'INVALID_PERIOD', message);
    this.name = 'InvalidPeriodError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const amsterdam = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Amsterdam wall-clock time from UTC at instant t, in ms. */
function amsterdamOffset(t: number): number {
  const p = Object.fromEntries(amsterdam.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - (t - (t % 1000));
}

/** The instant an Amsterdam calendar day starts (clocks change at 02:00/03:00, never at midnight). */
export function startOfAmsterdamDay(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new InvalidPeriodError(`${date} is not a date (YYYY-MM-DD).`);
  const utcMidnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const check = new Date(utcMidnight);
  if (check.getUTCMonth() !== Number(m[2]) - 1 || check.getUTCDate() !== Number(m[3])) throw new InvalidPeriodError(`${date} is not a calendar date.`);
  return utcMidnight - amsterdamOffset(utcMidnight);
}

function parseEnd(name: string, value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (DATE.test(value)) return startOfAmsterdamDay(value);
  const t = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new InvalidPeriodError(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 instant with a zone, e.g. 2026-11-16T10:00:00Z.`);
  return t;
}

export function parsePeriod(from: string | undefined, to: string | undefined): Period {
  const period = { from: parseEnd('from', from), to: parseEnd('to', to) };
  if (period.from !== null && period.to !== null && period.to <= period.from) {
    throw new InvalidPeriodError('to must be later than from (the period is from inclusive, to exclusive).');
  }
  return period;
}
