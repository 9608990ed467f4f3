import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { ApiClient, pickTransport } from './api/client';
import { ApiContext } from './api/context';
import { HomePage } from './pages/HomePage';

export function App() {
  const api = useMemo(() => {
    const { kind, transport } = pickTransport(window);
    return new ApiClient(transport, kind);
  }, []);
  return (
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <ApiContext.Provider value={api}>
          <HomePage />
        </ApiContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
