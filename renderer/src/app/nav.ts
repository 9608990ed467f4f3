import { canCall, type AnyRole, type MethodName } from '../../../shared/contract';

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
  // The district hub's own pages (yiyang hub serve); a station's roles never see them.
  { key: 'hubStations', label: '站点', path: '/hub/stations', method: 'hub.stations' },
  { key: 'hubPersons', label: '人员', path: '/hub/persons', method: 'hub.persons' },
  { key: 'hubConflicts', label: '资料不一致', path: '/hub/conflicts', method: 'hub.conflicts' },
  { key: 'hubUsers', label: '用户管理', path: '/hub/users', method: 'hub.users' },
  { key: 'verify', label: '验证报告', path: '/verify', method: 'reports.verify' },
  { key: 'users', label: '用户管理', path: '/admin/users', method: 'users.list' },
  { key: 'signing', label: '签名证书', path: '/admin/signing', method: 'signing.status' },
  { key: 'audit', label: '审计日志', path: '/admin/audit', method: 'audit.list' },
  { key: 'exchange', label: '数据交换', path: '/admin/exchange', method: 'exchange.status' },
  { key: 'settings', label: '机构设置', path: '/admin/settings', method: 'settings.update' },
  { key: 'about', label: '关于', path: '/about', method: 'app.info' },
];

export function navFor(role: AnyRole | null | undefined): NavEntry[] {
  return NAV.filter((n) => role && canCall(role, n.method));
}

/** Where someone lands after signing in. */
export function homePath(role: AnyRole | null | undefined): string {
  return navFor(role)[0]?.path ?? '/about';
}
