import { pinyin } from 'pinyin-pro';

/**
 * ASCII forms of Chinese names for certificate subjects and signature dictionaries, which
 * must be ASCII (services/signing/certs.ts explains why). The Chinese names are printed on
 * the page; these only have to be recognisable: 张丽华 → "Zhang Lihua".
 */

const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '司空',
  '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '百里', '呼延', '万俟', '澹台', '申屠', '太史', '闻人', '赫连', '钟离',
]);

const HAN = /\p{Script=Han}/u;

function capitalize(word: string): string {
  return word ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** Anything outside printable ASCII becomes a space; runs of spaces collapse. */
function asciiOnly(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/([([]) /g, '$1')
    .replace(/ ([)\]])/g, '$1')
    .trim();
}

/** Splits text into runs of Han characters and runs of anything else. */
function runs(text: string): { han: boolean; text: string }[] {
  const out: { han: boolean; text: string }[] = [];
  for (const ch of text) {
    const han = HAN.test(ch);
    const last = out[out.length - 1];
    if (last && last.han === han) last.text += ch;
    else out.push({ han, text: ch });
  }
  return out;
}

function syllables(han: string, surname: boolean): string[] {
  return pinyin(han, { toneType: 'none', type: 'array', v: true, surname: surname ? 'head' : 'off' }).map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
}

/** Cuts at a word boundary so the result stays within `max` characters. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : text.slice(0, max)).trim();
}

/**
 * A person's name in pinyin, family name first: 张丽华 → "Zhang Lihua", 欧阳娜娜 →
 * "Ouyang Nana", 买买提·艾力 → "Maimaiti Aili". ASCII names pass through (cleaned).
 * Never empty: falls back to `fallback`.
 */
export function asciiPersonName(name: string, fallback = 'User'): string {
  const parts: string[] = [];
  const pieces = runs(name.trim());
  const separated = /[·•・.]/.test(name);
  pieces.forEach((piece, i) => {
    if (!piece.han) {
      const t = asciiOnly(piece.text);
      if (t) parts.push(t);
      return;
    }
    if (i === 0 && !separated && [...piece.text].length >= 2) {
      const chars = [...piece.text];
      const n = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
      const syl = syllables(piece.text, true);
      parts.push(capitalize(syl.slice(0, n).join('')));
      if (syl.length > n) parts.push(capitalize(syl.slice(n).join('')));
      return;
    }
    parts.push(capitalize(syllables(piece.text, false).join('')));
  });
  const out = asciiOnly(parts.join(' '));
  return out || fallback;
}

/**
 * An institution's name in pinyin, one capitalised syllable per character (no dictionary
 * to find word boundaries offline): 测试养老服务中心 → "Ce Shi Yang Lao Fu Wu Zhong Xin".
 */
export function asciiPhrase(text: string, fallback = 'Institution'): string {
  const parts: string[] = [];
  for (const piece of runs(text.trim())) {
    if (piece.han) parts.push(...syllables(piece.text, false).map(capitalize));
    else {
      const t = asciiOnly(piece.text);
      if (t) parts.push(t);
    }
  }
  const out = asciiOnly(parts.join(' '));
  return out || fallback;
}
