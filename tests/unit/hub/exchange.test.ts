import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/index';
import { checkReport } from '../../../electron/core/signing/check-report';
import { dashboardStats } from '../../../electron/core/stats/dashboard';
import { hubStats } from '../../../electron/hub/stats';
import { createHubCore, type HubCore } from '../../../electron/hub/serve/core';
import { everyAssessment, hubExportRows } from '../../../electron/hub/export';
import { columnSet } from '../../../electron/core/exports/columns';
import { localToday } from '../../../shared/policy/dates';
import { makeIdNumber } from '../../../shared/validation';
import { fakeIO } from '../../helpers/fake-io';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres';
import { ADMIN_PASSWORD, appWithTwoAssessors, finalizedAssessment, WANG, ZHANG, type TestApp } from '../app/helpers';

/**
 * Issue 15: two stations with overlapping people export signed, encrypted bundles; the hub
 * (on a real PostgreSQL) imports both. Counts and histories are right, a re-import changes
 * nothing, a bundle from an unenrolled station or with one flipped byte is refused, a gap is
 * reported, a conflicting person is listed, and a signed PDF verifies at the hub.
 */

const HUB_PASSWORD = 'hub-admin-pass-1';
let server: TestPostgres;
let pgUrl: string;
let work: string;

interface Station {
  app: TestApp;
  admin: string;
  zhangId: string;
  wangId: string;
}
let east: Station;
let west: Station;
/** 陈阿婆 is assessed at both stations; 李阿公 at west only; 王阿婆 at east only. */
const SHARED_ID = makeIdNumber('350503', '1938-03-04', 18);
let serial = 100;
/** A person of her own: an ID number that fits the birth date (female: an even sequence). */
const own = (name: string, birthDate: string, more: Record<string, unknown> = {}) => ({ name, birthDate, idNumber: makeIdNumber('350502', birthDate, (serial += 2)), ...more });

async function cli(argv: string[], env: Record<string, string> = {}) {
  const io = fakeIO({ env: { YIYANG_PASSWORD: HUB_PASSWORD, ...env }, cwd: work });
  const code = await runCli(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

const stationCli = (s: Station, argv: string[]) => cli([...argv, '--data', s.app.dataDir, '--user', 'admin'], { YIYANG_PASSWORD: ADMIN_PASSWORD });
const hub = (argv: string[]) => cli([...argv, '--pg', pgUrl]);

async function assess(s: Station, person: Record<string, unknown>, score = 1) {
  return finalizedAssessment(s.app, s.admin, { assessor1Id: s.zhangId, assessor2Id: s.wangId, person, score });
}

async function hubQuery<T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    return (await c.query(sql, values)).rows as T[];
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  server = await startTestPostgres();
  pgUrl = await server.createDatabase();
  work = mkdtempSync(path.join(os.tmpdir(), 'yiyang-hub-'));
  east = await appWithTwoAssessors();
  west = await appWithTwoAssessors();
  // The shared person: east signs the report; west assesses her later under another spelling of her name.
  const { assessment: a } = await assess(east, { name: '陈阿婆', idNumber: SHARED_ID, birthDate: '1938-03-04', county: '丰泽区', township: '东海街道' }, 2);
  await east.app.call('reports.sign', { assessmentId: a.id, assessor1Secret: ZHANG.password, assessor2Secret: WANG.password }, east.admin);
  await assess(east, own('王阿婆', '1940-01-01', { county: '丰泽区' }), 3);
  await assess(west, { name: '陈亚婆', idNumber: SHARED_ID, birthDate: '1938-03-04', county: '鲤城区', township: '开元街道' }, 0);
  await assess(west, own('李阿公', '1935-05-05', { sex: '男', idNumber: makeIdNumber('350502', '1935-05-05', 101), county: '鲤城区', economic: 'tekun', tekunMode: 'centralized' }), 1);
}, 120_000);

afterAll(async () => {
  for (const s of [east, west]) s?.app.dispose();
  rmSync(work, { recursive: true, force: true });
  await server?.stop();
});

describe('stations to the district hub', () => {
  it('hub init makes the schema and the key; a second init keeps the key; a wrong password is refused', async () => {
    const first = await hub(['hub', 'init', '--key-out', 'hub.pem']);
    expect(first).toMatchObject({ code: 0, out: expect.stringContaining('已建立区县数据中心') });
    const pem = readFileSync(path.join(work, 'hub.pem'), 'utf8');
    expect(pem).toContain('-----BEGIN PUBLIC KEY-----');
    expect(await hub(['hub', 'init', '--key-out', 'hub2.pem'])).toMatchObject({ code: 0 });
    expect(readFileSync(path.join(work, 'hub2.pem'), 'utf8')).toBe(pem);
    expect(await cli(['hub', 'init', '--key-out', 'hub3.pem', '--pg', pgUrl], { YIYANG_PASSWORD: 'wrong-pass-12' })).toMatchObject({ code: 3, err: '区县数据中心管理员密码错误\n' });
    // The private key is not in the database in clear.
    const keys = await hubQuery<{ wrapped: Record<string, string> }>('SELECT wrapped FROM hub_keys');
    expect(JSON.stringify(keys)).not.toContain('PRIVATE KEY');
  });

  it('stations write their certificates; the hub enrolls them once', async () => {
    for (const [s, name] of [[east, '东海街道综合养老服务中心'], [west, '开元街道社区卫生服务中心']] as const) {
      const file = `${name}.pem`;
      expect(await stationCli(s, ['exchange', 'cert', '--out', file])).toMatchObject({ code: 0, out: expect.stringContaining('已写出站点证书') });
      expect(await hub(['hub', 'station', 'add', '--cert', file, '--name', name])).toMatchObject({ code: 0, out: expect.stringContaining(`已登记站点 ${name}`) });
    }
    expect(await hub(['hub', 'station', 'add', '--cert', '东海街道综合养老服务中心.pem', '--name', '重复'])).toMatchObject({ code: 1, err: expect.stringContaining('已登记过') });
  });

  it('both stations export; the hub imports both; the shared person appears once with both histories and her conflict listed', async () => {
    const e1 = await stationCli(east, ['exchange', 'export', '--to', 'hub.pem', '--out', 'east-1.yyxb']);
    expect(e1).toMatchObject({ code: 0, out: expect.stringMatching(/^已导出第 1 号交换数据包 east-1\.yyxb：人员 2、评估 2、签名报告 1、审计记录 \d+ 条/) });
    const w1 = await stationCli(west, ['exchange', 'export', '--to', 'hub.pem', '--out', 'west-1.yyxb']);
    expect(w1).toMatchObject({ code: 0, out: expect.stringContaining('人员 2、评估 2、签名报告 0') });
    // Nothing personal in the file: it is encrypted.
    const bytes = readFileSync(path.join(work, 'east-1.yyxb'));
    expect(bytes.includes(Buffer.from('陈阿婆'))).toBe(false);
    expect(bytes.includes(Buffer.from(SHARED_ID))).toBe(false);

    const imported = await hub(['hub', 'import', 'east-1.yyxb', 'west-1.yyxb']);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('east-1.yyxb：已导入 东海街道综合养老服务中心 第 1 号数据包：人员 2、评估 2、签名报告 1');
    expect(imported.out).toContain('west-1.yyxb：已导入 开元街道社区卫生服务中心 第 1 号数据包：人员 2、评估 2、签名报告 0');
    expect(imported.out).toContain('资料不一致 1 处');

    const persons = await hubQuery<{ name: string; n: number }>(
      `SELECT p.name, count(f.*)::int AS n FROM persons p JOIN assessment_facts f ON f.person_id = p.id GROUP BY p.id, p.name ORDER BY p.name`,
    );
    expect(persons).toEqual([
      { name: '李阿公', n: 1 },
      { name: '王阿婆', n: 1 },
      { name: '陈阿婆', n: 2 },
    ]);
    const conflicts = await hub(['hub', 'conflicts', '--json']);
    expect(JSON.parse(conflicts.out)).toEqual([
      expect.objectContaining({ idNumber: SHARED_ID, personName: '陈阿婆', field: '姓名', hubValue: '陈阿婆', stationValue: '陈亚婆', station: '开元街道社区卫生服务中心' }),
    ]);
    // Assessors by name, as the stations know them.
    expect((await hubQuery<{ display_name: string }>('SELECT DISTINCT display_name FROM station_users ORDER BY display_name')).map((u) => u.display_name)).toEqual(['张丽华', '王建国', '管理员']);
    // Her identity stays as first seen; where she lives now comes from the newer record (west's).
    expect(await hubQuery('SELECT name, county FROM persons WHERE id_number = $1', [SHARED_ID])).toEqual([{ name: '陈阿婆', county: '鲤城区' }]);
  });

  it('hub stats counts the district as a station counts itself, plus the stations', async () => {
    const r = await hub(['hub', 'stats', '--json']);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.out);
    expect(stats).toMatchObject({ assessments: 4, persons: 3 });
    expect(stats.stations.map((s: { name: string; lastSequence: number; assessments: number }) => [s.name, s.lastSequence, s.assessments])).toEqual([
      ['东海街道综合养老服务中心', 1, 2],
      ['开元街道社区卫生服务中心', 1, 2],
    ]);
    // The same numbers the stations compute, added up where people do not overlap.
    const own = (s: Station) => {
      const store = s.app.core.sessions.anyData()!;
      return dashboardStats(store.db, {}, localToday(), 12);
    };
    const [e, w] = [own(east), own(west)];
    expect(stats.assessments).toBe(e.assessments + w.assessments);
    for (const level of Object.keys(e.byLevel)) expect(stats.byLevel[level]).toBe((e.byLevel[level] ?? 0) + (w.byLevel[level] ?? 0));
    // Each assessment counts where its station had the person.
    expect(stats.byDistrict).toEqual({ 丰泽区: 2, 鲤城区: 2 });
    // 陈阿婆 is one person at the hub, not two.
    expect(stats.persons).toBe(e.persons + w.persons - 1);
    expect(stats.tekunUnableSelfCare).toBe(e.tekunUnableSelfCare + w.tekunUnableSelfCare);
    expect(stats.tekunUnableSelfCareCentralized).toBe(w.tekunUnableSelfCareCentralized);
    // 李阿公 (特困, 集中供养, scored 1 on every item): one of each.
    expect([w.tekunUnableSelfCare, w.tekunUnableSelfCareCentralized]).toEqual([1, 1]);
    expect(await hub(['hub', 'stats', '--json', '--from', '2999-01-01'])).toMatchObject({ code: 0, out: expect.stringContaining('"assessments":0') });
    // Shared out over two connections on one snapshot, or on one: the same numbers.
    const [one, two] = [new pg.Client({ connectionString: pgUrl }), new pg.Client({ connectionString: pgUrl })];
    await Promise.all([one.connect(), two.connect()]);
    try {
      const alone = await hubStats(one, { county: '丰泽区' }, localToday());
      expect(alone.assessments).toBe(2);
      expect(await hubStats(one, { county: '丰泽区' }, localToday(), { helpers: [two] })).toEqual(alone);
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
  });

  it('hub export writes the district’s assessments as XLSX, with the district’s person and the stations’ assessor names', async () => {
    const r = await hub(['hub', 'export', '--format', 'xlsx', '--out', 'district.xlsx']);
    expect(r).toMatchObject({ code: 0, out: '已导出 4 行到 district.xlsx\n' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(work, 'district.xlsx'));
    const sheet = wb.getWorksheet('明细')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rows = sheet.getRows(2, sheet.rowCount - 1)!.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row.getCell(i + 1).value])));
    expect(rows).toHaveLength(4);
    // Both of 陈阿婆's assessments carry the name the hub keeps for her ID number.
    expect(rows.filter((x) => x['公民身份号码'] === SHARED_ID).map((x) => x['姓名'])).toEqual(['陈阿婆', '陈阿婆']);
    expect(new Set(rows.map((x) => x['评估员']))).toEqual(new Set(['张丽华、王建国']));
    // Each station numbers its own assessments: the station is named beside the number.
    expect(rows.filter((x) => x['公民身份号码'] === SHARED_ID).map((x) => x['评估站点']).sort()).toEqual(['东海街道综合养老服务中心', '开元街道社区卫生服务中心']);
    expect(await hub(['hub', 'export', '--format', 'xlsx', '--out', 'none.xlsx', '--district', '洛江区'])).toMatchObject({ code: 0, out: '已导出 0 行到 none.xlsx\n' });
  });

  it('a re-import changes nothing', async () => {
    const before = await hubQuery('SELECT (SELECT count(*) FROM assessment_facts)::int AS f, (SELECT count(*) FROM persons)::int AS p, (SELECT count(*) FROM station_audit)::int AS a');
    const again = await hub(['hub', 'import', 'east-1.yyxb']);
    expect(again).toMatchObject({ code: 0, out: 'east-1.yyxb：东海街道综合养老服务中心 第 1 号数据包已导入过，未作改动\n' });
    expect(await hubQuery('SELECT (SELECT count(*) FROM assessment_facts)::int AS f, (SELECT count(*) FROM persons)::int AS p, (SELECT count(*) FROM station_audit)::int AS a')).toEqual(before);
  });

  it('a bundle with one flipped byte, or from an unenrolled station, is refused and changes nothing', async () => {
    const bytes = readFileSync(path.join(work, 'west-1.yyxb'));
    for (const at of [40, bytes.length - 10]) {
      const bad = Buffer.from(bytes);
      bad[at] = bad[at]! ^ 0x01;
      writeFileSync(path.join(work, 'flipped.yyxb'), bad);
      const r = await hub(['hub', 'import', 'flipped.yyxb']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^flipped\.yyxb：(数据包签名无效|数据包内容已被改动|不是有效的交换数据包|数据包的站点证书)/);
    }
    const stranger = await appWithTwoAssessors();
    try {
      await assess(stranger, own('赵阿婆', '1939-09-09'));
      expect(await stationCli(stranger as Station, ['exchange', 'export', '--to', 'hub.pem', '--out', 'stranger.yyxb'])).toMatchObject({ code: 0 });
      const r = await hub(['hub', 'import', 'stranger.yyxb']);
      expect(r).toMatchObject({ code: 1, err: expect.stringContaining('数据包来自未登记的站点') });
    } finally {
      stranger.app.dispose();
    }
    expect(await hubQuery('SELECT count(*)::int AS n FROM persons WHERE name = $1', ['赵阿婆'])).toEqual([{ n: 0 }]);
  });

  it('--since last goes on where the previous export ended; a gap in the sequence is reported', async () => {
    await assess(east, own('周阿公', '1937-07-07', { sex: '男', idNumber: makeIdNumber('350502', '1937-07-07', 201), county: '丰泽区' }));
    const e2 = await stationCli(east, ['exchange', 'export', '--to', 'hub.pem', '--out', 'east-2.yyxb', '--since', 'last']);
    expect(e2).toMatchObject({ code: 0, out: expect.stringContaining('第 2 号交换数据包 east-2.yyxb：人员 1、评估 1、签名报告 0') });
    await assess(east, own('吴阿婆', '1936-06-06', { county: '丰泽区' }));
    expect(await stationCli(east, ['exchange', 'export', '--to', 'hub.pem', '--out', 'east-3.yyxb'])).toMatchObject({ code: 0, out: expect.stringContaining('第 3 号') });
    // 3 before 2: imported, with the gap named.
    const r3 = await hub(['hub', 'import', 'east-3.yyxb']);
    expect(r3).toMatchObject({ code: 0, err: '提示：东海街道综合养老服务中心 缺少第 2 号数据包，请让该站点补交\n' });
    const r2 = await hub(['hub', 'import', 'east-2.yyxb']);
    expect(r2).toMatchObject({ code: 0, err: '' });
    const stats = JSON.parse((await hub(['hub', 'stats', '--json'])).out);
    expect(stats.assessments).toBe(6);
    expect(stats.persons).toBe(5);
  });

  it('a signed report opens and verifies at the hub with the station’s certificate', async () => {
    const [row] = await hubQuery<{ assessment_id: string }>('SELECT assessment_id FROM reports');
    const r = await hub(['hub', 'report', '--assessment', row!.assessment_id, '--out', 'at-hub.pdf']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('站点：东海街道综合养老服务中心');
    expect(readFileSync(path.join(work, 'at-hub.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    // The other station's certificate does not vouch for it.
    const westCert = readFileSync(path.join(work, '开元街道社区卫生服务中心.pem'), 'utf8');
    expect(checkReport(readFileSync(path.join(work, 'at-hub.pdf')), { caPem: westCert }).exitCode).not.toBe(0);
  });

  it('the hub’s audit trail is a hash chain that notices an edit made behind its back', async () => {
    expect(await hub(['hub', 'check'])).toMatchObject({ code: 0, out: expect.stringMatching(/^审计链完好（\d+ 条）\n$/) });
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await expect(c.query(`UPDATE hub_audit SET action = 'x' WHERE seq = 2`)).rejects.toThrow('append-only');
      await c.query('ALTER TABLE hub_audit DISABLE TRIGGER hub_audit_no_change');
      await c.query(`UPDATE hub_audit SET detail = '{}' WHERE seq = 2`);
      await c.query('ALTER TABLE hub_audit ENABLE TRIGGER hub_audit_no_change');
    } finally {
      await c.end();
    }
    expect(await hub(['hub', 'check'])).toMatchObject({ code: 1, out: '审计链在第 2 条断裂\n' });
  });
});

/**
 * `hub serve`: the district's manager UI over the same contract, on the hub's own accounts.
 * Runs on the hub the tests above filled (two stations, six assessments, one signed report).
 */
describe('hub serve: the district’s manager UI over the contract', () => {
  let core: HubCore;
  const call = async (method: string, input: unknown, session?: string) => core.dispatcher.call(method, { input, ...(session ? { session } : {}) }, 'test');
  const value = async <T = unknown>(method: string, input: unknown, session?: string): Promise<T> => {
    const r = await call(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const signIn = async (username: string, password: string) => (await value<{ session: string; user: { role: string } }>('session.login', { username, password })).session;
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    core = await createHubCore({ pgUrl });
  });
  afterAll(async () => {
    await core?.close();
  });

  it('the district admin made by hub init signs in; a wrong password is refused; a station’s methods are not served', async () => {
    expect(await value('setup.status', {})).toEqual({ initialized: true, institutionName: '区县养老服务数据中心', problem: null });
    expect(await value('app.info', {})).toMatchObject({ mode: 'hub', dataDir: expect.stringMatching(/^PostgreSQL 127\.0\.0\.1:\d+\/yiyang_test_/) });
    expect(await call('session.login', { username: 'admin', password: 'wrong-password' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误' } });
    admin = await signIn('admin', HUB_PASSWORD);
    expect(await value('session.current', {}, admin)).toMatchObject({ username: 'admin', role: 'districtAdmin', displayName: '区县管理员' });
    for (const m of ['persons.search', 'users.list', 'backup.create', 'exchange.export', 'settings.update'])
      expect(await call(m, {}, admin)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('the admin adds a district manager, who may see the district but not manage its users', async () => {
    const made = await value('hub.createUser', { username: 'li.manager', displayName: '李主任', role: 'districtManager', password: 'manager-pass-1' }, admin);
    expect(made).toMatchObject({ username: 'li.manager', role: 'districtManager', active: true });
    expect(await call('hub.createUser', { username: 'li.manager', displayName: '重名', role: 'districtManager', password: 'manager-pass-1' }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    manager = await signIn('li.manager', 'manager-pass-1');
    expect(await call('hub.users', {}, manager)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('hub.stations', {}, undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // Nobody removes the last admin, nor changes themselves.
    const me = (await value<{ id: string; username: string }[]>('hub.users', {}, admin)).find((u) => u.username === 'admin')!;
    expect(await call('hub.updateUser', { id: me.id, active: false }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const hash = await hubQuery<{ password_hash: string }>('SELECT password_hash FROM hub_users');
    expect(JSON.stringify(hash)).not.toContain('manager-pass-1');
  });

  it('the dashboard is the district’s, as hub stats counts it; 站点 shows each station’s last bundle and counts', async () => {
    const stats = await value<Record<string, unknown>>('stats.dashboard', { filter: {} }, manager);
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      const { stations: _s, ...expected } = await hubStats(c, {}, localToday());
      expect(stats).toEqual(expected);
    } finally {
      await c.end();
    }
    expect(stats).toMatchObject({ assessments: 6, persons: 5 });
    const stations = await value<{ name: string; lastSequence: number; bundles: number; missing: unknown[]; persons: number; assessments: number }[]>('hub.stations', {}, manager);
    expect(stations.map((s) => [s.name, s.lastSequence, s.bundles, s.missing, s.persons, s.assessments])).toEqual([
      ['东海街道综合养老服务中心', 3, 3, [], 4, 4],
      ['开元街道社区卫生服务中心', 1, 1, [], 2, 2],
    ]);
  });

  it('人员: the shared person is one row with both stations; her page has both histories, the conflict, and a report that verifies', async () => {
    const found = await value<{ rows: { id: string; name: string; idNumber: string; stations: string[]; assessments: number; conflicts: number }[]; total: number }>('hub.persons', { query: '陈' }, manager);
    expect(found.total).toBe(1);
    const row = found.rows[0]!;
    expect(row).toMatchObject({ name: '陈阿婆', stations: ['东海街道综合养老服务中心', '开元街道社区卫生服务中心'], assessments: 2, conflicts: 1 });
    expect(row.idNumber).toBe(`${SHARED_ID.slice(0, 6)}********${SHARED_ID.slice(-4)}`);
    expect((await value<{ total: number }>('hub.persons', { query: SHARED_ID.slice(0, 10) }, manager)).total).toBe(1);
    expect((await value<{ total: number }>('hub.persons', { query: '%' }, manager)).total).toBe(0);

    const person = await value<{ person: { idNumber: string }; assessments: { id: string; station: string; signed: boolean; assessors: string; level: string }[]; conflicts: { field: string }[] }>('hub.person', { id: row.id }, manager);
    expect(person.person.idNumber).toBe(SHARED_ID);
    expect(person.assessments.map((a) => [a.station, a.signed])).toEqual(
      expect.arrayContaining([
        ['东海街道综合养老服务中心', true],
        ['开元街道社区卫生服务中心', false],
      ]),
    );
    expect(person.assessments[0]!.assessors).toBe('张丽华、王建国');
    expect(person.conflicts.map((x) => x.field)).toEqual(['姓名']);

    const signed = person.assessments.find((a) => a.signed)!;
    const report = await value<{ ok: boolean; station: string; pdfBase64: string; summary: string; signatures: unknown[] }>('hub.report', { assessmentId: signed.id }, manager);
    expect(report).toMatchObject({ ok: true, station: '东海街道综合养老服务中心' });
    expect(report.signatures).toHaveLength(2);
    // The same file brought in from outside verifies too, and is recognised as the one the station sent.
    const verified = await value<{ ok: boolean; storedAssessmentNo: string | null }>('reports.verify', { pdfBase64: report.pdfBase64 }, manager);
    expect(verified.ok).toBe(true);
    expect(verified.storedAssessmentNo).not.toBeNull();
    const pdf = Buffer.from(report.pdfBase64, 'base64');
    pdf[pdf.length - 200] = pdf[pdf.length - 200]! ^ 1;
    expect((await value<{ ok: boolean }>('reports.verify', { pdfBase64: pdf.toString('base64') }, manager)).ok).toBe(false);
    // What is not a PDF is refused at its field.
    expect(await call('reports.verify', { pdfBase64: Buffer.from('hello, not a pdf').toString('base64') }, manager)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'pdfBase64', message: '这不是 PDF 文件' }] } });
    // The hub's trail, newest first, by the names of its users.
    const trail = await value<{ actorName: string; action: string }[]>('audit.list', { limit: 50 }, admin);
    expect(trail[0]).toMatchObject({ action: 'report.verify', actorName: '李主任' });
    expect(trail.some((r) => r.actorName === '区县管理员（命令行）')).toBe(true);
    expect(await call('audit.list', { limit: 5 }, manager)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The edit the trail test above made behind its back is still found.
    expect(await value('audit.verify', {}, admin)).toMatchObject({ ok: false, brokenAt: 2 });
    const audit = await hubQuery<{ action: string }>(`SELECT action FROM hub_audit WHERE action IN ('person.view', 'report.verify', 'session.login', 'session.loginFailed') ORDER BY seq`);
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['person.view', 'report.verify', 'session.login', 'session.loginFailed']));
  });

  const finished = async (job: { id: string }, session: string) => {
    for (;;) {
      const j = await value<{ state: string; message: string | null }>('jobs.get', { id: job.id }, session);
      if (j.state !== 'running') return j;
      await new Promise((r) => setImmediate(r));
    }
  };
  const download = async (id: string, session: string) => {
    const parts: Buffer[] = [];
    for (let offset = 0; ; ) {
      const r = await value<{ chunkBase64: string; last: boolean }>('jobs.result', { id, offset }, session);
      const b = Buffer.from(r.chunkBase64, 'base64');
      parts.push(b);
      offset += b.length;
      if (r.last) return Buffer.concat(parts);
    }
  };

  it('exports: the district’s assessments as XLSX, a preset list as CSV, de-identified when asked; each audited', async () => {
    const xlsx = await value<{ id: string; title: string }>('exports.start', { format: 'xlsx', filter: {} }, manager);
    expect(await finished(xlsx, manager)).toMatchObject({ state: 'done', message: '已导出 6 行' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(xlsx.id, manager)) as never);
    expect(wb.getWorksheet('明细')!.rowCount).toBe(7);

    const csv = await value<{ id: string }>('exports.start', { format: 'csv', deidentify: true, filter: {} }, manager);
    expect(await finished(csv, manager)).toMatchObject({ state: 'done', message: '已导出 6 行' });
    const text = (await download(csv.id, manager)).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toMatch(/P-[0-9a-f]{16}/);
    expect(text).toContain('陈*婆');
    expect(text).not.toContain('陈阿婆');
    expect(text).not.toContain(SHARED_ID);
    const list = await value<{ id: string }>('exports.start', { format: 'xlsx', list: 'voucher', filter: {} }, manager);
    expect(await finished(list, manager)).toMatchObject({ state: 'done' });
    const latest = await value<{ id: string }>('exports.start', { format: 'csv', latest: true, filter: {} }, manager);
    expect(await finished(latest, manager)).toMatchObject({ state: 'done', message: '已导出 5 行' });
    // Someone else's job reads as none.
    expect(await call('jobs.get', { id: latest.id }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const audited = await hubQuery<{ detail: string }>(`SELECT detail FROM hub_audit WHERE action = 'export.table' ORDER BY seq`);
    expect(audited.map((a) => JSON.parse(a.detail))).toEqual([
      expect.objectContaining({ format: 'xlsx', rows: 6, deidentified: false }),
      expect.objectContaining({ format: 'csv', rows: 6, deidentified: true }),
      expect.objectContaining({ format: 'xlsx', list: 'voucher' }),
      expect.objectContaining({ format: 'csv', latest: true, rows: 5 }),
    ]);
  });

  it('a disabled manager’s session ends at once; five wrong passwords lock the name', async () => {
    const users = await value<{ id: string; username: string }[]>('hub.users', {}, admin);
    const li = users.find((u) => u.username === 'li.manager')!;
    await value('hub.updateUser', { id: li.id, active: false }, admin);
    expect(await call('hub.stations', {}, manager)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call('session.login', { username: 'li.manager', password: 'manager-pass-1' })).toMatchObject({ ok: false, error: { message: '该账号已停用，请联系区县管理员' } });
    await value('hub.updateUser', { id: li.id, active: true }, admin);
    for (let i = 0; i < 4; i++) expect(await call('session.login', { username: 'li.manager', password: `wrong-${i}-pass` })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call('session.login', { username: 'li.manager', password: 'manager-pass-1' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('已暂时锁定') } });
  });
  it('the admin enrolls and imports from 站点: a bad certificate, one enrolled already and a wrong key password are refused by field; a bundle seen before changes nothing', async () => {
    expect(await call('hub.addStation', { certPem: 'hello', name: '某站点' }, admin)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'certPem' }] } });
    const eastCert = readFileSync(path.join(work, '东海街道综合养老服务中心.pem'), 'utf8');
    expect(await call('hub.addStation', { certPem: eastCert, name: '重复' }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('已登记过') } });
    await assess(east, own('钱阿婆', '1941-04-04', { county: '丰泽区' }));
    expect(await stationCli(east, ['exchange', 'export', '--to', 'hub.pem', '--out', 'east-4.yyxb'])).toMatchObject({ code: 0 });
    const bundleBase64 = readFileSync(path.join(work, 'east-4.yyxb')).toString('base64');
    expect(await call('hub.import', { bundleBase64, keyPassword: 'not-the-password' }, admin)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', fields: [{ path: 'keyPassword', message: '区县数据中心管理员密码错误' }] } });
    await value('hub.createUser', { username: 'zhao.manager', displayName: '赵科长', role: 'districtManager', password: 'manager-pass-2' }, admin);
    const zhao = await signIn('zhao.manager', 'manager-pass-2');
    expect(await call('hub.import', { bundleBase64, keyPassword: HUB_PASSWORD }, zhao)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await value('hub.import', { bundleBase64, keyPassword: HUB_PASSWORD }, admin)).toEqual({
      station: '东海街道综合养老服务中心',
      sequence: 4,
      status: 'imported',
      gap: null,
      counts: expect.objectContaining({ persons: 1, assessments: 1 }),
    });
    // A bundle seen before changes nothing and needs no key.
    expect(await value('hub.import', { bundleBase64: readFileSync(path.join(work, 'east-1.yyxb')).toString('base64'), keyPassword: 'anything' }, admin)).toMatchObject({ sequence: 1, status: 'replay' });
    const flipped = readFileSync(path.join(work, 'east-1.yyxb'));
    flipped[flipped.length - 10] = flipped[flipped.length - 10]! ^ 1;
    expect(await call('hub.import', { bundleBase64: flipped.toString('base64'), keyPassword: HUB_PASSWORD }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('care-plan edits travel with the bundle', () => {
  it('a service unticked at the station after finalizing reaches the hub, and the hub’s export leaves it out', async () => {
    const { assessment } = await assess(west, own('郑阿婆', '1939-09-09', { county: '鲤城区' }), 0);
    const service = assessment.carePlan?.services[0];
    expect(service).toBeDefined();
    const zhang = await west.app.login(ZHANG.username, ZHANG.password);
    await west.app.call('assessments.changeCarePlan', { id: assessment.id, change: { kind: 'exclude', serviceId: service!.id, reason: '家属已安排' } }, zhang);
    expect(await stationCli(west, ['exchange', 'export', '--to', 'hub.pem', '--out', 'west-2.yyxb'])).toMatchObject({ code: 0 });
    expect(await hub(['hub', 'import', 'west-2.yyxb'])).toMatchObject({ code: 0 });
    // Imported once, whatever is sent again.
    expect(await hub(['hub', 'import', 'west-2.yyxb'])).toMatchObject({ code: 0, out: expect.stringContaining('已导入过') });
    expect(await hubQuery('SELECT kind, service_id, text FROM station_care_plan_changes')).toEqual([{ kind: 'exclude', service_id: service!.id, text: '家属已安排' }]);
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      const rows: { name: string; carePlanChanges: string | null; carePlan: string | null }[] = [];
      for await (const r of hubExportRows(c, everyAssessment({}))) rows.push(r);
      // By her name: assessment numbers are each station's own and may repeat across stations.
      const mine = rows.find((r) => r.name === '郑阿婆')!;
      expect(JSON.parse(mine.carePlanChanges!)).toEqual([['exclude', service!.id]]);
      const cols = columnSet({ deidentify: false, intervalMonths: 12, dueDate: false });
      const cells = cols.row(mine as never).map(String).join('|');
      expect(cells).not.toContain(`${service!.name}（`);
      // Another assessment with a plan and no edits keeps every service.
      expect(rows.filter((r) => r.carePlan && r.name !== '郑阿婆').every((r) => r.carePlanChanges === '[]')).toBe(true);
    } finally {
      await c.end();
    }
  });
});
