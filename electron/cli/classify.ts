import { builtinPack, builtinPacks, DEFAULT_PACK_ID } from '../core/policy/builtin';
import { classify, formatFieldErrors, parsePolicyFacts, type Classification, type PolicyPack } from '../../shared/policy';
import { CliError, flagValue, inputLines, parseArgs, readInputText, type CliIO } from './io';

/**
 * One line of output. The key order is part of the interface (pack, category,
 * categoryName, entitlements, trail), so it is built explicitly here.
 */
export function classificationLine(c: Classification): string {
  return JSON.stringify({
    pack: c.packId,
    category: c.category,
    categoryName: c.categoryName,
    entitlements: c.entitlements.map((e) => e.id),
    trail: c.trail.map((t) => ({ rule: t.rule, reason: t.reason, source: t.source, verified: t.verified })),
  });
}

/** The classification, or a one-line message naming the bad field(s). */
function classifyText(pack: PolicyPack, text: string): { ok: true; line: string } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: '不是有效的 JSON' };
  }
  const facts = parsePolicyFacts(json);
  if (!facts.ok) return { ok: false, message: formatFieldErrors(facts.errors) };
  return { ok: true, line: classificationLine(classify(pack, facts.value)) };
}


/**
 * `yiyang classify [FILE|-] [--jsonl] [--pack ID]`: priority category and entitlements
 * for each case. Exit 0 when every case was classified, 2 for a usage error or any bad
 * case (with `--jsonl` the good lines are still printed, so one typo does not lose a batch).
 */
export async function runClassify(argv: string[], io: CliIO): Promise<number> {
  try {
    const args = parseArgs(argv, ['pack'], ['jsonl']);
    if (args.positionals.length > 1) throw new CliError('只能指定一个输入文件（或用 - 表示标准输入）');
    const packId = flagValue(args, 'pack') ?? DEFAULT_PACK_ID;
    const pack = builtinPack(packId);
    if (!pack) {
      throw new CliError(`未知的政策包：${packId}（可用：${builtinPacks().map((p) => p.id).join('、')}）`);
    }
    if (!args.flags.has('jsonl')) {
      const text = await readInputText(io, args.positionals[0]);
      if (text.trim() === '') throw new CliError('输入为空：应为一个 JSON 对象');
      const r = classifyText(pack, text);
      if (!r.ok) throw new CliError(r.message);
      io.stdout(`${r.line}\n`);
      return 0;
    }

    let failed = false;
    // Lines go out in batches, each awaited: a slow reader on the other end of a pipe
    // holds the loop back rather than letting the output pile up in memory.
    let out: string[] = [];
    let i = -1;
    for await (const line of inputLines(io, args.positionals[0])) {
      i++;
      if (line.trim() === '') continue;
      const r = classifyText(pack, line);
      if (r.ok) {
        out.push(r.line);
        if (out.length >= 500) {
          await io.stdout(`${out.join('\n')}\n`);
          out = [];
        }
      } else {
        failed = true;
        io.stderr(`第${i + 1}行：${r.message}\n`);
      }
    }
    if (out.length) await io.stdout(`${out.join('\n')}\n`);
    return failed ? 2 : 0;
  } catch (err) {
    // Handled here as well as in runCli so the command behaves the same when called directly.
    if (err instanceof CliError) {
      io.stderr(`${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
