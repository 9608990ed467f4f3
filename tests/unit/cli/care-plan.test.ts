import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/index';
import { fakeIO } from '../../helpers/fake-io';
import { findItem, GBT42195_2022 } from '../../../shared/instruments';
import { fullItems } from '../../helpers/scoring-cases';

const dir = mkdtempSync(path.join(tmpdir(), 'yiyang-care-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], stdin = '') {
  const io = fakeIO({ stdin, cwd: dir });
  const code = await runCli(['care-plan', ...argv], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe('yiyang care-plan', () => {
  it('prints the catalogue and the services needed, in catalogue order, one line per case', async () => {
    const c = JSON.stringify({ items: { ...fullItems(), 'B.1.1': 2, 'B.4.5': 2 }, livingAlone: true });
    const b45 = findItem(GBT42195_2022, 'B.4.5')!.options.find((o) => o.score === 2)!.criterion;
    expect(await run([], c)).toEqual({
      code: 0,
      out:
        '{"catalogue":"care-services@2026.1","services":[' +
        '{"id":"meal","name":"助餐","degree":"部分协助","reasons":["B.1.1 进食 2分：进食中需要少量接触式协助，偶尔（每月一次及以上）呛咳"]},' +
        `{"id":"companionship","name":"探访关爱","degree":"部分协助","reasons":["B.4.5 社会交往能力 2分：${b45}","独居"]}]}\n`,
      err: '',
    });
  });

  it('with --jsonl, a bad line is named with its number and field, the others still planned', async () => {
    const lines = [JSON.stringify({ items: fullItems() }), JSON.stringify({ items: { ...fullItems(), 'B.3.7': 3 } }), '', JSON.stringify({ items: fullItems(), livingAlone: 1 }), JSON.stringify({ items: fullItems(), livingAlone: true })].join('\n');
    const { code, out, err } = await run(['--jsonl'], lines);
    expect(code).toBe(2);
    expect(out).toBe('{"catalogue":"care-services@2026.1","services":[]}\n{"catalogue":"care-services@2026.1","services":[{"id":"companionship","name":"探访关爱","degree":"需要","reasons":["独居"]}]}\n');
    expect(err).toBe('第2行：items.B.3.7：得分 3 不在允许的分值 0、1 中\n第4行：livingAlone：应为 true 或 false\n');
  });

  it('reads a file, and refuses an invalid catalogue given with --catalogue', async () => {
    writeFileSync(path.join(dir, 'case.json'), JSON.stringify({ items: fullItems() }));
    expect(await run(['case.json'])).toEqual({ code: 0, out: '{"catalogue":"care-services@2026.1","services":[]}\n', err: '' });
    writeFileSync(path.join(dir, 'bad-catalogue.json'), JSON.stringify({ format: 1 }));
    const r = await run(['case.json', '--catalogue', 'bad-catalogue.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^服务目录无效：/);
  });
});
