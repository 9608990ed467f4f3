/**
 * Calendar dates as `YYYY-MM-DD` strings. Policy dates are civil dates with no time
 * zone, so they are never turned into `Date` objects: a `Date` would shift by a day
 * for anyone east or west of UTC.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The date, or null when the text is not a real calendar date (`2023-02-30`, `2023-2-3`). */
export function parseIsoDate(text: string): CalendarDate | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isValidIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

/** Negative, zero or positive like a comparator; only for valid dates (the format sorts as text). */
export function compareIsoDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Full years (周岁) reached on `onDate`: the birthday itself counts, so someone born
 * 1946-11-30 is 80 on 2026-11-30 and 79 the day before.
 *
 * Born on 29 February: in a common year the birthday is taken as 1 March, so someone
 * born 1948-02-29 is 78 on 2027-02-28 and 79 on 2027-03-01 (and turns a year older on
 * 29 February itself in leap years). This is the usual reading of "周岁" in Chinese civil
 * practice, where a period ending on a day the month lacks ends on the following day.
 * Comparing month and day as numbers (02-28 < 02-29 < 03-01) gives exactly that rule
 * with no special case.
 *
 * Throws on an invalid date: callers validate input first, and a silent NaN would put
 * someone in the wrong category.
 */
export function fullYearsOn(birthDate: string, onDate: string): number {
  const b = parseIsoDate(birthDate);
  const d = parseIsoDate(onDate);
  if (!b) throw new RangeError(`无效的出生日期：${birthDate}`);
  if (!d) throw new RangeError(`无效的日期：${onDate}`);
  let years = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) years -= 1;
  return years;
}

/** `date` plus `months`, the day clamped to the month's length (2024-01-31 + 1 → 2024-02-29). */
export function plusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(ny, 4)}-${p(nm)}-${p(Math.min(d, daysInMonth(ny, nm)))}`;
}

/** `date` minus `months`, the day clamped to the month's length (2024-03-31 − 1 → 2024-02-29). */
export function minusMonths(date: string, months: number): string {
  return plusMonths(date, -months);
}

/** `day` plus `days` (negative goes back). Date.UTC only counts days here: no time zone enters. */
export function plusDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(t.getUTCFullYear(), 4)}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}`;
}

/**
 * When the reassessment after an assessment on `lastDate` falls due: `months` later, the
 * day clamped to the month's end (2026-08-31 + 6 → 2027-02-28). The one definition: the
 * date a list shows, the persons filter, the dashboard's counts, the exports' lists and
 * the window in which an earlier level still counts all derive from it.
 */
export function reassessmentDueDate(lastDate: string, months: number): string {
  return plusMonths(lastDate, months);
}

/**
 * The earliest last-assessment date whose reassessment falls due on or after `day`; any
 * earlier one fell due before `day`. Due dates never decrease as the last date moves on,
 * so this splits the dates in two, which SQL can compare against an indexed column. With
 * month-end clamping it is up to three days after `day − months` (for 2027-02-28 and 6
 * months it is 2026-08-28, and 08-29…08-31 are due that day too).
 */
export function firstLastDateReaching(day: string, months: number): string {
  let d = minusMonths(day, months);
  while (reassessmentDueDate(d, months) < day) d = plusDays(d, 1);
  return d;
}

/** Last-assessment dates before this one are due on `day` or earlier (`last_assessment_date < bound`). */
export function dueByBound(day: string, months: number): string {
  return firstLastDateReaching(plusDays(day, 1), months);
}

/** Today's date on this machine's clock, as YYYY-MM-DD (assessments are dated locally). */
export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
