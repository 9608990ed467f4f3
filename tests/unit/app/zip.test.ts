import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, uniqueNames, utf8, zip } from '../../../shared/util/zip';
import { hasTool } from '../reports/helpers';

describe('the ZIP writer behind 批量保存报告', () => {
  it.skipIf(!hasTool('python3'))('makes an archive Python’s zipfile reads back, Chinese names and bytes intact', () => {
    const a = new TextEncoder().encode('%PDF-1.7 first');
    const b = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    const bytes = zip([
      { name: '评估报告-林秀英-2026-11-30.pdf', data: a, date: new Date(2026, 10, 30, 9, 15, 20) },
      { name: '评估报告-陈阿福-2026-12-01.pdf', data: b },
    ]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yiyang-zip-'));
    try {
      const file = path.join(dir, 'r.zip');
      writeFileSync(file, bytes);
      const script = [
        'import sys, zipfile, hashlib, json',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'print(json.dumps([[i.filename, i.file_size, hashlib.sha256(z.read(i)).hexdigest(), list(i.date_time)] for i in z.infolist()], ensure_ascii=False))',
      ].join('\n');
      const out = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as [string, number, string, number[]][];
      expect(out.map((e) => e[0])).toEqual(['评估报告-林秀英-2026-11-30.pdf', '评估报告-陈阿福-2026-12-01.pdf']);
      expect(out.map((e) => e[1])).toEqual([a.length, b.length]);
      expect(out[0]![3]).toEqual([2026, 11, 30, 9, 15, 20]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lays out local headers, the central directory and its end record consistently', () => {
    const data = new TextEncoder().encode('hello');
    const bytes = zip([{ name: '报告.pdf', data }]);
    const v = new DataView(bytes.buffer);
    const end = bytes.length - 22;
    expect(v.getUint32(end, true)).toBe(0x06054b50);
    expect(v.getUint16(end + 10, true)).toBe(1);
    const central = v.getUint32(end + 16, true);
    expect(v.getUint32(central, true)).toBe(0x02014b50);
    expect(v.getUint32(0, true)).toBe(0x04034b50);
    const nameLen = v.getUint16(26, true);
    expect(new TextDecoder().decode(bytes.subarray(30, 30 + nameLen))).toBe('报告.pdf');
    expect(new TextDecoder().decode(bytes.subarray(30 + nameLen, 30 + nameLen + 5))).toBe('hello');
    expect(v.getUint32(14, true)).toBe(crc32(data));
  });

  it('computes the standard CRC-32 and keeps entry names unique', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(uniqueNames(['a.pdf', 'b.pdf', 'a.pdf', 'a.pdf'])).toEqual(['a.pdf', 'b.pdf', 'a (2).pdf', 'a (3).pdf']);
  });
});

describe('utf8', () => {
  it('encodes like Node for ASCII, Chinese and characters beyond the basic plane', () => {
    for (const s of ['report.pdf', '评估报告-王秀兰-2026-11-28.pdf', '吉𠮷䶮', '€£¥', '']) expect(Buffer.from(utf8(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);
  });
});
