import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';

/** Everything a command touches of the outside world, so commands run in-process in tests. */
export interface CliIO {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /**
   * Writes to standard output. The promise settles once the text is handed on: a command that
   * writes much (`--jsonl`) awaits it, so a slow pipe holds the command back instead of its
   * output piling up in memory.
   */
  stdout(text: string): void | Promise<void>;
  stderr(text: string): void;
  /** Whole standard input as UTF-8. */
  readStdin(): Promise<string>;
  /** Lines of a file, or of standard input when `file` is undefined, one at a time (large batches). */
  lines?(file: string | undefined): AsyncIterable<string>;
  /** A prompt for a secret; null when there is no terminal to ask on. */
  promptSecret(question: string): Promise<string | null>;
  /** Aborted when the person presses Ctrl-C (long commands cancel cleanly instead of dying). */
  readonly interrupt?: AbortSignal;
}

export function processIO(): CliIO {
  let interrupt: AbortController | null = null;
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: (t) =>
      new Promise<void>((resolve, reject) => {
        const flushed = process.stdout.write(t, (err) => (err ? reject(err) : undefined));
        if (flushed) resolve();
        else process.stdout.once('drain', () => resolve());
      }),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    lines: (file) => createInterface({ input: file ? createReadStream(file) : process.stdin, crlfDelay: Infinity }),
    promptSecret: async (question) => {
      if (!process.stdin.isTTY) return null;
      const { promptHidden } = await import('./prompt');
      return promptHidden(question);
    },
    // Made on first use: only commands that can cancel take Ctrl-C over.
    get interrupt() {
      if (!interrupt) {
        const c = (interrupt = new AbortController());
        process.once('SIGINT', () => c.abort());
      }
      return interrupt.signal;
    },
  };
}

/**
 * The input's lines one at a time, FILE or standard input for `-` or none, so a batch of a
 * hundred thousand cases is never held whole. A byte-order mark on the first line is dropped.
 */
export async function* inputLines(io: CliIO, file: string | undefined): AsyncGenerator<string> {
  const named = !file || file === '-' ? undefined : path.resolve(io.cwd, file);
  let source: AsyncIterable<string> | string[];
  try {
    // readline does not pass a stream's open error on to its iterator: check the file first.
    if (named && io.lines) await access(named, constants.R_OK);
    source = io.lines ? io.lines(named) : (await readInput(io, file)).split(/\r?\n/);
  } catch (err) {
    throw unreadable(err, file);
  }
  let first = true;
  for await (const line of source) {
    yield first ? line.replace(/^\uFEFF/, '') : line;
    first = false;
  }
}

function unreadable(err: unknown, file: string | undefined): CliError {
  const code = (err as NodeJS.ErrnoException).code;
  return new CliError(code === 'ENOENT' ? `找不到输入文件：${file ?? ''}` : `无法读取输入：${file ?? '标准输入'}`);
}

/** The whole input as text, without a byte-order mark; a usage error when it cannot be read. */
export async function readInputText(io: CliIO, file: string | undefined): Promise<string> {
  try {
    return (await readInput(io, file)).replace(/^\uFEFF/, '');
  } catch (err) {
    throw unreadable(err, file);
  }
}

/** Reads FILE, or standard input for `-` or no file: the convention of every command that takes input. */
export async function readInput(io: CliIO, file: string | undefined): Promise<string> {
  if (!file || file === '-') return io.readStdin();
  return readFile(path.resolve(io.cwd, file), 'utf8');
}

/** Thrown for a usage or input problem; the command line prints the message and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * `--name value`, `--name=value` and bare `--flag`. Which flags take a value is declared
 * so that `score --jsonl file` does not swallow the file name.
 */
export function parseArgs(argv: string[], valueFlags: readonly string[], boolFlags: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-' || !arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (valueFlags.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new CliError(`选项 --${name} 需要一个值`);
      flags.set(name, value);
    } else if (boolFlags.includes(name) && eq === -1) {
      flags.set(name, true);
    } else {
      throw new CliError(`未知选项：--${name}`);
    }
  }
  return { positionals, flags };
}

export function flagValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}
