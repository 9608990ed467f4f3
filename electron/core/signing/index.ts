export {
  createInstitutionCa,
  issueAssessorCertificate,
  certificateInfo,
  exportCaCertificate,
  assertAscii,
  type KeyAndCert,
  type CaOptions,
  type AssessorCertOptions,
  type CertificateInfo,
} from './certs';
export { toPkcs12, readPkcs12, Pkcs12Error, type Pkcs12Contents, type ReadPkcs12Options } from './pkcs12';
export { signReport, clearSignerCache, type ReportSigner, type SignOptions } from './sign';
export { verifyPdfSignatures, type VerifyOptions, type VerifyReport, type SignatureCheck, type SignatureIntegrity } from './verify';
export { addSignaturePlaceholder, type PlaceholderOptions } from './placeholder';
export { afterText, signatureValid, signatureLine, STATUS_TEXT, type SignatureStatus } from './describe';
export { readAssessorRecord, nameMatchesCertificate, type AssessorBinding } from './assessor-record';
