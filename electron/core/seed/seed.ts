import { policyFactsOf } from '../policy/person-facts';
import { newId } from '../db/ids';
import { allItems, DEFAULT_INSTRUMENT_ID, getInstrument, type InstrumentDefinition } from '../../../shared/instruments';
import { classify, type Classification, type PolicyPack } from '../../../shared/policy';
import { scoreAssessment, type Answers, type ScoreResult } from '../../../shared/scoring';
import { makeIdNumber } from '../../../shared/validation/id-number';
import { personInputSchema, type PersonData, type PersonInput } from '../../../shared/validation/person';
import { assessmentNoPrefix } from '../db/repositories/assessments';
import { localToday } from '../db/repositories/persons';
import { assessorsOf } from '../users/accounts';
import type { Store } from '../db/store';
import { defaultPack } from '../policy/builtin';
import { mulberry32 } from '../../../shared/util/prng';

/**
 * Synthetic but realistic data for demos, tests and benchmarks: older people across
 * Quanzhou's 县（市、区）, with valid unique ID numbers that agree with birth date and sex,
 * and 1–3 finalized GB/T 42195 assessments each, scored by the real engine.
 */

export const QUANZHOU: readonly { county: string; code: string; townships: readonly string[] }[] = [
  { county: '鲤城区', code: '350502', townships: ['开元街道', '鲤中街道', '海滨街道', '临江街道', '浮桥街道', '江南街道', '金龙街道', '常泰街道'] },
  { county: '丰泽区', code: '350503', townships: ['东海街道', '城东街道', '东湖街道', '丰泽街道', '泉秀街道', '华大街道', '清源街道', '北峰街道'] },
  { county: '洛江区', code: '350504', townships: ['万安街道', '双阳街道', '河市镇', '马甲镇', '罗溪镇', '虹山乡'] },
  { county: '泉港区', code: '350505', townships: ['山腰街道', '南埔镇', '界山镇', '后龙镇', '峰尾镇', '前黄镇', '涂岭镇'] },
  { county: '惠安县', code: '350521', townships: ['螺城镇', '螺阳镇', '黄塘镇', '紫山镇', '东岭镇', '东桥镇', '涂寨镇', '净峰镇', '小岞镇', '山霞镇', '崇武镇', '辋川镇'] },
  { county: '安溪县', code: '350524', townships: ['凤城镇', '蓬莱镇', '湖头镇', '官桥镇', '剑斗镇', '城厢镇', '金谷镇', '龙门镇', '虎邱镇', '感德镇', '西坪镇'] },
  { county: '永春县', code: '350525', townships: ['桃城镇', '五里街镇', '一都镇', '下洋镇', '蓬壶镇', '达埔镇', '石鼓镇', '岵山镇', '东平镇'] },
  { county: '德化县', code: '350526', townships: ['浔中镇', '龙浔镇', '三班镇', '龙门滩镇', '雷峰镇', '南埕镇', '水口镇', '赤水镇', '上涌镇', '盖德镇'] },
  { county: '石狮市', code: '350581', townships: ['湖滨街道', '凤里街道', '灵秀镇', '宝盖镇', '蚶江镇', '祥芝镇', '鸿山镇', '锦尚镇', '永宁镇'] },
  { county: '晋江市', code: '350582', townships: ['青阳街道', '梅岭街道', '西园街道', '罗山街道', '灵源街道', '新塘街道', '安海镇', '磁灶镇', '陈埭镇', '池店镇', '内坑镇', '东石镇', '金井镇', '深沪镇', '龙湖镇', '英林镇', '永和镇'] },
  { county: '南安市', code: '350583', townships: ['溪美街道', '柳城街道', '美林街道', '省新镇', '东田镇', '仑苍镇', '英都镇', '翔云镇', '金淘镇', '诗山镇', '码头镇', '官桥镇', '水头镇', '石井镇', '洪濑镇', '康美镇'] },
];

// Weighted towards the surnames common in southern Fujian (陈、林、黄 first).
const SURNAMES = [...'陈陈陈陈林林林林黄黄黄王王吴吴张张李李蔡蔡郑郑许许洪庄苏施杨刘谢曾郭颜叶傅周柯卢骆潘余朱何邱肖康'];
const MALE_CHARS = [...'国建明志文福金水德荣清华成春龙海生永茂贵财忠添炳坤良宗泉辉聪民伟强江源振祥顺发'];
const FEMALE_CHARS = [...'秀美玉丽淑珍英兰芳凤桂琴月娥梅花霞云碧惠素银珠莲治好招雪梨宝'];
const VILLAGE_STEMS = ['东山', '后坑', '溪头', '新村', '前埔', '洋坪', '岭兜', '上厝', '下埔', '埔头', '湖美', '霞美', '坑口', '石井', '南星', '福林', '龙山', '凤山', '西亭', '云峰', '仙景', '古山', '梧桐', '桥头'];
const DIAGNOSES: readonly [string, number][] = [
  ['I10-I15', 0.45],
  ['E10-E14', 0.18],
  ['I25', 0.12],
  ['H25-H26', 0.1],
  ['M80-M82', 0.1],
  ['I63', 0.06],
  ['J44', 0.05],
  ['G20-G22', 0.02],
  ['C00-D48', 0.03],
];



export interface SeedClassification {
  classification: Classification;
  packId: string;
  packVersion: string;
}

export interface SeedOptions {
  persons: number;
  /** Same seed, same people (ids and timestamps aside). */
  seed?: number;
  batchSize?: number;
  /** YYYY-MM-DD the ages and assessment dates count back from; defaults to today. */
  today?: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * Classifies each assessment; defaults to the policy engine with the built-in
   * quanzhou-2022 pack. `null` leaves classification empty.
   */
  classify?: SeedClassifier | null;
}

export type SeedClassifier = (facts: { person: PersonData; assessmentDate: string; finalLevel: number }) => SeedClassification | null;

/** The policy engine over one pack, as the seeder calls it. */
export function policyClassifier(pack: PolicyPack): SeedClassifier {
  return ({ person, assessmentDate, finalLevel }) => {
    const c = classify(pack, policyFactsOf(person, assessmentDate, finalLevel));
    return { classification: c, packId: c.packId, packVersion: c.packVersion };
  };
}

export interface SeedResult {
  persons: number;
  assessments: number;
  ms: number;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function seedStore(store: Store, opts: SeedOptions): SeedResult {
  const started = performance.now();
  const rnd = mulberry32(opts.seed ?? Math.floor(Math.random() * 2 ** 32));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const chance = (p: number): boolean => rnd() < p;
  const today = opts.today ?? localToday();
  const batchSize = Math.max(1, opts.batchSize ?? 1000);
  const def = getInstrument(DEFAULT_INSTRUMENT_ID) as InstrumentDefinition;
  const items = allItems(def).map((it) => ({ code: it.code, scores: it.options.map((o) => o.score).sort((a, b) => a - b) }));
  const db = store.db;
  const actor = store.actor;
  const classifier = opts.classify === undefined ? policyClassifier(defaultPack()) : opts.classify;

  // Assessors: the accounts that may assess, topped up with sign-in-less synthetic ones.
  const assessorIds = assessorsOf(store).map((u) => u.id);
  for (let i = 1; assessorIds.length < 4; i++) {
    const username = `seed-assessor-${String(i).padStart(2, '0')}`;
    const existing = store.users.getByUsername(username);
    if (existing) {
      if (!assessorIds.includes(existing.id)) assessorIds.push(existing.id);
      continue;
    }
    assessorIds.push(store.users.createUserRow({ username, displayName: `评估员${'甲乙丙丁戊己'[i - 1] ?? i}`, role: 'assessor' }, actor).id);
  }

  const usedIds = store.persons.idNumbers();
  const institutionCode = store.settings.getInstitution().code;
  const institutionName = store.settings.getInstitution().name;
  const nextNo = new Map<string, number>();
  const assessmentNo = (date: string): string => {
    const prefix = assessmentNoPrefix(institutionCode, date);
    const n = nextNo.get(prefix) ?? store.assessments.lastSequence(prefix) + 1;
    nextNo.set(prefix, n + 1);
    return prefix + String(n).padStart(6, '0');
  };

  const villages = new Map<string, string[]>();
  const villagesOf = (township: string): string[] => {
    let v = villages.get(township);
    if (!v) {
      const suffix = township.endsWith('街道') ? '社区' : '村';
      const n = 5 + Math.floor(rnd() * 8);
      v = [...new Set(Array.from({ length: n }, () => pick(VILLAGE_STEMS) + suffix))];
      villages.set(township, v);
    }
    return v;
  };

  const makePerson = (): PersonData => {
    const area = pick(QUANZHOU);
    const township = pick(area.townships);
    const village = pick(villagesOf(township));
    const sex = chance(0.53) ? '女' : '男';
    const surname = pick(SURNAMES);
    const chars = sex === '男' ? MALE_CHARS : FEMALE_CHARS;
    const given = chance(0.8) ? pick(chars) + pick(chars) : pick(chars);
    const age = 60 + Math.floor(40 * rnd() ** 1.7);
    const birthYear = Number(today.slice(0, 4)) - age - 1;
    const birthDate = addDays(`${birthYear}-01-01`, Math.floor(rnd() * 365) + 1);
    let idNumber = '';
    for (let tries = 0; tries < 50; tries++) {
      let seq = Math.floor(rnd() * 500) * 2;
      if (sex === '男') seq += 1;
      idNumber = makeIdNumber(area.code, birthDate, seq % 1000);
      if (!usedIds.has(idNumber)) break;
    }
    usedIds.add(idNumber);
    const r = rnd();
    const economic = r < 0.03 ? 'tekun' : r < 0.09 ? 'dibao' : r < 0.12 ? 'dibaoEdge' : r < 0.17 ? 'lowIncome' : 'none';
    const alone = chance(0.12);
    const married = !alone && chance(age < 80 ? 0.7 : 0.4);
    const living: PersonData['livingArrangements'] = alone ? ['alone'] : married ? (chance(0.5) ? ['spouse'] : ['spouse', 'children']) : ['children'];
    const emptyNest = alone || (married && living.length === 1);
    const input: PersonInput = {
      name: surname + given,
      sex,
      birthDate,
      idNumber,
      phone: chance(0.85) ? `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}` : null,
      county: area.county,
      township,
      village,
      address: `福建省泉州市${area.county}${township}${village}${1 + Math.floor(rnd() * 300)}号`,
      ethnicity: chance(0.98) ? 'han' : 'minority',
      religion: chance(0.7) ? 'no' : 'yes',
      education: pick(['illiterate', 'illiterate', 'primary', 'primary', 'primary', 'juniorHigh', 'juniorHigh', 'seniorHigh', 'college'] as const),
      maritalStatus: married ? 'married' : alone && chance(0.2) ? 'unmarried' : chance(0.9) ? 'widowed' : 'divorced',
      livingArrangements: living,
      medicalPayment: chance(0.3) ? ['urbanEmployee'] : ['resident'],
      incomeSources: chance(0.5) ? ['pension', 'children'] : ['children', 'universalSubsidy'],
      heightCm: Math.round((sex === '男' ? 163 : 152) + (rnd() - 0.5) * 16),
      weightKg: Math.round((sex === '男' ? 60 : 52) + (rnd() - 0.5) * 24),
      economic,
      tekunMode: economic === 'tekun' ? (chance(0.7) ? 'dispersed' : 'centralized') : null,
      familyPlanningSpecial: chance(0.02),
      disabilityGrade: chance(0.9) ? 0 : 1 + Math.floor(rnd() * 4),
      livingAlone: alone,
      emptyNest,
      leftBehind: !alone && !married ? false : chance(0.08),
      // Institutional-care allowance: a few, never 特困 (their care is 特困供养).
      centralCareAllowance: economic !== 'tekun' && chance(0.03),
    };
    if (input.ethnicity === 'minority') input.ethnicityDetail = pick(['回族', '畲族', '满族', '蒙古族']);
    if (input.religion === 'yes') input.religionDetail = pick(['佛教', '道教', '基督教', '民间信仰']);
    return personInputSchema.parse(input);
  };

  const makeAnswers = (ability: number, age: number): Answers => {
    const scores: Record<string, number> = {};
    const intact = ability >= 0.999;
    for (const it of items) {
      const max = it.scores[it.scores.length - 1]!;
      if (intact) {
        scores[it.code] = max;
        continue;
      }
      const target = Math.max(0, Math.min(1, ability + (rnd() - 0.5) * 0.35)) * max;
      scores[it.code] = it.scores.reduce((best, s) => (Math.abs(s - target) < Math.abs(best - target) ? s : best), it.scores[0]!);
    }
    const diagnoses = DIAGNOSES.filter(([, p]) => chance(p)).map(([c]) => c);
    if (chance(ability < 0.5 ? 0.25 : age > 85 ? 0.06 : 0.02)) diagnoses.push('F00-F03');
    const falls = chance(0.85) ? 0 : chance(0.65) ? 1 : 2 + Math.floor(rnd() * 2);
    return {
      items: scores,
      coma: false,
      diagnoses,
      riskEvents: { fall: falls, wandering: ability < 0.4 && chance(0.1) ? 1 : 0, choking: chance(0.02) ? 1 : 0, suicideSelfHarm: 0, other: 0 },
    };
  };

  let persons = 0;
  let assessments = 0;
  const now = new Date().toISOString();
  const runBatch = db.transaction((count: number) => {
    let batchAssessments = 0;
    for (let i = 0; i < count; i++) {
      const p = makePerson();
      const personId = newId();
      store.persons.insertMany([{ id: personId, data: p }], now);
      const age = Number(today.slice(0, 4)) - Number(p.birthDate.slice(0, 4));
      const pIntact = Math.max(0.08, 0.6 - (age - 60) * 0.014);
      let ability = chance(pIntact) ? 1 : Math.max(0.05, Math.min(0.98, 1 - rnd() ** 0.6 * (0.3 + (age - 60) / 60)));
      const n = 1 + Math.floor(rnd() * 3);
      let date = addDays(today, -Math.floor(rnd() * 400) - (n - 1) * 365);
      let last: { id: string; level: number; date: string } | null = null;
      for (let k = 0; k < n; k++) {
        const answers = makeAnswers(ability, age);
        const outcome = scoreAssessment(def, answers);
        if (!outcome.ok) throw new Error(`seed produced invalid answers: ${outcome.errors[0]?.path}`);
        const result: ScoreResult = outcome.result;
        const cls = classifier?.({ person: p, assessmentDate: date, finalLevel: result.finalLevel }) ?? null;
        const id = newId();
        const a1 = pick(assessorIds);
        let second = a1;
        while (second === a1) second = pick(assessorIds);
        const child = chance(0.4);
        store.assessments.insertFinalized({
          id,
          personId,
          instrument: def,
          assessmentNo: assessmentNo(date),
          header: {
            reason: k === 0 ? 'first' : 'routine',
            assessmentDate: date,
            place: chance(0.6) ? `${p.township ?? ''}${p.village ?? ''}（入户）` : institutionName,
            assessor1Id: a1,
            assessor2Id: second,
            informantName: child ? p.name.slice(0, 1) + pick(MALE_CHARS) + pick(MALE_CHARS) : p.name,
            informantRelation: child ? 'child' : 'self',
          },
          answers: { basic: {}, scoring: { ...answers, items: answers.items as Record<string, number> } },
          result,
          classification: cls?.classification ?? null,
          createdBy: actor.userId,
          at: now,
        });
        last = { id, level: result.finalLevel, date };
        batchAssessments++;
        date = addDays(date, 330 + Math.floor(rnd() * 70));
        if (date > today) date = today;
        if (ability < 1 || chance(0.3)) ability = Math.max(0.02, Math.min(ability, 0.98) - rnd() * 0.08);
      }
      if (last) store.persons.setLatest(personId, last);
    }
    store.audit.append(actor, { action: 'seed.batch', entity: 'person', detail: { persons: count, assessments: batchAssessments } });
    return batchAssessments;
  });

  // Each batch is still atomic; NORMAL only lets the newest batches be lost on a power
  // cut (never half of one), which is fine for synthetic data and ~2× faster.
  const previous = db.pragma('synchronous', { simple: true }) as number;
  const previousCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  // Random UUID keys scatter inserts across the primary-key indexes; a larger cache keeps
  // their pages decrypted in memory instead of re-reading them at every batch.
  db.pragma('cache_size = -131072');
  // Fewer, larger checkpoints: each page is then decrypted and re-encrypted less often.
  db.pragma('wal_autocheckpoint = 10000');
  try {
    while (persons < opts.persons) {
      const count = Math.min(batchSize, opts.persons - persons);
      assessments += runBatch.immediate(count);
      persons += count;
      opts.onProgress?.(persons, opts.persons);
    }
  } finally {
    db.pragma(`synchronous = ${previous}`);
    db.pragma(`wal_autocheckpoint = ${previousCheckpoint}`);
    db.pragma(`cache_size = ${previousCache}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return { persons, assessments, ms: performance.now() - started };
}
