import type { Db } from './database';
import { NewerDatabaseError } from './errors';

/**
 * Schema changes, in order. A released migration is never edited: a change is a new
 * entry. Columns are only ever added (tests/unit/store/schema-snapshot.json guards
 * released ones), because an older backup restored later must still read.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

const V1 = /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  id           TEXT PRIMARY KEY,
  username     TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('admin', 'assessor', 'manager')),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

CREATE TABLE persons (
  id                      TEXT PRIMARY KEY,
  name                    TEXT NOT NULL,
  name_initials           TEXT NOT NULL,
  sex                     TEXT NOT NULL CHECK (sex IN ('男', '女')),
  birth_date              TEXT NOT NULL,
  id_number               TEXT UNIQUE,
  phone                   TEXT,
  county                  TEXT,
  township                TEXT,
  village                 TEXT,
  address                 TEXT,
  ethnicity               TEXT CHECK (ethnicity IS NULL OR ethnicity IN ('han', 'minority')),
  ethnicity_detail        TEXT,
  religion                TEXT CHECK (religion IS NULL OR religion IN ('no', 'yes')),
  religion_detail         TEXT,
  education               TEXT,
  marital_status          TEXT,
  living_arrangements     TEXT NOT NULL DEFAULT '[]',
  medical_payment         TEXT NOT NULL DEFAULT '[]',
  income_sources          TEXT NOT NULL DEFAULT '[]',
  height_cm               REAL,
  weight_kg               REAL,
  economic                TEXT NOT NULL DEFAULT 'none' CHECK (economic IN ('tekun', 'dibao', 'dibaoEdge', 'lowIncome', 'none')),
  tekun_mode              TEXT CHECK (tekun_mode IS NULL OR (economic = 'tekun' AND tekun_mode IN ('dispersed', 'centralized'))),
  family_planning_special INTEGER NOT NULL DEFAULT 0 CHECK (family_planning_special IN (0, 1)),
  disability_grade        INTEGER NOT NULL DEFAULT 0 CHECK (disability_grade BETWEEN 0 AND 4),
  living_alone            INTEGER NOT NULL DEFAULT 0 CHECK (living_alone IN (0, 1)),
  empty_nest              INTEGER NOT NULL DEFAULT 0 CHECK (empty_nest IN (0, 1)),
  left_behind             INTEGER NOT NULL DEFAULT 0 CHECK (left_behind IN (0, 1)),
  -- Copied from the latest finalized assessment in the same transaction, so lists and
  -- filters at 100 000 persons never join and sort the assessments.
  last_level              INTEGER CHECK (last_level IS NULL OR last_level BETWEEN 0 AND 4),
  last_assessment_date    TEXT,
  last_assessment_id      TEXT,
  revision                INTEGER NOT NULL DEFAULT 1,
  created_at              TEXT NOT NULL,
  updated_at              TEXT NOT NULL
);
CREATE INDEX persons_name ON persons (name, id);
CREATE INDEX persons_initials ON persons (name_initials, name, id);
CREATE INDEX persons_area ON persons (county, township);
CREATE INDEX persons_last_level ON persons (last_level);
CREATE INDEX persons_last_date ON persons (last_assessment_date);

CREATE TABLE assessments (
  id                  TEXT PRIMARY KEY,
  person_id           TEXT NOT NULL REFERENCES persons (id),
  instrument_id       TEXT NOT NULL,
  instrument_version  TEXT NOT NULL,
  assessment_no       TEXT NOT NULL UNIQUE,
  reason              TEXT NOT NULL CHECK (reason IN ('first', 'routine', 'immediate', 'review', 'other')),
  reason_other        TEXT,
  assessment_date     TEXT NOT NULL,
  place               TEXT,
  assessor1_id        TEXT NOT NULL REFERENCES users (id),
  assessor2_id        TEXT NOT NULL REFERENCES users (id),
  informant_name      TEXT,
  informant_relation  TEXT,
  answers             TEXT NOT NULL DEFAULT '{}',
  result              TEXT,
  total               INTEGER,
  final_level         INTEGER CHECK (final_level IS NULL OR final_level BETWEEN 0 AND 4),
  classification      TEXT,
  policy_pack_id      TEXT,
  policy_pack_version TEXT,
  status              TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'finalized', 'signed')),
  supersedes_id       TEXT REFERENCES assessments (id),
  revision            INTEGER NOT NULL DEFAULT 1,
  created_by          TEXT REFERENCES users (id),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  finalized_at        TEXT,
  signed_at           TEXT,
  report_pdf          BLOB,
  report_sha256       TEXT,
  CHECK (assessor1_id <> assessor2_id),
  CHECK (status = 'draft' OR (result IS NOT NULL AND final_level IS NOT NULL AND finalized_at IS NOT NULL)),
  CHECK (status <> 'signed' OR (report_pdf IS NOT NULL AND report_sha256 IS NOT NULL AND signed_at IS NOT NULL))
);
CREATE INDEX assessments_person_date ON assessments (person_id, assessment_date);
CREATE INDEX assessments_status ON assessments (status);
CREATE INDEX assessments_final_level ON assessments (final_level);
CREATE INDEX assessments_supersedes ON assessments (supersedes_id);

-- A signed assessment is a legal record: no UPDATE at all, whoever runs it.
CREATE TRIGGER assessments_signed_immutable BEFORE UPDATE ON assessments
WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'immutable: a signed assessment cannot be changed'); END;

CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'immutable: only a draft assessment can be deleted'); END;

CREATE TRIGGER assessments_draft_transition BEFORE UPDATE OF status ON assessments
WHEN OLD.status = 'draft' AND NEW.status NOT IN ('draft', 'finalized')
BEGIN SELECT RAISE(ABORT, 'immutable: a draft must be finalized before it is signed'); END;

-- A finalized row may only become signed, adding the report; nothing it says may change.
CREATE TRIGGER assessments_finalized_guard BEFORE UPDATE ON assessments
WHEN OLD.status = 'finalized' AND NOT (
  NEW.status = 'signed'
  AND NEW.id IS OLD.id
  AND NEW.person_id IS OLD.person_id
  AND NEW.instrument_id IS OLD.instrument_id
  AND NEW.instrument_version IS OLD.instrument_version
  AND NEW.assessment_no IS OLD.assessment_no
  AND NEW.reason IS OLD.reason
  AND NEW.reason_other IS OLD.reason_other
  AND NEW.assessment_date IS OLD.assessment_date
  AND NEW.place IS OLD.place
  AND NEW.assessor1_id IS OLD.assessor1_id
  AND NEW.assessor2_id IS OLD.assessor2_id
  AND NEW.informant_name IS OLD.informant_name
  AND NEW.informant_relation IS OLD.informant_relation
  AND NEW.answers IS OLD.answers
  AND NEW.result IS OLD.result
  AND NEW.total IS OLD.total
  AND NEW.final_level IS OLD.final_level
  AND NEW.classification IS OLD.classification
  AND NEW.policy_pack_id IS OLD.policy_pack_id
  AND NEW.policy_pack_version IS OLD.policy_pack_version
  AND NEW.supersedes_id IS OLD.supersedes_id
  AND NEW.created_by IS OLD.created_by
  AND NEW.created_at IS OLD.created_at
  AND NEW.finalized_at IS OLD.finalized_at
)
BEGIN SELECT RAISE(ABORT, 'immutable: a finalized assessment can only be signed'); END;

CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor_id   TEXT,
  actor_name TEXT,
  action     TEXT NOT NULL,
  entity     TEXT,
  entity_id  TEXT,
  detail     TEXT,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'append-only: audit rows cannot be changed'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'append-only: audit rows cannot be deleted'); END;
`;

/**
 * Signing (issue 7). `certificates` holds the institution CA and each user's signing
 * key pair as PKCS#12 (never a bare key): generated ones are encrypted with the user's
 * login password, imported ones keep the password they were issued with; the CA's with a
 * random secret in `settings` (see services/certificates). At most one active
 * certificate per user and one active CA; replaced ones stay (inactive) so old reports
 * can still be traced to the certificate that signed them.
 * `assessment_handwriting` keeps the handwritten signatures drawn on the signing pad; like
 * the assessment they belong to, they are written once, while it is finalized, and can
 * never change after it is signed.
 */
const V2 = /* sql */ `
CREATE TABLE certificates (
  id         TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('ca', 'user')),
  user_id    TEXT REFERENCES users (id),
  subject    TEXT NOT NULL,
  serial     TEXT NOT NULL,
  not_before TEXT NOT NULL,
  not_after  TEXT NOT NULL,
  cert_pem   TEXT NOT NULL,
  key_p12    BLOB NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('generated', 'imported')),
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  CHECK ((kind = 'ca' AND user_id IS NULL) OR (kind = 'user' AND user_id IS NOT NULL))
);
CREATE INDEX certificates_user ON certificates (user_id);
CREATE UNIQUE INDEX certificates_one_active_user ON certificates (user_id) WHERE active = 1 AND kind = 'user';
CREATE UNIQUE INDEX certificates_one_active_ca ON certificates (kind) WHERE active = 1 AND kind = 'ca';

-- The verify page recognises a file that is exactly a report signed here.
CREATE INDEX assessments_report_sha256 ON assessments (report_sha256) WHERE report_sha256 IS NOT NULL;

CREATE TABLE assessment_handwriting (
  assessment_id TEXT NOT NULL REFERENCES assessments (id),
  role          TEXT NOT NULL CHECK (role IN ('assessor1', 'assessor2', 'informant')),
  png           BLOB NOT NULL,
  signed_on     TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (assessment_id, role)
) WITHOUT ROWID;

CREATE TRIGGER assessment_handwriting_insert_guard BEFORE INSERT ON assessment_handwriting
WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) IS NOT 'finalized'
BEGIN SELECT RAISE(ABORT, 'immutable: handwriting is added only to a finalized assessment, when it is signed'); END;

CREATE TRIGGER assessment_handwriting_no_update BEFORE UPDATE ON assessment_handwriting
WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'immutable: handwriting of a signed assessment cannot be changed'); END;

CREATE TRIGGER assessment_handwriting_no_delete BEFORE DELETE ON assessment_handwriting
WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'immutable: handwriting of a signed assessment cannot be deleted'); END;
`;

/**
 * The person as they were when the assessment was finalized (A.2 facts, address, the
 * circumstances the classification used). A report printed or signed later must describe
 * the person as assessed, not as the record reads after later edits.
 */
const V3 = /* sql */ `
ALTER TABLE assessments ADD COLUMN person_snapshot TEXT;
`;

/**
 * Person lists filtered by district, township or level at 100 000 persons: indexes that
 * hold the filter and the list's order (name, id), so a page reads 20 entries instead of
 * sorting thousands of rows fetched from the table (measured p95 89–237 ms → 1–2 ms; a
 * 256 MiB page cache instead would reach only 18–39 ms, see tests/bench/person-lists.bench.ts).
 * The two they make redundant go.
 */
const V4 = /* sql */ `
CREATE INDEX persons_county_name ON persons (county, name, id);
CREATE INDEX persons_township_name ON persons (township, name, id);
CREATE INDEX persons_level_name ON persons (last_level, name, id);
CREATE INDEX persons_county_level_name ON persons (county, last_level, name, id);
CREATE INDEX persons_township_level_name ON persons (township, last_level, name, id);
DROP INDEX persons_area;
DROP INDEX persons_last_level;
`;


/**
 * The care plan (issue 11): derived once at finalize and stored beside the classification
 * (`care_plan`, with the catalogue id and version). What the assessor changes afterwards,
 * a service unticked with a reason, ticked again, or a note, is appended to
 * `care_plan_changes` while the assessment is finalized and never changes once it is
 * signed, so the report shows the plan as derived and every change made to it.
 * The finalized guard is recreated to cover the columns added since V1.
 */
const V5 = /* sql */ `
ALTER TABLE assessments ADD COLUMN care_plan TEXT;

CREATE TABLE care_plan_changes (
  seq           INTEGER PRIMARY KEY,
  assessment_id TEXT NOT NULL REFERENCES assessments (id),
  kind          TEXT NOT NULL CHECK (kind IN ('exclude', 'include', 'note')),
  service_id    TEXT,
  text          TEXT NOT NULL,
  user_id       TEXT NOT NULL REFERENCES users (id),
  at            TEXT NOT NULL,
  CHECK ((kind = 'note') = (service_id IS NULL))
);
CREATE INDEX care_plan_changes_assessment ON care_plan_changes (assessment_id, seq);

CREATE TRIGGER care_plan_changes_insert_guard BEFORE INSERT ON care_plan_changes
WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) IS NOT 'finalized'
BEGIN SELECT RAISE(ABORT, 'immutable: a care plan changes only while its assessment is finalized and unsigned'); END;

CREATE TRIGGER care_plan_changes_no_update BEFORE UPDATE ON care_plan_changes
BEGIN SELECT RAISE(ABORT, 'append-only: care plan changes cannot be edited'); END;

CREATE TRIGGER care_plan_changes_no_delete BEFORE DELETE ON care_plan_changes
BEGIN SELECT RAISE(ABORT, 'append-only: care plan changes cannot be deleted'); END;

DROP TRIGGER assessments_finalized_guard;
CREATE TRIGGER assessments_finalized_guard BEFORE UPDATE ON assessments
WHEN OLD.status = 'finalized' AND NOT (
  NEW.status = 'signed'
  AND NEW.id IS OLD.id
  AND NEW.person_id IS OLD.person_id
  AND NEW.instrument_id IS OLD.instrument_id
  AND NEW.instrument_version IS OLD.instrument_version
  AND NEW.assessment_no IS OLD.assessment_no
  AND NEW.reason IS OLD.reason
  AND NEW.reason_other IS OLD.reason_other
  AND NEW.assessment_date IS OLD.assessment_date
  AND NEW.place IS OLD.place
  AND NEW.assessor1_id IS OLD.assessor1_id
  AND NEW.assessor2_id IS OLD.assessor2_id
  AND NEW.informant_name IS OLD.informant_name
  AND NEW.informant_relation IS OLD.informant_relation
  AND NEW.answers IS OLD.answers
  AND NEW.result IS OLD.result
  AND NEW.total IS OLD.total
  AND NEW.final_level IS OLD.final_level
  AND NEW.classification IS OLD.classification
  AND NEW.policy_pack_id IS OLD.policy_pack_id
  AND NEW.policy_pack_version IS OLD.policy_pack_version
  AND NEW.supersedes_id IS OLD.supersedes_id
  AND NEW.created_by IS OLD.created_by
  AND NEW.created_at IS OLD.created_at
  AND NEW.finalized_at IS OLD.finalized_at
  AND NEW.person_snapshot IS OLD.person_snapshot
  AND NEW.care_plan IS OLD.care_plan
)
BEGIN SELECT RAISE(ABORT, 'immutable: a finalized assessment can only be signed'); END;
`;
/**
 * Whether the person already receives a 集中照护补助 (issue 12): the 2026 national 养老服务消费补贴
 * excludes them, as it excludes persons in 特困供养.
 */
const V6 = /* sql */ `
ALTER TABLE persons ADD COLUMN central_care_allowance INTEGER NOT NULL DEFAULT 0 CHECK (central_care_allowance IN (0, 1));
`;

/**
 * What statistics and exports read of a finished assessment, kept narrow (issue 12): the
 * assessments row carries the answers, the result, the classification and the signed PDF,
 * so a scan of 200 000 of them reads close to a gigabyte; the dashboard measured 12 s at
 * 100 000 persons. Triggers keep this table in step with every finish and signature, so it
 * can never disagree with the rows it summarises; the migration fills it for existing ones.
 */
const FACTS_COLUMNS = `assessment_id, person_id, instrument_id, instrument_version, assessment_no, assessment_date, reason, status,
  total, final_level, preliminary_level_name, final_level_name, indicators_text, adjustments_text, category, category_name,
  entitlement_ids, entitlements_text, pack_title, pack_version, care_plan, assessor1_id, assessor2_id, finalized_at, signed_at`;
const FACTS_SELECT = `SELECT a.id, a.person_id, a.instrument_id, a.instrument_version, a.assessment_no, a.assessment_date, a.reason, a.status,
  a.total, a.final_level,
  json_extract(a.result, '$.preliminaryLevelName'), json_extract(a.result, '$.finalLevelName'),
  (SELECT group_concat(json_extract(i.value, '$.name') || ' ' || coalesce(json_extract(i.value, '$.score'), '—') || '/' || json_extract(i.value, '$.max'), '；')
     FROM json_each(a.result, '$.indicators') i),
  (SELECT group_concat(json_extract(j.value, '$.title'), '；') FROM json_each(a.result, '$.adjustments') j),
  json_extract(a.classification, '$.category'), json_extract(a.classification, '$.categoryName'),
  (SELECT ',' || group_concat(json_extract(e.value, '$.id'), ',') || ',' FROM json_each(a.classification, '$.entitlements') e),
  (SELECT group_concat(json_extract(e.value, '$.name') || coalesce('（' || json_extract(e.value, '$.tier') || '）', ''), '；')
     FROM json_each(a.classification, '$.entitlements') e),
  coalesce(json_extract(a.classification, '$.packTitle'), json_extract(a.classification, '$.packId')), json_extract(a.classification, '$.packVersion'),
  a.care_plan, a.assessor1_id, a.assessor2_id, a.finalized_at, a.signed_at
FROM assessments a`;
const V7 = /* sql */ `
CREATE TABLE assessment_facts (
  assessment_id          TEXT PRIMARY KEY REFERENCES assessments (id),
  person_id              TEXT NOT NULL,
  instrument_id          TEXT NOT NULL,
  instrument_version     TEXT NOT NULL,
  assessment_no          TEXT NOT NULL,
  assessment_date        TEXT NOT NULL,
  reason                 TEXT NOT NULL,
  status                 TEXT NOT NULL,
  total                  INTEGER,
  final_level            INTEGER,
  preliminary_level_name TEXT,
  final_level_name       TEXT,
  indicators_text        TEXT,
  adjustments_text       TEXT,
  category               INTEGER,
  category_name          TEXT,
  /** ",careSubsidy,careVoucher," so that a LIKE '%,id,%' finds one. */
  entitlement_ids        TEXT,
  entitlements_text      TEXT,
  pack_title             TEXT,
  pack_version           TEXT,
  care_plan              TEXT,
  assessor1_id           TEXT,
  assessor2_id           TEXT,
  finalized_at           TEXT,
  signed_at              TEXT
);
CREATE INDEX assessment_facts_date ON assessment_facts (assessment_date);
CREATE INDEX assessment_facts_person ON assessment_facts (person_id, instrument_id, assessment_date);

INSERT INTO assessment_facts (${FACTS_COLUMNS}) ${FACTS_SELECT} WHERE a.status <> 'draft';

CREATE TRIGGER assessment_facts_insert AFTER INSERT ON assessments WHEN NEW.status <> 'draft'
BEGIN INSERT OR REPLACE INTO assessment_facts (${FACTS_COLUMNS}) ${FACTS_SELECT} WHERE a.id = NEW.id; END;

CREATE TRIGGER assessment_facts_update AFTER UPDATE OF status ON assessments WHEN NEW.status <> 'draft'
BEGIN INSERT OR REPLACE INTO assessment_facts (${FACTS_COLUMNS}) ${FACTS_SELECT} WHERE a.id = NEW.id; END;
`;

/**
 * The facts again, shaped for a scan of the whole store (issue 12's benchmarks): an export
 * of 200 000 rows spent most of its time turning the same few hundred Chinese texts (level
 * and category names, the pack's title, the indicator lines, district names) into strings
 * row after row, and sorting wide rows by date. Now each such text is stored once in
 * fact_texts and the facts hold its number; the table is clustered by date, so a period's
 * rows are read in order with no sort; the person's district and township are kept here by
 * trigger, so filters and counts by area need no join; the month is a column, so the
 * dashboard's counts come from one ordered pass over a covering index. Both tables are
 * derived (rebuilt here from assessments and persons), never a source.
 */
const FACT_TEXTS: Record<string, string> = {
  preliminary_level_name_id: "json_extract(a.result, '$.preliminaryLevelName')",
  final_level_name_id: "json_extract(a.result, '$.finalLevelName')",
  indicators_id: `(SELECT group_concat(json_extract(i.value, '$.name') || ' ' || coalesce(json_extract(i.value, '$.score'), '—') || '/' || json_extract(i.value, '$.max'), '；')
     FROM json_each(a.result, '$.indicators') i)`,
  adjustments_id: "(SELECT group_concat(json_extract(j.value, '$.title'), '；') FROM json_each(a.result, '$.adjustments') j)",
  category_name_id: "json_extract(a.classification, '$.categoryName')",
  entitlements_id: `(SELECT group_concat(json_extract(e.value, '$.name') || coalesce('（' || json_extract(e.value, '$.tier') || '）', ''), '；')
     FROM json_each(a.classification, '$.entitlements') e)`,
  pack_title_id: "coalesce(json_extract(a.classification, '$.packTitle'), json_extract(a.classification, '$.packId'))",
  county_id: 'p.county',
  township_id: 'p.township',
};
const textId = (expr: string) => `(SELECT t.id FROM fact_texts t WHERE t.text = ${expr})`;
const FACTS8_COLUMNS = `assessment_date, assessment_no, assessment_id, person_id, month, instrument_id, instrument_version, reason, status,
  total, final_level, category, care_subsidy, latest, pack_version, care_plan, assessor1_id, assessor2_id, finalized_at, signed_at, ${Object.keys(FACT_TEXTS).join(', ')}`;
const FACTS8_FROM = 'FROM assessments a JOIN persons p ON p.id = a.person_id';
/** The texts one assessment's facts refer to, added to fact_texts if new. */
const FACTS8_TEXTS = `INSERT OR IGNORE INTO fact_texts (text)
  SELECT v.value ${FACTS8_FROM}, json_each(json_array(${Object.values(FACT_TEXTS).join(', ')})) v WHERE v.value IS NOT NULL`;
const FACTS8_SELECT = `SELECT a.assessment_date, a.assessment_no, a.id, a.person_id, substr(a.assessment_date, 1, 7), a.instrument_id, a.instrument_version,
  a.reason, a.status, a.total, a.final_level, json_extract(a.classification, '$.category'),
  EXISTS (SELECT 1 FROM json_each(a.classification, '$.entitlements') e WHERE json_extract(e.value, '$.id') = 'careSubsidy'),
  p.last_assessment_id IS a.id,
  json_extract(a.classification, '$.packVersion'), a.care_plan, a.assessor1_id, a.assessor2_id, a.finalized_at, a.signed_at,
  ${Object.values(FACT_TEXTS).map(textId).join(', ')}
${FACTS8_FROM}`;
const V8 = /* sql */ `
DROP TRIGGER assessment_facts_insert;
DROP TRIGGER assessment_facts_update;
DROP TABLE assessment_facts;

CREATE TABLE fact_texts (
  id   INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);

-- Only finished assessments (finalized or signed) have facts: a finished one never goes back to draft.
CREATE TABLE assessment_facts (
  assessment_date           TEXT NOT NULL,
  assessment_no             TEXT NOT NULL,
  assessment_id             TEXT NOT NULL UNIQUE,
  person_id                 TEXT NOT NULL,
  month                     TEXT NOT NULL,
  instrument_id             TEXT NOT NULL,
  instrument_version        TEXT NOT NULL,
  reason                    TEXT NOT NULL,
  status                    TEXT NOT NULL,
  total                     INTEGER,
  final_level               INTEGER,
  category                  INTEGER,
  /** The classification grants the 护理补贴 (the dashboard counts its recipients). */
  care_subsidy              INTEGER NOT NULL,
  /** This is the person's latest assessment (persons.last_assessment_id), kept by trigger. */
  latest                    INTEGER NOT NULL,
  pack_version              TEXT,
  care_plan                 TEXT,
  assessor1_id              TEXT,
  assessor2_id              TEXT,
  finalized_at              TEXT,
  signed_at                 TEXT,
  -- fact_texts ids
  preliminary_level_name_id INTEGER,
  final_level_name_id       INTEGER,
  indicators_id             INTEGER,
  adjustments_id            INTEGER,
  category_name_id          INTEGER,
  entitlements_id           INTEGER,
  pack_title_id             INTEGER,
  county_id                 INTEGER,
  township_id               INTEGER,
  PRIMARY KEY (assessment_date, assessment_no)
) WITHOUT ROWID;
-- The dashboard's counts: grouped in this order, they stream without a sort.
CREATE INDEX assessment_facts_counts ON assessment_facts (county_id, instrument_id, final_level, category, category_name_id, reason, month, township_id);
-- Persons' latest assessments by what they grant.
CREATE INDEX assessment_facts_latest ON assessment_facts (latest, care_subsidy, county_id, township_id);
-- Persons counted once, a person's facts (area changes, the latest per person).
CREATE INDEX assessment_facts_person ON assessment_facts (person_id, instrument_id, county_id, township_id, final_level);

${FACTS8_TEXTS} AND a.status <> 'draft';
INSERT INTO assessment_facts (${FACTS8_COLUMNS}) ${FACTS8_SELECT} WHERE a.status <> 'draft' ORDER BY a.assessment_date, a.assessment_no;

CREATE TRIGGER assessment_facts_insert AFTER INSERT ON assessments WHEN NEW.status <> 'draft'
BEGIN
  ${FACTS8_TEXTS} AND a.id = NEW.id;
  INSERT OR REPLACE INTO assessment_facts (${FACTS8_COLUMNS}) ${FACTS8_SELECT} WHERE a.id = NEW.id;
END;

CREATE TRIGGER assessment_facts_update AFTER UPDATE OF status ON assessments WHEN NEW.status <> 'draft'
BEGIN
  ${FACTS8_TEXTS} AND a.id = NEW.id;
  INSERT OR REPLACE INTO assessment_facts (${FACTS8_COLUMNS}) ${FACTS8_SELECT} WHERE a.id = NEW.id;
END;

CREATE TRIGGER assessment_facts_latest AFTER UPDATE OF last_assessment_id ON persons
BEGIN
  UPDATE assessment_facts SET latest = (assessment_id IS NEW.last_assessment_id) WHERE person_id = NEW.id;
END;

-- 特困 persons by area and level, for the plan's 生活不能自理 count without a scan of every person.
CREATE INDEX persons_economic ON persons (economic, county, township, last_level, tekun_mode, id);

-- A person's assessments count where the person lives now, as the persons list does.
CREATE TRIGGER assessment_facts_area AFTER UPDATE OF county, township ON persons
BEGIN
  INSERT OR IGNORE INTO fact_texts (text) SELECT v.value FROM json_each(json_array(NEW.county, NEW.township)) v WHERE v.value IS NOT NULL;
  UPDATE assessment_facts SET county_id = ${textId('NEW.county')}, township_id = ${textId('NEW.township')} WHERE person_id = NEW.id;
END;
`;

/** Tables rebuilt from the others by a migration: their columns may change, the snapshot does not hold them. */
export const DERIVED_TABLES: readonly string[] = ['assessment_facts', 'fact_texts'];

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: (db) => db.exec(V1) },
  { version: 2, name: 'signing certificates and handwritten signatures', up: (db) => db.exec(V2) },
  { version: 3, name: 'person snapshot at finalize', up: (db) => db.exec(V3) },
  { version: 4, name: 'indexes for filtered person lists', up: (db) => db.exec(V4) },
  { version: 5, name: 'care plans and their changes', up: (db) => db.exec(V5) },
  { version: 6, name: 'person receives a 集中照护补助', up: (db) => db.exec(V6) },
  { version: 7, name: 'assessment facts for statistics and exports', up: (db) => db.exec(V7) },
  { version: 8, name: 'assessment facts clustered by date, with their texts stored once', up: (db) => db.exec(V8) },
];

export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings the database to the latest version, one transaction per migration with
 * `user_version` set inside it, so a crash leaves a whole version or none. Refuses a
 * database from a newer program before touching anything.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): MigrationOutcome {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name}: version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) throw new NewerDatabaseError(from, latest);
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (schemaVersion(db) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.name);
    }).immediate();
  }
  return { from, to: schemaVersion(db), applied };
}
