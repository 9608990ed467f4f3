import { DEFAULT_INSTRUMENT_ID, getInstrument, instrumentVerified, INSTRUMENTS } from '../../shared/instruments';
import { errorsOneLine, scoreAssessment, toCliResult } from '../../shared/scoring';
import { CliError, flagValue, parseArgs, type CliIO } from './io';
import { runJsonCases } from './json-cases';

const USAGE = '用法：yiyang score [FILE|-] [--jsonl] [--instrument ID]';

/**
 * `yiyang score [FILE|-] [--jsonl] [--instrument ID]`: one JSON case (or one per line with --jsonl) in,
 * one JSON result per valid case out. Exit 0 when every case is valid, 2 otherwise;
 * a bad case costs one stderr line and never stops the rest of a batch.
 */
export async function runScore(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['instrument'], ['jsonl', 'help']);
  if (args.flags.has('help')) {
    io.stdout(
      `${USAGE}\n  不带 --jsonl：输入为一个 JSON 案例；带 --jsonl：每行一个案例。\n  --instrument ID  评估工具（默认 ${DEFAULT_INSTRUMENT_ID}；yiyang instruments 列出全部）\n`,
    );
    return 0;
  }
  if (args.positionals.length > 1) throw new CliError(`参数过多\n${USAGE}`);
  const file = args.positionals[0];
  const instrumentId = flagValue(args, 'instrument') ?? DEFAULT_INSTRUMENT_ID;
  const instrument = getInstrument(instrumentId);
  if (!instrument) throw new CliError(`未知的评估工具：${instrumentId}（可用：${INSTRUMENTS.map((i) => i.id).join('、')}）`);
  return runJsonCases(io, file, args.flags.has('jsonl'), (value) => {
    const outcome = scoreAssessment(instrument, value);
    return outcome.ok ? { line: JSON.stringify(toCliResult(instrument, outcome.result)) } : { error: errorsOneLine(outcome.errors) };
  });
}

/** `yiyang instruments [--json]`: the registered instruments, one per line (id, title, version, verified). */
export async function runInstruments(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, [], ['json', 'help']);
  if (args.flags.has('help')) {
    io.stdout('用法：yiyang instruments [--json]\n  列出可用的评估工具：编号、名称、版本、是否已核实\n');
    return 0;
  }
  if (args.positionals.length) throw new CliError('参数过多\n用法：yiyang instruments [--json]');
  const rows = INSTRUMENTS.map((d) => ({ id: d.id, title: d.title, version: d.version, verified: instrumentVerified(d) }));
  if (args.flags.has('json')) io.stdout(`${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  else io.stdout(rows.map((r) => `${r.id}  ${r.title}  版本 ${r.version}  ${r.verified ? '已核实' : '待核实'}`).join('\n') + '\n');
  return 0;
}
