import type { CliIO } from '../../../electron/cli/io';

/** A CliIO that records what a command writes and feeds it a fixed standard input. */
export class ClassifyFakeIO implements CliIO {
  readonly env: NodeJS.ProcessEnv = {};
  out = '';
  err = '';

  constructor(
    private readonly stdin = '',
    readonly cwd = process.cwd(),
  ) {}

  stdout(text: string): void {
    this.out += text;
  }

  stderr(text: string): void {
    this.err += text;
  }

  async readStdin(): Promise<string> {
    return this.stdin;
  }

  async promptSecret(): Promise<string | null> {
    return null;
  }

  get outLines(): string[] {
    return this.out.split('\n').filter((l) => l !== '');
  }

  get errLines(): string[] {
    return this.err.split('\n').filter((l) => l !== '');
  }
}
