import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/core/db';
import { selectionRows } from '../../../electron/core/exports/rows';
import { seedStore } from '../../../electron/core/seed/seed';
import { cleanupTempDirs, newStore } from '../store/helpers';

/**
 * The rows an export reads, against the source tables read plainly: texts the facts hold by
 * number, assessors by id and the person's fields each land under their own name.
 */

let store: Store;
beforeAll(async () => {
  store = (await newStore()).store;
  seedStore(store, { persons: 120, seed: 3, today: '2026-11-30' });
});
afterAll(cleanupTempDirs);

describe('export rows', () => {
  it.each([[{}], [{ from: '2026-01-01', county: '晋江市' }]])('carry every field, each from its own column (%o)', (filter: { from?: string; county?: string }) => {
    const rows = [...selectionRows(store.db, { filter, today: '2026-11-30', intervalMonths: 12 })];
    const want = store.db
      .prepare(
        `SELECT a.assessment_no AS assessmentNo, p.id AS personId, p.name, p.sex, p.birth_date AS birthDate, p.id_number AS idNumber, p.phone,
           p.county, p.township, p.village, p.address, p.economic, p.tekun_mode AS tekunMode, p.living_alone AS livingAlone,
           p.empty_nest AS emptyNest, p.left_behind AS leftBehind, p.last_assessment_date AS lastAssessmentDate,
           a.instrument_id AS instrumentId, a.instrument_version AS instrumentVersion, a.assessment_date AS assessmentDate, a.reason, a.status,
           a.total, a.final_level AS finalLevel, json_extract(a.result, '$.preliminaryLevelName') AS preliminaryLevelName,
           json_extract(a.result, '$.finalLevelName') AS finalLevelName, json_extract(a.classification, '$.categoryName') AS categoryName,
           json_extract(a.classification, '$.packTitle') AS packTitle, json_extract(a.classification, '$.packVersion') AS packVersion,
           u1.display_name AS assessor1, u2.display_name AS assessor2, a.finalized_at AS finalizedAt, a.signed_at AS signedAt, a.care_plan AS carePlan
         FROM assessments a JOIN persons p ON p.id = a.person_id JOIN users u1 ON u1.id = a.assessor1_id JOIN users u2 ON u2.id = a.assessor2_id
         WHERE a.status <> 'draft' AND a.assessment_date >= @from AND (@county IS NULL OR p.county = @county) ORDER BY a.assessment_date, a.assessment_no`,
      )
      .all({ from: filter.from ?? '', county: filter.county ?? null }) as Record<string, unknown>[];
    expect(rows).toHaveLength(want.length);
    expect(rows.length).toBeGreaterThan(2);
    rows.forEach((r, i) => expect(r).toMatchObject(want[i]!));
    // Every field is named, and the indicator line reads as the result does.
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [...Object.keys(want[0]!), 'indicators', 'adjustments', 'entitlements', 'carePlanChanges'].sort(),
    );
    expect(rows[0]!.indicators).toMatch(/^自理能力 \d+\/32；基础运动能力 \d+\/15；精神状态 \d+\/28；感知觉与社会参与 \d+\/15$/);
  });
});
