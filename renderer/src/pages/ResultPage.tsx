import { Alert, Button, Card, Col, Descriptions, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import type { AssessmentRecord, PersonRecord } from '../../../shared/contract';
import { allItems, type InstrumentDefinition } from '../../../shared/instruments';
import { formatEntitlementAmount, plusMonths } from '../../../shared/policy';
import { ASSESSMENT_REASON_LABELS } from '../../../shared/validation';
import { LEVEL_COLORS, maskIdNumber } from '../app/format';
import { navigate } from '../app/router';
import { useCan } from '../app/permissions';
import { ReportActions } from '../reports/ReportActions';
import { formatDateTime } from '../../../shared/util/dates';

/** A finished assessment: read-only scores, level with its reasons, category and entitlements. */
export function ResultPage({
  def,
  record,
  person,
  intervalMonths,
  onChange,
}: {
  def: InstrumentDefinition;
  record: AssessmentRecord;
  person: PersonRecord;
  intervalMonths: number;
  /** The assessment changed here (signed). */
  onChange?(record: AssessmentRecord): void;
}) {
  const result = record.result;
  const classification = record.classification;
  const can = useCan();
  const canWrite = can('reports.sign');
  const canReassess = can('assessments.createDraft');

  useEffect(() => {
    const w = window as unknown as { __finalizeClickedAt?: number; __resultShownMs?: number };
    if (w.__finalizeClickedAt !== undefined) {
      w.__resultShownMs = performance.now() - w.__finalizeClickedAt;
      w.__finalizeClickedAt = undefined;
    }
  }, []);

  if (!result) return <Alert type="error" showIcon title="此评估没有计分结果" />;
  const levelName = (l: number | null) => (l === null ? '—' : (def.levels.find((x) => x.level === l)?.name ?? String(l)));
  const items = allItems(def);
  const itemRows = items.map((it) => {
    const score = record.answers.scoring.items[it.code];
    return { code: it.code, name: it.name, score: score ?? null, max: it.max, criterion: it.options.find((o) => o.score === score)?.criterion ?? '—' };
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="result-page">
      <Card
        title={
          <span>
            评估结果 · {person.name}
            <Tag color={record.status === 'signed' ? 'green' : 'blue'} style={{ marginLeft: 8 }} data-testid="result-status">
              {record.status === 'signed' ? '已签名' : '已完成（只读）'}
            </Tag>
          </span>
        }
        extra={
          <Space>
            <Button onClick={() => navigate(`/persons/${person.id}`)}>返回档案</Button>
            <ReportActions record={record} canWrite={canWrite} onSigned={(r) => onChange?.(r)} />
            {canReassess && (
              <Button type="primary" onClick={() => navigate(`/persons/${person.id}/assess?supersedes=${record.id}`)} data-testid="reassess">
                新建复评
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="评估编号">{record.assessmentNo}</Descriptions.Item>
          <Descriptions.Item label="评估日期">{record.header.assessmentDate}</Descriptions.Item>
          <Descriptions.Item label="评估原因">{ASSESSMENT_REASON_LABELS[record.header.reason]}</Descriptions.Item>
          <Descriptions.Item label="评估员">{[record.assessor1Name, record.assessor2Name].filter(Boolean).join('、')}</Descriptions.Item>
          <Descriptions.Item label="评估地点">{record.header.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="公民身份号码">{maskIdNumber(person.idNumber)}</Descriptions.Item>
          {record.status === 'signed' && (
            <>
              <Descriptions.Item label="签名时间">{record.signedAt ? formatDateTime(record.signedAt) : '—'}</Descriptions.Item>
              <Descriptions.Item label="报告 SHA-256" span={2}>
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="report-sha256">
                  {record.reportSha256}
                </Typography.Text>
              </Descriptions.Item>
            </>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card title="能力等级" size="small">
            <Table
              size="small"
              pagination={false}
              rowKey="code"
              dataSource={Object.values(result.indicators)}
              columns={[
                { title: '一级指标', render: (_: unknown, r) => `${r.code} ${r.name}` },
                { title: '得分', render: (_: unknown, r) => <span data-testid={`result-${r.code}`}>{r.score ?? '—'}</span> },
                { title: '满分', dataIndex: 'max' },
              ]}
            />
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              <Descriptions.Item label="C.2 总分">
                <strong data-testid="result-total">{result.total ?? '—（昏迷，未全部评分）'}</strong> / {result.maxTotal}
              </Descriptions.Item>
              <Descriptions.Item label="C.3 初步等级">
                <span data-testid="result-preliminary">{levelName(result.preliminaryLevel)}</span>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>C.4 等级变更</Typography.Title>
            {result.adjustments.length === 0 ? (
              <Typography.Paragraph type="secondary">无等级变更情形。</Typography.Paragraph>
            ) : (
              <List
                size="small"
                dataSource={[...result.adjustments]}
                renderItem={(a) => (
                  <List.Item data-testid={`adjustment-${a.id}`}>
                    <List.Item.Meta title={a.title} description={`${a.explanation} ${a.effect.description}`} />
                  </List.Item>
                )}
              />
            )}
            <div style={{ marginTop: 12, fontSize: '1.2em' }}>
              C.5 最终等级：
              <Tag color={LEVEL_COLORS[result.finalLevel]} style={{ fontSize: '1em', padding: '4px 10px' }} data-testid="result-final">
                {result.finalLevelName}
              </Tag>
            </div>
            <Typography.Paragraph style={{ marginTop: 12 }} data-testid="next-reassessment">
              下次常规复评：{plusMonths(record.header.assessmentDate, intervalMonths)}（间隔 {intervalMonths} 个月；身体状况变化时应即时评估）
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col span={12}>
          <Card title="基本养老服务对象类别与待遇" size="small">
            {!classification ? (
              <Alert type="info" showIcon title="未确定服务对象类别" />
            ) : (
              <>
                <div style={{ fontSize: '1.2em', marginBottom: 8 }}>
                  类别：<Tag color="purple" style={{ fontSize: '1em', padding: '4px 10px' }} data-testid="result-category">{classification.categoryName}</Tag>
                </div>
                <Typography.Title level={5}>可享受的待遇</Typography.Title>
                <List
                  size="small"
                  dataSource={classification.entitlements}
                  locale={{ emptyText: '无' }}
                  renderItem={(e) => (
                    <List.Item data-testid={`entitlement-${e.id}`}>
                      {e.name} {formatEntitlementAmount(e)}
                    </List.Item>
                  )}
                />
                <Typography.Title level={5}>依据（规则轨迹）</Typography.Title>
                <List
                  size="small"
                  dataSource={classification.trail}
                  renderItem={(t) => (
                    <List.Item>
                      <List.Item.Meta
                        title={
                          <span>
                            {t.rule} {!t.verified && <Tag color="orange">待核实</Tag>}
                          </span>
                        }
                        description={`${t.reason}（来源：${t.source}）`}
                      />
                    </List.Item>
                  )}
                />
                <Typography.Text type="secondary">
                  政策包 {classification.packId} 版本 {classification.packVersion}
                </Typography.Text>
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Card title="各项目得分（附录 B）" size="small">
        <Table
          size="small"
          pagination={false}
          rowKey="code"
          dataSource={itemRows}
          columns={[
            { title: '编号', dataIndex: 'code', width: 70 },
            { title: '项目', dataIndex: 'name', width: 150 },
            { title: '得分', width: 80, render: (_: unknown, r) => (r.score === null ? '—' : `${r.score}/${r.max}`) },
            { title: '评定标准', dataIndex: 'criterion' },
          ]}
        />
      </Card>
    </Space>
  );
}
