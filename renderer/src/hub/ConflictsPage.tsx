import { Alert, Button, Card, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/util/dates';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { navigate } from '../app/router';

type Conflict = MethodOutput<'hub.conflicts'>[number];

/** 资料不一致: one ID number, different facts at two places; the hub keeps both and a person decides. */
export function ConflictsPage() {
  const api = useApi();
  const [rows, setRows] = useState<Conflict[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('hub.conflicts', {}).then(setRows, (e: unknown) => setError(errorMessage(e)));
  }, [api]);
  return (
    <Card title="资料不一致" data-testid="hub-conflicts">
      <Typography.Paragraph type="secondary">同一公民身份号码在不同站点登记的姓名、性别或出生日期不同。数据中心不会自动覆盖，请与站点核对后在站点更正。</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<Conflict>
        rowKey={(c) => `${c.personId}-${c.field}-${c.station}-${c.stationValue}`}
        size="small"
        loading={!rows && !error}
        dataSource={rows ?? []}
        locale={{ emptyText: '没有资料不一致的人员' }}
        columns={[
          { title: '公民身份号码', dataIndex: 'idNumber' },
          { title: '项目', dataIndex: 'field' },
          { title: '数据中心记录', dataIndex: 'hubValue' },
          { title: '站点', dataIndex: 'station' },
          { title: '站点记录', dataIndex: 'stationValue' },
          { title: '发现时间', render: (_: unknown, c) => formatDateTime(c.notedAt) },
          { title: '', render: (_: unknown, c) => <Button type="link" size="small" onClick={() => navigate(`/hub/persons/${c.personId}`)}>查看</Button> },
        ]}
      />
    </Card>
  );
}
