import { Alert, Card, Form, Input, Select, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { capabilityInstrument } from '../../../shared/instruments';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { QUANZHOU_COUNTIES } from '../app/places';
import { navigate } from '../app/router';

type Found = MethodOutput<'hub.persons'>;
type Row = Found['rows'][number];
const PAGE = 20;

export const levelName = (level: number | null) => (level === null ? '—' : (capabilityInstrument().levels.find((l) => l.level === level)?.shortName ?? `${level}级`));

/** 人员: the district's persons, one row each however many stations assessed them. */
export function PersonsPage() {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [county, setCounty] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    setError(null);
    api
      .call('hub.persons', { ...(query ? { query } : {}), ...(county ? { county } : {}), limit: PAGE, offset: (page - 1) * PAGE })
      .then((f) => !stale && setFound(f), (e: unknown) => !stale && setError(errorMessage(e)));
    return () => {
      stale = true;
    };
  }, [api, query, county, page]);
  return (
    <Card title="人员" data-testid="hub-persons">
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="查找">
          <Input.Search allowClear placeholder="姓名或身份号码前几位" style={{ width: 260 }} onSearch={(v) => (setQuery(v.trim()), setPage(1))} data-testid="hub-person-search" />
        </Form.Item>
        <Form.Item label="县（市、区）">
          <Select allowClear style={{ width: 130 }} placeholder="全部" value={county} onChange={(v?: string) => (setCounty(v), setPage(1))} options={QUANZHOU_COUNTIES.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={!found && !error}
        dataSource={found?.rows ?? []}
        pagination={{ current: page, pageSize: PAGE, total: found?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 人` }}
        onRow={(r) => ({ onClick: () => navigate(`/hub/persons/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': `hub-person-${r.name}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '性别', dataIndex: 'sex', width: 60 },
          { title: '出生日期', dataIndex: 'birthDate' },
          { title: '公民身份号码', dataIndex: 'idNumber' },
          { title: '地区', render: (_: unknown, r) => [r.county, r.township].filter(Boolean).join(' ') || '—' },
          { title: '最近等级', render: (_: unknown, r) => levelName(r.lastLevel) },
          { title: '最近评估', render: (_: unknown, r) => r.lastAssessmentDate ?? '—' },
          { title: '评估站点', render: (_: unknown, r) => r.stations.map((s) => <Tag key={s}>{s}</Tag>) },
          { title: '', render: (_: unknown, r) => (r.conflicts ? <Tag color="orange">资料不一致</Tag> : null) },
        ]}
      />
    </Card>
  );
}
