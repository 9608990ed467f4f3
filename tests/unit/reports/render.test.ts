import { describe, expect, it } from 'vitest';
import { maskIdNumber, renderReport, resourcesDir, sampleReportData, splitByFont, reportFonts, syntheticSignaturePng, type ReportData } from '../../../electron/core/reports';
import { mkdirSync } from 'node:fs';
import { resultBlock } from '../../../electron/core/reports/result-block';
import { GBT42195_2022 } from '../../../shared/instruments';
import path from 'node:path';
import { pdfText, poppler, tempDir } from './helpers';

const compact = (s: string) => s.replace(/\s+/g, '');

describe('reports of the care-needs instruments', () => {
  it('ltc-2021 prints its title, the three group scores and grades, the matrix cell marked 待核实, and the level', async () => {
    const { pdf, missingGlyphs } = await renderReport(sampleReportData({ instrumentId: 'ltc-2021' }));
    expect(missingGlyphs).toEqual([]);
    const text = compact(pdfText(pdf, 'raw'));
    expect(text).toContain('长期护理失能等级评估报告');
    for (const s of ['60/100分', '13/16分', '10/12分', '2级（中度受损）', '1级（轻度受损）']) expect(text).toContain(s);
    expect(text).toContain(compact('日常生活活动能力 2 级 × 认知能力、感知觉与沟通能力中较重者 1 级 → 中度失能（待核实）'));
    expect(text).toContain(compact('医保办发〔2021〕37号《长期护理失能等级评估标准（试行）》（版本 1.0.0）'));
    expect(text).not.toContain('ltc-2021');
  });

  it('tekun-selfcare prints the items achieved or not and the count that decides the level', async () => {
    const { pdf } = await renderReport(sampleReportData({ instrumentId: 'tekun-selfcare' }));
    const text = compact(pdfText(pdf, 'raw'));
    expect(text).toContain('特困人员生活自理能力评估报告');
    expect(text).toContain(compact('“不能达到”的项目 2 项（共 6 项）'));
    expect(text).toContain('评估结论：部分丧失生活自理能力');
  });
});

describe('report rendering', () => {
  it('prints the name, every indicator score, all level names, the C.4 clauses and the category', async () => {
    const data = sampleReportData();
    const { pdf, pageCount, missingGlyphs } = await renderReport(data);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(missingGlyphs).toEqual([]);
    expect(pageCount).toBeGreaterThanOrEqual(2);
    const text = compact(pdfText(pdf, 'raw'));
    expect(text).toContain('老年人能力评估报告');
    expect(text).toContain(data.person.name);
    expect(text).toContain(data.institution.name);
    expect(text).toContain(data.reportNo);
    for (const ind of data.indicators) {
      // The item table's subtotal row, and C.1.
      expect(text).toContain(compact(`${ind.code} ${ind.name} ${ind.score} / ${ind.max}`));
      expect(text).toContain(compact(`${ind.score} / ${ind.max} 分`));
      for (const item of ind.items) expect(text).toContain(compact(item.name));
    }
    expect(text).toContain('70分（满分90分）');
    for (const level of GBT42195_2022.levels) expect(text).toContain(compact(level.name));
    for (const clause of GBT42195_2022.report.clauses) expect(text).toContain(compact(clause.text));
    expect(text).toContain(compact(data.classification!.categoryName));
    for (const e of data.classification!.entitlements) expect(text).toContain(compact(e.name));
    expect(text).toContain('（待核实）');
    expect(text).toContain(compact(data.assessment.place));
    for (const a of data.assessment.assessors) expect(text).toContain(a.name);
    expect(text).toContain(`第1页/共${pageCount}页`);
    // The instrument and the pack by their names; ids are for the audit trail and JSON.
    expect(text).toContain(compact(`GB/T 42195-2022《老年人能力评估规范》（版本 ${GBT42195_2022.version}）`));
    expect(text).toContain(compact('泉州市基本养老服务重点保障对象分类及服务项目（版本'));
    expect(text).not.toContain('quanzhou-2022');
    expect(text).not.toContain('gbt42195-2022');
    expect(text).not.toContain('category1.');
    expect(text).not.toContain('u1001');
  });

  it('embeds subsets of the bundled fonts with ToUnicode maps', async () => {
    const { pdf } = await renderReport(sampleReportData());
    const fonts = poppler('pdffonts', pdf).out;
    expect(fonts).toMatch(/\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/\+NotoSansSC-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('is reproducible: same data, same bytes and same text', async () => {
    const a = await renderReport(sampleReportData());
    const b = await renderReport(sampleReportData());
    expect(b.pdf.equals(a.pdf)).toBe(true);
    expect(pdfText(b.pdf)).toBe(pdfText(a.pdf));
  });

  it('masks the ID number unless asked for the full number', async () => {
    const masked = sampleReportData();
    expect(compact(pdfText((await renderReport(masked)).pdf))).toContain('990000********0026');
    expect(compact(pdfText((await renderReport(masked)).pdf))).not.toContain(masked.person.idNumber);
    const full: ReportData = { ...masked, person: { ...masked.person, maskId: false } };
    expect(compact(pdfText((await renderReport(full)).pdf))).toContain(masked.person.idNumber);
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('renders rare characters in names from the fallback font, selectable as text', async () => {
    const name = '吉𠮷䶮';
    const fonts = reportFonts();
    expect(fonts.regular.hasGlyphForCodePoint(0x4dae)).toBe(true);
    // Noto Sans SC lacks U+20BB7: it must come from the bundled fallback, not vanish.
    expect(fonts.regular.hasGlyphForCodePoint(0x20bb7)).toBe(false);
    expect(splitByFont(name, fonts).runs).toEqual([
      { text: '吉', face: 'main' },
      { text: '𠮷', face: 'fallback' },
      { text: '䶮', face: 'main' },
    ]);
    const { pdf, missingGlyphs } = await renderReport(sampleReportData({ personName: name }));
    expect(missingGlyphs).toEqual([]);
    expect(compact(pdfText(pdf))).toContain(name);
    expect(poppler('pdffonts', pdf).out).toMatch(/\+NotoSansCJKsc-HanFallback\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('reports characters no bundled font has, and marks them on the page instead of dropping them', async () => {
    // U+2A6A5 𪚥 (Ext B) is in neither Noto Sans SC nor the Noto Sans CJK fallback subset.
    const name = '李𪚥';
    const { pdf, missingGlyphs } = await renderReport(sampleReportData({ personName: name }));
    expect(missingGlyphs).toEqual(['𪚥']);
    const text = compact(pdfText(pdf));
    expect(text).toContain('李〓');
    expect(text).toContain('U+2A6A5');
  });

  it('draws handwritten signature images into their boxes', async () => {
    const base = sampleReportData();
    const plain = await renderReport(base);
    const withImages = await renderReport({
      ...base,
      signatures: { ...base.signatures, assessor1: syntheticSignaturePng(1), assessor2: syntheticSignaturePng(2), informant: syntheticSignaturePng(3) },
    });
    expect(withImages.pageCount).toBe(plain.pageCount);
    expect(withImages.pdf.length).toBeGreaterThan(plain.pdf.length + 10_000);
    const images = poppler('pdfinfo', withImages.pdf).out;
    expect(images).toMatch(new RegExp(`Pages:\\s+${plain.pageCount}\\n`));
    const boxes = withImages.signatureBoxes;
    expect(boxes.assessor1.pageIndex).toBe(withImages.pageCount - 1);
    expect(boxes.assessor1.rect[2]).toBeLessThanOrEqual(boxes.assessor2.rect[0]);
    expect(boxes.assessor2.rect[2]).toBeLessThanOrEqual(boxes.informant.rect[0]);
  });

  it('prints placeholders for an unfinished assessment and no category', async () => {
    const base = sampleReportData();
    const data: ReportData = {
      ...base,
      conclusion: '',
      result: resultBlock(GBT42195_2022, null, {}),
      classification: null,
      indicators: base.indicators.map((i) => ({ ...i, score: null, items: i.items.map((it) => ({ ...it, score: null, optionText: '' })) })),
    };
    const text = compact(pdfText((await renderReport(data)).pdf));
    expect(text).toContain('未评定优先服务类别');
    expect(text).toContain('未评估');
    expect(text).toContain('评估结论：未评定');
  });

  it('finds resources from the source tree, or where YIYANG_RESOURCES points', () => {
    expect(resourcesDir({})).toBe(path.resolve(__dirname, '../../../resources'));
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(path.join(dir, 'fonts'));
      expect(resourcesDir({ YIYANG_RESOURCES: dir })).toBe(dir);
      // A wrong override falls back to the bundled location rather than failing.
      expect(resourcesDir({ YIYANG_RESOURCES: path.join(dir, 'nope') })).toBe(path.resolve(__dirname, '../../../resources'));
    } finally {
      cleanup();
    }
  });
});
