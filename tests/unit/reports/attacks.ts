import { readRevisions, PdfState, dictOf, nameOf } from '../../../electron/core/signing/pdf-objects';

/**
 * Forgeries of a signed report, built the way an insider would (issue 13): keep assessor 1's
 * signed revision and append incremental updates. The verifier must call each of them
 * changed or invalid, whatever pdfsig says.
 */

/** What one revision's own xref lists: object number → its bytes ("N G obj … endobj"). */
export function revisionObjects(pdf: Buffer, revision: number): Map<number, Buffer> {
  const file = readRevisions(pdf);
  const state = new PdfState(file, revision);
  const out = new Map<number, Buffer>();
  for (const [num, e] of file.revisions[revision]!.xref.entries) {
    if (!e.inUse) continue;
    const o = state.get(num)!;
    out.set(num, pdf.subarray(o.start, o.end));
  }
  return out;
}

/** The report as its first signature left it: the rendered report plus assessor 1's update. */
export function cutToFirstSignature(signed: Buffer): Buffer {
  return signed.subarray(0, readRevisions(signed).revisions[1]!.end);
}

/**
 * An incremental update over `base` writing `objects` (whole "N G obj … endobj" bytes, or a
 * dictionary body for a new object), optionally preceded by bytes its xref does not list.
 */
export function appendUpdate(base: Buffer, objects: Map<number, Buffer | string>, unlisted = ''): Buffer {
  const last = readRevisions(base).revisions.at(-1)!;
  const tail = base.toString('latin1', last.xref.start, last.end);
  const kept = /trailer\s*<<([\s\S]*)>>\s*startxref/.exec(tail)![1]!.replace(/\/Prev\s+\d+/, '').replace(/\/Size\s+\d+/, '');
  const size = Math.max(Number(/\/Size\s+(\d+)/.exec(tail)![1]), ...[...objects.keys()].map((n) => n + 1));
  const parts: Buffer[] = [base, Buffer.from(`\n${unlisted}`, 'latin1')];
  let offset = base.length + 1 + Buffer.byteLength(unlisted, 'latin1');
  const written: [number, number][] = [];
  for (const [num, body] of [...objects].sort((a, b) => a[0] - b[0])) {
    const chunk = typeof body === 'string' ? Buffer.from(`${num} 0 obj\n${body}\nendobj\n`, 'latin1') : Buffer.concat([body, Buffer.from('\n')]);
    written.push([num, offset]);
    parts.push(chunk);
    offset += chunk.length;
  }
  let xref = 'xref\n';
  for (const [num, at] of written) xref += `${num} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<<\n/Size ${size}\n/Prev ${last.xref.start}\n${kept.trim()}\n>>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/**
 * Assessor 1's signed revision, then an update that rewrites every object in which `forged`
 * (the same report rendered with other data, e.g. another 评估结论) differs from the
 * original rendering. Sign it with anyone to finish the forgery.
 */
export function overwriteAfterFirstSignature(signed: Buffer, forged: Buffer): Buffer {
  const original = revisionObjects(signed, 0);
  const touched = revisionObjects(signed, 1);
  const changed = new Map<number, Buffer>();
  for (const [num, bytes] of revisionObjects(forged, 0)) {
    if (!touched.has(num) && !original.get(num)?.equals(bytes)) changed.set(num, bytes);
  }
  if (!changed.size) throw new Error('the forged rendering does not differ');
  return appendUpdate(cutToFirstSignature(signed), changed);
}

/** Assessor 1's signed revision, then a visible FreeText annotation on the page carrying the signature boxes. */
export function addAnnotationAfterFirstSignature(signed: Buffer, text: string): Buffer {
  const base = cutToFirstSignature(signed);
  const file = readRevisions(base);
  const state = new PdfState(file, 1);
  const pageNum = [...file.revisions[1]!.xref.entries.keys()].find((n) => nameOf(dictOf(state.get(n)?.value)?.get('Type')) === 'Page')!;
  const annotNum = Number(/\/Size\s+(\d+)/.exec(base.toString('latin1', file.revisions[1]!.xref.start))![1]);
  const page = revisionObjects(base, 1).get(pageNum)!.toString('latin1').replace(/\/Annots \[([^\]]*)\]/, `/Annots [$1 ${annotNum} 0 R]`);
  return appendUpdate(
    base,
    new Map<number, Buffer | string>([
      [pageNum, Buffer.from(page, 'latin1')],
      [annotNum, `<< /Type /Annot /Subtype /FreeText /Rect [42 400 400 440] /Contents (${text}) /DA (/Helv 14 Tf 1 0 0 rg) /F 4 >>`],
    ]),
  );
}

/** Writes `char` into the zero padding after the DER signature in the last signature's /Contents. */
export function scribbleInLastPadding(pdf: Buffer, char = '1'): Buffer {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange \[0 (\d+) (\d+) (\d+)\]/g)];
  const holeStart = Number(ranges.at(-1)![1]) + 1;
  const head = pdf.toString('latin1', holeStart, holeStart + 8);
  if (!head.startsWith('3082')) throw new Error('unexpected DER header');
  const derLength = 4 + parseInt(head.slice(4, 8), 16);
  const at = holeStart + 2 * derLength + 40;
  if (pdf[at] !== 0x30) throw new Error('not in the padding');
  const copy = Buffer.from(pdf);
  copy.write(char, at, 'latin1');
  return copy;
}
