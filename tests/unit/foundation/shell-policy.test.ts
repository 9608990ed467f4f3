import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_ROUTES, menuTemplate, type MenuAction } from '../../../electron/shell/menu';
import { devToolsAllowed, externalLinkTarget, mayNavigate, permissionAllowed, restoredBounds, saveDialogOptions } from '../../../electron/shell/security';
import { safeFileNamePart } from '../../../shared/validation/text';
import { CONTENT_SECURITY_POLICY } from '../../../electron/transports/http';

/** Issue 14 #2–#3: the pure parts of the shell's policy, tested without Electron. */

describe('navigation, links and permissions', () => {
  it('navigates only to our own pages', () => {
    expect(mayNavigate('app://yiyang/index.html#/stats')).toBe(true);
    for (const bad of ['https://example.com/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'data:text/html,x', ''])
      expect(mayNavigate(bad), bad).toBe(false);
  });

  it('opens in the system browser only plain https links to a named host', () => {
    expect(externalLinkTarget('https://www.samr.gov.cn/standards?id=1')).toBe('https://www.samr.gov.cn/standards?id=1');
    for (const bad of [
      'http://www.samr.gov.cn/',
      'https://user:pw@example.com/',
      'https://localhost/',
      'https://intranet/',
      'https://127.0.0.1/',
      'https://[::1]/',
      'https://192.168.1.10/',
      'https://example.com:8443/',
      'file:///C:/Windows/system32/calc.exe',
      'smb://host/share',
      'not a url',
    ])
      expect(externalLinkTarget(bad), bad).toBeNull();
  });

  it('grants only audio capture, only to our own pages', () => {
    expect(permissionAllowed('media', 'app://yiyang/index.html', { mediaTypes: ['audio'] })).toBe(true);
    expect(permissionAllowed('media', 'app://yiyang/index.html', { mediaTypes: ['video'] })).toBe(false);
    expect(permissionAllowed('media', 'app://yiyang/index.html', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(permissionAllowed('media', 'app://yiyang/index.html')).toBe(false);
    expect(permissionAllowed('media', 'https://example.com/', { mediaTypes: ['audio'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'midi']) expect(permissionAllowed(p, 'app://yiyang/'), p).toBe(false);
  });

  it('DevTools only in a development build', () => {
    expect(devToolsAllowed(true)).toBe(false);
    expect(devToolsAllowed(false)).toBe(true);
  });

  it('the content security policy runs no inline or remote script and no plugin object', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    // The report preview (a blob: PDF) is the only frame.
    expect(directives.get('frame-src')).toEqual(['blob:']);
  });
});

describe('window position', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };
  it('comes back where it was, within the screen and at least the minimum size', () => {
    expect(restoredBounds({ x: 100, y: 50, width: 1400, height: 900 }, [screen])).toEqual({ x: 100, y: 50, width: 1400, height: 900 });
    expect(restoredBounds({ x: 100, y: 50, width: 300, height: 200 }, [screen])).toEqual({ x: 100, y: 50, width: 1024, height: 640 });
    expect(restoredBounds({ x: 1800, y: 50, width: 1400, height: 900 }, [screen])).toEqual({ x: 520, y: 50, width: 1400, height: 900 });
  });

  it('opens at its default when the screen it was on is gone, or nothing usable was saved', () => {
    expect(restoredBounds({ x: 2500, y: 100, width: 1400, height: 900 }, [screen])).toBeNull();
    expect(restoredBounds({ x: 'a', y: 0, width: 1, height: 1 }, [screen])).toBeNull();
    expect(restoredBounds(null, [screen])).toBeNull();
    expect(restoredBounds({ x: Number.NaN, y: 0, width: 1400, height: 900 }, [screen])).toBeNull();
  });
});

describe('the application menu', () => {
  const labels = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);
  const submenu = (t: MenuItemConstructorOptions[], label: string) => t.find((i) => i.label === label)!.submenu as MenuItemConstructorOptions[];

  it('is Chinese: 文件 / 编辑 / 视图 / 帮助, with 打印报告, 导出, 备份, 退出', () => {
    const t = menuTemplate(() => {}, { devTools: false, platform: 'win32' });
    expect(labels(t)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(labels(submenu(t, '文件'))).toEqual(['打印报告…', '导出…', '备份…', '退出']);
    expect(submenu(t, '文件').find((i) => i.label === '退出')!.role).toBe('quit');
  });

  it('each item does its action; page actions open a page of the app', () => {
    const done: MenuAction[] = [];
    const t = menuTemplate((a) => done.push(a), { devTools: false, platform: 'linux' });
    for (const item of [...submenu(t, '文件'), ...submenu(t, '帮助')]) (item.click as (() => void) | undefined)?.();
    expect(done).toEqual(['printReport', 'export', 'backup', 'verify', 'about']);
    for (const route of Object.values(MENU_ROUTES)) expect(route).toMatch(/^#\/[a-z/]+$/);
  });

  it('has no DevTools item in a packaged build', () => {
    const roles = (dev: boolean) => submenu(menuTemplate(() => {}, { devTools: dev, platform: 'win32' }), '视图').map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});

describe('the save dialog', () => {
  const options = (name: string) => saveDialogOptions(name, (n) => safeFileNamePart(n, '未命名'));
  it('suggests a bare, clean file name and offers only its kind; the place comes from the dialog', () => {
    expect(options('评估报告-林秀英-2026-11-30.pdf')).toEqual({ title: '保存文件', defaultPath: '评估报告-林秀英-2026-11-30.pdf', filters: [{ name: 'PDF 文件', extensions: ['pdf'] }] });
    expect(options('../../Windows/System32/evil.xlsx').defaultPath).toBe('evil.xlsx');
    expect(options('C:\\Users\\x\\统计.csv').filters).toEqual([{ name: 'CSV 文件', extensions: ['csv'] }]);
    expect(options('评估报告-张\u202Efdp.exe.pdf').defaultPath).toBe('评估报告-张_fdp.exe.pdf');
    expect(options('noextension').filters).toEqual([{ name: '所有文件', extensions: ['*'] }]);
  });
});
