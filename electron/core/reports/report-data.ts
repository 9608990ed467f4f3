import type { AssessmentRecord, CarePlan, PersonRecord } from '../../../shared/contract';
import { basicInfoSummary, getInstrument, headerInWords, headerLabel, instrumentVerified, maskPhone, type InstrumentDefinition } from '../../../shared/instruments';
import type { Classification } from '../../../shared/policy';
import { formatDate } from '../../../shared/util/dates';
import { StoreError, type Handwriting, type Store } from '../db';
import { resultBlock } from './result-block';
import type { ReportCarePlan, ReportData, ReportIndicator, ReportSignatures } from './types';

/**
 * The report of one finalized or signed assessment: what the store holds (the person as
 * assessed, the header, answers, result and classification) worded with the definition of
 * the instrument it was scored under. The same rows give the same data, so a report
 * re-rendered later is the same report.
 */

export interface ReportDataOptions {
  /** Print the 公民身份号码 (and phone numbers) in full; default masked. */
  fullId?: boolean;
  /** Handwritten signatures to draw; default the ones stored with the assessment. */
  handwriting?: readonly Handwriting[];
  /** Dates beside boxes that have no handwriting (the assessors' digital signatures), YYYY-MM-DD. */
  signedOn?: string;
}

/** Everything a report is built from, read beforehand: building it touches nothing else. */
export interface ReportInput {
  def: InstrumentDefinition;
  assessment: AssessmentRecord;
  person: PersonRecord;
  institution: { name: string; code: string | null };
  fullId: boolean;
  handwriting: readonly Handwriting[];
  signedOn?: string;
}

function indicatorsOf(def: InstrumentDefinition, a: AssessmentRecord): ReportIndicator[] {
  const result = a.result;
  return def.indicators.map((ind) => ({
    code: ind.code,
    name: ind.name,
    max: ind.max,
    score: result?.indicators[ind.code]?.score ?? null,
    items: ind.items.map((it) => {
      const score = a.answers.scoring.items[it.code];
      const chosen = typeof score === 'number' ? it.options.find((o) => o.score === score) : undefined;
      return { code: it.code, name: it.name, max: it.max, score: typeof score === 'number' ? score : null, optionText: chosen?.criterion ?? '' };
    }),
  }));
}

function classificationOf(c: Classification | null): ReportData['classification'] {
  if (!c) return null;
  return {
    pack: `${c.packTitle ?? c.packId}（版本 ${c.packVersion}）`,
    category: String(c.category),
    categoryName: c.categoryName,
    entitlements: c.entitlements.map((e) => ({ id: e.id, name: e.tier ? `${e.name}：${e.tier}` : e.name, ...(e.amount !== undefined ? { amount: e.amount } : {}), verified: e.verified })),
    trail: c.trail.map((t) => ({ title: t.title ?? '', reason: t.reason, source: t.source, verified: t.verified })),
  };
}

function signaturesOf(handwriting: readonly Handwriting[], signedOn: string | undefined): ReportSignatures {
  const by = new Map(handwriting.map((h) => [h.role, h]));
  const sig: ReportSignatures = { dates: {} };
  for (const role of ['assessor1', 'assessor2', 'informant'] as const) {
    const h = by.get(role);
    if (h) {
      sig[role] = h.png;
      sig.dates[role] = h.signedOn;
    } else if (signedOn && role !== 'informant') {
      // The assessors' digital signatures carry this date even without a drawn one.
      sig.dates[role] = signedOn;
    }
  }
  // The informant box stays blank (with empty 年月日 lines) unless they signed on the pad.
  return sig;
}

/** The plan as it reads now: the derived services, those unticked with their reason, and the note. */
function carePlanOf(plan: CarePlan | null): ReportCarePlan | null {
  if (!plan) return null;
  const [, version] = plan.catalogue.split('@');
  const who = (x: { byName: string | null; at: string }) => ({ byName: x.byName ?? '—', date: formatDate(x.at) });
  return {
    catalogue: `${plan.catalogueTitle}（版本 ${version ?? plan.catalogue}）`,
    verified: plan.verified,
    services: plan.services.map((s) => ({
      name: s.name,
      degree: s.degree,
      reasons: s.reasons,
      excluded: s.excluded ? { reason: s.excluded.text, ...who(s.excluded) } : null,
    })),
    note: plan.note ? { text: plan.note.text, ...who(plan.note) } : null,
  };
}

/** The report data from what was read; pure. */
export function buildReportData(input: ReportInput): ReportData {
  const { def, assessment: a, person } = input;
  const mask = !input.fullId;
  const src = { header: a.header, answers: a.answers, person };
  const notes: string[] = [];
  if (def.leveling.provenance?.verified === false) notes.push(`注：本评估工具的分级规则来自二手资料，尚待对照官方文本核实（待核实）${def.leveling.provenance.note ? `：${def.leveling.provenance.note}` : ''}`);
  else if (!instrumentVerified(def)) notes.push(`注：本评估工具的条文尚待核实（待核实）${def.provenance.note ? `：${def.provenance.note}` : ''}`);
  return {
    institution: { name: input.institution.name, ...(input.institution.code ? { code: input.institution.code } : {}) },
    reportNo: a.assessmentNo,
    person: {
      name: person.name,
      sex: person.sex,
      birthDate: person.birthDate,
      idNumber: person.idNumber ?? '',
      maskId: mask,
      county: person.county ?? '',
      township: person.township ?? '',
      village: person.village ?? '',
      ...(person.address ? { address: person.address } : {}),
      ...(person.phone ? { phone: mask ? maskPhone(person.phone) : person.phone } : {}),
    },
    assessment: {
      instrument: `${def.standard.number}《${def.standard.title}》`,
      instrumentVersion: a.instrumentVersion,
      reason: headerInWords(def, src, 'reason') ?? a.header.reason,
      assessmentDate: a.header.assessmentDate,
      place: a.header.place ?? '',
      assessors: [{ name: a.assessor1Name ?? '—' }, { name: a.assessor2Name ?? '—' }],
      informant: { name: a.header.informantName ?? '—', relation: headerInWords(def, src, 'informantRelation') ?? '—' },
      finalizedAt: a.finalizedAt ?? a.updatedAt,
    },
    heading: {
      title: def.report.title,
      basis: def.report.basis,
      ...(def.report.summaryHeading ? { summaryHeading: def.report.summaryHeading } : {}),
      itemsHeading: def.report.itemsHeading,
      resultHeading: def.report.resultHeading,
      assessorSignature: def.report.assessorSignature,
      fields: { assessmentNo: headerLabel(def, 'assessmentNo', '评估编号'), assessmentDate: headerLabel(def, 'assessmentDate', '评估日期'), reason: headerLabel(def, 'reason', '评估原因') },
    },
    conclusion: a.result?.finalLevelName ?? '',
    basicInfoSummary: basicInfoSummary(def, src, mask),
    indicators: indicatorsOf(def, a),
    result: resultBlock(def, a.result, a.answers.scoring.items),
    notes,
    classification: classificationOf(a.classification),
    carePlan: carePlanOf(a.carePlan),
    signatures: signaturesOf(input.handwriting, input.signedOn),
  };
}

export function reportDataFromStore(store: Store, assessmentId: string, options: ReportDataOptions = {}): ReportData {
  const a = store.assessments.get(assessmentId);
  if (!a) throw new StoreError('NOT_FOUND', '找不到该评估记录');
  if (a.status === 'draft' || !a.result || !a.finalizedAt) throw new StoreError('CONFLICT', '评估尚未完成，不能生成报告');
  // The person as assessed (kept at finalize), so a later edit never changes a report.
  const person = store.assessments.personSnapshot(a.id) ?? store.persons.peek(a.personId);
  if (!person) throw new StoreError('NOT_FOUND', '找不到该老年人的档案');
  const def = getInstrument(a.instrumentId);
  if (!def) throw new StoreError('NOT_FOUND', `本程序没有评估工具 ${a.instrumentId}`);
  const inst = store.settings.getInstitution();
  return buildReportData({
    def,
    assessment: a,
    person,
    institution: { name: inst.name, code: inst.code },
    fullId: !!options.fullId,
    handwriting: options.handwriting ?? store.handwriting.list(a.id),
    ...(options.signedOn ? { signedOn: options.signedOn } : {}),
  });
}
