import { CliError, processIO, type CliIO } from './cli/io';
import { APP_META } from './services/app-meta';

export type Command = (argv: string[], io: CliIO) => Promise<number>;

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

// Commands load lazily so `yiyang score` never pays for the store or the PDF stack.
const COMMANDS: Record<string, CommandEntry> = {
  score: { summary: '按 GB/T 42195-2022 计分：yiyang score [FILE|-] [--jsonl]', load: async () => (await import('./cli/score')).runScore },
  classify: {
    summary: '按政策包确定重点保障类别与权益：yiyang classify [FILE|-] [--jsonl] [--pack ID]',
    load: async () => (await import('./cli/classify')).runClassify,
  },
  verify: {
    summary: '验证报告的数字签名：yiyang verify FILE [--ca CA.pem] [--json]',
    load: async () => (await import('./cli/report-commands')).runVerify,
  },
  'demo-report': {
    summary: '生成并签名一份演示报告：yiyang demo-report --out FILE [--ca-out CA.pem]',
    load: async () => (await import('./cli/report-commands')).runDemoReport,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `${APP_META.productName} (${APP_META.name}) ${APP_META.version}\n用法：yiyang <命令> [选项]\n\n${lines.join('\n')}\n`;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout(`${APP_META.version}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`未知命令：${name}\n${usage()}`);
    return 2;
  }
  try {
    return await (await entry.load())(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`${err.message}\n`);
      return err.exitCode;
    }
    // Never a stack trace on the user's terminal; the message alone carries no personal data.
    io.stderr(`错误：${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** Entry point of `bin/yiyang.js`. */
export function main(): void {
  runCli(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
