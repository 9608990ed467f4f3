import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './helpers';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.dispose());

const backups = () => {
  try {
    return readdirSync(path.join(app.dataDir, 'backups'));
  } catch {
    return [];
  }
};

describe('daily automatic backup in the running app', () => {
  it('does nothing while nobody is signed in (the key is not in memory)', async () => {
    await app.core.autoBackupNow();
    expect(backups()).toHaveLength(0);
  });

  it('writes one encrypted backup once someone is signed in, and not a second one the same day', async () => {
    await app.login('admin', ADMIN_PASSWORD);
    await app.core.autoBackupNow();
    expect(backups()).toHaveLength(1);
    await app.core.autoBackupNow();
    expect(backups()).toHaveLength(1);
  });
});
