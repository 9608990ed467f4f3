import { describe, expect, it } from 'vitest';
import { compareIsoDates, fullYearsOn, isValidIsoDate, parseIsoDate } from '../../../shared/policy';

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
