import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { carePlanForCase, validateCatalogue, type CareCatalogue } from '../../shared/care-plan';
import { formatFieldErrors } from '../../shared/policy';
import { errorsOneLine } from '../../shared/scoring';
import { builtinCatalogueFor } from '../core/care-plan/catalogues';
import { CliError, flagValue, parseArgs, type CliIO } from './io';
import { runJsonCases } from './json-cases';

const USAGE = '用法：yiyang care-plan [FILE|-] [--jsonl] [--catalogue FILE]';

/**
 * `yiyang care-plan [FILE|-] [--jsonl]`: a GB/T 42195-2022 case (as for `yiyang score`, plus
 * an optional `"livingAlone": true`) in, `{"catalogue":"care-services@2026.1","services":[…]}`
 * out, the services in catalogue order. Bad cases as in `yiyang score`.
 */
export async function runCarePlan(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, ['catalogue'], ['jsonl', 'help']);
  if (args.flags.has('help')) {
    io.stdout(
      `${USAGE}\n  输入为 yiyang score 的 GB/T 42195-2022 案例，可另加 "livingAlone": true（独居）。\n  输出所需的照护服务、协助程度和依据（服务目录为建议，待核实）。\n  --catalogue FILE  改用该服务目录文件（默认内置 care-services@2026.1）\n`,
    );
    return 0;
  }
  if (args.positionals.length > 1) throw new CliError(`参数过多\n${USAGE}`);
  const catalogue = await catalogueFrom(io, flagValue(args, 'catalogue'));
  return runJsonCases(io, args.positionals[0], args.flags.has('jsonl'), (value) => {
    const r = carePlanForCase(catalogue, value);
    return r.ok ? { line: JSON.stringify({ catalogue: r.plan.catalogue, services: r.plan.services }) } : { error: errorsOneLine(r.errors) };
  });
}

async function catalogueFrom(io: CliIO, file: string | undefined): Promise<CareCatalogue> {
  if (file === undefined) {
    const builtin = builtinCatalogueFor('gbt42195-2022');
    if (!builtin) throw new Error('内置服务目录缺失');
    return builtin;
  }
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch {
    throw new CliError(`无法读取服务目录文件：${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new CliError(`服务目录不是有效的 JSON：${file}`);
  }
  const r = validateCatalogue(json);
  if (!r.ok) throw new CliError(`服务目录无效：${formatFieldErrors(r.errors)}`);
  return r.value;
}
