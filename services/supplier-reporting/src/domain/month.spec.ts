import { addMonths, coveredMonths, isMonth, isOutsideOfficeHours, localDateOf, localTime, monthOf, reportMonthsCovering, startOfMonth } from './month';

/** Instants written in UTC, with the Amsterdam wall-clock time they are in a comment. */
const utc = (iso: string) => Date.parse(`${iso}Z`);

describe('months', () => {
  it('accepts YYYY-MM and nothing else', () => {
    expect(['2026-01', '2026-12', '2000-01'].every(isMonth)).toBe(true);
    expect(['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', '', 'x', '1999-12'].some(isMonth)).toBe(false);
  });

  it('shifts across year ends', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 14)).toBe('2028-01');
  });

  it('a report of month M covers M-6 .. M-1, and month X is covered by the reports of X+1 .. X+6', () => {
    expect(coveredMonths('2026-04')).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(reportMonthsCovering('2025-10')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
  });

  it('puts an instant in its Amsterdam month, not its UTC month', () => {
    expect(monthOf(utc('2026-03-31T21:59:59.999'))).toBe('2026-03'); // 23:59:59 CEST
    expect(monthOf(utc('2026-03-31T22:00:00'))).toBe('2026-04'); // 00:00 CEST
    expect(monthOf(utc('2025-12-31T23:00:00'))).toBe('2026-01'); // 00:00 CET
    expect(localDateOf(utc('2026-10-31T23:30:00'))).toBe('2026-11-01'); // 00:30 CET
  });

  it('finds the instant a local month starts, in winter and summer time', () => {
    expect(startOfMonth('2026-01')).toBe(utc('2025-12-31T23:00:00'));
    expect(startOfMonth('2026-04')).toBe(utc('2026-03-31T22:00:00'));
    expect(startOfMonth('2026-11')).toBe(utc('2026-10-31T23:00:00'));
  });
});

describe('office hours (19:00-06:00 local and weekends are outside)', () => {
  it.each([
    ['2026-10-23T16:59', false, 'Friday 18:59 CEST'],
    ['2026-10-23T17:00', true, 'Friday 19:00 CEST'],
    ['2026-10-22T03:59', true, 'Thursday 05:59 CEST'],
    ['2026-10-22T04:00', false, 'Thursday 06:00 CEST'],
    ['2026-10-26T04:59', true, 'Monday 05:59 CET, the day after the clocks went back'],
    ['2026-10-26T05:00', false, 'Monday 06:00 CET'],
    ['2026-10-26T17:59', false, 'Monday 18:59 CET'],
    ['2026-10-26T18:00', true, 'Monday 19:00 CET'],
    ['2026-03-27T17:59', false, 'Friday 18:59 CET, before the clocks go forward'],
    ['2026-03-27T18:00', true, 'Friday 19:00 CET'],
    ['2026-03-30T03:59', true, 'Monday 05:59 CEST'],
    ['2026-03-30T04:00', false, 'Monday 06:00 CEST'],
    ['2026-10-24T10:00', true, 'Saturday noon'],
    ['2026-10-25T00:30', true, 'Sunday 02:30 CEST (first time)'],
    ['2026-10-25T01:30', true, 'Sunday 02:30 CET (second time)'],
    ['2026-11-01T11:00', true, 'Sunday noon'],
    ['2026-11-02T11:00', false, 'Monday noon'],
  ])('%s UTC is outside office hours: %s (%s)', (iso, outside) => {
    expect(isOutsideOfficeHours(utc(iso))).toBe(outside);
  });

  it('is Saturday 00:00 local, not UTC, where the weekend starts', () => {
    expect(isOutsideOfficeHours(utc('2026-10-23T21:59'))).toBe(true); // Friday 23:59 CEST: outside by the hour
    expect(isOutsideOfficeHours(utc('2026-10-25T22:59'))).toBe(true); // Sunday 23:59 CET
    expect(isOutsideOfficeHours(utc('2026-10-25T23:00'))).toBe(true); // Monday 00:00 CET: night
    expect(isOutsideOfficeHours(utc('2026-10-26T07:00'))).toBe(false); // Monday 08:00 CET
  });
});

describe('local time, asked of the time-zone database once per UTC hour', () => {
  it('agrees with Intl minute by minute around both 2026 clock changes', () => {
    const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (const around of ['2026-03-29T01:00', '2026-10-25T01:00']) {
      for (let t = utc(around) - 3 * 3_600_000; t < utc(around) + 3 * 3_600_000; t += 60_000 * 7) {
        const l = localTime(t);
        const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
        expect([l.year, l.month, l.day, l.hour, l.minute]).toEqual([Number(p.year), Number(p.month), Number(p.day), Number(p.hour), Number(p.minute)]);
      }
    }
  });
});
