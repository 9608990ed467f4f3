/**
 * The header section an instrument without its own basic-information form shares: when,
 * why and who informed (the person is shown from their record). GB/T 42195-2022 prints
 * its own (Annex A); the care-needs instruments reuse this one. The codes are ours, so
 * they are not printed.
 */
import type { ChoiceOption, FormSection } from './types';

/** A.1.3 评估原因 of GB/T 42195-2022, which every instrument's header shares. */
export const ASSESSMENT_REASON_OPTIONS: readonly ChoiceOption[] = [
  { code: 'first', label: '首次评估' },
  { code: 'routine', label: '常规评估' },
  { code: 'immediate', label: '即时评估' },
  { code: 'review', label: '因对评估结果有疑问进行的复评' },
  { code: 'other', label: '其他', specify: '评估原因' },
];

/** A.3.2 信息提供者与老年人的关系 of GB/T 42195-2022, shared likewise. */
export const INFORMANT_RELATION_OPTIONS: readonly ChoiceOption[] = [
  { code: 'self', label: '本人' },
  { code: 'spouse', label: '配偶' },
  { code: 'child', label: '子女' },
  { code: 'relative', label: '其他亲属' },
  { code: 'hiredCaregiver', label: '雇佣照顾者' },
  { code: 'committeeStaff', label: '村（居）民委员会工作人员' },
  { code: 'other', label: '其他' },
];

export function headerSection(code: string, title: string): FormSection {
  return {
    code,
    title,
    fields: [
      { kind: 'text', code: `${code}.1`, printCode: false, bind: { header: 'assessmentNo' }, label: '评估编号' },
      { kind: 'date', code: `${code}.2`, printCode: false, bind: { header: 'assessmentDate' }, label: '评估日期' },
      {
        kind: 'single',
        code: `${code}.3`,
        printCode: false,
        bind: { header: 'reason' },
        label: '评估原因',
        options: ASSESSMENT_REASON_OPTIONS,
      },
      { kind: 'text', code: `${code}.4`, printCode: false, bind: { header: 'informantName' }, label: '信息提供者的姓名' },
      {
        kind: 'single',
        code: `${code}.5`,
        printCode: false,
        bind: { header: 'informantRelation' },
        label: '信息提供者与老年人的关系',
        options: INFORMANT_RELATION_OPTIONS,
      },
    ],
  };
}
