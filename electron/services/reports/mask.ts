/**
 * Keeps the region code (first 6) and the last 4 characters of an 18-character ID number,
 * the usual masking on printed forms; shorter or odd values keep at most a third visible.
 */
export function maskIdNumber(id: string): string {
  const chars = [...id.trim()];
  if (chars.length === 18) return chars.slice(0, 6).join('') + '*'.repeat(8) + chars.slice(14).join('');
  if (chars.length <= 4) return '*'.repeat(chars.length);
  const keep = Math.max(1, Math.floor(chars.length / 6));
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - 2 * keep) + chars.slice(-keep).join('');
}
