import { DEFAULT_BYTE_RANGE_PLACEHOLDER, SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils';

/**
 * Adds an empty signature field to a PDF as an incremental update (earlier bytes untouched,
 * so earlier signatures stay valid). @signpdf/placeholder-plain does the same but always
 * puts the widget on the first page; the report's signature boxes are on the last page, so
 * this version takes a page index. It reads classic xref tables only (pdfkit's output and
 * its own updates), which is all it is ever given.
 */
export interface PlaceholderOptions {
  /** 0-based page the widget sits on; default the last page. */
  pageIndex?: number;
  /** [x1, y1, x2, y2] in PDF user space; default invisible [0,0,0,0]. */
  rect?: readonly [number, number, number, number];
  name: string;
  reason: string;
  location: string;
  contactInfo?: string;
  signingTime: Date;
  /** Bytes reserved for the PKCS#7 (the hex string is twice as long). */
  signatureLength: number;
  appName?: string;
  /**
   * Makes this a certification signature (DocMDP) with that permission level; only for the
   * document's first signature. 2 is "form filling and signing": 1 would forbid the second
   * assessor's signature, and there is no level for "signing only".
   */
  docMdp?: 1 | 2 | 3;
  /** Further signature-dictionary entries, already PDF syntax (ASCII), covered by this signature. */
  extraEntries?: string;
}

const latin1 = (buf: Buffer, start = 0, end = buf.length) => buf.toString('latin1', start, end);

interface Trailer {
  size: number;
  root: string;
  info?: string;
  id?: string;
  prev?: number;
}

interface XrefInfo {
  offsets: Map<number, { offset: number; gen: number }>;
  trailer: Trailer;
  startxref: number;
}

function fail(message: string): never {
  throw new Error(`无法在 PDF 中添加签名域：${message}`);
}

function readTrailer(text: string): Trailer {
  const size = /\/Size\s+(\d+)/.exec(text);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(text);
  if (!size || !root) fail('尾部字典缺少 /Size 或 /Root');
  const info = /\/Info\s+(\d+\s+\d+\s+R)/.exec(text);
  const id = /\/ID\s*(\[[^\]]*\])/.exec(text);
  const prev = /\/Prev\s+(\d+)/.exec(text);
  return {
    size: Number(size[1]),
    root: root[1]!,
    ...(info ? { info: info[1]! } : {}),
    ...(id ? { id: id[1]! } : {}),
    ...(prev ? { prev: Number(prev[1]) } : {}),
  };
}

function readXref(pdf: Buffer): XrefInfo {
  const tail = latin1(pdf, Math.max(0, pdf.length - 1024));
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!sx) fail('找不到 startxref');
  const startxref = Number(sx[1]);
  const offsets = new Map<number, { offset: number; gen: number }>();
  let first: Trailer | null = null;
  const seen = new Set<number>();
  for (let pos: number | undefined = startxref; pos !== undefined; ) {
    if (seen.has(pos)) fail('交叉引用表循环引用');
    seen.add(pos);
    const trailerAt = pdf.indexOf('trailer', pos, 'latin1');
    if (!latin1(pdf, pos, pos + 10).trimStart().startsWith('xref') || trailerAt < 0) {
      fail('只支持传统交叉引用表（不支持交叉引用流）');
    }
    const tokens = latin1(pdf, pos, trailerAt).trim().split(/\s+/).slice(1);
    for (let i = 0; i < tokens.length; ) {
      const start = Number(tokens[i]);
      const count = Number(tokens[i + 1]);
      i += 2;
      for (let k = 0; k < count; k++, i += 3) {
        const num = start + k;
        if (tokens[i + 2] === 'n' && !offsets.has(num)) offsets.set(num, { offset: Number(tokens[i]), gen: Number(tokens[i + 1]) });
      }
    }
    const endAt = pdf.indexOf('startxref', trailerAt, 'latin1');
    const trailer = readTrailer(latin1(pdf, trailerAt, endAt < 0 ? undefined : endAt));
    first ??= trailer;
    pos = trailer.prev;
  }
  return { offsets, trailer: first!, startxref };
}

function refNum(ref: string): number {
  return Number(ref.trim().split(/\s+/)[0]);
}

/** The dictionary text of a (non-stream) object: what lies between its outer << and >>. */
function readDict(pdf: Buffer, xref: XrefInfo, num: number): string {
  const entry = xref.offsets.get(num);
  if (!entry) fail(`找不到对象 ${num}`);
  const end = pdf.indexOf('endobj', entry.offset, 'latin1');
  const text = latin1(pdf, entry.offset, end);
  if (!new RegExp(`^\\s*${num}\\s+${entry.gen}\\s+obj`).test(text)) fail(`对象 ${num} 的偏移量不正确`);
  const open = text.indexOf('<<');
  const close = text.lastIndexOf('>>');
  if (open < 0 || close < open) fail(`对象 ${num} 不是字典`);
  return text.slice(open + 2, close);
}

function pages(pdf: Buffer, xref: XrefInfo, num: number, out: number[], depth = 0): number[] {
  if (depth > 32) fail('页面树过深');
  const dict = readDict(pdf, xref, num);
  if (/\/Type\s*\/Pages\b/.test(dict)) {
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dict);
    if (!kids) fail('页面树缺少 /Kids');
    for (const m of kids[1]!.matchAll(/(\d+)\s+\d+\s+R/g)) pages(pdf, xref, Number(m[1]), out, depth + 1);
  } else {
    out.push(num);
  }
  return out;
}

/** A PDF text string: literal for ASCII, UTF-16BE with BOM otherwise. */
export function pdfString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `(${value.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const utf16 = Buffer.from(`\ufeff${value}`, 'utf16le').swap16();
  return `<${utf16.toString('hex').toUpperCase()}>`;
}

export function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '').replace(/\.$/, ''));

export function addSignaturePlaceholder(pdfIn: Buffer, o: PlaceholderOptions): Buffer {
  const xref = readXref(pdfIn);
  const rootNum = refNum(xref.trailer.root);
  const root = readDict(pdfIn, xref, rootNum);
  const pagesRef = /\/Pages\s+(\d+)\s+\d+\s+R/.exec(root);
  if (!pagesRef) fail('目录缺少 /Pages');
  const pageNums = pages(pdfIn, xref, Number(pagesRef[1]), []);
  const pageIndex = o.pageIndex ?? pageNums.length - 1;
  const pageNum = pageNums[pageIndex];
  if (pageNum === undefined) fail(`没有第 ${pageIndex + 1} 页`);

  let next = Math.max(xref.trailer.size, ...[...xref.offsets.keys()].map((n) => n + 1));
  const sigNum = next++;
  const widgetNum = next++;
  const apNum = next++;
  const objects = new Map<number, string>();

  const acroRef = /\/AcroForm\s+(\d+)\s+\d+\s+R/.exec(root);
  if (/\/AcroForm\s*<</.test(root)) fail('不支持内嵌的 /AcroForm 字典');
  let fieldCount = 0;
  const rootEntries: string[] = [];
  if (acroRef) {
    const acroNum = Number(acroRef[1]);
    let acro = readDict(pdfIn, xref, acroNum);
    const fields = /\/Fields\s*\[([^\]]*)\]/.exec(acro);
    fieldCount = fields ? [...fields[1]!.matchAll(/\d+\s+\d+\s+R/g)].length : 0;
    acro = fields ? acro.replace(fields[0], `/Fields [${fields[1]!.trim()} ${widgetNum} 0 R]`) : `${acro}\n/Fields [${widgetNum} 0 R]`;
    acro = /\/SigFlags\s+\d+/.test(acro) ? acro.replace(/\/SigFlags\s+\d+/, '/SigFlags 3') : `${acro}\n/SigFlags 3`;
    objects.set(acroNum, `<<${acro}>>`);
  } else {
    const acroNum = next++;
    objects.set(acroNum, `<<\n/Type /AcroForm\n/SigFlags 3\n/Fields [${widgetNum} 0 R]\n>>`);
    rootEntries.push(`/AcroForm ${acroNum} 0 R`);
  }
  if (o.docMdp) {
    if (/\/Perms\b/.test(root)) fail('文档已有 /Perms（已被认证签名），不能再作认证签名');
    rootEntries.push(`/Perms << /DocMDP ${sigNum} 0 R >>`);
  }
  if (rootEntries.length) objects.set(rootNum, `<<${root}\n${rootEntries.join('\n')}\n>>`);

  const page = readDict(pdfIn, xref, pageNum);
  const annots = /\/Annots\s*\[([^\]]*)\]/.exec(page);
  const annotsRef = /\/Annots\s+(\d+)\s+\d+\s+R/.exec(page);
  if (annots) {
    objects.set(pageNum, `<<${page.replace(annots[0], `/Annots [${annots[1]!.trim()} ${widgetNum} 0 R]`)}>>`);
  } else if (annotsRef) {
    const arrNum = Number(annotsRef[1]);
    const entry = xref.offsets.get(arrNum);
    if (!entry) fail(`找不到对象 ${arrNum}`);
    const text = latin1(pdfIn, entry.offset, pdfIn.indexOf('endobj', entry.offset, 'latin1'));
    const arr = /\[([^\]]*)\]/.exec(text);
    if (!arr) fail('页面的 /Annots 不是数组');
    objects.set(arrNum, `[${arr[1]!.trim()} ${widgetNum} 0 R]`);
  } else {
    objects.set(pageNum, `<<${page}\n/Annots [${widgetNum} 0 R]\n>>`);
  }

  const rect = o.rect ?? [0, 0, 0, 0];
  const w = Math.abs(rect[2] - rect[0]);
  const h = Math.abs(rect[3] - rect[1]);
  const placeholder = DEFAULT_BYTE_RANGE_PLACEHOLDER;
  objects.set(
    sigNum,
    [
      '<<',
      '/Type /Sig',
      '/Filter /Adobe.PPKLite',
      `/SubFilter /${SUBFILTER_ADOBE_PKCS7_DETACHED}`,
      `/ByteRange [0 /${placeholder} /${placeholder} /${placeholder}]`,
      `/Contents <${'0'.repeat(o.signatureLength * 2)}>`,
      `/Reason ${pdfString(o.reason)}`,
      `/M ${pdfString(pdfDate(o.signingTime))}`,
      `/ContactInfo ${pdfString(o.contactInfo ?? '')}`,
      `/Name ${pdfString(o.name)}`,
      `/Location ${pdfString(o.location)}`,
      `/Prop_Build << /Filter << /Name /Adobe.PPKLite >>${o.appName ? ` /App << /Name /${o.appName.replace(/[^A-Za-z0-9.-]/g, '')} >>` : ''} >>`,
      ...(o.docMdp ? [`/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${o.docMdp} /V /1.2 >> >>]`] : []),
      ...(o.extraEntries ? [o.extraEntries] : []),
      '>>',
    ].join('\n'),
  );
  objects.set(
    widgetNum,
    [
      '<<',
      '/Type /Annot',
      '/Subtype /Widget',
      '/FT /Sig',
      `/T ${pdfString(`Signature${fieldCount + 1}`)}`,
      // Print + Locked: the field prints with the page and cannot be moved.
      '/F 132',
      `/Rect [${rect.map(num).join(' ')}]`,
      `/V ${sigNum} 0 R`,
      `/P ${pageNum} 0 R`,
      // An empty appearance: the box drawn on the page shows through, and PDF/A-minded
      // validators find the /AP they expect.
      `/AP << /N ${apNum} 0 R >>`,
      '>>',
    ].join('\n'),
  );
  objects.set(apNum, `<< /Type /XObject /Subtype /Form /BBox [0 0 ${num(w)} ${num(h)}] /Resources << >> /Length 0 >>\nstream\n\nendstream`);

  // Serialize after the old %%EOF, then the xref section for just these objects.
  const base = pdfIn[pdfIn.length - 1] === 0x0a ? pdfIn : Buffer.concat([pdfIn, Buffer.from('\n')]);
  const parts: Buffer[] = [base];
  let offset = base.length;
  const written = new Map<number, number>();
  for (const n of [...objects.keys()].sort((a, b) => a - b)) {
    const gen = xref.offsets.get(n)?.gen ?? 0;
    const chunk = Buffer.from(`${n} ${gen} obj\n${objects.get(n)}\nendobj\n`, 'latin1');
    written.set(n, offset);
    parts.push(chunk);
    offset += chunk.length;
  }
  const xrefAt = offset;
  const nums = [...written.keys()].sort((a, b) => a - b);
  let xrefText = 'xref\n';
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    xrefText += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const n = nums[k]!;
      xrefText += `${String(written.get(n)).padStart(10, '0')} ${String(xref.offsets.get(n)?.gen ?? 0).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  const t = xref.trailer;
  xrefText +=
    'trailer\n<<\n' +
    `/Size ${next}\n/Root ${t.root}\n` +
    (t.info ? `/Info ${t.info}\n` : '') +
    (t.id ? `/ID ${t.id}\n` : '') +
    `/Prev ${xref.startxref}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  parts.push(Buffer.from(xrefText, 'latin1'));
  return Buffer.concat(parts);
}
