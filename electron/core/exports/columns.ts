import { ECONOMIC_LABELS } from '../../../shared/policy/facts';
import { getInstrument } from '../../../shared/instruments';
import { reassessmentDueDate } from '../../../shared/policy/dates';
import { ASSESSMENT_REASON_LABELS } from '../../../shared/validation/assessment';
import { maskName, pseudonym } from './deidentify';
import type { RawExportRow } from './rows';

export type Cell = string | number | null;

export interface ColumnSet {
  headers: string[];
  /** Characters, for XLSX column widths. */
  widths: number[];
  /** Columns whose few values repeat row after row (names of levels, places, packs): XLSX stores each once. */
  repeats: boolean[];
  row(r: RawExportRow): Cell[];
}

export interface ColumnOptions {
  deidentify: boolean;
  /** The pseudonym key (de-identified exports only). */
  key?: Buffer;
  intervalMonths: number;
  /** The 复评到期名单 adds the date the reassessment falls due. */
  dueDate?: boolean;
  /** The district hub's exports name the station that assessed (assessment numbers are each station's own). */
  station?: boolean;
}

/** Header, width in characters, the cell, and whether its values repeat (see ColumnSet.repeats). */
type Column = [string, number, (r: RawExportRow) => Cell, typeof REPEATS?];
const REPEATS = 'repeats';

const STATUS: Record<string, string> = { finalized: '已完成', signed: '已签名', draft: '草稿' };
const TEKUN_MODE: Record<string, string> = { centralized: '集中供养', dispersed: '分散供养' };

const living = (r: RawExportRow) => [r.livingAlone && '独居', r.emptyNest && '空巢', r.leftBehind && '留守'].filter(Boolean).join('、');

/**
 * The export's columns, identified or de-identified. De-identified rows carry a stable
 * pseudonym, the masked name, the region code and birth year of the ID number, and
 * nothing of the phone number, the address or the village.
 */
export function columnSet(o: ColumnOptions): ColumnSet {
  const person: Column[] = o.deidentify
    ? [
        ['对象编号', 20, (r) => pseudonym(o.key!, r.personId)],
        ['姓名（已脱敏）', 10, (r) => maskName(r.name)],
        ['性别', 5, (r) => r.sex, REPEATS],
        ['出生年份', 8, (r) => r.birthDate.slice(0, 4)],
        ['身份证地区码', 12, (r) => r.idNumber?.slice(0, 6) ?? null],
        ['县（市、区）', 10, (r) => r.county, REPEATS],
        ['乡镇（街道）', 12, (r) => r.township, REPEATS],
      ]
    : [
        ['姓名', 10, (r) => r.name],
        ['性别', 5, (r) => r.sex, REPEATS],
        ['出生日期', 11, (r) => r.birthDate],
        ['公民身份号码', 20, (r) => r.idNumber],
        ['联系电话', 13, (r) => r.phone],
        ['县（市、区）', 10, (r) => r.county, REPEATS],
        ['乡镇（街道）', 12, (r) => r.township, REPEATS],
        ['村（居）', 12, (r) => r.village, REPEATS],
        ['住址', 24, (r) => r.address],
      ];
  const circumstances: Column[] = [
    ['经济状况', 8, (r) => ECONOMIC_LABELS[r.economic as keyof typeof ECONOMIC_LABELS] ?? r.economic, REPEATS],
    ['特困供养方式', 10, (r) => (r.tekunMode ? TEKUN_MODE[r.tekunMode] ?? r.tekunMode : null), REPEATS],
    ['独居/空巢/留守', 10, (r) => living(r) || null, REPEATS],
  ];
  const assessment: Column[] = [
    ...(o.station ? ([['评估站点', 20, (r) => r.station ?? null, REPEATS]] as Column[]) : []),
    ['评估编号', 16, (r) => r.assessmentNo],
    ['评估工具', 26, (r) => instrumentTitle(r.instrumentId), REPEATS],
    ['工具版本', 8, (r) => r.instrumentVersion, REPEATS],
    ['评估日期', 11, (r) => r.assessmentDate],
    ['评估原因', 10, (r) => ASSESSMENT_REASON_LABELS[r.reason as keyof typeof ASSESSMENT_REASON_LABELS] ?? r.reason, REPEATS],
    ['各指标得分', 36, (r) => r.indicators, REPEATS],
    ['总分', 6, (r) => r.total],
    ['初步等级', 14, (r) => r.preliminaryLevelName, REPEATS],
    ['最终等级', 14, (r) => r.finalLevelName, REPEATS],
    ['等级变更依据', 20, (r) => r.adjustments || null, REPEATS],
    ['服务对象类别', 14, (r) => r.categoryName, REPEATS],
    ['可享待遇', 36, (r) => r.entitlements || null, REPEATS],
    ['照护服务', 36, (r) => services(r), REPEATS],
    ['评估员', 14, (r) => [r.assessor1, r.assessor2].filter(Boolean).join('、') || null, REPEATS],
    ['定稿时间', 18, (r) => r.finalizedAt],
    ['签名时间', 18, (r) => r.signedAt],
    ['状态', 7, (r) => STATUS[r.status] ?? r.status, REPEATS],
    ['政策包', 20, (r) => (r.packTitle ? `${r.packTitle}（${r.packVersion}）` : null), REPEATS],
  ];
  const due: Column[] = o.dueDate
    ? [['复评到期日期', 12, (r) => (r.lastAssessmentDate ? reassessmentDueDate(r.lastAssessmentDate, o.intervalMonths) : null)]]
    : [];
  const all = [...person, ...circumstances, ...due, ...assessment];
  const cells = all.map(([, , f]) => f);
  return {
    headers: all.map(([h]) => h),
    widths: all.map(([, w]) => w),
    repeats: all.map(([, , , r]) => r === REPEATS),
    row(r) {
      const out = new Array<Cell>(cells.length);
      for (let i = 0; i < cells.length; i++) out[i] = cells[i]!(r);
      return out;
    },
  };
}

const titles = new Map<string, string>();
const instrumentTitle = (id: string): string => {
  let t = titles.get(id);
  if (t === undefined) titles.set(id, (t = getInstrument(id)?.title ?? id));
  return t;
};

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
