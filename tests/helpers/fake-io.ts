import type { CliIO } from '../../electron/cli/io';

/** A CliIO that records what a command writes, for running commands in-process. */
export interface FakeIO extends CliIO {
  readonly out: string[];
  readonly err: string[];
  /** Everything written to stdout, joined. */
  stdoutText(): string;
  stderrText(): string;
}

export interface FakeIOOptions {
  stdin?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Answer to every secret prompt; null means "no terminal". */
  secret?: string | null;
}

export function fakeIO(options: FakeIOOptions = {}): FakeIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out,
    err,
    stdout: (t) => {
      out.push(t);
    },
    stderr: (t) => {
      err.push(t);
    },
    readStdin: async () => options.stdin ?? '',
    promptSecret: async () => options.secret ?? null,
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
}
