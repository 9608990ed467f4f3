import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_ORIGIN, APP_SCHEME, DEFAULT_BOUNDS, devToolsAllowed, externalLinkTarget, isAppUrl, MIN_SIZE, mayNavigate, permissionAllowed, resolveAppFile, restoredBounds, saveDialogOptions, secureWebPreferences } from './security';
import { safeFileNamePart } from '../../shared/validation/text';
import { MENU_ROUTES, menuTemplate, type MenuAction } from './menu';
import { CONTENT_SECURITY_POLICY } from '../transports/http';
import { registerIpc } from '../transports/ipc';
import { PortClient } from '../transports/port';
import { fileDialogOptions, withFileChoice } from './file-choice';
import { coreStoppedDialog, retryChosen } from './core-stopped';
import type { FilePurpose } from '../../shared/desktop/files';
import { PRINT_REPORT_EVENT } from '../../shared/desktop/events';

// The app:// scheme must be privileged before `ready` so it behaves like https (fetch, storage).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = path.join(__dirname, '..', 'dist', 'renderer');

const windowStateFile = () => path.join(app.getPath('userData'), 'window-state.json');

function savedBounds() {
  try {
    return restoredBounds(JSON.parse(readFileSync(windowStateFile(), 'utf8')), screen.getAllDisplays().map((d) => d.workArea));
  } catch {
    return null;
  }
}

/** Every window and frame: only our own pages; links to the web open in the system browser after checks. */
function guard(contents: WebContents): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    if (!mayNavigate(url)) event.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-frame-navigate', (event) => block(event, event.url));
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalLinkTarget(url);
    if (target) void shell.openExternal(target);
    return { action: 'deny' };
  });
  if (!devToolsAllowed(app.isPackaged)) contents.on('devtools-opened', () => contents.closeDevTools());
}

function createWindow(): BrowserWindow {
  const bounds = savedBounds();
  const win = new BrowserWindow({
    ...(bounds ?? DEFAULT_BOUNDS),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: '颐养评估',
    show: false,
    webPreferences: { ...secureWebPreferences(path.join(__dirname, 'preload.js')), devTools: devToolsAllowed(app.isPackaged) },
  });
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    try {
      writeFileSync(windowStateFile(), JSON.stringify(win.getNormalBounds()));
    } catch {
      /* a window that opens at its default size next time is no loss */
    }
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

function menuAction(action: MenuAction): void {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (!win) return;
  if (action === 'printReport') {
    // The report on screen prints its own PDF (renderer/src/app/print-command.ts), not the page around it.
    void win.webContents.executeJavaScript(`window.dispatchEvent(new Event(${JSON.stringify(PRINT_REPORT_EVENT)}))`);
  } else if (action === 'about') {
    void dialog.showMessageBox(win, { type: 'info', title: '关于颐养评估', message: `颐养评估 ${app.getVersion()}`, detail: '老年人能力与照护需求评估（离线）' });
  } else {
    // A route of the app's own page: never a URL from elsewhere.
    void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(MENU_ROUTES[action])}`);
  }
}

/** The native dialog behind `files.choose`: the path comes from here, never from the page. */
async function chooseFile(purpose: FilePurpose): Promise<string | null> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const { kind, ...options } = fileDialogOptions(purpose, new Date());
  if (kind === 'save') {
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled ? null : (r.filePath ?? null);
  }
  const r = win ? await dialog.showOpenDialog(win, { ...options, properties: ['openFile'] }) : await dialog.showOpenDialog({ ...options, properties: ['openFile'] });
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

let coreProcess: UtilityProcess | null = null;
let quitting = false;

/** Starts the core and connects it to `client`; when it dies unasked (or cannot start), offers 重试 or 退出. */
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
    const choice = dialog.showMessageBoxSync(coreStoppedDialog(fatal));
    if (retryChosen(choice)) startCore(client, dataDir);
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
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) =>
    callback(permissionAllowed(permission, wc.getURL(), 'mediaTypes' in details ? { mediaTypes: details.mediaTypes ?? [] } : {})),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, origin) => permissionAllowed(permission, origin));
  app.on('web-contents-created', (_e, contents) => guard(contents));
  // Every file the page saves (reports, exports, charts) goes where the native dialog says: the
  // page suggests a name, never a path.
  session.defaultSession.on('will-download', (_e, item) => item.setSaveDialogOptions(saveDialogOptions(item.getFilename(), (n) => safeFileNamePart(n, '未命名'))));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(menuAction, { devTools: devToolsAllowed(app.isPackaged), platform: process.platform })));

  // The core runs in a utility process (issue 14): scrypt, SQLite, PDF rendering and signing
  // never block this event loop. It holds the data folder's lock itself (one writer per folder).
  const core = new PortClient();
  registerIpc(ipcMain, withFileChoice(core, chooseFile), (event) => isAppUrl(event.senderFrame?.url ?? ''));
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

