import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveAppFile, secureWebPreferences } from '../../../electron/shell/security';

describe('Electron security helpers', () => {
  it('recognises only our app origin, by parsed URL', () => {
    expect(isAppUrl('app://yiyang/index.html')).toBe(true);
    expect(isAppUrl('app://yiyang.evil/index.html')).toBe(false);
    expect(isAppUrl('app://user:pw@yiyang/')).toBe(false);
    expect(isAppUrl('https://yiyang/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('maps app:// paths inside the renderer folder and refuses traversal', () => {
    const dir = '/opt/yiyang/renderer';
    expect(resolveAppFile(dir, 'app://yiyang/', path.join)).toBe(path.join(dir, 'index.html'));
    expect(resolveAppFile(dir, 'app://yiyang/assets/a.js', path.join)).toBe(path.join(dir, 'assets', 'a.js'));
    // The URL parser folds encoded dot segments; whatever comes out must stay inside the folder.
    expect(resolveAppFile(dir, 'app://yiyang/%2e%2e/%2e%2e/secret', path.join)).toBe(path.join(dir, 'secret'));
    expect(resolveAppFile(dir, 'app://yiyang/a%5c..%5c..%5cx', path.join)).toBeNull();
    expect(resolveAppFile(dir, 'file:///etc/passwd', path.join)).toBeNull();
  });

  it('keeps the renderer sandboxed and isolated', () => {
    const prefs = secureWebPreferences('/p/preload.js');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });
});
