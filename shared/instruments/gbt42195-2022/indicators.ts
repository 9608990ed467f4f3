/** Annex B 老年人能力评估表 of GB/T 42195-2022 (see ./index.ts on sources and ⚠ marks). */
import type { Indicator, ItemOption } from '../types';

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

export const INDICATORS: readonly Indicator[] = [
  {
    code: 'B.1',
    name: '自理能力',
    // ⚠ "自理能力评估表" appears in no transcription (two print "B.1 老年人能力评估表",
    // probably the annex title run in): the heading is the indicator's name.
    tableTitle: '自理能力',
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
          { score: 1, criterion: '出现重度的记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己老朋友）' }, // ⚠ 1.0.0 read "不记得自己的老朋友"; the majority of transcriptions drop 的.
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

