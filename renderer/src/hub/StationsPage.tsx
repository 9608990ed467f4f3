import { Alert, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/util/dates';
import { useApi } from '../api/context';
import { errorMessage, fieldErrors } from '../app/errors';
import { bytesToBase64, readFileBytes } from '../app/files';
import { useCan } from '../app/permissions';
import { LabeledItem } from '../components/RhfItem';

type Station = MethodOutput<'hub.stations'>[number];
type Imported = MethodOutput<'hub.import'>;

/** 已导入 东海… 第 2 号数据包：人员 3、评估 4、签名报告 1；资料不一致 0 处 */
function importedText(r: Imported): string {
  if (r.status === 'replay') return `${r.station} 第 ${r.sequence} 号数据包已导入过，未作改动`;
  const c = r.counts;
  const gap = r.gap ? `；缺少第 ${r.gap.from === r.gap.to ? r.gap.from : `${r.gap.from}–${r.gap.to}`} 号数据包，请让该站点补交` : '';
  return `已导入 ${r.station} 第 ${r.sequence} 号数据包：人员 ${c.persons}、评估 ${c.assessments}、签名报告 ${c.reports}；资料不一致 ${c.conflicts} 处${gap}`;
}

/** 登记站点 and 导入数据包, for the district admin: a certificate file once per station, then each bundle file as it comes. */
function StationActions({ onChanged }: { onChanged(text: string): void }) {
  const api = useApi();
  const [enrolling, setEnrolling] = useState<{ certPem: string; file: string; name: string } | null>(null);
  const [importing, setImporting] = useState<{ bundleBase64: string; file: string; keyPassword: string } | null>(null);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setProblem(null);
    try {
      const text = await fn();
      onChanged(text);
      return true;
    } catch (e) {
      const f = fieldErrors(e)[0];
      setProblem({ field: f?.path ?? '', message: f?.message ?? errorMessage(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space>
        <Upload accept=".pem,.crt,.txt" showUploadList={false} beforeUpload={(f) => (void f.text().then((certPem) => (setProblem(null), setEnrolling({ certPem, file: f.name, name: '' }))), false)}>
          <Button data-testid="hub-enroll">登记站点…</Button>
        </Upload>
        <Upload accept=".yyxb" showUploadList={false} beforeUpload={(f) => (void readFileBytes(f).then((b) => (setProblem(null), setImporting({ bundleBase64: bytesToBase64(b), file: f.name, keyPassword: '' }))), false)}>
          <Button type="primary" data-testid="hub-import">导入数据包…</Button>
        </Upload>
      </Space>
      <Modal
        title={`登记站点：${enrolling?.file ?? ''}`}
        open={enrolling !== null}
        okText="登记"
        cancelText="取消"
        confirmLoading={busy}
        onCancel={() => setEnrolling(null)}
        onOk={async () => {
          if (enrolling && (await run(async () => `已登记站点 ${(await api.call('hub.addStation', { certPem: enrolling.certPem, name: enrolling.name })).name}`))) setEnrolling(null);
        }}
      >
        <Form layout="vertical">
          {problem?.field === 'certPem' && <Alert type="error" showIcon title={problem.message} style={{ marginBottom: 12 }} />}
          <LabeledItem label="站点名称" validateStatus={problem && problem.field !== 'certPem' ? 'error' : undefined} help={problem && problem.field !== 'certPem' ? problem.message : undefined}>
            <Input value={enrolling?.name ?? ''} onChange={(e) => enrolling && setEnrolling({ ...enrolling, name: e.target.value })} data-testid="hub-enroll-name" />
          </LabeledItem>
        </Form>
      </Modal>
      <Modal
        title={`导入数据包：${importing?.file ?? ''}`}
        open={importing !== null}
        okText="导入"
        cancelText="取消"
        confirmLoading={busy}
        onCancel={() => setImporting(null)}
        onOk={async () => {
          if (importing && (await run(async () => importedText(await api.call('hub.import', { bundleBase64: importing.bundleBase64, keyPassword: importing.keyPassword }))))) setImporting(null);
        }}
      >
        <Typography.Paragraph type="secondary">先核对签名与序号，再解密导入；同一数据包重复导入不会改动数据。</Typography.Paragraph>
        <Form layout="vertical">
          {problem && problem.field !== 'keyPassword' && <Alert type="error" showIcon title={problem.message} style={{ marginBottom: 12 }} data-testid="hub-import-error" />}
          <LabeledItem label="数据中心密钥的密码（hub init 时设定）" validateStatus={problem?.field === 'keyPassword' ? 'error' : undefined} help={problem?.field === 'keyPassword' ? problem.message : undefined}>
            <Input.Password value={importing?.keyPassword ?? ''} onChange={(e) => importing && setImporting({ ...importing, keyPassword: e.target.value })} data-testid="hub-import-password" />
          </LabeledItem>
        </Form>
      </Modal>
    </>
  );
}

const missingText = (m: Station['missing']) => m.map((r) => (r.from === r.to ? `第 ${r.from} 号` : `第 ${r.from}–${r.to} 号`)).join('、');

/** 站点: every enrolled station, its last bundle, what never arrived, and how many people and assessments it sent. */
export function StationsPage() {
  const api = useApi();
  const can = useCan();
  const [rows, setRows] = useState<Station[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(() => api.call('hub.stations', {}).then(setRows, (e: unknown) => setError(errorMessage(e))), [api]);
  useEffect(() => void load(), [load]);
  return (
    <Card title="站点" data-testid="hub-stations" extra={can('hub.import') && <StationActions onChanged={(text) => (setDone(text), void load())} />}>
      <Typography.Paragraph type="secondary">已登记的站点及其报送的交换数据包。缺号的数据包请让该站点补交（yiyang exchange export）。</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      {done && <Alert type="success" showIcon closable title={done} style={{ marginBottom: 12 }} data-testid="hub-import-result" onClose={() => setDone(null)} />}
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
