import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, Radio, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import { capabilityInstrument, getInstrument, INSTRUMENTS } from '../../../shared/instruments';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { useCan } from '../app/permissions';
import { QUANZHOU_COUNTIES } from '../app/places';
import { navigate } from '../app/router';
import { JobDialog, type JobView } from '../jobs/JobDialog';
import { EChart } from './EChart';

type Stats = MethodOutput<'stats.dashboard'>;
type Filter = NonNullable<MethodInput<'stats.dashboard'>['filter']>;
type ExportInput = MethodInput<'exports.start'>;

const REASONS = [
  ['first', '首次评估'],
  ['routine', '常规评估'],
  ['immediate', '即时评估'],
  ['review', '复评'],
  ['other', '其他'],
] as const;

const share = (n: number, total: number) => (total ? `${((n / total) * 100).toFixed(1)}%` : '—');

/** A chart beside the table of its numbers: nothing is only a picture. */
function ChartCard({ title, fileName, testId, option, rows }: { title: string; fileName: string; testId: string; option: Record<string, unknown>; rows: { key: string; label: string; n: number; share?: string }[] }) {
  return (
    <Card size="small" title={title}>
      <Row gutter={12}>
        <Col span={14}>
          <EChart option={option} fileName={fileName} testId={testId} />
        </Col>
        <Col span={10}>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            data-testid={`${testId}-table`}
            columns={[
              { title: '分组', dataIndex: 'label' },
              { title: '人次', dataIndex: 'n', align: 'right' },
              ...(rows.some((r) => r.share) ? [{ title: '占比', dataIndex: 'share', align: 'right' as const }] : []),
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

/**
 * 统计 for managers and admins: the numbers the district asks for, by level, category,
 * district and month, who is due for reassessment, the plan's indicators, and exports
 * of the same selection as Excel or CSV, with or without personal details.
 */
export function DashboardPage() {
  const api = useApi();
  const [filter, setFilter] = useState<Filter>({});
  // The lists a count links to open for the same area.
  const areaParam = [filter.county && `&county=${encodeURIComponent(filter.county)}`, filter.township && `&township=${encodeURIComponent(filter.township)}`].filter(Boolean).join('');
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [assessors, setAssessors] = useState<{ id: string; displayName: string }[]>([]);
  const [job, setJob] = useState<JobView | null>(null);
  const [exportChoice, setExportChoice] = useState<Omit<ExportInput, 'filter'>>({ format: 'xlsx', latest: false, deidentify: false });

  // At the district hub there are no assessors of its own and no 老年人 list of a station.
  const can = useCan();
  const byAssessor = can('users.assessors');
  const lists = can('persons.search');
  useEffect(() => {
    if (byAssessor) api.call('users.assessors', {}).then(setAssessors, () => setAssessors([]));
  }, [api, byAssessor]);

  useEffect(() => {
    let stale = false;
    setError(null);
    api.call('stats.dashboard', { filter }).then(
      (s) => !stale && setStats(s),
      (e: unknown) => !stale && setError(errorMessage(e)),
    );
    return () => {
      stale = true;
    };
  }, [api, filter]);

  const def = getInstrument(stats?.instrument ?? capabilityInstrument().id) ?? capabilityInstrument();
  const charts = useMemo(() => {
    if (!stats) return null;
    const levelRows = Object.entries(stats.byLevel).map(([k, n]) => ({ key: k, label: def.levels.find((l) => String(l.level) === k)?.shortName ?? `${k}级`, n, share: share(n, Object.values(stats.byLevel).reduce((a, b) => a + b, 0)) }));
    const catTotal = Object.values(stats.byCategory).reduce((a, b) => a + b, 0);
    const categoryRows = Object.entries(stats.byCategory).map(([k, n]) => ({ key: k, label: stats.categoryNames[k] ?? `${k}类`, n, share: share(n, catTotal) }));
    const districtRows = Object.entries(stats.byDistrict).map(([k, n]) => ({ key: k, label: k, n, share: share(n, stats.assessments) }));
    const months = Object.keys(stats.byMonth).sort();
    const monthRows = months.map((m) => ({ key: m, label: m, n: REASONS.reduce((t, [r]) => t + stats.byMonth[m]![r], 0) }));
    const bar = (rows: { label: string; n: number }[], horizontal = false) => ({
      tooltip: {},
      grid: { left: horizontal ? 70 : 40, right: 10, top: 10, bottom: 30 },
      [horizontal ? 'yAxis' : 'xAxis']: { type: 'category', data: rows.map((r) => r.label) },
      [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: rows.map((r) => r.n), label: { show: true, position: horizontal ? 'right' : 'top' } }],
    });
    return {
      levelRows,
      categoryRows,
      districtRows,
      monthRows,
      level: bar(levelRows),
      category: { tooltip: {}, series: [{ type: 'pie', radius: '65%', data: categoryRows.map((r) => ({ name: r.label, value: r.n })), label: { formatter: '{b}\n{c}' } }] },
      district: bar(districtRows, true),
      month: {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        grid: { left: 40, right: 10, top: 10, bottom: 50 },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', minInterval: 1 },
        series: REASONS.map(([r, name]) => ({ type: 'bar', stack: 'reason', name, data: months.map((m) => stats.byMonth[m]![r]) })),
      },
    };
  }, [stats, def]);

  const startExport = async (extra: Partial<ExportInput> = {}) => {
    try {
      setJob(await api.call('exports.start', { ...exportChoice, ...extra, filter }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const set = (patch: Partial<Filter>) => setFilter((f) => {
    const next: Filter = { ...f, ...patch };
    for (const k of Object.keys(next) as (keyof Filter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
    return next;
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      <Card title="统计概览" size="small">
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label="评估日期从" htmlFor="stats-from">
            <Input id="stats-from" type="date" value={filter.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} data-testid="stats-from" />
          </Form.Item>
          <Form.Item label="至" htmlFor="stats-to">
            <Input id="stats-to" type="date" value={filter.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} data-testid="stats-to" />
          </Form.Item>
          <Form.Item label="县（市、区）">
            <Select allowClear style={{ width: 130 }} placeholder="全部" value={filter.county} onChange={(v?: string) => set({ county: v })} options={QUANZHOU_COUNTIES.map((c) => ({ value: c, label: c }))} data-testid="stats-county" />
          </Form.Item>
          <Form.Item label="乡镇（街道）" htmlFor="stats-township">
            <Input id="stats-township" style={{ width: 130 }} placeholder="全部" value={filter.township ?? ''} onChange={(e) => set({ township: e.target.value.trim() || undefined })} />
          </Form.Item>
          <Form.Item label="评估工具">
            <Select style={{ width: 260 }} value={filter.instrumentId ?? ''} onChange={(v: string) => set({ instrumentId: v || undefined })} options={[{ value: '', label: '全部（等级按能力评估）' }, ...INSTRUMENTS.map((d) => ({ value: d.id, label: d.title }))]} />
          </Form.Item>
          {byAssessor && (
            <Form.Item label="评估员">
              <Select allowClear style={{ width: 130 }} placeholder="全部" value={filter.assessorId} onChange={(v?: string) => set({ assessorId: v })} options={assessors.map((a) => ({ value: a.id, label: a.displayName }))} />
            </Form.Item>
          )}
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} />}
      {!stats || !charts ? (
        <Spin />
      ) : (
        <>
          <Card size="small">
            <Row gutter={16}>
              <Col span={4}><Statistic title="评估人次" value={stats.assessments} data-testid="stat-assessments" /></Col>
              <Col span={4}><Statistic title="评估人数" value={stats.persons} data-testid="stat-persons" /></Col>
              <Col span={5}>
                <Statistic title="30 天内到期复评" value={stats.due30} data-testid="stat-due30" />
                <Button type="link" size="small" onClick={() => void startExport({ list: 'due' })}>导出复评到期名单</Button>
              </Col>
              <Col span={5}>
                <Statistic title="已逾期未复评" value={stats.overdue} data-testid="stat-overdue" />
                {lists && <Button type="link" size="small" onClick={() => navigate(`/persons?due=1${areaParam}`)}>查看名单</Button>}
              </Col>
              <Col span={5}>
                <Statistic title="从未评估" value={stats.neverAssessed} data-testid="stat-never" />
                {lists && <Button type="link" size="small" onClick={() => navigate(`/persons?never=1${areaParam}`)} data-testid="stat-never-list">查看名单</Button>}
              </Col>
            </Row>
          </Card>
          <Row gutter={16}>
            <Col span={12}><ChartCard title={`按最终等级（${def.title}）`} fileName="按最终等级" testId="chart-level" option={charts.level} rows={charts.levelRows} /></Col>
            <Col span={12}><ChartCard title="按服务对象类别" fileName="按服务对象类别" testId="chart-category" option={charts.category} rows={charts.categoryRows} /></Col>
          </Row>
          <Row gutter={16}>
            <Col span={12}><ChartCard title="按县（市、区）" fileName="按县市区" testId="chart-district" option={charts.district} rows={charts.districtRows} /></Col>
            <Col span={12}><ChartCard title="每月评估人次（按评估原因）" fileName="每月评估人次" testId="chart-month" option={charts.month} rows={charts.monthRows} /></Col>
          </Row>
          <Card size="small" title="规划指标（泉政办〔2022〕57号）" data-testid="plan-indicators">
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="生活不能自理的特困人员">{stats.tekunUnableSelfCare} 人</Descriptions.Item>
              <Descriptions.Item label="其中集中供养（目标 100%）">
                {stats.tekunUnableSelfCareCentralized} 人（{share(stats.tekunUnableSelfCareCentralized, stats.tekunUnableSelfCare)}）
              </Descriptions.Item>
              <Descriptions.Item label="护理补贴享受人数">
                {stats.careSubsidyRecipients} 人 <Button type="link" size="small" onClick={() => void startExport({ list: 'careSubsidy' })}>导出名单</Button>
              </Descriptions.Item>
              <Descriptions.Item label="护理补贴每月合计">{stats.careSubsidyMonthlyTotal.toLocaleString('zh-CN')} 元（每人每月 300 元，待核实）</Descriptions.Item>
              <Descriptions.Item label="养老服务消费补贴申报对象" span={2}>
                {stats.voucherCandidates} 人（12 个月内评估为中度及以上失能，不含特困供养和享受集中照护补助的老年人）
                <Button type="link" size="small" onClick={() => void startExport({ list: 'voucher' })}>导出申报名单</Button>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 12 }}>失能老年人（按县、市、区，GB/T 42195 最近一次评估）</Typography.Title>
            <Table
              size="small"
              pagination={false}
              rowKey="county"
              data-testid="disabled-by-district"
              dataSource={Object.entries(stats.disabledByDistrict).map(([county, v]) => ({ county, ...v }))}
              columns={[
                { title: '县（市、区）', dataIndex: 'county' },
                { title: '轻度及以上（≥1 级）', dataIndex: 'level1', align: 'right' },
                { title: '中度及以上（≥2 级）', dataIndex: 'level2', align: 'right' },
              ]}
            />
          </Card>
          <Card size="small" title="导出（按上方筛选条件）" data-testid="export-card">
            <Space wrap>
              <Radio.Group value={exportChoice.format} onChange={(e) => setExportChoice({ ...exportChoice, format: e.target.value as 'xlsx' | 'csv' })} data-testid="export-format">
                <Radio.Button value="xlsx">Excel（XLSX）</Radio.Button>
                <Radio.Button value="csv">CSV</Radio.Button>
              </Radio.Group>
              <Radio.Group value={exportChoice.latest ? 'latest' : 'all'} onChange={(e) => setExportChoice({ ...exportChoice, latest: e.target.value === 'latest' })}>
                <Radio value="all">每次评估一行</Radio>
                <Radio value="latest">每人最近一次</Radio>
              </Radio.Group>
              <Checkbox checked={exportChoice.deidentify} onChange={(e) => setExportChoice({ ...exportChoice, deidentify: e.target.checked })} data-testid="export-deidentify">
                去除个人信息（脱敏）
              </Checkbox>
              <Button type="primary" onClick={() => void startExport()} data-testid="export-start">
                导出
              </Button>
            </Space>
          </Card>
        </>
      )}
      <JobDialog job={job} onClose={() => setJob(null)} />
    </Space>
  );
}
