import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { formatBytes } from '../../../shared/util/bytes';
import { formatDateTime } from '../../../shared/util/dates';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { JobDialog, type JobView } from '../jobs/JobDialog';

type Backup = MethodOutput<'backup.list'>[number];

/** Admins: back up now (in the background, with progress and a cancel) and see what is there. */
export function BackupCard() {
  const api = useApi();
  const { message } = App.useApp();
  const [list, setList] = useState<Backup[]>([]);
  const [job, setJob] = useState<JobView | null>(null);
  const load = useCallback(() => api.call('backup.list', {}).then(setList, (e: unknown) => void message.error(errorMessage(e))), [api, message]);
  useEffect(() => void load(), [load]);
  const start = async (elsewhere: boolean) => {
    try {
      // Elsewhere (a USB stick): the desktop app's save dialog chooses the place; the page only holds its token.
      const chosen = elsewhere ? await api.call('files.choose', { purpose: 'backup-save' }) : null;
      if (elsewhere && !chosen) return;
      setJob(await api.call('backup.create', chosen ? { target: chosen.grant } : {}));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card title="数据备份" style={{ maxWidth: 900, marginTop: 16 }} data-testid="backup-card">
      <Typography.Paragraph type="secondary">
        备份文件与数据库一样加密，只有备份时的用户能用自己的密码（或恢复密钥）恢复。每天首次登录后会自动备份一次，保留最近 7 份；手动备份不会被自动删除。
        数据库无法打开时，程序会提供“从备份恢复”；要把备份恢复到另一个目录查看，用命令行：yiyang restore --from 备份文件 --data 新目录。
      </Typography.Paragraph>
      <Space>
        <Button type="primary" onClick={() => void start(false)} data-testid="backup-now">
          立即备份
        </Button>
        {api.kind === 'ipc' && (
          <Button onClick={() => void start(true)} data-testid="backup-elsewhere">
            备份到其他位置…
          </Button>
        )}
      </Space>
      {list.length === 0 ? (
        <Alert type="info" showIcon title="还没有备份" style={{ marginTop: 12 }} />
      ) : (
        <Table<Backup>
          style={{ marginTop: 12 }}
          size="small"
          rowKey="fileName"
          pagination={false}
          dataSource={list}
          columns={[
            { title: '时间', dataIndex: 'createdAt', render: (t: string) => formatDateTime(t) },
            { title: '方式', dataIndex: 'kind', render: (k: Backup['kind']) => <Tag>{k === 'auto' ? '自动' : '手动'}</Tag> },
            { title: '大小', dataIndex: 'bytes', render: (b: number) => formatBytes(b) },
            { title: '文件（数据目录 backups 中）', dataIndex: 'fileName' },
          ]}
        />
      )}
      <JobDialog job={job} onClose={() => setJob(null)} onDone={() => void load()} />
    </Card>
  );
}
