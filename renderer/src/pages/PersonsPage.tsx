import { queryParam } from '../app/router';
import { Alert, AutoComplete, Button, Card, Checkbox, Input, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput, PersonRow } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { levelColor, levelShort, maskIdNumber } from '../app/format';
import { capabilityInstrument } from '../../../shared/instruments';

const CAPABILITY = capabilityInstrument();
import { QUANZHOU_COUNTIES } from '../app/places';
import { navigate } from '../app/router';
import { useCan } from '../app/permissions';
import { localToday } from '../../../shared/policy';

const PAGE_SIZE = 20;

/** Search and page through the people; searching happens in the store, so 100,000 rows stay fast. */
export function PersonsPage() {
  const api = useApi();
  const [query, setQuery] = useState('');
  // The dashboard links here with ?due=1 (and its district): the list opens so filtered.
  const [county, setCounty] = useState<string | undefined>(() => queryParam(window.location.hash.slice(1), 'county') ?? undefined);
  const [township, setTownship] = useState(() => queryParam(window.location.hash.slice(1), 'township') ?? '');
  // …and with ?never=1 for the persons never assessed.
  const [lastLevel, setLastLevel] = useState<number | null | undefined>(() => (queryParam(window.location.hash.slice(1), 'never') === '1' ? null : undefined));
  const [due, setDue] = useState(() => queryParam(window.location.hash.slice(1), 'due') === '1');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<MethodOutput<'persons.search'>>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    const timer = window.setTimeout(() => {
      setLoading(true);
      api
        .call('persons.search', {
          query: query.trim() || undefined,
          county,
          township: township.trim() || undefined,
          lastLevel,
          reassessmentDue: due || undefined,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        })
        .then(
          (r) => !stale && (setData(r), setError(null)),
          (e: unknown) => !stale && setError(errorMessage(e)),
        )
        .finally(() => !stale && setLoading(false));
    }, 200);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [api, query, county, township, lastLevel, due, page]);

  const canWrite = useCan()('persons.create');
  const today = localToday();

  return (
    <Card
      title="老年人"
      extra={
        canWrite && (
          <Button type="primary" onClick={() => navigate('/persons/new')} data-testid="person-new">
            登记老年人
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder="姓名、拼音首字母或身份号码"
          style={{ width: 280 }}
          value={query}
          onChange={(e) => (setQuery(e.target.value), setPage(1))}
          data-testid="person-search"
        />
        <Select
          allowClear
          placeholder="县（市、区）"
          style={{ width: 150 }}
          data-testid="person-filter-county"
          value={county}
          onChange={(v) => (setCounty(v), setPage(1))}
          options={QUANZHOU_COUNTIES.map((c) => ({ value: c, label: c }))}
        />
        <AutoComplete placeholder="乡镇（街道）" style={{ width: 150 }} value={township} onChange={(v) => (setTownship(v), setPage(1))} />
        <Select
          allowClear
          placeholder="最近等级"
          style={{ width: 170 }}
          data-testid="person-filter-level"
          value={lastLevel === undefined ? undefined : lastLevel === null ? -1 : lastLevel}
          onChange={(v?: number) => (setLastLevel(v === undefined ? undefined : v === -1 ? null : v), setPage(1))}
          options={[{ value: -1, label: '尚未评估' }, ...CAPABILITY.levels.map((l) => ({ value: l.level, label: levelShort(CAPABILITY, l.level) }))]}
        />
        <Checkbox checked={due} onChange={(e) => (setDue(e.target.checked), setPage(1))}>
          到期需复评
        </Checkbox>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<PersonRow>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.rows}
        onRow={(r) => ({ onClick: () => navigate(`/persons/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, onChange: setPage, showTotal: (t) => `共 ${t} 人` }}
        columns={[
          { title: '姓名', dataIndex: 'name', render: (n: string) => <a data-testid="person-row-name">{n}</a> },
          { title: '性别', dataIndex: 'sex', width: 60 },
          { title: '出生日期', dataIndex: 'birthDate', width: 110 },
          { title: '公民身份号码', dataIndex: 'idNumber', render: (v: string | null) => maskIdNumber(v) },
          { title: '县（市、区）/乡镇（街道）', render: (_: unknown, r) => [r.county, r.township].filter(Boolean).join(' / ') || '—' },
          {
            title: '最近评估',
            render: (_: unknown, r) =>
              r.lastLevel === null ? <Tag>尚未评估</Tag> : <Tag color={levelColor(CAPABILITY, r.lastLevel)}>{levelShort(CAPABILITY, r.lastLevel)}</Tag>,
          },
          { title: '评估日期', dataIndex: 'lastAssessmentDate', width: 110, render: (v: string | null) => v ?? '—' },
          {
            title: '下次复评',
            dataIndex: 'nextReassessmentDate',
            width: 110,
            render: (v: string | null) => (v ? v <= today ? <Tag color="red">{v} 已到期</Tag> : v : '—'),
          },
        ]}
      />
    </Card>
  );
}
