import { Alert, App, Button, Card, Checkbox, Form, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AssessmentRecord, CarePlan, MethodInput } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/util/dates';
import { useApi } from '../api/context';
import { errorMessage, fieldErrors } from '../app/errors';
import { useSession } from '../app/session';

type Change = MethodInput<'assessments.changeCarePlan'>['change'];
type Service = CarePlan['services'][number];

/**
 * 照护需求与服务建议: the services the answers call for, each with how much help and the
 * items behind it. While the report is unsigned, the two assessors may untick a service
 * (with a reason), tick it again, and leave a note; all of it is kept and printed.
 */
export function CarePlanCard({ record, onChange }: { record: AssessmentRecord; onChange?(record: AssessmentRecord): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const { user } = useSession();
  const plan = record.carePlan;
  const [excluding, setExcluding] = useState<Service | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [note, setNote] = useState(plan?.note?.text ?? '');
  const [busy, setBusy] = useState(false);
  if (!plan) return null;
  const editable = record.status === 'finalized' && !!user && (user.userId === record.header.assessor1Id || user.userId === record.header.assessor2Id);

  const change = async (c: Change): Promise<boolean> => {
    setBusy(true);
    try {
      onChange?.(await api.call('assessments.changeCarePlan', { id: record.id, change: c }));
      return true;
    } catch (e) {
      const fields = fieldErrors(e);
      const onReason = fields.find((f) => f.path.endsWith('reason'));
      if (onReason) setReasonError(onReason.message);
      else void message.error(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const confirmExclude = async () => {
    if (!excluding) return;
    if (!reason.trim()) {
      setReasonError('请填写取消该服务的理由');
      return;
    }
    if (await change({ kind: 'exclude', serviceId: excluding.id, reason })) {
      setExcluding(null);
      setReason('');
      void message.success(`已取消“${excluding.name}”`);
    }
  };

  const [, version] = plan.catalogue.split('@');
  return (
    <Card
      size="small"
      data-testid="care-plan"
      title={
        <span>
          照护需求与服务建议 {!plan.verified && <Tag color="orange">待核实</Tag>}
        </span>
      }
      extra={<Typography.Text type="secondary">{`${plan.catalogueTitle}（版本 ${version ?? plan.catalogue}）`}</Typography.Text>}
    >
      {!plan.verified && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="服务目录是本程序按各项得分提出的建议，不是已公布的规定；请评估员结合实际情况确认。" />
      )}
      {plan.services.length === 0 ? (
        <Typography.Text type="secondary">依据各项得分，未发现需要的照护服务。</Typography.Text>
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={plan.services}
          columns={[
            {
              title: '需要',
              width: 64,
              render: (_: unknown, s: Service) => (
                <Checkbox
                  checked={!s.excluded}
                  disabled={!editable || busy}
                  aria-label={`${s.name}：${s.excluded ? '已取消' : '需要'}`}
                  data-testid={`care-service-${s.id}`}
                  onChange={(e) => {
                    if (e.target.checked) void change({ kind: 'include', serviceId: s.id });
                    else {
                      setReasonError(null);
                      setExcluding(s);
                    }
                  }}
                />
              ),
            },
            { title: '服务', width: 200, render: (_: unknown, s: Service) => <span style={s.excluded ? { color: '#888', textDecoration: 'line-through' } : {}}>{s.name}</span> },
            { title: '协助程度', width: 100, dataIndex: 'degree' },
            {
              title: '依据',
              render: (_: unknown, s: Service) => (
                <>
                  {s.reasons.map((r) => (
                    <div key={r}>{r}</div>
                  ))}
                  {s.excluded && (
                    <Typography.Text type="warning" data-testid={`care-excluded-${s.id}`}>
                      取消理由：{s.excluded.text}（{s.excluded.byName ?? '—'}，{formatDateTime(s.excluded.at)}）
                    </Typography.Text>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
      <div style={{ marginTop: 12 }}>
        {editable ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              aria-label="评估员备注"
              placeholder="评估员备注（可选，打印在报告上）"
              value={note}
              maxLength={500}
              autoSize={{ minRows: 1, maxRows: 4 }}
              onChange={(e) => setNote(e.target.value)}
              data-testid="care-note"
            />
            <Button
              loading={busy}
              disabled={note.trim() === (plan.note?.text ?? '')}
              onClick={() => void change({ kind: 'note', text: note }).then((ok) => ok && void message.success('备注已保存'))}
              data-testid="care-note-save"
            >
              保存备注
            </Button>
          </Space.Compact>
        ) : (
          plan.note && (
            <Typography.Paragraph>
              评估员备注：{plan.note.text}（{plan.note.byName ?? '—'}，{formatDateTime(plan.note.at)}）
            </Typography.Paragraph>
          )
        )}
      </div>
      {plan.changes.length > 0 && (
        <details style={{ marginTop: 8 }}>
          <summary>修改记录（{plan.changes.length}）</summary>
          <List
            size="small"
            dataSource={plan.changes}
            renderItem={(c) => (
              <List.Item>
                {formatDateTime(c.at)} {c.byName ?? '—'}：
                {c.kind === 'note'
                  ? c.text
                    ? `备注“${c.text}”`
                    : '清除备注'
                  : `${c.kind === 'exclude' ? '取消' : '恢复'}“${plan.services.find((s) => s.id === c.serviceId)?.name ?? c.serviceId}”${c.text ? `，理由：${c.text}` : ''}`}
              </List.Item>
            )}
          />
        </details>
      )}
      <Modal
        open={excluding !== null}
        title={excluding ? `取消“${excluding.name}”` : ''}
        okText="确认取消该服务"
        cancelText="返回"
        confirmLoading={busy}
        onOk={() => void confirmExclude()}
        onCancel={() => setExcluding(null)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label="理由" required validateStatus={reasonError ? 'error' : ''} help={reasonError ?? '理由会保存、记入审计日志并打印在报告上。'}>
            <Input.TextArea
              aria-label="取消理由"
              value={reason}
              maxLength={500}
              autoFocus
              onChange={(e) => {
                setReason(e.target.value);
                setReasonError(null);
              }}
              data-testid="care-exclude-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
