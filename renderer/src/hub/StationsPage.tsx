import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/util/dates';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';

type Station = MethodOutput<'hub.stations'>[number];

const missingText = (m: Station['missing']) => m.map((r) => (r.from === r.to ? `第 ${r.from} 号` : `第 ${r.from}–${r.to} 号`)).join('、');

/** 站点: every enrolled station, its last bundle, what never arrived, and how many people and assessments it sent. */
export function StationsPage() {
  const api = useApi();
  const [rows, setRows] = useState<Station[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('hub.stations', {}).then(setRows, (e: unknown) => setError(errorMessage(e)));
  }, [api]);
  return (
    <Card title="站点" data-testid="hub-stations">
      <Typography.Paragraph type="secondary">已登记的站点及其报送的交换数据包。缺号的数据包请让该站点补交（yiyang exchange export）。</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<Station>
        rowKey="certSha256"
        size="small"
        loading={!rows && !error}
        dataSource={rows ?? []}
        pagination={false}
        locale={{ emptyText: '还没有登记站点（yiyang hub station add）' }}
        onRow={(s) => ({ 'data-testid': `station-${s.name}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '站点', dataIndex: 'name' },
          { title: '最近数据包', render: (_: unknown, s) => (s.lastSequence ? `第 ${s.lastSequence} 号` : '尚未报送') },
          { title: '导入时间', render: (_: unknown, s) => (s.lastBundleAt ? formatDateTime(s.lastBundleAt) : '—') },
          { title: '数据包', dataIndex: 'bundles', align: 'right' },
          {
            title: '缺号',
            render: (_: unknown, s) => (s.missing.length ? <Tag color="orange">{missingText(s.missing)}</Tag> : <Tag color="green">无</Tag>),
          },
          { title: '人数', dataIndex: 'persons', align: 'right' },
          { title: '评估人次', dataIndex: 'assessments', align: 'right' },
          { title: '登记时间', render: (_: unknown, s) => formatDateTime(s.enrolledAt) },
        ]}
      />
    </Card>
  );
}
