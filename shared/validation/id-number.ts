/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit
 * sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check character.
 * Pure TypeScript so the form, the store and the seeder agree on every rule.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * First two digits of the address code: provinces, autonomous regions and
 * municipalities (GB/T 2260), plus 71 台湾, 81 香港, 82 澳门 and 83 used by residence
 * permits for Hong Kong, Macao and Taiwan residents.
 */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

export type Sex = '男' | '女';

export interface IdNumberInfo {
  /** Upper-case, 18 characters. */
  idNumber: string;
  regionCode: string;
  birthDate: string;
  sex: Sex;
}

export type IdNumberResult = ({ ok: true } & IdNumberInfo) | { ok: false; message: string };

/** The check character for the first 17 digits; throws on anything but 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Spaces are dropped and a lower-case x raised, as people type them. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/**
 * Validates an 18-character number. `today` (YYYY-MM-DD) rejects birth dates in the
 * future; without it only years before 1880 are refused.
 */
export function validateIdNumber(input: string, today?: string): IdNumberResult {
  const id = normalizeIdNumber(input);
  if (id.length !== 18) return { ok: false, message: `公民身份号码应为18位，实际为${id.length}位` };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, message: '公民身份号码应为17位数字加1位数字或X' };
  const regionCode = id.slice(0, 6);
  if (!PROVINCE_CODES.has(regionCode.slice(0, 2))) return { ok: false, message: '公民身份号码的地址码不正确（前两位不是有效的省级代码）' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1880 || !validDate(y, m, d)) return { ok: false, message: '公民身份号码中的出生日期不是有效日期' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (today !== undefined && birthDate > today) return { ok: false, message: '公民身份号码中的出生日期晚于今天' };
  const expected = idCheckChar(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, message: '公民身份号码校验码不正确，请核对号码' };
  const sex: Sex = Number(id[16]) % 2 === 1 ? '男' : '女';
  return { ok: true, idNumber: id, regionCode, birthDate, sex };
}

export function isValidIdNumber(input: string): boolean {
  return validateIdNumber(input).ok;
}

/** Builds a valid number from its parts (seeding, tests). `sequence` is 0–999. */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/**
 * Keeps the region code (first 6) and the last 4 characters of an 18-character ID number,
 * the usual masking on printed forms and lists; shorter or odd values keep at most a third visible.
 */
export function maskIdNumber(id: string): string {
  const chars = [...id.trim()];
  if (chars.length === 18) return chars.slice(0, 6).join('') + '*'.repeat(8) + chars.slice(14).join('');
  if (chars.length <= 4) return '*'.repeat(chars.length);
  const keep = Math.max(1, Math.floor(chars.length / 6));
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - 2 * keep) + chars.slice(-keep).join('');
}
