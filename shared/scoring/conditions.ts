import type { Condition } from '../instruments/types';
import type { NormalizedAnswers } from './answers';
import type { CompiledInstrument } from './compiled';

export interface ConditionOutcome {
  readonly holds: boolean;
  /** Values for the trigger's explanation template. */
  readonly vars: Readonly<Record<string, string>>;
}

const NO: ConditionOutcome = { holds: false, vars: {} };

export function evaluateCondition(c: CompiledInstrument, cond: Condition, answers: NormalizedAnswers): ConditionOutcome {
  switch (cond.kind) {
    case 'flag':
      return answers.coma ? { holds: true, vars: {} } : NO;
    case 'anyCode': {
      const matched = cond.codes.filter((code) => answers.diagnoses.includes(code));
      if (matched.length === 0) return NO;
      const labels = matched.map((code) => {
        const o = c.diagnoses.get(code);
        return o ? (o.icd ? `${o.label}（${o.icd}）` : o.label) : code;
      });
      return { holds: true, vars: { matched: labels.join('、') } };
    }
    case 'countSum': {
      const keys = cond.keys ?? [...c.riskEvents.keys()];
      const cap = cond.countEachUpTo ?? Infinity;
      let sum = 0;
      let capped = false;
      const parts: string[] = [];
      for (const key of keys) {
        const n = answers.riskEvents[key] ?? 0;
        if (n <= 0) continue;
        const counted = Math.min(n, cap);
        if (n >= cap) capped = true;
        sum += counted;
        const label = c.riskEvents.get(key)?.label ?? key;
        parts.push(n >= cap ? `${label}${cap}次及以上` : `${label}${n}次`);
      }
      if (sum < cond.atLeast) return NO;
      return { holds: true, vars: { total: capped ? `至少${sum}次` : `${sum}次`, detail: parts.join('，') } };
    }
  }
}

/** Fills `{name}` placeholders; an unknown name stays visible rather than vanishing. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
