import { canCall, type MethodName, type Role } from '../../../shared/contract';

export interface NavEntry {
  key: string;
  label: string;
  path: string;
  /** The method the page cannot work without: the menu shows the entry to whoever may call it. */
  method: MethodName;
}

/** The main menu, in order; a role's home is the first entry it may open. */
export const NAV: readonly NavEntry[] = [
  { key: 'persons', label: '老年人', path: '/persons', method: 'persons.search' },
  { key: 'stats', label: '统计', path: '/stats', method: 'stats.dashboard' },
  { key: 'verify', label: '验证报告', path: '/verify', method: 'reports.verify' },
  { key: 'users', label: '用户管理', path: '/admin/users', method: 'users.list' },
  { key: 'signing', label: '签名证书', path: '/admin/signing', method: 'signing.status' },
  { key: 'audit', label: '审计日志', path: '/admin/audit', method: 'audit.list' },
  { key: 'exchange', label: '数据交换', path: '/admin/exchange', method: 'exchange.status' },
  { key: 'settings', label: '机构设置', path: '/admin/settings', method: 'settings.update' },
  { key: 'about', label: '关于', path: '/about', method: 'app.info' },
];

export function navFor(role: Role | null | undefined): NavEntry[] {
  return NAV.filter((n) => role && canCall(role, n.method));
}

/** Where someone lands after signing in. */
export function homePath(role: Role | null | undefined): string {
  return navFor(role)[0]?.path ?? '/about';
}
