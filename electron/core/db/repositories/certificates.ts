import { X509Certificate } from 'node:crypto';
import type { Actor, AuditLog } from '../audit';
import { newId } from '../ids';
import type { Db } from '../database';
import { StoreError } from '../errors';

export type CertificateKind = 'ca' | 'user';
export type CertificateSource = 'generated' | 'imported';

/** One stored certificate; the PKCS#12 itself is read only by `withP12` callers. */
export interface CertificateRecord {
  id: string;
  kind: CertificateKind;
  /** null for the institution CA. */
  userId: string | null;
  /** 'C=CN, O=…, CN=…' */
  subject: string;
  /** Hex, as X.509 prints it. */
  serial: string;
  notBefore: string;
  notAfter: string;
  certPem: string;
  source: CertificateSource;
  active: boolean;
  createdAt: string;
}

export interface CertificateWithP12 extends CertificateRecord {
  /** Password-protected PKCS#12 of the key and certificate (and the issuing CA). */
  p12: Buffer;
}

export interface NewCertificate {
  kind: CertificateKind;
  userId: string | null;
  certPem: string;
  p12: Uint8Array;
  source: CertificateSource;
}

interface CertificateRow {
  id: string;
  kind: CertificateKind;
  user_id: string | null;
  subject: string;
  serial: string;
  not_before: string;
  not_after: string;
  cert_pem: string;
  key_p12?: Buffer;
  source: CertificateSource;
  active: number;
  created_at: string;
}

const COLUMNS = 'id, kind, user_id, subject, serial, not_before, not_after, cert_pem, source, active, created_at';

function fromRow(r: CertificateRow): CertificateRecord {
  return {
    id: r.id,
    kind: r.kind,
    userId: r.user_id,
    subject: r.subject,
    serial: r.serial,
    notBefore: r.not_before,
    notAfter: r.not_after,
    certPem: r.cert_pem,
    source: r.source,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

function withP12(r: CertificateRow): CertificateWithP12 {
  return { ...fromRow(r), p12: r.key_p12! };
}

/** Facts the table keeps beside the PEM, read with Node's X.509 parser (forge mis-decodes UTF-8 names). */
export function describeCertificate(certPem: string): { subject: string; serial: string; notBefore: string; notAfter: string } {
  let x: X509Certificate;
  try {
    x = new X509Certificate(certPem);
  } catch {
    throw new StoreError('VALIDATION', '证书无法解析', [{ path: 'certPem', message: '证书无法解析' }]);
  }
  return {
    subject: x.subject.split('\n').filter(Boolean).join(', '),
    serial: x.serialNumber,
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
  };
}

/**
 * The institution CA and the users' signing certificates. Adding a certificate replaces
 * (deactivates) the holder's previous active one in the same transaction, with an audit
 * row naming only ids, kind and source.
 */
export class CertificatesRepo {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  activeCa(): CertificateWithP12 | null {
    const r = this.db.prepare("SELECT * FROM certificates WHERE kind = 'ca' AND active = 1").get() as CertificateRow | undefined;
    return r ? withP12(r) : null;
  }

  activeForUser(userId: string): CertificateWithP12 | null {
    const r = this.db.prepare("SELECT * FROM certificates WHERE kind = 'user' AND user_id = ? AND active = 1").get(userId) as CertificateRow | undefined;
    return r ? withP12(r) : null;
  }

  /** Every active user certificate, without the PKCS#12. */
  activeUserCertificates(): CertificateRecord[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM certificates WHERE kind = 'user' AND active = 1`).all() as CertificateRow[]).map(fromRow);
  }

  /** Every certificate ever stored (active or replaced), without the PKCS#12: to recognise a report's signer. */
  all(): CertificateRecord[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM certificates ORDER BY created_at`).all() as CertificateRow[]).map(fromRow);
  }

  get(id: string): CertificateRecord | null {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM certificates WHERE id = ?`).get(id) as CertificateRow | undefined;
    return r ? fromRow(r) : null;
  }

  add(input: NewCertificate, actor: Actor): CertificateRecord {
    if ((input.kind === 'ca') !== (input.userId === null)) throw new Error('a CA certificate has no user; a user certificate needs one');
    const facts = describeCertificate(input.certPem);
    const id = newId();
    const now = new Date().toISOString();
    const p12 = Buffer.from(input.p12.buffer, input.p12.byteOffset, input.p12.byteLength);
    this.db
      .transaction(() => {
        if (input.userId !== null) {
          const u = this.db.prepare('SELECT 1 FROM users WHERE id = ?').get(input.userId);
          if (!u) throw new StoreError('NOT_FOUND', '用户不存在');
        }
        const previous =
          input.kind === 'ca'
            ? (this.db.prepare("SELECT id FROM certificates WHERE kind = 'ca' AND active = 1").all() as { id: string }[])
            : (this.db.prepare("SELECT id FROM certificates WHERE kind = 'user' AND user_id = ? AND active = 1").all(input.userId) as { id: string }[]);
        for (const p of previous) {
          this.db.prepare('UPDATE certificates SET active = 0 WHERE id = ?').run(p.id);
          this.audit.append(actor, { action: 'certificate.deactivate', entity: 'certificate', entityId: p.id, detail: { replacedBy: id } });
        }
        this.db
          .prepare(
            `INSERT INTO certificates (id, kind, user_id, subject, serial, not_before, not_after, cert_pem, key_p12, source, active, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
          )
          .run(id, input.kind, input.userId, facts.subject, facts.serial, facts.notBefore, facts.notAfter, input.certPem, p12, input.source, now);
        this.audit.append(actor, {
          action: input.source === 'imported' ? 'certificate.import' : 'certificate.issue',
          entity: 'certificate',
          entityId: id,
          detail: { kind: input.kind, source: input.source, userId: input.userId },
        });
      })
      .immediate();
    return this.get(id)!;
  }

  /** The same key and certificate under a new PKCS#12 password (the user changed their password). */
  replaceP12(id: string, p12: Uint8Array, actor: Actor): void {
    const bytes = Buffer.from(p12.buffer, p12.byteOffset, p12.byteLength);
    this.db
      .transaction(() => {
        const r = this.db.prepare('UPDATE certificates SET key_p12 = ? WHERE id = ? AND active = 1').run(bytes, id);
        if (r.changes !== 1) throw new StoreError('NOT_FOUND', '找不到该证书');
        this.audit.append(actor, { action: 'certificate.rewrap', entity: 'certificate', entityId: id });
      })
      .immediate();
  }

  deactivate(id: string, actor: Actor): void {
    this.db
      .transaction(() => {
        const r = this.db.prepare('UPDATE certificates SET active = 0 WHERE id = ? AND active = 1').run(id);
        if (r.changes === 1) this.audit.append(actor, { action: 'certificate.deactivate', entity: 'certificate', entityId: id });
      })
      .immediate();
  }
}
