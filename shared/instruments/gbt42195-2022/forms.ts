/** Annex A 老年人能力评估基本信息表 of GB/T 42195-2022 (see ./index.ts on sources and ⚠ marks). */
import { ASSESSMENT_REASON_OPTIONS, INFORMANT_RELATION_OPTIONS } from '../header-forms';
import type { ChoiceOption, CountOption, FormSection } from '../types';

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
  // ⚠ Printed "M80～82" in three transcriptions; the code keeps the full form.
  { code: 'M80-M82', label: '骨质疏松症', icd: 'M80～82' },
  { code: 'F00-F03', label: '痴呆', icd: 'F00～F03' },
  { code: 'F04-F99', label: '其他精神和行为障碍', icd: 'F04～F99' },
  { code: 'OTHER', label: '其他', specify: '疾病名称' },
];

export const FORMS: readonly FormSection[] = [
  {
    code: 'A.1',
    title: '评估信息表',
    fields: [
      { kind: 'text', code: 'A.1.1', bind: { header: 'assessmentNo' }, label: '评估编号' },
      { kind: 'date', code: 'A.1.2', bind: { header: 'assessmentDate' }, label: '评估基准日期' },
      {
        kind: 'single',
        code: 'A.1.3',
        bind: { header: 'reason' },
        label: '评估原因',
        options: ASSESSMENT_REASON_OPTIONS,
      },
    ],
  },
  {
    code: 'A.2',
    title: '评估对象基本信息表',
    fields: [
      { kind: 'text', code: 'A.2.1', bind: { person: 'name' }, label: '姓名' },
      {
        kind: 'single',
        code: 'A.2.2',
        bind: { person: 'sex', values: { male: '男', female: '女' } },
        label: '性别',
        options: [
          { code: 'male', label: '男' },
          { code: 'female', label: '女' },
        ],
      },
      { kind: 'date', code: 'A.2.3', bind: { person: 'birthDate' }, label: '出生日期' },
      // Bounds are ours, to catch typing slips; the standard sets none.
      { kind: 'number', code: 'A.2.4', bind: { person: 'heightCm' }, label: '身高', unit: 'cm', min: 50, max: 250, decimals: 1 },
      { kind: 'number', code: 'A.2.5', bind: { person: 'weightKg' }, label: '体重', unit: 'kg', min: 10, max: 300, decimals: 1 },
      {
        kind: 'single',
        code: 'A.2.6',
        bind: { person: 'ethnicity', specify: { minority: 'ethnicityDetail' } },
        label: '民族',
        options: [
          { code: 'han', label: '汉族' },
          { code: 'minority', label: '少数民族', specify: '民族' },
        ],
      },
      {
        kind: 'single',
        code: 'A.2.7',
        bind: { person: 'religion', specify: { yes: 'religionDetail' } },
        label: '宗教信仰',
        options: [
          { code: 'no', label: '无' },
          { code: 'yes', label: '有', specify: '宗教信仰' },
        ],
      },
      { kind: 'text', code: 'A.2.8', bind: { person: 'idNumber' }, label: '公民身份号码', length: 18 },
      {
        kind: 'single',
        code: 'A.2.9',
        bind: { person: 'education' },
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
        bind: { person: 'livingArrangements' },
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
        bind: { person: 'maritalStatus' },
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
        bind: { person: 'medicalPayment' },
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
        bind: { person: 'incomeSources' },
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
      { kind: 'text', code: 'A.3.1', bind: { header: 'informantName' }, label: '信息提供者的姓名' },
      {
        kind: 'single',
        code: 'A.3.2',
        bind: { header: 'informantRelation' },
        label: '信息提供者与老年人的关系',
        options: INFORMANT_RELATION_OPTIONS,
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
        // ⚠ 1.0.0 read "无疼痛感"; a comparison of eight transcriptions (issue 11) found "无疼痛" in the majority.
        kind: 'single',
        code: 'A.5.5',
        label: '疼痛感',
        note: '注：通过表情反应和询问来判断',
        options: [
          { code: 'none', label: '无疼痛' },
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

