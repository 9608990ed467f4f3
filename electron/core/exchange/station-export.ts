import { randomUUID } from 'node:crypto';
import { StoreError, type Store } from '../db';
import { writeFileAtomic } from '../db/keys';
import { ensureInstitutionCa } from '../signing/user-certificates';
import { BUNDLE_EXT, encryptBundle, signBundle, type BundleHeader, type BundleRange } from './bundle-file';

/** Where the station remembers its last export, so `--since last` goes on from there. */
const LAST_EXPORT_KEY = 'exchange.lastExport';
const HUB_KEY_SETTING = 'exchange.hubPublicKey';

export interface LastExport {
  bundleId: string;
  sequence: number;
  toSeq: number;
  toAt: string;
  exportedAt: string;
}

/** What travels in a bundle (the payload, before encryption). */
export interface BundlePayload {
  format: 1;
  station: { id: string; name: string; code: string | null };
  /** Station rows as they are (the persons table's columns). */
  persons: Record<string, unknown>[];
  /** Finished assessments as they are, without the report's bytes (those are in `reports`). */
  assessments: Record<string, unknown>[];
  /** The derived facts the dashboard counts, with `texts` to read their numbers. */
  facts: Record<string, unknown>[];
  texts: [number, string][];
  /** Signed reports, base64. */
  reports: { assessmentId: string; sha256: string; pdfBase64: string }[];
  audit: Record<string, unknown>[];
  /** Who the ids in assessments and audit rows are: names and roles only (never a password or key). */
  users: { id: string; displayName: string; role: string }[];
  /** Care-plan edits: those of the assessments sent, and those made since the last export (absent in bundles of older versions). */
  carePlanChanges?: Record<string, unknown>[];
}

export function lastExport(store: Store): LastExport | null {
  return store.settings.get<LastExport | null>(LAST_EXPORT_KEY, null);
}

export function savedHubKey(store: Store): string | null {
  return store.settings.get<string | null>(HUB_KEY_SETTING, null);
}

export function saveHubKey(store: Store, pem: string): void {
  store.transaction(() => {
    store.settings.put(HUB_KEY_SETTING, pem);
    store.audit.append(store.actor, { action: 'exchange.hubKey', entity: 'settings', detail: {} });
  });
}

/** `--since`: 'last' goes on after the previous export (from the start if none); a date takes everything from that day on. */
export type Since = 'last' | { date: string };

function startOf(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new StoreError('VALIDATION', `--since 须为 last 或 YYYY-MM-DD：${date}`);
  const d = new Date(`${date}T00:00:00`);
  if (Number.isNaN(d.getTime())) throw new StoreError('VALIDATION', `--since 须为 last 或 YYYY-MM-DD：${date}`);
  return d.toISOString();
}

/**
 * Collects what changed since the last export (or a date) in one read transaction: persons
 * changed and the persons of the assessments sent, finalized and signed assessments whose
 * finalize or signature falls in the range, their facts and signed reports, and the audit
 * rows in the range.
 */
export function collectBundle(store: Store, since: Since, now = new Date()): { payload: BundlePayload; range: BundleRange; sequence: number } {
  return store.transaction(() => {
    const db = store.db;
    const last = lastExport(store);
    const fromAt = since === 'last' ? (last?.toAt ?? '') : startOf(since.date);
    const toAt = now.toISOString();
    const afterSeq =
      since === 'last' ? (last?.toSeq ?? 0) : ((db.prepare('SELECT max(seq) FROM audit_log WHERE at < ?').pluck().get(fromAt) as number | null) ?? 0);
    const toSeq = (db.prepare('SELECT coalesce(max(seq), 0) FROM audit_log').pluck().get() as number);
    const assessments = db
      .prepare(
        `SELECT * FROM assessments WHERE status IN ('finalized', 'signed')
           AND max(finalized_at, coalesce(signed_at, '')) > @fromAt AND max(finalized_at, coalesce(signed_at, '')) <= @toAt
         ORDER BY assessment_date, assessment_no`,
      )
      .all({ fromAt, toAt }) as Record<string, unknown>[];
    const reports: BundlePayload['reports'] = [];
    for (const a of assessments) {
      if (a['report_pdf']) reports.push({ assessmentId: String(a['id']), sha256: String(a['report_sha256']), pdfBase64: (a['report_pdf'] as Buffer).toString('base64') });
      delete a['report_pdf'];
    }
    const ids = new Set(assessments.map((a) => String(a['id'])));
    const personIds = new Set(assessments.map((a) => String(a['person_id'])));
    const persons = (db.prepare('SELECT * FROM persons WHERE updated_at > @fromAt AND updated_at <= @toAt').all({ fromAt, toAt }) as Record<string, unknown>[]).filter(
      (p) => !personIds.has(String(p['id'])),
    );
    const personOf = db.prepare('SELECT * FROM persons WHERE id = ?');
    for (const id of personIds) persons.push(personOf.get(id) as Record<string, unknown>);
    const factOf = db.prepare('SELECT * FROM assessment_facts WHERE assessment_id = ?');
    const facts = [...ids].map((id) => factOf.get(id) as Record<string, unknown>).filter(Boolean);
    const textIds = new Set<number>();
    for (const f of facts) for (const [k, v] of Object.entries(f)) if (k.endsWith('_id') && typeof v === 'number') textIds.add(v);
    const textOf = db.prepare('SELECT text FROM fact_texts WHERE id = ?').pluck();
    const texts: [number, string][] = [...textIds].sort((x, y) => x - y).map((id) => [id, textOf.get(id) as string]);
    const audit = db.prepare('SELECT * FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq').all(afterSeq, toSeq) as Record<string, unknown>[];
    const users = db.prepare('SELECT id, display_name AS displayName, role FROM users ORDER BY id').all() as BundlePayload['users'];
    const changeRows = db.prepare('SELECT * FROM care_plan_changes WHERE at > @fromAt AND at <= @toAt ORDER BY seq').all({ fromAt, toAt }) as Record<string, unknown>[];
    const changesOf = db.prepare('SELECT * FROM care_plan_changes WHERE assessment_id = ? ORDER BY seq');
    const changes = new Map(changeRows.map((c) => [c['seq'], c]));
    for (const id of ids) for (const c of changesOf.all(id) as Record<string, unknown>[]) changes.set(c['seq'], c);
    const carePlanChanges = [...changes.values()];
    const institution = store.settings.getInstitution();
    const range: BundleRange = {
      afterSeq,
      toSeq,
      fromAt: (audit[0]?.['at'] as string | undefined) ?? null,
      toAt: (audit[audit.length - 1]?.['at'] as string | undefined) ?? null,
    };
    return {
      payload: { format: 1, station: { id: store.settings.storeId() ?? '', name: institution.name, code: institution.code }, persons, assessments, facts, texts, reports, audit, users, carePlanChanges },
      range: { ...range, fromAt: fromAt || range.fromAt, toAt },
      sequence: (last?.sequence ?? 0) + 1,
    };
  });
}

export interface ExportOutcome {
  file: string;
  header: Pick<BundleHeader, 'bundleId' | 'sequence' | 'range' | 'counts'>;
}

/** A bundle collected and encrypted, waiting for the station's signature. */
export interface PreparedBundle {
  header: BundleHeader;
  ciphertext: Uint8Array;
}

/**
 * Collects and encrypts (no secret needed: a worker thread does this in the app, on its own
 * connection): the payload never leaves this function except encrypted to the hub.
 */
export function prepareBundle(store: Store, opts: { since: Since; hubPublicKeyPem: string; stationCertPem: string; now: Date }): PreparedBundle {
  const { payload, range, sequence } = collectBundle(store, opts.since, opts.now);
  const counts = { persons: payload.persons.length, assessments: payload.assessments.length, reports: payload.reports.length, audit: payload.audit.length };
  const { header, ciphertext } = encryptBundle({
    header: { bundleId: randomUUID(), stationId: payload.station.id, stationName: payload.station.name, sequence, range, createdAt: opts.now.toISOString(), counts },
    payload,
    hubPublicKeyPem: opts.hubPublicKeyPem,
    stationCertPem: opts.stationCertPem,
  });
  return { header, ciphertext };
}

/** The institution's certificate and key, for signing bundles: administrators only. */
export function stationSigner(store: Store): { certPem: string; keyPem: string } {
  if (store.user?.role !== 'admin') throw new StoreError('FORBIDDEN', '只有管理员可以导出交换数据包（须用机构密钥签名）');
  return ensureInstitutionCa(store);
}

/** The signed file's bytes. */
export function signedBundle(prepared: PreparedBundle, signer: { keyPem: string }): Buffer {
  return Buffer.concat([signBundle(prepared.header, signer.keyPem), prepared.ciphertext]);
}

/** Records a bundle as exported, once its file is safely written: `--since last` goes on after it. */
export function recordExport(store: Store, header: BundleHeader, now: Date): void {
  store.transaction(() => {
    const { bundleId, sequence, range, counts } = header;
    // Two exports at once: the later one to finish must not move the mark back.
    const last = lastExport(store);
    if (!last || last.sequence < sequence)
      store.settings.put(LAST_EXPORT_KEY, { bundleId, sequence, toSeq: range.toSeq, toAt: range.toAt ?? now.toISOString(), exportedAt: now.toISOString() } satisfies LastExport);
    store.audit.append(store.actor, { action: 'exchange.export', entity: 'store', entityId: header.stationId, detail: { bundleId, sequence, afterSeq: range.afterSeq, toSeq: range.toSeq, ...counts } });
  });
}

/** Written and synced under a temporary name, then renamed: a crash leaves no half bundle. */
export function writeBundleFile(outFile: string, bytes: Buffer): void {
  writeFileAtomic(outFile, bytes);
}

/**
 * The command line's export, all in this process: writes a bundle for the hub whose public
 * key is `hubPublicKeyPem`, signed with the institution's key, then records it as the last
 * export (only after the file is written).
 */
export function exportBundle(store: Store, outFile: string, hubPublicKeyPem: string, since: Since, now = new Date()): ExportOutcome {
  const signer = stationSigner(store);
  const prepared = prepareBundle(store, { since, hubPublicKeyPem, stationCertPem: signer.certPem, now });
  writeBundleFile(outFile, signedBundle(prepared, signer));
  recordExport(store, prepared.header, now);
  const { bundleId, sequence, range, counts } = prepared.header;
  return { file: outFile, header: { bundleId, sequence, range, counts } };
}

export { BUNDLE_EXT };
