import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';

/** Version, data folder and instruments, shown before sign-in so support can be asked precisely. */
export function AppInfoFooter() {
  const api = useApi();
  const [info, setInfo] = useState<MethodOutput<'app.info'> | null>(null);
  useEffect(() => {
    api.call('app.info', {}).then(setInfo, () => setInfo(null));
  }, [api]);
  if (!info) return null;
  return (
    <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 12, marginTop: 24 }} data-testid="app-info">
      {info.productName} 版本 <span data-testid="app-version">{info.version}</span> · 数据目录 <span data-testid="data-dir">{info.dataDir}</span> · 评估工具{' '}
      <span data-testid="instruments">{info.instruments.map((i) => `${i.title}（${i.id}）`).join('、')}</span>
    </Typography.Paragraph>
  );
}
