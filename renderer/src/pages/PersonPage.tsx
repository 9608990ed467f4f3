import { Alert, App, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AssessmentRecord, AssessmentSummary, PersonRecord } from '../../../shared/contract';
import { ECONOMIC_LABELS, fullYearsOn, localToday } from '../../../shared/policy';
import { ASSESSMENT_REASON_LABELS, type AssessmentReason } from '../../../shared/validation';
import { useApi } from '../api/context';
import { HistoryChart } from '../components/HistoryChart';
import { errorMessage } from '../app/errors';
import { JobDialog, type JobView } from '../jobs/JobDialog';
import { levelColor, levelShort, maskIdNumber } from '../app/format';
import { capabilityInstrument, getInstrument, INSTRUMENTS } from '../../../shared/instruments';
import { navigate } from '../app/router';
import { useCan } from '../app/permissions';

const STATUS: Record<AssessmentSummary['status'], { label: string; color: string }> = {
  draft: { label: '草稿', color: 'default' },
  finalized: { label: '已完成', color: 'blue' },
  signed: { label: '已签名', color: 'green' },
};

/** One person: identity, circumstances, every assessment and how the scores moved. */
export function PersonPage({ id }: { id: string }) {
  const api = useApi();
  const { modal, message } = App.useApp();
  const [person, setPerson] = useState<PersonRecord | null>(null);
  const [history, setHistory] = useState<AssessmentSummary[]>([]);
  const [draft, setDraft] = useState<AssessmentRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bulk, setBulk] = useState<JobView | null>(null);
  const can = useCan();
  const canWrite = can('persons.update');
  const canAssess = can('assessments.createDraft');

  useEffect(() => {
    Promise.all([
      api.call('persons.get', { id }),
      api.call('assessments.listByPerson', { personId: id }),
      canAssess ? api.call('assessments.draftForPerson', { personId: id }) : Promise.resolve(null),
    ]).then(
      ([p, h, d]) => (setPerson(p), setHistory(h), setDraft(d)),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [api, id, canAssess]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!person) return <Spin />;

  const startNew = () => {
    if (draft) {
      modal.confirm({
        title: '有未完成的评估草稿',
        content: `${draft.header.assessmentDate} 开始的评估尚未完成。继续该草稿，还是放弃它并重新开始？`,
        okText: '继续草稿',
        cancelText: '取消',
        onOk: () => navigate(`/assessments/${draft.id}`),
      });
      return;
    }
    navigate(`/persons/${id}/assess`);
  };

  const signed = history.filter((h) => h.status === 'signed');
  /** 批量保存报告: in the background; one signed report saves as its PDF, several as one ZIP of PDFs. */
  const saveSigned = async () => {
    try {
      setBulk(await api.call('reports.exportBulk', { personId: id }));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const capability = capabilityInstrument();
  // One chart per instrument the person was assessed with, oldest point first.
  const charts = INSTRUMENTS.map((def) => ({
    def,
    points: history
      .filter((h) => h.instrumentId === def.id && h.status !== 'draft' && h.finalLevel !== null)
      .slice()
      .reverse()
      .map((h) => ({ date: h.assessmentDate, total: h.total, level: h.finalLevel! })),
  })).filter((c) => c.points.length > 0);
  const living = [person.livingAlone && '独居', person.emptyNest && '空巢', person.leftBehind && '留守'].filter(Boolean).join('、') || '无';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <span data-testid="person-title">
            {person.name}
            <Typography.Text type="secondary" style={{ marginLeft: 12, fontWeight: 'normal' }}>
              {person.sex} · {fullYearsOn(person.birthDate, localToday())} 岁
            </Typography.Text>
          </span>
        }
        extra={
          <Space>
            <Button onClick={() => navigate('/persons')}>返回列表</Button>
            {canWrite && <Button onClick={() => navigate(`/persons/${id}/edit`)}>修改信息</Button>}
            {canAssess && (
              <Button type="primary" onClick={startNew} data-testid="assessment-start">
                {draft ? '继续未完成的评估' : '开始评估'}
              </Button>
            )}
          </Space>
        }
      >
        {draft && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="draft-offer"
            title={`有一份 ${draft.header.assessmentDate} 开始的评估草稿尚未完成`}
            action={
              <Button size="small" type="primary" onClick={() => navigate(`/assessments/${draft.id}`)} data-testid="draft-resume">
                继续
              </Button>
            }
          />
        )}
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="公民身份号码">{maskIdNumber(person.idNumber)}</Descriptions.Item>
          <Descriptions.Item label="出生日期">{person.birthDate}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{person.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="地址" span={3}>
            {[person.county, person.township, person.village, person.address].filter(Boolean).join(' ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="经济状况">
            {ECONOMIC_LABELS[person.economic]}
            {person.tekunMode ? `（${person.tekunMode === 'centralized' ? '集中供养' : '分散供养'}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="计划生育特殊家庭">{person.familyPlanningSpecial ? '是' : '否'}</Descriptions.Item>
          <Descriptions.Item label="残疾等级">{person.disabilityGrade ? `${person.disabilityGrade}级` : '无'}</Descriptions.Item>
          <Descriptions.Item label="独居/空巢/留守">{living}</Descriptions.Item>
          <Descriptions.Item label="集中照护补助">{person.centralCareAllowance ? '享受' : '未享受'}</Descriptions.Item>
          <Descriptions.Item label="最近等级">
            {person.lastLevel === null ? '尚未评估' : <Tag color={levelColor(capability, person.lastLevel)}>{levelShort(capability, person.lastLevel)}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="下次常规复评">{person.nextReassessmentDate ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title="评估记录"
        extra={
          signed.length > 0 && (
            <Button loading={bulk?.state === 'running'} onClick={() => void saveSigned()} data-testid="bulk-save">
              批量保存报告（{signed.length} 份已签名）
            </Button>
          )
        }
      >
        <Table<AssessmentSummary>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={history}
          locale={{ emptyText: '尚无评估' }}
          onRow={(r) => ({ onClick: () => navigate(`/assessments/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: '评估日期', dataIndex: 'assessmentDate', width: 110 },
            { title: '评估工具', dataIndex: 'instrumentId', render: (id: string) => getInstrument(id)?.title ?? id },
            { title: '评估编号', dataIndex: 'assessmentNo' },
            { title: '评估原因', dataIndex: 'reason', render: (r: string) => ASSESSMENT_REASON_LABELS[r as AssessmentReason] ?? r },
            { title: '评估员', render: (_: unknown, r) => [r.assessor1Name, r.assessor2Name].filter(Boolean).join('、') },
            { title: '总分', dataIndex: 'total', width: 70, render: (t: number | null) => t ?? '—' },
            {
              title: '最终等级',
              dataIndex: 'finalLevel',
              render: (l: number | null, r) => {
                const def = getInstrument(r.instrumentId);
                return l === null ? '—' : def ? <Tag color={levelColor(def, l)}>{levelShort(def, l)}</Tag> : `${l}级`;
              },
            },
            { title: '类别', dataIndex: 'category', width: 70, render: (c: number | null) => (c ? `${'一二三四'[c - 1]}类` : '—') },
            { title: '状态', dataIndex: 'status', width: 80, render: (s: AssessmentSummary['status']) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag> },
          ]}
        />
        {charts.map((c) => (
          <div key={c.def.id} style={{ marginTop: 16 }}>
            {charts.length > 1 && <Typography.Text strong>{c.def.title}</Typography.Text>}
            <HistoryChart def={c.def} points={c.points} />
          </div>
        ))}
      </Card>
      <JobDialog job={bulk} onClose={() => setBulk(null)} />
    </Space>
  );
}
