import type pg from 'pg';

/**
 * The district hub's schema on PostgreSQL, as numbered migrations. `persons`, `fact_texts`
 * and `assessment_facts` carry the columns the station's tables of the same name give the
 * dashboard, so the dashboard's queries (core/stats/dashboard.ts) run here unchanged; the
 * rest keeps what each station sent, by station.
 */
interface HubMigration {
  version: number;
  name: string;
  sql: string;
}

const V1 = /* sql */ `
CREATE TABLE hub_meta (key text PRIMARY KEY, value jsonb NOT NULL);

-- The hub's X25519 key pair: the private half wrapped under scrypt of the hub admin's password.
CREATE TABLE hub_keys (
  id          serial PRIMARY KEY,
  public_pem  text NOT NULL,
  sha256      text NOT NULL UNIQUE,
  wrapped     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  active      boolean NOT NULL DEFAULT true
);

CREATE TABLE stations (
  cert_sha256    text PRIMARY KEY,
  name           text NOT NULL,
  cert_pem       text NOT NULL,
  -- The station's store id, learned from its first bundle; a later bundle must carry the same.
  station_id     text UNIQUE,
  enrolled_at    timestamptz NOT NULL DEFAULT now(),
  last_sequence  integer NOT NULL DEFAULT 0,
  last_bundle_at timestamptz
);

CREATE TABLE bundles (
  bundle_id    text PRIMARY KEY,
  station_cert text NOT NULL REFERENCES stations (cert_sha256),
  sequence     integer NOT NULL,
  range        jsonb NOT NULL,
  counts       jsonb NOT NULL,
  sha256       text NOT NULL,
  created_at   text NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (station_cert, sequence)
);

-- One row per person in the district: matched across stations by ID number.
CREATE TABLE persons (
  id                     text PRIMARY KEY,
  id_number              text UNIQUE,
  name                   text NOT NULL,
  sex                    text NOT NULL,
  birth_date             text NOT NULL,
  county                 text COLLATE "C",
  township               text COLLATE "C",
  economic               text NOT NULL DEFAULT 'none',
  tekun_mode             text,
  central_care_allowance integer NOT NULL DEFAULT 0,
  last_level             integer,
  last_assessment_date   text,
  last_assessment_id     text,
  updated_at             text NOT NULL
);
CREATE INDEX persons_area ON persons (county, township);
CREATE INDEX persons_economic ON persons (economic, county, township, last_level, tekun_mode, id);

-- Each station's own record of a person, as it sent it last.
CREATE TABLE station_persons (
  station_id text NOT NULL,
  local_id   text NOT NULL,
  person_id  text NOT NULL REFERENCES persons (id),
  record     jsonb NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (station_id, local_id)
);
CREATE INDEX station_persons_person ON station_persons (person_id);

-- Facts that disagree for one ID number: shown to a person, never overwritten.
CREATE TABLE person_conflicts (
  id            bigserial PRIMARY KEY,
  person_id     text NOT NULL REFERENCES persons (id),
  station_id    text NOT NULL,
  local_id      text NOT NULL,
  field         text NOT NULL,
  hub_value     text,
  station_value text,
  noted_at      timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz,
  UNIQUE (station_id, local_id, field, station_value)
);

CREATE TABLE assessments (
  id          text PRIMARY KEY,
  station_id  text NOT NULL,
  person_id   text NOT NULL REFERENCES persons (id),
  local_person_id text NOT NULL,
  status      text NOT NULL,
  assessment_date text NOT NULL,
  record      jsonb NOT NULL
);
CREATE INDEX assessments_person ON assessments (person_id, assessment_date);

CREATE TABLE reports (
  assessment_id text PRIMARY KEY REFERENCES assessments (id),
  sha256        text NOT NULL,
  pdf           bytea NOT NULL
);

CREATE TABLE fact_texts (
  id   serial PRIMARY KEY,
  text text NOT NULL UNIQUE
);

CREATE TABLE assessment_facts (
  assessment_date           text NOT NULL,
  assessment_no             text NOT NULL,
  assessment_id             text NOT NULL UNIQUE,
  station_id                text NOT NULL,
  person_id                 text NOT NULL,
  month                     text NOT NULL,
  instrument_id             text NOT NULL,
  instrument_version        text NOT NULL,
  reason                    text NOT NULL,
  status                    text NOT NULL,
  total                     integer,
  final_level               integer,
  category                  integer,
  care_subsidy              integer NOT NULL,
  latest                    integer NOT NULL,
  pack_version              text,
  care_plan                 text,
  assessor1_id              text,
  assessor2_id              text,
  finalized_at              text,
  signed_at                 text,
  preliminary_level_name_id integer,
  final_level_name_id       integer,
  indicators_id             integer,
  adjustments_id            integer,
  category_name_id          integer,
  entitlements_id           integer,
  pack_title_id             integer,
  county_id                 integer,
  township_id               integer,
  -- In date order, as the export reads it page by page (keyset).
  PRIMARY KEY (assessment_date, assessment_no, station_id)
);
CREATE INDEX assessment_facts_counts ON assessment_facts (county_id, instrument_id, final_level, category, category_name_id, reason, month, township_id);
CREATE INDEX assessment_facts_latest ON assessment_facts (latest, care_subsidy, county_id, township_id);
-- With the date included, persons are counted from this index alone for a period too (SQLite's
-- WITHOUT ROWID table gets the same from its primary key): 177 against 450 ms for a year at 600 000.
CREATE INDEX assessment_facts_person ON assessment_facts (person_id, instrument_id, county_id, township_id, final_level) INCLUDE (assessment_date);
CREATE INDEX assessment_facts_date ON assessment_facts (assessment_date);
-- 站点: each station's count.
CREATE INDEX assessment_facts_station ON assessment_facts (station_id);

-- The stations' users by name, so the hub shows assessors' names, not ids.
CREATE TABLE station_users (
  station_id   text NOT NULL,
  user_id      text NOT NULL,
  display_name text NOT NULL,
  role         text NOT NULL,
  PRIMARY KEY (station_id, user_id)
);

-- Each station's audit rows as it sent them (their own hash chain, checked at import).
CREATE TABLE station_audit (
  station_id text NOT NULL,
  seq        bigint NOT NULL,
  row        jsonb NOT NULL,
  PRIMARY KEY (station_id, seq)
);

-- The hub's own audit trail, hash-chained like the station's.
CREATE TABLE hub_audit (
  seq       bigint PRIMARY KEY,
  at        text NOT NULL,
  actor     text,
  action    text NOT NULL,
  entity    text,
  entity_id text,
  -- Text, not jsonb: the hash is over these exact bytes.
  detail    text NOT NULL,
  prev_hash text NOT NULL,
  hash      text NOT NULL
);
CREATE FUNCTION hub_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'append-only: hub audit rows cannot be changed'; END $$;
CREATE TRIGGER hub_audit_no_change BEFORE UPDATE OR DELETE ON hub_audit FOR EACH ROW EXECUTE FUNCTION hub_audit_append_only();
`;

const V2 = /* sql */ `
-- The hub's own accounts (yiyang hub serve): district admins and district managers, never a
-- station's users. The password is kept as a scrypt hash only.
CREATE TABLE hub_users (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('districtAdmin', 'districtManager')),
  password_hash text NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- 人员 search: by name prefix (ID numbers use the unique index on persons).
CREATE INDEX persons_name ON persons (name text_pattern_ops);
CREATE INDEX assessments_station ON assessments (station_id);
-- The dashboard's counts for a period: the counts' columns, then the date, so a date filter is
-- answered from this small index alone, in group order (the counts index has no date, and
-- the table's seq scan costs 270 against 100 ms for a year at 600 000 assessments).
CREATE INDEX assessment_facts_counts_dated ON assessment_facts (county_id, instrument_id, final_level, category, category_name_id, reason, month, assessment_date);
`;

/** The stations' care-plan edits (a service excluded with its reason, included again, a note), as they sent them. */
const V2_CARE_PLAN_CHANGES = /* sql */ `
CREATE TABLE station_care_plan_changes (
  station_id    text NOT NULL,
  seq           bigint NOT NULL,
  assessment_id text NOT NULL,
  kind          text NOT NULL,
  service_id    text,
  text          text NOT NULL,
  user_id       text NOT NULL,
  at            text NOT NULL,
  PRIMARY KEY (station_id, seq)
);
CREATE INDEX station_care_plan_changes_assessment ON station_care_plan_changes (assessment_id, seq);
`;

export const HUB_MIGRATIONS: readonly HubMigration[] = [
  { version: 1, name: 'hub schema', sql: V1 },
  { version: 2, name: 'hub accounts, care-plan changes', sql: V2 + V2_CARE_PLAN_CHANGES },
];
export const HUB_SCHEMA_VERSION = HUB_MIGRATIONS[HUB_MIGRATIONS.length - 1]!.version;

export class HubError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** The schema version of the database (0: none yet). */
export async function hubSchemaVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('hub_schema') AS t`);
  if (!exists.rows[0].t) return 0;
  const r = await client.query('SELECT max(version) AS v FROM hub_schema');
  return Number(r.rows[0].v ?? 0);
}

/** Brings the schema up to date in one transaction; a database of a newer hub is refused. */
export async function migrateHub(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    // One migrator at a time, even from two machines.
    await client.query('SELECT pg_advisory_xact_lock(4242001)');
    await client.query('CREATE TABLE IF NOT EXISTS hub_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const from = await hubSchemaVersion(client);
    if (from > HUB_SCHEMA_VERSION) throw new HubError(`数据库由更新版本的区县数据中心创建（结构版本 ${from}，本程序最高支持 ${HUB_SCHEMA_VERSION}），请升级程序`);
    for (const m of HUB_MIGRATIONS) {
      if (m.version <= from) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO hub_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return { from, to: HUB_SCHEMA_VERSION };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Refuses a database without the hub's schema or with a newer one. */
export async function requireHubSchema(client: pg.ClientBase): Promise<void> {
  const v = await hubSchemaVersion(client);
  if (v === 0) throw new HubError('该数据库还没有初始化为区县数据中心，请先运行 yiyang hub init');
  if (v > HUB_SCHEMA_VERSION) throw new HubError(`数据库由更新版本的区县数据中心创建（结构版本 ${v}，本程序最高支持 ${HUB_SCHEMA_VERSION}），请升级程序`);
}
