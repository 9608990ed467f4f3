import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Everything a command touches of the outside world, so commands run in-process in tests. */
export interface CliIO {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whole standard input as UTF-8. */
  readStdin(): Promise<string>;
  /** A prompt for a secret; null when there is no terminal to ask on. */
  promptSecret(question: string): Promise<string | null>;
}

export function processIO(): CliIO {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
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
