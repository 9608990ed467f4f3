export { Store, isEmptyDir, reserveAttempt, clearAttempts, lockedUntil, type AttemptReservation, type RekeyCopier, type RekeyOutcome, type StoreUser, type InitOptions, type OpenOptions, type CheckReport, type WorkerAccess } from './store';
export {
  StoreError,
  NewerDatabaseError,
  STORE_TO_API_CODE,
  validationError,
  WRONG_CREDENTIALS_MESSAGE,
  exitCodeFor,
  isStoreError,
  toServiceError,
  type StoreErrorCode,
} from './errors';
export { AuditLog, verifyAuditChain, auditHead, canonicalJson, auditHash, GENESIS_HASH, RECOVERY_ACTOR, type Actor, type ChainedAuditRow, type AuditEntry, type AuditVerification } from './audit';
export { DERIVED_TABLES, LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion, type Migration } from './migrations';
export { FolderBusyError, holdDataFolder, LOCK_FILES, type FolderHold } from './folder-lock';
export { DB_FILE, dbFilePath, openDatabase, integrityCheck, writeRekeyedCopy, type Db } from './database';
export { KEY_FILE, MAX_FAILED_ATTEMPTS, LOCK_MS, decodeRecoveryKey, encodeRecoveryKey, readKeyFile } from './keys';
export { nameInitials, plusMonths, minusMonths, type PersonSearch, type PersonSearchResult } from './repositories/persons';
export { normalizeAnswers, storedAnswersSchema, type FinalizeInput } from './repositories/assessments';
export type { UserRecord, NewUser } from './repositories/users';
export { SETTING_KEYS, type InstitutionSettings } from './repositories/settings';
export { MIN_PASSWORD_LENGTH, passwordProblem, usernameProblem } from './repositories/users';
export { CertificatesRepo, describeCertificate, type CertificateRecord, type CertificateWithP12, type CertificateKind, type CertificateSource, type NewCertificate } from './repositories/certificates';
export { HandwritingRepo, HANDWRITING_ROLES, type Handwriting, type HandwritingRole } from './repositories/handwriting';
