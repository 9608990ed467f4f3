import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../db';
import { SETTING_KEYS } from '../db/repositories/settings';

/** 张三华 → 张*华, 张三 → 张*, 欧阳小明 → 欧**明: the first and last characters stay. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * The store's pseudonym key, made on first use and kept (encrypted) with the store's other
 * settings. The same person gets the same pseudonym in every export of this store, and a
 * different one in every other institution's, so rows link across exports but not across
 * institutions.
 */
export function pseudonymKey(store: Store): Buffer {
  const existing = store.settings.get<string | null>(SETTING_KEYS.pseudonymKey, null);
  if (existing) return Buffer.from(existing, 'base64');
  const key = randomBytes(32);
  store.settings.put(SETTING_KEYS.pseudonymKey, key.toString('base64'));
  return key;
}

/** `P-` and 16 hex digits of HMAC-SHA256(key, person id). */
export function pseudonym(key: Buffer, personId: string): string {
  return `P-${createHmac('sha256', key).update(personId, 'utf8').digest('hex').slice(0, 16)}`;
}
