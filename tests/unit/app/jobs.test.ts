import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../electron/core/db';
import { MAX_BULK_REPORTS } from '../../../electron/core/reports/handlers';
import { seedStore } from '../../../electron/core/seed/seed';
import { pdfText } from '../reports/helpers';
import { ADMIN_PASSWORD, finalizedAssessment, jobDone, jobFile, sessionsByRole, startTestApp, unzipStored, type TestApp } from './helpers';

/** Long work from the UI: off the request thread, with progress, a cancel, and files only for their owner. */

let app: TestApp;
let admin: string;
let assessor: string;
let personId: string;

beforeAll(async () => {
  app = await startTestApp();
  const s = await sessionsByRole(app);
  admin = s.admin;
  assessor = s.assessor;
  const me = await app.call('session.current', {}, admin);
  const a1 = (await app.call('users.assessors', {}, admin)).find((u) => u.displayName === '评估员甲')!;
  const a = await finalizedAssessment(app, admin, { assessor1Id: me.userId, assessor2Id: a1.id });
  personId = a.person.id;
});
afterAll(() => app.dispose());

const backupFiles = () => (existsSync(path.join(app.dataDir, 'backups')) ? readdirSync(path.join(app.dataDir, 'backups')) : []);

describe('backups from the app', () => {
  it('a manual backup runs as a job, reports progress to 100 % and lists its file', async () => {
    const started = await app.call('backup.create', {}, admin);
    expect(started).toMatchObject({ kind: 'backup', title: '数据备份', state: 'running' });
    const done = await jobDone(app, admin, started.id);
    expect(done).toMatchObject({ state: 'done', done: 100, total: 100, phase: '完成' });
    expect(done.message).toMatch(/^已备份到数据目录 backups\/yiyang-manual-\d{8}-\d{6}\.yybak/);
    const list = await app.call('backup.list', {}, admin);
    expect(list).toEqual([expect.objectContaining({ kind: 'manual', fileName: expect.stringMatching(/^yiyang-manual-/) })]);
    expect(backupFiles()).toEqual([list[0]!.fileName]);
    const audit = await app.call('audit.list', { limit: 50 }, admin);
    expect(audit.find((r) => r.action === 'backup')?.detail).toMatchObject({ kind: 'manual' });
  });

  it('a cancelled backup leaves no file of any kind', async () => {
    const before = backupFiles();
    const started = await app.call('backup.create', {}, admin);
    await app.call('jobs.cancel', { id: started.id }, admin);
    const done = await jobDone(app, admin, started.id);
    expect(done.state).toBe('cancelled');
    expect(done.file).toBeNull();
    expect(backupFiles()).toEqual(before);
  });

  it('only administrators start backups, and a job is its starter\'s alone', async () => {
    expect(await app.raw('backup.create', {}, assessor)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const started = await app.call('backup.create', {}, admin);
    expect(await app.raw('jobs.get', { id: started.id }, assessor)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.raw('jobs.cancel', { id: started.id }, assessor)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await app.call('jobs.list', {}, assessor)).map((j) => j.id)).not.toContain(started.id);
    await jobDone(app, admin, started.id);
  });
});

describe('bulk report export', () => {
  it('renders unsigned reports in worker threads into one ZIP, fetched in slices, then gone from memory', async () => {
    const started = await app.call('reports.exportBulk', { personId, includeUnsigned: true }, assessor);
    const done = await jobDone(app, assessor, started.id);
    expect(done).toMatchObject({ state: 'done', done: 1, total: 1, file: { name: expect.stringMatching(/^评估报告-林秀英-\d{4}-\d{2}-\d{2}-未签名\.pdf$/) } });
    expect(done.message).toBe('已导出 1 份报告（已签名 0 份，未签名 1 份）');
    // One report saves as itself.
    const single = await jobFile(app, assessor, started.id);
    expect(pdfText(single.bytes)).toContain('老年人能力评估报告');
    expect(await app.raw('jobs.result', { id: started.id, offset: 0 }, assessor)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // Two of them make one ZIP.
    const me = await app.call('session.current', {}, admin);
    const a1 = (await app.call('users.assessors', {}, admin)).find((u) => u.displayName === '评估员甲')!;
    await finalizedAssessment(app, admin, { assessor1Id: me.userId, assessor2Id: a1.id });
    const both = await app.call('reports.exportBulk', { includeUnsigned: true }, assessor);
    const done2 = await jobDone(app, assessor, both.id);
    expect(done2).toMatchObject({ state: 'done', done: 2, total: 2, file: { name: '评估报告-2份.zip' } });
    const file = await jobFile(app, assessor, both.id);
    const entries = unzipStored(file.bytes);
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      expect(e.name).toMatch(/^评估报告-林秀英-.*未签名\.pdf$/);
      expect(pdfText(e.data)).toContain('老年人能力评估报告');
    }
    expect(await app.raw('jobs.result', { id: both.id, offset: 0 }, assessor)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('without unsigned reports and none signed, says so and makes no file', async () => {
    const started = await app.call('reports.exportBulk', { personId }, assessor);
    const done = await jobDone(app, assessor, started.id);
    expect(done).toMatchObject({ state: 'done', message: '没有可导出的报告', file: null });
  });

  it('a cancelled export makes no file', async () => {
    const started = await app.call('reports.exportBulk', { includeUnsigned: true }, admin);
    await app.call('jobs.cancel', { id: started.id }, admin);
    const done = await jobDone(app, admin, started.id);
    expect(done).toMatchObject({ state: 'cancelled', file: null });
    expect(await app.raw('jobs.result', { id: started.id, offset: 0 }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('bulk export bound', () => {
  it('refuses more reports than one ZIP in memory should hold, pointing to the command line', async () => {
    const store = await Store.open(app.dataDir, 'admin', ADMIN_PASSWORD);
    try {
      seedStore(store, { persons: 700, seed: 3, classify: null });
      expect(store.assessments.listReportable({ unsigned: true }).length).toBeGreaterThan(MAX_BULK_REPORTS);
    } finally {
      store.close();
    }
    const r = await app.raw('reports.exportBulk', { includeUnsigned: true }, admin);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('yiyang export-reports') } });
    // A person's own reports are still fine.
    expect((await app.raw('reports.exportBulk', { personId, includeUnsigned: true }, admin)).ok).toBe(true);
  });
});

describe('the audit chain is checked in a worker thread', () => {
  it('audit.verify answers from a worker with the same verdict', async () => {
    const v = await app.call('audit.verify', {}, admin);
    expect(v).toMatchObject({ ok: true, brokenAt: null });
    expect(v.rows).toBeGreaterThan(10);
  });
});
