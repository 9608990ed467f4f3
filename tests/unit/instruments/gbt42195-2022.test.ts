import { describe, expect, it } from 'vitest';
import {
  allFields,
  allItems,
  checkInstrument,
  findField,
  findItem,
  GBT42195_2022 as GBT,
  getInstrument,
  INSTRUMENTS,
  type FormField,
  type InstrumentDefinition,
} from '../../../shared/instruments';
import { GBT_ITEM_SCORES } from '../../helpers/scoring-cases';

function field<K extends FormField['kind']>(code: string, kind: K): Extract<FormField, { kind: K }> {
  const f = findField(GBT, code);
  expect(f, code).toBeDefined();
  expect(f!.kind, code).toBe(kind);
  return f as Extract<FormField, { kind: K }>;
}

describe('instrument registry', () => {
  it('lists GB/T 42195-2022 and finds it by id', () => {
    expect(INSTRUMENTS.map((i) => i.id)).toContain('gbt42195-2022');
    expect(getInstrument('gbt42195-2022')).toBe(GBT);
    expect(getInstrument('nope')).toBeUndefined();
  });

  it.each(INSTRUMENTS.map((i) => [i.id, i] as const))('%s is internally consistent', (_id, def) => {
    expect(checkInstrument(def)).toEqual([]);
  });

  it('checkInstrument catches broken arithmetic, bands and references', () => {
    const broken: InstrumentDefinition = {
      ...GBT,
      maxTotal: 91,
      leveling: { kind: 'totalBands', bands: (GBT.leveling as Extract<InstrumentDefinition['leveling'], { kind: 'totalBands' }>).bands.filter((b) => b.level !== 2) },
      adjustments: [
        {
          kind: 'raise',
          id: 'r',
          by: 1,
          cap: 9,
          triggers: [{ id: 'x', title: 'x', explanation: '', when: { kind: 'anyCode', fact: 'diagnoses', codes: ['ZZZ'] } }],
        },
      ],
    };
    const problems = checkInstrument(broken).join('\n');
    expect(problems).toMatch(/maxTotal 91/);
    expect(problems).toMatch(/total 46 falls in 0 bands/);
    expect(problems).toMatch(/unknown level 9/);
    expect(problems).toMatch(/unknown code ZZZ/);
  });
});

describe('GB/T 42195-2022 identity', () => {
  it('has id, title, version and standard number', () => {
    expect(GBT.id).toBe('gbt42195-2022');
    expect(GBT.title).toContain('GB/T 42195-2022');
    expect(GBT.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(GBT.standard).toMatchObject({ number: 'GB/T 42195-2022', title: '老年人能力评估规范' });
  });

  // Issue 11: five texts stood against the majority of eight public transcriptions.
  it('1.1.0 follows the majority on the five disputed texts', () => {
    expect(GBT.version).toBe('1.1.0');
    expect(findItem(GBT, 'B.3.4')!.options.find((o) => o.score === 1)!.criterion).toContain('不记得自己老朋友');
    const pain = findField(GBT, 'A.5.5');
    expect(pain?.kind === 'single' && pain.options.find((o) => o.code === 'none')!.label).toBe('无疼痛');
    expect(GBT.indicators[0]!.tableTitle).toBe('自理能力');
    const diag = findField(GBT, 'A.4.1');
    expect(diag?.kind === 'multi' && diag.options.find((o) => o.code === 'M80-M82')!.icd).toBe('M80～82');
    expect(GBT.report.assessorSignature).toBe('评估员签名');
  });
});

describe('Annex B items', () => {
  it('has the 4 indicators with maxima 32 + 15 + 28 + 15 = 90', () => {
    expect(GBT.indicators.map((i) => [i.code, i.name, i.max])).toEqual([
      ['B.1', '自理能力', 32],
      ['B.2', '基础运动能力', 15],
      ['B.3', '精神状态', 28],
      ['B.4', '感知觉与社会参与', 15],
    ]);
    expect(GBT.maxTotal).toBe(90);
    expect(GBT.indicators.map((i) => i.items.length)).toEqual([8, 4, 9, 5]);
  });

  it('has the 26 items in the standard order', () => {
    expect(allItems(GBT).map((i) => i.code)).toEqual(Object.keys(GBT_ITEM_SCORES));
    expect(allItems(GBT).map((i) => i.name)).toEqual([
      '进食', '修饰', '洗澡', '穿/脱上衣', '穿/脱裤子和鞋袜', '小便控制', '大便控制', '如厕',
      '床上体位转移', '床椅转移', '平地行走', '上下楼梯',
      '时间定向', '空间定向', '人物定向', '记忆', '理解能力', '表达能力', '攻击行为', '抑郁症状', '意识水平',
      '视力', '听力', '执行日常事务', '使用交通工具外出', '社会交往能力',
    ]);
  });

  it.each(Object.entries(GBT_ITEM_SCORES))('%s allows exactly %j, highest first, max = top score', (code, scores) => {
    const item = findItem(GBT, code)!;
    expect(item.options.map((o) => o.score)).toEqual([...scores].reverse());
    expect(item.max).toBe(Math.max(...scores));
    for (const o of item.options) expect(o.criterion.length).toBeGreaterThan(1);
  });

  it('prints a definition line for every item but B.4.4 and B.4.5', () => {
    for (const item of allItems(GBT)) {
      if (item.code === 'B.4.4' || item.code === 'B.4.5') expect(item.definition).toBeUndefined();
      else expect(item.definition, item.code).toBeTruthy();
    }
  });

  it('shares the S5 wording among B.1.2–B.1.5, B.1.8, B.2.1, B.2.2 and not B.4.3', () => {
    const s5 = ['B.1.2', 'B.1.3', 'B.1.4', 'B.1.5', 'B.1.8', 'B.2.1', 'B.2.2'].map((c) => findItem(GBT, c)!.options);
    for (const opts of s5) expect(opts).toEqual(s5[0]);
    expect(s5[0]!.map((o) => o.criterion)).toEqual([
      '独立完成，不需要协助',
      '在他人指导或提示下完成',
      '需要他人协助，但以自身完成为主',
      '主要依靠他人协助，自身能给予配合',
      '完全依赖他人协助，且不能给予配合',
    ]);
    expect(findItem(GBT, 'B.4.3')!.options).not.toEqual(s5[0]);
    expect(findItem(GBT, 'B.4.3')!.options[0]!.criterion).toBe('能完全独立计划、安排和完成日常事务，无需协助');
  });

  it('words the criteria as chosen in the domain notes', () => {
    const crit = (code: string, score: number) => findItem(GBT, code)!.options.find((o) => o.score === score)!.criterion;
    expect(crit('B.1.1', 2)).toBe('进食中需要少量接触式协助，偶尔（每月一次及以上）呛咳');
    expect(crit('B.1.7', 3)).toContain('每周<1次');
    expect(crit('B.2.3', 3)).toContain('摔倒风险');
    expect(crit('B.2.4', 3)).toBe('可独立上下楼梯（连续上下10个～15个台阶），不需要协助');
    expect(crit('B.3.1', 4)).toBe('时间观念（年、月）清楚，日期（或星期几）可相差一天');
    expect(crit('B.4.2', 1)).toContain('轻声说话');
    expect(crit('B.4.4', 2)).toBe('能自己搭乘出租车，但不会搭乘其他公共交通工具外出');
  });

  it('keeps one 0 option for B.3.9 covering both 昏睡 and 昏迷, without the contradictory table note', () => {
    const b39 = findItem(GBT, 'B.3.9')!;
    const zero = b39.options.filter((o) => o.score === 0);
    expect(zero).toHaveLength(1);
    expect(zero[0]!.criterion).toContain('昏睡');
    expect(zero[0]!.criterion).toContain('昏迷');
    expect(b39.note ?? '').not.toContain('重度失能');
  });

  it('keeps the table notes of B.1.8, B.2.3 and B.3.8', () => {
    expect(findItem(GBT, 'B.1.8')!.note).toBe('注：评估中强调排泄前解开裤子、完成排泄后清洁身体、穿上裤子');
    expect(findItem(GBT, 'B.2.3')!.note).toBe('注：包括他人辅助和使用辅具的步行');
    expect(findItem(GBT, 'B.3.8')!.note).toBe('注：长期的负性情绪');
  });
});

describe('levels', () => {
  it('uses the five full names', () => {
    expect(GBT.levels.map((l) => [l.level, l.name])).toEqual([
      [0, '能力完好'],
      [1, '能力轻度受损（轻度失能）'],
      [2, '能力中度受损（中度失能）'],
      [3, '能力重度受损（重度失能）'],
      [4, '能力完全丧失（完全失能）'],
    ]);
  });

  it('bands 90 / 66–89 / 46–65 / 30–45 / 0–29', () => {
    expect(GBT.leveling).toEqual({
      kind: 'totalBands',
      provenance: expect.objectContaining({ verified: true }),
      bands: [
        { level: 0, min: 90, max: 90 },
        { level: 1, min: 66, max: 89 },
        { level: 2, min: 46, max: 65 },
        { level: 3, min: 30, max: 45 },
        { level: 4, min: 0, max: 29 },
      ],
    });
  });
});

describe('adjustment rules as data', () => {
  it('overrides to 4 on A.5.11 coma, finally, allowing unanswered items and requiring B.3.9 = 0', () => {
    const [coma, raise] = GBT.adjustments;
    expect(coma).toMatchObject({
      kind: 'override',
      level: 4,
      final: true,
      allowsIncomplete: true,
      trigger: { id: 'coma', when: { kind: 'flag', fact: 'coma' } },
      requires: [{ item: 'B.3.9', scores: [0] }],
    });
    expect(GBT.facts.coma?.field).toBe('A.5.11');
    expect(raise).toMatchObject({ kind: 'raise', by: 1, cap: 4 });
  });

  it('raises once for dementia/psychiatric diagnoses or ≥2 risk events across all kinds', () => {
    const raise = GBT.adjustments[1]!;
    if (raise.kind !== 'raise') throw new Error('expected a raise rule');
    expect(raise.triggers.map((t) => [t.id, t.when])).toEqual([
      ['mental', { kind: 'anyCode', fact: 'diagnoses', codes: ['F00-F03', 'F04-F99'] }],
      ['riskEvents', { kind: 'countSum', fact: 'riskEvents', atLeast: 2, countEachUpTo: 3 }],
    ]);
  });

  it('gives every rule a Chinese explanation and documents each ambiguity decision', () => {
    const [coma, raise] = GBT.adjustments;
    if (coma?.kind !== 'override' || raise?.kind !== 'raise') throw new Error('unexpected rule kinds');
    for (const t of [coma.trigger, ...raise.triggers]) expect(t.explanation).toMatch(/[\u4e00-\u9fff]/);
    expect(coma.trigger.decision).toContain('重度失能');
    expect(raise.decision).toContain('只提高一级');
    expect(raise.triggers[1]!.decision).toContain('3次及以上');
  });
});

describe('Annex A forms', () => {
  it('has the five tables with their titles', () => {
    expect(GBT.forms.map((f) => [f.code, f.title])).toEqual([
      ['A.1', '评估信息表'],
      ['A.2', '评估对象基本信息表'],
      ['A.3', '信息提供者及联系人信息表'],
      ['A.4', '疾病诊断和用药情况表'],
      ['A.5', '健康相关问题'],
    ]);
  });

  it('numbers the fields A.1.1–A.1.3, A.2.1–A.2.14, A.3.1–A.3.4, A.4.1–A.4.2, A.5.1–A.5.12', () => {
    const top = GBT.forms.map((f) => f.fields.map((x) => x.code));
    const seq = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}.${i + 1}`);
    expect(top).toEqual([seq('A.1', 3), seq('A.2', 14), seq('A.3', 4), seq('A.4', 2), seq('A.5', 12)]);
    expect(allFields(GBT).every((f) => f.label.length > 0)).toBe(true);
  });

  it('A.1.3 评估原因 has the 2022 options', () => {
    expect(field('A.1.3', 'single').options.map((o) => o.label)).toEqual([
      '首次评估',
      '常规评估',
      '即时评估',
      '因对评估结果有疑问进行的复评',
      '其他',
    ]);
    expect(field('A.1.2', 'date').label).toBe('评估基准日期');
  });

  it('A.2 uses the declared field types', () => {
    expect(field('A.2.4', 'number').unit).toBe('cm');
    expect(field('A.2.5', 'number').unit).toBe('kg');
    expect(field('A.2.8', 'text').length).toBe(18);
    expect(field('A.2.10', 'multi').options.map((o) => o.label)).toContain('与配偶居住');
    expect(field('A.2.12', 'multi').options.map((o) => o.label)).toContain('城乡居民基本医疗保险');
  });

  it('A.2.14 近30天内照护风险事件 has five counts 无/1/2/3次及以上', () => {
    const group = field('A.2.14', 'group');
    expect(group.label).toBe('近30天内照护风险事件');
    const counts = group.fields.map((f) => {
      if (f.kind !== 'count') throw new Error(`${f.code} is not a count`);
      return [f.code, f.label, f.key];
    });
    expect(counts).toEqual([
      ['A.2.14.1', '跌倒', 'fall'],
      ['A.2.14.2', '走失', 'wandering'],
      ['A.2.14.3', '噎食', 'choking'],
      ['A.2.14.4', '自杀、自伤', 'suicideSelfHarm'],
      ['A.2.14.5', '其他', 'other'],
    ]);
    for (const f of group.fields) {
      if (f.kind !== 'count') continue;
      expect(f.options).toEqual([
        { value: 0, label: '无' },
        { value: 1, label: '发生过1次' },
        { value: 2, label: '发生过2次' },
        { value: 3, label: '发生过3次及以上' },
      ]);
    }
  });

  it('A.3.2 lists the 2022 relations', () => {
    expect(field('A.3.2', 'single').options.map((o) => o.label)).toEqual([
      '本人', '配偶', '子女', '其他亲属', '雇佣照顾者', '村（居）民委员会工作人员', '其他',
    ]);
  });

  it('A.4.1 diagnoses carry stable codes and the printed ICD-10 ranges', () => {
    const opts = field('A.4.1', 'multi').options;
    expect(opts.map((o) => [o.code, o.label, o.icd ?? null])).toEqual([
      ['I10-I15', '高血压病', 'I10～I15'],
      ['I25', '冠心病', 'I25'],
      ['E10-E14', '糖尿病', 'E10～E14'],
      ['J12-J18', '肺炎', 'J12～J18'],
      ['J44', '慢性阻塞性肺疾病', 'J44'],
      ['I60-I62', '脑出血', 'I60～I62'],
      ['I63', '脑梗塞', 'I63'],
      ['UTI-30D', '尿路感染（30天内）', null],
      ['G20-G22', '帕金森综合征', 'G20～G22'],
      ['N18-N19', '慢性肾衰竭', 'N18～N19'],
      ['K74', '肝硬化', 'K74'],
      ['K20-K31', '消化性溃疡', 'K20～K31'],
      ['C00-D48', '肿瘤', 'C00～D48'],
      ['AMPUTATION-6M', '截肢（6个月内）', null],
      ['M84', '骨折（3个月内）', 'M84'],
      ['G40', '癫痫', 'G40'],
      ['E01-E03', '甲状腺功能减退症', 'E01～E03'],
      ['H25-H26', '白内障', 'H25～H26'],
      ['H40-H42', '青光眼', 'H40～H42'],
      ['M80-M82', '骨质疏松症', 'M80～82'],
      ['F00-F03', '痴呆', 'F00～F03'],
      ['F04-F99', '其他精神和行为障碍', 'F04～F99'],
      ['OTHER', '其他', null],
    ]);
    for (const o of opts) {
      expect(o.code).toMatch(/^[A-Z0-9.-]+$/);
      // The printed range abbreviates its end (M80～82); the code keeps the full form.
      if (o.icd) expect(o.code).toBe(o.icd.replace('～', '-').replace(/-(\d)/, `-${o.icd[0]}$1`));
    }
  });

  it('A.4.2 is the medication table', () => {
    expect(field('A.4.2', 'table').columns.map((c) => c.label)).toEqual(['药物名称', '服药方法', '用药剂量', '用药频率']);
  });

  it('A.5 health questions, with A.5.11 昏迷 as a 无/有 choice', () => {
    expect(field('A.5.11', 'single')).toMatchObject({ label: '昏迷', options: [{ code: 'no', label: '无' }, { code: 'yes', label: '有' }] });
    expect(field('A.5.1', 'single').options).toHaveLength(6);
    expect(field('A.5.6', 'multi').options.find((o) => o.label === '牙列缺失')?.children?.map((o) => o.label)).toEqual([
      '上颌牙缺失',
      '下颌牙缺失',
      '全口牙缺失',
    ]);
    expect(field('A.5.9', 'single').note).toBe('注：BMI=体重（kg）/[身高（m）]²');
    expect(field('A.5.12', 'text').label).toBe('其他（请补充）');
  });

  it('gives every choice option a code unique within its field', () => {
    for (const f of allFields(GBT)) {
      if (f.kind !== 'single' && f.kind !== 'multi') continue;
      const codes = f.options.flatMap((o) => [o.code, ...(o.children ?? []).map((c) => c.code)]);
      expect(new Set(codes).size, f.code).toBe(codes.length);
    }
  });
});
