import type pg from 'pg';
import { certificateSha256 } from '../core/exchange/bundle-file';
import { certificateInfo } from '../core/signing/certs';
import { appendHubAudit } from './audit';
import { HubError } from './schema';

/** The first certificate of a PEM file, checked to be one; else null. */
export function stationCertificate(text: string): string | null {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  if (!m) return null;
  const pem = `${m[0]}\n`;
  try {
    certificateInfo(pem);
    return pem;
  } catch {
    return null;
  }
}

/** Enrolls a station by its institution certificate, once (`hub station add`, 站点 → 登记站点). */
export async function enrollStation(client: pg.ClientBase, actor: string, certPem: string, name: string): Promise<{ sha256: string }> {
  const sha256 = certificateSha256(certPem);
  await client.query('BEGIN');
  try {
    const r = await client.query('INSERT INTO stations (cert_sha256, name, cert_pem) VALUES ($1, $2, $3) ON CONFLICT (cert_sha256) DO NOTHING RETURNING cert_sha256', [sha256, name, certPem]);
    if (r.rowCount === 0) throw new HubError(`该站点证书已登记过（SHA-256 ${sha256}）`);
    await appendHubAudit(client, actor, { action: 'station.add', entity: 'station', entityId: sha256, detail: {} });
    await client.query('COMMIT');
    return { sha256 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
