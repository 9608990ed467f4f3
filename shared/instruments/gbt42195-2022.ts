/**
 * GB/T 42195-2022《老年人能力评估规范》 as data.
 *
 * Texts follow shared/domain/gbt42195-2022.md, which rebuilt them from public
 * transcriptions because the official text was not available offline. Where the
 * transcriptions disagree the chosen reading is marked `⚠` below; check those lines
 * against the official PDF (openstd.samr.gov.cn) before release. A wording fix is a
 * `version` bump, never a change of an item code, option score or option code.
 */
import type {
  ChoiceOption,
  CountOption,
  FormSection,
  Indicator,
  InstrumentDefinition,
  ItemOption,
  LevelDef,
} from './types';

// ---------------------------------------------------------------------------
// Annex A 老年人能力评估基本信息表
// ---------------------------------------------------------------------------

const NO_YES: readonly ChoiceOption[] = [
  { code: 'no', label: '无' },
  { code: 'yes', label: '有' },
];

const RISK_EVENT_COUNTS: readonly CountOption[] = [
  { value: 0, label: '无' },
  { value: 1, label: '发生过1次' },
  { value: 2, label: '发生过2次' },
  { value: 3, label: '发生过3次及以上' },
];

/**
 * A.4.1 疾病诊断. Codes are the printed ICD-10 ranges with an ASCII hyphen, so they read
 * the same on the command line. Three options print no ICD code; `UTI-30D`,
 * `AMPUTATION-6M` and `OTHER` are codes of our own.
 */
export const GBT42195_DIAGNOSES: readonly ChoiceOption[] = [
  { code: 'I10-I15', label: '高血压病', icd: 'I10～I15' },
  { code: 'I25', label: '冠心病', icd: 'I25' },
  { code: 'E10-E14', label: '糖尿病', icd: 'E10～E14' },
  { code: 'J12-J18', label: '肺炎', icd: 'J12～J18' },
  { code: 'J44', label: '慢性阻塞性肺疾病', icd: 'J44' },
  { code: 'I60-I62', label: '脑出血', icd: 'I60～I62' },
  { code: 'I63', label: '脑梗塞', icd: 'I63' },
  { code: 'UTI-30D', label: '尿路感染（30天内）' },
  { code: 'G20-G22', label: '帕金森综合征', icd: 'G20～G22' },
  { code: 'N18-N19', label: '慢性肾衰竭', icd: 'N18～N19' },
  { code: 'K74', label: '肝硬化', icd: 'K74' },
  { code: 'K20-K31', label: '消化性溃疡', icd: 'K20～K31' },
  { code: 'C00-D48', label: '肿瘤', icd: 'C00～D48' },
  { code: 'AMPUTATION-6M', label: '截肢（6个月内）' },
  { code: 'M84', label: '骨折（3个月内）', icd: 'M84' },
  { code: 'G40', label: '癫痫', icd: 'G40' },
  { code: 'E01-E03', label: '甲状腺功能减退症', icd: 'E01～E03' },
  { code: 'H25-H26', label: '白内障', icd: 'H25～H26' },
  { code: 'H40-H42', label: '青光眼', icd: 'H40～H42' },
  { code: 'M80-M82', label: '骨质疏松症', icd: 'M80～M82' },
  { code: 'F00-F03', label: '痴呆', icd: 'F00～F03' },
  { code: 'F04-F99', label: '其他精神和行为障碍', icd: 'F04～F99' },
  { code: 'OTHER', label: '其他', specify: '疾病名称' },
];

const FORMS: readonly FormSection[] = [
  {
    code: 'A.1',
    title: '评估信息表',
    fields: [
      { kind: 'text', code: 'A.1.1', label: '评估编号' },
      { kind: 'date', code: 'A.1.2', label: '评估基准日期' },
      {
        kind: 'single',
        code: 'A.1.3',
        label: '评估原因',
        options: [
          { code: 'first', label: '首次评估' },
          { code: 'routine', label: '常规评估' },
          { code: 'immediate', label: '即时评估' },
          { code: 'review', label: '因对评估结果有疑问进行的复评' },
          { code: 'other', label: '其他', specify: '评估原因' },
        ],
      },
    ],
  },
  {
    code: 'A.2',
    title: '评估对象基本信息表',
    fields: [
      { kind: 'text', code: 'A.2.1', label: '姓名' },
      {
        kind: 'single',
        code: 'A.2.2',
        label: '性别',
        options: [
          { code: 'male', label: '男' },
          { code: 'female', label: '女' },
        ],
      },
      { kind: 'date', code: 'A.2.3', label: '出生日期' },
      // Bounds are ours, to catch typing slips; the standard sets none.
      { kind: 'number', code: 'A.2.4', label: '身高', unit: 'cm', min: 50, max: 250, decimals: 1 },
      { kind: 'number', code: 'A.2.5', label: '体重', unit: 'kg', min: 10, max: 300, decimals: 1 },
      {
        kind: 'single',
        code: 'A.2.6',
        label: '民族',
        options: [
          { code: 'han', label: '汉族' },
          { code: 'minority', label: '少数民族', specify: '民族' },
        ],
      },
      {
        kind: 'single',
        code: 'A.2.7',
        label: '宗教信仰',
        options: [
          { code: 'no', label: '无' },
          { code: 'yes', label: '有', specify: '宗教信仰' },
        ],
      },
      { kind: 'text', code: 'A.2.8', label: '公民身份号码', length: 18 },
      {
        kind: 'single',
        code: 'A.2.9',
        label: '文化程度',
        options: [
          { code: 'illiterate', label: '文盲' },
          { code: 'primary', label: '小学' },
          { code: 'juniorHigh', label: '初中' },
          { code: 'seniorHigh', label: '高中/技校/中专' },
          { code: 'college', label: '大学专科及以上' },
          { code: 'unknown', label: '不详' },
        ],
      },
      {
        // ⚠ "与配偶居住": "与配偶/伴侣居住" is the MZ/T 039 wording.
        kind: 'multi',
        code: 'A.2.10',
        label: '居住情况（多选）',
        options: [
          { code: 'alone', label: '独居', exclusive: true },
          { code: 'spouse', label: '与配偶居住' },
          { code: 'children', label: '与子女居住' },
          { code: 'parents', label: '与父母居住' },
          { code: 'siblings', label: '与兄弟姐妹居住' },
          { code: 'relatives', label: '与其他亲属居住' },
          { code: 'nonRelatives', label: '与非亲属关系的人居住' },
          { code: 'institution', label: '养老机构' },
        ],
      },
      {
        // ⚠ "未说明": "未说明的婚姻状况" is the MZ/T 039 / GB/T 2261 wording.
        kind: 'single',
        code: 'A.2.11',
        label: '婚姻状况',
        options: [
          { code: 'unmarried', label: '未婚' },
          { code: 'married', label: '已婚' },
          { code: 'widowed', label: '丧偶' },
          { code: 'divorced', label: '离婚' },
          { code: 'unspecified', label: '未说明' },
        ],
      },
      {
        // ⚠ Item 2 is "城乡" in two sources and "城镇" in two; 城乡 is the scheme's name since 2016.
        kind: 'multi',
        code: 'A.2.12',
        label: '医疗费用支付方式（多选）',
        options: [
          { code: 'urbanEmployee', label: '城镇职工基本医疗保险' },
          { code: 'resident', label: '城乡居民基本医疗保险' },
          { code: 'selfPaid', label: '自费' },
          { code: 'civilServant', label: '公务员补助' },
          { code: 'enterprise', label: '企业补充保险' },
          { code: 'publicFunded', label: '公费医疗及医疗照顾对象' },
          { code: 'medicalAssistance', label: '医疗救助' },
          { code: 'seriousIllness', label: '大病保险' },
        ],
      },
      {
        kind: 'multi',
        code: 'A.2.13',
        label: '经济来源（多选）',
        options: [
          { code: 'pension', label: '退休金/养老金' },
          { code: 'children', label: '子女补贴' },
          { code: 'relatives', label: '亲友资助' },
          { code: 'universalSubsidy', label: '国家普惠型补贴' },
          { code: 'savings', label: '个人储蓄' },
          { code: 'otherSubsidy', label: '其他补贴' },
        ],
      },
      {
        kind: 'group',
        code: 'A.2.14',
        label: '近30天内照护风险事件',
        fields: [
          { kind: 'count', code: 'A.2.14.1', label: '跌倒', key: 'fall', options: RISK_EVENT_COUNTS },
          { kind: 'count', code: 'A.2.14.2', label: '走失', key: 'wandering', options: RISK_EVENT_COUNTS },
          { kind: 'count', code: 'A.2.14.3', label: '噎食', key: 'choking', options: RISK_EVENT_COUNTS },
          { kind: 'count', code: 'A.2.14.4', label: '自杀、自伤', key: 'suicideSelfHarm', options: RISK_EVENT_COUNTS },
          // ⚠ A count in one transcription, free text in MZ/T 039: both are kept.
          { kind: 'count', code: 'A.2.14.5', label: '其他', key: 'other', options: RISK_EVENT_COUNTS, specify: '事件' },
        ],
      },
    ],
  },
  {
    code: 'A.3',
    title: '信息提供者及联系人信息表',
    fields: [
      { kind: 'text', code: 'A.3.1', label: '信息提供者的姓名' },
      {
        kind: 'single',
        code: 'A.3.2',
        label: '信息提供者与老年人的关系',
        options: [
          { code: 'self', label: '本人' },
          { code: 'spouse', label: '配偶' },
          { code: 'child', label: '子女' },
          { code: 'relative', label: '其他亲属' },
          { code: 'hiredCaregiver', label: '雇佣照顾者' },
          { code: 'committeeStaff', label: '村（居）民委员会工作人员' },
          { code: 'other', label: '其他' },
        ],
      },
      { kind: 'text', code: 'A.3.3', label: '联系人姓名' },
      { kind: 'text', code: 'A.3.4', label: '联系人电话' },
    ],
  },
  {
    code: 'A.4',
    title: '疾病诊断和用药情况表',
    fields: [
      { kind: 'multi', code: 'A.4.1', label: '疾病诊断（可多选）', options: GBT42195_DIAGNOSES },
      {
        // ⚠ One source labels the columns "药品名称 … 用药频次".
        kind: 'table',
        code: 'A.4.2',
        label: '用药情况（目前长期服药情况）',
        columns: [
          { key: 'name', label: '药物名称' },
          { key: 'method', label: '服药方法' },
          { key: 'dose', label: '用药剂量' },
          { key: 'frequency', label: '用药频率' },
        ],
      },
    ],
  },
  {
    code: 'A.5',
    title: '健康相关问题',
    fields: [
      {
        kind: 'single',
        code: 'A.5.1',
        label: '压力性损伤',
        options: [
          { code: 'none', label: '无' },
          { code: 'stage1', label: 'Ⅰ期：皮肤完好，出现指压不会变白的红印' },
          { code: 'stage2', label: 'Ⅱ期：皮肤真皮层损失、暴露，出现水疱' },
          { code: 'stage3', label: 'Ⅲ期：全层皮肤缺失，可见脂肪、肉芽组织以及边缘内卷' },
          { code: 'stage4', label: 'Ⅳ期：全层皮肤、组织缺失，可见肌腱、肌肉、腱膜，以及边缘内卷，伴随隧道、潜行' },
          {
            code: 'unstageable',
            label: '不可分期：全身皮肤、组织被腐肉、焦痂掩盖，无法确认组织缺失程度，去除腐肉、焦痂才可判断损伤程度',
          },
        ],
      },
      {
        // ⚠ The "无" option is worded three ways in the sources.
        kind: 'single',
        code: 'A.5.2',
        label: '关节活动度',
        options: [
          { code: 'none', label: '无，没有影响日常生活功能' },
          { code: 'affected', label: '是，影响日常生活功能', specify: '部位' },
          { code: 'unknown', label: '无法判断' },
        ],
      },
      {
        kind: 'multi',
        code: 'A.5.3',
        label: '伤口情况（可多选）',
        options: [
          { code: 'none', label: '无', exclusive: true },
          { code: 'abrasion', label: '擦伤' },
          { code: 'burn', label: '烧烫伤' },
          { code: 'surgical', label: '术后伤口' },
          { code: 'diabeticFoot', label: '糖尿病足溃疡' },
          { code: 'vascular', label: '血管性溃疡' },
          { code: 'other', label: '其他伤口' },
        ],
      },
      {
        kind: 'multi',
        code: 'A.5.4',
        label: '特殊护理情况（可多选）',
        options: [
          { code: 'none', label: '无', exclusive: true },
          { code: 'gastricTube', label: '胃管' },
          { code: 'urinaryCatheter', label: '尿管' },
          { code: 'tracheostomy', label: '气管切开' },
          { code: 'stoma', label: '胃/肠/膀胱造瘘' },
          { code: 'noninvasiveVentilator', label: '无创呼吸机' },
          { code: 'dialysis', label: '透析' },
          { code: 'other', label: '其他' },
        ],
      },
      {
        // ⚠ "无疼痛感" in most sources, "无疼痛" in one.
        kind: 'single',
        code: 'A.5.5',
        label: '疼痛感',
        note: '注：通过表情反应和询问来判断',
        options: [
          { code: 'none', label: '无疼痛感' },
          { code: 'mild', label: '轻度疼痛' },
          { code: 'moderate', label: '中度疼痛（尚可忍受的程度）' },
          { code: 'severe', label: '重度疼痛（无法忍受的程度）' },
          { code: 'unknown', label: '不知道或无法判断' },
        ],
      },
      {
        // ⚠ "无缺损" in two sources, "无缺失" in one.
        kind: 'multi',
        code: 'A.5.6',
        label: '牙齿缺失情况（可多选）',
        options: [
          { code: 'none', label: '无缺损', exclusive: true },
          { code: 'toothDefect', label: '牙体缺损（如龋齿、楔状缺损）' },
          {
            code: 'dentitionDefect',
            label: '牙列缺损',
            children: [
              { code: 'nonOpposingLoss', label: '非对位牙缺失' },
              { code: 'unilateralOpposingLoss', label: '单侧对位牙缺失' },
              { code: 'bilateralOpposingLoss', label: '双侧对位牙缺失' },
            ],
          },
          {
            code: 'dentitionLoss',
            label: '牙列缺失',
            children: [
              { code: 'upperLoss', label: '上颌牙缺失' },
              { code: 'lowerLoss', label: '下颌牙缺失' },
              { code: 'fullLoss', label: '全口牙缺失' },
            ],
          },
        ],
      },
      {
        kind: 'multi',
        code: 'A.5.7',
        label: '义齿佩戴情况（可多选）',
        options: [
          { code: 'none', label: '无义齿', exclusive: true },
          { code: 'fixed', label: '固定义齿' },
          { code: 'removablePartial', label: '可摘局部义齿' },
          { code: 'removableFull', label: '可摘全/半口义齿' },
        ],
      },
      {
        kind: 'multi',
        code: 'A.5.8',
        label: '吞咽困难的情形和症状（可多选）',
        options: [
          { code: 'none', label: '无', exclusive: true },
          { code: 'complains', label: '抱怨吞咽困难或吞咽时会疼痛' },
          { code: 'coughs', label: '吃东西或喝水时出现咳嗽或呛咳' },
          { code: 'residue', label: '用餐后嘴中仍含着食物或留有残余食物' },
          { code: 'spills', label: '当喝或吃流质或固体的食物时，食物会从嘴角边流失' },
          { code: 'drools', label: '有流口水的情况' },
        ],
      },
      {
        // The standard gives no BMI cut-off; the app may suggest, the assessor decides.
        kind: 'single',
        code: 'A.5.9',
        label: '营养不良：体质指数（BMI）低于正常值',
        note: '注：BMI=体重（kg）/[身高（m）]²',
        options: NO_YES,
      },
      { kind: 'single', code: 'A.5.10', label: '清理呼吸道无效', options: NO_YES },
      { kind: 'single', code: 'A.5.11', label: '昏迷', options: NO_YES },
      { kind: 'text', code: 'A.5.12', label: '其他（请补充）', multiline: true },
    ],
  },
];

// ---------------------------------------------------------------------------
// Annex B 老年人能力评估表
// ---------------------------------------------------------------------------

/** The five-step option set shared word for word by seven items ("S5" in the domain notes). */
const S5: readonly ItemOption[] = [
  { score: 4, criterion: '独立完成，不需要协助' },
  { score: 3, criterion: '在他人指导或提示下完成' },
  { score: 2, criterion: '需要他人协助，但以自身完成为主' },
  { score: 1, criterion: '主要依靠他人协助，自身能给予配合' },
  { score: 0, criterion: '完全依赖他人协助，且不能给予配合' },
];

const INDICATORS: readonly Indicator[] = [
  {
    code: 'B.1',
    name: '自理能力',
    // ⚠ Two transcriptions print "B.1 老年人能力评估表" (probably the annex title run in);
    // this title is by analogy with B.2–B.4.
    tableTitle: '自理能力评估表',
    max: 32,
    items: [
      {
        code: 'B.1.1',
        name: '进食',
        definition: '使用适当的器具将食物送入口中并咽下',
        max: 4,
        options: [
          { score: 4, criterion: '独立使用器具将食物送进口中并咽下，没有呛咳' },
          { score: 3, criterion: '在他人指导或提示下完成，或独立使用辅具，没有呛咳' },
          // ⚠ One source reads "进食中至少需要少量…".
          { score: 2, criterion: '进食中需要少量接触式协助，偶尔（每月一次及以上）呛咳' },
          { score: 1, criterion: '在进食中需要大量接触式协助，经常（每周一次及以上）呛咳' },
          { score: 0, criterion: '完全依赖他人协助进食，或吞咽困难，或留置营养管' },
        ],
      },
      { code: 'B.1.2', name: '修饰', definition: '指洗脸、刷牙、梳头、刮脸、剪指（趾）甲等', max: 4, options: S5 },
      { code: 'B.1.3', name: '洗澡', definition: '清洗和擦干身体', max: 4, options: S5 },
      { code: 'B.1.4', name: '穿/脱上衣', definition: '指穿/脱上身衣服、系扣、拉拉链等', max: 4, options: S5 },
      { code: 'B.1.5', name: '穿/脱裤子和鞋袜', definition: '指穿/脱裤子、鞋袜等', max: 4, options: S5 },
      {
        code: 'B.1.6',
        name: '小便控制',
        definition: '控制和排出尿液的能力',
        max: 4,
        options: [
          { score: 4, criterion: '可自行控制排尿，排尿次数、排尿控制均正常' },
          {
            score: 3,
            criterion: '白天可自行控制排尿次数，夜间出现排尿次数增多、排尿控制较差，或自行使用尿布、尿垫等辅助用物',
          },
          {
            score: 2,
            criterion:
              '白天大部分时间可自行控制排尿，偶出现（每天<1次，但每周>1次）尿失禁，夜间控制排尿较差，或他人少量协助使用尿布、尿垫等辅助用物',
          },
          {
            // ⚠ One source reads "尚未完全失禁".
            score: 1,
            criterion:
              '白天大部分时间不能控制排尿（每天≥1次，但尚非完全失控），夜间出现尿失禁，或他人大量协助使用尿布、尿垫等辅助用物',
          },
          { score: 0, criterion: '小便失禁，完全不能控制排尿，或留置导尿管' },
        ],
      },
      {
        code: 'B.1.7',
        name: '大便控制',
        definition: '控制和排出粪便的能力',
        max: 4,
        options: [
          { score: 4, criterion: '可正常自行控制大便排出' },
          // ⚠ "每周<1次" in three sources, "每天<1次" in one; only the former makes a sequence.
          { score: 3, criterion: '有时出现（每周<1次）便秘或大便失禁，或自行使用开塞露、尿垫等辅助用物' },
          {
            score: 2,
            criterion: '经常出现（每天<1次，但每周>1次）便秘或大便失禁，或他人少量协助使用开塞露、尿垫等辅助用物',
          },
          {
            score: 1,
            criterion:
              '大部分时间均出现（每天≥1次）便秘或大便失禁，但尚非完全失控，或他人大量协助使用开塞露、尿垫等辅助用物',
          },
          { score: 0, criterion: '严重便秘或者完全大便失禁，需要依赖他人协助排便或清洁皮肤' },
        ],
      },
      {
        code: 'B.1.8',
        name: '如厕',
        definition: '上厕所排泄大小便，并清洁身体',
        note: '注：评估中强调排泄前解开裤子、完成排泄后清洁身体、穿上裤子',
        max: 4,
        options: S5,
      },
    ],
  },
  {
    code: 'B.2',
    name: '基础运动能力',
    tableTitle: '基础运动能力评估表',
    max: 15,
    items: [
      { code: 'B.2.1', name: '床上体位转移', definition: '卧床翻身及坐起躺下', max: 4, options: S5 },
      { code: 'B.2.2', name: '床椅转移', definition: '从坐位到站位，再从站位到坐位的转换过程', max: 4, options: S5 },
      {
        // ⚠ One source reads "交替" and "包括他人辅助或者辅助工具的步行".
        code: 'B.2.3',
        name: '平地行走',
        definition: '双脚交互的方式在地面行动，总是一只脚在前',
        note: '注：包括他人辅助和使用辅具的步行',
        max: 4,
        options: [
          { score: 4, criterion: '独立平地步行50m左右，不需要协助，无摔倒风险' },
          // ⚠ The Python transcription reads "行走" and "跌倒风险".
          {
            score: 3,
            criterion: '能平地步行50m左右，存在摔倒风险，需要他人监护或指导，或使用拐杖、助行器等辅助工具',
          },
          { score: 2, criterion: '在步行时需要他人少量扶持协助' },
          { score: 1, criterion: '在步行时需要他人大量扶持协助' },
          { score: 0, criterion: '完全不能步行' },
        ],
      },
      {
        code: 'B.2.4',
        name: '上下楼梯',
        definition: '双脚交替完成楼梯台阶连续的上下移动',
        max: 3,
        options: [
          { score: 3, criterion: '可独立上下楼梯（连续上下10个～15个台阶），不需要协助' },
          { score: 2, criterion: '在他人指导或提示下完成' },
          { score: 1, criterion: '需要他人协助，但以自身完成为主' },
          { score: 0, criterion: '主要依靠他人协助，自身能给予配合；或者完全依赖他人协助，且不能给予配合' },
        ],
      },
    ],
  },
  {
    code: 'B.3',
    name: '精神状态',
    tableTitle: '精神状态评估表',
    max: 28,
    items: [
      {
        code: 'B.3.1',
        name: '时间定向',
        definition: '知道并确认时间的能力',
        max: 4,
        options: [
          // ⚠ "（年、月、日、时）" in one source is MZ/T 039 wording.
          { score: 4, criterion: '时间观念（年、月）清楚，日期（或星期几）可相差一天' },
          { score: 3, criterion: '时间观念有些下降，年、月、日（或星期几）不能全部分清（相差两天或以上）' },
          { score: 2, criterion: '时间观念较差，年、月、日不清楚，可知上半年或下半年或季节' },
          { score: 1, criterion: '时间观念很差，年、月、日不清楚，可知上午、下午或白天、夜间' },
          { score: 0, criterion: '无时间观念' },
        ],
      },
      {
        code: 'B.3.2',
        name: '空间定向',
        definition: '知道并确认空间的能力',
        max: 4,
        options: [
          { score: 4, criterion: '能在日常生活范围内单独外出，如在日常居住小区内独自外出购物等' },
          { score: 3, criterion: '不能单独外出，但能准确知道自己日常生活所在地的地址信息' },
          { score: 2, criterion: '不能单独外出，但知道较多有关自己日常生活的地址信息' },
          { score: 1, criterion: '不能单独外出，但知道较少自己居住或生活所在地的地址信息' },
          { score: 0, criterion: '不能单独外出，无空间观念' },
        ],
      },
      {
        code: 'B.3.3',
        name: '人物定向',
        definition: '知道并确认人物的能力',
        max: 4,
        options: [
          { score: 4, criterion: '认识长期共同一起生活的人，能称呼并知道关系' },
          { score: 3, criterion: '能认识大部分共同生活居住的人，能称呼或知道关系' },
          { score: 2, criterion: '能认识部分日常同住的亲人或照护者等，能称呼或知道关系等' },
          { score: 1, criterion: '只认识自己或极少数日常同住的亲人或照护者等' },
          { score: 0, criterion: '不认识任何人（包括自己）' },
        ],
      },
      {
        // ⚠ The Python transcription reads "短期近期和远期".
        code: 'B.3.4',
        name: '记忆',
        definition: '短时、近期和远期记忆能力',
        max: 4,
        options: [
          { score: 4, criterion: '总是能保持与社会、年龄所适应的记忆能力，能完整的回忆' },
          { score: 3, criterion: '出现轻度的记忆紊乱或回忆不能（不能回忆即时信息，3个词语经过5分钟后仅能回忆0个～1个）' },
          { score: 2, criterion: '出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）' },
          { score: 1, criterion: '出现重度的记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己的老朋友）' },
          { score: 0, criterion: '记忆完全紊乱或者完全不能对既往事物进行正确的回忆' },
        ],
      },
      {
        code: 'B.3.5',
        name: '理解能力',
        definition: '理解语言信息和非语言信息的能力（可借助平时使用助听设备等），即理解别人的话',
        max: 4,
        options: [
          { score: 4, criterion: '能正常理解他人的话' },
          { score: 3, criterion: '能理解他人的话，但需要增加时间' },
          { score: 2, criterion: '理解有困难，需频繁重复或简化口头表达' },
          { score: 1, criterion: '理解有严重困难，需要大量他人帮助' },
          { score: 0, criterion: '完全不能理解他人的话' },
        ],
      },
      {
        code: 'B.3.6',
        name: '表达能力',
        definition: '表达信息能力，包括口头的和非口头的，即表达自己的想法',
        max: 4,
        options: [
          { score: 4, criterion: '能正常表达自己的想法' },
          { score: 3, criterion: '能表达自己的需要，但需要增加时间' },
          { score: 2, criterion: '表达需要有困难，需频繁重复或简化口头表达' },
          { score: 1, criterion: '表达有严重困难，需要大量他人帮助' },
          { score: 0, criterion: '完全不能表达需要' },
        ],
      },
      {
        // The note "注：长期的行为状态" appears in one transcription only, so it is left out.
        code: 'B.3.7',
        name: '攻击行为',
        definition: '身体攻击行为（如打/踢/推/咬/抓/摔东西）和语言攻击行为（如骂人、语言威胁、尖叫）',
        max: 1,
        options: [
          { score: 1, criterion: '未出现' },
          { score: 0, criterion: '近一个月内出现过攻击行为' },
        ],
      },
      {
        code: 'B.3.8',
        name: '抑郁症状',
        definition: '存在情绪低落、兴趣减退、活力减退等症状，甚至出现妄想、幻觉、自杀念头或自杀行为',
        note: '注：长期的负性情绪',
        max: 1,
        options: [
          { score: 1, criterion: '未出现' },
          { score: 0, criterion: '近一个月内出现过负性情绪' },
        ],
      },
      {
        // The table note "处于昏迷状态者，直接评定为重度失能" is left out on purpose: it
        // contradicts Annex C (完全失能) and looks like MZ/T 039 residue. The coma rule
        // below, keyed on A.5.11, is what applies. 0分 covers both 昏睡 and 昏迷.
        code: 'B.3.9',
        name: '意识水平',
        definition: '机体对自身和周围环境的刺激做出应答反应的能力程度，包括清醒和持续的觉醒状态',
        max: 2,
        options: [
          { score: 2, criterion: '神志清醒，对周围环境能做出正确反应' },
          {
            score: 1,
            criterion:
              '嗜睡，表现为睡眠状态过度延长。当呼唤或推动老年人的肢体时可唤醒，并能进行正确的交谈或执行指令，停止刺激后又继续入睡；意识模糊，注意力涣散，对外界刺激不能清晰的认识，空间和时间定向力障碍，理解力迟钝，记忆力模糊和不连贯',
          },
          {
            score: 0,
            criterion:
              '昏睡，一般的外界刺激不能使其觉醒，给予较强烈的刺激时可有短时的意识清醒，醒后可简短回答提问，当刺激减弱后又很快进入睡眠状态；或者昏迷：意识丧失，随意运动丧失，对一般刺激全无反应',
          },
        ],
      },
    ],
  },
  {
    code: 'B.4',
    name: '感知觉与社会参与',
    tableTitle: '感知觉与社会参与评估表',
    max: 15,
    items: [
      {
        code: 'B.4.1',
        name: '视力',
        definition: '感受存在的光线并感受物体的大小、形状的能力。在个体的最好矫正视力下进行评估',
        max: 2,
        options: [
          { score: 2, criterion: '视力正常' },
          { score: 1, criterion: '能看清楚大字体，但看不清书报上的标准字体；视力有限，看不清报纸大标题，但能辨认物体' },
          { score: 0, criterion: '只能看到光、颜色和形状；完全失明' },
        ],
      },
      {
        code: 'B.4.2',
        name: '听力',
        definition: '能辨别声音的方位、音调、音量和音质的有关能力（可借助平时使用助听设备等）',
        max: 2,
        options: [
          { score: 2, criterion: '听力正常' },
          // ⚠ One source reads "近距离说话"; three read "轻声说话".
          { score: 1, criterion: '在轻声说话或说话距离超过2米时听不清；正常交流有些困难，需在安静的环境或大声说话才能听到' },
          { score: 0, criterion: '讲话者大声说话或说话很慢，才能部分听见；完全失聪' },
        ],
      },
      {
        // Not the S5 set, although one public implementation reuses S5 here.
        code: 'B.4.3',
        name: '执行日常事务',
        definition: '计划、安排并完成日常事务，包括但不限于洗衣服、小金额购物、服药管理',
        max: 4,
        options: [
          { score: 4, criterion: '能完全独立计划、安排和完成日常事务，无需协助' },
          { score: 3, criterion: '在计划、安排和完成日常事务时需要他人监护或指导' },
          { score: 2, criterion: '在计划、安排和完成日常事务时需要少量协助' },
          { score: 1, criterion: '在计划、安排和完成日常事务时需要大量协助' },
          { score: 0, criterion: '完全依赖他人进行日常事务' },
        ],
      },
      {
        // No transcription prints a definition line for B.4.4 or B.4.5.
        code: 'B.4.4',
        name: '使用交通工具外出',
        max: 3,
        options: [
          { score: 3, criterion: '能自己骑车或搭乘公共交通工具外出' },
          { score: 2, criterion: '能自己搭乘出租车，但不会搭乘其他公共交通工具外出' },
          { score: 1, criterion: '当有人协助或陪伴，可搭乘公共交通工具外出' },
          { score: 0, criterion: '只能在他人协助下搭乘出租车或私家车外出；完全不能出门，或者外出完全需要协助' },
        ],
      },
      {
        code: 'B.4.5',
        name: '社会交往能力',
        max: 4,
        options: [
          { score: 4, criterion: '参与社会，在社会环境有一定的适应能力，待人接物恰当' },
          { score: 3, criterion: '能适应单纯环境，主动接触他人，初见面时难让人发现智力问题，不能理解隐喻语' },
          { score: 2, criterion: '脱离社会，可被动接触，不会主动待他人，谈话中很多不适词句，容易上当受骗' },
          { score: 1, criterion: '勉强可与他人接触，谈吐内容不清楚，表情不恰当' },
          { score: 0, criterion: '不能与人交往' },
        ],
      },
    ],
  },
];

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
  version: '1.0.0',
  standard: {
    number: 'GB/T 42195-2022',
    title: '老年人能力评估规范',
    titleEn: 'Assessment specifications for older adults',
  },
  forms: FORMS,
  indicators: INDICATORS,
  maxTotal: 90,
  levels: LEVELS,
  leveling: {
    kind: 'totalBands',
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
};
