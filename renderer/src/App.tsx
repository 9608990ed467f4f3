import { App as AntApp, ConfigProvider, Modal, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { canCall, type MethodName, type MethodOutput } from '../../shared/contract';
import { ApiClient, pickTransport } from './api/client';
import { ApiContext, useApi } from './api/context';
import { matchRoute, navigate, queryParam, usePath } from './app/router';
import { SessionProvider, useSession } from './app/session';
import { Shell } from './app/Shell';
import { homePath } from './app/nav';
import { AssessmentPage, NewAssessmentPage } from './pages/AssessmentPages';
import { AuditPage } from './pages/AuditPage';
import { ExchangePage } from './pages/ExchangePage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { PersonFormPage } from './pages/PersonFormPage';
import { PersonPage } from './pages/PersonPage';
import { PersonsPage } from './pages/PersonsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SetupPage } from './pages/SetupPage';
import { StoreProblemPage } from './pages/StoreProblemPage';
import { SigningPage } from './pages/SigningPage';
import { HubUsersPage, UsersPage } from './pages/UsersPage';
import { ConflictsPage } from './hub/ConflictsPage';
import { PersonPage as HubPersonPage } from './hub/PersonPage';
import { PersonsPage as HubPersonsPage } from './hub/PersonsPage';
import { StationsPage } from './hub/StationsPage';
import { VerifyPage } from './pages/VerifyPage';
import { DashboardPage } from './stats/DashboardPage';
import { PRINT_REPORT_EVENT, printReportOnScreen } from './app/print-command';

const LARGE_TEXT_KEY = 'yiyang.largeText';

interface Route {
  pattern: string;
  /** The method the page needs; whoever may not call it sees 无权访问 (the contract's role table decides). */
  method: MethodName;
  render(params: Record<string, string>, path: string): React.ReactNode;
}

const ROUTES: readonly Route[] = [
  { pattern: '/persons', method: 'persons.search', render: () => <PersonsPage /> },
  { pattern: '/persons/new', method: 'persons.create', render: () => <PersonFormPage /> },
  { pattern: '/persons/:id', method: 'persons.get', render: (p) => <PersonPage key={p.id} id={p.id!} /> },
  { pattern: '/persons/:id/edit', method: 'persons.update', render: (p) => <PersonFormPage key={p.id} id={p.id!} /> },
  {
    pattern: '/persons/:id/assess',
    method: 'assessments.createDraft',
    render: (p, path) => <NewAssessmentPage key={p.id} personId={p.id!} supersedesId={queryParam(path, 'supersedes')} />,
  },
  { pattern: '/assessments/:id', method: 'assessments.get', render: (p) => <AssessmentPage key={p.id} id={p.id!} /> },
  { pattern: '/admin/users', method: 'users.list', render: () => <UsersPage /> },
  { pattern: '/admin/audit', method: 'audit.list', render: () => <AuditPage /> },
  { pattern: '/admin/settings', method: 'settings.update', render: () => <SettingsPage /> },
  { pattern: '/admin/signing', method: 'signing.status', render: () => <SigningPage /> },
  { pattern: '/admin/exchange', method: 'exchange.status', render: () => <ExchangePage /> },
  { pattern: '/stats', method: 'stats.dashboard', render: () => <DashboardPage /> },
  { pattern: '/hub/stations', method: 'hub.stations', render: () => <StationsPage /> },
  { pattern: '/hub/persons', method: 'hub.persons', render: () => <HubPersonsPage /> },
  { pattern: '/hub/persons/:id', method: 'hub.person', render: (p) => <HubPersonPage key={p.id} id={p.id!} /> },
  { pattern: '/hub/conflicts', method: 'hub.conflicts', render: () => <ConflictsPage /> },
  { pattern: '/hub/users', method: 'hub.users', render: () => <HubUsersPage /> },
  { pattern: '/verify', method: 'reports.verify', render: () => <VerifyPage /> },
  { pattern: '/about', method: 'app.info', render: () => <HomePage /> },
];

function Routed() {
  const path = usePath();
  const { user, lockedUser } = useSession();
  const who = user ?? lockedUser;
  useEffect(() => {
    if (path === '/') navigate(homePath(who?.role), { replace: true });
  }, [path, who?.role]);
  for (const route of ROUTES) {
    const params = matchRoute(route.pattern, path);
    if (!params) continue;
    if (who && !canCall(who.role, route.method))
      return <Result status="403" title="无权访问" subTitle="当前账号没有访问此页面的权限。" data-testid="forbidden" />;
    return <>{route.render(params, path)}</>;
  }
  return <Result status="404" title="页面不存在" />;
}

/** The desktop menu's 打印报告 with no report on screen says where to find one. */
function usePrintMenu(): void {
  const { message } = AntApp.useApp();
  useEffect(() => {
    const onPrint = () => {
      if (!printReportOnScreen()) void message.info('请先打开一份已完成的评估，再打印报告');
    };
    window.addEventListener(PRINT_REPORT_EVENT, onPrint);
    return () => window.removeEventListener(PRINT_REPORT_EVENT, onPrint);
  }, [message]);
}

function Root({ largeText, setLargeText }: { largeText: boolean; setLargeText(on: boolean): void }) {
  const api = useApi();
  usePrintMenu();
  const { user, lockedUser, restoring } = useSession();
  const [status, setStatus] = useState<MethodOutput<'setup.status'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => api.call('setup.status', {}).then(setStatus, (e: unknown) => setError(e instanceof Error ? e.message : String(e))), [api]);
  useEffect(() => void refresh(), [refresh]);
  // The institution's name is inside the encrypted store: readable once someone signs in.
  const [institution, setInstitution] = useState<string | null>(null);
  useEffect(() => {
    // The district hub keeps no station settings: its name is in setup.status.
    if (user && canCall(user.role, 'settings.get') && !canCall(user.role, 'hub.stations')) api.call('settings.get', {}).then((s) => setInstitution(s.institutionName), () => {});
  }, [api, user]);

  if (error) return <Result status="error" title="无法连接到本机服务" subTitle={error} />;
  if (!status || restoring) return <Spin style={{ display: 'block', marginTop: 96 }} />;
  if (status.problem && !user) return <StoreProblemPage problem={status.problem} onRetry={() => void refresh()} />;
  if (!status.initialized) return <SetupPage onDone={() => void refresh()} />;
  // A sign-in that finds the database damaged turns this page into 无法打开数据库.
  if (!user && !lockedUser) return <LoginPage institutionName={status.institutionName} onFailed={() => void refresh()} />;
  return (
    <>
      <Shell institutionName={institution ?? status.institutionName} largeText={largeText} onLargeText={setLargeText}>
        <Routed />
      </Shell>
      {/* The lock screen covers the page without unmounting it, so unsaved input survives. */}
      <Modal open={!user} closable={false} footer={null} mask={{ closable: false }} width={480} styles={{ mask: { backdropFilter: 'blur(6px)' } }}>
        <LoginPage institutionName={status.institutionName} locked />
      </Modal>
    </>
  );
}

export function App() {
  const api = useMemo(() => {
    const { kind, transport } = pickTransport(window);
    return new ApiClient(transport, kind);
  }, []);
  const [largeText, setLargeTextState] = useState(() => window.localStorage.getItem(LARGE_TEXT_KEY) === '1');
  const setLargeText = (on: boolean) => {
    window.localStorage.setItem(LARGE_TEXT_KEY, on ? '1' : '0');
    setLargeTextState(on);
  };
  // People who asked their system for less motion get none (and so do the end-to-end tests,
  // which ask for it): dialogs then open at rest, where a pen stroke lands where it is aimed.
  const [reducedMotion] = useState(() => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false);
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { fontSize: largeText ? 18 : 14, controlHeight: largeText ? 40 : 32, motion: !reducedMotion } }}>
      <AntApp>
        <ApiContext.Provider value={api}>
          <SessionProvider>
            <Root largeText={largeText} setLargeText={setLargeText} />
          </SessionProvider>
        </ApiContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
