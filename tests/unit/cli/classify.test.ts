import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClassify } from '../../../electron/cli/classify';
import { ClassifyFakeIO } from './classify-fake-io';

const EXAMPLE = {
  birthDate: '1941-03-02',
  assessmentDate: '2026-11-30',
  finalLevel: 2,
  economic: 'dibao',
  familyPlanningSpecial: false,
  disabilityGrade: 0,
  living: { alone: false, emptyNest: true, leftBehind: false },
};
const EXAMPLE_TEXT = JSON.stringify(EXAMPLE);

const GENERAL = { ...EXAMPLE, birthDate: '1960-01-01', finalLevel: 0, economic: 'none', living: { alone: false, emptyNest: false, leftBehind: false } };

async function run(argv: string[], stdin = '', cwd?: string): Promise<{ code: number; io: ClassifyFakeIO }> {
  const io = new ClassifyFakeIO(stdin, cwd);
  const code = await runClassify(argv, io);
  return { code, io };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yiyang-classify-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('yiyang classify: one case', () => {
  it('prints the example output, keys in order', async () => {
    const { code, io } = await run([], EXAMPLE_TEXT);
    expect(code).toBe(0);
    expect(io.err).toBe('');
    expect(io.outLines).toHaveLength(1);
    expect(io.out.endsWith('}\n')).toBe(true);
    const out = JSON.parse(io.out) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['pack', 'category', 'categoryName', 'entitlements', 'trail']);
    expect(out).toMatchObject({
      pack: 'quanzhou-2022',
      category: 1,
      categoryName: '一类（兜底保障）',
      entitlements: ['careSubsidy', 'careVoucher', 'seniorAllowance', 'homeCareService', 'visitCare', 'homeAdaptation'],
    });
    expect(io.out.startsWith(
      '{"pack":"quanzhou-2022","category":1,"categoryName":"一类（兜底保障）","entitlements":["careSubsidy","careVoucher","seniorAllowance","homeCareService","visitCare","homeAdaptation"],"trail":[{"rule":"category1.dibaoLevel2","reason":"',
    )).toBe(true);
    const trail = out['trail'] as Record<string, unknown>[];
    expect(trail.map((t) => t['rule'])).toEqual([
      'category1.dibaoLevel2',
      'entitlement.careSubsidy',
      'entitlement.careVoucher',
      'entitlement.seniorAllowance',
      'entitlement.homeCareService',
      'entitlement.visitCare',
      'entitlement.homeAdaptation',
    ]);
    for (const t of trail) expect(Object.keys(t)).toEqual(['rule', 'reason', 'source', 'verified']);
  });

  it('reads standard input for -', async () => {
    const a = await run(['-'], EXAMPLE_TEXT);
    const b = await run([], EXAMPLE_TEXT);
    expect(a.code).toBe(0);
    expect(a.io.out).toBe(b.io.out);
  });

  it('reads a file relative to the working directory', async () => {
    writeFileSync(path.join(dir, 'case.json'), `\uFEFF${JSON.stringify(EXAMPLE, null, 2)}\n`);
    const { code, io } = await run(['case.json'], '', dir);
    expect(code).toBe(0);
    expect(io.out).toBe((await run([], EXAMPLE_TEXT)).io.out);
  });

  it('takes --pack with a built-in id, in either spelling', async () => {
    const a = await run(['--pack', 'quanzhou-2022'], EXAMPLE_TEXT);
    const b = await run(['--pack=quanzhou-2022', '-'], EXAMPLE_TEXT);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.io.out).toBe(b.io.out);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['economic', { economic: 'rich' }, 'economic：无效的值，应为 tekun、dibao、dibaoEdge、lowIncome、none 之一'],
    ['an impossible date', { birthDate: '2023-02-30' }, 'birthDate：不是有效的日期，应为 YYYY-MM-DD 格式的真实日期'],
    ['assessment before birth', { assessmentDate: '1940-01-01' }, 'assessmentDate：评估日期不能早于出生日期'],
    ['finalLevel', { finalLevel: 5 }, 'finalLevel：应为 0 到 4 的整数（能力等级：0 能力完好 … 4 完全失能）'],
    ['a living flag', { living: { alone: 'yes', emptyNest: true, leftBehind: false } }, 'living.alone：应为 true 或 false'],
    ['an unknown key', { idNumber: '350500194103020000' }, 'idNumber：未知字段'],
  ])('rejects bad %s with exit 2 and one line naming the field', async (_what, change, line) => {
    const { code, io } = await run([], JSON.stringify({ ...EXAMPLE, ...change }));
    expect(code).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toBe(`${line}\n`);
  });

  it('rejects input that is not JSON', async () => {
    const { code, io } = await run([], '{"birthDate":');
    expect(code).toBe(2);
    expect(io.err).toBe('不是有效的 JSON\n');
  });

  it('rejects two cases without --jsonl', async () => {
    const { code, io } = await run([], `${EXAMPLE_TEXT}\n${EXAMPLE_TEXT}\n`);
    expect(code).toBe(2);
    expect(io.err).toBe('不是有效的 JSON\n');
  });

  it('rejects empty input', async () => {
    const { code, io } = await run([], '  \n');
    expect(code).toBe(2);
    expect(io.err).toBe('输入为空：应为一个 JSON 对象\n');
  });

  it('rejects an unknown pack', async () => {
    const { code, io } = await run(['--pack', 'xiamen-2030'], EXAMPLE_TEXT);
    expect(code).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toBe('未知的政策包：xiamen-2030（可用：quanzhou-2022）\n');
  });

  it.each([
    [['--pack'], '选项 --pack 需要一个值'],
    [['--verbose'], '未知选项：--verbose'],
    [['--jsonl=yes'], '未知选项：--jsonl'],
    [['a.json', 'b.json'], '只能指定一个输入文件（或用 - 表示标准输入）'],
  ])('rejects usage %j', async (argv, message) => {
    const { code, io } = await run(argv, EXAMPLE_TEXT);
    expect(code).toBe(2);
    expect(io.err).toBe(`${message}\n`);
  });

  it('rejects a missing file', async () => {
    const { code, io } = await run(['nope.json'], '', dir);
    expect(code).toBe(2);
    expect(io.err).toBe('找不到输入文件：nope.json\n');
  });
});

describe('yiyang classify --jsonl', () => {
  it('prints one line per case, in order', async () => {
    const input = [EXAMPLE_TEXT, JSON.stringify(GENERAL), JSON.stringify({ ...EXAMPLE, economic: 'tekun' })].join('\n');
    const { code, io } = await run(['--jsonl'], `${input}\n`);
    expect(code).toBe(0);
    expect(io.err).toBe('');
    expect(io.outLines.map((l) => (JSON.parse(l) as { category: number }).category)).toEqual([1, 4, 1]);
    expect(io.outLines[0]).toBe((await run([], EXAMPLE_TEXT)).io.out.trimEnd());
  });

  it('skips blank lines, still prints the good lines and exits 2 naming each bad line', async () => {
    const lines = [
      EXAMPLE_TEXT, // 1
      '', // 2
      '{"birthDate":', // 3
      '   ', // 4
      JSON.stringify({ ...EXAMPLE, economic: 'poor' }), // 5
      JSON.stringify(GENERAL), // 6
      JSON.stringify({ ...GENERAL, living: { alone: true } }), // 7
    ];
    const { code, io } = await run(['--jsonl'], lines.join('\r\n'));
    expect(code).toBe(2);
    expect(io.outLines.map((l) => (JSON.parse(l) as { category: number }).category)).toEqual([1, 4]);
    expect(io.errLines).toEqual([
      '第3行：不是有效的 JSON',
      '第5行：economic：无效的值，应为 tekun、dibao、dibaoEdge、lowIncome、none 之一',
      '第7行：living.emptyNest：必填；living.leftBehind：必填',
    ]);
  });

  it('accepts empty input as no cases', async () => {
    const { code, io } = await run(['--jsonl'], '\n\n');
    expect(code).toBe(0);
    expect(io.out).toBe('');
  });

  it('reads a file, with --pack', async () => {
    writeFileSync(path.join(dir, 'cases.jsonl'), `${EXAMPLE_TEXT}\n${JSON.stringify(GENERAL)}\n`);
    const { code, io } = await run(['cases.jsonl', '--jsonl', '--pack', 'quanzhou-2022'], '', dir);
    expect(code).toBe(0);
    expect(io.outLines).toHaveLength(2);
  });
});

describe('yiyang classify --jsonl into a slow pipe', () => {
  it('waits for each batch to be taken before classifying on, so output never piles up in memory', async () => {
    const line = JSON.stringify({
      birthDate: '1940-01-01',
      assessmentDate: '2026-11-30',
      finalLevel: 2,
      economic: 'dibao',
      familyPlanningSpecial: false,
      disabilityGrade: 0,
      living: { alone: false, emptyNest: false, leftBehind: false },
    });
    const io = new ClassifyFakeIO(Array.from({ length: 2600 }, () => line).join('\n'));
    // A reader that takes each write only when the test lets it: the command must wait.
    let pending = 0;
    let most = 0;
    let written = 0;
    const releases: (() => void)[] = [];
    io.stdout = (text: string) => {
      pending++;
      most = Math.max(most, pending);
      written += text.split('\n').length - 1;
      return new Promise<void>((resolve) => releases.push(() => (pending--, resolve())));
    };
    const run = runClassify(['--jsonl'], io);
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const release = releases.shift();
      if (release) release();
      else if (written >= 2600) break;
    }
    expect(await run).toBe(0);
    expect(written).toBe(2600);
    expect(most).toBe(1);
  });
});
