import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../electron/cli/io';
import { runScore } from '../../../electron/cli/score';
import { runCli } from '../../../electron/cli/index';
import { fakeIO } from '../../helpers/fake-io';
import { fullItems, itemsWithTotal } from '../../helpers/scoring-cases';

const FULL_RESULT =
  '{"instrument":"gbt42195-2022","indicators":{"B.1":32,"B.2":15,"B.3":28,"B.4":15},"total":90,"preliminaryLevel":0,"finalLevel":0,"finalLevelName":"能力完好","adjustments":[]}';

const FULL_CASE = JSON.stringify({
  items: fullItems(),
  coma: false,
  diagnoses: [],
  riskEvents: { fall: 0, wandering: 0, choking: 0, suicideSelfHarm: 0, other: 0 },
});

const dir = mkdtempSync(path.join(tmpdir(), 'yiyang-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], stdin = '') {
  const io = fakeIO({ stdin, cwd: dir });
  const code = await runScore(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe('yiyang score (one case)', () => {
  it('reads standard input when no file is given, and with -', async () => {
    for (const argv of [[], ['-']]) {
      expect(await run(argv, FULL_CASE)).toEqual({ code: 0, out: `${FULL_RESULT}\n`, err: '' });
    }
  });

  it('reads a file relative to the working directory', async () => {
    writeFileSync(path.join(dir, 'case.json'), `\uFEFF${JSON.stringify({ items: fullItems() }, null, 2)}\n`);
    expect(await run(['case.json'])).toEqual({ code: 0, out: `${FULL_RESULT}\n`, err: '' });
  });

  it('prints adjustments and the final level name', async () => {
    const { code, out } = await run([], JSON.stringify({ items: itemsWithTotal(60), diagnoses: ['F00-F03', 'I10-I15'], riskEvents: { fall: 2 } }));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ total: 60, preliminaryLevel: 2, finalLevel: 3, finalLevelName: '能力重度受损（重度失能）', adjustments: ['mental', 'riskEvents'] });
  });

  it('prints nulls for a comatose person with unanswered items', async () => {
    const { code, out } = await run([], JSON.stringify({ coma: true, items: { 'B.3.9': 0, 'B.4.1': 2, 'B.4.2': 2, 'B.4.3': 0, 'B.4.4': 0, 'B.4.5': 0 } }));
    expect(code).toBe(0);
    expect(out).toBe(
      '{"instrument":"gbt42195-2022","indicators":{"B.1":null,"B.2":null,"B.3":null,"B.4":4},"total":null,"preliminaryLevel":null,"finalLevel":4,"finalLevelName":"能力完全丧失（完全失能）","adjustments":["coma"]}\n',
    );
  });

  it('an invalid case: exit 2, one line naming the field, nothing on stdout', async () => {
    const bad = JSON.stringify({ items: { ...fullItems(), 'B.2.4': 4 } });
    expect(await run([], bad)).toEqual({ code: 2, out: '', err: 'items.B.2.4：得分 4 不在允许的分值 0、1、2、3 中\n' });
  });

  it('several problems still make one line', async () => {
    const { code, err } = await run([], JSON.stringify({ items: {} }));
    expect(code).toBe(2);
    expect(err).toBe('items.B.1.1：缺少“进食”的得分（另有 25 处错误）\n');
  });

  it('malformed JSON', async () => {
    expect(await run([], '{"items": ')).toEqual({ code: 2, out: '', err: '不是有效的 JSON\n' });
  });

  it('several lines without --jsonl are not one JSON value', async () => {
    expect(await run([], `${FULL_CASE}\n${FULL_CASE}\n`)).toEqual({ code: 2, out: '', err: '不是有效的 JSON\n' });
  });

  it('empty input', async () => {
    expect(await run([], ' \n')).toEqual({ code: 2, out: '', err: '输入为空：应为一个 JSON 案例\n' });
  });

  it('a missing file is a usage error', async () => {
    await expect(run(['nope.json'])).rejects.toThrow(new CliError('找不到输入文件：nope.json'));
  });

  it('unknown options and extra arguments are usage errors', async () => {
    await expect(run(['--json'])).rejects.toBeInstanceOf(CliError);
    await expect(run(['a.json', 'b.json'])).rejects.toThrow(/参数过多/);
  });

  it('--help prints usage', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('yiyang score [FILE|-] [--jsonl]');
  });
});

describe('yiyang score --jsonl', () => {
  it('scores one case per line, in order, skipping blank lines', async () => {
    const mental = JSON.stringify({ items: fullItems(), diagnoses: ['F04-F99'] });
    const input = `${FULL_CASE}\n\n   \n${mental}\n`;
    const { code, out, err } = await run(['--jsonl'], input);
    expect([code, err]).toEqual([0, '']);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(FULL_RESULT);
    expect(JSON.parse(lines[1]!)).toMatchObject({ finalLevel: 1, adjustments: ['mental'] });
  });

  it('reports a bad line with its line number and still scores the others', async () => {
    const bad = JSON.stringify({ items: { ...fullItems(), 'B.2.4': 4 } });
    const input = [FULL_CASE, '', bad, 'not json', FULL_CASE.replace('"coma":false', '"coma":false,"extra":1'), FULL_CASE].join('\n');
    const { code, out, err } = await run(['--jsonl'], input);
    expect(code).toBe(2);
    expect(out).toBe(`${FULL_RESULT}\n${FULL_RESULT}\n`);
    expect(err).toBe(
      '第3行：items.B.2.4：得分 4 不在允许的分值 0、1、2、3 中\n' +
        '第4行：不是有效的 JSON\n' +
        '第5行：extra：未知字段（可用字段：items、coma、diagnoses、riskEvents）\n',
    );
  });

  it('names negative counts and unknown diagnoses by line', async () => {
    const input = [
      JSON.stringify({ items: fullItems(), riskEvents: { fall: -1 } }),
      JSON.stringify({ items: fullItems(), diagnoses: ['F00～F03'] }),
    ].join('\n');
    const { code, out, err } = await run(['--jsonl'], input);
    expect([code, out]).toEqual([2, '']);
    expect(err).toBe('第1行：riskEvents.fall：跌倒的次数应为非负整数，实际为 -1\n第2行：diagnoses.0：未知的疾病诊断编码 "F00～F03"，应写作 F00-F03\n');
  });

  it('accepts Windows line endings and a byte-order mark', async () => {
    const { code, out } = await run(['--jsonl'], `\uFEFF${FULL_CASE}\r\n${FULL_CASE}\r\n`);
    expect(code).toBe(0);
    expect(out).toBe(`${FULL_RESULT}\n${FULL_RESULT}\n`);
  });

  it('an empty batch prints nothing and succeeds', async () => {
    expect(await run(['--jsonl'], '\n\n')).toEqual({ code: 0, out: '', err: '' });
  });

  it('keeps input order across output batches', async () => {
    const cases = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ items: itemsWithTotal(i % 91) }));
    writeFileSync(path.join(dir, 'batch.jsonl'), cases.join('\n'));
    const { code, out } = await run(['batch.jsonl', '--jsonl']);
    expect(code).toBe(0);
    const totals = out.trimEnd().split('\n').map((l) => JSON.parse(l).total);
    expect(totals).toEqual(Array.from({ length: 2500 }, (_, i) => i % 91));
  });
});

describe('through the command dispatcher', () => {
  it('maps usage errors to exit 2 with the message on stderr', async () => {
    const io = fakeIO({ cwd: dir });
    expect(await runCli(['score', 'missing.json'], io)).toBe(2);
    expect(io.stderrText()).toBe('找不到输入文件：missing.json\n');
  });

  it('runs score', async () => {
    const io = fakeIO({ stdin: FULL_CASE, cwd: dir });
    expect(await runCli(['score', '-'], io)).toBe(0);
    expect(io.stdoutText()).toBe(`${FULL_RESULT}\n`);
  });
});

describe('yiyang score --instrument', () => {
  const ADL_95 = { 'ADL.1': 10, 'ADL.2': 10, 'ADL.3': 5, 'ADL.4': 10, 'ADL.5': 10, 'ADL.6': 10, 'ADL.7': 10, 'ADL.8': 15, 'ADL.9': 10, 'ADL.10': 5 };
  const COG_SEN_FULL = { 'COG.1': 4, 'COG.2': 4, 'COG.3': 4, 'COG.4': 4, 'SEN.1': 4, 'SEN.2': 4, 'SEN.3': 4 };
  const SC = (notAchieved: number) => Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`SC.${n}`, n <= notAchieved ? 0 : 1]));

  it('defaults to GB/T 42195-2022, the same as naming it', async () => {
    expect(await run(['--instrument', 'gbt42195-2022'], FULL_CASE)).toEqual({ code: 0, out: `${FULL_RESULT}\n`, err: '' });
  });

  it('ltc-2021: group scores, grades, a null total and the level name', async () => {
    expect(await run(['--instrument', 'ltc-2021'], JSON.stringify({ items: { ...ADL_95, ...COG_SEN_FULL } }))).toEqual({
      code: 0,
      out: '{"instrument":"ltc-2021","indicators":{"ADL":95,"COG":16,"SEN":12},"grades":{"ADL":1,"COG":0,"SEN":0},"total":null,"finalLevel":1,"finalLevelName":"轻度失能","adjustments":[]}\n',
      err: '',
    });
  });

  it('tekun-selfcare: the number achieved and empty grades', async () => {
    expect(await run(['--instrument', 'tekun-selfcare'], JSON.stringify({ items: SC(4) }))).toEqual({
      code: 0,
      out: '{"instrument":"tekun-selfcare","indicators":{"SC":2},"grades":{},"total":null,"finalLevel":2,"finalLevelName":"完全丧失生活自理能力","adjustments":[]}\n',
      err: '',
    });
  });

  it('with --jsonl, a bad line is named with its number and field, the others still scored', async () => {
    const lines = [JSON.stringify({ items: SC(0) }), JSON.stringify({ items: { ...SC(0), 'SC.2': 3 } }), JSON.stringify({ items: SC(3) })].join('\n');
    const { code, out, err } = await run(['--instrument', 'tekun-selfcare', '--jsonl'], lines);
    expect(code).toBe(2);
    expect(out.trimEnd().split('\n').map((l) => JSON.parse(l).finalLevel)).toEqual([0, 1]);
    expect(err).toBe('第2行：items.SC.2：得分 3 不在允许的分值 0、1 中\n');
  });

  it('a GB/T case given to ltc-2021 is refused, naming the first field', async () => {
    const { code, out, err } = await run(['--instrument', 'ltc-2021'], FULL_CASE);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')).toHaveLength(2);
    expect(err).toMatch(/^(items\.|coma|diagnoses|riskEvents)/);
  });

  it('an unknown instrument is a usage error listing the known ones', async () => {
    await expect(run(['--instrument', 'mzt039'], FULL_CASE)).rejects.toThrow(/未知的评估工具：mzt039（可用：gbt42195-2022、ltc-2021、tekun-selfcare）/);
  });
});

describe('yiyang instruments', () => {
  it('lists each registered instrument with id, title, version and whether verified', async () => {
    const io = fakeIO();
    expect(await runCli(['instruments'], io)).toBe(0);
    expect(io.stdoutText()).toBe(
      [
        'gbt42195-2022  老年人能力评估（GB/T 42195-2022）  版本 1.1.0  已核实',
        'ltc-2021  长期护理失能等级评估（医保办发〔2021〕37号）  版本 1.0.0  待核实',
        'tekun-selfcare  特困人员生活自理能力评估  版本 1.0.0  已核实',
        '',
      ].join('\n'),
    );
    const json = fakeIO();
    expect(await runCli(['instruments', '--json'], json)).toBe(0);
    expect(json.stdoutText().trim().split('\n').map((l) => JSON.parse(l))[1]).toEqual({ id: 'ltc-2021', title: '长期护理失能等级评估（医保办发〔2021〕37号）', version: '1.0.0', verified: false });
  });
});
