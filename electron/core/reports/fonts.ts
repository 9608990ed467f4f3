// The declaration must reach every program that compiles this file (tests use the root tsconfig).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./fontkit.d.ts" />
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resourcesDir } from './resources';

export const FONT_FILES = {
  regular: 'NotoSansSC_400Regular.ttf',
  bold: 'NotoSansSC_700Bold.ttf',
  /** Han ideographs Noto Sans SC lacks (CJK Ext B–G, e.g. 𠮷), cut from Noto Sans CJK SC. */
  fallback: 'NotoSansCJKsc-HanFallback.ttf',
} as const;

/** Printed in place of a character no bundled font has (the customary 缺字 mark). */
export const MISSING_MARK = '〓';

export interface ReportFonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
  fallback: fontkit.Font | null;
}

let cached: ReportFonts | null = null;

/**
 * Parsed once per process: handing pdfkit a path or a Buffer re-parses the 10 MB font for
 * every document (≈1.6 s each); a shared fontkit Font costs 30–100 ms per document.
 */
export function reportFonts(): ReportFonts {
  if (cached) return cached;
  const dir = path.join(resourcesDir(), 'fonts');
  const load = (file: string) => fontkit.create(readFileSync(path.join(dir, file)));
  let fallback: fontkit.Font | null = null;
  try {
    fallback = load(FONT_FILES.fallback);
  } catch {
    // The fallback only widens coverage; without it rare characters are reported, not lost.
    fallback = null;
  }
  cached = { regular: load(FONT_FILES.regular), bold: load(FONT_FILES.bold), fallback };
  return cached;
}

export type Face = 'main' | 'fallback';

export interface TextRun {
  text: string;
  face: Face;
}

export interface SplitText {
  runs: TextRun[];
  /** Characters neither font has, each once, in order of appearance. */
  missing: string[];
}

function needsGlyph(cp: number): boolean {
  // Line breaks and other controls are layout, not glyphs.
  return cp >= 0x20 && cp !== 0x7f;
}

/**
 * Cuts text into runs by the font that has each character, so a name like 吉𠮷 draws its
 * second character from the fallback font while staying one selectable string.
 */
export function splitByFont(text: string, fonts: ReportFonts, main: fontkit.Font = fonts.regular): SplitText {
  const runs: TextRun[] = [];
  const missing: string[] = [];
  let current: TextRun | null = null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let face: Face = 'main';
    let out = ch;
    if (needsGlyph(cp) && !main.hasGlyphForCodePoint(cp)) {
      if (fonts.fallback?.hasGlyphForCodePoint(cp)) {
        face = 'fallback';
      } else {
        if (!missing.includes(ch)) missing.push(ch);
        out = MISSING_MARK;
      }
    }
    if (current && current.face === face) current.text += out;
    else {
      current = { text: out, face };
      runs.push(current);
    }
  }
  return { runs, missing };
}

export function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
