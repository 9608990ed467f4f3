import { Alert, Button, Card, Table } from 'antd';
import { useEffect, useState } from 'react';
import type { AuditRow, MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';

/** Admins only: who did what, and whether the hash chain still holds. */
export function AuditPage() {
  const api = useApi();
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [check, setCheck] = useState<MethodOutput<'audit.verify'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('audit.list', { limit: 200 }).then(setRows, (e: unknown) => setError(errorMessage(e)));
  }, [api]);
  return (
    <Card title="审计日志" extra={<Button onClick={() => api.call('audit.verify', {}).then(setCheck, (e: unknown) => setError(errorMessage(e)))}>校验哈希链</Button>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {check && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={check.ok ? 'success' : 'error'}
          title={check.ok ? `审计日志完整：共 ${check.rows} 条，哈希链校验通过` : `审计日志在第 ${check.brokenAt} 条处断裂：${check.reason ?? ''}`}
        />
      )}
      <Table<AuditRow>
        rowKey="seq"
        size="small"
        dataSource={rows}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 70 },
          { title: '时间', dataIndex: 'at', width: 200 },
          { title: '操作人', dataIndex: 'actorName' },
          { title: '操作', dataIndex: 'action' },
          { title: '对象', render: (_: unknown, r) => [r.entity, r.entityId].filter(Boolean).join(' ') },
          { title: '详情', render: (_: unknown, r) => (r.detail ? JSON.stringify(r.detail) : '') },
        ]}
      />
    </Card>
  );
}
