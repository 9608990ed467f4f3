import { useSyncExternalStore } from 'react';

/**
 * A hash router: the app is one page served from app:// or the loopback server, and
 * the hash survives a reload (a draft assessment reopens where the assessor was).
 * Routes look like `#/persons/abc/assessments/new`.
 */
function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  // The browser mode's launch token also travels in the hash; it is not a route.
  if (!hash.startsWith('/')) return '/';
  return hash;
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = `#${path}`;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.location.hash = path;
  if (options.replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Matches `/persons/:id` style patterns; returns the parameters or null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const [pathOnly] = path.split('?');
  const a = (pathOnly ?? '').split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = a[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return params;
}

export function queryParam(path: string, name: string): string | null {
  const q = path.split('?')[1];
  return q ? new URLSearchParams(q).get(name) : null;
}
