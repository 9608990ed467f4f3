import { Alert, App, Button, Card, Descriptions, Space, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/util/dates';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { JobDialog, type JobView } from '../jobs/JobDialog';

type Status = MethodOutput<'exchange.status'>;

/**
 * 数据交换 (administrators): the district hub's public key, loaded once from its file, and
 * exports of what is new since the last one, as a signed, encrypted file for a USB stick.
 */
export function ExchangePage() {
  const api = useApi();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<JobView | null>(null);
  const desktop = api.kind === 'ipc';
  const load = useCallback(() => api.call('exchange.status', {}).then(setStatus, (e: unknown) => setError(errorMessage(e))), [api]);
  useEffect(() => void load(), [load]);

  const loadKey = async (file: File) => {
    setError(null);
    try {
      // The file's text, not its path: the page never names a place on disk.
      await api.call('exchange.setHubKey', { pem: await file.text() });
      void message.success('已载入区县数据中心公钥');
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const exportNow = async () => {
    setError(null);
    try {
      const chosen = desktop ? await api.call('files.choose', { purpose: 'bundle-save' }) : null;
      if (desktop && !chosen) return;
      setJob(await api.call('exchange.export', chosen ? { target: chosen.grant } : {}));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Card title="数据交换" style={{ maxWidth: 900 }} data-testid="exchange-page">
      <Typography.Paragraph type="secondary">
        把上次导出之后完成和签名的评估、相关老年人信息、签名报告与审计记录导出为一个文件，交给区县数据中心导入。文件以本机构的密钥签名，并且只有区县数据中心能解密。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="exchange-error" />}
      {status && (
        <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label="区县数据中心公钥">
            <span data-testid="exchange-hub-key">{status.hubKey ? `已载入（SHA-256 ${status.hubKey.sha256.slice(0, 16)}…）` : '未载入'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="上次导出">
            <span data-testid="exchange-last">{status.last ? `第 ${status.last.sequence} 号，${formatDateTime(status.last.exportedAt)}（审计记录至第 ${status.last.toSeq} 条）` : '还没有导出过'}</span>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Space>
        <Upload accept=".pem,.txt" showUploadList={false} beforeUpload={(file) => (void loadKey(file), false)}>
          <Button data-testid="exchange-load-key">{status?.hubKey ? '更换公钥文件…' : '载入公钥文件…'}</Button>
        </Upload>
        <Button type="primary" disabled={!status?.hubKey} onClick={() => void exportNow()} data-testid="exchange-export">
          {desktop ? '导出到…' : '导出交换数据包'}
        </Button>
      </Space>
      <JobDialog job={job} onClose={() => setJob(null)} onDone={() => void load()} />
    </Card>
  );
}
