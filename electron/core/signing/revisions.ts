import { canonical, canonicalObject, dictOf, nameOf, PdfState, refOf, skipSpace, type PdfDict, type PdfFile, type PdfObject, type PdfValue } from './pdf-objects';

/**
 * What an incremental update after the first signature may do: add a signature, and
 * nothing else. That is its dictionary, its field/widget with an empty appearance, and the
 * entries that reference them: the catalogue's /AcroForm, the AcroForm's /Fields and
 * /SigFlags, a page's /Annots. Any other object changed or added means the report was
 * changed after it was signed, however valid the later signatures are: a colleague's
 * certificate from the same CA signs an overwritten conclusion just as validly.
 *
 * It is DocMDP's idea, but stricter than the P=2 the first signature declares: a report has
 * no form fields other than its signatures, so "form filling" is refused too.
 */
export interface RevisionFinding {
  /** 0-based revision index (0 is the rendered report, 1 the first signature's update, …). */
  revision: number;
  /** One Chinese sentence. */
  text: string;
}

const SIG_KEYS = new Set(['Type', 'Filter', 'SubFilter', 'ByteRange', 'Contents', 'Reason', 'M', 'ContactInfo', 'Name', 'Location', 'Prop_Build', 'Prop_AuthTime', 'Prop_AuthType']);
const WIDGET_KEYS = new Set(['Type', 'Subtype', 'FT', 'T', 'TU', 'F', 'Ff', 'Rect', 'V', 'P', 'AP']);
const APPEARANCE_KEYS = new Set(['Type', 'Subtype', 'BBox', 'Resources', 'Length', 'Matrix', 'FormType']);
const ACROFORM_KEYS = new Set(['Type', 'Fields', 'SigFlags']);
const TRAILER_KEYS = new Set(['Size', 'Root', 'Info', 'ID', 'Prev']);

/** An appearance that draws nothing: otherwise a "signature" could paint over the page. */
function isEmptyForm(o: PdfObject): boolean {
  const d = dictOf(o.value);
  if (!d || !o.stream || o.stream.toString('latin1').trim() !== '') return false;
  if ([...d.keys()].some((k) => !APPEARANCE_KEYS.has(k)) || nameOf(d.get('Subtype')) !== 'Form') return false;
  const res = d.get('Resources');
  return res === undefined || dictOf(res)?.size === 0;
}

function checkRevision(file: PdfFile, r: number): string[] {
  const out: string[] = [];
  const label = `第 ${r} 次增量更新`;
  const say = (text: string) => out.push(`${label}${text}`);
  const rev = file.revisions[r]!;
  const before = new PdfState(file, r - 1);
  const now = new PdfState(file, r);
  const buf = file.buf;

  const trailer = rev.xref.trailer;
  const prevTrailer = before.trailer;
  for (const k of trailer.keys()) if (!TRAILER_KEYS.has(k)) say(`在尾部字典中加入了 /${k}`);
  for (const k of ['Root', 'Info']) if (canonical(trailer.get(k)) !== canonical(prevTrailer.get(k))) say(`更改了尾部字典的 /${k}`);
  if (rev.xref.startxref !== rev.xref.start) say('的 startxref 没有指向它自己的交叉引用表');

  // Every byte of the update must be an object its xref lists, then that xref: bytes no
  // entry accounts for are ignored by careful readers and picked up by repairing ones.
  const used = [...rev.xref.entries].filter(([, e]) => e.inUse).sort((a, b) => a[1].offset - b[1].offset);
  let pos = rev.start;
  for (const [num, e] of used) {
    pos = skipSpace(buf, pos, false);
    if (e.offset !== pos) {
      say(`的交叉引用表与其中的对象位置不符（对象 ${num}）`);
      return out;
    }
    pos = now.get(num)!.end;
  }
  pos = skipSpace(buf, pos, false);
  if (pos !== rev.xref.start) {
    say(`中有交叉引用表未列出的内容（第 ${pos} 字节起）`);
    return out;
  }
  for (const [num, e] of rev.xref.entries) if (!e.inUse && num !== 0 && before.get(num)) say(`删除了对象 ${num}`);

  const pagesBefore = before.pages();
  const pagesNow = now.pages();
  const describe = (num: number, o: PdfObject): string => {
    for (const [i, p] of pagesBefore.entries()) {
      const contents = before.dict({ type: 'ref', num: p, gen: 0 })?.get('Contents');
      const refs = contents?.type === 'array' ? contents.items : [contents];
      if (refs.some((v) => refOf(v) === num)) return `第 ${i + 1} 页的内容（对象 ${num}）`;
    }
    if (refOf(prevTrailer.get('Info')) === num) return `文档信息（对象 ${num}）`;
    const type = nameOf(dictOf(o.value)?.get('Type'));
    if (type) return `对象 ${num}（/${type}）`;
    return o.stream ? `对象 ${num}（数据流）` : `对象 ${num}`;
  };

  const added = new Map<number, PdfObject>();
  const changed = new Map<number, { prev: PdfObject; cur: PdfObject }>();
  for (const [num] of used) {
    const cur = now.get(num)!;
    const prev = before.get(num);
    if (!prev) added.set(num, cur);
    // Writing an object again unchanged is harmless.
    else if (canonicalObject(prev) !== canonicalObject(cur)) changed.set(num, { prev, cur });
  }

  const sigs = new Set<number>();
  const widgets = new Set<number>();
  for (const [num, o] of added) {
    const d = dictOf(o.value);
    if (!d || o.stream) continue;
    if (nameOf(d.get('Type')) === 'Sig') sigs.add(num);
    else if (nameOf(d.get('Subtype')) === 'Widget' && nameOf(d.get('FT')) === 'Sig') widgets.add(num);
  }
  const accounted = new Set<number>([...sigs, ...widgets]);

  const usedSigs = new Set<number>();
  for (const num of widgets) {
    const d = dictOf(added.get(num)!.value)!;
    const what = `新增的签名域（对象 ${num}）`;
    for (const k of d.keys()) if (!WIDGET_KEYS.has(k)) say(`${what}含有 /${k}`);
    if (d.has('Type') && nameOf(d.get('Type')) !== 'Annot') say(`${what}的 /Type 不是 /Annot`);
    const v = refOf(d.get('V'));
    if (v === null || !sigs.has(v)) say(`${what}的 /V 不是本次新增的签名`);
    else if (usedSigs.has(v)) say(`${what}与另一个签名域共用签名（对象 ${v}）`);
    else usedSigs.add(v);
    const p = d.get('P');
    if (p !== undefined && !pagesNow.includes(refOf(p) ?? -1)) say(`${what}的 /P 不是页面`);
    const ap = d.get('AP');
    if (ap !== undefined) {
      const apd = dictOf(ap);
      const n = apd?.size === 1 ? refOf(apd.get('N')) : null;
      const form = n === null ? undefined : added.get(n);
      if (!form || !isEmptyForm(form)) say(`${what}的外观（/AP）不是空白的`);
      else accounted.add(n!);
    }
  }
  for (const num of sigs) {
    const d = dictOf(added.get(num)!.value)!;
    for (const k of d.keys()) if (!SIG_KEYS.has(k)) say(`新增的签名（对象 ${num}）含有 /${k}`);
    if (!usedSigs.has(num)) say(`新增的签名（对象 ${num}）不属于任何签名域`);
  }

  /** `cur` is `prev` with only signature widgets of this update appended. */
  const grows = (prev: PdfValue | undefined, cur: PdfValue | undefined, what: string) => {
    const p = prev === undefined ? [] : prev.type === 'array' ? prev.items : null;
    const c = cur?.type === 'array' ? cur.items : null;
    if (!p || !c || c.length < p.length || p.some((v, i) => canonical(v) !== canonical(c[i]))) return say(`更改了${what}中原有的内容`);
    if (c.slice(p.length).some((v) => !widgets.has(refOf(v) ?? -1))) say(`在${what}中加入了签名域以外的对象`);
  };
  const sameExcept = (pd: PdfDict, cd: PdfDict, allowed: readonly string[], what: string) => {
    for (const k of new Set([...pd.keys(), ...cd.keys()])) {
      if (!allowed.includes(k) && canonical(pd.get(k)) !== canonical(cd.get(k))) say(`更改了${what}的 /${k}`);
    }
  };

  const rootNum = refOf(trailer.get('Root'));
  const acroBefore = refOf(before.dict(prevTrailer.get('Root'))?.get('AcroForm'));
  const annotArrays = new Set(pagesNow.map((p) => refOf(now.dict({ type: 'ref', num: p, gen: 0 })?.get('Annots'))).filter((n): n is number => n !== null));
  for (const [num, { prev, cur }] of changed) {
    const pd = prev.stream ? null : dictOf(prev.value);
    const cd = cur.stream ? null : dictOf(cur.value);
    if (num === rootNum && pd && cd) {
      sameExcept(pd, cd, ['AcroForm'], '文档目录');
      if (canonical(pd.get('AcroForm')) !== canonical(cd.get('AcroForm'))) {
        const form = refOf(cd.get('AcroForm'));
        const fd = form === null || pd.has('AcroForm') ? null : dictOf(added.get(form)?.value);
        if (!fd) say('更改了文档目录的 /AcroForm');
        else {
          accounted.add(form!);
          for (const k of fd.keys()) if (!ACROFORM_KEYS.has(k)) say(`新增的表单字典（对象 ${form}）含有 /${k}`);
          grows(undefined, fd.get('Fields'), '表单字段（/Fields）');
        }
      }
    } else if (num === acroBefore && pd && cd) {
      sameExcept(pd, cd, ['Fields', 'SigFlags'], '表单字典');
      grows(pd.get('Fields'), cd.get('Fields'), '表单字段（/Fields）');
      const flags = cd.get('SigFlags');
      if (flags !== undefined && (flags.type !== 'number' || ![0, 1, 2, 3].includes(flags.value))) say('把 /SigFlags 改为无效的值');
    } else if (pd && cd && nameOf(pd.get('Type')) === 'Page') {
      sameExcept(pd, cd, ['Annots'], `第 ${pagesBefore.indexOf(num) + 1} 页（对象 ${num}）`);
      if (refOf(pd.get('Annots')) !== null || refOf(cd.get('Annots')) !== null) {
        if (canonical(pd.get('Annots')) !== canonical(cd.get('Annots'))) say(`更改了第 ${pagesBefore.indexOf(num) + 1} 页的 /Annots`);
      } else grows(pd.get('Annots'), cd.get('Annots'), `第 ${pagesBefore.indexOf(num) + 1} 页的注释（/Annots）`);
    } else if (annotArrays.has(num) && !prev.stream && !cur.stream) {
      grows(prev.value, cur.value, `页面注释数组（对象 ${num}）`);
    } else say(`改写了${describe(num, prev)}`);
  }
  for (const [num, o] of added) if (!accounted.has(num)) say(`新增了${describe(num, o)}`);
  return out;
}

/** Findings for every revision after `firstSigned` (the one the first signature closes). */
export function laterRevisionFindings(file: PdfFile, firstSigned: number): RevisionFinding[] {
  const out: RevisionFinding[] = [];
  for (let r = firstSigned + 1; r < file.revisions.length; r++) {
    try {
      for (const text of checkRevision(file, r)) out.push({ revision: r, text });
    } catch (err) {
      out.push({ revision: r, text: `第 ${r} 次增量更新无法解析（${err instanceof Error ? err.message : String(err)}）` });
    }
  }
  return out;
}
