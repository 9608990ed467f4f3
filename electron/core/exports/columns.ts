import { ECONOMIC_LABELS } from '../../../shared/policy/facts';
import { getInstrument } from '../../../shared/instruments';
import { plusMonths } from '../../../shared/policy/dates';
import { ASSESSMENT_REASON_LABELS } from '../../../shared/validation/assessment';
import { maskName, pseudonym } from './deidentify';
import type { RawExportRow } from './rows';

export type Cell = string | number | null;

export interface ColumnSet {
  headers: string[];
  /** Characters, for XLSX column widths. */
  widths: number[];
  row(r: RawExportRow): Cell[];
}

export interface ColumnOptions {
  deidentify: boolean;
  /** The pseudonym key (de-identified exports only). */
  key?: Buffer;
  intervalMonths: number;
  /** The 复评到期名单 adds the date the reassessment falls due. */
  dueDate?: boolean;
}

const STATUS: Record<string, string> = { finalized: '已完成', signed: '已签名', draft: '草稿' };
const TEKUN_MODE: Record<string, string> = { centralized: '集中供养', dispersed: '分散供养' };

const living = (r: RawExportRow) => [r.livingAlone && '独居', r.emptyNest && '空巢', r.leftBehind && '留守'].filter(Boolean).join('、');

/**
 * The export's columns, identified or de-identified. De-identified rows carry a stable
 * pseudonym, the masked name, the region code and birth year of the ID number, and
 * nothing of the phone number, the address or the village.
 */
export function columnSet(o: ColumnOptions): ColumnSet {
  const person: [string, number, (r: RawExportRow) => Cell][] = o.deidentify
    ? [
        ['对象编号', 20, (r) => pseudonym(o.key!, r.personId)],
        ['姓名（已脱敏）', 10, (r) => maskName(r.name)],
        ['性别', 5, (r) => r.sex],
        ['出生年份', 8, (r) => r.birthDate.slice(0, 4)],
        ['身份证地区码', 12, (r) => r.idNumber?.slice(0, 6) ?? null],
        ['县（市、区）', 10, (r) => r.county],
        ['乡镇（街道）', 12, (r) => r.township],
      ]
    : [
        ['姓名', 10, (r) => r.name],
        ['性别', 5, (r) => r.sex],
        ['出生日期', 11, (r) => r.birthDate],
        ['公民身份号码', 20, (r) => r.idNumber],
        ['联系电话', 13, (r) => r.phone],
        ['县（市、区）', 10, (r) => r.county],
        ['乡镇（街道）', 12, (r) => r.township],
        ['村（居）', 12, (r) => r.village],
        ['住址', 24, (r) => r.address],
      ];
  const circumstances: [string, number, (r: RawExportRow) => Cell][] = [
    ['经济状况', 8, (r) => ECONOMIC_LABELS[r.economic as keyof typeof ECONOMIC_LABELS] ?? r.economic],
    ['特困供养方式', 10, (r) => (r.tekunMode ? TEKUN_MODE[r.tekunMode] ?? r.tekunMode : null)],
    ['独居/空巢/留守', 10, (r) => living(r) || null],
  ];
  const assessment: [string, number, (r: RawExportRow) => Cell][] = [
    ['评估编号', 16, (r) => r.assessmentNo],
    ['评估工具', 26, (r) => getInstrument(r.instrumentId)?.title ?? r.instrumentId],
    ['工具版本', 8, (r) => r.instrumentVersion],
    ['评估日期', 11, (r) => r.assessmentDate],
    ['评估原因', 10, (r) => ASSESSMENT_REASON_LABELS[r.reason as keyof typeof ASSESSMENT_REASON_LABELS] ?? r.reason],
    ['各指标得分', 36, (r) => r.indicators],
    ['总分', 6, (r) => r.total],
    ['初步等级', 14, (r) => r.preliminaryLevelName],
    ['最终等级', 14, (r) => r.finalLevelName],
    ['等级变更依据', 20, (r) => r.adjustments || null],
    ['服务对象类别', 14, (r) => r.categoryName],
    ['可享待遇', 36, (r) => r.entitlements || null],
    ['照护服务', 36, (r) => services(r)],
    ['评估员', 14, (r) => [r.assessor1, r.assessor2].filter(Boolean).join('、') || null],
    ['定稿时间', 18, (r) => r.finalizedAt],
    ['签名时间', 18, (r) => r.signedAt],
    ['状态', 7, (r) => STATUS[r.status] ?? r.status],
    ['政策包', 20, (r) => (r.packTitle ? `${r.packTitle}（${r.packVersion}）` : null)],
  ];
  const due: [string, number, (r: RawExportRow) => Cell][] = o.dueDate
    ? [['复评到期日期', 12, (r) => (r.lastAssessmentDate ? plusMonths(r.lastAssessmentDate, o.intervalMonths) : null)]]
    : [];
  return {
    headers: [...person, ...circumstances, ...due, ...assessment].map(([h]) => h),
    widths: [...person, ...circumstances, ...due, ...assessment].map(([, w]) => w),
    row(r) {
      return [...person, ...circumstances, ...due, ...assessment].map(([, , f]) => f(r));
    },
  };
}

/** The plan's services still ticked, with their degree. */
function services(r: RawExportRow): string | null {
  if (!r.carePlan) return null;
  const plan = JSON.parse(r.carePlan) as { services: { id: string; name: string; degree: string }[] };
  const excluded = new Set<string>();
  for (const [kind, id] of r.carePlanChanges ? (JSON.parse(r.carePlanChanges) as [string, string | null][]) : []) {
    if (kind === 'exclude' && id) excluded.add(id);
    else if (kind === 'include' && id) excluded.delete(id);
  }
  const kept = plan.services.filter((s) => !excluded.has(s.id));
  return kept.length ? kept.map((s) => `${s.name}（${s.degree}）`).join('；') : '无';
}
