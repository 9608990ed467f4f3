import { CliError, processIO, type CliIO } from './io';
import { APP_META } from '../core/app/app-meta';

export type Command = (argv: string[], io: CliIO) => Promise<number>;

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

// Commands load lazily so `yiyang score` never pays for the store or the PDF stack.
const COMMANDS: Record<string, CommandEntry> = {
  score: { summary: '计分（默认 GB/T 42195-2022）：yiyang score [FILE|-] [--jsonl] [--instrument ID]', load: async () => (await import('./score')).runScore },
  instruments: { summary: '列出可用的评估工具：yiyang instruments [--json]', load: async () => (await import('./score')).runInstruments },
  'care-plan': {
    summary: '照护需求与服务建议（GB/T 42195-2022 案例）：yiyang care-plan [FILE|-] [--jsonl] [--catalogue FILE]',
    load: async () => (await import('./care-plan')).runCarePlan,
  },
  classify: {
    summary: '按政策包确定重点保障类别与权益：yiyang classify [FILE|-] [--jsonl] [--pack ID]',
    load: async () => (await import('./classify')).runClassify,
  },
  init: {
    summary: '初始化数据目录：yiyang init --data DIR --institution NAME --admin USER（密码取自 YIYANG_PASSWORD）',
    load: async () => (await import('./store-commands')).runInit,
  },
  user: {
    summary: '添加用户：yiyang user add --data DIR --username U --role assessor|manager|admin（YIYANG_NEW_PASSWORD）',
    load: async () => {
      const { runUserAdd } = await import('./store-commands');
      return async (argv, io) => {
        if (argv[0] !== 'add') {
          io.stderr('用法：yiyang user add --data DIR --username U --role assessor|manager|admin\n');
          return 2;
        }
        return runUserAdd(argv.slice(1), io);
      };
    },
  },
  seed: {
    summary: '生成模拟数据：yiyang seed --data DIR --persons N [--seed S]',
    load: async () => (await import('./store-commands')).runSeed,
  },
  check: {
    summary: '检查数据库完整性、结构版本和审计链：yiyang check --data DIR',
    load: async () => (await import('./store-commands')).runCheck,
  },
  backup: {
    summary: '在线备份为一个加密文件：yiyang backup --data DIR --out FILE',
    load: async () => (await import('./store-commands')).runBackup,
  },
  restore: {
    summary: '从备份恢复到新目录：yiyang restore --from FILE --data NEWDIR',
    load: async () => (await import('./store-commands')).runRestore,
  },
  'reset-password': {
    summary: '凭恢复密钥重设密码：yiyang reset-password --data DIR [--user admin]（YIYANG_RECOVERY_KEY、YIYANG_NEW_PASSWORD）',
    load: async () => (await import('./store-commands')).runResetPassword,
  },
  verify: {
    summary: '验证报告的数字签名：yiyang verify FILE [--ca CA.pem] [--json]',
    load: async () => (await import('./report-commands')).runVerify,
  },
  'demo-report': {
    summary: '生成并签名一份演示报告：yiyang demo-report --out FILE [--ca-out CA.pem]',
    load: async () => (await import('./report-commands')).runDemoReport,
  },
  stats: {
    summary: '统计数字（JSON）：yiyang stats --data DIR --user NAME [--from DATE] [--to DATE] [--district NAME] --json（YIYANG_PASSWORD）',
    load: async () => (await import('./manager-commands')).runStats,
  },
  export: {
    summary: '导出评估数据（XLSX/CSV）：yiyang export --data DIR --user NAME --format xlsx|csv --out FILE [--from DATE] [--to DATE] [--district NAME] [--latest] [--deidentify] [--list due|careSubsidy|voucher]',
    load: async () => (await import('./manager-commands')).runExport,
  },
  'export-reports': {
    summary: '导出全部已签名的评估报告（PDF）：yiyang export-reports --data DIR --out FOLDER [--user NAME]（YIYANG_PASSWORD）',
    load: async () => (await import('./store-commands')).runExportReports,
  },
  exchange: {
    summary: '与区县数据中心交换：yiyang exchange export --data DIR --user NAME --to HUB.pem --out FILE [--since last|DATE]；exchange cert … --out STATION.pem',
    load: async () => (await import('./exchange-commands')).runExchange,
  },
  hub: {
    summary: '区县数据中心（PostgreSQL）：yiyang hub init|station add|import|stats|conflicts|check --pg URL …',
    load: async () => (await import('./hub-commands')).runHub,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(15)} ${c.summary}`);
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
