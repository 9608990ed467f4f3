/**
 * What a text field may hold. Names, places and numbers are printed on reports, shown in
 * lists and put into file names, so characters that are invisible or that change how the
 * text around them is displayed are refused there: control characters (NUL, ESC, CR, LF…),
 * the bidirectional overrides and isolates (U+202E turned `张<U+202E>fdp.exe` into what reads as
 * `张exe.pdf`), zero-width and other format characters, line and paragraph separators.
 * Free-text notes may also hold line breaks. Lone surrogates are refused everywhere: SQLite
 * and every file would silently turn them into U+FFFD, so what was saved would differ from
 * what was typed.
 *
 * Checked here, in the shared schemas, so a string that reaches the core over IPC
 * (structured clone keeps lone surrogates) is judged the same as one from the form.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * C0 and C1 controls, DEL; format characters (Cf: bidi marks, embeddings, overrides and
 * isolates, zero-width space, word joiner, BOM, interlinear annotation, tags) except the
 * zero-width (non-)joiner some scripts need in names; line and paragraph separators.
 */
const UNSAFE_IN_LINE = /[\p{Cc}\p{Zl}\p{Zp}]|(?![\u200C\u200D])\p{Cf}/u;
/** The same, but a note may hold line breaks (\n, \r); a tab is a control character like any other. */
const UNSAFE_IN_NOTE = /(?![\n\r])[\p{Cc}\p{Zl}\p{Zp}]|(?![\u200C\u200D])\p{Cf}/u;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The first unsafe character, 'surrogate' for a lone surrogate, null when the text is fine. */
function firstUnsafe(text: string, multiline: boolean): string | null {
  if (hasLoneSurrogate(text)) return 'surrogate';
  const m = (multiline ? UNSAFE_IN_NOTE : UNSAFE_IN_LINE).exec(text);
  return m ? m[0] : null;
}

function describe(ch: string): string {
  if (ch === 'surrogate') return '不完整的字符编码（孤立代理项）';
  const cp = ch.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp === 0x0a || cp === 0x0d || cp === 0x2028 || cp === 0x2029) return `换行符（${hex}）`;
  if (cp === 0x09) return `制表符（${hex}）`;
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c) return `文字方向控制符（${hex}）`;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `控制字符（${hex}）`;
  return `不可见字符（${hex}）`;
}

/**
 * Why `text` may not be stored in a one-line field (a name, a place, a number), or null.
 * `what` names the field in the message: `姓名不能包含控制字符（U+001B）`.
 */
export function lineTextProblem(text: string, what: string): string | null {
  const ch = firstUnsafe(text, false);
  return ch === null ? null : `${what}不能包含${describe(ch)}`;
}

/** As lineTextProblem, for a free-text note: line breaks are allowed. */
export function noteTextProblem(text: string, what: string): string | null {
  const ch = firstUnsafe(text, true);
  return ch === null ? null : `${what}不能包含${describe(ch)}`;
}

/**
 * Every string inside a JSON-like value (keys too) that a note could not hold, with its
 * dotted path: answers of the Annex A forms are free text of many shapes.
 */
export function unsafeStringsIn(value: unknown, what: string, path: (string | number)[] = []): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (out.length >= 20) return;
    if (typeof v === 'string') {
      const p = noteTextProblem(v, what);
      if (p) out.push({ path: at, message: p });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...at, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = noteTextProblem(k, what);
        if (p) out.push({ path: [...at, k], message: p });
        walk(x, [...at, k]);
      }
    }
  };
  walk(value, path);
  return out;
}

/**
 * Replaces what a file name must not hold on Windows, macOS or Linux, and what would
 * disguise it: path separators and \ / : * ? " < > |, control and format characters
 * (bidi overrides above all), separators, lone surrogates. Leading and trailing dots and
 * spaces go (Windows drops them, and a leading dot hides a file); the result is at most
 * `max` characters. Empty becomes `fallback`.
 */
export function safeFileNamePart(text: string, fallback = '未命名', max = 80): string {
  let out = '';
  for (const ch of text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '_')) {
    out += /[\\/:*?"<>|]/.test(ch) || /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch) ? '_' : ch;
  }
  out = [...out.replace(/^[\s.]+|[\s.]+$/gu, '')].slice(0, max).join('').replace(/[\s.]+$/u, '');
  return out || fallback;
}

/**
 * A whole file name made safe (see safeFileNamePart), its extension kept when it is a plain
 * one (`.pdf`, `.xlsx`); names Windows reserves (CON, NUL, COM1…) get a leading underscore.
 */
export function safeFileName(name: string, fallback = '未命名'): string {
  const m = /^(.*?)(\.[A-Za-z0-9]{1,8})?$/su.exec(name)!;
  const stem = safeFileNamePart(m[1] ?? '', fallback, 120);
  const ext = m[2] ?? '';
  const reserved = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i.test(stem);
  return `${reserved ? '_' : ''}${stem}${ext}`;
}
