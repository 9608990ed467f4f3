import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore, type AppCore } from '../../../electron/core/app/core';
import { silentLogger } from '../../../electron/core/app/log';
import { syntheticSignaturePng } from '../../../electron/core/reports/handwriting';
import type { ApiResult, MethodInput, MethodName, MethodOutput, Role } from '../../../shared/contract';
import { GBT42195_2022 } from '../../../shared/instruments';
import { makeIdNumber } from '../../../shared/validation';

export interface TestApp {
  core: AppCore;
  dataDir: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>, session?: string): Promise<MethodOutput<M>>;
  raw(method: string, input: unknown, session?: string): Promise<ApiResult<unknown>>;
  login(username: string, password: string): Promise<string>;
  /** The recovery key setup printed once. */
  recoveryKey: string;
  dispose(): void;
}

export const ADMIN_PASSWORD = 'admin-pass-1';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An app core on a fresh data folder, set up with an admin, called as the UI would. `now` fixes its clock. */
export async function startTestApp(opts: { now?: () => Date } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-app-'));
  // Automatic backups only when a test asks (autoBackupNow): one starting on its own 10 s after a
  // sign-in would make a rekey in a slow test refuse with 有任务正在进行.
  const core = createAppCore({ dataDir, mode: 'cli', logger: silentLogger, autoBackup: { keep: 7, checkEveryMs: DAY_MS, afterLoginMs: DAY_MS }, ...opts });
  const raw = (method: string, input: unknown, session?: string) => core.dispatcher.call(method, { input, session }, 'test');
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>, session?: string) => {
    const r = await raw(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? [])}`);
    return r.value as MethodOutput<M>;
  };
  const { recoveryKey } = await call('setup.init', { institutionName: '测试养老服务中心', adminUsername: 'admin', adminDisplayName: '管理员', password: ADMIN_PASSWORD });
  const login = async (username: string, password: string) => (await call('session.login', { username, password })).session;
  return {
    core,
    dataDir,
    call,
    raw,
    login,
    recoveryKey,
    dispose() {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in one user of each role (creating the assessor and the manager). */
export async function sessionsByRole(app: TestApp): Promise<Record<Role, string>> {
  const admin = await app.login('admin', ADMIN_PASSWORD);
  await app.call('users.create', { username: 'assessor1', displayName: '评估员甲', role: 'assessor', password: 'assessor-pass-1' }, admin);
  await app.call('users.create', { username: 'manager1', displayName: '管理人员乙', role: 'manager', password: 'manager-pass-1' }, admin);
  return {
    admin,
    assessor: await app.login('assessor1', 'assessor-pass-1'),
    manager: await app.login('manager1', 'manager-pass-1'),
  };
}

/** A synthetic signature-pad PNG as the browser sends it (a data URL). */
export function signaturePngDataUrl(seed: number): string {
  return `data:image/png;base64,${syntheticSignaturePng(seed, { width: 480, height: 160 }).toString('base64')}`;
}

let personSeq = 0;

/**
 * A person and a finalized assessment by two assessors, through the contract: every item at
 * `score` (capped per item), two falls in the last 30 days, and a few Annex A answers.
 */
export async function finalizedAssessment(
  app: TestApp,
  session: string,
  opts: { assessor1Id: string; assessor2Id: string; person?: Record<string, unknown>; score?: number },
) {
  const birthDate = '1941-06-12';
  const person = await app.call(
    'persons.create',
    {
      name: '林秀英',
      sex: '女',
      birthDate,
      idNumber: makeIdNumber('350503', birthDate, (++personSeq * 2) % 1000),
      phone: '13905951234',
      county: '丰泽区',
      township: '东海街道',
      village: '东梅社区',
      economic: 'dibao',
      heightCm: 155,
      weightKg: 50,
      education: 'primary',
      maritalStatus: 'widowed',
      livingArrangements: ['children'],
      ...(opts.person ?? {}),
    } as never,
    session,
  );
  const score = opts.score ?? 2;
  const items = Object.fromEntries(GBT42195_2022.indicators.flatMap((i) => i.items.map((it) => [it.code, Math.min(score, it.max)])));
  const draft = await app.call(
    'assessments.createDraft',
    {
      personId: person.id,
      header: {
        reason: 'first',
        assessmentDate: '2026-11-30',
        assessor1Id: opts.assessor1Id,
        assessor2Id: opts.assessor2Id,
        place: '东梅社区卫生服务站',
        informantName: '林小明',
        informantRelation: 'child',
      },
    },
    session,
  );
  const saved = await app.call(
    'assessments.saveDraft',
    {
      id: draft.id,
      revision: draft.revision,
      answers: {
        basic: {
          'A.3.3': '林小明',
          'A.3.4': '13812345678',
          'A.4.2': [{ name: '苯磺酸氨氯地平片', method: '口服', dose: '5 mg', frequency: '每日1次' }],
          'A.5.5': 'mild',
        },
        scoring: { items, coma: false, diagnoses: ['I10-I15'], riskEvents: { fall: 2 } },
      },
    },
    session,
  );
  const finalized = await app.call('assessments.finalize', { id: draft.id, revision: saved.revision }, session);
  return { person, assessment: finalized };
}

/** Polls a background job until it is no longer running, as the UI does. */
export async function jobDone(app: TestApp, session: string, id: string): Promise<MethodOutput<'jobs.get'>> {
  for (;;) {
    const job = await app.call('jobs.get', { id }, session);
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A job's file, fetched slice by slice through `jobs.result`. */
export async function jobFile(app: TestApp, session: string, id: string): Promise<{ name: string; bytes: Buffer }> {
  const parts: Buffer[] = [];
  for (let offset = 0, name = ''; ; ) {
    const r = await app.call('jobs.result', { id, offset }, session);
    name = r.name;
    const chunk = Buffer.from(r.chunkBase64, 'base64');
    parts.push(chunk);
    offset += chunk.length;
    if (r.last) return { name, bytes: Buffer.concat(parts) };
  }
}

/** The entries of a ZIP made of stored (uncompressed) entries, as ours are. */
export function unzipStored(zip: Buffer): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  for (let at = 0; at + 30 <= zip.length && zip.readUInt32LE(at) === 0x04034b50; ) {
    const size = zip.readUInt32LE(at + 18);
    const nameLen = zip.readUInt16LE(at + 26);
    const extraLen = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    const start = at + 30 + nameLen + extraLen;
    out.push({ name, data: zip.subarray(start, start + size) });
    at = start + size;
  }
  return out;
}

export const ZHANG = { username: 'zhang', displayName: '张丽华', password: 'zhang-pass-1' };
export const WANG = { username: 'wang', displayName: '王建国', password: 'wang-pass-12' };

/** A fresh app with the admin signed in and two assessors, 张丽华 and 王建国, each with a certificate. */
export async function appWithTwoAssessors(): Promise<{ app: TestApp; admin: string; zhangId: string; wangId: string }> {
  const app = await startTestApp();
  const admin = await app.login('admin', ADMIN_PASSWORD);
  const zhangId = (await app.call('users.create', { ...ZHANG, role: 'assessor' }, admin)).id;
  const wangId = (await app.call('users.create', { ...WANG, role: 'assessor' }, admin)).id;
  return { app, admin, zhangId, wangId };
}
