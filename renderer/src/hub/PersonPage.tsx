import { Alert, Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { base64ToBytes, pdfBlobUrl, saveBytes } from '../app/files';
import { SignatureTable } from '../pages/VerifyPage';
import { levelName } from './PersonsPage';

type Person = MethodOutput<'hub.person'>;
type Report = MethodOutput<'hub.report'>;

/** One person of the district: every station's assessments, newest first; a signed report opens here, checked against its station's certificate. */
export function PersonPage({ id }: { id: string }) {
  const api = useApi();
  const [data, setData] = useState<Person | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<(Report & { url: string }) | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  useEffect(() => {
    api.call('hub.person', { id }).then(setData, (e: unknown) => setError(errorMessage(e)));
  }, [api, id]);
  useEffect(() => () => void (report && URL.revokeObjectURL(report.url)), [report]);

  const open = async (assessmentId: string) => {
    setOpening(assessmentId);
    setError(null);
    try {
      const r = await api.call('hub.report', { assessmentId });
      setReport({ ...r, url: pdfBlobUrl(base64ToBytes(r.pdfBase64)) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setOpening(null);
    }
  };

  if (error && !data) return <Alert type="error" showIcon title={error} />;
  if (!data) return null;
  const p = data.person;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="hub-person">
      <Card title={p.name}>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="性别">{p.sex}</Descriptions.Item>
          <Descriptions.Item label="出生日期">{p.birthDate}</Descriptions.Item>
          <Descriptions.Item label="公民身份号码">{p.idNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="地区">{[p.county, p.township].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
          <Descriptions.Item label="最近等级">{levelName(p.lastLevel)}</Descriptions.Item>
          <Descriptions.Item label="评估站点">{p.stations.join('、') || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      {data.conflicts.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="hub-person-conflicts"
          title="各站点登记的资料不一致，请与站点核对"
          description={data.conflicts.map((c) => `${c.field}：数据中心为“${c.hubValue ?? '—'}”，${c.station}为“${c.stationValue ?? '—'}”`).join('；')}
        />
      )}
      {error && <Alert type="error" showIcon title={error} />}
      <Card title={`评估历史（${data.assessments.length} 次）`} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data.assessments}
          data-testid="hub-person-history"
          columns={[
            { title: '评估日期', dataIndex: 'assessmentDate' },
            { title: '站点', dataIndex: 'station' },
            { title: '评估编号', dataIndex: 'assessmentNo' },
            { title: '评估工具', dataIndex: 'instrument' },
            { title: '原因', dataIndex: 'reason' },
            { title: '总分', dataIndex: 'total' },
            { title: '等级', render: (_: unknown, a) => a.level ?? '—' },
            { title: '类别', render: (_: unknown, a) => a.category ?? '—' },
            { title: '评估员', render: (_: unknown, a) => a.assessors ?? '—' },
            {
              title: '报告',
              render: (_: unknown, a) =>
                a.signed ? (
                  <Button size="small" loading={opening === a.id} onClick={() => void open(a.id)} data-testid={`hub-open-report-${a.assessmentNo}`}>
                    打开并验证
                  </Button>
                ) : (
                  <Tag>未签名</Tag>
                ),
            },
          ]}
        />
      </Card>
      {report && (
        <Card
          title={`签名报告（${report.station}）`}
          data-testid="hub-report"
          extra={<Button onClick={() => saveBytes(base64ToBytes(report.pdfBase64), report.fileName, 'application/pdf')}>保存 PDF</Button>}
        >
          <Alert type={report.ok ? 'success' : 'error'} showIcon title={report.summary} style={{ marginBottom: 12 }} data-testid="hub-report-summary" />
          <SignatureTable signatures={report.signatures} atHub />
          <iframe title="签名报告" src={report.url} style={{ width: '100%', height: 640, border: '1px solid #f0f0f0', marginTop: 12 }} />
        </Card>
      )}
    </Space>
  );
}
