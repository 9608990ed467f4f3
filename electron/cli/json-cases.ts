import { inputLines, readInputText, type CliIO } from './io';

/** One case's outcome: a JSON line for stdout, or the reason it was refused. */
export type CaseOutcome = { line: string; error?: undefined } | { line?: undefined; error: string };

/**
 * The batch loop `yiyang score` and `yiyang care-plan` share: one JSON case (or one per
 * line with --jsonl) in, one JSON line per valid case out. Exit 0 when every case is
 * valid, 2 otherwise; a bad case costs one stderr line (with its line number under
 * --jsonl) and never stops the rest of a batch.
 */
export async function runJsonCases(io: CliIO, file: string | undefined, jsonl: boolean, handle: (value: unknown) => CaseOutcome): Promise<number> {
  const one = (source: string): CaseOutcome => {
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      return { error: '不是有效的 JSON' };
    }
    return handle(value);
  };

  if (!jsonl) {
    const text = await readInputText(io, file);
    if (text.trim() === '') {
      io.stderr('输入为空：应为一个 JSON 案例\n');
      return 2;
    }
    const r = one(text);
    if (r.error !== undefined) {
      io.stderr(`${r.error}\n`);
      return 2;
    }
    io.stdout(`${r.line}\n`);
    return 0;
  }

  // Results go out in batches: one write per case would dominate a 10,000-line run.
  // Lines are read one at a time, so a large batch is never held whole.
  let out: string[] = [];
  let failed = false;
  let i = -1;
  for await (const source of inputLines(io, file)) {
    i++;
    if (source.trim() === '') continue;
    const r = one(source);
    if (r.error !== undefined) {
      failed = true;
      io.stderr(`第${i + 1}行：${r.error}\n`);
    } else {
      out.push(r.line);
      if (out.length >= 1000) {
        await io.stdout(`${out.join('\n')}\n`);
        out = [];
      }
    }
  }
  if (out.length > 0) await io.stdout(`${out.join('\n')}\n`);
  return failed ? 2 : 0;
}
