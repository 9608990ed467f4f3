import { afterEach, describe, expect, it } from 'vitest';
import { Store, canonicalJson, verifyAuditChain } from '../../../electron/core/db';
import { assertAuditDetailSafe } from '../../../electron/core/db/audit';
import { ADMIN_PASSWORD, cleanupTempDirs, fakeIO, newStore, personInput } from './helpers';
import { runCheck } from '../../../electron/cli/store-commands';

afterEach(cleanupTempDirs);

async function storeWithHistory() {
  const made = await newStore();
  for (let i = 0; i < 5; i++) made.store.persons.create(personInput(), made.store.actor);
  return made;
}

describe('audit chain', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('verifies a clean chain, row by row linked from the genesis hash', async () => {
    const { store } = await storeWithHistory();
    const rows = store.audit.list({ limit: 1000 });
    expect(rows[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(verifyAuditChain(store.db)).toEqual({ ok: true, rows: rows.length });
    store.close();
  });

  it('is append-only: UPDATE and DELETE are refused by triggers', async () => {
    const { store } = await storeWithHistory();
    expect(() => store.db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    store.close();
  });

  it('reports the first changed row when someone drops the trigger and edits a row', async () => {
    const { store, dataDir } = await storeWithHistory();
    store.db.exec('DROP TRIGGER audit_log_no_update');
    store.db.prepare("UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 4").run();
    const v = verifyAuditChain(store.db);
    expect(v).toMatchObject({ ok: false, brokenAt: 4 });
    store.close();
    const io = fakeIO({ YIYANG_PASSWORD: ADMIN_PASSWORD });
    expect(await runCheck(['--data', dataDir], io)).toBe(1);
    expect(io.out).toContain('审计链：未通过（第 4 条');
    expect(io.out).toContain('完整性检查：通过');
  });

  it('detects a deleted row and a recomputed hash that no longer links', async () => {
    const { store } = await storeWithHistory();
    store.db.exec('DROP TRIGGER audit_log_no_delete');
    store.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(verifyAuditChain(store.db)).toMatchObject({ ok: false, brokenAt: 4 });
    store.close();
  });

  it('refuses personal data in details', () => {
    expect(() => assertAuditDetailSafe({ name: '陈秀英' })).toThrow();
    expect(() => assertAuditDetailSafe({ idNumber: '35058219480315002X' })).toThrow();
    expect(() => assertAuditDetailSafe({ fields: ['name', 'phone'], count: 3, personId: '3f1d6c9e-1111-4222-8333-123456789012' })).not.toThrow();
  });

  it('records failed logins, views, edits, user changes with ids only', async () => {
    const { store, dataDir } = await storeWithHistory();
    const p = store.persons.create(personInput({ name: '黄金水' }), store.actor);
    store.persons.get(p.id, store.actor);
    store.persons.update(p.id, { phone: '13800000000' }, store.actor);
    await store.users.createUser({ username: 'zhang', role: 'assessor', password: 'zhang-password' }, store.actor);
    store.close();
    await expect(Store.open(dataDir, 'zhang', 'bad-password')).rejects.toThrow();
    const s = await Store.open(dataDir, 'admin', ADMIN_PASSWORD);
    const actions = s.audit.list({ limit: 1000 }).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['person.create', 'person.view', 'person.update', 'user.create', 'login.failed', 'login']));
    const dump = JSON.stringify(s.db.prepare('SELECT * FROM audit_log').all());
    expect(dump).not.toContain('黄金水');
    expect(dump).not.toContain(p.idNumber!);
    expect(dump).not.toContain('13800000000');
    expect(dump).not.toContain('bad-password');
    s.close();
  });
});
