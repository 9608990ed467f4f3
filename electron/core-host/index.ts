import path from 'node:path';
import { createAppCore } from '../core/app/core';
import { defaultDataDir, FolderBusyError, holdDataFolder } from '../core/app/data-dir';
import { flagValue, parseArgs } from '../cli/io';
import { servePort, type PortLike } from '../transports/port';

/**
 * The core outside the Electron main process (issue 14), the way Actual Budget runs its
 * server: scrypt, synchronous SQLite, PDF rendering and signing happen here and never block
 * the window's event loop. Plain Node: Electron starts it with utilityProcess.fork and
 * talks over parentPort; a test starts it with child_process.fork and talks over its IPC
 * channel. Besides replies it posts `{kind:'ready'}` once serving, or `{kind:'fatal',
 * message}` (one Chinese line) before it exits 1.
 *
 *   node dist-electron/core-host.js [--data DIR]
 */

type ParentPort = { on(event: 'message', fn: (e: { data: unknown }) => void): void; postMessage(data: unknown): void };

/** Electron's parentPort inside a utility process, else the IPC channel of a forked child. */
export function hostPort(): PortLike | null {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) return { onMessage: (h) => parentPort.on('message', (e) => h(e.data)), postMessage: (d) => parentPort.postMessage(d) };
  const send = process.send?.bind(process);
  if (send) return { onMessage: (h) => process.on('message', h), postMessage: (d) => void send(d) };
  return null;
}

export function startCoreHost(argv: string[], port: PortLike): void {
  const args = parseArgs(argv, ['data'], []);
  const dataDir = path.resolve(flagValue(args, 'data') ?? defaultDataDir());
  let hold;
  try {
    hold = holdDataFolder(dataDir);
  } catch (err) {
    port.postMessage({ kind: 'fatal', message: err instanceof FolderBusyError ? err.message : `无法打开数据目录：${err instanceof Error ? err.message : String(err)}` });
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
    return;
  }
  const core = createAppCore({ dataDir, mode: 'electron' });
  servePort(port, core.dispatcher, core.grants);
  const stop = () => {
    core.close();
    hold.release();
    process.exit(0);
  };
  // The main process went away (a crash or a quit): nobody is left to serve.
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  port.postMessage({ kind: 'ready' });
}

if (require.main === module) {
  const port = hostPort();
  if (!port) {
    process.stderr.write('颐养评估核心服务须由桌面程序启动（没有父进程通道）\n');
    process.exit(2);
  }
  startCoreHost(process.argv.slice(2), port);
}
