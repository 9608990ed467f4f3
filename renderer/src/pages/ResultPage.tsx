import { Alert, Button, Card, Col, Descriptions, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import type { AssessmentRecord, PersonRecord } from '../../../shared/contract';
import { allItems, headerInWords, levelName, type InstrumentDefinition } from '../../../shared/instruments';
import { formatEntitlementAmount, reassessmentDueDate } from '../../../shared/policy';
import { ASSESSMENT_REASON_LABELS } from '../../../shared/validation';
import { formatDateTime } from '../../../shared/util/dates';
import { levelColor, maskIdNumber } from '../app/format';
import { useCan } from '../app/permissions';
import { navigate } from '../app/router';
import { ReportActions } from '../reports/ReportActions';
import { CarePlanCard } from './CarePlanCard';

/**
 * A finished assessment, driven by its instrument's definition: the outcome first (level
 * and category, so nothing that matters sits below the fold), then the scores with the
 * reasons for any level change, the entitlements with the rules behind them, the items.
 */
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
  /** The assessment changed here (signed, or its care plan changed). */
  onChange?(record: AssessmentRecord): void;
}) {
  const can = useCan();
  const canSign = can('reports.sign');
  const canReassess = can('assessments.createDraft');
  const result = record.result;
  const classification = record.classification;
  const labels = def.report.labels;

  useEffect(() => {
    const w = window as unknown as { __finalizeClickedAt?: number; __resultShownMs?: number };
    if (w.__finalizeClickedAt !== undefined) {
      w.__resultShownMs = performance.now() - w.__finalizeClickedAt;
      w.__finalizeClickedAt = undefined;
    }
  }, []);

  if (!result) return <Alert type="error" showIcon title="此评估没有计分结果" />;
  const items = allItems(def);
  const itemRows = items.map((it) => {
    const score = record.answers.scoring.items[it.code];
    return { code: it.code, name: it.name, score: score ?? null, max: it.max, criterion: it.options.find((o) => o.score === score)?.criterion ?? '—' };
  });
  const grades = result.grades ?? {};
  const src = { header: record.header, answers: record.answers, person };
  const reason = headerInWords(def, src, 'reason') ?? ASSESSMENT_REASON_LABELS[record.header.reason];
  const unverified = def.leveling.provenance?.verified === false;
  const matrixRow = def.leveling.kind === 'indicatorMatrix' ? def.leveling.row : null;
  // Reassessing belongs to a report already signed; before that the next step is signing.
  const reassessIsNext = record.status === 'signed';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="result-page">
      <Card
        title={
          <span>
            评估结果 · {person.name} · {def.title}
            <Tag color={record.status === 'signed' ? 'green' : 'blue'} style={{ marginLeft: 8 }} data-testid="result-status">
              {record.status === 'signed' ? '已签名' : '已完成（只读）'}
            </Tag>
          </span>
        }
        extra={
          <Space>
            <Button onClick={() => navigate(`/persons/${person.id}`)}>返回档案</Button>
            <ReportActions record={record} canWrite={canSign} onSigned={(r) => onChange?.(r)} />
            {canReassess && (
              <Button type={reassessIsNext ? 'primary' : 'default'} onClick={() => navigate(`/persons/${person.id}/assess?supersedes=${record.id}`)} data-testid="reassess">
                新建复评
              </Button>
            )}
          </Space>
        }
      >
        <div style={{ display: 'flex', gap: 32, flexWrap: 'wrap', alignItems: 'center', fontSize: '1.15em', marginBottom: 12 }} data-testid="result-outcome">
          <span>
            {labels.final}：
            <Tag color={levelColor(def, result.finalLevel)} style={{ fontSize: '1em', padding: '4px 10px' }} data-testid="result-final">
              {result.finalLevelName}
            </Tag>
            {unverified && <Tag color="orange">待核实</Tag>}
          </span>
          {classification && (
            <span>
              服务对象类别：
              <Tag color="purple" style={{ fontSize: '1em', padding: '4px 10px' }} data-testid="result-category">
                {classification.categoryName}
              </Tag>
            </span>
          )}
          <span data-testid="next-reassessment" style={{ fontSize: '0.9em' }}>
            下次常规复评：{reassessmentDueDate(record.header.assessmentDate, intervalMonths)}（间隔 {intervalMonths} 个月；身体状况变化时应即时评估）
          </span>
        </div>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="评估编号">{record.assessmentNo}</Descriptions.Item>
          <Descriptions.Item label="评估日期">{record.header.assessmentDate}</Descriptions.Item>
          <Descriptions.Item label="评估原因">{reason}</Descriptions.Item>
          <Descriptions.Item label="评估员">{[record.assessor1Name, record.assessor2Name].filter(Boolean).join('、')}</Descriptions.Item>
          <Descriptions.Item label="评估地点">{record.header.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="公民身份号码">{maskIdNumber(person.idNumber)}</Descriptions.Item>
          {record.status === 'signed' && (
            <>
              <Descriptions.Item label="签名时间">
                <span data-testid="signed-at">{record.signedAt ? formatDateTime(record.signedAt) : '—'}</span>
              </Descriptions.Item>
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
          <Card title="评估结果" size="small">
            <Table
              size="small"
              pagination={false}
              rowKey="code"
              dataSource={Object.values(result.indicators)}
              columns={[
                { title: '指标', render: (_: unknown, r) => `${r.code} ${r.name}` },
                { title: '得分', render: (_: unknown, r) => <span data-testid={`result-${r.code}`}>{r.score ?? '—'}</span> },
                { title: '满分', dataIndex: 'max' },
                ...(Object.keys(grades).length
                  ? [{ title: '分级', render: (_: unknown, r: { code: string }) => (grades[r.code] ? `${grades[r.code]!.grade}级 ${grades[r.code]!.name}` : '—') }]
                  : []),
              ]}
            />
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              {def.maxTotal !== null && (
                <Descriptions.Item label={labels.total ?? '总分'}>
                  <strong data-testid="result-total">{result.total ?? '—（未全部评分）'}</strong> / {result.maxTotal}
                </Descriptions.Item>
              )}
              {result.matrixCell && matrixRow && (
                <Descriptions.Item label={labels.matrix ?? '等级判定'}>
                  <span data-testid="result-matrix">
                    {def.indicators.find((i) => i.code === matrixRow)?.name} {result.matrixCell.row} 级 × 其余指标中较重者 {result.matrixCell.column} 级
                  </span>
                  {unverified && <Tag color="orange" style={{ marginLeft: 8 }}>待核实</Tag>}
                </Descriptions.Item>
              )}
              {def.adjustments.length > 0 && (
                <Descriptions.Item label={labels.preliminary ?? '初步等级'}>
                  <span data-testid="result-preliminary">{levelName(def, result.preliminaryLevel)}</span>
                </Descriptions.Item>
              )}
            </Descriptions>
            {def.adjustments.length > 0 && (
              <>
                <Typography.Title level={5}>{labels.adjustments ?? '等级变更'}</Typography.Title>
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
              </>
            )}
          </Card>
        </Col>
        <Col span={12}>
          <Card title="基本养老服务对象类别与待遇" size="small">
            {!classification ? (
              <Alert type="info" showIcon title="此评估工具不确定服务对象类别" />
            ) : (
              <>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  可享受的待遇
                </Typography.Title>
                <List
                  size="small"
                  dataSource={classification.entitlements}
                  locale={{ emptyText: '无' }}
                  renderItem={(e) => (
                    <List.Item data-testid={`entitlement-${e.id}`}>
                      {e.name}
                      {e.tier ? `：${e.tier}` : ''} {formatEntitlementAmount(e)}
                    </List.Item>
                  )}
                />
                <Typography.Title level={5}>依据</Typography.Title>
                <List
                  size="small"
                  dataSource={classification.trail}
                  renderItem={(t) => (
                    <List.Item>
                      <List.Item.Meta
                        title={
                          <span>
                            {t.title ?? '规定'} {!t.verified && <Tag color="orange">待核实</Tag>}
                          </span>
                        }
                        description={`${t.reason}（来源：${t.source}）`}
                      />
                    </List.Item>
                  )}
                />
                <Typography.Text type="secondary" data-testid="result-pack">
                  政策包：{classification.packTitle ?? classification.packId}（版本 {classification.packVersion}）
                </Typography.Text>
              </>
            )}
          </Card>
        </Col>
      </Row>
      <CarePlanCard record={record} onChange={onChange} />
      <Card title={def.report.itemsHeading} size="small">
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
