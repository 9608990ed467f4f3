import { Alert, Card, Descriptions, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';

type Info = MethodOutput<'app.info'>;

const MODE_NAMES: Record<Info['mode'], string> = {
  electron: '桌面应用',
  browser: '浏览器模式',
  cli: '命令行',
  hub: '区县数据中心',
};

export function HomePage() {
  const api = useApi();
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.call('app.info', {}).then(setInfo, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [api]);

  return (
    <div style={{ maxWidth: 960, margin: '32px auto', padding: '0 24px' }}>
      <Typography.Title level={1} data-testid="app-title">
        颐养评估
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        老年人能力评估（GB/T 42195-2022）、基本养老服务对象分类与评估报告，全部在本机离线完成。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message="无法读取应用信息" description={error} />}
      {!info && !error && <Spin />}
      {info && (
        <Card title="应用信息">
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="版本">
              <span data-testid="app-version">{info.version}</span>
            </Descriptions.Item>
            <Descriptions.Item label="运行方式">{MODE_NAMES[info.mode]}</Descriptions.Item>
            <Descriptions.Item label={info.mode === 'hub' ? '数据库' : '数据目录'}>
              <span data-testid="data-dir">{info.dataDir}</span>
            </Descriptions.Item>
            <Descriptions.Item label="评估工具">
              <span data-testid="instruments">
                {info.instruments.map((i) => (
                  <Tag key={i.id}>
                    {i.title}（{i.id}，版本 {i.version}）
                  </Tag>
                ))}
              </span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </div>
  );
}
