/**
 * GB/T 42195-2022《老年人能力评估规范》 as data.
 *
 * Texts follow shared/domain/gbt42195-2022.md, which rebuilt them from public
 * transcriptions because the official text was not available offline. Where the
 * transcriptions disagree the chosen reading is marked `⚠` below; check those lines
 * against the official PDF (openstd.samr.gov.cn) before release. A wording fix is a
 * `version` bump, never a change of an item code, option score or option code.
 */
import type { InstrumentDefinition, LevelDef } from '../types';
import { FORMS } from './forms';
import { INDICATORS } from './indicators';

export { GBT42195_DIAGNOSES } from './forms';

// ---------------------------------------------------------------------------
// Chapter 6 / Annex C: levels and their adjustment
// ---------------------------------------------------------------------------

const LEVELS: readonly LevelDef[] = [
  { level: 0, name: '能力完好', shortName: '能力完好' },
  { level: 1, name: '能力轻度受损（轻度失能）', shortName: '轻度失能' },
  { level: 2, name: '能力中度受损（中度失能）', shortName: '中度失能' },
  { level: 3, name: '能力重度受损（重度失能）', shortName: '重度失能' },
  { level: 4, name: '能力完全丧失（完全失能）', shortName: '完全失能' },
];

export const GBT42195_2022: InstrumentDefinition = {
  id: 'gbt42195-2022',
  title: '老年人能力评估（GB/T 42195-2022）',
  // 1.1.0: five texts follow the majority of eight public transcriptions (B.1 heading,
  // B.3.4 1分, A.4.1 M80～82, A.5.5 无疼痛, the 评估员签名 footer); no score or rule changed.
  version: '1.1.0',
  standard: {
    number: 'GB/T 42195-2022',
    title: '老年人能力评估规范',
    titleEn: 'Assessment specifications for older adults',
  },
  forms: FORMS,
  indicators: INDICATORS,
  headerTitle: '评估信息',
  capability: true,
  // The scoring rules agree across every public transcription (and with independent checks);
  // a few wordings differ between transcriptions and are marked ⚠ beside their text.
  provenance: {
    verified: true,
    note: '计分与分级规则与各公开转录本一致；个别条文措辞在转录本间有出入（定义中以 ⚠ 标出），发布前宜对照 openstd.samr.gov.cn 的正式文本。',
  },
  maxTotal: 90,
  levels: LEVELS,
  leveling: {
    kind: 'totalBands',
    provenance: { verified: true, note: '第 6 章与附录 C.3 的分级区间，各转录本一致。' },
    // 能力完好 takes the full 90: any single lost point is 轻度失能.
    bands: [
      { level: 0, min: 90, max: 90 },
      { level: 1, min: 66, max: 89 },
      { level: 2, min: 46, max: 65 },
      { level: 3, min: 30, max: 45 },
      { level: 4, min: 0, max: 29 },
    ],
  },
  facts: {
    coma: { field: 'A.5.11', label: '昏迷' },
    diagnoses: { field: 'A.4.1', label: '疾病诊断' },
    riskEvents: { field: 'A.2.14', label: '近30天内照护风险事件' },
  },
  // Every adjustment whose condition holds is reported (in this order: coma, mental,
  // riskEvents), also when it cannot move the level (after coma, or already at 4): Annex
  // C.4 ticks each condition found, and C.5 alone carries the resulting level.
  adjustments: [
    {
      kind: 'override',
      level: 4,
      final: true,
      allowsIncomplete: true,
      trigger: {
        id: 'coma',
        title: '昏迷',
        when: { kind: 'flag', fact: 'coma' },
        explanation: 'A.5.11“昏迷”为“有”：处于昏迷状态者，直接评定为能力完全丧失（完全失能）。',
        decision:
          '以 A.5.11“昏迷”为触发条件（不以 B.3.9 的 0 分为条件，因 0 分同时包括昏睡）；不采用 B.3.9 表注“直接评定为重度失能”，因其与附录 C 矛盾。昏迷时其余项目可不评，总分随之为空；已评的 B.3.9 须为 0 分。',
      },
      requires: [
        {
          item: 'B.3.9',
          scores: [0],
          message: '昏迷（A.5.11 为“有”）时意识水平应为 0 分，实际为 {score} 分',
        },
      ],
    },
    {
      kind: 'raise',
      id: 'mentalOrRiskEvents',
      by: 1,
      cap: 4,
      decision:
        '两项条件任一成立即提高一级，同时成立也只提高一级（“满足以下任一条件…上调一个能力等级”）；最高为 4 级。每项成立的条件都单独列出。',
      triggers: [
        {
          id: 'mental',
          title: '痴呆或其他精神和行为障碍',
          when: { kind: 'anyCode', fact: 'diagnoses', codes: ['F00-F03', 'F04-F99'] },
          explanation:
            'A.4.1 疾病诊断含{matched}：确诊为痴呆（F00～F03）、精神科专科医生诊断的其他精神和行为障碍疾病（F04～F99），在原有能力级别上应提高一个级别。',
        },
        {
          id: 'riskEvents',
          title: '近30天内照护风险事件2次及以上',
          when: { kind: 'countSum', fact: 'riskEvents', atLeast: 2, countEachUpTo: 3 },
          explanation:
            'A.2.14 近30天内发生照护风险事件共{total}（{detail}），达到2次及以上，在原有能力级别上提高一个等级。',
          decision:
            '五类事件（跌倒、走失、噎食、自杀/自伤、其他）的次数合计计算，不要求同一类达到 2 次。“发生过3次及以上”按 3 次计；输入大于 3 的次数视为该选项，按 3 次计（门槛为 2 次，这不会改变结果）。',
        },
      ],
    },
  ],
  report: {
    title: '老年人能力评估报告',
    basis: '依据 GB/T 42195—2022《老年人能力评估规范》附录 C',
    summaryHeading: '基本信息摘要（附录 A 表 A.2～A.5）',
    summary: [
      { fields: ['A.2.4', 'A.2.5'] },
      { fields: ['A.2.6', 'A.2.7'] },
      { fields: ['A.2.9', 'A.2.11'] },
      { fields: ['A.2.10'] },
      { fields: ['A.2.12'] },
      { fields: ['A.2.13'] },
      { section: 'A.2.14' },
      { fields: ['A.3.3', 'A.3.4'], label: 'A.3 联系人', join: '，', phone: true },
      { each: 'A.4' },
      { section: 'A.5' },
    ],
    itemsHeading: '能力评估各项得分（附录 B）',
    resultHeading: '老年人能力评估结果（附录 C）',
    labels: {
      indicators: 'C.1 一级指标分级',
      total: 'C.2 初步等级得分',
      preliminary: 'C.3 老年人能力初步等级',
      adjustments: 'C.4 能力等级变更依据',
      final: 'C.5 老年人能力最终等级',
    },
    adjustmentsIntro:
      '依据附录A中表A.5的A.5.11“昏迷”、表A.4的A.4.1“疾病诊断”和表A.2的A.2.14“近30天内照护风险事件”确定是否存在以下导致能力等级变更的项目：',
    finalIntro: '综合C.3“老年人能力初步等级”和C.4“能力等级变更依据”的结果，判定老年人能力最终等级：',
    clauses: [
      { id: 'coma', text: '处于昏迷状态者，直接评定为能力完全丧失（完全失能）' },
      { id: 'mental', text: '确诊为痴呆（F00～F03）、精神科专科医生诊断的其他精神和行为障碍疾病（F04～F99），在原有能力级别上应提高一个级别' },
      { id: 'riskEvents', text: '近30天内发生过2次及以上照护风险事件（如跌倒、噎食、自杀、自伤、走失等），在原有能力级别上提高一个等级' },
    ],
    // ⚠ The one transcription that prints the Annex C footer reads "评估员签名".
    assessorSignature: '评估员签名',
  },
  // The demo report's case: total 70 → preliminary level 1, raised by two falls in 30 days to level 2.
  sample: {
    basic: {
      'A.3.3': '李明',
      'A.3.4': '13800005678',
      'A.4.2': [
        { name: '苯磺酸氨氯地平片', method: '口服', dose: '5 mg', frequency: '每日 1 次' },
        { name: '二甲双胍片', method: '口服', dose: '0.5 g', frequency: '每日 2 次' },
      ],
      'A.5.1': 'none',
      'A.5.5': 'mild',
      'A.5.8': ['none'],
    },
    scoring: {
      items: {
        'B.1.1': 4, 'B.1.2': 4, 'B.1.3': 2, 'B.1.4': 3, 'B.1.5': 3, 'B.1.6': 4, 'B.1.7': 4, 'B.1.8': 4,
        'B.2.1': 3, 'B.2.2': 3, 'B.2.3': 3, 'B.2.4': 2,
        'B.3.1': 3, 'B.3.2': 3, 'B.3.3': 4, 'B.3.4': 2, 'B.3.5': 3, 'B.3.6': 3, 'B.3.7': 1, 'B.3.8': 0, 'B.3.9': 2,
        'B.4.1': 1, 'B.4.2': 1, 'B.4.3': 3, 'B.4.4': 2, 'B.4.5': 3,
      },
      coma: false,
      diagnoses: ['I10-I15', 'E10-E14', 'M80-M82'],
      riskEvents: { fall: 2 },
    },
  },
};
