import { finalizeAssessment } from '../../../electron/core/assessments/finalize';
import { CatalogueRegistry } from '../../../electron/core/care-plan/catalogues';
import { PolicyRegistry } from '../../../electron/core/policy/registry';
import { StoreError } from '../../../electron/core/db';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIO } from '../../../electron/cli/io';
import { Store, type InitOptions } from '../../../electron/core/db';
import type { PersonInput } from '../../../shared/validation/person';
import { makeIdNumber } from '../../../shared/validation/id-number';
import { allItems, GBT42195_2022 } from '../../../shared/instruments';

/** Cheap scrypt so tests that create many slots stay fast; real stores use the default. */
export const FAST_KDF = { N: 1024, r: 8, p: 1 };
export const ADMIN_PASSWORD = 'admin-password-1';

const dirs: string[] = [];

export function tempDir(prefix = 'yiyang-store-'): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export function cleanupTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function newStore(opts: Partial<InitOptions> = {}, dataDir = path.join(tempDir(), 'data')) {
  const { store, recoveryKey } = await Store.init(dataDir, {
    institutionName: '泉州市测试养老服务中心',
    institutionCode: 'QZT',
    adminUsername: 'admin',
    adminPassword: ADMIN_PASSWORD,
    kdf: FAST_KDF,
    ...opts,
  });
  return { store, recoveryKey, dataDir };
}

let seq = 0;
/** A valid person; every call gets a distinct ID number. */
export function personInput(over: Partial<PersonInput> = {}): PersonInput {
  seq++;
  const birthDate = over.birthDate ?? '1948-03-15';
  const sex = over.sex ?? '女';
  const n = (seq * 2 + (sex === '男' ? 1 : 0)) % 1000;
  return {
    name: '陈秀英',
    sex,
    birthDate,
    idNumber: makeIdNumber('350582', birthDate, n),
    phone: '13905951234',
    county: '晋江市',
    township: '安海镇',
    village: '西安村',
    address: '福建省泉州市晋江市安海镇西安村12号',
    economic: 'none',
    ...over,
  };
}

/** Answers for every GB/T 42195 item at `score` (capped per item). */
export function fullAnswers(score = 4) {
  const items: Record<string, number> = {};
  for (const it of allItems(GBT42195_2022)) items[it.code] = Math.min(score, it.max);
  return { items, coma: false, diagnoses: [] as string[], riskEvents: { fall: 0, wandering: 0, choking: 0, suicideSelfHarm: 0, other: 0 } };
}

export interface FakeIO extends CliIO {
  out: string;
  err: string;
}

export function fakeIO(env: Record<string, string> = {}, cwd = process.cwd()): FakeIO {
  const io: FakeIO = {
    env,
    cwd,
    out: '',
    err: '',
    stdout(t) {
      io.out += t;
    },
    stderr(t) {
      io.err += t;
    },
    readStdin: async () => '',
    promptSecret: async () => null,
  };
  return io;
}

/** The StoreError a promise rejects with (any other failure is rethrown). */
export async function rejects(p: Promise<unknown>): Promise<StoreError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError');
}

/** The StoreError a call throws (any other failure is rethrown). */
export function catchErr(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError');
}

/** The finalize use case (scores once, classifies with the built-in pack), as the app runs it. */
export function finalizeDraft(store: Store, id: string, revision: number) {
  return finalizeAssessment(store, { policies: new PolicyRegistry(store.dataDir), catalogues: new CatalogueRegistry(store.dataDir) }, { id, revision });
}

export { GBT42195_2022 as GBT } from '../../../shared/instruments';
