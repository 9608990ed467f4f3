/**
 * Pure parts of the Electron security policy, kept free of `electron` so they are
 * unit-tested under Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'yiyang';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Only our own bundled pages count as the app; compared by parsed URL, never by prefix. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Maps an app:// request to a file below the renderer folder, or null for anything that escapes it. */
export function resolveAppFile(rendererDir: string, rawUrl: string, join: (...p: string[]) => string): string | null {
  if (!isAppUrl(rawUrl)) return null;
  const { pathname } = new URL(rawUrl);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const parts = decoded.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p.includes('\\'))) return null;
  return parts.length === 0 ? join(rendererDir, 'index.html') : join(rendererDir, ...parts);
}

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // Chromium's built-in PDF viewer (the only plugin Electron ships): previewing and
    // printing a report loads its PDF from a blob: URL into a frame. No other plugin exists.
    plugins: true,
    spellcheck: false,
  } as const;
}
