import PDFDocument from 'pdfkit';
import { APP_META } from '../app/app-meta';
import { codePointLabel, MISSING_MARK, reportFonts, splitByFont, type ReportFonts } from './fonts';
import { maskIdNumber } from './mask';
import type { RenderedReport, ReportData, SignatureBox } from './types';

// A4 in points; margins leave room for the running header and the footer.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const LEFT = 42;
const RIGHT = PAGE_W - 42;
const WIDTH = RIGHT - LEFT;
const TOP = 50;
const BOTTOM = PAGE_H - 54;

const BODY = 9;
const LINE_GAP = 1.5;
const PAD_X = 4;
const PAD_Y = 3;
const BORDER = '#333333';
const FILL_HEAD = '#e9edf2';
const FILL_LABEL = '#f6f7f9';
const GREY = '#555555';

const UNVERIFIED = '（待核实）';
/** Ideographic space, to separate fields on one line. */
const SP = '\u3000';

type Align = 'left' | 'center' | 'right';

interface Tick {
  label: string;
  checked: boolean;
  note?: string;
}

interface Cell {
  text?: string;
  bold?: boolean;
  size?: number;
  align?: Align;
  fill?: string;
  color?: string;
  span?: number;
  /** Tick boxes, flowing on lines ('inline') or one per line with a hanging indent ('stacked'). */
  ticks?: Tick[];
  ticksLayout?: 'inline' | 'stacked';
  intro?: string;
}

interface TextStyle {
  size?: number;
  bold?: boolean;
  align?: Align;
  color?: string;
}

class Layout {
  readonly doc: PDFKit.PDFDocument;
  y = TOP;
  private readonly fonts: ReportFonts;

  constructor(doc: PDFKit.PDFDocument, fonts: ReportFonts) {
    this.doc = doc;
    this.fonts = fonts;
  }

  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margins: { top: TOP, bottom: PAGE_H - BOTTOM, left: LEFT, right: PAGE_W - RIGHT } });
    this.y = TOP;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  private useFont(bold: boolean, size: number): void {
    this.doc.font(bold ? 'B' : 'R').fontSize(size);
  }

  textHeight(text: string, width: number, style: TextStyle = {}): number {
    this.useFont(!!style.bold, style.size ?? BODY);
    // Replaced characters measure like the mark that will be printed.
    const printable = splitByFont(text, this.fonts).runs.map((r) => r.text).join('');
    return this.doc.heightOfString(printable || ' ', { width, lineGap: LINE_GAP });
  }

  textWidth(text: string, style: TextStyle = {}): number {
    this.useFont(!!style.bold, style.size ?? BODY);
    const printable = splitByFont(text, this.fonts).runs.map((r) => r.text).join('');
    return this.doc.widthOfString(printable);
  }

  lineHeight(style: TextStyle = {}): number {
    this.useFont(!!style.bold, style.size ?? BODY);
    return this.doc.currentLineHeight(true) + LINE_GAP;
  }

  /** Draws text whose characters may come from the fallback font, as one flowing string. */
  text(text: string, x: number, y: number, width: number, style: TextStyle = {}): number {
    const size = style.size ?? BODY;
    const bold = !!style.bold;
    const main = bold ? this.fonts.bold : this.fonts.regular;
    const { runs } = splitByFont(text, this.fonts, main);
    const options = { width, align: style.align ?? 'left', lineGap: LINE_GAP } as const;
    this.doc.fillColor(style.color ?? '#000000');
    if (runs.length <= 1) {
      this.useFont(bold, size);
      this.doc.text(runs[0]?.text ?? '', x, y, options);
    } else {
      runs.forEach((run, i) => {
        this.doc.font(run.face === 'fallback' ? 'F' : bold ? 'B' : 'R').fontSize(size);
        const continued = i < runs.length - 1;
        if (i === 0) this.doc.text(run.text, x, y, { ...options, continued });
        else this.doc.text(run.text, { ...options, continued });
      });
    }
    this.doc.fillColor('#000000');
    return this.textHeight(text, width, style);
  }

  /** A paragraph at the current position, moving down. */
  para(text: string, style: TextStyle = {}, gapAfter = 4): void {
    const h = this.textHeight(text, WIDTH, style);
    this.ensure(h);
    this.text(text, LEFT, this.y, WIDTH, style);
    this.y += h + gapAfter;
  }

  /** `keep`: how much of what follows must fit below the heading on the same page. */
  heading(text: string, keep = 48): void {
    const style = { size: 11, bold: true };
    const h = this.lineHeight(style);
    this.ensure(h + 3 + keep);
    this.doc.save().rect(LEFT, this.y + 2, 3, h - 5).fill('#2f5d8a').restore();
    this.text(text, LEFT + 8, this.y, WIDTH - 8, style);
    this.y += h + 3;
  }

  tickBox(x: number, top: number, size: number, checked: boolean): void {
    const doc = this.doc;
    doc.save().lineWidth(0.7).strokeColor('#000000').rect(x, top, size, size).stroke();
    if (checked) {
      doc
        .lineWidth(1.3)
        .lineJoin('round')
        .lineCap('round')
        .moveTo(x + size * 0.18, top + size * 0.52)
        .lineTo(x + size * 0.42, top + size * 0.8)
        .lineTo(x + size * 0.86, top + size * 0.18)
        .stroke();
    }
    doc.restore();
  }

  /** Height of a cell's content at this width; draws it too when `draw`. */
  cellContent(cell: Cell, x: number, y: number, w: number, draw: boolean): number {
    const style: TextStyle = { size: cell.size ?? BODY, bold: cell.bold, align: cell.align, color: cell.color };
    let h = 0;
    if (cell.text !== undefined) {
      h += draw ? this.text(cell.text, x, y, w, style) : this.textHeight(cell.text, w, style);
    }
    if (cell.intro) {
      if (h) h += 2;
      h += draw ? this.text(cell.intro, x, y + h, w, style) : this.textHeight(cell.intro, w, style);
      h += 2;
    }
    if (cell.ticks) h += this.ticks(cell.ticks, cell.ticksLayout ?? 'inline', x, y + h, w, style, draw);
    return h;
  }

  private ticks(ticks: Tick[], layout: 'inline' | 'stacked', x: number, y: number, w: number, style: TextStyle, draw: boolean): number {
    const lh = this.lineHeight(style);
    const size = (style.size ?? BODY) * 0.95;
    const boxTop = (lineTop: number) => lineTop + (lh - LINE_GAP - size) / 2 + 0.3;
    const gap = 3;
    if (layout === 'stacked') {
      let h = 0;
      for (const t of ticks) {
        const tw = w - size - gap;
        if (draw) this.tickBox(x, boxTop(y + h), size, t.checked);
        h += draw ? this.text(t.label, x + size + gap, y + h, tw, style) : this.textHeight(t.label, tw, style);
        if (t.note) {
          const noteStyle = { size: (style.size ?? BODY) - 0.5, color: GREY };
          h += draw ? this.text(t.note, x + size + gap, y + h, tw, noteStyle) : this.textHeight(t.note, tw, noteStyle);
        }
        h += 2;
      }
      return h;
    }
    let lineX = 0;
    let lines = 1;
    const spacing = 12;
    for (const t of ticks) {
      const itemW = size + gap + this.textWidth(t.label, style);
      if (lineX > 0 && lineX + itemW > w) {
        lines++;
        lineX = 0;
      }
      const top = y + (lines - 1) * lh;
      if (draw) {
        this.tickBox(x + lineX, boxTop(top), size, t.checked);
        this.text(t.label, x + lineX + size + gap, top, itemW + 4, style);
      }
      lineX += itemW + spacing;
    }
    return lines * lh - LINE_GAP;
  }

  tableHeight(widths: number[], rows: Cell[][]): number {
    return rows.reduce((sum, row) => {
      let col = 0;
      const heights = row.map((cell) => {
        const span = cell.span ?? 1;
        const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        col += span;
        return this.cellContent(cell, 0, 0, w - 2 * PAD_X, false);
      });
      return sum + Math.max(16, Math.max(...heights) + 2 * PAD_Y);
    }, 0);
  }

  /**
   * A bordered table; breaks between rows and repeats the first `repeat` rows on a new page.
   * `keepTogether` moves a table that fits on a page to the next page rather than split it.
   */
  table(widths: number[], rows: Cell[][], repeat = 0, keepTogether = false): void {
    const layoutRow = (row: Cell[]) => {
      let col = 0;
      const placed = row.map((cell) => {
        const span = cell.span ?? 1;
        const x = LEFT + widths.slice(0, col).reduce((a, b) => a + b, 0);
        const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        col += span;
        return { cell, x, w };
      });
      const contentH = Math.max(...placed.map((p) => this.cellContent(p.cell, p.x + PAD_X, 0, p.w - 2 * PAD_X, false)));
      return { placed, h: Math.max(16, contentH + 2 * PAD_Y) };
    };
    const drawRow = (row: Cell[]) => {
      const { placed, h } = layoutRow(row);
      for (const { cell, x, w } of placed) {
        if (cell.fill) this.doc.save().rect(x, this.y, w, h).fill(cell.fill).restore();
        this.doc.save().lineWidth(0.6).strokeColor(BORDER).rect(x, this.y, w, h).stroke().restore();
        const contentH = this.cellContent(cell, x + PAD_X, 0, w - 2 * PAD_X, false);
        // Single-line cells sit in the middle of taller rows; multi-line ones start at the top.
        const dy = Math.max(PAD_Y, (h - contentH) / 2);
        this.cellContent(cell, x + PAD_X, this.y + dy, w - 2 * PAD_X, true);
      }
      this.y += h;
    };
    if (keepTogether) {
      const total = this.tableHeight(widths, rows);
      if (total <= BOTTOM - TOP && this.y + total > BOTTOM) this.newPage();
    }
    rows.forEach((row, i) => {
      const { h } = layoutRow(row);
      if (this.y + h > BOTTOM) {
        this.newPage();
        if (i >= repeat) for (const head of rows.slice(0, repeat)) drawRow(head);
      }
      drawRow(row);
    });
    this.y += 8;
  }
}

function label(text: string): Cell {
  return { text, fill: FILL_LABEL, color: '#222222' };
}

function scoreText(score: number | null): string {
  return score === null ? '—' : String(score);
}

function chineseDate(iso: string | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!m) return '____年____月____日';
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Every string of the data, to find characters no font has before anything is drawn. */
function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) for (const v of Object.values(value)) allStrings(v, out);
  return out;
}

export interface RenderOptions {
  /** Overrides the fonts (tests); defaults to the bundled ones. */
  fonts?: ReportFonts;
}

/** Renders the report as an unsigned PDF. Same data, same bytes. */
export async function renderReport(data: ReportData, options: RenderOptions = {}): Promise<RenderedReport> {
  const fonts = options.fonts ?? reportFonts();
  const missingGlyphs: string[] = [];
  for (const s of allStrings({ ...data, signatures: undefined })) {
    for (const ch of splitByFont(s, fonts).missing) if (!missingGlyphs.includes(ch)) missingGlyphs.push(ch);
  }

  const finalized = new Date(data.assessment.finalizedAt);
  if (Number.isNaN(finalized.getTime())) throw new Error(`报告数据的定稿时间无效：${data.assessment.finalizedAt}`);
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    size: 'A4',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      // No personal data in the metadata: file managers and search indexes show it.
      Title: `${data.heading.title} ${data.reportNo}`,
      Subject: `${data.assessment.instrument} ${data.institution.name}`,
      Creator: `${APP_META.productName} ${APP_META.version}`,
      Producer: `${APP_META.name} ${APP_META.version} (PDFKit)`,
      CreationDate: finalized,
      ModDate: finalized,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  // pdfkit's types predate fontkit Font objects as sources; it accepts anything with layout().
  doc.registerFont('R', fonts.regular as unknown as Buffer);
  doc.registerFont('B', fonts.bold as unknown as Buffer);
  if (fonts.fallback) doc.registerFont('F', fonts.fallback as unknown as Buffer);

  const L = new Layout(doc, fonts);
  L.newPage();
  const { person, assessment: a } = data;

  // Title block.
  L.text(data.institution.name + (data.institution.code ? `（机构编码：${data.institution.code}）` : ''), LEFT, L.y, WIDTH * 0.62, { size: 9.5 });
  L.text(`报告编号：${data.reportNo}`, LEFT + WIDTH * 0.62, L.y, WIDTH * 0.38, { size: 9.5, align: 'right' });
  L.y += 22;
  L.text(data.heading.title, LEFT, L.y, WIDTH, { size: 20, bold: true, align: 'center' });
  L.y += 32;
  L.text(data.heading.basis, LEFT, L.y, WIDTH, { size: 9, align: 'center', color: GREY });
  L.y += 20;

  const conclusion =
    `评估结论：${data.conclusion || '未评定'}` +
    (data.classification ? `${SP}${SP}优先服务类别：${data.classification.categoryName}` : '');
  L.table([WIDTH], [[{ text: conclusion, bold: true, size: 10.5, fill: FILL_HEAD, align: 'center' }]]);

  // Identity and A.1.
  L.heading('一、评估对象及评估信息');
  const idShown = person.maskId ? maskIdNumber(person.idNumber) : person.idNumber;
  const residence = [person.county, person.township, person.village].filter(Boolean).join(' ') + (person.address ? `，${person.address}` : '');
  const lw = 96;
  const vw = WIDTH / 2 - lw;
  const assessorsText = a.assessors.map((s) => s.name).join('、');
  L.table(
    [lw, vw, lw, vw],
    [
      [label('姓名'), { text: person.name, bold: true, size: 10 }, label('性别'), { text: person.sex }],
      [label('出生日期'), { text: chineseDate(person.birthDate) }, label('公民身份号码'), { text: idShown }],
      [label('居住地'), { text: residence, span: 3 }],
      [label('联系电话'), { text: person.phone ?? '' }, label('信息提供者'), { text: `${a.informant.name}（${a.informant.relation}）` }],
      [label(data.heading.fields.assessmentNo), { text: data.reportNo }, label(data.heading.fields.assessmentDate), { text: chineseDate(a.assessmentDate) }],
      [label(data.heading.fields.reason), { text: a.reason }, label('评估工具'), { text: `${a.instrument}（版本 ${a.instrumentVersion}）` }],
      [label('评估人员'), { text: assessorsText }, label('评估地点'), { text: a.place }],
    ],
  );
  if (missingGlyphs.length) {
    L.para(
      `注：字库中缺少 ${missingGlyphs.length} 个字，以“${MISSING_MARK}”代替：` + missingGlyphs.map(codePointLabel).join('、') + '。请以身份证件为准。',
      { size: 8.5, color: '#b00020' },
    );
  }

  // A.2–A.5.
  // Sections are numbered as they appear: an instrument without a summary skips one.
  let section = 0;
  const numbered = (title: string) => `${'一二三四五六七八九十'[section++] ?? section}、${title}`;
  section = 1;
  if (data.basicInfoSummary.length) {
    L.heading(numbered(data.heading.summaryHeading ?? '基本信息摘要'));
    L.table(
      [128, WIDTH - 128],
      data.basicInfoSummary.map((line) => [label(line.label), { text: line.value || '—' }]),
    );
  }

  // Annex B item scores.
  L.heading(numbered(data.heading.itemsHeading));
  const iw = [46, 96, WIDTH - 46 - 96 - 58, 58];
  const itemRows: Cell[][] = [
    [
      { text: '编号', bold: true, fill: FILL_HEAD, align: 'center' },
      { text: '评估项目', bold: true, fill: FILL_HEAD },
      { text: '评估情况', bold: true, fill: FILL_HEAD },
      { text: '得分 / 满分', bold: true, fill: FILL_HEAD, align: 'center' },
    ],
  ];
  for (const ind of data.indicators) {
    itemRows.push([
      { text: `${ind.code} ${ind.name}`, bold: true, fill: FILL_LABEL, span: 3 },
      { text: `${scoreText(ind.score)} / ${ind.max}`, bold: true, fill: FILL_LABEL, align: 'center' },
    ]);
    for (const item of ind.items) {
      itemRows.push([
        { text: item.code, align: 'center', size: 8.5 },
        { text: item.name },
        { text: item.optionText || '未评估', color: item.optionText ? '#000000' : GREY, size: 8.5 },
        { text: `${scoreText(item.score)} / ${item.max}`, align: 'center' },
      ]);
    }
  }
  L.table(iw, itemRows, 1);

  // The instrument's result block (Annex C for GB/T 42195-2022).
  const cl = 118;
  const columns = Math.max(1, ...data.result.map((r) => r.cells.length));
  const cw = (WIDTH - cl) / columns;
  const cWidths = [cl, ...Array.from({ length: columns }, () => cw)];
  const resultRows: Cell[][] = data.result.map((row) => [
    label(row.label),
    ...row.cells.map((c): Cell => ({
      ...(c.text !== undefined ? { text: c.text } : {}),
      ...(c.bold ? { bold: true } : {}),
      ...(c.align ? { align: c.align } : {}),
      ...(c.intro ? { intro: c.intro } : {}),
      ...(c.ticks ? { ticks: c.ticks, ticksLayout: c.stacked ? 'stacked' : 'inline' } : {}),
      ...(row.cells.length === 1 ? { span: columns } : {}),
    })),
  ]);
  // The result is the report proper: keep it on one page with its heading.
  L.heading(numbered(data.heading.resultHeading), L.tableHeight(cWidths, resultRows));
  L.table(cWidths, resultRows);
  for (const note of data.notes) L.para(note, { size: 8.5, color: '#b00020' });

  // Priority category.
  L.heading(numbered('优先服务类别'));
  const cls = data.classification;
  if (!cls) {
    L.para('未评定优先服务类别。', { color: GREY });
  } else {
    const ents = cls.entitlements.length
      ? cls.entitlements.map((e, i) => `${i + 1}. ${e.name}${e.amount ? `：${e.amount}` : ''}${e.verified ? '' : UNVERIFIED}`).join('\n')
      : '无';
    L.table(
      [cl, WIDTH - cl],
      [
        [label('类别'), { text: `${cls.categoryName}（${cls.category}）`, bold: true }],
        [label('可享待遇'), { text: ents }],
        [label('政策包'), { text: cls.pack }],
      ],
    );
    if (cls.trail.length) {
      const tw = [24, 120, WIDTH - 24 - 120 - 150, 150];
      L.table(
        tw,
        [
          [
            { text: '序', bold: true, fill: FILL_HEAD, align: 'center' },
            { text: '依据的规定', bold: true, fill: FILL_HEAD },
            { text: '判定理由', bold: true, fill: FILL_HEAD },
            { text: '政策依据', bold: true, fill: FILL_HEAD },
          ],
          ...cls.trail.map((t, i): Cell[] => [
            { text: String(i + 1), align: 'center' },
            { text: t.title },
            { text: t.reason + (t.verified ? '' : UNVERIFIED) },
            { text: t.source, size: 8.5, color: GREY },
          ]),
        ],
        1,
      );
    }
  }

  // 照护需求与服务建议: what help the person needs, item by item, as the assessors left it.
  const plan = data.carePlan;
  if (plan) {
    L.heading(numbered('照护需求与服务建议'));
    if (!plan.services.length) L.para('依据各项得分，未发现需要的照护服务。', { color: GREY });
    else {
      const pw = [24, 112, 62, WIDTH - 24 - 112 - 62];
      L.table(
        pw,
        [
          [
            { text: '序', bold: true, fill: FILL_HEAD, align: 'center' },
            { text: '服务', bold: true, fill: FILL_HEAD },
            { text: '协助程度', bold: true, fill: FILL_HEAD, align: 'center' },
            { text: '依据', bold: true, fill: FILL_HEAD },
          ],
          ...plan.services.map((s, i): Cell[] => {
            const reasons = s.reasons.join('\n');
            if (!s.excluded) return [{ text: String(i + 1), align: 'center' }, { text: s.name }, { text: s.degree, align: 'center' }, { text: reasons, size: 8.5 }];
            return [
              { text: String(i + 1), align: 'center', color: GREY },
              { text: `${s.name}\n（已取消）`, color: GREY },
              { text: s.degree, align: 'center', color: GREY },
              { text: `${reasons}\n取消理由：${s.excluded.reason}（${s.excluded.byName}，${s.excluded.date}）`, size: 8.5, color: GREY },
            ];
          }),
        ],
        1,
      );
    }
    if (plan.note) L.para(`评估员备注：${plan.note.text}（${plan.note.byName}，${plan.note.date}）`);
    L.para(`服务目录：${plan.catalogue}${plan.verified ? '' : '。该目录是本程序提出的建议，不是已公布的规定（待核实）'}`, { size: 8.5, color: plan.verified ? GREY : '#b00020' });
  }

  // Place and signatures, kept together on one page.
  const boxH = 96;
  L.ensure(L.lineHeight({ size: 11, bold: true }) + 3 + 22 + boxH + 30);
  L.heading(numbered('评估地点及签名'));
  L.text(`评估地点：${a.place}`, LEFT, L.y, WIDTH);
  L.y += 18;
  const gap = 10;
  const bw = (WIDTH - 2 * gap) / 3;
  const boxes = [
    { key: 'assessor1', title: `${data.heading.assessorSignature}（1）`, who: a.assessors[0].name, image: data.signatures.assessor1, date: data.signatures.dates.assessor1 },
    { key: 'assessor2', title: `${data.heading.assessorSignature}（2）`, who: a.assessors[1].name, image: data.signatures.assessor2, date: data.signatures.dates.assessor2 },
    { key: 'informant', title: '信息提供者签名', who: `${a.informant.name}（${a.informant.relation}）`, image: data.signatures.informant, date: data.signatures.dates.informant },
  ] as const;
  const signatureBoxes = {} as RenderedReport['signatureBoxes'];
  boxes.forEach((b, i) => {
    const x = LEFT + i * (bw + gap);
    const top = L.y;
    doc.save().lineWidth(0.6).strokeColor(BORDER).rect(x, top, bw, boxH).stroke().restore();
    doc.save().rect(x, top, bw, 17).fill(FILL_HEAD).restore();
    doc.save().lineWidth(0.6).strokeColor(BORDER).moveTo(x, top + 17).lineTo(x + bw, top + 17).stroke().restore();
    L.text(b.title, x + PAD_X, top + 3, bw - 2 * PAD_X, { size: 8.5, bold: true });
    const imgTop = top + 20;
    const imgH = 42;
    if (b.image) {
      doc.image(b.image, x + 6, imgTop, { fit: [bw - 12, imgH], align: 'center', valign: 'center' });
    }
    doc.save().lineWidth(0.4).strokeColor('#999999').moveTo(x + 8, imgTop + imgH + 2).lineTo(x + bw - 8, imgTop + imgH + 2).stroke().restore();
    L.text(b.who, x + PAD_X, imgTop + imgH + 5, bw - 2 * PAD_X, { size: 8.5, align: 'center' });
    L.text(`日期：${chineseDate(b.date)}`, x + PAD_X, top + boxH - 15, bw - 2 * PAD_X, { size: 8.5, align: 'center' });
    const box: SignatureBox = { pageIndex: L.pageIndex, rect: [x, PAGE_H - (top + boxH), x + bw, PAGE_H - top] };
    signatureBoxes[b.key] = box;
  });
  L.y += boxH + 8;
  L.para('本报告由评估人员以数字证书签名，签名后任何修改都会使签名失效；可用“yiyang verify 文件”或其他 PDF 签名验证工具查验。', {
    size: 8,
    color: GREY,
  });

  // Running header and footer, now that the page count is known.
  const range = doc.bufferedPageRange();
  const instrument = `${a.instrument}（版本 ${a.instrumentVersion}）`;
  const pack = cls ? `政策包：${cls.pack}` : '未使用政策包';
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Drawing below the bottom margin would make pdfkit open a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    if (i > range.start) {
      L.text(`${data.heading.title}（续）${SP}报告编号：${data.reportNo}${SP}评估对象：${person.name}`, LEFT, 26, WIDTH, { size: 8, color: GREY });
      doc.save().lineWidth(0.4).strokeColor('#aaaaaa').moveTo(LEFT, 38).lineTo(RIGHT, 38).stroke().restore();
    }
    doc.save().lineWidth(0.4).strokeColor('#aaaaaa').moveTo(LEFT, PAGE_H - 44).lineTo(RIGHT, PAGE_H - 44).stroke().restore();
    L.text(`评估工具：${instrument}`, LEFT, PAGE_H - 38, WIDTH * 0.75, { size: 7.5, color: GREY });
    L.text(pack, LEFT, PAGE_H - 28, WIDTH * 0.75, { size: 7.5, color: GREY });
    L.text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, LEFT + WIDTH * 0.75, PAGE_H - 38, WIDTH * 0.25, { size: 7.5, color: GREY, align: 'right' });
    doc.page.margins = margins;
  }

  doc.end();
  await ended;
  return { pdf: Buffer.concat(chunks), pageCount: range.count, missingGlyphs, signatureBoxes };
}
