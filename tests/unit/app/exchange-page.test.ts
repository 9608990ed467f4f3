import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHubKeyPair, readBundle } from '../../../electron/core/exchange/bundle-file';
import type { BundlePayload } from '../../../electron/core/exchange/station-export';
import { appWithTwoAssessors, finalizedAssessment, jobDone, jobFile, sessionsByRole, type TestApp } from './helpers';

/** 数据交换 in the app (issue 15 #1): the hub key loaded once, bundles exported in a worker, for administrators. */

let app: TestApp;
let admin: string;
let zhangId: string;
let wangId: string;
let usb: string;
const hub = generateHubKeyPair();

beforeAll(async () => {
  ({ app, admin, zhangId, wangId } = await appWithTwoAssessors());
  await finalizedAssessment(app, admin, { assessor1Id: zhangId, assessor2Id: wangId });
  usb = mkdtempSync(path.join(os.tmpdir(), 'yiyang-usb-'));
});
afterAll(() => {
  app.dispose();
  rmSync(usb, { recursive: true, force: true });
});

/** Opens a bundle as the hub would: the institution's CA certificate (what the district enrolls) and the hub's key. */
async function open(bytes: Buffer): Promise<{ sequence: number; payload: BundlePayload }> {
  const b = readBundle(bytes);
  b.verifySignature((await app.call('signing.caCertificate', {}, admin)).pem);
  return { sequence: b.header.sequence, payload: b.decrypt(hub.privateKeyPem) as BundlePayload };
}

describe('数据交换', () => {
  it('is for administrators only', async () => {
    const roles = await sessionsByRole(app);
    for (const s of [roles.assessor, roles.manager]) {
      for (const m of ['exchange.status', 'exchange.export'] as const) expect(await app.raw(m, {}, s)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('asks for the hub key first, and refuses a file that is not one, field by field', async () => {
    expect(await app.call('exchange.status', {}, admin)).toMatchObject({ hubKey: null, last: null, stationId: expect.any(String) });
    expect(await app.raw('exchange.export', {}, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '请先载入区县数据中心公钥' } });
    expect(await app.raw('exchange.setHubKey', { pem: '-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----\n' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', fields: [{ path: 'pem', message: '不是有效的区县数据中心公钥文件（PEM）' }] },
    });
    const { sha256 } = await app.call('exchange.setHubKey', { pem: hub.publicKeyPem }, admin);
    expect((await app.call('exchange.status', {}, admin)).hubKey).toEqual({ sha256 });
  });

  it('exports in the background: a signed bundle only the hub opens, then the next one goes on after it', async () => {
    const job = await app.call('exchange.export', {}, admin);
    expect(job).toMatchObject({ kind: 'exchange.export', title: '导出交换数据包' });
    const done = await jobDone(app, admin, job.id);
    expect(done).toMatchObject({ state: 'done', message: expect.stringContaining('已导出第 1 号交换数据包（人员 1、评估 1、签名报告 0') });
    const file = await jobFile(app, admin, job.id);
    expect(file.name).toBe('交换数据包-测试养老服务中心-第1号.yyxb');
    const first = await open(file.bytes);
    expect(first.sequence).toBe(1);
    expect(first.payload.assessments).toHaveLength(1);
    expect(first.payload.users.map((u) => u.displayName).sort()).toEqual(['张丽华', '王建国', '管理员', '管理人员乙', '评估员甲'].sort());
    expect(JSON.stringify(first.payload.users)).not.toMatch(/scrypt|salt|wrapped|password/i);
    expect(first.payload.assessments[0]).not.toHaveProperty('report_pdf');
    expect(await app.call('exchange.status', {}, admin)).toMatchObject({ last: { sequence: 1 } });

    const grant = app.core.grants.grant(path.join(usb, 'bundle.yyxb'), 'bundle-save');
    const second = await jobDone(app, admin, (await app.call('exchange.export', { target: grant }, admin)).id);
    expect(second).toMatchObject({ state: 'done', message: expect.stringContaining(`已导出第 2 号交换数据包（人员 0、评估 0`) });
    expect((await open(readFileSync(path.join(usb, 'bundle.yyxb')))).payload.audit.map((r) => r['action'])).toContain('exchange.export');
    const audit = await app.call('audit.list', { limit: 20 }, admin);
    expect(audit.filter((r) => r.action === 'exchange.export').map((r) => r.detail?.['sequence'])).toEqual([2, 1]);
  });
});
