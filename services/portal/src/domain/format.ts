/** Dates and numbers as Dutch readers expect them, in the Europe/Amsterdam calendar. */
const TIME_ZONE = 'Europe/Amsterdam';

const dateTime = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const longDate = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const monthName = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', month: 'long', year: 'numeric' });
const shortMonth = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', month: 'short', year: '2-digit' });

/** An instant (ms or ISO string) as "22 nov 2026 14:05". */
export function formatDateTime(at: number | string): string {
  const t = typeof at === 'number' ? at : Date.parse(at);
  return Number.isFinite(t) ? dateTime.format(new Date(t)) : String(at);
}

/** A calendar date YYYY-MM-DD as "1 januari 2015"; other text as is. */
export function formatDate(day: string | null | undefined): string {
  if (!day) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? longDate.format(new Date(`${day}T00:00:00Z`)) : day;
}

/** A month YYYY-MM as "november 2026". */
export function formatMonth(month: string): string {
  return /^\d{4}-\d{2}$/.test(month) ? monthName.format(new Date(`${month}-01T00:00:00Z`)) : month;
}

/** A month YYYY-MM as "nov 26" (chart axes). */
export function formatShortMonth(month: string): string {
  return /^\d{4}-\d{2}$/.test(month) ? shortMonth.format(new Date(`${month}-01T00:00:00Z`)) : month;
}

/** A share 0..1 as "12,5%". */
export function formatShare(share: number): string {
  return `${(share * 100).toLocaleString('nl-NL', { maximumFractionDigits: 1 })}%`;
}

/** The calendar day in Amsterdam of an instant, YYYY-MM-DD. */
export function amsterdamDay(at: number): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The month YYYY-MM in Amsterdam of an instant. */
export function amsterdamMonth(at: number): string {
  return amsterdamDay(at).slice(0, 7);
}

/** `month` shifted by n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
