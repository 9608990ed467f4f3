import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySink } from '../../../electron/core/exports/export';
import { columnLetters, xmlText, XlsxWriter } from '../../../electron/core/exports/xlsx-writer';

/** The workbook writer, read back with exceljs (an independent reader) and, where present, Python's zipfile. */

const tmp = mkdtempSync(path.join(os.tmpdir(), 'yiyang-xlsx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function tmpFile(bytes: Buffer): [string] {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  return [file];
}

async function workbook(fill: (w: XlsxWriter) => Promise<void>): Promise<Buffer> {
  const sink = new MemorySink();
  const w = new XlsxWriter(sink, '颐养评估', ['明细', '合计']);
  await fill(w);
  await w.finish();
  return sink.bytes();
}

describe('xlsx writer', () => {
  it('names columns A…Z, AA…AZ, BA…, ZZ, AAA', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('escapes markup and drops characters XML cannot hold, keeping Chinese and emoji', () => {
    expect(xmlText('张三 <b>&"\'')).toBe('张三 &lt;b&gt;&amp;"\'');
    expect(xmlText('a\u0001b\u000Bc\tde\nf')).toBe('abc\tde\nf');
    expect(xmlText('😀康\uD800')).toBe('😀康');
  });

  it('writes sheets exceljs reads back: header, frozen pane, widths, numbers as numbers, text as it was', async () => {
    const rows: (string | number | null)[][] = [
      ['林美玲', 90, null, '  前后有空格 '],
      ['=1+1', -3.5, '<script>&', 'a\u0002b'],
    ];
    // Enough rows to pass several compressed pieces.
    for (let i = 0; i < 30_000; i++) rows.push([`第${i}行`, i, i % 2 ? '是' : null, '泉州市丰泽区东海街道'.repeat(3)]);
    const bytes = await workbook(async (w) => {
      await w.sheet({ name: '明细', headers: ['姓名', '总分', '备注', '地址'], widths: [10, 6, 8, 24], repeats: [false, false, true, true] }, async (s) => {
        for (const r of rows) await s.row(r);
      });
      await w.sheet({ name: '合计', headers: ['项目', '行数'], widths: [10, 6] }, (s) => s.row(['合计', rows.length]));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['明细', '合计']);
    const sheet = wb.getWorksheet('明细')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([undefined, '姓名', '总分', '备注', '地址']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(4).width).toBe(26);
    expect(sheet.getRow(2).values).toEqual([undefined, '林美玲', 90, undefined, '  前后有空格 ']);
    expect(sheet.getRow(3).values).toEqual([undefined, '=1+1', -3.5, '<script>&', 'ab']);
    expect(sheet.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.rowCount).toBe(rows.length + 1);
    expect(sheet.getRow(rows.length + 1).values).toEqual([undefined, '第29999行', 29999, '是', '泉州市丰泽区东海街道'.repeat(3)]);
    expect(wb.getWorksheet('合计')!.getRow(2).values).toEqual([undefined, '合计', rows.length]);
    expect(wb.creator).toBe('颐养评估');
    // The repeating columns went to the shared strings, each text once.
    const sst = execFileSync('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())', ...tmpFile(bytes)], { encoding: 'utf8' });
    expect(sst.match(/<si>/g)).toHaveLength(5);
    expect(sst).toContain('<t xml:space="preserve">  前后有空格 </t>');
  });

  it('is a well-formed ZIP by a second reader (CRCs and sizes checked)', async () => {
    const bytes = await workbook(async (w) => {
      await w.sheet({ name: '明细', headers: ['一'], widths: [5] }, async (s) => {
        for (let i = 0; i < 5000; i++) await s.row([`行${i}`]);
      });
      await w.sheet({ name: '合计', headers: ['二'], widths: [5] }, () => {});
    });
    const names = execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(z.namelist()))', ...tmpFile(bytes)], { encoding: 'utf8' });
    expect(names.trim().split('\n')).toEqual([
      '[Content_Types].xml',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'docProps/core.xml',
      '_rels/.rels',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/sharedStrings.xml',
    ]);
  });

  it('refuses sheets out of the order named, and a workbook missing one', async () => {
    const w = new XlsxWriter(new MemorySink(), 'x', ['明细', '合计']);
    await expect(w.sheet({ name: '合计', headers: [], widths: [] }, () => {})).rejects.toThrow(/not the next/);
    await w.sheet({ name: '明细', headers: ['a'], widths: [3] }, () => {});
    await expect(w.finish()).rejects.toThrow(/not every sheet/);
  });
});
