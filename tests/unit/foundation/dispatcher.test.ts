import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers, type SessionUser } from '../../../electron/core/app/dispatcher';
import { silentLogger } from '../../../electron/core/app/log';
import { SessionStore } from '../../../electron/core/app/sessions';
import { ServiceError } from '../../../shared/contract';

const admin: SessionUser = { userId: 'u1', username: 'admin', displayName: '管理员', role: 'admin' };

function setup(overrides: Partial<Handlers> = {}) {
  const sessions = new SessionStore();
  // Only the two methods these tests call; the rest of the contract is tested through the app core.
  const handlers = {
    'app.info': () => ({ name: 'yiyang', productName: '颐养评估', version: '1.0.0', dataDir: '/tmp/x', mode: 'cli', instruments: [] }),
    'session.current': (_i, ctx) => ctx.user!,
    ...overrides,
  } as Handlers;
  return { sessions, dispatcher: createDispatcher({ handlers, sessions, logger: silentLogger }) };
}

describe('dispatcher', () => {
  it('answers a public method without a session', async () => {
    const { dispatcher } = setup();
    const r = await dispatcher.call('app.info', { input: {} }, 'test');
    expect(r).toMatchObject({ ok: true, value: { name: 'yiyang', version: '1.0.0' } });
  });

  it('rejects an unknown method', async () => {
    const { dispatcher } = setup();
    const r = await dispatcher.call('nope.nothing', {}, 'test');
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_METHOD' }) });
  });

  it('rejects input the schema does not allow, naming the field in Chinese', async () => {
    const { dispatcher } = setup();
    const r = await dispatcher.call('app.info', { input: { extra: 1 } }, 'test');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_INPUT');
    expect(r.error.fields?.length).toBeGreaterThan(0);
    expect(r.error.fields?.[0]?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('requires a session for a method that is not public, and checks it before the input', async () => {
    const { dispatcher } = setup();
    const r = await dispatcher.call('session.current', { input: { bad: true } }, 'test');
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it('passes the signed-in user to the handler', async () => {
    const { dispatcher, sessions } = setup();
    const token = sessions.open(admin, null);
    const r = await dispatcher.call('session.current', { input: {}, session: token }, 'test');
    expect(r).toEqual({ ok: true, value: admin });
  });

  it('expires an idle session', async () => {
    let now = 0;
    const sessions = new SessionStore(1000, () => now);
    const token = sessions.open(admin, null);
    now = 999;
    expect(sessions.resolve(token)).toEqual(admin);
    now = 999 + 1001;
    expect(sessions.resolve(token)).toBeNull();
  });

  it('turns a ServiceError into its code and hides other errors', async () => {
    const failing = setup({
      'app.info': () => {
        throw new ServiceError('CONFLICT', '已存在');
      },
    });
    expect(await failing.dispatcher.call('app.info', {}, 'test')).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: '已存在', fields: undefined },
    });
    const crashing = setup({
      'app.info': () => {
        throw new Error('secret 110101194103020011 detail');
      },
    });
    const r = await crashing.dispatcher.call('app.info', {}, 'test');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INTERNAL');
      expect(r.error.message).not.toContain('110101194103020011');
    }
  });

  it('refuses to return output that breaks the contract', async () => {
    const { dispatcher } = setup({ 'app.info': () => ({ wrong: true }) as never });
    const r = await dispatcher.call('app.info', {}, 'test');
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'INTERNAL' }) });
  });
});
