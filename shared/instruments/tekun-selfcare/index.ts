/**
 * 特困人员生活自理能力评估 (民政部, 民发〔2016〕178号 and its 2021 revision) as data.
 *
 * Six items, each achieved or not; the result follows from how many are not achieved
 * (shared/domain/policy.md §3.3, [V] in several mirrors): none → 具备生活自理能力,
 * 1–3 → 部分丧失, 4–6 → 完全丧失. The items carry no points in the rule; 1 / 0 are our
 * encoding, so `SC` sums to the number achieved.
 */
import { headerSection } from '../header-forms';
import type { InstrumentDefinition, Item } from '../types';

const item = (n: number, name: string): Item => ({
  code: `SC.${n}`,
  name,
  max: 1,
  options: [
    { score: 1, criterion: '能达到' },
    { score: 0, criterion: '不能达到' },
  ],
});

export const TEKUN_SELFCARE: InstrumentDefinition = {
  id: 'tekun-selfcare',
  title: '特困人员生活自理能力评估',
  version: '1.0.0',
  standard: { number: '民发〔2016〕178号', title: '特困人员认定办法（生活自理能力评估）' },
  headerTitle: '评估信息',
  forms: [headerSection('S.0', '评估信息')],
  indicators: [
    {
      code: 'SC',
      name: '生活自理能力',
      tableTitle: '生活自理能力评估表',
      max: 6,
      items: [item(1, '自主吃饭'), item(2, '自主穿衣'), item(3, '自主上下床'), item(4, '自主如厕'), item(5, '室内自主行走'), item(6, '自主洗澡')],
    },
  ],
  maxTotal: null,
  levels: [
    { level: 0, name: '具备生活自理能力', shortName: '具备自理能力' },
    { level: 1, name: '部分丧失生活自理能力', shortName: '部分丧失' },
    { level: 2, name: '完全丧失生活自理能力', shortName: '完全丧失' },
  ],
  leveling: {
    kind: 'itemCountBands',
    score: 0,
    provenance: { verified: true, note: '六项指标与“1～3项不能达到为部分丧失、4项及以上为完全丧失”的规则见于多份省级转发文本，一致。' },
    bands: [
      { level: 0, min: 0, max: 0 },
      { level: 1, min: 1, max: 3 },
      { level: 2, min: 4, max: 6 },
    ],
  },
  facts: {},
  adjustments: [],
  provenance: { verified: true, note: '条目与判定规则见于多份省级转发文本（如豫民〔2021〕7号），一致；条款编号因版本而异，未核对。' },
  report: {
    title: '特困人员生活自理能力评估报告',
    basis: '依据《特困人员认定办法》生活自理能力评估（民政部）',
    summary: [],
    itemsHeading: '生活自理能力评估各项',
    resultHeading: '生活自理能力评估结果',
    labels: { indicators: '能达到的项数', final: '生活自理能力' },
    clauses: [],
    assessorSignature: '评估人员签名',
  },
  // Two items not achieved → 部分丧失生活自理能力.
  sample: {
    basic: {},
    scoring: { items: { 'SC.1': 1, 'SC.2': 1, 'SC.3': 1, 'SC.4': 0, 'SC.5': 1, 'SC.6': 0 } },
  },
};
