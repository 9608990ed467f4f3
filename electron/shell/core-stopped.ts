/**
 * What the window says when the core process ends unasked. Whether it could not start (the
 * data folder is held by another copy or a server, or cannot be read) or stopped later,
 * the person gets the reason and 重试 / 退出: never a blank window. A store that starts but
 * cannot be opened is the page's own 无法打开数据库 screen (with a restore), not this.
 */
export function coreStoppedDialog(fatal: string | null): { type: 'error'; title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number } {
  const common = { type: 'error' as const, title: '颐养评估', buttons: ['重试', '退出'], defaultId: 0, cancelId: 1 };
  if (fatal) return { ...common, message: '颐养评估无法打开数据目录', detail: `${fatal}\n处理好之后（例如关闭另一个正在使用该目录的颐养评估），点“重试”。` };
  // Every write it acknowledged was committed: nothing is lost by starting it again.
  return { ...common, message: '颐养评估的核心服务意外停止', detail: '已保存的数据不会丢失。重试会重新启动核心服务，之后需要重新登录。' };
}

/** The button the person pressed: true for 重试. */
export const retryChosen = (button: number): boolean => button === 0;
