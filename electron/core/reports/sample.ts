import type { AssessmentRecord, PersonRecord } from '../../../shared/contract';
import { DEFAULT_INSTRUMENT_ID, getInstrument } from '../../../shared/instruments';
import { classify } from '../../../shared/policy';
import { applyCarePlanChanges, deriveCarePlan } from '../../../shared/care-plan';
import { scoreValidated, validateAnswers } from '../../../shared/scoring';
import { builtinCatalogueFor } from '../care-plan/catalogues';
import { defaultPack } from '../policy/builtin';
import { policyFactsOf } from '../policy/person-facts';
import { buildReportData } from './report-data';
import type { ReportData } from './types';

/**
 * A fixed, entirely synthetic case for `yiyang demo-report`, the tests and the benchmarks:
 * the default instrument's own sample answers, a synthetic person (低保, so the Quanzhou
 * pack puts the sample in 一类), through the same engine, policy pack and report builder
 * as a stored assessment, so the demo prints what a real report would.
 */

/** Pinyin for the sample assessors: certificate subjects must be ASCII. */
export const SAMPLE_ASSESSORS = [
  { name: '张丽华', userId: 'u1001', pinyin: 'Zhang Lihua' },
  { name: '王建国', userId: 'u1002', pinyin: 'Wang Jianguo' },
] as const;

export interface SampleOptions {
  /** Replaces the person's name, e.g. to test rare characters. */
  personName?: string;
  signatures?: ReportData['signatures'];
  /** The instrument whose sample case to print (default GB/T 42195-2022). */
  instrumentId?: string;
}

function samplePerson(name: string): PersonRecord {
  return {
    id: 'sample-person',
    name,
    nameInitials: '',
    sex: '女',
    birthDate: '1942-05-16',
    // Synthetic: the region code 990000 does not exist.
    idNumber: '990000194205160026',
    phone: '13800005678',
    county: '示例县',
    township: '和平镇',
    village: '幸福村',
    address: '幸福村三组 12 号',
    ethnicity: 'han',
    ethnicityDetail: null,
    religion: 'no',
    religionDetail: null,
    education: 'primary',
    maritalStatus: 'widowed',
    livingArrangements: ['alone'],
    medicalPayment: ['resident'],
    incomeSources: ['pension', 'children'],
    heightCm: 156,
    weightKg: 51,
    economic: 'dibao',
    tekunMode: null,
    familyPlanningSpecial: false,
    disabilityGrade: 0,
    livingAlone: true,
    emptyNest: true,
    leftBehind: false,
    centralCareAllowance: false,
    lastLevel: null,
    lastAssessmentDate: null,
    lastAssessmentId: null,
    nextReassessmentDate: null,
    revision: 1,
    createdAt: '2026-11-28T07:00:00.000Z',
    updatedAt: '2026-11-28T07:00:00.000Z',
  };
}

export function sampleReportData(options: SampleOptions = {}): ReportData {
  const def = getInstrument(options.instrumentId ?? DEFAULT_INSTRUMENT_ID);
  if (!def) throw new Error(`unknown instrument ${options.instrumentId}`);
  if (!def.sample) throw new Error(`instrument ${def.id} has no sample case`);
  const { items, diagnoses, riskEvents, coma } = def.sample.scoring;
  // Copies, and only the facts the instrument declares: the others are refused in its answers.
  const scoring = {
    items: { ...items },
    ...(coma !== undefined ? { coma } : {}),
    ...(diagnoses ? { diagnoses: [...diagnoses] } : {}),
    ...(riskEvents ? { riskEvents: { ...riskEvents } } : {}),
  };
  const answers = { basic: { ...def.sample.basic }, scoring };
  const person = samplePerson(options.personName ?? '王秀兰');
  const validated = validateAnswers(def, answers.scoring);
  if (!validated.ok) throw new Error('the sample answers no longer score');
  const scored = { result: scoreValidated(def, validated.answers) };
  const catalogue = builtinCatalogueFor(def.id);
  const carePlan = catalogue ? applyCarePlanChanges(deriveCarePlan(catalogue, def, validated.answers, scored.result, { livingAlone: person.livingAlone }), []) : null;
  const assessmentDate = '2026-11-28';
  const assessment: AssessmentRecord = {
    id: 'sample-assessment',
    personId: person.id,
    instrumentId: def.id,
    instrumentVersion: def.version,
    assessmentNo: 'PG-2026-000123',
    header: {
      reason: 'first',
      reasonOther: null,
      assessmentDate,
      place: '评估对象家中（幸福村三组 12 号）',
      assessor1Id: SAMPLE_ASSESSORS[0].userId,
      assessor2Id: SAMPLE_ASSESSORS[1].userId,
      informantName: '李明',
      informantRelation: 'child',
      assessmentNo: 'PG-2026-000123',
    },
    assessor1Name: SAMPLE_ASSESSORS[0].name,
    assessor2Name: SAMPLE_ASSESSORS[1].name,
    answers,
    status: 'finalized',
    revision: 3,
    result: scored.result,
    // Only the capability level is classified on; another instrument's sample stands alone.
    classification: def.capability ? classify(defaultPack(), policyFactsOf(person, assessmentDate, scored.result.finalLevel)) : null,
    carePlan,
    supersedesId: null,
    createdAt: '2026-11-28T07:00:00.000Z',
    updatedAt: '2026-11-28T07:30:00.000Z',
    finalizedAt: '2026-11-28T07:30:00.000Z',
    signedAt: null,
    reportSha256: null,
  };
  const data = buildReportData({
    def,
    assessment,
    person,
    institution: { name: '示例市社会福利中心（演示数据）', code: 'DEMO-0001' },
    fullId: false,
    handwriting: [],
  });
  return { ...data, signatures: options.signatures ?? { dates: { assessor1: assessmentDate, assessor2: assessmentDate, informant: assessmentDate } } };
}
