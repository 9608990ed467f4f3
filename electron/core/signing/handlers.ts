import type { CertificateRecord } from '../db';
import type { NamespaceHandlers } from '../app/dispatcher';
import { safeFilePart } from '../reports/stored-reports';
import { certificateInfo, exportCaCertificate } from './index';
import { canSign, ensureInstitutionCa, importUserP12 } from './user-certificates';

function summary(c: CertificateRecord) {
  const info = certificateInfo(c.certPem);
  return {
    id: c.id,
    subject: c.subject,
    commonName: info.commonName,
    serial: c.serial,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    source: c.source,
    fingerprint256: info.fingerprint256,
  };
}

export function signingHandlers(): NamespaceHandlers<'signing'> {
  return {
    'signing.caCertificate': (_input, { store }) => {
      const ca = ensureInstitutionCa(store);
      const pem = exportCaCertificate(ca);
      const info = certificateInfo(pem);
      const row = store.certificates.activeCa()!;
      store.audit.append(store.actor, { action: 'signing.caExport', entity: 'certificate', entityId: row.id });
      return {
        pem,
        fileName: `机构CA证书-${safeFilePart(store.settings.getInstitution().name, '机构')}.pem`,
        subject: info.subject,
        fingerprint256: info.fingerprint256,
        notAfter: info.validTo,
      };
    },

    'signing.importUserP12': async (input, { store }) => {
      const r = await importUserP12(store, input.userId, Buffer.from(input.p12Base64, 'base64'), input.p12Password);
      return { certificate: summary(r.certificate), warnings: r.warnings };
    },

    'signing.status': (_input, { store }) => {
      const ca = store.certificates.activeCa();
      const byUser = new Map(store.certificates.activeUserCertificates().map((c) => [c.userId!, c]));
      return {
        ca: ca ? summary(ca) : null,
        users: store.users.list().map((u) => {
          const c = byUser.get(u.id);
          return {
            userId: u.id,
            username: u.username,
            displayName: u.displayName,
            role: u.role,
            active: u.active,
            canSign: canSign(u.role),
            certificate: c ? summary(c) : null,
          };
        }),
      };
    },
  };
}
