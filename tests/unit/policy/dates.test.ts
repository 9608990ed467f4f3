import { describe, expect, it } from 'vitest';
import { compareIsoDates, dueByBound, firstLastDateReaching, fullYearsOn, isValidIsoDate, minusMonths, parseIsoDate, plusDays, reassessmentDueDate } from '../../../shared/policy';

describe('isValidIsoDate', () => {
  it.each([
    ['2026-11-30', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2023-02-30', false],
    ['2023-04-31', false],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-01-00', false],
    ['2023-1-05', false],
    ['2023-01-5', false],
    ['20230105', false],
    ['2023-01-05T00:00', false],
    [' 2023-01-05', false],
    ['', false],
  ])('%s → %s', (text, valid) => {
    expect(isValidIsoDate(text)).toBe(valid);
    expect(parseIsoDate(text) !== null).toBe(valid);
  });
});

describe('fullYearsOn: full years on the assessment date', () => {
  it.each([
    // The birthday itself counts.
    ['1946-11-30', '2026-11-30', 80],
    ['1946-11-30', '2026-11-29', 79],
    ['1946-11-30', '2026-12-01', 80],
    ['1946-12-01', '2026-11-30', 79],
    ['1946-01-01', '2025-12-31', 79],
    ['1946-01-01', '2026-01-01', 80],
    ['1966-11-30', '2026-11-30', 60],
    ['1966-12-01', '2026-11-30', 59],
    ['2026-11-30', '2026-11-30', 0],
    // Born on 29 February: in a common year the birthday is 1 March.
    ['1948-02-29', '2027-02-28', 78],
    ['1948-02-29', '2027-03-01', 79],
    ['1948-02-29', '2028-02-28', 79],
    ['1948-02-29', '2028-02-29', 80],
    ['1948-02-29', '2028-03-01', 80],
    ['1964-02-29', '2025-02-28', 60],
    ['1964-02-29', '2025-03-01', 61],
  ])('born %s, on %s → %i', (birth, on, age) => {
    expect(fullYearsOn(birth, on)).toBe(age);
  });

  it('refuses an invalid date rather than returning NaN', () => {
    expect(() => fullYearsOn('2023-02-30', '2026-01-01')).toThrow(RangeError);
    expect(() => fullYearsOn('1950-01-01', '2026-13-01')).toThrow(RangeError);
  });
});

describe('compareIsoDates', () => {
  it('orders dates', () => {
    expect(compareIsoDates('2022-01-01', '2022-01-02')).toBeLessThan(0);
    expect(compareIsoDates('2022-01-02', '2022-01-01')).toBeGreaterThan(0);
    expect(compareIsoDates('2022-01-01', '2022-01-01')).toBe(0);
  });
});

describe('reassessment due dates: one definition for the date shown and every filter (issue 13 #10)', () => {
  const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => plusDays(from, i));

  it('08-31 + 6 months falls due on the last day of February, and the filter bound says so too', () => {
    expect(reassessmentDueDate('2026-08-31', 6)).toBe('2027-02-28');
    expect(reassessmentDueDate('2027-08-31', 6)).toBe('2028-02-29');
    // Due on 2027-02-28: every last date before the bound, and 08-31 is one of them.
    expect(dueByBound('2027-02-28', 6)).toBe('2026-09-01');
    expect(dueByBound('2027-02-27', 6)).toBe('2026-08-28');
    // The old bound (today − 6 months, inclusive) left out 08-29…08-31 although their shown date had come.
    expect(minusMonths('2027-02-28', 6)).toBe('2026-08-28');
  });

  it('for every last date, interval and day: listed as due exactly when the date shown is that day or earlier', () => {
    // Two years of last dates around leap days and month ends, every interval the settings allow.
    const lasts = days('2026-12-01', 760);
    for (const months of [1, 2, 3, 6, 11, 12, 13, 24, 36]) {
      for (const today of ['2027-02-28', '2027-03-01', '2027-03-31', '2028-02-28', '2028-02-29', '2028-03-01', '2028-04-30', '2028-12-31', '2029-02-28', '2030-01-31']) {
        const bound = dueByBound(today, months);
        const valid = firstLastDateReaching(today, months);
        for (const last of lasts) {
          const shown = reassessmentDueDate(last, months);
          expect(last < bound, `${last} + ${months} → ${shown}, today ${today}`).toBe(shown <= today);
          expect(last >= valid, `${last} + ${months} → ${shown}, valid on ${today}`).toBe(shown >= today);
        }
      }
    }
  });

  it('plusDays crosses months, years and leap days without a time zone', () => {
    expect(plusDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(plusDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(plusDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(plusDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(plusDays('2026-12-02', 31)).toBe('2027-01-02');
  });
});
