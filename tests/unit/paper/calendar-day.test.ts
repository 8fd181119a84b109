import { describe, expect, it } from 'vitest';
import {
  byTimeValue,
  checkDay,
  dayToDate,
  formatDay,
  isDayShaped,
  parseDay,
} from '../../../src/lib/paper/calendar-day.ts';

const day = (text: string) => new Date(`${text}T00:00:00Z`);

describe('formatDay', () => {
  it('writes the UTC day', () => {
    expect(formatDay(new Date('2025-03-14T23:59:59Z'))).toBe('2025-03-14');
    expect(formatDay(day('2024-02-29'))).toBe('2024-02-29');
  });

  it('writes each instant its own day, remembered or not', () => {
    expect(formatDay(new Date('2025-03-14T23:59:59Z'))).toBe('2025-03-14');
    expect(formatDay(new Date('2025-03-15T00:00:00Z'))).toBe('2025-03-15');
    expect(formatDay(new Date('2025-03-14T23:59:59Z'))).toBe('2025-03-14');
  });

  it('still refuses an Invalid Date, every time', () => {
    expect(() => formatDay(new Date('nope'))).toThrow(RangeError);
    expect(() => formatDay(new Date('nope'))).toThrow(RangeError);
  });
});

describe('byTimeValue', () => {
  it('computes once per time value, whichever Date object carries it', () => {
    let calls = 0;
    const label = byTimeValue((date) => {
      calls += 1;
      return `day ${date.getUTCDate()}`;
    });
    expect(label(day('2025-03-14'))).toBe('day 14');
    expect(label(day('2025-03-14'))).toBe('day 14');
    expect(label(day('2025-03-15'))).toBe('day 15');
    expect(calls).toBe(2);
  });

  it('forgets everything past its limit, and never remembers an Invalid Date', () => {
    let calls = 0;
    const label = byTimeValue((date) => {
      calls += 1;
      return Number.isNaN(date.getTime()) ? 'invalid' : formatDay(date);
    }, 2);
    label(day('2025-01-01'));
    label(day('2025-01-02'));
    label(day('2025-01-03')); // the third clears the first two
    label(day('2025-01-03'));
    expect(calls).toBe(3);
    label(day('2025-01-01'));
    expect(calls).toBe(4);
    expect(label(new Date('nope'))).toBe('invalid');
    expect(label(new Date('nope'))).toBe('invalid');
    expect(calls).toBe(6);
  });
});

describe('parseDay', () => {
  it('accepts a real day written YYYY-MM-DD', () => {
    expect(parseDay('2025-03-14')).toBe('2025-03-14');
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('0099-12-31')).toBe('0099-12-31');
  });

  it('refuses a day that does not exist, another spelling, or a time', () => {
    for (const text of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '2025-04-31', '2025-3-14']) {
      expect(parseDay(text)).toBeUndefined();
    }
    for (const text of ['14.03.2025', '2025-03-14T00:00:00Z', ' 2025-03-14', '2025-03-14\n', '', '२०२५-०३-१४']) {
      expect(parseDay(text)).toBeUndefined();
    }
  });
});

describe('checkDay', () => {
  it('builds the day from its parts, refusing one the calendar lacks', () => {
    expect(checkDay(2025, 3, 14)).toBe('2025-03-14');
    expect(checkDay(2024, 2, 29)).toBe('2024-02-29');
    expect(checkDay(2025, 2, 29)).toBeUndefined();
    expect(checkDay(2025, 12, 32)).toBeUndefined();
    expect(checkDay(2025, 0, 1)).toBeUndefined();
    expect(checkDay(2025, 1.5, 1)).toBeUndefined();
    expect(checkDay(-1, 1, 1)).toBeUndefined();
    expect(checkDay(12025, 1, 1)).toBeUndefined();
  });

  it('agrees with parseDay on every day of a leap year and a common year', () => {
    for (const year of [2023, 2024]) {
      for (let month = 1; month <= 12; month += 1) {
        for (let date = 1; date <= 31; date += 1) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
          expect(checkDay(year, month, date)).toBe(parseDay(text));
        }
      }
    }
  });
});

describe('isDayShaped and dayToDate', () => {
  it('tells the written shape apart from the calendar', () => {
    expect(isDayShaped('2025-02-30')).toBe(true);
    expect(isDayShaped('2025-2-3')).toBe(false);
  });

  it('reads a day as midnight UTC, and a non-day as an Invalid Date', () => {
    expect(dayToDate('2025-03-14').toISOString()).toBe('2025-03-14T00:00:00.000Z');
    expect(Number.isNaN(dayToDate('someday').getTime())).toBe(true);
  });
});
