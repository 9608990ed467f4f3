import type { Actor, AuditLog } from '../audit';
import type { Db } from '../database';
import { StoreError, validationError } from '../errors';

export const DEFAULT_REASSESSMENT_INTERVAL_MONTHS = 12;

export interface InstitutionSettings {
  name: string;
  /** Short ASCII code; prefixes assessment numbers. */
  code: string | null;
  address: string | null;
}

const K = {
  storeId: 'storeId',
  name: 'institution.name',
  code: 'institution.code',
  address: 'institution.address',
  interval: 'reassessmentIntervalMonths',
  policyPack: 'activePolicyPack',
  /** Random passphrase of the institution CA's PKCS#12 (see services/certificates). Never leaves the store. */
  caSecret: 'signing.caSecret',
  /** The CA passphrase sealed to each administrator's key slot and the recovery slot (issue 13 #6); replaces caSecret. */
  caSecretSealed: 'signing.caSecretSealed',
  /** Key of the pseudonymous person ids in de-identified exports (HMAC-SHA256). Never leaves the store. */
  pseudonymKey: 'exports.pseudonymKey',
} as const;

export class SettingsRepo {
  private readonly getStmt;
  private readonly putStmt;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.putStmt = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** Raw read; values are JSON. */
  get<T>(key: string, fallback: T): T {
    const row = this.getStmt.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  /** Raw write without an audit row: for init and for callers that audit themselves. */
  put(key: string, value: unknown): void {
    this.putStmt.run(key, JSON.stringify(value));
  }

  storeId(): string | null {
    return this.get<string | null>(K.storeId, null);
  }

  getInstitution(): InstitutionSettings {
    return {
      name: this.get(K.name, ''),
      code: this.get<string | null>(K.code, null),
      address: this.get<string | null>(K.address, null),
    };
  }

  setInstitution(patch: Partial<InstitutionSettings>, actor: Actor): InstitutionSettings {
    const changed: string[] = [];
    const fields = [];
    if (patch.name !== undefined) {
      const name = patch.name.trim();
      if (!name || name.length > 100) fields.push({ path: 'name', message: '机构名称应为 1–100 个字' });
      changed.push(K.name);
    }
    if (patch.code !== undefined && patch.code !== null && !/^[A-Za-z0-9]{1,20}$/.test(patch.code))
      fields.push({ path: 'code', message: '机构代码只能包含字母和数字，最多 20 位' });
    if (patch.code !== undefined) changed.push(K.code);
    if (patch.address !== undefined) {
      if (patch.address !== null && patch.address.length > 200) fields.push({ path: 'address', message: '机构地址不能超过 200 个字' });
      changed.push(K.address);
    }
    if (fields.length) throw validationError(fields);
    this.db
      .transaction(() => {
        if (patch.name !== undefined) this.put(K.name, patch.name.trim());
        if (patch.code !== undefined) this.put(K.code, patch.code ? patch.code.toUpperCase() : null);
        if (patch.address !== undefined) this.put(K.address, patch.address?.trim() || null);
        this.audit.append(actor, { action: 'settings.update', entity: 'settings', detail: { keys: changed } });
      })
      .immediate();
    return this.getInstitution();
  }

  getReassessmentIntervalMonths(): number {
    return this.get(K.interval, DEFAULT_REASSESSMENT_INTERVAL_MONTHS);
  }

  setReassessmentIntervalMonths(months: number, actor: Actor): void {
    if (!Number.isInteger(months) || months < 1 || months > 60)
      throw validationError([{ path: 'reassessmentIntervalMonths', message: '复评间隔应为 1–60 的整数（月）' }]);
    this.db
      .transaction(() => {
        this.put(K.interval, months);
        this.audit.append(actor, { action: 'settings.update', entity: 'settings', detail: { keys: [K.interval], value: months } });
      })
      .immediate();
  }

  getActivePolicyPack(): string | null {
    return this.get<string | null>(K.policyPack, null);
  }

  setActivePolicyPack(packId: string | null, actor: Actor): void {
    if (packId !== null && !/^[A-Za-z0-9._-]{1,64}$/.test(packId))
      throw new StoreError('VALIDATION', '政策包标识无效', [{ path: 'activePolicyPack', message: '政策包标识无效' }]);
    this.db
      .transaction(() => {
        this.put(K.policyPack, packId);
        this.audit.append(actor, { action: 'settings.update', entity: 'settings', detail: { keys: [K.policyPack], value: packId } });
      })
      .immediate();
  }
}

export const SETTING_KEYS = K;
