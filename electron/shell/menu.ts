import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu, in Chinese, as plain data: which item does what is decided by
 * `act`, so the template is tested without Electron. Items that open a page move the
 * window to that page of the app; nothing here reaches the core by itself.
 */
export type MenuAction = 'printReport' | 'export' | 'backup' | 'verify' | 'about';

/** The page each page-opening action shows (the renderer's hash routes). */
export const MENU_ROUTES: Readonly<Record<Exclude<MenuAction, 'printReport' | 'about'>, string>> = {
  export: '#/stats',
  backup: '#/admin/settings',
  verify: '#/verify',
};

export function menuTemplate(act: (action: MenuAction) => void, opts: { devTools: boolean; platform: NodeJS.Platform }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { label: '重新载入', role: 'reload' },
    { type: 'separator' },
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  ];
  if (opts.devTools) view.push({ type: 'separator' }, { label: '开发者工具', role: 'toggleDevTools' });
  return [
    {
      label: '文件',
      submenu: [
        { label: '打印报告…', accelerator: 'CmdOrCtrl+P', click: () => act('printReport') },
        { label: '导出…', accelerator: 'CmdOrCtrl+E', click: () => act('export') },
        { label: '备份…', click: () => act('backup') },
        { type: 'separator' },
        { label: '退出', role: 'quit', accelerator: opts.platform === 'darwin' ? 'Cmd+Q' : 'Alt+F4' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图', submenu: view },
    {
      label: '帮助',
      submenu: [
        { label: '验证报告…', click: () => act('verify') },
        { type: 'separator' },
        { label: '关于颐养评估', click: () => act('about') },
      ],
    },
  ];
}
