import { randomUUID } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import type { z } from 'zod';
import { personFactsSchema, type PersonRecord, type PersonRow } from '../../../../shared/contract';
import {
  birthDateProblem,
  personInputSchema,
  personPatchSchema,
  type PersonData,
  type PersonInput,
  type PersonPatch,
} from '../../../../shared/validation/person';
import { zodFieldErrors } from '../../../../shared/contract/zod-zh';
import type { Actor, AuditLog } from '../audit';
import { isConstraintError, type Db } from '../database';
import { StoreError, validationError } from '../errors';
import { dueByBound, localToday, minusMonths, plusMonths, reassessmentDueDate } from '../../../../shared/policy/dates';

export interface PersonSearch {
  /** Name prefix; pinyin-initials prefix when only ASCII letters; ID-number prefix when digits (and X). */
  query?: string;
  county?: string;
  township?: string;
  lastLevel?: number;
  /** Only persons whose reassessment falls due (nextReassessmentDate) on `today` or earlier. */
  reassessmentDue?: boolean;
  /** YYYY-MM-DD; defaults to today (local time). */
  today?: string;
  limit?: number;
  offset?: number;
}

export interface PersonSearchResult {
  /** ID numbers in full: whoever shows the list decides on masking. */
  rows: PersonRow[];
  total: number;
}

/** Pinyin initials, lower-case a–z only; surnames read with their surname pronunciation (单 → s). */
export function nameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Upper bound of a prefix range: every string starting with `prefix` sorts below it. */
export function prefixUpperBound(prefix: string): string {
  // U+10FFFF, not U+FFFF: SQLite compares UTF-8 bytes and names with characters beyond the
  // basic plane (𠮷 is F0 A0 AE B7) sort above EF BF BF.
  return prefix + '\u{10FFFF}';
}

export { localToday, minusMonths, plusMonths };

interface PersonSqlRow {
  id: string;
  name: string;
  name_initials: string;
  sex: '男' | '女';
  birth_date: string;
  id_number: string | null;
  phone: string | null;
  county: string | null;
  township: string | null;
  village: string | null;
  address: string | null;
  ethnicity: PersonData['ethnicity'];
  ethnicity_detail: string | null;
  religion: PersonData['religion'];
  religion_detail: string | null;
  education: PersonData['education'];
  marital_status: PersonData['maritalStatus'];
  living_arrangements: string;
  medical_payment: string;
  income_sources: string;
  height_cm: number | null;
  weight_kg: number | null;
  economic: PersonData['economic'];
  tekun_mode: PersonData['tekunMode'];
  family_planning_special: number;
  disability_grade: number;
  living_alone: number;
  empty_nest: number;
  left_behind: number;
  central_care_allowance: number;
  last_level: number | null;
  last_assessment_date: string | null;
  last_assessment_id: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

/** The one mapping from a `persons` row to the contract's record. */
function fromRow(r: PersonSqlRow, intervalMonths: number): PersonRecord {
  return {
    id: r.id,
    name: r.name,
    nameInitials: r.name_initials,
    sex: r.sex,
    birthDate: r.birth_date,
    idNumber: r.id_number,
    phone: r.phone,
    county: r.county,
    township: r.township,
    village: r.village,
    address: r.address,
    ethnicity: r.ethnicity,
    ethnicityDetail: r.ethnicity_detail,
    religion: r.religion,
    religionDetail: r.religion_detail,
    education: r.education,
    maritalStatus: r.marital_status,
    livingArrangements: JSON.parse(r.living_arrangements) as PersonData['livingArrangements'],
    medicalPayment: JSON.parse(r.medical_payment) as PersonData['medicalPayment'],
    incomeSources: JSON.parse(r.income_sources) as PersonData['incomeSources'],
    heightCm: r.height_cm,
    weightKg: r.weight_kg,
    economic: r.economic,
    tekunMode: r.tekun_mode,
    familyPlanningSpecial: r.family_planning_special === 1,
    disabilityGrade: r.disability_grade,
    livingAlone: r.living_alone === 1,
    emptyNest: r.empty_nest === 1,
    leftBehind: r.left_behind === 1,
    centralCareAllowance: r.central_care_allowance === 1,
    lastLevel: r.last_level,
    lastAssessmentDate: r.last_assessment_date,
    lastAssessmentId: r.last_assessment_id,
    nextReassessmentDate: r.last_assessment_date ? reassessmentDueDate(r.last_assessment_date, intervalMonths) : null,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Column values of a validated person, as bound by the INSERT and UPDATE statements. */
export function personColumns(p: PersonData): Record<string, string | number | null> {
  return {
    name: p.name,
    name_initials: nameInitials(p.name),
    sex: p.sex,
    birth_date: p.birthDate,
    id_number: p.idNumber,
    phone: p.phone,
    county: p.county,
    township: p.township,
    village: p.village,
    address: p.address,
    ethnicity: p.ethnicity,
    ethnicity_detail: p.ethnicityDetail,
    religion: p.religion,
    religion_detail: p.religionDetail,
    education: p.education,
    marital_status: p.maritalStatus,
    living_arrangements: JSON.stringify(p.livingArrangements),
    medical_payment: JSON.stringify(p.medicalPayment),
    income_sources: JSON.stringify(p.incomeSources),
    height_cm: p.heightCm,
    weight_kg: p.weightKg,
    economic: p.economic,
    tekun_mode: p.tekunMode,
    family_planning_special: p.familyPlanningSpecial ? 1 : 0,
    disability_grade: p.disabilityGrade,
    living_alone: p.livingAlone ? 1 : 0,
    empty_nest: p.emptyNest ? 1 : 0,
    left_behind: p.leftBehind ? 1 : 0,
    central_care_allowance: p.centralCareAllowance ? 1 : 0,
  };
}

const DATA_COLUMNS = Object.keys(
  personColumns(personInputSchema.parse({ name: 'x', sex: '男', birthDate: '1950-01-01' })),
);

export const PERSON_INSERT_SQL = `INSERT INTO persons (id, ${DATA_COLUMNS.join(', ')}, revision, created_at, updated_at)
  VALUES (@id, ${DATA_COLUMNS.map((c) => '@' + c).join(', ')}, 1, @created_at, @updated_at)`;

/** The columns of a list row, named as the contract's PersonRow (the due date is computed). */
const ROW_COLUMNS = `id, name, sex, birth_date AS birthDate, id_number AS idNumber, county, township, village,
  last_level AS lastLevel, last_assessment_date AS lastAssessmentDate`;

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(zodFieldErrors(r.error));
  return r.data;
}

/** The birth date against the clock; `today` defaults to this machine's date (callers with a clock of their own pass it). */
function checkBirthDate(birthDate: string, today: string | undefined): void {
  const problem = birthDateProblem(birthDate, today ?? localToday());
  if (problem) throw validationError([{ path: 'birthDate', message: problem }]);
}

/** What a stale form gets: someone else saved this person since the form read them. */
export const PERSON_CONFLICT_MESSAGE = '此人的资料已被他人修改，请刷新后再改';

function duplicateError(existingId: string): StoreError {
  return new StoreError('CONFLICT', '该公民身份号码已登记', [{ path: 'idNumber', message: '该公民身份号码已登记' }], { existingId });
}

export class PersonsRepo {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly byIdNumberStmt;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly reassessmentMonths: () => number,
  ) {
    this.insertStmt = db.prepare(PERSON_INSERT_SQL);
    this.byIdStmt = db.prepare('SELECT * FROM persons WHERE id = ?');
    this.byIdNumberStmt = db.prepare('SELECT id FROM persons WHERE id_number = ?');
  }

  create(input: PersonInput, actor: Actor, opts: { today?: string } = {}): PersonRecord {
    const data = parseOrThrow(personInputSchema, input);
    checkBirthDate(data.birthDate, opts.today);
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .transaction(() => {
        if (data.idNumber) {
          const dup = this.byIdNumberStmt.get(data.idNumber) as { id: string } | undefined;
          if (dup) throw duplicateError(dup.id);
        }
        try {
          this.insertStmt.run({ id, ...personColumns(data), created_at: now, updated_at: now });
        } catch (err) {
          if (isConstraintError(err, 'UNIQUE') && data.idNumber) {
            const dup = this.byIdNumberStmt.get(data.idNumber) as { id: string } | undefined;
            if (dup) throw duplicateError(dup.id);
          }
          throw err;
        }
        this.audit.append(actor, { action: 'person.create', entity: 'person', entityId: id });
      })
      .immediate();
    return this.peek(id)!;
  }

  /**
   * Replaces the given fields. `revision`, when given, must be the current one (the
   * form was not edited by someone else meanwhile); the contract always gives it.
   */
  update(id: string, patch: PersonPatch, actor: Actor, opts: { revision?: number; today?: string } = {}): PersonRecord {
    const changes = parseOrThrow(personPatchSchema, patch);
    if (changes.birthDate !== undefined) checkBirthDate(changes.birthDate, opts.today);
    return this.db
      .transaction(() => {
        const cur = this.peek(id);
        if (!cur) throw new StoreError('NOT_FOUND', '找不到该老年人的档案');
        if (opts.revision !== undefined && opts.revision !== cur.revision)
          throw new StoreError('CONFLICT', PERSON_CONFLICT_MESSAGE, undefined, { revision: cur.revision });
        // The merged record goes through the full schema again: cross-field rules (ID number
        // against birth date and sex, 特困 mode, 独居) hold for the result, not just the patch.
        const merged = parseOrThrow(personInputSchema, { ...personFactsSchema.parse(cur), ...changes });
        const changed = (Object.keys(changes) as (keyof PersonData)[]).filter(
          (k) => JSON.stringify(changes[k]) !== JSON.stringify(cur[k]),
        );
        if (changed.length === 0) return cur;
        if (merged.idNumber && merged.idNumber !== cur.idNumber) {
          const dup = this.byIdNumberStmt.get(merged.idNumber) as { id: string } | undefined;
          if (dup && dup.id !== id) throw duplicateError(dup.id);
        }
        const cols = personColumns(merged);
        const sets = Object.keys(cols).map((c) => `${c} = @${c}`);
        this.db
          .prepare(`UPDATE persons SET ${sets.join(', ')}, revision = revision + 1, updated_at = @updated_at WHERE id = @id`)
          .run({ ...cols, id, updated_at: new Date().toISOString() });
        this.audit.append(actor, { action: 'person.update', entity: 'person', entityId: id, detail: { fields: changed } });
        return this.peek(id)!;
      })
      .immediate();
  }

  /**
   * Validated people written in one go, for bulk loading (seeding): no per-row audit (the
   * caller writes one audit row for the batch, in its transaction) and no duplicate lookup
   * (the caller guarantees distinct ID numbers; the unique index still refuses a repeat).
   */
  insertMany(people: readonly { id: string; data: PersonData }[], at: string): void {
    for (const p of people) this.insertStmt.run({ id: p.id, ...personColumns(p.data), created_at: at, updated_at: at });
  }

  /** Every ID number on file, for a loader that must not draw one twice. */
  idNumbers(): Set<string> {
    return new Set((this.db.prepare('SELECT id_number FROM persons WHERE id_number IS NOT NULL').all() as { id_number: string }[]).map((r) => r.id_number));
  }

  /** Sets the person's latest capability assessment (bulk loading; finalize does it itself). */
  setLatest(personId: string, latest: { id: string; level: number; date: string }): void {
    (this.setLatestStmt ??= this.db.prepare('UPDATE persons SET last_level = ?, last_assessment_date = ?, last_assessment_id = ? WHERE id = ?')).run(
      latest.level,
      latest.date,
      latest.id,
      personId,
    );
  }
  private setLatestStmt: ReturnType<Db['prepare']> | undefined;

  /** Reads a record for a person's screen and audits the view. */
  get(id: string, actor: Actor): PersonRecord {
    return this.db
      .transaction(() => {
        const p = this.peek(id);
        if (!p) throw new StoreError('NOT_FOUND', '找不到该老年人的档案');
        this.audit.append(actor, { action: 'person.view', entity: 'person', entityId: id });
        return p;
      })
      .immediate();
  }

  /** Reads without auditing: for the store's own checks, never for showing a person to a user. */
  peek(id: string): PersonRecord | null {
    const r = this.byIdStmt.get(id) as PersonSqlRow | undefined;
    return r ? fromRow(r, this.reassessmentMonths()) : null;
  }

  private withNextDate(rows: Omit<PersonRow, 'nextReassessmentDate'>[]): PersonRow[] {
    const months = this.reassessmentMonths();
    return rows.map((r) => ({ ...r, nextReassessmentDate: r.lastAssessmentDate ? reassessmentDueDate(r.lastAssessmentDate, months) : null }));
  }

  /** Existing persons with the same ID number, or the same name and birth date. */
  findDuplicates(input: { name?: string; birthDate?: string; idNumber?: string | null }): PersonRow[] {
    const out = new Map<string, Omit<PersonRow, 'nextReassessmentDate'>>();
    if (input.idNumber) {
      const id = input.idNumber.replace(/\s+/g, '').toUpperCase();
      for (const r of this.db.prepare(`SELECT ${ROW_COLUMNS} FROM persons WHERE id_number = ?`).all(id) as Omit<PersonRow, 'nextReassessmentDate'>[]) out.set(r.id, r);
    }
    if (input.name && input.birthDate) {
      const rows = this.db
        .prepare(`SELECT ${ROW_COLUMNS} FROM persons WHERE name = ? AND birth_date = ?`)
        .all(input.name.trim(), input.birthDate) as Omit<PersonRow, 'nextReassessmentDate'>[];
      for (const r of rows) out.set(r.id, r);
    }
    return this.withNextDate([...out.values()]);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n;
  }

  /**
   * Prefix search built on range predicates (`col >= p AND col < p || U+FFFF`), which
   * SQLite answers from an index, unlike LIKE under its default case-insensitive rules.
   */
  search(s: PersonSearch = {}): PersonSearchResult {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    let order = 'name, id';
    const q = (s.query ?? '').trim();
    if (q) {
      let col: string;
      let prefix: string;
      if (/^\d+[xX]?$/.test(q)) {
        col = 'id_number';
        prefix = q.toUpperCase();
        order = 'id_number';
      } else if (/^[A-Za-z]+$/.test(q)) {
        col = 'name_initials';
        prefix = q.toLowerCase();
        order = 'name_initials, name, id';
      } else {
        col = 'name';
        prefix = q;
      }
      where.push(`${col} >= @lo AND ${col} < @hi`);
      params['lo'] = prefix;
      params['hi'] = prefixUpperBound(prefix);
    }
    if (s.county) {
      where.push('county = @county');
      params['county'] = s.county;
    }
    if (s.township) {
      where.push('township = @township');
      params['township'] = s.township;
    }
    if (s.lastLevel !== undefined) {
      where.push('last_level = @lastLevel');
      params['lastLevel'] = s.lastLevel;
    }
    if (s.reassessmentDue) {
      // Due when the date every list shows (reassessmentDueDate) is today or earlier.
      where.push('last_assessment_date < @bound');
      params['bound'] = dueByBound(s.today ?? localToday(), this.reassessmentMonths());
      // Who is due longest comes first: the order a reassessment round works in, and one the
      // date index gives directly however few are due.
      if (!q) order = 'last_assessment_date, name, id';
    }
    const limit = Math.max(1, Math.min(500, Math.trunc(s.limit ?? 20)));
    const offset = Math.max(0, Math.trunc(s.offset ?? 0));
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT ${ROW_COLUMNS} FROM persons ${whereSql} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`)
      .all(params) as Omit<PersonRow, 'nextReassessmentDate'>[];
    const total =
      offset === 0 && rows.length < limit
        ? rows.length
        : (this.db.prepare(`SELECT count(*) AS n FROM persons ${whereSql}`).get(params) as { n: number }).n;
    return { rows: this.withNextDate(rows), total };
  }
}
