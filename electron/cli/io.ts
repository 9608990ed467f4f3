import { readFile } from 'node:fs/promises';
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
