import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, utilityProcess, type UtilityProcess } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, resolveAppFile, secureWebPreferences } from './security';
import { CONTENT_SECURITY_POLICY } from '../transports/http';
import { registerIpc } from '../transports/ipc';
import { PortClient } from '../transports/port';

// The app:// scheme must be privileged before `ready` so it behaves like https (fetch, storage).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = path.join(__dirname, '..', 'dist', 'renderer');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: '颐养评估',
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.js')),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

let coreProcess: UtilityProcess | null = null;
let quitting = false;

/** Starts the core and connects it to `client`; when it dies unasked, offers 重试 or 退出. */
function startCore(client: PortClient, dataDir: string): void {
  const child = utilityProcess.fork(path.join(__dirname, 'core-host.js'), ['--data', dataDir], { serviceName: 'yiyang-core' });
  coreProcess = child;
  let fatal: string | null = null;
  client.attach({ onMessage: (h) => child.on('message', h), postMessage: (d) => child.postMessage(d) });
  child.on('message', (m: { kind?: string; message?: string }) => {
    if (m?.kind === 'ready') client.up();
    if (m?.kind === 'fatal') fatal = m.message ?? '核心服务无法启动';
  });
  child.on('exit', () => {
    client.fail('颐养评估的核心服务已停止，请重试');
    if (quitting) return;
    if (fatal) {
      // E.g. another copy of the app or a server has this data folder: say so and leave.
      dialog.showErrorBox('颐养评估', fatal);
      app.exit(1);
      return;
    }
    // Every write it acknowledged was committed: nothing is lost by starting it again.
    const choice = dialog.showMessageBoxSync({
      type: 'error',
      title: '颐养评估',
      message: '颐养评估的核心服务意外停止',
      detail: '已保存的数据不会丢失。重试会重新启动核心服务，之后需要重新登录。',
      buttons: ['重试', '退出'],
      defaultId: 0,
      cancelId: 1,
    });
    if (choice === 0) startCore(client, dataDir);
    else app.quit();
  });
}

async function start(): Promise<void> {
  await app.whenReady();

  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppFile(rendererDir, request.url, path.join);
    if (!file) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString()).then((res) => {
      const headers = new Headers(res.headers);
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      return new Response(res.body, { status: res.status, headers });
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  // The core runs in a utility process (issue 14): scrypt, SQLite, PDF rendering and signing
  // never block this event loop. It holds the data folder's lock itself (one writer per folder).
  const core = new PortClient();
  registerIpc(ipcMain, core, (event) => isAppUrl(event.senderFrame?.url ?? ''));
  startCore(core, app.getPath('userData'));
  app.on('before-quit', () => {
    quitting = true;
    coreProcess?.kill();
  });

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // A second launch: the first instance shows its window instead (second-instance below).
  app.exit(0);
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  void start();
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

