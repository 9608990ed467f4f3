/**
 * 《长期护理失能等级评估标准（试行）》(医保办发〔2021〕37号, 附件1 长期护理失能等级评估表) as data.
 *
 * Item texts and scores follow shared/domain/policy.md §4(b), from two independent public
 * copies of the annex (word for word). The group bands, the combination matrix and the
 * rule that the columns take the more severe of 认知 and 感知觉与沟通 come from secondary
 * sources only: they are marked 待核实 and live here as data, so a correction against the
 * official annex is a change of this file and a `version` bump, never of the engine.
 */
import { headerSection } from '../header-forms';
import type { Indicator, InstrumentDefinition, ItemOption } from '../types';

const options = (pairs: readonly (readonly [number, string])[]): ItemOption[] => pairs.map(([score, criterion]) => ({ score, criterion }));

const ADL: Indicator = {
  code: 'ADL',
  name: '日常生活活动能力',
  tableTitle: '日常生活活动能力评估表',
  max: 100,
  items: [
    { code: 'ADL.1', name: '进食', max: 10, options: options([[10, '自理（合理时间内独立使用餐具进食，可用辅助工具，不含做饭）'], [5, '需部分帮助（夹菜、盛饭）'], [0, '较大或完全依赖，或有留置营养管']]) },
    { code: 'ADL.2', name: '穿衣', max: 10, options: options([[10, '自理（系开纽扣、开关拉链、穿鞋袜/假肢/矫形器）'], [5, '需部分帮助（能穿脱，但需帮助整理、系扣/鞋带、拉拉链）'], [0, '依赖他人']]) },
    { code: 'ADL.3', name: '面部与口腔清洁', max: 5, options: options([[5, '独立洗脸、梳头、刷牙、剃须（不含准备工作）'], [0, '需要帮助']]) },
    { code: 'ADL.4', name: '大便控制', max: 10, options: options([[10, '能控制'], [5, '偶有失禁（每周<1次），或需提示，或便秘需人工帮助'], [0, '失禁（平均每周≥1次或完全不能控制）']]) },
    { code: 'ADL.5', name: '小便控制', max: 10, options: options([[10, '能控制（或留置导尿管可自行管理）'], [5, '偶有失禁（每24h<1次，但每周>1次）或需提示'], [0, '失禁（平均每天≥1次；或留置导尿管无法自行管理）']]) },
    { code: 'ADL.6', name: '用厕', max: 10, options: options([[10, '自理（能用厕纸、穿脱裤子）'], [5, '需部分帮助（整理衣裤、坐上/蹲上便器等）'], [0, '需极大帮助或完全依赖']]) },
    {
      code: 'ADL.7',
      name: '平地行走',
      max: 15,
      options: options([
        [15, '独立步行（自行使用辅具，在家及附近）'],
        [10, '需少量帮助（1人搀扶、旁人提示或在帮助下使用辅具）'],
        [5, '较大程度依赖（≥2人搀扶，或靠他人帮助使用轮椅等才能移动）'],
        [0, '卧床不起、不能步行、移动需完全帮助'],
      ]),
    },
    { code: 'ADL.8', name: '床椅转移', max: 15, options: options([[15, '自理'], [10, '需少量帮助（1人搀扶，或用拐杖/扶墙，或需旁人监护提示）'], [5, '需大量帮助（至少2人、身体帮助），能坐'], [0, '完全依赖他人，不能坐']]) },
    { code: 'ADL.9', name: '上下楼', max: 10, options: options([[10, '独立上下楼（可借助电梯；如用支具需能独自穿脱）'], [5, '需部分帮助（扶楼梯、他人搀扶、拐杖或提示）'], [0, '不能，或需极大帮助或完全依赖']]) },
    { code: 'ADL.10', name: '洗澡', max: 5, options: options([[5, '准备好洗澡水后可独立完成'], [0, '洗澡过程中需他人帮助']]) },
  ],
};

const COG: Indicator = {
  code: 'COG',
  name: '认知能力',
  tableTitle: '认知能力评估表',
  max: 16,
  items: [
    {
      code: 'COG.1',
      name: '时间定向',
      max: 4,
      options: options([[4, '年、月清楚，日期（或星期几）可相差一天'], [3, '年/月/日（或星期）不能全部分清（相差≥2天）'], [2, '年月日不清，可知上/下半年或季节'], [1, '年月日不清，可知上午/下午或白天/夜间'], [0, '无时间观念']]),
    },
    {
      code: 'COG.2',
      name: '人物定向',
      max: 4,
      options: options([[4, '认识长期共同生活的人，能称呼并知道关系'], [3, '能认识大部分共同生活的人，能称呼或知道关系'], [2, '能认识一半日常同住的亲人或照护者'], [1, '只认识自己或极少数日常同住者'], [0, '不认识任何人（包括自己）']]),
    },
    {
      code: 'COG.3',
      name: '空间定向',
      max: 4,
      options: options([[4, '能在日常生活范围内单独外出（如小区内独自购物）'], [3, '不能单独外出，但能准确知道日常生活所在地地址'], [2, '不能单独外出，知道较多日常生活地址'], [1, '不能单独外出，少量知道居住地地址'], [0, '不能单独外出，无空间观念']]),
    },
    {
      code: 'COG.4',
      name: '记忆力',
      max: 4,
      options: options([[4, '能完整回忆既往事物，记住3个词语'], [3, '能回忆大部分既往事物，记住2个词语'], [2, '能回忆大部分既往事物，记住1个词语'], [1, '对既往事物有少部分正确回忆，没有近期记忆'], [0, '完全不能回忆即时信息，也不能正确回忆既往事物']]),
    },
  ],
};

const SEN: Indicator = {
  code: 'SEN',
  name: '感知觉与沟通能力',
  tableTitle: '感知觉与沟通能力评估表',
  max: 12,
  items: [
    {
      code: 'SEN.1',
      name: '视力',
      max: 4,
      options: options([[4, '与日常生活相关的视力（阅读书报、看电视）基本正常'], [3, '能看清大字体，看不清书报标准字体，辨别小物体有困难'], [2, '视力有限，看不清报纸大标题，能辨认较大物体'], [1, '只能看到光、颜色和形状（大致轮廓），眼睛可随物体移动'], [0, '完全失明']]),
    },
    {
      code: 'SEN.2',
      name: '听力',
      max: 4,
      options: options([[4, '听力基本正常（能听到门铃、电视、电话）'], [3, '轻声说话或距离超过2米时听不清'], [2, '正常交流有些困难，需安静环境大声说话'], [1, '讲话者大声或说话很慢才能部分听见'], [0, '完全失聪']]),
    },
    {
      code: 'SEN.3',
      name: '沟通能力',
      max: 4,
      options: options([[4, '无困难，能正常沟通交流'], [3, '能表达需要或理解他人的话，但需增加时间或帮助'], [2, '勉强可交流，谈吐不清，需频繁重复或简化口头表达'], [1, '不能完全理解他人，只能用简单单词或手势表达大概意愿'], [0, '完全不能理解他人言语，也无法表达']]),
    },
  ],
};

const UNVERIFIED = '分组分级区间、组合矩阵及“认知与感知觉取较重者”的规则仅见于二手资料，发布前须对照医保办发〔2021〕37号附件核对。';

export const LTC_2021: InstrumentDefinition = {
  id: 'ltc-2021',
  title: '长期护理失能等级评估（医保办发〔2021〕37号）',
  version: '1.0.0',
  standard: { number: '医保办发〔2021〕37号', title: '长期护理失能等级评估标准（试行）' },
  headerTitle: '评估信息',
  forms: [headerSection('L.0', '评估信息')],
  indicators: [ADL, COG, SEN],
  maxTotal: null,
  levels: [
    { level: 0, name: '基本正常', shortName: '基本正常' },
    { level: 1, name: '轻度失能', shortName: '轻度失能' },
    { level: 2, name: '中度失能', shortName: '中度失能' },
    { level: 3, name: '重度失能Ⅰ级', shortName: '重度Ⅰ级' },
    { level: 4, name: '重度失能Ⅱ级', shortName: '重度Ⅱ级' },
    { level: 5, name: '重度失能Ⅲ级', shortName: '重度Ⅲ级' },
  ],
  leveling: {
    kind: 'indicatorMatrix',
    provenance: { verified: false, note: UNVERIFIED },
    grades: [
      { grade: 0, name: '能力完好' },
      { grade: 1, name: '轻度受损' },
      { grade: 2, name: '中度受损' },
      { grade: 3, name: '重度受损' },
    ],
    bands: {
      ADL: [
        { grade: 0, min: 100, max: 100 },
        { grade: 1, min: 65, max: 95 },
        { grade: 2, min: 45, max: 60 },
        { grade: 3, min: 0, max: 40 },
      ],
      COG: [
        { grade: 0, min: 16, max: 16 },
        { grade: 1, min: 12, max: 15 },
        { grade: 2, min: 4, max: 11 },
        { grade: 3, min: 0, max: 3 },
      ],
      SEN: [
        { grade: 0, min: 12, max: 12 },
        { grade: 1, min: 8, max: 11 },
        { grade: 2, min: 4, max: 7 },
        { grade: 3, min: 0, max: 3 },
      ],
    },
    row: 'ADL',
    // "以失能等级严重的判断": the column is the more severe of the two grades.
    columns: ['COG', 'SEN'],
    matrix: [
      [0, 0, 1, 1],
      [1, 1, 1, 2],
      [2, 2, 2, 3],
      [3, 3, 4, 5],
    ],
  },
  facts: {},
  adjustments: [],
  provenance: {
    verified: false,
    note: `条目、选项与分值与两份独立的公开附件抄本一致；待核实：${UNVERIFIED}`,
  },
  report: {
    title: '长期护理失能等级评估报告',
    basis: '依据《长期护理失能等级评估标准（试行）》（医保办发〔2021〕37号）',
    summary: [],
    itemsHeading: '长期护理失能等级评估表各项得分',
    resultHeading: '长期护理失能等级评估结果',
    labels: {
      indicators: '一级指标得分',
      grades: '一级指标分级',
      matrix: '组合判定',
      final: '长期护理失能等级',
    },
    clauses: [],
    assessorSignature: '评估人员签名',
  },
  // ADL 60 (中度受损), COG 13 (轻度受损), SEN 10 (轻度受损) → matrix[2][1] = 2 中度失能.
  sample: {
    basic: {},
    scoring: {
      items: {
        'ADL.1': 10, 'ADL.2': 5, 'ADL.3': 5, 'ADL.4': 10, 'ADL.5': 5, 'ADL.6': 5, 'ADL.7': 10, 'ADL.8': 10, 'ADL.9': 0, 'ADL.10': 0,
        'COG.1': 3, 'COG.2': 4, 'COG.3': 3, 'COG.4': 3,
        'SEN.1': 3, 'SEN.2': 3, 'SEN.3': 4,
      },
    },
  },
};
