import { createHash } from 'node:crypto';

/**
 * A small PDF object reader for the verifier: enough to walk a file's revisions (classic
 * xref tables, which is what pdfkit and our placeholder write) and to compare objects by
 * meaning rather than by bytes. It keeps byte positions, because the verifier must know
 * exactly which bytes each object and each revision occupies: bytes that no xref entry
 * accounts for are where a forger hides things a repairing viewer would pick up.
 */
export type PdfValue =
  | { type: 'null' }
  | { type: 'bool'; value: boolean }
  | { type: 'number'; value: number }
  | { type: 'name'; value: string }
  /** `start`/`end` span the string token itself, `<`…`>` or `(`…`)`. */
  | { type: 'string'; value: Buffer; start: number; end: number }
  | { type: 'ref'; num: number; gen: number }
  | { type: 'array'; items: PdfValue[] }
  | { type: 'dict'; entries: Map<string, PdfValue> };

export type PdfDict = Map<string, PdfValue>;

export interface PdfObject {
  num: number;
  gen: number;
  /** Offset of "N G obj". */
  start: number;
  /** Just past "endobj". */
  end: number;
  value: PdfValue;
  /** The raw (still encoded) stream data, when the object is a stream. */
  stream?: Buffer;
}

export class PdfSyntaxError extends Error {}

const isSpace = (c: number | undefined) => c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
const DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));
const isRegular = (c: number | undefined) => c !== undefined && !isSpace(c) && !DELIMITERS.has(c);
const MAX_DEPTH = 64;

/** Skips white space and, unless told not to, comments (`%%EOF` is one). */
export function skipSpace(buf: Buffer, pos: number, comments = true): number {
  while (pos < buf.length) {
    const c = buf[pos];
    if (isSpace(c)) pos++;
    else if (comments && c === 0x25) while (pos < buf.length && buf[pos] !== 10 && buf[pos] !== 13) pos++;
    else break;
  }
  return pos;
}

function word(buf: Buffer, pos: number): string {
  let end = pos;
  while (isRegular(buf[end])) end++;
  return buf.toString('latin1', pos, end);
}

function expectWord(buf: Buffer, pos: number, expected: string): number {
  const p = skipSpace(buf, pos);
  if (word(buf, p) !== expected) throw new PdfSyntaxError(`第 ${p} 字节处应为 ${expected}`);
  return p + expected.length;
}

function readInt(buf: Buffer, pos: number): { value: number; end: number } {
  const p = skipSpace(buf, pos);
  const w = word(buf, p);
  if (!/^\d{1,10}$/.test(w)) throw new PdfSyntaxError(`第 ${p} 字节处应为整数`);
  return { value: Number(w), end: p + w.length };
}

function readLiteral(buf: Buffer, start: number): { value: Buffer; end: number } {
  const out: number[] = [];
  let depth = 0;
  for (let i = start; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === 0x5c) {
      const n = buf[++i];
      if (n === undefined) break;
      const esc: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
      if (n in esc) out.push(esc[n]!);
      else if (n >= 0x30 && n <= 0x37) {
        let oct = n - 0x30;
        for (let k = 0; k < 2 && buf[i + 1]! >= 0x30 && buf[i + 1]! <= 0x37; k++) oct = oct * 8 + buf[++i]! - 0x30;
        out.push(oct & 0xff);
      } else if (n === 13) {
        if (buf[i + 1] === 10) i++;
      } else if (n !== 10) out.push(n);
      continue;
    }
    if (c === 0x28 && depth++ === 0) continue;
    if (c === 0x29 && --depth === 0) return { value: Buffer.from(out), end: i + 1 };
    out.push(c);
  }
  throw new PdfSyntaxError(`第 ${start} 字节起的字符串没有结束`);
}

function readName(buf: Buffer, pos: number): { value: string; end: number } {
  let end = pos + 1;
  while (isRegular(buf[end])) end++;
  const raw = buf.toString('latin1', pos + 1, end);
  return { value: raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), end };
}

/** Parses one value at `pos` (after white space); returns it and the offset just past it. */
export function parseValue(buf: Buffer, pos: number, depth = 0): { value: PdfValue; end: number } {
  if (depth > MAX_DEPTH) throw new PdfSyntaxError('PDF 对象嵌套过深');
  const p = skipSpace(buf, pos);
  const c = buf[p];
  if (c === undefined) throw new PdfSyntaxError('PDF 数据意外结束');
  if (c === 0x3c && buf[p + 1] === 0x3c) {
    const entries: PdfDict = new Map();
    let q = p + 2;
    for (;;) {
      q = skipSpace(buf, q);
      if (buf[q] === 0x3e && buf[q + 1] === 0x3e) return { value: { type: 'dict', entries }, end: q + 2 };
      if (buf[q] !== 0x2f) throw new PdfSyntaxError(`第 ${q} 字节处的字典键不是名称`);
      const key = readName(buf, q);
      const v = parseValue(buf, key.end, depth + 1);
      entries.set(key.value, v.value);
      q = v.end;
    }
  }
  if (c === 0x3c) {
    const close = buf.indexOf(0x3e, p);
    if (close < 0) throw new PdfSyntaxError(`第 ${p} 字节起的十六进制字符串没有结束`);
    const hex = buf.toString('latin1', p + 1, close).replace(/[\0\t\n\f\r ]/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new PdfSyntaxError(`第 ${p} 字节起的十六进制字符串含有非法字符`);
    return { value: { type: 'string', value: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'), start: p, end: close + 1 }, end: close + 1 };
  }
  if (c === 0x28) {
    const s = readLiteral(buf, p);
    return { value: { type: 'string', value: s.value, start: p, end: s.end }, end: s.end };
  }
  if (c === 0x5b) {
    const items: PdfValue[] = [];
    let q = p + 1;
    for (;;) {
      q = skipSpace(buf, q);
      if (buf[q] === 0x5d) return { value: { type: 'array', items }, end: q + 1 };
      const v = parseValue(buf, q, depth + 1);
      items.push(v.value);
      q = v.end;
    }
  }
  if (c === 0x2f) {
    const n = readName(buf, p);
    return { value: { type: 'name', value: n.value }, end: n.end };
  }
  const w = word(buf, p);
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
    const end = p + w.length;
    // `N G R` is a reference; look ahead without consuming when it is not.
    if (/^\d+$/.test(w)) {
      const g = skipSpace(buf, end);
      const gw = word(buf, g);
      if (/^\d+$/.test(gw)) {
        const r = skipSpace(buf, g + gw.length);
        if (buf[r] === 0x52 && !isRegular(buf[r + 1])) return { value: { type: 'ref', num: Number(w), gen: Number(gw) }, end: r + 1 };
      }
    }
    return { value: { type: 'number', value: Number(w) }, end };
  }
  if (w === 'true' || w === 'false') return { value: { type: 'bool', value: w === 'true' }, end: p + w.length };
  if (w === 'null') return { value: { type: 'null' }, end: p + 4 };
  throw new PdfSyntaxError(`第 ${p} 字节处无法识别：${JSON.stringify(w.slice(0, 20) || String.fromCharCode(c))}`);
}

/**
 * The indirect object at `pos` ("N G obj … endobj"). A stream's /Length may be indirect;
 * `resolveLength` then supplies it.
 */
export function parseObjectAt(buf: Buffer, pos: number, resolveLength?: (ref: { num: number; gen: number }) => number | null): PdfObject {
  const start = skipSpace(buf, pos, false);
  const num = readInt(buf, start);
  const gen = readInt(buf, num.end);
  let p = expectWord(buf, gen.end, 'obj');
  const v = parseValue(buf, p);
  p = skipSpace(buf, v.end);
  let stream: Buffer | undefined;
  if (word(buf, p) === 'stream') {
    if (v.value.type !== 'dict') throw new PdfSyntaxError(`对象 ${num.value} 的数据流前不是字典`);
    p += 6;
    if (buf[p] === 13 && buf[p + 1] === 10) p += 2;
    else if (buf[p] === 10) p += 1;
    else throw new PdfSyntaxError(`对象 ${num.value} 的 stream 后没有换行`);
    const lengthValue = v.value.entries.get('Length');
    const length = lengthValue?.type === 'number' ? lengthValue.value : lengthValue?.type === 'ref' && resolveLength ? resolveLength(lengthValue) : null;
    if (length === null || !Number.isInteger(length) || length < 0 || p + length > buf.length) throw new PdfSyntaxError(`对象 ${num.value} 的数据流长度无效`);
    stream = buf.subarray(p, p + length);
    p = expectWord(buf, p + length, 'endstream');
  }
  const end = expectWord(buf, p, 'endobj');
  return { num: num.value, gen: gen.value, start, end, value: v.value, ...(stream ? { stream } : {}) };
}

/** A value by meaning: dictionary keys sorted, strings as hex, streams by SHA-256 of their data. */
export function canonical(v: PdfValue | undefined): string {
  if (!v) return '∅';
  switch (v.type) {
    case 'null':
      return 'null';
    case 'bool':
      return String(v.value);
    case 'number':
      return String(v.value);
    case 'name':
      return `/${JSON.stringify(v.value)}`;
    case 'string':
      return `<${v.value.toString('hex')}>`;
    case 'ref':
      return `${v.num} ${v.gen} R`;
    case 'array':
      return `[${v.items.map(canonical).join(' ')}]`;
    case 'dict':
      return `<<${[...v.entries.keys()]
        .sort()
        .map((k) => `/${JSON.stringify(k)} ${canonical(v.entries.get(k))}`)
        .join(' ')}>>`;
  }
}

export function canonicalObject(o: PdfObject): string {
  return `${canonical(o.value)}${o.stream ? ` stream:${createHash('sha256').update(o.stream).digest('hex')}` : ''}`;
}

export interface XrefEntry {
  offset: number;
  gen: number;
  inUse: boolean;
}

export interface XrefSection {
  /** Offset of the "xref" keyword. */
  start: number;
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  /** The number after this section's own "startxref". */
  startxref: number;
  /** Just past this section's "%%EOF". */
  end: number;
}

function parseXrefSection(buf: Buffer, pos: number): XrefSection {
  const start = skipSpace(buf, pos, false);
  if (word(buf, start) !== 'xref') throw new PdfSyntaxError('只支持传统交叉引用表（不支持交叉引用流）');
  let p = start + 4;
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    p = skipSpace(buf, p, false);
    if (word(buf, p) === 'trailer') break;
    const first = readInt(buf, p);
    const count = readInt(buf, first.end);
    p = count.end;
    for (let k = 0; k < count.value; k++) {
      const offset = readInt(buf, p);
      const gen = readInt(buf, offset.end);
      const q = skipSpace(buf, gen.end, false);
      const kind = word(buf, q);
      if (kind !== 'n' && kind !== 'f') throw new PdfSyntaxError(`第 ${q} 字节处的交叉引用项无效`);
      if (entries.has(first.value + k)) throw new PdfSyntaxError(`交叉引用表中对象 ${first.value + k} 出现两次`);
      entries.set(first.value + k, { offset: offset.value, gen: gen.value, inUse: kind === 'n' });
      p = q + 1;
    }
  }
  const t = parseValue(buf, p + 7);
  if (t.value.type !== 'dict') throw new PdfSyntaxError('trailer 后不是字典');
  p = expectWord(buf, t.end, 'startxref');
  const sx = readInt(buf, p);
  const eof = skipSpace(buf, sx.end, false);
  if (buf.toString('latin1', eof, eof + 5) !== '%%EOF') throw new PdfSyntaxError('startxref 后没有 %%EOF');
  return { start, entries, trailer: t.value.entries, startxref: sx.value, end: eof + 5 };
}

export interface PdfRevision {
  /** 0-based, oldest first. */
  index: number;
  /** Where this revision's bytes begin: the end of the one before (0 for the first). */
  start: number;
  xref: XrefSection;
  /** Just past its "%%EOF". */
  end: number;
  /** `end` plus the line break after "%%EOF", if there is one. */
  endWithEol: number;
}

export interface PdfFile {
  buf: Buffer;
  revisions: PdfRevision[];
}

/** The file's revisions, oldest first, by following /Prev from the last startxref. */
export function readRevisions(buf: Buffer): PdfFile {
  const at = buf.lastIndexOf('startxref');
  if (at < 0) throw new PdfSyntaxError('找不到 startxref');
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  for (let pos: number | null = readInt(buf, at + 9).value; pos !== null; ) {
    if (seen.has(pos) || seen.size > 1000) throw new PdfSyntaxError('交叉引用表循环引用');
    seen.add(pos);
    const section = parseXrefSection(buf, pos);
    sections.push(section);
    const prev = section.trailer.get('Prev');
    if (prev !== undefined && prev.type !== 'number') throw new PdfSyntaxError('/Prev 不是数字');
    pos = prev ? prev.value : null;
  }
  sections.reverse();
  const revisions: PdfRevision[] = [];
  sections.forEach((xref, index) => {
    const start = index ? revisions[index - 1]!.end : 0;
    if (xref.start < start) throw new PdfSyntaxError('交叉引用表的先后次序不对');
    const eol = buf[xref.end] === 13 && buf[xref.end + 1] === 10 ? 2 : buf[xref.end] === 10 || buf[xref.end] === 13 ? 1 : 0;
    revisions.push({ index, start, xref, end: xref.end, endWithEol: xref.end + eol });
  });
  return { buf, revisions };
}

/** The document as of one revision: each object's newest version up to and including it. */
export class PdfState {
  private readonly cache = new Map<number, PdfObject | null>();

  constructor(
    readonly file: PdfFile,
    readonly upTo: number,
  ) {}

  entry(num: number): XrefEntry | null {
    for (let r = this.upTo; r >= 0; r--) {
      const e = this.file.revisions[r]!.xref.entries.get(num);
      if (e) return e;
    }
    return null;
  }

  get trailer(): PdfDict {
    return this.file.revisions[this.upTo]!.xref.trailer;
  }

  /** The object, or null when it is free or absent. Throws on bytes that are not that object. */
  get(num: number): PdfObject | null {
    if (this.cache.has(num)) return this.cache.get(num)!;
    this.cache.set(num, null);
    const e = this.entry(num);
    let obj: PdfObject | null = null;
    if (e?.inUse) {
      obj = parseObjectAt(this.file.buf, e.offset, (ref) => {
        const len = this.get(ref.num)?.value;
        return len?.type === 'number' ? len.value : null;
      });
      if (obj.num !== num || obj.gen !== e.gen) throw new PdfSyntaxError(`交叉引用表中对象 ${num} 的位置不正确`);
    }
    this.cache.set(num, obj);
    return obj;
  }

  resolve(v: PdfValue | undefined): PdfValue | undefined {
    return v?.type === 'ref' ? this.get(v.num)?.value : v;
  }

  dict(v: PdfValue | undefined): PdfDict | null {
    const r = this.resolve(v);
    return r?.type === 'dict' ? r.entries : null;
  }

  /** Page object numbers in order, by walking /Pages from the catalogue. */
  pages(): number[] {
    const out: number[] = [];
    const walk = (v: PdfValue | undefined, depth: number) => {
      if (depth > 32 || v?.type !== 'ref') return;
      const d = this.dict(v);
      if (!d) return;
      if (nameOf(d.get('Type')) === 'Pages') for (const kid of arrayOf(this.resolve(d.get('Kids')))) walk(kid, depth + 1);
      else out.push(v.num);
    };
    walk(this.dict(this.trailer.get('Root'))?.get('Pages'), 0);
    return out;
  }
}

export const nameOf = (v: PdfValue | undefined): string | null => (v?.type === 'name' ? v.value : null);
export const refOf = (v: PdfValue | undefined): number | null => (v?.type === 'ref' ? v.num : null);
export const arrayOf = (v: PdfValue | undefined): PdfValue[] => (v?.type === 'array' ? v.items : []);
export const dictOf = (v: PdfValue | undefined): PdfDict | null => (v?.type === 'dict' ? v.entries : null);

/** A PDF text string: UTF-16BE with BOM, else PDFDocEncoding read as Latin-1 (enough for ASCII). */
export function textOf(v: PdfValue | undefined): string | null {
  if (v?.type !== 'string') return null;
  const raw = v.value;
  if (raw[0] === 0xfe && raw[1] === 0xff) return Buffer.from(raw.subarray(2, raw.length - (raw.length % 2))).swap16().toString('utf16le');
  return raw.toString('latin1');
}
