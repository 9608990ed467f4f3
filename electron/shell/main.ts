import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAppCore } from '../core/app/core';
import { holdDataFolder, type FolderHold } from '../core/app/data-dir';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, resolveAppFile, secureWebPreferences } from './security';
import { CONTENT_SECURITY_POLICY } from '../transports/http';
import { registerIpc } from '../transports/ipc';

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

  // One writer per data folder (issue 13): the single-instance lock covers a second launch of
  // this app; the folder lock also covers a browser-mode server or a command on the folder.
  const dataDir = app.getPath('userData');
  let hold: FolderHold;
  try {
    hold = holdDataFolder(dataDir);
  } catch (err) {
    dialog.showErrorBox('颐养评估', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  const core = createAppCore({ dataDir, mode: 'electron' });
  registerIpc(ipcMain, core.dispatcher, (event) => isAppUrl(event.senderFrame?.url ?? ''));
  app.on('before-quit', () => {
    core.close();
    hold.release();
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

