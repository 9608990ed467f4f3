import path from 'node:path';
import { spawn } from 'node:child_process';
import { createAppCore } from '../core/app/core';
import { defaultDataDir, FolderBusyError, holdDataFolder } from '../core/app/data-dir';
import { startHttpServer } from '../transports/http';
import { parseArgs, flagValue } from '../cli/io';

/**
 * Browser mode: the same app core behind the loopback HTTP transport, for machines
 * without an Electron binary and for the end-to-end tests.
 *
 *   node dist-electron/server.js [--data DIR] [--port N] [--open] [--fallback]
 *
 * Prints exactly one line with the URL to open (token included).
 */
export async function startBrowserMode(argv: string[]): Promise<void> {
  const args = parseArgs(argv, ['data', 'port'], ['open', 'fallback']);
  const dataDir = path.resolve(flagValue(args, 'data') ?? defaultDataDir());
  // Held for the process's life (the OS lets go when it ends, however it ends).
  const hold = holdDataFolder(dataDir);
  const core = createAppCore({ dataDir, mode: 'browser' });
  const server = await startHttpServer({
    dispatcher: core.dispatcher,
    staticDir: path.join(__dirname, '..', 'dist', 'renderer'),
    port: Number(flagValue(args, 'port') ?? 0),
  });
  const lead = args.flags.has('fallback')
    ? '颐养评估：此机器没有 Electron 程序，已改用浏览器模式，请在浏览器中打开'
    : '颐养评估（浏览器模式）已启动，请在浏览器中打开';
  process.stdout.write(`${lead} ${server.openUrl}\n`);

  if (args.flags.has('open')) openBrowser(server.openUrl);

  const stop = () => {
    void server.close().then(() => {
      core.close();
      hold.release();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function openBrowser(url: string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return;
  const cmd = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  const cmdArgs = process.platform === 'win32' ? ['/c', 'start', '""', url] : [url];
  const child = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true });
  child.on('error', () => {}); // no browser launcher: the printed URL is enough
  child.unref();
}

if (require.main === module) {
  startBrowserMode(process.argv.slice(2)).catch((err: unknown) => {
    if (err instanceof FolderBusyError) process.stderr.write(`颐养评估没有启动：${err.message}\n`);
    else process.stderr.write(`颐养评估无法启动：${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
