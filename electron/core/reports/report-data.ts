import { getInstrument, type ChoiceOption, type FormField, type InstrumentDefinition } from '../../../shared/instruments';
import type { Classification } from '../../../shared/policy';
import type { ScoreResult } from '../../../shared/scoring';
import type { AssessmentRecord, PersonRecord } from '../../../shared/contract';
import { StoreError, type Handwriting, type Store } from '../db';
import { maskIdNumber } from './mask';
import { C4_CLAUSES } from './sample';
import type { ReportAdjustment, ReportData, ReportIndicator, ReportLine, ReportSignatures } from './types';

/**
 * Builds the report of one finalized or signed assessment from what the store holds: the
 * person's record, the assessment's header, answers, result and classification, and the
 * instrument definition it was scored under (its field and option labels word the A.2–A.5
 * summary). Pure apart from reading the store; the same rows give the same data, so a
 * report re-rendered later is the same report.
 */

export interface ReportDataOptions {
  /** Print the 公民身份号码 (and phone numbers) in full; default masked. */
  fullId?: boolean;
  /** Handwritten signatures to draw; default the ones stored with the assessment. */
  handwriting?: readonly Handwriting[];
  /** Dates beside boxes that have no handwriting (the assessors' digital signatures), YYYY-MM-DD. */
  signedOn?: string;
}

const NOT_FILLED = '未填写';

/** 13905951234 → 139****1234; other numbers keep a third at each end. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (/^1\d{10}$/.test(p)) return `${p.slice(0, 3)}****${p.slice(7)}`;
  return maskIdNumber(p);
}

function flatOptions(options: readonly ChoiceOption[]): ChoiceOption[] {
  return options.flatMap((o) => [o, ...flatOptions(o.children ?? [])]);
}

/** A label as printed in a summary: without "（多选）"-style hints. */
function printLabel(label: string): string {
  return label.replace(/（(?:可)?多选）$/, '').trim();
}

function optionText(o: ChoiceOption, specify: unknown): string {
  const base = o.icd ? `${o.label} ${o.icd}` : o.label;
  return typeof specify === 'string' && specify.trim() ? `${base}（${specify.trim()}）` : base;
}

/**
 * One field's answer in words, or null when unanswered. `basic` carries the free-text blanks
 * that go with an option (`<code>#<option>`), as the assessment form stores them.
 */
export function describeField(field: FormField, value: unknown, basic: Record<string, unknown>): string | null {
  const blank = (option: string) => basic[`${field.code}#${option}`];
  switch (field.kind) {
    case 'text':
    case 'date':
      return typeof value === 'string' && value.trim() ? value.trim() : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? `${value} ${field.unit}` : null;
    case 'single': {
      const o = flatOptions(field.options).find((x) => x.code === value);
      return o ? optionText(o, blank(o.code)) : null;
    }
    case 'multi': {
      if (!Array.isArray(value) || value.length === 0) return null;
      const options = flatOptions(field.options);
      const chosen = options.filter((o) => (value as unknown[]).includes(o.code));
      return chosen.length ? chosen.map((o) => optionText(o, blank(o.code))).join('、') : null;
    }
    case 'count': {
      if (typeof value !== 'number') return null;
      const top = field.options[field.options.length - 1];
      const o = field.options.find((x) => x.value === value) ?? (top && value > top.value ? top : undefined);
      const text = o?.label ?? `${value}次`;
      const detail = field.specify ? blank('text') : undefined;
      return typeof detail === 'string' && detail.trim() && value > 0 ? `${text}（${detail.trim()}）` : text;
    }
    case 'table': {
      if (!Array.isArray(value)) return null;
      const rows = (value as Record<string, unknown>[])
        .map((row) =>
          field.columns
            .map((c) => (typeof row?.[c.key] === 'string' ? (row[c.key] as string).trim() : ''))
            .filter(Boolean)
            .join(' '),
        )
        .filter(Boolean);
      return rows.length ? rows.join('；') : null;
    }
    case 'group':
      return null;
  }
}

function fieldOf(def: InstrumentDefinition, code: string): FormField | undefined {
  const walk = (fields: readonly FormField[]): FormField | undefined => {
    for (const f of fields) {
      if (f.code === code) return f;
      if (f.kind === 'group') {
        const hit = walk(f.fields);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  for (const form of def.forms) {
    const hit = walk(form.fields);
    if (hit) return hit;
  }
  return undefined;
}

/** Where each Annex A field's answer lives: the person record (A.2), the scoring facts, or `answers.basic`. */
function answerOf(def: InstrumentDefinition, a: AssessmentRecord, person: PersonRecord, code: string): unknown {
  const scoring = a.answers.scoring;
  if (def.facts.coma?.field === code) return scoring.coma ? 'yes' : 'no';
  if (def.facts.diagnoses?.field === code) return scoring.diagnoses ?? [];
  const riskGroup = def.facts.riskEvents ? fieldOf(def, def.facts.riskEvents.field) : undefined;
  if (riskGroup?.kind === 'group') {
    const count = riskGroup.fields.find((f) => f.code === code);
    if (count?.kind === 'count') return scoring.riskEvents?.[count.key] ?? 0;
  }
  const fromPerson: Record<string, unknown> = {
    'A.2.4': person.heightCm,
    'A.2.5': person.weightKg,
    'A.2.6': person.ethnicity,
    'A.2.7': person.religion,
    'A.2.9': person.education,
    'A.2.10': person.livingArrangements,
    'A.2.11': person.maritalStatus,
    'A.2.12': person.medicalPayment,
    'A.2.13': person.incomeSources,
  };
  if (code in fromPerson) return fromPerson[code];
  return a.answers.basic[code];
}

/** The A.2–A.5 summary: each line worded from the instrument's own labels. */
export function basicInfoSummary(def: InstrumentDefinition, a: AssessmentRecord, person: PersonRecord, maskPhones: boolean): ReportLine[] {
  // The person record keeps the minority's and the religion's names beside the choice.
  const basic: Record<string, unknown> = {
    ...a.answers.basic,
    'A.2.6#minority': person.ethnicityDetail,
    'A.2.7#yes': person.religionDetail,
  };
  const say = (code: string): string | null => {
    const f = fieldOf(def, code);
    return f ? describeField(f, answerOf(def, a, person, code), basic) : null;
  };
  const pair = (x: string, y: string) => `${say(x) ?? '—'} / ${say(y) ?? '—'}`;
  const label = (code: string, fallback: string) => {
    const f = fieldOf(def, code);
    return f ? printLabel(f.label) : fallback;
  };
  const lines: ReportLine[] = [];
  if (fieldOf(def, 'A.2.4')) {
    lines.push({ label: `${label('A.2.4', '身高')} / ${label('A.2.5', '体重')}`, value: pair('A.2.4', 'A.2.5') });
    lines.push({ label: `${label('A.2.6', '民族')} / ${label('A.2.7', '宗教信仰')}`, value: pair('A.2.6', 'A.2.7') });
    lines.push({ label: `${label('A.2.9', '文化程度')} / ${label('A.2.11', '婚姻状况')}`, value: pair('A.2.9', 'A.2.11') });
    for (const code of ['A.2.10', 'A.2.12', 'A.2.13']) if (fieldOf(def, code)) lines.push({ label: label(code, code), value: say(code) ?? NOT_FILLED });
  }

  const risk = def.facts.riskEvents ? fieldOf(def, def.facts.riskEvents.field) : undefined;
  if (risk?.kind === 'group') {
    const parts = risk.fields.map((f) => `${printLabel(f.label)}：${say(f.code) ?? '无'}`);
    lines.push({ label: `${risk.code} ${printLabel(risk.label)}`, value: parts.join('；') });
  }

  const contactName = say('A.3.3');
  const contactPhone = say('A.3.4');
  if (contactName || contactPhone) {
    const phone = contactPhone && maskPhones ? maskPhone(contactPhone) : contactPhone;
    lines.push({ label: 'A.3 联系人', value: [contactName, phone].filter(Boolean).join('，') });
  }

  for (const section of def.forms.filter((s) => s.code === 'A.4' || s.code === 'A.5')) {
    if (section.code === 'A.4') {
      for (const f of section.fields) lines.push({ label: `${f.code} ${printLabel(f.label)}`, value: say(f.code) ?? NOT_FILLED });
      continue;
    }
    // A.5: one line, the answered questions in form order.
    const parts = section.fields.map((f) => [printLabel(f.label), say(f.code)] as const).filter(([, v]) => v !== null);
    lines.push({ label: `${section.code} ${section.title.replace(/表$/, '')}`, value: parts.length ? parts.map(([l, v]) => `${l}：${v}`).join('；') : NOT_FILLED });
  }
  return lines;
}

function indicatorsOf(def: InstrumentDefinition, a: AssessmentRecord, result: ScoreResult): ReportIndicator[] {
  return def.indicators.map((ind) => ({
    code: ind.code,
    name: ind.name,
    max: ind.max,
    score: result.indicators[ind.code]?.score ?? null,
    items: ind.items.map((it) => {
      const score = a.answers.scoring.items[it.code];
      const chosen = typeof score === 'number' ? it.options.find((o) => o.score === score) : undefined;
      return { code: it.code, name: it.name, max: it.max, score: typeof score === 'number' ? score : null, optionText: chosen?.criterion ?? '' };
    }),
  }));
}

/** All three C.4 clauses, ticked where the engine found the condition. */
export function adjustmentsOf(result: ScoreResult): ReportAdjustment[] {
  return (Object.keys(C4_CLAUSES) as (keyof typeof C4_CLAUSES)[]).map((id) => {
    const hit = result.adjustments.find((x) => x.id === id);
    return { id, clauseText: C4_CLAUSES[id], applied: !!hit, ...(hit ? { explanation: hit.explanation } : {}) };
  });
}

function classificationOf(c: Classification | null): ReportData['classification'] {
  if (!c) return null;
  return {
    packId: c.packId,
    packVersion: c.packVersion,
    category: String(c.category),
    categoryName: c.categoryName,
    entitlements: c.entitlements.map((e) => ({ id: e.id, name: e.name, ...(e.amount !== undefined ? { amount: e.amount } : {}), verified: e.verified })),
    trail: c.trail.map((t) => ({ rule: t.rule, reason: t.reason, source: t.source, verified: t.verified })),
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

export function reportDataFromStore(store: Store, assessmentId: string, options: ReportDataOptions = {}): ReportData {
  const a = store.assessments.get(assessmentId);
  if (!a) throw new StoreError('NOT_FOUND', '找不到该评估记录');
  if (a.status === 'draft' || !a.result || !a.finalizedAt) throw new StoreError('CONFLICT', '评估尚未完成，不能生成报告');
  // The person as assessed (kept at finalize), so a later edit never changes a report.
  const person = store.assessments.personSnapshot(a.id) ?? store.persons.peek(a.personId);
  if (!person) throw new StoreError('NOT_FOUND', '找不到该老年人的档案');
  const def = getInstrument(a.instrumentId);
  if (!def) throw new StoreError('NOT_FOUND', `本程序没有评估工具 ${a.instrumentId}`);
  const result = a.result;
  const mask = !options.fullId;
  const inst = store.settings.getInstitution();
  const assessor = (id: string, name: string | null) => {
    const u = store.users.get(id);
    // The username, not the internal id, identifies the assessor on paper (the certificate carries the id).
    return { name: name ?? u?.displayName ?? '—', userId: u?.username ?? id };
  };
  const reasonField = fieldOf(def, 'A.1.3');
  const relationField = fieldOf(def, 'A.3.2');
  const reason = (reasonField && describeField(reasonField, a.header.reason, { 'A.1.3#other': a.header.reasonOther })) ?? a.header.reason;
  const relation = (relationField && describeField(relationField, a.header.informantRelation, {})) ?? '—';

  return {
    institution: { name: inst.name, ...(inst.code ? { code: inst.code } : {}) },
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
      instrumentId: def.standard.number,
      instrumentVersion: `${a.instrumentId} ${a.instrumentVersion}`,
      reason,
      assessmentDate: a.header.assessmentDate,
      place: a.header.place ?? '',
      assessors: [assessor(a.header.assessor1Id, a.assessor1Name), assessor(a.header.assessor2Id, a.assessor2Name)],
      informant: { name: a.header.informantName ?? '—', relation },
      finalizedAt: a.finalizedAt,
    },
    basicInfoSummary: basicInfoSummary(def, a, person, mask),
    indicators: indicatorsOf(def, a, result),
    total: result.total,
    preliminaryLevel: result.preliminaryLevel,
    preliminaryLevelName: result.preliminaryLevelName ?? '',
    finalLevel: result.finalLevel,
    finalLevelName: result.finalLevelName,
    levels: def.levels.map((l) => ({ level: l.level, name: l.name })),
    adjustments: adjustmentsOf(result),
    classification: classificationOf(a.classification),
    signatures: signaturesOf(options.handwriting ?? store.handwriting.list(a.id), options.signedOn),
  };
}
