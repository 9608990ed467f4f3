import type { AssessmentSummary, PersonRecord } from '../../../shared/contract';
import { getInstrument } from '../../../shared/instruments';
import { firstLastDateReaching } from '../../../shared/policy';

export interface InstrumentSuggestion {
  instrumentId: string;
  /** Why, for the assessor (Chinese). */
  reason: string;
}

/** The districts of Quanzhou's long-term-care insurance pilots (Shishi and Jinjiang). */
const LTC_PILOT_COUNTIES = ['石狮市', '晋江市'];

/**
 * Which care-needs instrument the person's circumstances call for, beside the default
 * capability assessment: the 特困 self-care check for a 特困 person (it sets the care tier),
 * the long-term-care scale for a resident of a pilot district. One already finalized within
 * the reassessment interval is not suggested again.
 */
export function suggestInstruments(
  person: Pick<PersonRecord, 'economic' | 'county'>,
  history: readonly Pick<AssessmentSummary, 'instrumentId' | 'assessmentDate' | 'status'>[],
  today: string,
  intervalMonths: number,
): InstrumentSuggestion[] {
  // Within the interval: its reassessment falls due today or later (the date the lists show).
  const from = firstLastDateReaching(today, intervalMonths);
  const recent = (id: string) => history.some((h) => h.instrumentId === id && h.status !== 'draft' && h.assessmentDate >= from);
  const out: InstrumentSuggestion[] = [];
  if (person.economic === 'tekun' && getInstrument('tekun-selfcare') && !recent('tekun-selfcare')) {
    out.push({ instrumentId: 'tekun-selfcare', reason: `特困人员：${intervalMonths} 个月内没有生活自理能力评估，照料护理等级需要它确定` });
  }
  if (person.county && LTC_PILOT_COUNTIES.includes(person.county) && getInstrument('ltc-2021') && !recent('ltc-2021')) {
    out.push({ instrumentId: 'ltc-2021', reason: `${person.county}为长期护理保险试点地区：${intervalMonths} 个月内没有长期护理失能等级评估` });
  }
  return out;
}
