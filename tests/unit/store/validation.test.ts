import { describe, expect, it } from 'vitest';
import { findField, GBT42195_2022 } from '../../../shared/instruments';
import { ECONOMIC_STATUSES } from '../../../shared/policy';
import {
  ECONOMIC_CODES,
  EDUCATION_CODES,
  ETHNICITY_CODES,
  INCOME_CODES,
  LIVING_CODES,
  MARITAL_CODES,
  MEDICAL_PAYMENT_CODES,
  RELIGION_CODES,
  idCheckChar,
  makeIdNumber,
  personInputSchema,
  personPatchSchema,
  validateIdNumber,
  validatePhone,
} from '../../../shared/validation';
import { ASSESSMENT_REASONS, INFORMANT_RELATIONS, assessmentHeaderSchema } from '../../../shared/validation/assessment';

describe('公民身份号码 (GB 11643)', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', '女'],
    ['11010519491231002x', '1949-12-31', '女'],
    ['440524188001010014', '1880-01-01', '男'],
    ['35058219480315002X', '1948-03-15', '女'],
  ])('%s is valid', (id, birthDate, sex) => {
    const r = validateIdNumber(id);
    expect(r).toMatchObject({ ok: true, idNumber: id.toUpperCase(), birthDate, sex });
  });

  it('computes the ISO 7064 MOD 11-2 check character for every remainder', () => {
    // 17 digits whose weighted sum modulo 11 runs through 0..10 → 1 0 X 9 8 7 6 5 4 3 2.
    const expected = '10X98765432';
    const seen = new Map<number, string>();
    for (let i = 0; seen.size < 11 && i < 10000; i++) {
      const first17 = `11010519491231${String(i).padStart(3, '0')}`;
      const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const mod = [...first17].reduce((s, d, k) => s + Number(d) * weights[k]!, 0) % 11;
      seen.set(mod, idCheckChar(first17));
    }
    for (const [mod, ch] of seen) expect(ch).toBe(expected[mod]);
    expect(seen.size).toBe(11);
  });

  it.each([
    ['110105194912310021', '校验码'],
    ['1101051949123100', '18位'],
    ['11010519491231002Y', '17位数字'],
    ['110105194902300028', '出生日期'],
    ['001105194912310026', '省级代码'],
    ['110105187912310027', '出生日期'],
  ])('%s is refused (%s)', (id, word) => {
    const r = validateIdNumber(id);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(word);
  });

  it('refuses a birth date after today when today is given', () => {
    const id = makeIdNumber('350502', '2030-01-01', 11);
    expect(validateIdNumber(id).ok).toBe(true);
    expect(validateIdNumber(id, '2026-01-01').ok).toBe(false);
  });

  it('makeIdNumber builds numbers that validate, odd sequence for men', () => {
    const m = validateIdNumber(makeIdNumber('350524', '1940-02-29', 123));
    expect(m).toMatchObject({ ok: true, sex: '男', birthDate: '1940-02-29', regionCode: '350524' });
    expect(validateIdNumber(makeIdNumber('350524', '1940-02-29', 124))).toMatchObject({ ok: true, sex: '女' });
  });
});

describe('phone numbers', () => {
  it.each(['13905951234', '+86 139 0595 1234', '0595-22345678', '059522345678', '0595-22345678-801'])('%s is valid', (p) => {
    expect(validatePhone(p).ok).toBe(true);
  });
  it.each(['1390595123', '23905951234', '22345678', 'abc'])('%s is refused', (p) => {
    expect(validatePhone(p).ok).toBe(false);
  });
});

describe('person schema', () => {
  const base = { name: '张三', sex: '女', birthDate: '1949-12-31', idNumber: '11010519491231002X' } as const;

  it('fills defaults and normalises', () => {
    const p = personInputSchema.parse({ ...base, idNumber: '110105 19491231 002x', county: '  ', phone: '' });
    expect(p).toMatchObject({ idNumber: '11010519491231002X', county: null, phone: null, economic: 'none', disabilityGrade: 0, livingAlone: false });
  });

  it('requires birth date and sex to agree with the ID number', () => {
    const r = personInputSchema.safeParse({ ...base, sex: '男', birthDate: '1949-12-30' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['sex', 'birthDate']));
    expect(r.error!.issues.find((i) => i.path[0] === 'sex')!.message).toContain('不一致');
  });

  it('checks 特困 mode, 独居 and unknown fields, in Chinese', () => {
    const r = personInputSchema.safeParse({ ...base, economic: 'tekun', livingArrangements: ['alone', 'spouse'], livingAlone: false, nickname: 'x' });
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => i.message).join('|');
    expect(msgs).toContain('供养方式');
    expect(msgs).toContain('独居');
    expect(msgs).toContain('未知字段：nickname');
  });

  it('patch schema leaves absent fields absent', () => {
    expect(personPatchSchema.parse({ county: '鲤城区' })).toEqual({ county: '鲤城区' });
  });

  it('uses exactly the instrument option codes and the policy engine economic values', () => {
    const codes = (code: string) => {
      const f = findField(GBT42195_2022, code);
      return f && (f.kind === 'single' || f.kind === 'multi') ? f.options.map((o) => o.code) : [];
    };
    expect([...ETHNICITY_CODES]).toEqual(codes('A.2.6'));
    expect([...RELIGION_CODES]).toEqual(codes('A.2.7'));
    expect([...EDUCATION_CODES]).toEqual(codes('A.2.9'));
    expect([...LIVING_CODES]).toEqual(codes('A.2.10'));
    expect([...MARITAL_CODES]).toEqual(codes('A.2.11'));
    expect([...MEDICAL_PAYMENT_CODES]).toEqual(codes('A.2.12'));
    expect([...INCOME_CODES]).toEqual(codes('A.2.13'));
    expect([...ASSESSMENT_REASONS]).toEqual(codes('A.1.3'));
    expect([...INFORMANT_RELATIONS]).toEqual(codes('A.3.2'));
    expect([...ECONOMIC_CODES]).toEqual([...ECONOMIC_STATUSES]);
  });
});

describe('assessment header schema', () => {
  it('requires distinct assessors and a note for reason other', () => {
    const r = assessmentHeaderSchema.safeParse({ reason: 'other', assessmentDate: '2025-02-30', assessor1Id: 'u1', assessor2Id: 'u1' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['reasonOther', 'assessmentDate', 'assessor2Id']));
  });
});
