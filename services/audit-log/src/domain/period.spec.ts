import { REFUSAL_STATUS } from '@inkijk/contracts';
import { InvalidPeriodError, parsePeriod, startOfAmsterdamDay } from './period';

describe('period', () => {
  it('reads a calendar date as the start of that day in Amsterdam, winter and summer', () => {
    expect(new Date(startOfAmsterdamDay('2026-11-16')).toISOString()).toBe('2026-11-15T23:00:00.000Z');
    expect(new Date(startOfAmsterdamDay('2026-07-01')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // The days the clocks change: midnight is still before the change.
    expect(new Date(startOfAmsterdamDay('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfAmsterdamDay('2026-10-25')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });

  it('reads instants with a zone', () => {
    expect(parsePeriod('2026-11-16T10:00:00Z', '2026-11-16T12:00:00+01:00')).toEqual({ from: Date.UTC(2026, 10, 16, 10), to: Date.UTC(2026, 10, 16, 11) });
  });

  it('leaves absent ends open', () => {
    expect(parsePeriod(undefined, '2026-11-17')).toEqual({ from: null, to: startOfAmsterdamDay('2026-11-17') });
    expect(parsePeriod(undefined, undefined)).toEqual({ from: null, to: null });
  });

  it.each([
    ['not a date', 'yesterday', undefined],
    ['no zone', '2026-11-16T10:00:00', undefined],
    ['impossible date', '2026-02-30', undefined],
    ['empty period', '2026-11-16', '2026-11-16'],
    ['reversed period', '2026-11-17', '2026-11-16'],
  ])('refuses %s with INVALID_PERIOD', (_n, from, to) => {
    expect(() => parsePeriod(from, to)).toThrow(InvalidPeriodError);
    try {
      parsePeriod(from, to);
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_PERIOD', kind: 'INVALID' });
      expect(REFUSAL_STATUS[(e as InvalidPeriodError).kind]).toBe(400);
    }
  });
});
