import { DEFAULT_INSTRUMENT_ID, getInstrument } from '../../shared/instruments';
import { errorsOneLine, scoreAssessment, toCliResult } from '../../shared/scoring';
import { CliError, parseArgs, readInput, type CliIO } from './io';

const USAGE = '用法：yiyang score [FILE|-] [--jsonl]';

/**
 * `yiyang score [FILE|-] [--jsonl]`: one JSON case (or one per line with --jsonl) in,
 * one JSON result per valid case out. Exit 0 when every case is valid, 2 otherwise;
 * a bad case costs one stderr line and never stops the rest of a batch.
 */
export async function runScore(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, [], ['jsonl', 'help']);
  if (args.flags.has('help')) {
    io.stdout(`${USAGE}\n  不带 --jsonl：输入为一个 JSON 案例；带 --jsonl：每行一个案例。\n`);
    return 0;
  }
  if (args.positionals.length > 1) throw new CliError(`参数过多\n${USAGE}`);
  const file = args.positionals[0];
  const instrument = getInstrument(DEFAULT_INSTRUMENT_ID);
  if (!instrument) throw new Error(`instrument ${DEFAULT_INSTRUMENT_ID} is not registered`);

  let text: string;
  try {
    text = await readInput(io, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `找不到输入文件：${file}` : `无法读取输入：${file ?? '标准输入'}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const scoreOne = (source: string): { line?: string; error?: string } => {
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      return { error: '不是有效的 JSON' };
    }
    const outcome = scoreAssessment(instrument, value);
    return outcome.ok ? { line: JSON.stringify(toCliResult(outcome.result)) } : { error: errorsOneLine(outcome.errors) };
  };

  if (!args.flags.has('jsonl')) {
    if (text.trim() === '') {
      io.stderr('输入为空：应为一个 JSON 案例\n');
      return 2;
    }
    const { line, error } = scoreOne(text);
    if (error !== undefined) {
      io.stderr(`${error}\n`);
      return 2;
    }
    io.stdout(`${line}\n`);
    return 0;
  }

  // Results go out in batches: one write per case would dominate a 10,000-line run.
  const lines = text.split('\n');
  let out: string[] = [];
  let failed = false;
  for (let i = 0; i < lines.length; i++) {
    const source = lines[i]!;
    if (source.trim() === '') continue;
    const { line, error } = scoreOne(source);
    if (error !== undefined) {
      failed = true;
      io.stderr(`第${i + 1}行：${error}\n`);
    } else {
      out.push(line!);
      if (out.length >= 1000) {
        io.stdout(`${out.join('\n')}\n`);
        out = [];
      }
    }
  }
  if (out.length > 0) io.stdout(`${out.join('\n')}\n`);
  return failed ? 2 : 0;
}
