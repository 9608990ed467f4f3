import type { AssessmentRecord, PersonFacts } from '../contract/records';
import { maskIdNumber } from '../validation/id-number';
import { allFields, boundField, findField, riskEventFields } from './lookup';
import type { ChoiceOption, FormField, HeaderKey, InstrumentDefinition } from './types';

/** One summary line as printed: a label and the answer in words. */
export interface SummaryText {
  label: string;
  value: string;
}

/**
 * Answers in words, for the report and the screens alike: each form field's answer read from
 * where the instrument's definition says it lives (the header, the person record, the
 * scoring facts or the other answers), worded with the field's and options' own labels,
 * and laid out as the definition's `report.summary` lines ask.
 */

const NOT_FILLED = '未填写';

/** 13905951234 → 139****1234; other numbers are masked like an ID number. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (/^1\d{10}$/.test(p)) return `${p.slice(0, 3)}****${p.slice(7)}`;
  return maskIdNumber(p);
}

function flatOptions(options: readonly ChoiceOption[]): ChoiceOption[] {
  return options.flatMap((o) => [o, ...flatOptions(o.children ?? [])]);
}

/** A label as printed in a summary: without "（多选）"-style hints. */
export function printLabel(label: string): string {
  return label.replace(/（(?:可)?多选）$/, '').trim();
}

function optionText(o: ChoiceOption, specify: unknown): string {
  const base = o.icd ? `${o.label} ${o.icd}` : o.label;
  return typeof specify === 'string' && specify.trim() ? `${base}（${specify.trim()}）` : base;
}

/**
 * One field's answer in words, or null when unanswered. `blanks` carries the free-text
 * blanks that go with an option (`<code>#<option>`), as the assessment form stores them.
 */
export function describeField(field: FormField, value: unknown, blanks: Readonly<Record<string, unknown>>): string | null {
  const blank = (option: string) => blanks[`${field.code}#${option}`];
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
      const chosen = flatOptions(field.options).filter((o) => (value as unknown[]).includes(o.code));
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

export interface AnswerSource {
  header: AssessmentRecord['header'];
  answers: AssessmentRecord['answers'];
  person: PersonFacts;
}

/** A field's raw answer, from wherever the definition says it lives. */
export function answerOf(def: InstrumentDefinition, src: AnswerSource, field: FormField): unknown {
  const scoring = src.answers.scoring;
  const b = field.bind;
  if (b && 'header' in b) return src.header[b.header];
  if (b && 'person' in b) {
    const stored = src.person[b.person];
    const code = b.values ? Object.entries(b.values).find(([, v]) => v === stored)?.[0] : undefined;
    return code ?? stored;
  }
  if (def.facts.coma?.field === field.code) return scoring.coma ? 'yes' : 'no';
  if (def.facts.diagnoses?.field === field.code) return scoring.diagnoses ?? [];
  if (field.kind === 'count' && riskEventFields(def).some((f) => f.code === field.code)) return scoring.riskEvents?.[field.key] ?? 0;
  return src.answers.basic[field.code];
}

/** The free-text blanks of every field: the form's own, and the person record's where a binding names one. */
function blanksOf(def: InstrumentDefinition, src: AnswerSource): Record<string, unknown> {
  const out: Record<string, unknown> = { ...src.answers.basic };
  for (const f of allFields(def)) {
    const b = f.bind;
    if (b && 'person' in b && b.specify) for (const [option, key] of Object.entries(b.specify)) out[`${f.code}#${option}`] = src.person[key];
  }
  const reason = boundField(def, 'reason');
  if (reason && src.header.reasonOther) out[`${reason.code}#other`] = src.header.reasonOther;
  return out;
}

/** Words for the field bound to a header column (评估原因, 信息提供者关系); null when the form has none. */
export function headerInWords(def: InstrumentDefinition, src: AnswerSource, key: HeaderKey): string | null {
  const f = boundField(def, key);
  return f ? describeField(f, answerOf(def, src, f), blanksOf(def, src)) : null;
}

/** Words for one field by its code; null when unanswered or when the instrument has no such field. */
export function fieldInWords(def: InstrumentDefinition, src: AnswerSource, code: string): string | null {
  const f = findField(def, code);
  return f ? describeField(f, answerOf(def, src, f), blanksOf(def, src)) : null;
}

/** The definition's summary lines, worded. */
export function basicInfoSummary(def: InstrumentDefinition, src: AnswerSource, maskPhones: boolean): SummaryText[] {
  const blanks = blanksOf(def, src);
  const say = (f: FormField): string | null => describeField(f, answerOf(def, src, f), blanks);
  const lines: SummaryText[] = [];
  for (const spec of def.report.summary) {
    if ('fields' in spec) {
      const fields = spec.fields.map((c) => findField(def, c)).filter((f): f is FormField => !!f);
      if (!fields.length) continue;
      const label = spec.label ?? fields.map((f) => printLabel(f.label)).join(' / ');
      const values = fields.map((f) => {
        const v = say(f);
        return v && spec.phone && maskPhones && /^\+?[\d\s-]{7,}$/.test(v) ? maskPhone(v) : v;
      });
      if (spec.join !== undefined) {
        // A joined line (name and phone of a contact) prints what is there, or nothing at all.
        const present = values.filter((v): v is string => !!v);
        if (present.length) lines.push({ label, value: present.join(spec.join) });
      } else {
        lines.push({ label, value: fields.length === 1 ? (values[0] ?? NOT_FILLED) : values.map((v) => v ?? '—').join(' / ') });
      }
    } else if ('each' in spec) {
      const section = def.forms.find((s) => s.code === spec.each);
      for (const f of section?.fields ?? []) lines.push({ label: `${f.code} ${printLabel(f.label)}`, value: say(f) ?? NOT_FILLED });
    } else {
      const group = findField(def, spec.section);
      if (group?.kind === 'group') {
        lines.push({ label: `${group.code} ${printLabel(group.label)}`, value: group.fields.map((f) => `${printLabel(f.label)}：${say(f) ?? '无'}`).join('；') });
        continue;
      }
      const section = def.forms.find((s) => s.code === spec.section);
      if (!section) continue;
      const parts = section.fields.map((f) => [printLabel(f.label), say(f)] as const).filter(([, v]) => v !== null);
      lines.push({ label: `${section.code} ${section.title.replace(/表$/, '')}`, value: parts.length ? parts.map(([l, v]) => `${l}：${v}`).join('；') : NOT_FILLED });
    }
  }
  return lines;
}


/** A person-bound field's stored value in words (the screens show these read-only). */
export function personFieldInWords(field: FormField, person: PersonFacts): string | null {
  const b = field.bind;
  if (!b || !('person' in b)) return null;
  const stored = person[b.person];
  const value = b.values ? (Object.entries(b.values).find(([, v]) => v === stored)?.[0] ?? stored) : stored;
  const blanks: Record<string, unknown> = {};
  for (const [option, key] of Object.entries(b.specify ?? {})) blanks[`${field.code}#${option}`] = person[key];
  return describeField(field, value, blanks);
}
