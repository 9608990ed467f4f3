import { createHash } from 'node:crypto';
import type { Db } from './database';

/** Who did it. `userId` is null for the recovery key and for failed sign-ins. */
export interface Actor {
  userId: string | null;
  username: string;
}

/** Opened with the recovery key: no user is signed in. */
export const RECOVERY_ACTOR: Actor = { userId: null, username: '(recovery-key)' };
export const SYSTEM_ACTOR: Actor = { userId: null, username: '(system)' };

export type AuditScalar = string | number | boolean | null;
export type AuditDetail = Record<string, AuditScalar | readonly AuditScalar[]>;

export interface AuditEntry {
  /** Dotted verb, e.g. `person.create`, `login.failed`. */
  action: string;
  entity?: string | null;
  entityId?: string | null;
  /** Ids, codes and counts only: never a name, an ID number or any other personal data. */
  detail?: AuditDetail | null;
  /** Defaults to now; set for entries recorded late (failed sign-ins kept in keys.json). */
  at?: string;
}

/** A row of the hash chain as stored; what leaves the core is the contract's ChainedAuditRow view of it. */
export interface ChainedAuditRow {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: AuditDetail | null;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function auditHash(row: Omit<ChainedAuditRow, 'hash'>): string {
  const payload = canonicalJson({
    seq: row.seq,
    at: row.at,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    detail: row.detail,
    prevHash: row.prevHash,
  });
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX64 = /^[0-9a-f]{64}$/i;

/**
 * The last line of defence for "no personal data in the audit log": detail strings must
 * be short ASCII (codes, ids, field names) and hold no long digit run (ID or phone
 * numbers). A name in Chinese characters fails the ASCII test.
 */
export function assertAuditDetailSafe(detail: AuditDetail | null | undefined): void {
  if (!detail) return;
  const check = (v: AuditScalar, key: string): void => {
    if (typeof v !== 'string') return;
    if (UUID.test(v) || HEX64.test(v)) return;
    if (!/^[\x20-\x7e]{0,200}$/.test(v) || /\d{7,}/.test(v))
      throw new Error(`audit detail "${key}" looks like free text or personal data; only codes, ids and counts belong there`);
  };
  for (const [key, v] of Object.entries(detail)) {
    if (Array.isArray(v)) for (const x of v as AuditScalar[]) check(x, key);
    else check(v as AuditScalar, key);
  }
}

interface RawChainedAuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

function fromRaw(r: RawChainedAuditRow): ChainedAuditRow {
  return {
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as AuditDetail),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * The append-only, hash-chained audit trail. Callers append inside the transaction of
 * the change they record, so the change and its audit row commit together or not at all.
 */
export class AuditLog {
  private readonly lastStmt;
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.lastStmt = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, detail, prev_hash, hash)
       VALUES (@seq, @at, @actorId, @actorName, @action, @entity, @entityId, @detail, @prevHash, @hash)`,
    );
  }

  append(actor: Actor, entry: AuditEntry): ChainedAuditRow {
    assertAuditDetailSafe(entry.detail);
    const write = (): ChainedAuditRow => {
      const last = this.lastStmt.get() as { seq: number; hash: string } | undefined;
      const row: Omit<ChainedAuditRow, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        at: entry.at ?? new Date().toISOString(),
        actorId: actor.userId,
        actorName: actor.username,
        action: entry.action,
        entity: entry.entity ?? null,
        entityId: entry.entityId ?? null,
        detail: entry.detail ?? null,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const full: ChainedAuditRow = { ...row, hash: auditHash(row) };
      this.insertStmt.run({ ...full, detail: full.detail === null ? null : canonicalJson(full.detail) });
      return full;
    };
    // Reading the chain head and appending must not interleave with another writer.
    return this.db.inTransaction ? write() : this.db.transaction(write).immediate();
  }

  list(opts: { entity?: string; entityId?: string; limit?: number; afterSeq?: number } = {}): ChainedAuditRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: opts.limit ?? 100, after: opts.afterSeq ?? 0 };
    where.push('seq > @after');
    if (opts.entity) {
      where.push('entity = @entity');
      params['entity'] = opts.entity;
    }
    if (opts.entityId) {
      where.push('entity_id = @entityId');
      params['entityId'] = opts.entityId;
    }
    const rows = this.db
      .prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`)
      .all(params) as RawChainedAuditRow[];
    return rows.map(fromRaw);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }
}

export type AuditVerification = { ok: true; rows: number } | { ok: false; brokenAt: number; reason: string };

/**
 * Walks the whole chain and reports the first row that does not follow from the one
 * before it. (A truncated tail is not detectable from the table alone; backups and the
 * hash printed by `check` are the anchors for that.)
 */
export function verifyAuditChain(db: Db): AuditVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (const raw of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<RawChainedAuditRow>) {
    if (raw.seq !== expectedSeq) return { ok: false, brokenAt: raw.seq, reason: `序号不连续：应为 ${expectedSeq}，实际为 ${raw.seq}` };
    if (raw.prev_hash !== prevHash) return { ok: false, brokenAt: raw.seq, reason: '与上一条记录的哈希不衔接' };
    let row: ChainedAuditRow;
    try {
      row = fromRaw(raw);
    } catch {
      return { ok: false, brokenAt: raw.seq, reason: '详情不是有效的 JSON' };
    }
    const { hash: _stored, ...rest } = row;
    if (auditHash(rest) !== raw.hash) return { ok: false, brokenAt: raw.seq, reason: '记录内容与其哈希不符（已被修改）' };
    prevHash = raw.hash;
    expectedSeq++;
    rows++;
  }
  return { ok: true, rows };
}

/** Seq and hash of the newest row: the value to write down as an external anchor. */
export function auditHead(db: Db): { seq: number; hash: string } {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return last ?? { seq: 0, hash: GENESIS_HASH };
}
