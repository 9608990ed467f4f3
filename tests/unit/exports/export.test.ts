import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/index';
import { columnSet } from '../../../electron/core/exports/columns';
import { maskName, pseudonym } from '../../../electron/core/exports/deidentify';
import { Store } from '../../../electron/core/db';
import { fakeIO } from '../../helpers/fake-io';
import { ADMIN_PASSWORD, jobDone, jobFile, startTestApp, type TestApp } from '../app/helpers';

/**
 * Exports through the contract and the command line, on a seeded store: row counts match
 * the store for several filters, the XLSX reads back with its three sheets, the CSV keeps
 * Chinese text, de-identified output holds nothing identifying, a cancel leaves no file,
 * and assessors are refused everywhere.
 */

let app: TestApp;
let admin: string;
let manager: string;
let assessor: string;
let store: Store;
const out = mkdtempSync(path.join(tmpdir(), 'yiyang-export-'));

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login('admin', ADMIN_PASSWORD);
  await app.call('users.create', { username: 'mgr', displayName: '统计员甲', role: 'manager', password: 'manager-pass-1' }, admin);
  await app.call('users.create', { username: 'pgy', displayName: '评估员乙', role: 'assessor', password: 'assessor-pass-1' }, admin);
  manager = await app.login('mgr', 'manager-pass-1');
  assessor = await app.login('pgy', 'assessor-pass-1');
  const seeded = fakeIO({ env: { YIYANG_PASSWORD: ADMIN_PASSWORD } });
  expect(await runCli(['seed', '--data', app.dataDir, '--persons', '300', '--seed', '5'], seeded)).toBe(0);
  store = await Store.open(app.dataDir, 'admin', ADMIN_PASSWORD, { client: 'test' });
}, 60_000);
afterAll(() => {
  store?.close();
  app.dispose();
  rmSync(out, { recursive: true, force: true });
});

const count = (sql: string, params: unknown[] = []) => (store.db.prepare(sql).get(...params) as { n: number }).n;

async function exported(input: Record<string, unknown>, session = manager) {
  const job = await app.call('exports.start', input as never, session);
  const done = await jobDone(app, session, job.id);
  expect(done.state).toBe('done');
  return jobFile(app, session, job.id);
}

async function readXlsx(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  return wb;
}

function csvRows(text: string): string[][] {
  // The export quotes only cells with commas, quotes or line breaks; seeded data has none.
  return text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));
}

describe('XLSX exports', () => {
  it('one row per assessment: 明细 with a frozen header, 合计 and 说明, rows as in the store', async () => {
    const f = await exported({ format: 'xlsx' });
    expect(f.name).toMatch(/^评估明细-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = await readXlsx(f.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细', '合计', '说明']);
    const sheet = wb.getWorksheet('明细')!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(columnSet({ deidentify: false, intervalMonths: 12 }).headers);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const n = count("SELECT count(*) AS n FROM assessments WHERE status IN ('finalized', 'signed')");
    expect(sheet.rowCount - 1).toBe(n);
    expect(wb.getWorksheet('合计')!.getRow(2).values).toEqual([undefined, '合计', '全部', n]);
    const info = Object.fromEntries(wb.getWorksheet('说明')!.getSheetValues().slice(2).map((r) => [(r as string[])[1], (r as string[])[2]]));
    expect(info['导出人']).toBe('统计员甲');
    expect(info['行数']).toBe(String(n));
    expect(info['政策包']).toContain('泉州市基本养老服务重点保障对象分类及服务项目（版本 2022.2）');
    expect(info['评估工具版本']).toContain('老年人能力评估（GB/T 42195-2022）（版本 1.1.0）');
  });

  it.each([
    [{ filter: { county: '晋江市' } }, "SELECT count(*) AS n FROM assessments a JOIN persons p ON p.id = a.person_id WHERE a.status <> 'draft' AND p.county = '晋江市'"],
    [{ filter: { from: '2026-01-01', to: '2026-06-30' } }, "SELECT count(*) AS n FROM assessments WHERE status <> 'draft' AND assessment_date BETWEEN '2026-01-01' AND '2026-06-30'"],
    [{ latest: true }, "SELECT count(DISTINCT person_id) AS n FROM assessments WHERE status <> 'draft'"],
    [{ list: 'careSubsidy' }, "SELECT count(*) AS n FROM persons p JOIN assessments a ON a.id = p.last_assessment_id WHERE a.classification LIKE '%\"id\":\"careSubsidy\"%'"],
  ])('%o has the store’s row count', async (input, sql) => {
    const wb = await readXlsx((await exported({ format: 'xlsx', ...input })).bytes);
    const n = count(sql);
    expect(n).toBeGreaterThan(0);
    expect(wb.getWorksheet('明细')!.rowCount - 1).toBe(n);
  });
});

describe('CSV and de-identified exports', () => {
  it('CSV is UTF-8 with a BOM and keeps the Chinese text', async () => {
    const f = await exported({ format: 'csv', latest: true });
    expect([...f.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(f.bytes.toString('utf8'));
    expect(rows[0]!.slice(0, 3)).toEqual(['姓名', '性别', '出生日期']);
    const names = new Set((store.db.prepare('SELECT name FROM persons').all() as { name: string }[]).map((r) => r.name));
    expect(rows.slice(1).every((r) => names.has(r[0]!))).toBe(true);
    expect(rows.length - 1).toBe(count('SELECT count(*) AS n FROM persons'));
  });

  it('de-identified: no full name, ID number, phone or address anywhere; a stable pseudonym per person', async () => {
    const persons = store.db.prepare('SELECT id, name, id_number AS idNumber, phone, address, village FROM persons').all() as Record<string, string | null>[];
    for (const format of ['csv', 'xlsx'] as const) {
      const f = await exported({ format, latest: true, deidentify: true });
      let text: string;
      if (format === 'csv') text = f.bytes.toString('utf8');
      else {
        const wb = await readXlsx(f.bytes);
        text = wb.worksheets.map((w) => JSON.stringify(w.getSheetValues())).join('\n');
      }
      for (const p of persons) {
        for (const k of ['idNumber', 'phone', 'address'] as const) if (p[k]) expect(text.includes(p[k]!), `${k} ${p[k]}`).toBe(false);
        // A two-character name shows as 张*; a longer one keeps only its ends.
        if ([...p['name']!].length >= 2) expect(text.includes(`,${p['name']},`)).toBe(false);
      }
    }
    const a = csvRows((await exported({ format: 'csv', latest: true, deidentify: true })).bytes.toString('utf8'));
    const b = csvRows((await exported({ format: 'csv', latest: true, deidentify: true })).bytes.toString('utf8'));
    expect(a[0]!.slice(0, 2)).toEqual(['对象编号', '姓名（已脱敏）']);
    expect(a.map((r) => r[0])).toEqual(b.map((r) => r[0]));
    expect(new Set(a.slice(1).map((r) => r[0])).size).toBe(a.length - 1);
  });

  it('masks names and keys pseudonyms per institution', () => {
    expect([maskName('张三华'), maskName('张三'), maskName('欧阳小明'), maskName('李')]).toEqual(['张*华', '张*', '欧**明', '*']);
    const k1 = Buffer.alloc(32, 1);
    const k2 = Buffer.alloc(32, 2);
    expect(pseudonym(k1, 'person-1')).toBe(pseudonym(k1, 'person-1'));
    expect(pseudonym(k1, 'person-1')).not.toBe(pseudonym(k2, 'person-1'));
    expect(pseudonym(k1, 'person-1')).toMatch(/^P-[0-9a-f]{16}$/);
  });

  it('every export is audited: who, filters, rows, de-identified; no personal data, place names hashed', async () => {
    await exported({ format: 'csv', filter: { county: '晋江市' }, deidentify: true });
    const rows = (await app.call('audit.list', { limit: 50 }, admin)).filter((r) => r.action === 'export.table');
    const last = rows[0]!;
    expect(last.actorName).toBeTruthy();
    const detail = JSON.stringify(last);
    expect(detail).toContain('"deidentified":true');
    expect(detail).toContain('countySha256');
    expect(detail).not.toContain('晋江');
  });
});

describe('long work and access', () => {
  it('a cancelled export job ends cancelled with no file', async () => {
    const job = await app.call('exports.start', { format: 'xlsx' }, manager);
    await app.call('jobs.cancel', { id: job.id }, manager);
    const done = await jobDone(app, manager, job.id);
    expect(done.state).toBe('cancelled');
    expect(done.file).toBeNull();
  });

  it('yiyang export writes the file and leaves no partial; a cancelled one leaves nothing', async () => {
    const file = path.join(out, '名单.csv');
    const io = fakeIO({ env: { YIYANG_PASSWORD: 'manager-pass-1' }, cwd: out });
    expect(await runCli(['export', '--data', app.dataDir, '--user', 'mgr', '--format', 'csv', '--out', '名单.csv', '--list', 'voucher'], io)).toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('\uFEFF姓名,')).toBe(true);
    const aborted = new AbortController();
    aborted.abort();
    const io2 = { ...fakeIO({ env: { YIYANG_PASSWORD: 'manager-pass-1' }, cwd: out }), interrupt: aborted.signal };
    expect(await runCli(['export', '--data', app.dataDir, '--user', 'mgr', '--format', 'xlsx', '--out', 'x.xlsx'], io2)).toBe(130);
    expect(readdirSync(out)).toEqual(['名单.csv']);
    expect(existsSync(path.join(out, 'x.xlsx'))).toBe(false);
  });

  it('an assessor is refused by the API and the command line', async () => {
    expect(await app.raw('exports.start', { format: 'csv' }, assessor)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const io = fakeIO({ env: { YIYANG_PASSWORD: 'assessor-pass-1' }, cwd: out });
    expect(await runCli(['export', '--data', app.dataDir, '--user', 'pgy', '--format', 'csv', '--out', 'no.csv'], io)).toBe(4);
    expect(existsSync(path.join(out, 'no.csv'))).toBe(false);
    const bad = fakeIO({ env: { YIYANG_PASSWORD: 'manager-pass-1' }, cwd: out });
    expect(await runCli(['export', '--data', app.dataDir, '--user', 'mgr', '--format', 'pdf', '--out', 'no.csv'], bad)).toBe(2);
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and defuses text Excel would run as a formula', async () => {
    const { csvCell } = await import('../../../electron/core/exports/write');
    expect([csvCell(null), csvCell(3), csvCell(-2), csvCell('张三'), csvCell('a,b'), csvCell('他说"好"'), csvCell('=HYPERLINK("x")'), csvCell('-1+2'), csvCell('@cmd')]).toEqual([
      '',
      '3',
      '-2',
      '张三',
      '"a,b"',
      '"他说""好"""',
      `"'=HYPERLINK(""x"")"`,
      "'-1+2",
      "'@cmd",
    ]);
  });
});
