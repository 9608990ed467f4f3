import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore, type AppCore } from '../../../electron/app-core';
import { silentLogger } from '../../../electron/services/log';
import type { ApiResult, MethodInput, MethodName, MethodOutput, Role } from '../../../shared/contract';

export interface TestApp {
  core: AppCore;
  dataDir: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>, session?: string): Promise<MethodOutput<M>>;
  raw(method: string, input: unknown, session?: string): Promise<ApiResult<unknown>>;
  login(username: string, password: string): Promise<string>;
  dispose(): void;
}

export const ADMIN_PASSWORD = 'admin-pass-1';

/** An app core on a fresh data folder, set up with an admin, called as the UI would. */
export async function startTestApp(): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-app-'));
  const core = createAppCore({ dataDir, mode: 'cli', logger: silentLogger });
  const raw = (method: string, input: unknown, session?: string) => core.dispatcher.call(method, { input, session }, 'test');
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>, session?: string) => {
    const r = await raw(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? [])}`);
    return r.value as MethodOutput<M>;
  };
  await call('setup.init', { institutionName: '测试养老服务中心', adminUsername: 'admin', adminDisplayName: '管理员', password: ADMIN_PASSWORD });
  const login = async (username: string, password: string) => (await call('session.login', { username, password })).session;
  return {
    core,
    dataDir,
    call,
    raw,
    login,
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
