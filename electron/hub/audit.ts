import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * The hub's audit trail: append-only (a trigger refuses UPDATE and DELETE) and hash-chained
 * like the station's, so a row changed behind the hub's back breaks the chain at that row.
 * Details hold ids and counts, never names or ID numbers.
 */
export interface HubAuditEntry {
  action: string;
  entity?: string | null;
  entityId?: string | null;
  detail?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

function rowHash(prev: string, row: { seq: number; at: string; actor: string | null; action: string; entity: string | null; entityId: string | null; detail: string }): string {
  return createHash('sha256').update(prev).update(JSON.stringify([row.seq, row.at, row.actor, row.action, row.entity, row.entityId, row.detail])).digest('hex');
}

/** Appends inside the caller's transaction; the table lock keeps two appenders from forking the chain. */
export async function appendHubAudit(client: pg.ClientBase, actor: string | null, e: HubAuditEntry, now = new Date()): Promise<void> {
  await client.query('LOCK TABLE hub_audit IN SHARE ROW EXCLUSIVE MODE');
  const last = await client.query('SELECT seq, hash FROM hub_audit ORDER BY seq DESC LIMIT 1');
  const seq = last.rows[0] ? Number(last.rows[0].seq) + 1 : 1;
  const prev = last.rows[0]?.hash ?? GENESIS;
  const row = { seq, at: now.toISOString(), actor, action: e.action, entity: e.entity ?? null, entityId: e.entityId ?? null, detail: JSON.stringify(e.detail ?? {}) };
  await client.query('INSERT INTO hub_audit (seq, at, actor, action, entity, entity_id, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    row.seq,
    row.at,
    row.actor,
    row.action,
    row.entity,
    row.entityId,
    row.detail,
    prev,
    rowHash(prev, row),
  ]);
}

/** Walks the chain: the first row whose link or hash does not hold, or null. */
export async function verifyHubAudit(client: pg.ClientBase): Promise<{ ok: boolean; rows: number; brokenAt: number | null }> {
  const r = await client.query('SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM hub_audit ORDER BY seq');
  let prev = GENESIS;
  for (const x of r.rows) {
    const expect = rowHash(prev, { seq: Number(x.seq), at: x.at, actor: x.actor, action: x.action, entity: x.entity, entityId: x.entity_id, detail: x.detail });
    if (x.prev_hash !== prev || x.hash !== expect) return { ok: false, rows: r.rows.length, brokenAt: Number(x.seq) };
    prev = x.hash;
  }
  return { ok: true, rows: r.rows.length, brokenAt: null };
}

/** One audit row in a transaction of its own (for reads that are audited, like opening a report). */
export async function recordHubAudit(client: pg.ClientBase, actor: string | null, e: HubAuditEntry): Promise<void> {
  await client.query('BEGIN');
  try {
    await appendHubAudit(client, actor, e);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** The newest rows first (before `beforeSeq`), with the actor's name: a hub user's, or the command line's. */
export async function listHubAudit(client: pg.ClientBase, limit: number, beforeSeq?: number): Promise<{ seq: number; at: string; actorName: string | null; action: string; entity: string | null; entityId: string | null; detail: Record<string, unknown> | null }[]> {
  const r = await client.query(
    `SELECT a.seq, a.at, a.actor, u.display_name, a.action, a.entity, a.entity_id, a.detail FROM hub_audit a LEFT JOIN hub_users u ON u.id = a.actor
     WHERE a.seq < $1 ORDER BY a.seq DESC LIMIT $2`,
    [beforeSeq ?? Number.MAX_SAFE_INTEGER, limit],
  );
  return r.rows.map((x) => ({
    seq: Number(x.seq),
    at: x.at,
    actorName: x.display_name ?? (x.actor === 'hub-admin' ? '区县管理员（命令行）' : x.actor),
    action: x.action,
    entity: x.entity,
    entityId: x.entity_id,
    detail: (() => {
      try {
        return JSON.parse(x.detail) as Record<string, unknown>;
      } catch {
        return null;
      }
    })(),
  }));
}
