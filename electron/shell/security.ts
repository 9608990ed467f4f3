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

/**
 * Where an http(s) link from the app may go: the system browser, never a window of ours,
 * and only for a plain https address on a named host (no credentials, no IP literal, no
 * localhost: nothing that reaches this machine or its network by a trick). Returns the
 * normalised URL to open, or null to ignore the click.
 */
export function externalLinkTarget(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  if (!host.includes('.') || host.endsWith('.localhost') || host === 'localhost') return null;
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return null;
  return url.toString();
}

/** Navigation of a window or any of its frames: only our own pages (will-navigate, will-frame-navigate, will-redirect). */
export function mayNavigate(raw: string): boolean {
  return isAppUrl(raw);
}

/**
 * Permission requests (camera, geolocation, notifications, …): none is granted except
 * audio capture for our own pages, kept for recording evidence later; everything else and
 * every other origin is refused.
 */
export function permissionAllowed(permission: string, requestingUrl: string, details: { mediaTypes?: readonly string[] } = {}): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'audio');
}

/** DevTools only in a development build: a packaged app neither opens nor allows them. */
export function devToolsAllowed(isPackaged: boolean): boolean {
  return !isPackaged;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS = { width: 1366, height: 768 } as const;
export const MIN_SIZE = { width: 1024, height: 640 } as const;

/**
 * The window's remembered size and position, made safe to use again: at least the minimum
 * size, no larger than the screen it was on, and at least partly on a screen that still
 * exists (a laptop undocked from its second monitor must not open its window off-screen).
 * Null when nothing usable was saved: the window opens centred at its default size.
 */
export function restoredBounds(saved: unknown, workAreas: readonly Bounds[]): Bounds | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const s = saved as Record<string, unknown>;
  const nums = ['x', 'y', 'width', 'height'].map((k) => s[k]);
  if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const [x, y, w, h] = nums as number[];
  const overlap = (a: Bounds) => Math.max(0, Math.min(x! + w!, a.x + a.width) - Math.max(x!, a.x)) * Math.max(0, Math.min(y! + h!, a.y + a.height) - Math.max(y!, a.y));
  const screen = workAreas.find((a) => overlap(a) >= 100 * 100);
  if (!screen) return null;
  const width = Math.min(Math.max(Math.round(w!), MIN_SIZE.width), screen.width);
  const height = Math.min(Math.max(Math.round(h!), MIN_SIZE.height), screen.height);
  return {
    x: Math.min(Math.max(Math.round(x!), screen.x), screen.x + screen.width - width),
    y: Math.min(Math.max(Math.round(y!), screen.y), screen.y + screen.height - height),
    width,
    height,
  };
}

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  pdf: { name: 'PDF 文件', extensions: ['pdf'] },
  zip: { name: 'ZIP 压缩包', extensions: ['zip'] },
  xlsx: { name: 'Excel 工作簿', extensions: ['xlsx'] },
  csv: { name: 'CSV 文件', extensions: ['csv'] },
  pem: { name: '证书', extensions: ['pem'] },
  png: { name: 'PNG 图片', extensions: ['png'] },
  yybak: { name: '颐养评估备份', extensions: ['yybak'] },
};

/**
 * The native save dialog for a file the app hands out (a report, an export, a chart): the
 * place is chosen in the dialog only. The name the page suggests is reduced to a bare file
 * name (no folder, no control or direction characters), and only its own kind is offered.
 * `safeName` is the shared sanitiser (shared/validation/text.ts).
 */
export function saveDialogOptions(suggested: string, safeName: (s: string) => string): { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] } {
  const base = safeName(suggested.split(/[\\/]/).pop() ?? '');
  const ext = /\.([A-Za-z0-9]+)$/.exec(base)?.[1]?.toLowerCase();
  const filter = ext ? FILTERS[ext] : undefined;
  return { title: '保存文件', defaultPath: base, filters: filter ? [filter] : [{ name: '所有文件', extensions: ['*'] }] };
}
