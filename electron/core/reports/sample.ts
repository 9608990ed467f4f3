import type { ReportData, ReportIndicator } from './types';

/**
 * A fixed, entirely synthetic case for `yiyang demo-report`, the tests and the benchmarks:
 * total 70 → preliminary level 1, raised by the risk-events clause (two falls in 30 days)
 * to final level 2, priority category 一类 of the Quanzhou pack. Built by hand so the report
 * can be checked without the scoring engine or a store.
 */

/** Level names, GB/T 42195-2022 Chapter 6 / C.3, C.5. */
export const LEVEL_NAMES = [
  '能力完好',
  '能力轻度受损（轻度失能）',
  '能力中度受损（中度失能）',
  '能力重度受损（重度失能）',
  '能力完全丧失（完全失能）',
] as const;

/** The three C.4 clauses as printed in Annex C. */
export const C4_CLAUSES = {
  coma: '处于昏迷状态者，直接评定为能力完全丧失（完全失能）',
  mental: '确诊为痴呆（F00～F03）、精神科专科医生诊断的其他精神和行为障碍疾病（F04～F99），在原有能力级别上应提高一个级别',
  riskEvents: '近30天内发生过2次及以上照护风险事件（如跌倒、噎食、自杀、自伤、走失等），在原有能力级别上提高一个等级',
} as const;

const S5 = ['完全依赖他人协助，且不能给予配合', '主要依靠他人协助，自身能给予配合', '需要他人协助，但以自身完成为主', '在他人指导或提示下完成', '独立完成，不需要协助'];

type ItemSpec = [code: string, name: string, max: number, score: number, optionText: string];

function indicator(code: string, name: string, max: number, items: ItemSpec[]): ReportIndicator {
  const score = items.reduce((s, i) => s + i[3], 0);
  return { code, name, max, score, items: items.map(([c, n, m, s, o]) => ({ code: c, name: n, max: m, score: s, optionText: o })) };
}

const INDICATORS: ReportIndicator[] = [
  indicator('B.1', '自理能力', 32, [
    ['B.1.1', '进食', 4, 4, '独立使用器具将食物送进口中并咽下，没有呛咳'],
    ['B.1.2', '修饰', 4, 4, S5[4]!],
    ['B.1.3', '洗澡', 4, 2, S5[2]!],
    ['B.1.4', '穿/脱上衣', 4, 3, S5[3]!],
    ['B.1.5', '穿/脱裤子和鞋袜', 4, 3, S5[3]!],
    ['B.1.6', '小便控制', 4, 4, '可自行控制排尿，排尿次数、排尿控制均正常'],
    ['B.1.7', '大便控制', 4, 4, '可正常自行控制大便排出'],
    ['B.1.8', '如厕', 4, 4, S5[4]!],
  ]),
  indicator('B.2', '基础运动能力', 15, [
    ['B.2.1', '床上体位转移', 4, 3, S5[3]!],
    ['B.2.2', '床椅转移', 4, 3, S5[3]!],
    ['B.2.3', '平地行走', 4, 3, '能平地步行50m左右，存在摔倒风险，需要他人监护或指导，或使用拐杖、助行器等辅助工具'],
    ['B.2.4', '上下楼梯', 3, 2, '在他人指导或提示下完成'],
  ]),
  indicator('B.3', '精神状态', 28, [
    ['B.3.1', '时间定向', 4, 3, '时间观念有些下降，年、月、日（或星期几）不能全部分清（相差两天或以上）'],
    ['B.3.2', '空间定向', 4, 3, '不能单独外出，但能准确知道自己日常生活所在地的地址信息'],
    ['B.3.3', '人物定向', 4, 4, '认识长期共同一起生活的人，能称呼并知道关系'],
    ['B.3.4', '记忆', 4, 2, '出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）'],
    ['B.3.5', '理解能力', 4, 3, '能理解他人的话，但需要增加时间'],
    ['B.3.6', '表达能力', 4, 3, '能表达自己的需要，但需要增加时间'],
    ['B.3.7', '攻击行为', 1, 1, '未出现'],
    ['B.3.8', '抑郁症状', 1, 0, '近一个月内出现过负性情绪'],
    ['B.3.9', '意识水平', 2, 2, '神志清醒，对周围环境能做出正确反应'],
  ]),
  indicator('B.4', '感知觉与社会参与', 15, [
    ['B.4.1', '视力', 2, 1, '能看清楚大字体，但看不清书报上的标准字体；视力有限，看不清报纸大标题，但能辨认物体'],
    ['B.4.2', '听力', 2, 1, '在轻声说话或说话距离超过2米时听不清；正常交流有些困难，需在安静的环境或大声说话才能听到'],
    ['B.4.3', '执行日常事务', 4, 3, '在计划、安排和完成日常事务时需要他人监护或指导'],
    ['B.4.4', '使用交通工具外出', 3, 2, '能自己搭乘出租车，但不会搭乘其他公共交通工具外出'],
    ['B.4.5', '社会交往能力', 4, 3, '能适应单纯环境，主动接触他人，初见面时难让人发现智力问题，不能理解隐喻语'],
  ]),
];

/** Pinyin for the sample assessors: certificate subjects must be ASCII. */
export const SAMPLE_ASSESSORS = [
  { name: '张丽华', userId: 'u1001', pinyin: 'Zhang Lihua' },
  { name: '王建国', userId: 'u1002', pinyin: 'Wang Jianguo' },
] as const;

export interface SampleOptions {
  /** Replaces the person's name, e.g. to test rare characters. */
  personName?: string;
  signatures?: ReportData['signatures'];
}

export function sampleReportData(options: SampleOptions = {}): ReportData {
  const total = INDICATORS.reduce((s, i) => s + (i.score ?? 0), 0);
  return {
    institution: { name: '示例市社会福利中心（演示数据）', code: 'DEMO-0001' },
    reportNo: 'PG-2026-000123',
    person: {
      name: options.personName ?? '王秀兰',
      sex: '女',
      birthDate: '1942-05-16',
      // Synthetic: the region code 990000 does not exist.
      idNumber: '990000194205160026',
      maskId: true,
      county: '示例县',
      township: '和平镇',
      village: '幸福村',
      address: '幸福村三组 12 号',
      phone: '138****5678',
    },
    assessment: {
      instrumentId: 'GB/T 42195-2022',
      instrumentVersion: 'gbt42195-2022 1.0.0',
      reason: '首次评估',
      assessmentDate: '2026-11-28',
      place: '评估对象家中（幸福村三组 12 号）',
      assessors: [
        { name: SAMPLE_ASSESSORS[0].name, userId: SAMPLE_ASSESSORS[0].userId },
        { name: SAMPLE_ASSESSORS[1].name, userId: SAMPLE_ASSESSORS[1].userId },
      ],
      informant: { name: '李明', relation: '子女' },
      finalizedAt: '2026-11-28T07:30:00.000Z',
    },
    basicInfoSummary: [
      { label: '身高 / 体重', value: '156 cm / 51 kg' },
      { label: '民族 / 宗教信仰', value: '汉族 / 无' },
      { label: '文化程度 / 婚姻状况', value: '小学 / 丧偶' },
      { label: '居住情况', value: '独居' },
      { label: '医疗费用支付方式', value: '城乡居民基本医疗保险' },
      { label: '经济来源', value: '退休金/养老金、子女补贴' },
      { label: 'A.2.14 近30天内照护风险事件', value: '跌倒：发生过2次；走失：无；噎食：无；自杀、自伤：无；其他：无' },
      { label: 'A.3 联系人', value: '李明（子女），138****5678' },
      { label: 'A.4.1 疾病诊断', value: '高血压病 I10～I15；糖尿病 E10～E14；骨质疏松症 M80～M82' },
      { label: 'A.4.2 用药情况', value: '苯磺酸氨氯地平片 口服 5 mg 每日 1 次；二甲双胍片 口服 0.5 g 每日 2 次' },
      { label: 'A.5 健康相关问题', value: '压力性损伤：无；疼痛感：轻度疼痛；吞咽困难：无；昏迷：无；其余各项：无' },
    ],
    indicators: INDICATORS,
    total,
    preliminaryLevel: 1,
    preliminaryLevelName: LEVEL_NAMES[1],
    finalLevel: 2,
    finalLevelName: LEVEL_NAMES[2],
    levels: LEVEL_NAMES.map((name, level) => ({ level, name })),
    adjustments: [
      { id: 'coma', clauseText: C4_CLAUSES.coma, applied: false },
      { id: 'mental', clauseText: C4_CLAUSES.mental, applied: false },
      {
        id: 'riskEvents',
        clauseText: C4_CLAUSES.riskEvents,
        applied: true,
        explanation: 'A.2.14 近30天内发生照护风险事件共2次（跌倒2次），达到2次及以上，在原有能力级别上提高一个等级。',
      },
    ],
    classification: {
      packId: 'quanzhou-2022',
      packVersion: '2022.1',
      category: '1',
      categoryName: '一类（兜底保障）',
      entitlements: [
        { id: 'careSubsidy', name: '护理补贴', amount: '300 元/月', verified: false },
        { id: 'careVoucher', name: '养老服务消费补贴', amount: '最高 800 元/月（电子消费券）', verified: true },
        { id: 'homeCareService', name: '政府购买居家养老上门服务', verified: false },
      ],
      trail: [
        {
          rule: 'category1.dibaoLevel2',
          reason: '低保家庭中的中度及以上失能老年人（最终等级 2：能力中度受损）',
          source: '泉州市基本养老服务重点保障对象分类（2022）',
          verified: false,
        },
        {
          rule: 'entitlement.careVoucher',
          reason: '中度及以上失能，可申领养老服务消费补贴',
          source: '民政部 财政部 养老服务消费补贴通知（2025）',
          verified: true,
        },
      ],
    },
    signatures: options.signatures ?? { dates: { assessor1: '2026-11-28', assessor2: '2026-11-28', informant: '2026-11-28' } },
  };
}
