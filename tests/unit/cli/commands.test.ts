import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/index';
import { fakeIO } from '../../helpers/fake-io';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'yiyang.js');

describe('the yiyang command line', () => {
  it('offers every command the issues name', async () => {
    const io = fakeIO();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const name of ['score', 'classify', 'init', 'user', 'seed', 'check', 'backup', 'restore', 'reset-password', 'verify', 'demo-report', 'export-reports']) {
      expect(io.stdoutText()).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('refuses an unknown command with exit code 2', async () => {
    const io = fakeIO();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.stderrText()).toContain('未知命令');
  });

  it('works as built: init, check, and a wrong password exits 3 with one line', () => {
    expect(existsSync(path.join(ROOT, 'dist-electron', 'cli.js')), 'run `npm run build` first').toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-cli-'));
    const data = path.join(dir, 'data');
    try {
      const env = { ...process.env, YIYANG_PASSWORD: 'admin-pass-1' };
      const init = spawnSync(process.execPath, [BIN, 'init', '--data', data, '--institution', '测试中心', '--admin', 'admin'], { env, encoding: 'utf8' });
      expect(init.status, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/[0-9A-Z]{4}(-[0-9A-Z]{4}){3,}/);
      const check = spawnSync(process.execPath, [BIN, 'check', '--data', data], { env, encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
      const wrong = spawnSync(process.execPath, [BIN, 'check', '--data', data], { env: { ...env, YIYANG_PASSWORD: 'nope-nope' }, encoding: 'utf8' });
      expect(wrong.status).toBe(3);
      expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
      expect(wrong.stderr).not.toMatch(/\bat .*\.js:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('store-wide commands are for admins only, as in the app', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-cli-roles-'));
    const data = path.join(dir, 'data');
    try {
      const env = { YIYANG_PASSWORD: 'admin-pass-1', YIYANG_NEW_PASSWORD: 'assessor-pass-1' };
      expect(await runCli(['init', '--data', data, '--institution', '测试中心', '--admin', 'admin'], fakeIO({ env }))).toBe(0);
      expect(await runCli(['user', 'add', '--data', data, '--username', 'zhang', '--role', 'assessor'], fakeIO({ env }))).toBe(0);
      const asAssessor = { YIYANG_PASSWORD: 'assessor-pass-1' };
      for (const argv of [
        ['seed', '--data', data, '--persons', '1', '--user', 'zhang'],
        ['backup', '--data', data, '--out', path.join(dir, 'x.yybak'), '--user', 'zhang'],
      ]) {
        const io = fakeIO({ env: asAssessor });
        expect(await runCli(argv, io)).toBe(4);
        expect(io.stderrText()).toContain('管理员');
      }
      expect(existsSync(path.join(dir, 'x.yybak'))).toBe(false);
      expect(await runCli(['check', '--data', data, '--user', 'zhang'], fakeIO({ env: asAssessor }))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
