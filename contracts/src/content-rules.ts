/**
 * The field rules the content checks (content.ts) are made of: what a UUID, a CBS code, an OIN,
 * a BSN, a calendar date, an event time and a readable text look like. Pure functions, no I/O.
 *
 * Times are compared with the record's own Kafka timestamp, never with the clock of the consumer:
 * a topic replayed from offset 0 years later must pass exactly as it passed the first time.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Clocks of a producer and of the broker differ a little; an event this far ahead is still skew. */
export const MAX_CLOCK_SKEW_MS = 15 * MINUTE;
/** Calendar dates (effective dates) may lie far from the record's time, but not centuries away. */
export const MAX_CALENDAR_DISTANCE_YEARS = 100;

/** Collects what is wrong with one value; `problem()` is the readable sentence, or null. */
export class Problems {
  private readonly found: string[] = [];

  add(problem: string): void {
    this.found.push(problem);
  }

  /** Adds `problem` unless `ok`; returns ok. */
  expect(ok: boolean, problem: () => string): boolean {
    if (!ok) this.found.push(problem());
    return ok;
  }

  problem(): string | null {
    return this.found.length === 0 ? null : this.found.join('; ');
  }
}

/**
 * A value quoted in a problem: short, escaped, and never more than a glimpse of what a producer
 * sent (the dead letter keeps the record itself). Callers never quote a BSN field.
 */
export const quote = (value: unknown): string => {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Registration's ids (organisations, collaborations, events) are UUIDs (contracts/README.md). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** CBS municipality code (gemeentecode): GM and four digits, e.g. GM0392 (Haarlem). */
export const isCbsCode = (value: string): boolean => /^GM\d{4}$/.test(value);

/** Organisation identification number (OIN): 20 digits (test OINs start with 00000099). */
export const isOin = (value: string): boolean => /^\d{20}$/.test(value);

/**
 * The one BSN check of the project (burgerservicenummer): 9 digits, passing the 11-proef (weights
 * 9..2 and -1), and not all zeros (which passes the 11-proef but is no one's number). Every
 * service's input check and every consumer's content check use this one.
 */
export function isBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  return [9, 8, 7, 6, 5, 4, 3, 2, -1].reduce((sum, w, i) => sum + w * Number(value[i]), 0) % 11 === 0;
}

/** A UUID anywhere in a text (its hex digits may spell nine decimal digits by chance). */
const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Whether a text holds what looks like a BSN: nine digits standing alone (not part of a longer
 * number, such as an OIN) that pass the 11-proef. Digits inside a UUID are not read: about one
 * random UUID in two hundred holds such a run in its last group.
 */
export function containsBsn(text: string): boolean {
  return (text.replace(UUID_IN_TEXT, '-').match(/(?<!\d)\d{9}(?!\d)/g) ?? []).some(isBsn);
}

/**
 * W3C trace context ids: lowercase hex of a fixed length. All zeros (W3C's "invalid") passes: the
 * gateway writes it when a query ran without a trace.
 */
export const isTraceId = (value: string): boolean => /^[0-9a-f]{32}$/.test(value);
export const isSpanId = (value: string): boolean => /^[0-9a-f]{16}$/.test(value);

export const isSha256Hex = (value: string): boolean => /^[0-9a-f]{64}$/i.test(value);

/**
 * An identifier that is not ours to shape (a user id from a token, a case id from a case
 * system, a rules version): one token of letters, digits and a few separators, no spaces.
 */
export const isIdentifier = (value: string): boolean => /^[\p{L}\p{N}][\p{L}\p{N}._:@+/-]{0,127}$/u.test(value);

/** No control characters but line breaks and tabs (a reason may be typed in a text area). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Readable text (a name): not blank, no control characters, not a novel. */
export const isText = (value: string, maxLength = 500): boolean => value.trim().length > 0 && value.length <= maxLength && !CONTROL.test(value);

/** Free text (a reason; registration lets it be empty): no control characters, not a novel. */
export const isFreeText = (value: string, maxLength = 4000): boolean => value.length <= maxLength && !CONTROL.test(value);

/** An ISO calendar date (YYYY-MM-DD) that exists, as an epoch-millisecond day start (UTC), or null. */
export function calendarDay(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : null;
}

const iso = (t: number): string => (Number.isFinite(t) && Math.abs(t) < 8.64e15 ? new Date(t).toISOString() : String(t));

/**
 * An event time (epoch ms) must lie near the record's timestamp: at most MAX_CLOCK_SKEW_MS
 * after it, and at most `maxLagMs` before it (how long its producer may take to publish).
 */
export function checkEventTime(p: Problems, field: string, at: number, recordTimestamp: number, maxLagMs: number): void {
  if (at > recordTimestamp + MAX_CLOCK_SKEW_MS) {
    p.add(`${field} ${iso(at)} lies after the record's timestamp ${iso(recordTimestamp)} (more than ${MAX_CLOCK_SKEW_MS / MINUTE} minutes of clock skew)`);
  } else if (at < recordTimestamp - maxLagMs) {
    p.add(`${field} ${iso(at)} lies too long before the record's timestamp ${iso(recordTimestamp)} (at most ${describe(maxLagMs)})`);
  }
}

const describe = (ms: number): string => (ms >= DAY ? `${Math.round(ms / DAY)} days` : `${Math.round(ms / MINUTE)} minutes`);

/** A calendar date that exists and lies within MAX_CALENDAR_DISTANCE_YEARS of the record's time. */
export function checkCalendarDate(p: Problems, field: string, value: string, recordTimestamp: number): number | null {
  const day = calendarDay(value);
  if (day === null) {
    p.add(`${field} ${quote(value)} is not a calendar date (YYYY-MM-DD)`);
    return null;
  }
  const recordYear = new Date(recordTimestamp).getUTCFullYear();
  if (Math.abs(new Date(day).getUTCFullYear() - recordYear) > MAX_CALENDAR_DISTANCE_YEARS) {
    p.add(`${field} ${value} lies more than ${MAX_CALENDAR_DISTANCE_YEARS} years from the record's timestamp ${iso(recordTimestamp)}`);
    return null;
  }
  return day;
}

/** A half-open period: `to` (exclusive) must come after `from`. */
export function checkPeriod(p: Problems, field: string, from: string, to: string | null | undefined, recordTimestamp: number): void {
  const start = checkCalendarDate(p, `${field}.from`, from, recordTimestamp);
  if (to == null) return;
  const end = checkCalendarDate(p, `${field}.to`, to, recordTimestamp);
  if (start !== null && end !== null) p.expect(end > start, () => `${field} ends (${to}) before or on the day it starts (${from})`);
}

export const checkUuid = (p: Problems, field: string, value: string): boolean =>
  p.expect(isUuid(value), () => `${field} ${quote(value)} is not a UUID`);

export const checkIdentifier = (p: Problems, field: string, value: string): boolean =>
  p.expect(isIdentifier(value), () => `${field} ${quote(value)} is not an identifier (letters, digits, . _ : @ + / -; at most 128)`);

export const checkText = (p: Problems, field: string, value: string, maxLength = 500): boolean =>
  p.expect(isText(value, maxLength), () => `${field} is blank, longer than ${maxLength} characters or holds control characters`);

export const checkFreeText = (p: Problems, field: string, value: string, maxLength = 4000): boolean =>
  p.expect(isFreeText(value, maxLength), () => `${field} is longer than ${maxLength} characters or holds control characters`);

export const checkCbsCode = (p: Problems, field: string, value: string | null | undefined): boolean =>
  p.expect(value != null && isCbsCode(value), () => `${field} ${value == null ? 'is missing' : `${quote(value)} is not a municipality code`} (GM and four digits, e.g. GM0392)`);

export const checkOin = (p: Problems, field: string, value: string): boolean =>
  p.expect(isOin(value), () => `${field} ${quote(value)} is not an OIN (20 digits)`);

/** Never quotes the value: a mistyped BSN may still be someone's. */
export const checkBsn = (p: Problems, field: string, value: string): boolean =>
  p.expect(isBsn(value), () => `${field} is not a BSN (9 digits passing the 11-proef)`);

export function checkCount(p: Problems, field: string, value: number, max: number): void {
  p.expect(Number.isInteger(value) && value >= 0 && value <= max, () => `${field} ${value} is not a count between 0 and ${max}`);
}
