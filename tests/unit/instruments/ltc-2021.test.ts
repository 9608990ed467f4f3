import { describe, expect, it } from 'vitest';
import { checkInstrument, getInstrument, instrumentVerified } from '../../../shared/instruments';
import { LTC_2021 } from '../../../shared/instruments/ltc-2021';
import { scoreAssessment, toCliResult } from '../../../shared/scoring';
import { mulberry32 } from '../../../shared/util/prng';

/**
 * The 2021 long-term-care scale against its rules restated by hand from the issue and
 * shared/domain/policy.md §4(b): item scores, every band edge of each group, every matrix
 * cell, and bad input. Nothing here reads the definition's bands or matrix.
 */

const ITEM_SCORES: Readonly<Record<string, readonly number[]>> = {
  'ADL.1': [10, 5, 0], 'ADL.2': [10, 5, 0], 'ADL.3': [5, 0], 'ADL.4': [10, 5, 0], 'ADL.5': [10, 5, 0],
  'ADL.6': [10, 5, 0], 'ADL.7': [15, 10, 5, 0], 'ADL.8': [15, 10, 5, 0], 'ADL.9': [10, 5, 0], 'ADL.10': [5, 0],
  'COG.1': [4, 3, 2, 1, 0], 'COG.2': [4, 3, 2, 1, 0], 'COG.3': [4, 3, 2, 1, 0], 'COG.4': [4, 3, 2, 1, 0],
  'SEN.1': [4, 3, 2, 1, 0], 'SEN.2': [4, 3, 2, 1, 0], 'SEN.3': [4, 3, 2, 1, 0],
};
const NAMES: Readonly<Record<string, string>> = {
  'ADL.1': '进食', 'ADL.2': '穿衣', 'ADL.3': '面部与口腔清洁', 'ADL.4': '大便控制', 'ADL.5': '小便控制', 'ADL.6': '用厕',
  'ADL.7': '平地行走', 'ADL.8': '床椅转移', 'ADL.9': '上下楼', 'ADL.10': '洗澡',
  'COG.1': '时间定向', 'COG.2': '人物定向', 'COG.3': '空间定向', 'COG.4': '记忆力',
  'SEN.1': '视力', 'SEN.2': '听力', 'SEN.3': '沟通能力',
};
const GROUPS = { ADL: 100, COG: 16, SEN: 12 } as const;
type Group = keyof typeof GROUPS;

const adlGrade = (s: number) => (s === 100 ? 0 : s >= 65 ? 1 : s >= 45 ? 2 : 3);
const cogGrade = (s: number) => (s === 16 ? 0 : s >= 12 ? 1 : s >= 4 ? 2 : 3);
const senGrade = (s: number) => (s === 12 ? 0 : s >= 8 ? 1 : s >= 4 ? 2 : 3);
const MATRIX = [
  [0, 0, 1, 1],
  [1, 1, 1, 2],
  [2, 2, 2, 3],
  [3, 3, 4, 5],
];
const LEVEL_NAMES = ['基本正常', '轻度失能', '中度失能', '重度失能Ⅰ级', '重度失能Ⅱ级', '重度失能Ⅲ级'];
const GRADE_NAMES = ['能力完好', '轻度受损', '中度受损', '重度受损'];

const codesOf = (g: Group) => Object.keys(ITEM_SCORES).filter((c) => c.startsWith(`${g}.`));

/** Item scores of one group summing to `target` (largest options first). */
function groupWithSum(g: Group, target: number): Record<string, number> {
  const out: Record<string, number> = {};
  let left = target;
  for (const code of codesOf(g)) {
    const s = ITEM_SCORES[code]!.find((v) => v <= left)!;
    out[code] = s;
    left -= s;
  }
  if (left !== 0) throw new Error(`cannot reach ${g} ${target}`);
  return out;
}
const full = (g: Group) => groupWithSum(g, GROUPS[g]);

function score(items: Record<string, number>) {
  const r = scoreAssessment(LTC_2021, { items });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.result;
}

describe('ltc-2021: the definition', () => {
  it('is registered, consistent and marked unverified', () => {
    expect(getInstrument('ltc-2021')).toBe(LTC_2021);
    expect(checkInstrument(LTC_2021)).toEqual([]);
    expect(instrumentVerified(LTC_2021)).toBe(false);
    expect(LTC_2021.leveling.provenance?.verified).toBe(false);
    expect(LTC_2021.provenance.note).toContain('待核实');
  });

  it('has the 17 items with the names and scores of the standard', () => {
    const items = LTC_2021.indicators.flatMap((i) => i.items);
    expect(items.map((i) => i.code)).toEqual(Object.keys(ITEM_SCORES));
    for (const it of items) {
      expect(it.name).toBe(NAMES[it.code]);
      expect(it.options.map((o) => o.score)).toEqual(ITEM_SCORES[it.code]);
    }
    expect(LTC_2021.indicators.map((i) => [i.code, i.name, i.max])).toEqual([
      ['ADL', '日常生活活动能力', 100],
      ['COG', '认知能力', 16],
      ['SEN', '感知觉与沟通能力', 12],
    ]);
    expect(LTC_2021.levels.map((l) => l.name)).toEqual(LEVEL_NAMES);
  });

  it('keeps the option texts word for word (spot checks against policy.md §4(b))', () => {
    const crit = (code: string, s: number) => LTC_2021.indicators.flatMap((i) => i.items).find((i) => i.code === code)!.options.find((o) => o.score === s)!.criterion;
    expect(crit('ADL.5', 5)).toBe('偶有失禁（每24h<1次，但每周>1次）或需提示');
    expect(crit('ADL.7', 5)).toBe('较大程度依赖（≥2人搀扶，或靠他人帮助使用轮椅等才能移动）');
    expect(crit('COG.1', 3)).toBe('年/月/日（或星期）不能全部分清（相差≥2天）');
    expect(crit('SEN.3', 1)).toBe('不能完全理解他人，只能用简单单词或手势表达大概意愿');
  });
});

describe('ltc-2021: group grades at every score', () => {
  const cases = (g: Group, step: number) => Array.from({ length: GROUPS[g] / step + 1 }, (_, i) => i * step);
  const grade = { ADL: adlGrade, COG: cogGrade, SEN: senGrade };
  for (const g of Object.keys(GROUPS) as Group[]) {
    it.each(cases(g, g === 'ADL' ? 5 : 1))(`${g} %i`, (sum) => {
      const items = { ...full('ADL'), ...full('COG'), ...full('SEN'), ...groupWithSum(g, sum) };
      const r = score(items);
      expect(r.indicators[g]!.score).toBe(sum);
      expect(r.grades?.[g]).toEqual({ grade: grade[g](sum), name: GRADE_NAMES[grade[g](sum)] });
    });
  }
});

describe('ltc-2021: every matrix cell, through each column group', () => {
  // A representative score per grade; the band edges are covered above.
  const ADL_BY_GRADE = [100, 80, 50, 20];
  const COG_BY_GRADE = [16, 13, 8, 2];
  const SEN_BY_GRADE = [12, 9, 5, 1];
  const cells = [0, 1, 2, 3].flatMap((a) => [0, 1, 2, 3].flatMap((c) => [0, 1, 2, 3].map((s) => [a, c, s] as const)));
  it.each(cells)('ADL grade %i, COG grade %i, SEN grade %i', (a, c, s) => {
    const r = score({ ...groupWithSum('ADL', ADL_BY_GRADE[a]!), ...groupWithSum('COG', COG_BY_GRADE[c]!), ...groupWithSum('SEN', SEN_BY_GRADE[s]!) });
    const column = Math.max(c, s);
    expect(r.matrixCell).toEqual({ row: a, column });
    expect(r.finalLevel).toBe(MATRIX[a]![column]);
    expect(r.finalLevelName).toBe(LEVEL_NAMES[MATRIX[a]![column]!]);
    expect(r.total).toBeNull();
    expect(r.adjustments).toEqual([]);
  });

  it('agrees with the rules restated on 3,000 seeded random cases', () => {
    const rnd = mulberry32(20211);
    for (let n = 0; n < 3000; n++) {
      const items: Record<string, number> = {};
      for (const [code, scores] of Object.entries(ITEM_SCORES)) items[code] = scores[Math.floor(rnd() * scores.length)]!;
      const sum = (g: Group) => codesOf(g).reduce((t, c) => t + items[c]!, 0);
      const expected = MATRIX[adlGrade(sum('ADL'))]![Math.max(cogGrade(sum('COG')), senGrade(sum('SEN')))];
      expect(score(items).finalLevel, JSON.stringify(items)).toBe(expected);
    }
  });
});

describe('ltc-2021: bad input', () => {
  const valid = { ...full('ADL'), ...full('COG'), ...full('SEN') };
  const errors = (value: unknown) => {
    const r = scoreAssessment(LTC_2021, value);
    if (r.ok) throw new Error('accepted');
    return r.errors.map((e) => `${e.path}：${e.message}`);
  };
  it('names a score the item does not allow', () => {
    expect(errors({ items: { ...valid, 'ADL.3': 10 } })).toEqual(['items.ADL.3：得分 10 不在允许的分值 0、5 中']);
    expect(errors({ items: { ...valid, 'ADL.7': 7 } })).toEqual(['items.ADL.7：得分 7 不在允许的分值 0、5、10、15 中']);
  });
  it('names a missing item', () => {
    const { 'COG.4': _, ...rest } = valid;
    expect(errors({ items: rest })).toEqual(['items.COG.4：缺少“记忆力”的得分']);
  });
  it('refuses unknown items and facts the scale does not use', () => {
    expect(errors({ items: { ...valid, 'B.1.1': 4 } })[0]).toMatch(/^items\.B\.1\.1：/);
    expect(errors({ items: valid, coma: true })[0]).toMatch(/^coma：未知字段/);
    expect(errors({ items: valid, diagnoses: [] })[0]).toMatch(/^diagnoses：/);
  });
  it('refuses a fractional or textual score', () => {
    expect(errors({ items: { ...valid, 'SEN.1': 2.5 } })[0]).toMatch(/^items\.SEN\.1：/);
    expect(errors({ items: { ...valid, 'SEN.1': '4' } })[0]).toMatch(/^items\.SEN\.1：/);
  });
});

describe('ltc-2021: the command-line shape', () => {
  it('prints the group scores, grades, a null total and the level', () => {
    const items = { ...groupWithSum('ADL', 95), ...full('COG'), ...full('SEN') };
    expect(JSON.stringify(toCliResult(LTC_2021, score(items)))).toBe(
      '{"instrument":"ltc-2021","indicators":{"ADL":95,"COG":16,"SEN":12},"grades":{"ADL":1,"COG":0,"SEN":0},"total":null,"finalLevel":1,"finalLevelName":"轻度失能","adjustments":[]}',
    );
  });
});
